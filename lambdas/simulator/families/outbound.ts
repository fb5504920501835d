/**
 * Outbound family (`outbound:*`): contact list and DNC list definitions, callable time sets, call analysis
 * response sets, rule sets, campaigns, campaign sequences, and the org-wide outbound settings and wrap-up
 * code mappings. Contact lists hold a few contacts, served only by the contact endpoints (one contact, a
 * list's export URI) so that a request for customer data shows in the request log; DNC lists' numbers
 * are reachable only through their export URI. Every fixture draws from a stream of its own.
 *
 * Listings page by number with the SDK's documented maximum of 100 (OutboundApi.js, "The max that will be
 * returned is 100"); `includeImportStatus`/`includeSize` add a list's import status and size.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { notFound } from '../errors.ts';
import { bool } from '../listing.ts';
import type { SimOrg } from '../model.ts';
import type { Random } from '../random.ts';
import type { ListSpec, Route } from '../route.ts';
import type { Family, FixtureContext } from './family.ts';
import { flowOfType, range, suffix, ts } from './fixtures.ts';

/** `{id, name, selfUri}` as the outbound API embeds its references. */
function entityRef(e: { id?: string; name?: string }, base: string): Models.DomainEntityRef {
  return { id: e.id, name: e.name, selfUri: `${base}/${e.id}` };
}

const divisionOf = (r: Random, org: SimOrg) =>
  entityRef(r.pick(org.divisions), '/api/v2/authorization/divisions');

const LIST_PURPOSES = ['Collections', 'Renewals', 'Customer Survey', 'Appointment Reminders', 'Win-back'];

/** Column names of a contact list: who to call, on which numbers, and what the agent sees. */
const COLUMNS = ['FirstName', 'LastName', 'HomePhone', 'CellPhone', 'AccountNumber', 'Balance', 'ZipCode'];

export function contactLists({ counts, org, stream }: FixtureContext): void {
  const r = stream('outbound:contactlist');
  org.contactLists = range(counts.contactLists).map((i): Models.ContactList => {
    const purpose = LIST_PURPOSES[i % LIST_PURPOSES.length] as string;
    const cell = r.chance(0.6);
    const total = 50 + r.int(5_000);
    return {
      id: r.uuid(),
      name: `${purpose} List${suffix(i, LIST_PURPOSES.length)}`,
      dateCreated: ts(400 + r.int(300)),
      dateModified: ts(r.int(100)),
      version: 1 + r.int(9),
      division: divisionOf(r, org),
      columnNames: cell ? COLUMNS : COLUMNS.filter((c) => c !== 'CellPhone'),
      phoneColumns: [
        { columnName: 'HomePhone', type: 'home' },
        ...(cell ? [{ columnName: 'CellPhone', type: 'cell' }] : []),
      ],
      previewModeColumnName: r.chance(0.3) ? 'AccountNumber' : undefined,
      previewModeAcceptedValues: [],
      automaticTimeZoneMapping: r.chance(0.5),
      zipCodeColumnName: 'ZipCode',
      columnDataTypeSpecifications: [
        { columnName: 'Balance', columnDataType: 'NUMERIC', min: 0, max: 100_000 },
      ],
      trimWhitespace: true,
      // Runtime state the API adds only when asked (`includeImportStatus`, `includeSize`).
      importStatus: {
        state: 'IN_PROGRESS',
        totalRecords: total,
        completedRecords: total,
        percentComplete: 100,
      },
      size: total,
    };
  });
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken'];
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Haddad', 'Novak', 'Silva', 'Brennan'];

/** Customer data: names and numbers the snapshot must never hold. */
export function contacts({ counts, org, stream }: FixtureContext): void {
  const r = stream('outbound:contact');
  for (const list of org.contactLists) {
    const people = range(counts.contactsPerList).map((): Models.DialerContact => {
      const data: Record<string, string> = {
        FirstName: r.pick(FIRST),
        LastName: r.pick(LAST),
        HomePhone: `+1317555${String(1000 + r.int(9000))}`,
        AccountNumber: `AC-${r.hex(10).toUpperCase()}`,
        Balance: String(r.int(10_000)),
        ZipCode: String(10_000 + r.int(89_999)),
      };
      if (list.columnNames.includes('CellPhone')) data.CellPhone = `+1463555${String(1000 + r.int(9000))}`;
      return { id: r.uuid(), contactListId: list.id as string, data, callable: r.chance(0.9) };
    });
    org.contacts.set(list.id as string, people);
  }
}

const DNC_SOURCES: ReadonlyArray<{ name: string; dncSourceType: string }> = [
  { name: 'Internal Do Not Call', dncSourceType: 'rds' },
  { name: 'Gryphon Compliance', dncSourceType: 'gryphon' },
  { name: 'National DNC (dnc.com)', dncSourceType: 'dnc.com' },
  { name: 'Customer Opt-outs', dncSourceType: 'rds_custom' },
];

export function dncLists({ counts, org, stream, plant }: FixtureContext): void {
  const r = stream('outbound:dnclist');
  org.dncLists = range(counts.dncLists).map((i): Models.DncList => {
    const s = DNC_SOURCES[i % DNC_SOURCES.length] as (typeof DNC_SOURCES)[number];
    const size = s.dncSourceType.startsWith('rds') ? 10 + r.int(20_000) : 0;
    return {
      id: r.uuid(),
      name: `${s.name}${suffix(i, DNC_SOURCES.length)}`,
      dateCreated: ts(400 + r.int(300)),
      dateModified: ts(r.int(100)),
      version: 1 + r.int(5),
      dncSourceType: s.dncSourceType,
      contactMethod: 'Phone',
      ...(s.dncSourceType === 'dnc.com'
        ? {
            loginId: plant(`dnclogin-${r.hex(16)}`),
            campaignId: `DNCCOM-${r.hex(6)}`,
            dncCodes: ['B', 'C', 'W'],
          }
        : {}),
      ...(s.dncSourceType === 'gryphon' ? { licenseId: plant(`gryphon-${r.hex(20)}`) } : {}),
      ...(s.dncSourceType === 'rds_custom' ? { customExclusionColumn: 'AccountNumber' } : {}),
      division: divisionOf(r, org),
      importStatus: {
        state: 'IN_PROGRESS',
        totalRecords: size,
        completedRecords: size,
        percentComplete: 100,
      },
      size,
    };
  });
}

const TIME_ZONES = ['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London'];

export function callableTimeSets({ counts, org, stream }: FixtureContext): void {
  const r = stream('outbound:callabletimeset');
  org.callableTimeSets = range(counts.callableTimeSets).map((i): Models.CallableTimeSet => {
    const zones = r.sample(TIME_ZONES, 1 + r.int(2));
    const start = 8 + r.int(2);
    return {
      id: r.uuid(),
      name: `${i % 2 ? 'Weekend' : 'Business'} Hours${suffix(i, 1)}`,
      dateCreated: ts(400 + r.int(300)),
      dateModified: ts(r.int(100)),
      version: 1 + r.int(5),
      callableTimes: zones.map((timeZoneId) => ({
        timeZoneId,
        timeSlots: (i % 2 ? [6, 7] : [1, 2, 3, 4, 5]).map((day) => ({
          day,
          startTime: `0${start}:00:00`,
          stopTime: `${19 + r.int(2)}:00:00`,
        })),
      })),
    };
  });
}

/** Call analysis results as the API keys `responses` (Terraform's exporter lists the same ten). */
const RESULTS = [
  'callable.lineconnected',
  'callable.person',
  'callable.busy',
  'callable.noanswer',
  'callable.fax',
  'callable.disconnect',
  'callable.machine',
  'callable.sit',
  'uncallable.sit',
  'uncallable.notfound',
].map((k) => `disposition.classification.${k}`);

export function callAnalysisResponseSets({ counts, org, stream }: FixtureContext): void {
  const r = stream('outbound:callanalysisresponseset');
  const outboundFlows = org.flows.filter((f) => f.type === 'OUTBOUNDCALL' && !f.system);
  org.callAnalysisResponseSets = range(counts.callAnalysisResponseSets).map((i): Models.ResponseSet => {
    const responses: Record<string, Models.Reaction> = {};
    for (const key of RESULTS) {
      if (key.endsWith('.person') || key.endsWith('.lineconnected')) {
        // The first set hands live answers to an outbound flow; the others to the campaign's queue.
        const flow = i === 0 ? (flowOfType(org, 'OUTBOUNDCALL') ?? outboundFlows[0]) : undefined;
        responses[key] = flow
          ? { reactionType: 'transfer_flow', data: flow.id, name: flow.name }
          : { reactionType: 'transfer' };
      } else if (key.endsWith('.machine') && r.chance(0.5)) {
        responses[key] = {
          reactionType: 'play_file',
          data: 'voicemail-message.wav',
          name: 'Voicemail message',
        };
      } else responses[key] = { reactionType: 'hangup' };
    }
    return {
      id: r.uuid(),
      name: `${i === 0 ? 'Flow Transfer' : 'Agent Transfer'} Responses${suffix(i, 1)}`,
      dateCreated: ts(400 + r.int(300)),
      dateModified: ts(r.int(100)),
      version: 1 + r.int(5),
      responses,
      beepDetectionEnabled: r.chance(0.5),
      amdSpeechDistinguishEnabled: r.chance(0.5),
      liveSpeakerDetectionMode: r.pick(['Disabled', 'Low', 'Medium', 'High']),
    };
  });
}

export function ruleSets({ counts, org, stream }: FixtureContext): void {
  const r = stream('outbound:ruleset');
  org.ruleSets = range(counts.ruleSets).map((i): Models.RuleSet => {
    const list = org.contactLists.length ? r.pick(org.contactLists) : undefined;
    const codes = r.sample(org.wrapupCodes, Math.min(org.wrapupCodes.length, 2));
    const action = org.dataActions.length ? r.pick(org.dataActions) : undefined;
    const skills = r.sample(org.skills, Math.min(org.skills.length, 2));
    const rules: Models.DialerRule[] = [
      {
        name: 'Do not redial refusals',
        order: 0,
        category: 'DIALER_WRAPUP',
        conditions: [{ type: 'wrapupCondition', inverted: false, codes: codes.map((c) => c.id as string) }],
        actions: [{ type: 'Action', actionTypeName: 'CONTACT_UNCALLABLE', properties: {} }],
      },
      {
        name: 'Voicemail reached',
        order: 1,
        category: 'DIALER_WRAPUP',
        conditions: [
          {
            type: 'callAnalysisCondition',
            inverted: false,
            codes: ['disposition.classification.callable.machine'],
          },
        ],
        actions: [
          {
            type: 'Action',
            actionTypeName: 'SET_SKILLS',
            properties: { skills: JSON.stringify(skills.map((s) => s.id)) },
          },
        ],
      },
    ];
    if (action && i % 2 === 0)
      rules.push({
        name: 'Check the CRM before dialing',
        order: 2,
        category: 'DIALER_PRECALL',
        conditions: [
          {
            type: 'dataActionCondition',
            inverted: false,
            dataAction: entityRef(action, '/api/v2/integrations/actions'),
            dataNotFoundResolution: false,
            contactIdField: 'contactId',
            predicates: [
              {
                outputField: 'doNotCall',
                outputOperator: 'EQUALS',
                comparisonValue: 'true',
                inverted: false,
                outputFieldMissingResolution: false,
              },
            ],
          },
        ],
        actions: [{ type: 'Action', actionTypeName: 'DO_NOT_DIAL', properties: {} }],
      });
    return {
      id: r.uuid(),
      name: `${list ? list.name : 'Shared'} Rules${suffix(i, 1)}`,
      dateCreated: ts(400 + r.int(300)),
      dateModified: ts(r.int(100)),
      version: 1 + r.int(5),
      ...(list ? { contactList: entityRef(list, '/api/v2/outbound/contactlists') } : {}),
      ...(org.queues.length && r.chance(0.5)
        ? { queue: entityRef(r.pick(org.queues), '/api/v2/routing/queues') }
        : {}),
      rules,
    };
  });
}

const DIALING_MODES = ['preview', 'power', 'predictive', 'progressive', 'agentless'];

/** A campaign's script, chosen without drawing from the stream (scripts came after campaigns were written). */
function scriptFor(org: SimOrg, i: number): Models.Script | undefined {
  const builtIn = org.scripts.find((s) => s.name === 'Default Outbound Script');
  const custom = org.scripts.filter((s) => !/^Default .* Script$/.test(String(s.name)));
  return i === 0 ? builtIn : custom[i % Math.max(1, custom.length)];
}

export function campaigns({ counts, org, stream }: FixtureContext): void {
  const r = stream('outbound:campaign');
  const lists = org.contactLists;
  if (!lists.length) return;
  org.campaigns = range(counts.campaigns).map((i): Models.Campaign => {
    const list = lists[i % lists.length] as Models.ContactList;
    const mode = DIALING_MODES[i % DIALING_MODES.length] as string;
    const agentless = mode === 'agentless';
    // The first campaign uses every kind of building block; the others some.
    const first = i === 0 ? 1 : 0;
    const dnc = r.sample(org.dncLists, Math.min(org.dncLists.length, first + r.int(3)));
    const rules = r.sample(org.ruleSets, Math.min(org.ruleSets.length, first + r.int(2)));
    const callable =
      org.callableTimeSets.length && (r.chance(0.7) || first) ? r.pick(org.callableTimeSets) : undefined;
    const responses = org.callAnalysisResponseSets;
    return {
      id: r.uuid(),
      name: `${list.name?.replace(/ List/, '')} Campaign${suffix(i, lists.length)}`,
      dateCreated: ts(300 + r.int(300)),
      dateModified: ts(r.int(100)),
      version: 1 + r.int(20),
      contactList: entityRef(list, '/api/v2/outbound/contactlists'),
      ...(agentless || !org.queues.length
        ? {}
        : { queue: entityRef(r.pick(org.queues), '/api/v2/routing/queues') }),
      // Agent campaigns show a script: the first the built-in Default Outbound Script, the others a custom one.
      ...(agentless || !scriptFor(org, i)
        ? {}
        : { script: entityRef(scriptFor(org, i) as Models.Script, '/api/v2/scripts') }),
      dialingMode: mode,
      campaignStatus: r.pick(['on', 'off', 'off']),
      phoneColumns: (list.phoneColumns ?? []).map((c) => ({ columnName: c.columnName, type: c.type })),
      abandonRate: 3 + r.int(3),
      dncLists: dnc.map((d) => entityRef(d, '/api/v2/outbound/dnclists')),
      ...(callable ? { callableTimeSet: entityRef(callable, '/api/v2/outbound/callabletimesets') } : {}),
      ...(responses.length && mode !== 'preview'
        ? {
            callAnalysisResponseSet: entityRef(
              r.pick(responses),
              '/api/v2/outbound/callanalysisresponsesets',
            ),
          }
        : {}),
      // The platform's last diagnosis of the campaign (runtime state).
      errors: r.chance(0.2)
        ? [{ error: 'Contact list has no callable contacts', details: 'CONTACT_LIST_EMPTY' }]
        : [],
      callerName: 'Example Corp',
      callerAddress: `+1317555${String(2000 + i)}`,
      outboundLineCount: agentless || mode === 'predictive' ? 5 + r.int(20) : undefined,
      ruleSets: rules.map((x) => entityRef(x, '/api/v2/outbound/rulesets')),
      skipPreviewDisabled: false,
      previewTimeOutSeconds: mode === 'preview' ? 30 * (1 + r.int(4)) : 0,
      alwaysRunning: r.chance(0.2),
      contactSorts: [{ fieldName: 'Balance', direction: 'DESC', numeric: true }],
      noAnswerTimeout: 20 + r.int(20),
      callAnalysisLanguage: 'en-US',
      priority: 1 + r.int(10),
      division: divisionOf(r, org),
    };
  });
}

export function campaignSequences({ counts, org, stream }: FixtureContext): void {
  const r = stream('outbound:sequence');
  const all = org.campaigns;
  if (all.length < 2) return;
  org.campaignSequences = range(counts.campaignSequences).map((i): Models.CampaignSequence => {
    const chain = r.sample(all, Math.min(all.length, 2 + r.int(3)));
    const status = r.pick(['on', 'off']);
    return {
      id: r.uuid(),
      name: `Follow-up Sequence${suffix(i, 1)}`,
      dateCreated: ts(200 + r.int(300)),
      dateModified: ts(r.int(100)),
      version: 1 + r.int(5),
      campaigns: chain.map((c) => entityRef(c, '/api/v2/outbound/campaigns')),
      currentCampaign: status === 'on' ? r.int(chain.length) : 0,
      status,
      repeat: r.chance(0.3),
    };
  });
}

export function outboundSettings({ org, stream }: FixtureContext): void {
  const r = stream('outbound:settings');
  org.outboundSettings = {
    id: org.organization.id,
    name: org.organization.name,
    dateCreated: ts(700),
    dateModified: ts(r.int(100)),
    version: 1 + r.int(30),
    maxCallsPerAgent: 3 + r.int(5),
    maxConfigurableCallsPerAgent: 15,
    maxLineUtilization: 0.5 + r.int(5) / 10,
    abandonSeconds: 2 + r.int(3),
    complianceAbandonRateDenominator: r.pick(['ALL_CALLS', 'CALLS_THAT_REACHED_QUEUE']),
    automaticTimeZoneMapping: { callableWindows: [], supportedCountries: ['US', 'CA'] },
    rescheduleTimeZoneSkippedContacts: r.chance(0.5),
  };
}

const FLAGS = ['CONTACT_UNCALLABLE', 'NUMBER_UNCALLABLE', 'RIGHT_PARTY_CONTACT', 'BUSINESS_SUCCESS'];

export function wrapUpCodeMappings({ org, stream }: FixtureContext): void {
  const r = stream('outbound:wrapupcodemappings');
  const mapping: Record<string, string[]> = {};
  for (const c of r.sample(org.wrapupCodes, Math.min(org.wrapupCodes.length, 4)))
    mapping[c.id as string] = r.sample(FLAGS, 1 + r.int(2)).sort();
  org.wrapUpCodeMappings = {
    id: org.organization.id,
    dateCreated: ts(700),
    dateModified: ts(r.int(100)),
    version: 1 + r.int(30),
    defaultSet: ['RIGHT_PARTY_CONTACT'],
    mapping,
  };
}

/** Import status and size only when asked, as the listing and the GET by ID serve them. */
function withoutRuntime(e: Record<string, unknown>, q: URLSearchParams): Record<string, unknown> {
  const { importStatus, size, ...rest } = e;
  return {
    ...rest,
    ...(bool(q, 'includeImportStatus') ? { importStatus } : {}),
    ...(bool(q, 'includeSize') ? { size } : {}),
  };
}

const divisionFilter = (e: Record<string, unknown>, q: URLSearchParams) => {
  const wanted = q.getAll('divisionId');
  return !wanted.length || wanted.includes(String((e.division as { id?: string } | undefined)?.id));
};

function listing(
  base: string,
  idParam: string,
  collection: ListSpec['collection'],
  permission: string,
  more: Partial<ListSpec> = {},
): ListSpec {
  return {
    base,
    idParam,
    collection,
    permissions: [permission],
    maxPageSize: 100,
    paging: 'pageNumber',
    idFilter: false,
    sortBy: 'name',
    single: true,
    ...more,
  };
}

function singleton(template: string, permission: string, pick: (org: SimOrg) => object | undefined): Route {
  return {
    method: 'GET',
    template,
    permissions: [permission],
    handle: ({ org, path }) => {
      const body = pick(org);
      return body ? { status: 200, body } : notFound(path);
    },
  };
}

/** The export URI of a list's contents (contacts, DNC numbers): customer data. */
function exportUriRoute(
  template: string,
  permissions: string[],
  has: (org: SimOrg, id: string) => boolean,
): Route {
  return {
    method: 'GET',
    template,
    permissions,
    handle: ({ org, params, path, origin }) => {
      const id = Object.values(params)[0] ?? '';
      if (!has(org, id)) return notFound(path);
      const body: Models.ExportUri = {
        uri: `${origin}/sim-downloads/outbound-${id}.csv`,
        exportTimestamp: ts(0),
      };
      return { status: 200, body };
    },
  };
}

function contactRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/outbound/contactlists/{contactListId}/contacts/{contactId}',
    permissions: ['outbound:contact:view'],
    handle: ({ org, params, path }) => {
      const c = org.contacts.get(params.contactListId ?? '')?.find((x) => x.id === params.contactId);
      return c ? { status: 200, body: c } : notFound(path);
    },
  };
}

export const outboundFamily: Family = {
  name: 'outbound:campaign, outbound:contactlist, outbound:dnclist, outbound:callabletimeset, outbound:callanalysisresponseset, outbound:ruleset, outbound:sequence, outbound:settings, outbound:wrapupcodemappings',
  listings: [
    listing('/api/v2/outbound/contactlists', 'contactListId', 'contactLists', 'outbound:contactList:view', {
      idFilter: true,
      filter: divisionFilter,
      project: withoutRuntime,
    }),
    listing('/api/v2/outbound/dnclists', 'dncListId', 'dncLists', 'outbound:dncList:view', {
      filter: divisionFilter,
      project: withoutRuntime,
    }),
    listing(
      '/api/v2/outbound/callabletimesets',
      'callableTimeSetId',
      'callableTimeSets',
      'outbound:callableTimeSet:view',
    ),
    listing(
      '/api/v2/outbound/callanalysisresponsesets',
      'callAnalysisSetId',
      'callAnalysisResponseSets',
      'outbound:responseSet:view',
    ),
    listing('/api/v2/outbound/rulesets', 'ruleSetId', 'ruleSets', 'outbound:ruleSet:view'),
    listing('/api/v2/outbound/campaigns', 'campaignId', 'campaigns', 'outbound:campaign:view', {
      idFilter: true,
      filter: divisionFilter,
    }),
    listing(
      '/api/v2/outbound/sequences',
      'sequenceId',
      'campaignSequences',
      'outbound:campaignSequence:view',
    ),
  ],
  routes: () => [
    singleton('/api/v2/outbound/settings', 'outbound:settings:view', (o) => o.outboundSettings),
    singleton(
      '/api/v2/outbound/wrapupcodemappings',
      'outbound:wrapUpCodeMapping:view',
      (o) => o.wrapUpCodeMappings,
    ),
    contactRoute(),
    exportUriRoute(
      '/api/v2/outbound/contactlists/{contactListId}/export',
      ['outbound:contact:view', 'outbound:contactList:view'],
      (org, id) => org.contacts.has(id),
    ),
    exportUriRoute(
      '/api/v2/outbound/dnclists/{dncListId}/export',
      ['outbound:dnc:view', 'outbound:dncList:view'],
      (org, id) => org.dncLists.some((d) => d.id === id),
    ),
  ],
  fixtures: [
    contactLists,
    contacts,
    dncLists,
    callableTimeSets,
    callAnalysisResponseSets,
    ruleSets,
    campaigns,
    campaignSequences,
    outboundSettings,
    wrapUpCodeMappings,
  ],
};
