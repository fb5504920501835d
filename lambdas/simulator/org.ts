/**
 * Deterministic generator of a simulated Genesys Cloud organization. Every fixture is typed against the
 * official SDK's `Models`, so a field name the real API does not have fails to compile.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { createRandom, type Random } from './random.ts';

export interface OrgCounts {
  divisions: number;
  roles: number;
  skills: number;
  languages: number;
  locations: number;
  groups: number;
  teams: number;
  wrapupCodes: number;
  users: number;
  queues: number;
  flows: number;
  prompts: number;
  dataActions: number;
  schedules: number;
  scheduleGroups: number;
  trunkBaseSettings: number;
  trunks: number;
  /** Members per queue (users joined to it). */
  membersPerQueue: number;
  /** Wrap-up codes assigned per queue. */
  wrapupCodesPerQueue: number;
  /** Skill groups (`/api/v2/routing/skillgroups`); one of them is a queue member group. */
  skillGroups: number;
  /** Edges: the platform generates one trunk base setting of `trunkType` EDGE per edge. */
  edges: number;
  /**
   * Extra inactive users appended to the org (cheap fixtures), e.g. 10,300 to go past the 10,000 results
   * that one `GET /api/v2/users?state=inactive` listing can reach.
   */
  inactiveUsers: number;
}

export const ORG_SIZES: Record<'small' | 'large', OrgCounts> = {
  small: {
    divisions: 3,
    roles: 5,
    skills: 12,
    languages: 4,
    locations: 3,
    groups: 5,
    teams: 3,
    wrapupCodes: 10,
    users: 40,
    queues: 8,
    flows: 10,
    prompts: 5,
    dataActions: 4,
    schedules: 6,
    scheduleGroups: 3,
    trunkBaseSettings: 2,
    trunks: 3,
    membersPerQueue: 6,
    wrapupCodesPerQueue: 4,
    skillGroups: 2,
    edges: 2,
    inactiveUsers: 0,
  },
  large: {
    divisions: 10,
    roles: 30,
    skills: 300,
    languages: 20,
    locations: 20,
    groups: 100,
    teams: 50,
    wrapupCodes: 200,
    users: 10_000,
    queues: 1_000,
    flows: 500,
    prompts: 100,
    dataActions: 50,
    schedules: 100,
    scheduleGroups: 50,
    trunkBaseSettings: 10,
    trunks: 50,
    membersPerQueue: 20,
    wrapupCodesPerQueue: 5,
    skillGroups: 20,
    edges: 4,
    inactiveUsers: 0,
  },
};

/** The collections the simulator serves, keyed the way its routes name them. */
export interface SimOrg {
  organization: Models.Organization;
  divisions: Models.AuthzDivision[];
  roles: Models.DomainOrganizationRole[];
  skills: Models.RoutingSkill[];
  languages: Models.Language[];
  locations: Models.LocationDefinition[];
  groups: Models.Group[];
  teams: Models.Team[];
  wrapupCodes: Models.WrapupCode[];
  users: Models.User[];
  queues: Models.Queue[];
  flows: Models.Flow[];
  prompts: Models.Prompt[];
  dataActions: Models.Action[];
  schedules: Models.Schedule[];
  scheduleGroups: Models.ScheduleGroup[];
  trunkBaseSettings: Models.TrunkBase[];
  trunks: Models.Trunk[];
  skillGroups: Models.SkillGroup[];
  /** queue ID -> wrap-up code IDs (GET /routing/queues/{id}/wrapupcodes). */
  queueWrapupCodes: Map<string, string[]>;
  /**
   * queue ID -> user IDs added to the queue directly (`memberBy=user`). Members that come from the queue's
   * `memberGroups` (groups, teams, skill groups) are derived from the users: see `queueMembersOf`.
   */
  queueMembers: Map<string, string[]>;
  /** flow ID -> what it consumes (dependency tracking). */
  flowDependencies: Map<string, Models.Dependency[]>;
  /**
   * flow ID -> the Architect YAML an export job returns when no `flow.version` is given: the newest
   * version (a saved draft where the flow has one, otherwise the published/checked-in definition).
   */
  flowDefinitions: Map<string, string>;
  /** flow ID -> version ID -> that version's YAML (published and checked-in versions, saved drafts). */
  flowVersions: Map<string, Map<string, string>>;
  /** Every credential string planted in the org (SIP passwords, data-action headers and templates...). */
  plantedSecrets: string[];
}

export type CollectionName = {
  [K in keyof SimOrg]: SimOrg[K] extends Array<{ id?: string }> ? K : never;
}[keyof SimOrg];

const FIRST = [
  'Ava',
  'Liam',
  'Noah',
  'Emma',
  'Olivia',
  'Mateo',
  'Sofia',
  'Lucas',
  'Mia',
  'Amara',
  'Yusuf',
  'Chloe',
  'Hiro',
  'Ines',
  'Kofi',
  'Lena',
  'Ravi',
  'Zoe',
  'Omar',
  'Nina',
];
const LAST = [
  'Garcia',
  'Smith',
  'Okafor',
  'Muller',
  'Rossi',
  'Tanaka',
  'Silva',
  'Novak',
  'Haddad',
  'Kim',
  'Dubois',
  'Larsen',
  'Patel',
  'Cohen',
  'Nguyen',
  'Walsh',
];
const SKILL_WORDS = [
  'Billing',
  'Technical Support',
  'Sales',
  'Retention',
  'Claims',
  'Onboarding',
  'VIP',
  'Collections',
  'Returns',
  'Fraud',
  'Escalations',
  'Warranty',
];
const LANG_NAMES = [
  'English',
  'Spanish',
  'French',
  'German',
  'Portuguese',
  'Italian',
  'Dutch',
  'Japanese',
  'Arabic',
  'Hindi',
];
const QUEUE_WORDS = [
  'Billing',
  'Tech Support',
  'Sales',
  'Retention',
  'Claims',
  'General Enquiries',
  'Premier',
  'Collections',
  'Returns',
  'Fraud Desk',
];
const WRAPUP_WORDS = [
  'Resolved',
  'Escalated',
  'Callback Scheduled',
  'Transferred',
  'No Answer',
  'Wrong Number',
  'Sale Completed',
  'Complaint Logged',
  'Refund Issued',
  'Follow-up Needed',
];
const CITIES = ['Indianapolis', 'Dublin', 'Frankfurt', 'Sydney', 'Tokyo', 'Sao Paulo', 'Toronto', 'London'];
const PERMISSIONS = [
  'routing:queue:view',
  'routing:skill:view',
  'architect:flow:view',
  'directory:user:view',
  'telephony:plugin:all',
  'routing:wrapupCode:view',
];

/**
 * `Flow.type` values: the SDK's flow type enum (ArchitectApi.md, getFlows `type`: bot, commonmodule,
 * digitalbot, emailsend, inboundcall, inboundchat, inboundemail, inboundshortmessage, outboundcall,
 * inqueuecall, inqueueemail, inqueueshortmessage, speech, securecall, surveyinvite, voice, voicemail,
 * voicesurvey, workflow, workitem), upper case in response bodies.
 */
export const FLOW_TYPE_ENUM = [
  'BOT',
  'COMMONMODULE',
  'DIGITALBOT',
  'EMAILSEND',
  'INBOUNDCALL',
  'INBOUNDCHAT',
  'INBOUNDEMAIL',
  'INBOUNDSHORTMESSAGE',
  'OUTBOUNDCALL',
  'INQUEUECALL',
  'INQUEUEEMAIL',
  'INQUEUESHORTMESSAGE',
  'SPEECH',
  'SECURECALL',
  'SURVEYINVITE',
  'VOICE',
  'VOICEMAIL',
  'VOICESURVEY',
  'WORKFLOW',
  'WORKITEM',
] as const;

/**
 * Dependency-tracking object type of a flow of each type: `<TYPE>FLOW`, except WORKFLOW (the enum has no
 * WORKFLOWFLOW). SPEECH has no entry: the SDK's dependency type enum has no SPEECHFLOW.
 */
export const FLOW_DEPENDENCY_TYPE: Readonly<Record<string, string>> = {
  BOT: 'BOTFLOW',
  COMMONMODULE: 'COMMONMODULEFLOW',
  DIGITALBOT: 'DIGITALBOTFLOW',
  EMAILSEND: 'EMAILSENDFLOW',
  INBOUNDCALL: 'INBOUNDCALLFLOW',
  INBOUNDCHAT: 'INBOUNDCHATFLOW',
  INBOUNDEMAIL: 'INBOUNDEMAILFLOW',
  INBOUNDSHORTMESSAGE: 'INBOUNDSHORTMESSAGEFLOW',
  OUTBOUNDCALL: 'OUTBOUNDCALLFLOW',
  INQUEUECALL: 'INQUEUECALLFLOW',
  INQUEUEEMAIL: 'INQUEUEEMAILFLOW',
  INQUEUESHORTMESSAGE: 'INQUEUESHORTMESSAGEFLOW',
  SECURECALL: 'SECURECALLFLOW',
  SURVEYINVITE: 'SURVEYINVITEFLOW',
  VOICE: 'VOICEFLOW',
  VOICEMAIL: 'VOICEMAILFLOW',
  VOICESURVEY: 'VOICESURVEYFLOW',
  WORKFLOW: 'WORKFLOW',
  WORKITEM: 'WORKITEMFLOW',
};

const COVERAGE_FLOW_NAMES: Record<(typeof FLOW_TYPE_ENUM)[number], string> = {
  BOT: 'Order Status Voice Bot',
  COMMONMODULE: 'Shared Lookup Module',
  DIGITALBOT: 'Web Chat Digital Bot',
  EMAILSEND: 'Order Confirmation Email',
  INBOUNDCALL: 'Main IVR',
  INBOUNDCHAT: 'Web Chat Intake',
  INBOUNDEMAIL: 'Email Intake',
  INBOUNDSHORTMESSAGE: 'SMS and Messaging Intake',
  OUTBOUNDCALL: 'Collections Outbound Calls',
  INQUEUECALL: 'In-Queue Music',
  INQUEUEEMAIL: 'Email In-Queue Handling',
  INQUEUESHORTMESSAGE: 'Messaging In-Queue Handling',
  SPEECH: 'Speech Intent Flow',
  SECURECALL: 'Secure Card Payment',
  SURVEYINVITE: 'Post-Contact Survey Invite',
  VOICE: 'Voice Agent Handover',
  VOICEMAIL: 'Voicemail Handling',
  VOICESURVEY: 'Post-Call Voice Survey',
  WORKFLOW: 'Callback Workflow',
  WORKITEM: 'Case Workitem Routing',
};

const PROFILE_SKILLS = [
  'Salesforce',
  'Zendesk',
  'Conflict Resolution',
  'Technical Writing',
  'Spanish Correspondence',
  'Escalation Handling',
];
const CERTIFICATIONS = [
  'Genesys Cloud CX Professional',
  'ITIL 4 Foundation',
  'PCI DSS Awareness',
  'Customer Service Excellence',
];

const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function token(r: Random, n: number, chars = TOKEN_CHARS): string {
  return Array.from({ length: n }, () => chars[r.int(chars.length)]).join('');
}

/** A Velocity expression as data-action templates carry it, e.g. `${input.phoneNumber}`. */
function vel(expr: string): string {
  return `$\{${expr}}`;
}

/**
 * A data action's `config` (Models.ActionConfig) and `contract` (Models.ActionContract), with credentials
 * where real integrations put them: an `Authorization: Bearer` header, an `x-api-key` header, a JSON
 * request body with `client_secret`, one with `access_token`/`refresh_token`, and an API key inside an
 * array (a JSON-schema `default`). Each credential is passed to `plant`.
 */
function dataActionDefinition(
  i: number,
  r: Random,
  plant: (secret: string) => string,
): { config: Models.ActionConfig; contract: Models.ActionContract } {
  const base = 'https://crm.example.com/api/v2';
  const schema = (title: string, properties: Record<string, object>, required: string[] = []) => ({
    $schema: 'http://json-schema.org/draft-04/schema#',
    title,
    type: 'object',
    required,
    properties,
  });
  const response: Models.ResponseConfig = {
    translationMap: { id: '$.id', status: '$.status' },
    translationMapDefaults: { status: '"UNKNOWN"' },
    successTemplate: `{"id": ${vel('id')}, "status": ${vel('status')}}`,
  };
  const output = {
    successSchema: schema('Response', { id: { type: 'string' }, status: { type: 'string' } }),
  };
  switch (i % 4) {
    case 0: {
      const jwt = plant(`eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.${token(r, 64)}.${token(r, 43)}`);
      return {
        config: {
          timeoutSeconds: 10,
          request: {
            requestUrlTemplate: `${base}/accounts?phone=${vel('esc.url($input.phoneNumber)')}`,
            requestType: 'GET',
            headers: { Authorization: `Bearer ${jwt}`, Accept: 'application/json' },
            requestTemplate: vel('input.rawRequest'),
          },
          response,
        },
        contract: {
          input: {
            inputSchema: schema('Request', { phoneNumber: { type: 'string', description: 'E.164 number' } }, [
              'phoneNumber',
            ]),
          },
          output,
        },
      };
    }
    case 1: {
      const apiKey = plant(`ak_live_${token(r, 32, '0123456789abcdef')}`);
      const fallbackKey = plant(`ak_live_${token(r, 32, '0123456789abcdef')}`);
      return {
        config: {
          timeoutSeconds: 15,
          request: {
            requestUrlTemplate: `https://orders.example.net/v1/orders/${vel('input.orderId')}`,
            requestType: 'GET',
            headers: { 'x-api-key': apiKey, Accept: 'application/json' },
            requestTemplate: vel('input.rawRequest'),
          },
          response,
        },
        contract: {
          input: {
            inputSchema: schema(
              'Request',
              {
                orderId: { type: 'string' },
                // A fallback credential list kept as a JSON-schema default: a secret inside an array.
                credentials: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { name: { type: 'string' }, apiKey: { type: 'string' } },
                  },
                  default: [{ name: 'orders-fallback', apiKey: fallbackKey }],
                },
              },
              ['orderId'],
            ),
          },
          output,
        },
      };
    }
    case 2: {
      const clientSecret = plant(token(r, 40));
      return {
        config: {
          timeoutSeconds: 20,
          request: {
            requestUrlTemplate: `${base}/tickets`,
            requestType: 'POST',
            headers: { 'Content-Type': 'application/json' },
            requestTemplate: `{"client_id": "genesys-cloud-connector", "client_secret": "${clientSecret}", "ticket": {"phone": "${vel('input.phoneNumber')}", "reason": "${vel('input.reason')}"}}`,
          },
          response,
        },
        contract: {
          input: {
            inputSchema: schema('Request', { phoneNumber: { type: 'string' }, reason: { type: 'string' } }),
          },
          output,
        },
      };
    }
    default: {
      const accessToken = plant(`at-${token(r, 48)}`);
      const refreshToken = plant(`rt-${token(r, 48)}`);
      return {
        config: {
          timeoutSeconds: 10,
          request: {
            requestUrlTemplate: `https://status.example.org/api/outages/check`,
            requestType: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-Client': 'genesys' },
            requestTemplate: `{"auth": {"access_token": "${accessToken}", "refresh_token": "${refreshToken}"}, "postcode": "${vel('input.postcode')}"}`,
          },
          response,
        },
        contract: {
          input: { inputSchema: schema('Request', { postcode: { type: 'string' } }, ['postcode']) },
          output,
        },
      };
    }
  }
}

/** One member of a queue as `GET /api/v2/routing/queues/{id}/members` lists it. */
export interface SimQueueMember {
  readonly user: Models.User;
  /** `user` for members added directly, `group` for those that come from a member group. */
  readonly memberBy: 'user' | 'group';
}

/**
 * A queue's members: the users added directly, then the active users that come from its member groups
 * (group members, team members, skill-group matches) and were not added directly. Undefined for an
 * unknown queue.
 */
export function queueMembersOf(
  org: Pick<SimOrg, 'queues' | 'queueMembers' | 'users' | 'groups' | 'teams' | 'skillGroups'>,
  queueId: string,
): SimQueueMember[] | undefined {
  const direct = org.queueMembers.get(queueId);
  const queue = org.queues.find((q) => q.id === queueId);
  if (!direct || !queue) return undefined;
  const byId = new Map(org.users.map((u) => [u.id as string, u]));
  const out: SimQueueMember[] = [];
  const seen = new Set<string>();
  for (const id of direct) {
    const u = byId.get(id);
    if (u && !seen.has(id)) {
      seen.add(id);
      out.push({ user: u, memberBy: 'user' });
    }
  }
  for (const g of queue.memberGroups ?? []) {
    const inGroup = (u: Models.User): boolean => {
      if (g.type === 'GROUP') return (u.groups ?? []).some((x) => x.id === g.id);
      if (g.type === 'TEAM') return u.team?.id === g.id;
      if (g.type === 'SKILLGROUP') {
        const sg = org.skillGroups.find((x) => x.id === g.id);
        const cond = sg?.skillConditions[0]?.routingSkillConditions[0];
        return (
          !!cond &&
          (u.skills ?? []).some(
            (s) => s.name === cond.routingSkill && (s.proficiency ?? 0) >= cond.proficiency,
          )
        );
      }
      return false;
    };
    for (const u of org.users) {
      if (u.state !== 'active' || seen.has(u.id as string) || !inGroup(u)) continue;
      seen.add(u.id as string);
      out.push({ user: u, memberBy: 'group' });
    }
  }
  return out;
}

function suffix(i: number, base: number): string {
  return i < base ? '' : ` ${Math.floor(i / base) + 1}`;
}

/** Returns a deterministic org for the given counts; the same seed always gives the same org. */
export function generateOrg(counts: OrgCounts, seed = 1): SimOrg {
  const rnd = createRandom(seed);
  const ts = (daysAgo: number) => new Date(Date.UTC(2026, 0, 1) - daysAgo * 86_400_000).toISOString();
  const ref = (e: { id?: string; name?: string }) => ({
    id: e.id,
    name: e.name,
    selfUri: undefined as string | undefined,
  });
  const orgId = rnd.uuid();

  const divisions: Models.AuthzDivision[] = range(counts.divisions).map((i) => ({
    id: rnd.uuid(),
    name:
      i === 0
        ? 'Home'
        : `${['North America', 'EMEA', 'APAC', 'Back Office', 'Collections', 'Digital'][(i - 1) % 6]}${suffix(i - 1, 6)}`,
    description: i === 0 ? 'The default division' : 'Business unit division',
    homeDivision: i === 0,
    selfUri: '',
  }));
  const divRefFrom = (d: Models.AuthzDivision): Models.Division => ({
    id: d.id,
    name: d.name,
    selfUri: `/api/v2/authorization/divisions/${d.id}`,
  });
  const divRef = (): Models.Division => divRefFrom(rnd.pick(divisions));

  const roles: Models.DomainOrganizationRole[] = range(counts.roles).map((i) => ({
    id: rnd.uuid(),
    name:
      i < 2
        ? ['admin', 'employee'][i]
        : `Contact Center ${['Agent', 'Supervisor', 'Manager', 'Analyst', 'Architect'][(i - 2) % 5]}${suffix(i - 2, 5)}`,
    description: i < 2 ? 'Genesys Cloud default role' : 'Custom role',
    permissions: rnd.sample(PERMISSIONS, 1 + rnd.int(4)).sort(),
    default: i < 2,
    base: false,
    userCount: rnd.int(50),
  }));

  const skills: Models.RoutingSkill[] = range(counts.skills).map((i) => ({
    id: rnd.uuid(),
    name: `${SKILL_WORDS[i % SKILL_WORDS.length]}${suffix(i, SKILL_WORDS.length)}`,
    division: divRef(),
    state: 'active',
    version: String(1 + rnd.int(5)),
    dateModified: ts(rnd.int(400)),
  }));

  const languages: Models.Language[] = range(counts.languages).map((i) => ({
    id: rnd.uuid(),
    name: `${LANG_NAMES[i % LANG_NAMES.length]}${suffix(i, LANG_NAMES.length)}`,
    state: 'active',
    version: '1',
    dateModified: ts(rnd.int(400)),
  }));

  const locations: Models.LocationDefinition[] = range(counts.locations).map((i) => ({
    id: rnd.uuid(),
    name: `${CITIES[i % CITIES.length]} Contact Center${suffix(i, CITIES.length)}`,
    address: {
      city: CITIES[i % CITIES.length],
      country: 'US',
      street1: `${100 + i} Main Street`,
      zipcode: `${46000 + i}`,
    },
    emergencyNumber: {
      e164: `+1317555${String(1000 + i).slice(-4)}`,
      number: `317555${String(1000 + i).slice(-4)}`,
      type: 'default',
    },
    state: 'active',
    version: 1,
    path: [],
  }));

  const groups: Models.Group[] = range(counts.groups).map((i) => ({
    id: rnd.uuid(),
    name: `${['Tier 1 Agents', 'Tier 2 Agents', 'Supervisors', 'Night Shift', 'Spanish Speakers', 'Escalation Team'][i % 6]}${suffix(i, 6)}`,
    description: 'Routing group',
    type: 'official',
    rulesVisible: true,
    visibility: 'public',
    state: 'active',
    version: 1 + rnd.int(3),
    memberCount: rnd.int(40),
    dateModified: ts(rnd.int(200)),
  }));

  const teams: Models.Team[] = range(counts.teams).map((i) => ({
    id: rnd.uuid(),
    name: `Team ${['Atlas', 'Beacon', 'Comet', 'Delta', 'Ember', 'Falcon', 'Granite'][i % 7]}${suffix(i, 7)}`,
    division: divRef(),
    description: 'Work team',
    dateCreated: ts(500),
    dateModified: ts(rnd.int(200)),
    memberCount: rnd.int(30),
  }));

  const wrapupCodes: Models.WrapupCode[] = range(counts.wrapupCodes).map((i) => ({
    id: rnd.uuid(),
    name: `${WRAPUP_WORDS[i % WRAPUP_WORDS.length]}${suffix(i, WRAPUP_WORDS.length)}`,
    division: divRef(),
    description: 'Disposition code',
    dateCreated: ts(600),
    dateModified: ts(rnd.int(300)),
    createdBy: 'system',
    modifiedBy: 'system',
  }));

  const users: Models.User[] = [];
  for (let i = 0; i < counts.users; i++) {
    const first = FIRST[i % FIRST.length] ?? 'Alex';
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length] ?? 'Doe';
    const n = Math.floor(i / (FIRST.length * LAST.length));
    const name = `${first} ${last}${n ? ` ${n + 1}` : ''}`;
    const email = `${first}.${last}${n ? n + 1 : ''}@example.com`.toLowerCase();
    // Roughly 1 in 25 users is inactive and 1 in 200 deleted: the default listing hides them.
    const state = i > 2 && i % 200 === 7 ? 'deleted' : i > 2 && i % 25 === 3 ? 'inactive' : 'active';
    const team = teams.length && rnd.chance(0.7) ? rnd.pick(teams) : undefined;
    users.push({
      id: rnd.uuid(),
      name,
      division: divRef(),
      email,
      username: email,
      state,
      title: rnd.pick(['Agent', 'Senior Agent', 'Supervisor', 'Team Lead']),
      department: rnd.pick(['Customer Care', 'Sales', 'Support']),
      version: 1 + rnd.int(9),
      chat: { jabberId: `${rnd.hex(24)}@example.orgspan.com` },
      primaryContactInfo: [{ address: email, mediaType: 'EMAIL', type: 'PRIMARY' }],
      addresses: [],
      acdAutoAnswer: rnd.chance(0.2),
      skills: rnd.sample(skills, Math.min(skills.length, rnd.int(4))).map((s) => ({
        id: s.id,
        name: s.name,
        proficiency: 1 + rnd.int(5),
        state: 'active',
        skillUri: `/api/v2/routing/skills/${s.id}`,
      })),
      languages: rnd.sample(languages, Math.min(languages.length, rnd.int(3))).map((l) => ({
        id: l.id,
        name: l.name,
        proficiency: 1 + rnd.int(5),
        state: 'active',
        languageUri: `/api/v2/routing/languages/${l.id}`,
      })),
      locations:
        locations.length && rnd.chance(0.8) ? [{ locationDefinition: { id: rnd.pick(locations).id } }] : [],
      groups: rnd.sample(groups, Math.min(groups.length, rnd.int(3))).map((g) => ({
        id: g.id,
        name: g.name,
        type: g.type,
        rulesVisible: g.rulesVisible,
        visibility: g.visibility,
      })),
      team: team ? { id: team.id, name: team.name } : undefined,
      presence: { presenceDefinition: { id: 'available', systemPresence: 'Available' }, modifiedDate: ts(0) },
      routingStatus: { status: 'OFF_QUEUE', startTime: ts(0) },
      dateLastLogin: ts(rnd.int(10)),
    });
  }
  // Managers point at earlier users, inactive ones included (closure must still find them).
  for (let i = 1; i < users.length; i++) {
    if (rnd.chance(0.6)) {
      const m = users[rnd.int(Math.min(i, 50))];
      const u = users[i];
      if (m && u && m.id !== u.id) u.manager = { id: m.id, version: 0, selfUri: `/api/v2/users/${m.id}` };
    }
  }

  const prompts: Models.Prompt[] = range(counts.prompts).map((i) => ({
    id: rnd.uuid(),
    name: `${['Welcome', 'HoldMusicIntro', 'AfterHours', 'Whisper_Billing', 'Survey_Offer', 'Queue_Position'][i % 6]}${i >= 6 ? `_${Math.floor(i / 6) + 1}` : ''}`,
    division: divRef(),
    description: 'User prompt',
    resources: [
      {
        id: 'en-us',
        language: 'en-us',
        ttsString: 'Thank you for calling.',
        text: 'Thank you for calling.',
        languageDefault: true,
      },
    ],
  }));

  const dataActions: Models.Action[] = range(counts.dataActions).map((i) => ({
    id: `custom_-_${rnd.uuid()}`,
    name: `${['Lookup Account By Phone', 'Get Order Status', 'Create Callback Ticket', 'Check Outage', 'Verify Customer'][i % 5]}${suffix(i, 5)}`,
    integrationId: rnd.uuid(),
    category: 'Web Services Data Actions',
    version: 1 + rnd.int(4),
    secure: i % 4 === 3,
    // config and contract are added below from the second random stream (see dataActionDefinition).
  }));

  const schedules: Models.Schedule[] = range(counts.schedules).map((i) => ({
    id: rnd.uuid(),
    name: `${['Weekday Hours', 'Weekend Hours', 'Christmas Day', 'New Year', 'Thanksgiving', 'Maintenance Window'][i % 6]}${suffix(i, 6)}`,
    division: divRef(),
    description: 'Business hours',
    version: 1 + rnd.int(3),
    dateCreated: ts(700),
    dateModified: ts(rnd.int(300)),
    state: 'active',
    start: '2026-01-05T08:00:00.000',
    end: '2026-01-05T18:00:00.000',
    rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
  }));

  const scheduleGroups: Models.ScheduleGroup[] = range(counts.scheduleGroups).map((i) => ({
    id: rnd.uuid(),
    name: `${['Main Line Hours', 'Support Hours', 'Sales Hours', 'Claims Hours'][i % 4]}${suffix(i, 4)}`,
    division: divRef(),
    version: 1,
    state: 'active',
    timeZone: rnd.pick(['America/Indiana/Indianapolis', 'Europe/Dublin', 'Australia/Sydney']),
    openSchedules: schedules.length
      ? [schedules[(i * 2) % schedules.length]].map((s) => ({ id: s?.id, name: s?.name }))
      : [],
    closedSchedules:
      schedules.length > 1
        ? [schedules[(i * 2 + 1) % schedules.length]].map((s) => ({ id: s?.id, name: s?.name }))
        : [],
    holidaySchedules: schedules.length > 2 ? [{ id: schedules[2]?.id, name: schedules[2]?.name }] : [],
  }));

  const trunkBaseSettings: Models.TrunkBase[] = range(counts.trunkBaseSettings).map((i) => ({
    id: rnd.uuid(),
    name: `${['Carrier SIP Trunk', 'BYOC Cloud Trunk', 'PSTN Backup'][i % 3]}${suffix(i, 3)}`,
    state: 'active',
    version: 1,
    trunkType: 'EXTERNAL',
    managed: false,
    trunkMetabase: { id: 'external_sip_pcv_byoc_carrier.json', name: 'Generic BYOC Carrier' },
    properties: {
      trunk_sip_authentication_credentials_username: {
        type: 'string',
        value: { default: '', instance: `sipuser${i}` },
      },
      trunk_sip_authentication_credentials_password: {
        type: 'string',
        value: { default: '', instance: `s3cr3t-sip-${rnd.hex(8)}` },
      },
      trunk_transport_serverProxyList: {
        type: 'array',
        value: { default: [], instance: [`sip${i}.carrier.example.net`] },
      },
    },
  }));

  const trunks: Models.Trunk[] = range(counts.trunks).map((i) => {
    const base = trunkBaseSettings.length ? trunkBaseSettings[i % trunkBaseSettings.length] : undefined;
    return {
      id: rnd.uuid(),
      name: `Edge ${1 + (i % 4)} - ${base?.name ?? 'Trunk'}${suffix(i, 4)}`,
      state: 'active',
      version: 1,
      trunkType: 'EXTERNAL',
      trunkBase: base ? { id: base.id, name: base.name } : undefined,
      trunkMetabase: { id: 'external_sip_pcv_byoc_carrier.json', name: 'Generic BYOC Carrier' },
      edge: { id: rnd.uuid(), name: `Edge ${1 + (i % 4)}` },
      inService: true,
      enabled: true,
      connectedStatus: { connected: true, connectedStateTime: ts(0) },
      optionsStatus: [],
      registersStatus: [],
      family: 2,
    };
  });

  const FLOW_TYPES = ['INBOUNDCALL', 'INQUEUECALL', 'COMMONMODULE', 'WORKFLOW', 'INBOUNDEMAIL'] as const;
  const flows: Models.Flow[] = range(counts.flows).map((i) => {
    const type = FLOW_TYPES[i % FLOW_TYPES.length] ?? 'INBOUNDCALL';
    const system = i === 1; // the built-in default in-queue flow
    const active = i % 9 !== 8; // a few flows were never published
    return {
      id: rnd.uuid(),
      name: system
        ? 'Default In-Queue Flow'
        : `${['Main IVR', 'In-Queue Music', 'Account Lookup Module', 'Callback Workflow', 'Email Intake'][i % 5]}${suffix(i, 5)}`,
      division: divRef(),
      description: `${type.toLowerCase()} flow`,
      type,
      active,
      system,
      deleted: false,
      publishedVersion: active ? { id: `${1 + rnd.int(20)}.0`, name: 'published' } : undefined,
      checkedInVersion: { id: `${1 + rnd.int(20)}.0` },
      savedVersion: undefined,
    };
  });

  // Queues reference skills (bullseye), groups (member groups), flows, prompts, and other queues.
  const inQueueFlows = flows.filter((f) => f.type === 'INQUEUECALL');
  const emailFlows = flows.filter((f) => f.type === 'INBOUNDEMAIL');
  const queues: Models.Queue[] = range(counts.queues).map((i) => ({
    id: rnd.uuid(),
    name: `${QUEUE_WORDS[i % QUEUE_WORDS.length]}${suffix(i, QUEUE_WORDS.length)}`,
    division: divRef(),
    description: 'Inbound voice queue',
    dateCreated: ts(800),
    dateModified: ts(rnd.int(300)),
    modifiedBy: rnd.uuid(),
    createdBy: rnd.uuid(),
    memberCount: counts.membersPerQueue,
    userMemberCount: counts.membersPerQueue,
    joinedMemberCount: rnd.int(counts.membersPerQueue + 1),
    mediaSettings: {
      call: { alertingTimeoutSeconds: 8, serviceLevel: { percentage: 0.8, durationMs: 20000 } },
    },
    acwSettings: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 },
    skillEvaluationMethod: 'ALL',
    scoringMethod: 'TimestampAndPriority',
    bullseye: {
      rings: [
        {
          expansionCriteria: [{ type: 'TIMEOUT_SECONDS', threshold: 15 }],
          actions: {
            skillsToRemove: skills.length
              ? rnd.sample(skills, 1).map((s) => ({ id: s.id, name: s.name }))
              : [],
          },
        },
        { expansionCriteria: [{ type: 'TIMEOUT_SECONDS', threshold: 30 }], actions: { skillsToRemove: [] } },
      ],
    },
    memberGroups:
      groups.length && rnd.chance(0.5)
        ? [rnd.pick(groups)].map((g) => ({ id: g.id, name: g.name, type: 'GROUP' }))
        : [],
    queueFlow: inQueueFlows.length ? ref(rnd.pick(inQueueFlows)) : undefined,
    emailInQueueFlow: emailFlows.length && rnd.chance(0.3) ? ref(rnd.pick(emailFlows)) : undefined,
    whisperPrompt: prompts.length && rnd.chance(0.5) ? ref(rnd.pick(prompts)) : undefined,
    onHoldPrompt: prompts.length && rnd.chance(0.3) ? ref(rnd.pick(prompts)) : undefined,
    enableTranscription: false,
    autoAnswerOnly: false,
    callingPartyName: 'Example Corp',
  }));
  for (let i = 1; i < queues.length; i += 3) {
    const q = queues[i];
    const target = queues[i - 1];
    if (q && target)
      q.conditionalGroupRouting = {
        rules: [
          {
            queue: { id: target.id, name: target.name },
            metric: 'EstimatedWaitTime',
            operator: 'GreaterThan',
            conditionValue: 60,
            waitSeconds: 20,
            groups: [],
          },
        ],
      };
  }

  const queueWrapupCodes = new Map<string, string[]>();
  const queueMembers = new Map<string, string[]>();
  const activeUsers = users.filter((u) => u.state === 'active');
  for (const q of queues) {
    queueWrapupCodes.set(
      q.id as string,
      rnd
        .sample(wrapupCodes, Math.min(wrapupCodes.length, counts.wrapupCodesPerQueue))
        .map((w) => w.id as string),
    );
    queueMembers.set(
      q.id as string,
      rnd
        .sample(activeUsers, Math.min(activeUsers.length, counts.membersPerQueue))
        .map((u) => u.id as string),
    );
  }

  // Flows consume queues, skills, data actions, prompts, schedule groups and other flows; the first two
  // user flows form a cycle (each transfers to the other), which the manifest must report.
  const depType = FLOW_DEPENDENCY_TYPE;
  const flowDependencies = new Map<string, Models.Dependency[]>();
  const dep = (e: { id?: string; name?: string }, type: string): Models.Dependency => ({
    id: e.id,
    name: e.name,
    type,
    version: '1.0',
    deleted: false,
    updated: false,
    stateUnknown: false,
  });
  const userFlows = flows.filter((f) => !f.system);
  userFlows.forEach((f, i) => {
    const deps: Models.Dependency[] = [];
    if (f.type === 'INBOUNDCALL' || f.type === 'INBOUNDEMAIL') {
      for (const q of rnd.sample(queues, Math.min(queues.length, 2))) deps.push(dep(q, 'QUEUE'));
      if (scheduleGroups.length) deps.push(dep(rnd.pick(scheduleGroups), 'SCHEDULEGROUP'));
      if (prompts.length) deps.push(dep(rnd.pick(prompts), 'USERPROMPT'));
    }
    if (skills.length && rnd.chance(0.6)) deps.push(dep(rnd.pick(skills), 'ACDSKILL'));
    if (dataActions.length && rnd.chance(0.5)) deps.push(dep(rnd.pick(dataActions), 'DATAACTION'));
    const next = userFlows[(i + 1) % userFlows.length];
    if (next && next.id !== f.id && (i === 0 || rnd.chance(0.3)))
      deps.push(dep(next, depType[next.type ?? ''] ?? 'INBOUNDCALLFLOW'));
    if (i === 1 && userFlows[0])
      deps.push(dep(userFlows[0], depType[userFlows[0].type ?? ''] ?? 'INBOUNDCALLFLOW'));
    flowDependencies.set(f.id as string, dedupeById(deps));
  });
  // ---- Additions drawn from a second random stream, so that every ID and value drawn above stays as it
  // was before they existed (the seeded order matters to tests that pin fixtures).
  const extra = createRandom(seed * 7_919 + 104_729);
  const plantedSecrets: string[] = trunkBaseSettings.map((t) => sipPassword(t)).filter(Boolean);
  const plant = (secret: string): string => {
    plantedSecrets.push(secret);
    return secret;
  };

  // Data actions: a real-looking config (credentials in headers and request templates) and a contract.
  dataActions.forEach((a, i) => {
    const def = dataActionDefinition(i, extra, plant);
    a.config = def.config;
    a.contract = def.contract;
  });

  // Users: profile skills, certifications and employer info (shown only when expanded).
  users.forEach((u, i) => {
    u.profileSkills = extra.sample(PROFILE_SKILLS, extra.int(4)).sort();
    u.certifications = extra.sample(CERTIFICATIONS, extra.int(3)).sort();
    u.employerInfo = {
      officialName: 'Example Contact Center Ltd',
      employeeId: `E${String(10_000 + i)}`,
      employeeType: extra.pick(['Full-time', 'Part-time', 'Contractor']),
      dateHire: `20${String(10 + extra.int(15))}-0${1 + extra.int(9)}-1${extra.int(10)}`,
    };
  });
  // Cheap inactive users, e.g. to go past the 10,000 results one inactive-user listing can reach.
  for (let n = 1; n <= counts.inactiveUsers; n++) {
    const email = `former.agent${n}@example.com`;
    users.push({
      id: extra.uuid(),
      name: `Former Agent ${String(n).padStart(5, '0')}`,
      division: divisions[0] ? { id: divisions[0].id, name: divisions[0].name } : undefined,
      email,
      username: email,
      state: 'inactive',
      version: 1,
      primaryContactInfo: [{ address: email, mediaType: 'EMAIL', type: 'PRIMARY' }],
      addresses: [],
      skills: [],
      languages: [],
      locations: [],
      groups: [],
    });
  }

  // Skill groups: members are the active users holding the skill at or above the proficiency.
  // The skills most held (at 3 or more) come first, so that the skill groups have members.
  const holders = (s: Models.RoutingSkill) =>
    activeUsers.filter((u) => u.skills?.some((x) => x.id === s.id && (x.proficiency ?? 0) >= 3)).length;
  const rankedSkills = skills
    .map((s, i) => ({ s, i, n: holders(s) }))
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .map((x) => x.s);
  const skillGroups: Models.SkillGroup[] = range(skills.length ? counts.skillGroups : 0).map((i) => {
    const skill = rankedSkills[i % rankedSkills.length] as Models.RoutingSkill;
    return {
      id: extra.uuid(),
      name: `${skill.name} Experts${suffix(i, skills.length)}`,
      division: divRefFrom(extra.pick(divisions)),
      description: `Agents with ${skill.name} at proficiency 3 or more`,
      dateCreated: ts(400),
      dateModified: ts(extra.int(100)),
      skillConditions: [
        {
          routingSkillConditions: [
            {
              routingSkill: skill.name,
              comparator: 'GreaterThanOrEqualTo',
              proficiency: 3,
              childConditions: [],
            },
          ],
          languageSkillConditions: [],
          operation: 'And',
        },
      ],
    };
  });

  // Flows: one more flow for each type of the SDK's flow type enum the org does not have yet.
  if (flows.length) {
    for (const type of FLOW_TYPE_ENUM) {
      if (flows.some((f) => f.type === type)) continue;
      const published = 1 + extra.int(12);
      flows.push({
        id: extra.uuid(),
        name: COVERAGE_FLOW_NAMES[type],
        division: divRefFrom(extra.pick(divisions)),
        description: `${type.toLowerCase()} flow`,
        type,
        active: true,
        system: false,
        deleted: false,
        publishedVersion: { id: `${published}.0`, name: 'published' },
        checkedInVersion: { id: `${published}.0` },
        savedVersion: undefined,
      });
    }
  }
  const flowOfType = (type: string) => flows.find((f) => f.type === type && !f.system);
  // Queues: in-queue email and message flows, a TEAM and a SKILLGROUP member group.
  const inQueueEmail = flowOfType('INQUEUEEMAIL');
  const inQueueMessage = flowOfType('INQUEUESHORTMESSAGE');
  for (const q of queues) {
    if (q.emailInQueueFlow && inQueueEmail) q.emailInQueueFlow = ref(inQueueEmail);
  }
  if (queues[0] && inQueueMessage) queues[0].messageInQueueFlow = ref(inQueueMessage);
  const skillGroupQueue = queues[2 % Math.max(1, queues.length)];
  if (skillGroupQueue && skillGroups[0])
    skillGroupQueue.memberGroups = [
      ...(skillGroupQueue.memberGroups ?? []),
      { id: skillGroups[0].id, name: skillGroups[0].name, type: 'SKILLGROUP' },
    ];
  const teamQueue = queues[3 % Math.max(1, queues.length)];
  if (teamQueue && teams[0])
    teamQueue.memberGroups = [
      ...(teamQueue.memberGroups ?? []),
      { id: teams[0].id, name: teams[0].name, type: 'TEAM' },
    ];

  // Dependencies of the added flows, and wrap-up codes, languages and more flow types consumed by others.
  const add = (flow: Models.Flow | undefined, d: Models.Dependency | undefined) => {
    if (!flow?.id || !d?.id) return;
    flowDependencies.set(flow.id, dedupeById([...(flowDependencies.get(flow.id) ?? []), d]));
  };
  const flowDep = (f: Models.Flow | undefined) =>
    f && FLOW_DEPENDENCY_TYPE[f.type ?? '']
      ? dep(f, FLOW_DEPENDENCY_TYPE[f.type ?? ''] as string)
      : undefined;
  const some = <T>(items: readonly T[]) => (items.length ? extra.pick(items) : undefined);
  const entity = (e: { id?: string; name?: string } | undefined, type: string) =>
    e ? dep(e, type) : undefined;
  const mainIvr = flowOfType('INBOUNDCALL');
  add(mainIvr, flowDep(flowOfType('BOT')));
  add(mainIvr, flowDep(flowOfType('SECURECALL')));
  add(mainIvr, flowDep(flowOfType('VOICEMAIL')));
  add(mainIvr, entity(some(languages), 'ACDLANGUAGE'));
  add(mainIvr, entity(some(wrapupCodes), 'ACDWRAPUPCODE'));
  for (const type of ['INBOUNDCHAT', 'INBOUNDSHORTMESSAGE']) {
    const f = flowOfType(type);
    add(f, entity(some(queues), 'QUEUE'));
    add(f, flowDep(flowOfType('DIGITALBOT')));
    add(f, entity(some(languages), 'ACDLANGUAGE'));
  }
  const workitem = flowOfType('WORKITEM');
  add(workitem, entity(some(queues), 'QUEUE'));
  add(workitem, entity(some(skills), 'ACDSKILL'));
  add(workitem, entity(some(languages), 'ACDLANGUAGE'));
  add(workitem, entity(some(wrapupCodes), 'ACDWRAPUPCODE'));
  for (const type of ['OUTBOUNDCALL', 'VOICE', 'DIGITALBOT'])
    add(flowOfType(type), entity(some(queues), 'QUEUE'));
  for (const type of ['BOT', 'DIGITALBOT', 'SECURECALL', 'SURVEYINVITE', 'OUTBOUNDCALL'])
    add(flowOfType(type), entity(some(dataActions), 'DATAACTION'));
  add(flowOfType('INQUEUEEMAIL'), entity(some(skills), 'ACDSKILL'));
  add(flowOfType('INQUEUESHORTMESSAGE'), flowDep(flowOfType('COMMONMODULE')));
  add(flowOfType('VOICEMAIL'), entity(some(groups), 'GROUP'));
  add(flowOfType('INQUEUECALL'), entity(some(schedules), 'SCHEDULE'));
  for (const f of flows)
    if (!flowDependencies.has(f.id as string) && !f.system) flowDependencies.set(f.id as string, []);

  // Platform-generated trunk base settings, one per edge.
  for (let i = 0; i < counts.edges; i++) {
    trunkBaseSettings.push({
      id: extra.uuid(),
      name: `Edge ${i + 1} - Edge Trunk`,
      state: 'active',
      version: 1,
      trunkType: 'EDGE',
      trunkMetabase: { id: 'edge_trunk.json', name: 'Edge Trunk' },
      properties: {
        trunk_language: { type: 'string', value: { default: 'en-US', instance: 'en-US' } },
      },
    });
  }

  // Flow versions: every published/checked-in version has the flow's definition; some flows are checked
  // out with a newer saved draft whose text differs. Export jobs without a version get the newest one.
  const flowDefinitions = new Map<string, string>();
  const flowVersions = new Map<string, Map<string, string>>();
  flows.forEach((f, i) => {
    const deps = flowDependencies.get(f.id as string) ?? [];
    const text = flowYaml(f, deps);
    const versions = new Map<string, string>();
    for (const v of [f.publishedVersion?.id, f.checkedInVersion?.id]) if (v) versions.set(v, text);
    let newest = text;
    if (!f.system && f.active && i % 3 === 0 && i < counts.flows) {
      const major = Math.max(
        ...[f.publishedVersion?.id, f.checkedInVersion?.id].map((v) => Number.parseFloat(v ?? '0') || 0),
      );
      const saved = `${major + 1}.0`;
      const editor = activeUsers.length ? extra.pick(activeUsers) : undefined;
      f.savedVersion = { id: saved, name: 'saved', type: 'SAVE' };
      if (editor) f.lockedUser = { id: editor.id, name: editor.name, version: editor.version };
      newest = flowYaml(f, deps, true);
      versions.set(saved, newest);
    }
    flowDefinitions.set(f.id as string, newest);
    flowVersions.set(f.id as string, versions);
  });

  // Queue member counts include the members that come from member groups.
  const orgSoFar = { queues, queueMembers, users, groups, teams, skillGroups };
  for (const q of queues) {
    const members = queueMembersOf(orgSoFar, q.id as string) ?? [];
    q.memberCount = members.length;
    q.userMemberCount = members.filter((m) => m.memberBy === 'user').length;
    q.joinedMemberCount = Math.min(q.joinedMemberCount ?? 0, q.memberCount);
  }

  const organization: Models.Organization = {
    id: orgId,
    name: 'Example Contact Center',
    defaultLanguage: 'en-us',
    defaultCountryCode: 'US',
    thirdPartyOrgName: 'examplecc',
    domain: 'examplecc',
    version: 42,
    state: 'active',
    voicemailEnabled: true,
    productPlatform: 'PureCloud',
    features: { realtimeCIC: false, purecloud: true },
  };

  const org: SimOrg = {
    organization,
    divisions,
    roles,
    skills,
    languages,
    locations,
    groups,
    teams,
    wrapupCodes,
    users,
    queues,
    flows,
    prompts,
    dataActions,
    schedules,
    scheduleGroups,
    trunkBaseSettings,
    trunks,
    skillGroups,
    queueWrapupCodes,
    queueMembers,
    flowDependencies,
    flowDefinitions,
    flowVersions,
    plantedSecrets,
  };
  addSelfUris(org);
  return org;
}

const SELF_URI_BASE: Partial<Record<CollectionName, string>> = {
  divisions: '/api/v2/authorization/divisions',
  roles: '/api/v2/authorization/roles',
  skills: '/api/v2/routing/skills',
  languages: '/api/v2/routing/languages',
  locations: '/api/v2/locations',
  groups: '/api/v2/groups',
  teams: '/api/v2/teams',
  wrapupCodes: '/api/v2/routing/wrapupcodes',
  users: '/api/v2/users',
  queues: '/api/v2/routing/queues',
  flows: '/api/v2/flows',
  prompts: '/api/v2/architect/prompts',
  dataActions: '/api/v2/integrations/actions',
  schedules: '/api/v2/architect/schedules',
  scheduleGroups: '/api/v2/architect/schedulegroups',
  trunkBaseSettings: '/api/v2/telephony/providers/edges/trunkbasesettings',
  trunks: '/api/v2/telephony/providers/edges/trunks',
  skillGroups: '/api/v2/routing/skillgroups',
};

function addSelfUris(org: SimOrg): void {
  for (const [name, base] of Object.entries(SELF_URI_BASE)) {
    for (const e of org[name as CollectionName] as Array<{ id?: string; selfUri?: string }>)
      e.selfUri = `${base}/${e.id}`;
  }
  org.organization.selfUri = `/api/v2/organizations/${org.organization.id}`;
}

/** Archy's top-level YAML key for each flow type. */
const ARCHY_KEY: Readonly<Record<string, string>> = {
  BOT: 'bot',
  COMMONMODULE: 'commonModule',
  DIGITALBOT: 'digitalBot',
  EMAILSEND: 'emailSend',
  INBOUNDCALL: 'inboundCall',
  INBOUNDCHAT: 'inboundChat',
  INBOUNDEMAIL: 'inboundEmail',
  INBOUNDSHORTMESSAGE: 'inboundShortMessage',
  OUTBOUNDCALL: 'outboundCall',
  INQUEUECALL: 'inQueueCall',
  INQUEUEEMAIL: 'inQueueEmail',
  INQUEUESHORTMESSAGE: 'inQueueShortMessage',
  SPEECH: 'speech',
  SECURECALL: 'secureCall',
  SURVEYINVITE: 'surveyInvite',
  VOICE: 'voice',
  VOICEMAIL: 'voicemail',
  VOICESURVEY: 'voiceSurvey',
  WORKFLOW: 'workflow',
  WORKITEM: 'workitem',
};

/** The flow's Architect YAML; `draft` gives the text of a newer saved (unpublished) version. */
function flowYaml(flow: Models.Flow, deps: Models.Dependency[], draft = false): string {
  const key = ARCHY_KEY[flow.type ?? ''] ?? 'inboundCall';
  const lines = [
    `${key}:`,
    `  name: ${JSON.stringify(flow.name)}`,
    `  description: ${JSON.stringify(draft ? `${flow.description ?? ''} (draft: holiday routing)` : (flow.description ?? ''))}`,
    `  division: ${JSON.stringify(flow.division?.name ?? 'Home')}`,
    '  startUpRef: "/menus/menu[Main Menu_10]"',
    '  defaultLanguage: en-us',
    '  supportedLanguages:',
    '    en-us:',
    '      defaultLanguageSkill:',
    '        noValue: true',
    '  menus:',
    '    - menu:',
    '        name: Main Menu',
    '        refId: Main Menu_10',
    '        choices:',
  ];
  if (draft)
    lines.push(
      '          - menuDisconnect:',
      '              name: "Holiday closure"',
      '              dtmf: digit_0',
    );
  deps.forEach((d, i) => {
    lines.push(
      '          - menuTransferToAcd:',
      `              name: ${JSON.stringify(`Option ${i + 1}`)}`,
      `              dtmf: digit_${(i % 9) + 1}`,
      `              target: ${JSON.stringify(`${d.type}:${d.name}`)}`,
    );
  });
  return `${lines.join('\n')}\n`;
}

function dedupeById<T extends { id?: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((x) => {
    if (seen.has(x.id as string)) return false;
    seen.add(x.id as string);
    return true;
  });
}

function range(n: number): number[] {
  return Array.from({ length: Math.max(0, n) }, (_, i) => i);
}

export type { Random };

/** The SIP password a trunk base setting holds (tests check it never leaves the simulator). */
export function sipPassword(t: Models.TrunkBase): string {
  const prop = t.properties?.trunk_sip_authentication_credentials_password as unknown as
    | { value: { instance: string } }
    | undefined;
  return prop?.value.instance ?? '';
}
