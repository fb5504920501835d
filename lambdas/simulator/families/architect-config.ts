/**
 * Architect configuration family (`architect:datatable`, `architect:flowmilestone`,
 * `architect:flowoutcome`, `architect:ivr`, `architect:emergencygroup`): data tables with their schema and
 * rows, flow milestones and outcomes, IVRs (DNIS numbers to flows by schedule group), emergency groups,
 * and what flows consume of them (dependency tracking).
 */
import type { Models } from 'purecloud-platform-client-v2';
import { dedupeById, dependency as dep } from '../dependency-tracking.ts';
import { apiError, notFound } from '../errors.ts';
import { bool } from '../listing.ts';
import type { DataTableRow } from '../model.ts';
import { pageByNumber } from '../paging.ts';
import type { Route } from '../route.ts';
import type { Family, FixtureContext } from './family.ts';
import { activeUsers, divisionRef, flowOfType, range, ref, suffix, ts } from './fixtures.ts';

type Column = {
  readonly name: string;
  readonly title: string;
  readonly type: 'string' | 'integer' | 'boolean';
};

const TABLES: ReadonlyArray<{ name: string; description: string; columns: readonly Column[] }> = [
  {
    name: 'Postal Code Routing',
    description: 'Postal code to region and queue',
    columns: [
      { name: 'key', title: 'Postal Code', type: 'string' },
      { name: 'region', title: 'Region', type: 'string' },
      { name: 'queueName', title: 'Queue Name', type: 'string' },
      { name: 'priority', title: 'Priority', type: 'integer' },
    ],
  },
  {
    name: 'Holiday Closures',
    description: 'Dates the contact center is closed',
    columns: [
      { name: 'key', title: 'Date', type: 'string' },
      { name: 'closed', title: 'Closed', type: 'boolean' },
      { name: 'message', title: 'Message', type: 'string' },
    ],
  },
  {
    name: 'VIP Accounts',
    description: 'Accounts routed to the premier queue',
    columns: [
      { name: 'key', title: 'Account Number', type: 'string' },
      { name: 'tier', title: 'Tier', type: 'string' },
      { name: 'vip', title: 'VIP', type: 'boolean' },
    ],
  },
  {
    name: 'Outage Messages',
    description: 'Messages played during known outages',
    columns: [
      { name: 'key', title: 'Service', type: 'string' },
      { name: 'active', title: 'Active', type: 'boolean' },
      { name: 'message', title: 'Message', type: 'string' },
    ],
  },
  {
    name: 'Store Locations',
    description: 'Store hours by store number',
    columns: [
      { name: 'key', title: 'Store Number', type: 'string' },
      { name: 'city', title: 'City', type: 'string' },
      { name: 'opensAtHour', title: 'Opens At', type: 'integer' },
    ],
  },
];

const REGIONS = ['North', 'South', 'East', 'West', 'Central'];

/** A table's schema as `expand=schema` returns it (Architect's JSON schema of the columns). */
function tableSchema(name: string, columns: readonly Column[]): Models.JsonSchemaDocument {
  return {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: name,
    type: 'object',
    required: ['key'],
    properties: Object.fromEntries(
      columns.map((c, i) => [
        c.name,
        { title: c.title, type: c.type, $id: `/properties/${c.name}`, displayOrder: i },
      ]),
    ),
    // The API answers `false`; the SDK types the field as `object` (test/schema/validate.ts allows both).
    additionalProperties: false as unknown as object,
  };
}

function rowValue(c: Column, row: number, r: FixtureContext['rnd']): string | number | boolean {
  if (c.type === 'boolean') return r.chance(0.5);
  if (c.type === 'integer') return 1 + r.int(9);
  if (c.name === 'region') return REGIONS[row % REGIONS.length] as string;
  return `${c.title} ${row + 1}`;
}

/** Data tables; the first has `dataTableRows` rows, the others a few each. Rows are in key order. */
export function dataTables({ counts, org, stream }: FixtureContext): void {
  const r = stream('architect:datatable');
  org.dataTables = range(counts.dataTables).map((i): Models.DataTable => {
    const t = TABLES[i % TABLES.length] as (typeof TABLES)[number];
    const name = `${t.name}${suffix(i, TABLES.length)}`;
    const table: Models.DataTable = {
      id: r.uuid(),
      name,
      division: divisionRef(r.pick(org.divisions)),
      description: t.description,
      schema: tableSchema(name, t.columns),
    };
    const rows = range(i === 0 ? counts.dataTableRows : 3 + r.int(8)).map((n): DataTableRow => {
      const row: DataTableRow = { key: String(10_000 + n) };
      for (const c of t.columns.slice(1)) row[c.name] = rowValue(c, n, r);
      return row;
    });
    org.dataTableRows.set(table.id as string, rows);
    return table;
  });
}

const MILESTONES = [
  'Caller Identified',
  'Caller Authenticated',
  'Payment Taken',
  'Reached Queue',
  'Callback Scheduled',
  'Survey Offered',
];
const OUTCOMES = [
  'Self-Service Success',
  'Transferred to Agent',
  'Abandoned in IVR',
  'Payment Completed',
  'Callback Requested',
  'Information Provided',
];

export function flowMilestones({ counts, org, stream }: FixtureContext): void {
  const r = stream('architect:flowmilestone');
  org.flowMilestones = range(counts.flowMilestones).map(
    (i): Models.FlowMilestone => ({
      id: r.uuid(),
      name: `${MILESTONES[i % MILESTONES.length]}${suffix(i, MILESTONES.length)}`,
      division: divisionRef(r.pick(org.divisions)),
      description: 'Reported by flows when reached',
    }),
  );
}

export function flowOutcomes({ counts, org, stream }: FixtureContext): void {
  const r = stream('architect:flowoutcome');
  org.flowOutcomes = range(counts.flowOutcomes).map(
    (i): Models.FlowOutcome => ({
      id: r.uuid(),
      name: `${OUTCOMES[i % OUTCOMES.length]}${suffix(i, OUTCOMES.length)}`,
      division: divisionRef(r.pick(org.divisions)),
      description: 'Reported by flows when the interaction ends',
    }),
  );
}

const IVR_WORDS = ['Main Line', 'Support Line', 'Sales Line', 'Claims Line', 'Billing Line', 'Spanish Line'];

/**
 * IVRs: one or two DNIS numbers each, open and closed hours on inbound call flows, holidays on some, and a
 * schedule group. One in fifty is inactive.
 */
export function ivrs({ counts, org, stream }: FixtureContext): void {
  const r = stream('architect:ivr');
  const inbound = org.flows.filter((f) => f.type === 'INBOUNDCALL' && !f.system && f.active);
  const editors = activeUsers(org);
  const editor = () => (editors.length ? (r.pick(editors).id as string) : r.uuid());
  let number = 0;
  org.ivrs = range(inbound.length ? counts.ivrs : 0).map((i): Models.IVR => {
    const dnis = range(1 + r.int(2)).map(() => `+1317555${String(1_000 + number++).padStart(4, '0')}`);
    const open = inbound[i % inbound.length] as Models.Flow;
    const closed = r.pick(inbound);
    return {
      id: r.uuid(),
      name: `${IVR_WORDS[i % IVR_WORDS.length]}${suffix(i, IVR_WORDS.length)}`,
      division: divisionRef(r.pick(org.divisions)),
      description: `Routes ${dnis.join(', ')}`,
      version: 1 + r.int(5),
      dateCreated: ts(500 + r.int(200)),
      dateModified: ts(r.int(200)),
      createdBy: editor(),
      modifiedBy: editor(),
      state: i % 50 === 49 ? 'inactive' : 'active',
      dnis,
      openHoursFlow: ref(open),
      closedHoursFlow: ref(closed),
      ...(r.chance(0.5) ? { holidayHoursFlow: ref(r.pick(inbound)) } : {}),
      ...(org.scheduleGroups.length ? { scheduleGroup: ref(r.pick(org.scheduleGroups)) } : {}),
    };
  });
}

/** Emergency groups: an inbound call flow to run in an emergency, for some of the IVRs. */
export function emergencyGroups({ counts, org, stream }: FixtureContext): void {
  const r = stream('architect:emergencygroup');
  const inbound = org.flows.filter((f) => f.type === 'INBOUNDCALL' && !f.system && f.active);
  org.emergencyGroups = range(inbound.length ? counts.emergencyGroups : 0).map(
    (i): Models.EmergencyGroup => ({
      id: r.uuid(),
      name: `${['Building Evacuation', 'Severe Weather', 'System Outage'][i % 3]}${suffix(i, 3)}`,
      division: divisionRef(r.pick(org.divisions)),
      description: 'Emergency routing',
      version: 1 + r.int(3),
      dateCreated: ts(400),
      dateModified: ts(r.int(100)),
      state: 'active',
      enabled: i === 0 ? false : r.chance(0.2),
      emergencyCallFlows: [
        {
          emergencyFlow: ref(r.pick(inbound)),
          ivrs: r.sample(org.ivrs, Math.min(org.ivrs.length, 1 + r.int(3))).map(ref),
        },
      ],
    }),
  );
}

/**
 * What flows consume of the above: inbound call and email flows, modules and workflows look up data
 * tables and report milestones and outcomes; the workitem flow uses a utilization label; the outbound
 * call flow (which no flow, queue or IVR points at, so no cycle forms) uses an IVR and an emergency group.
 */
export function flowDependencies({ org, stream }: FixtureContext): void {
  const r = stream('architect:flowdependencies');
  const { dataTables, flowMilestones, flowOutcomes, ivrs, emergencyGroups, utilizationLabels } = org;
  const add = (flow: Models.Flow | undefined, deps: Models.Dependency[]) => {
    if (!flow?.id || !deps.length) return;
    org.flowDependencies.set(flow.id, dedupeById([...(org.flowDependencies.get(flow.id) ?? []), ...deps]));
  };
  const types = new Set(['INBOUNDCALL', 'INBOUNDEMAIL', 'COMMONMODULE', 'WORKFLOW', 'INBOUNDSHORTMESSAGE']);
  const users = org.flows.filter((f) => !f.system && types.has(f.type ?? ''));
  users.forEach((f, i) => {
    const deps: Models.Dependency[] = [];
    if (dataTables.length && (i === 0 || r.chance(0.4))) deps.push(dep(r.pick(dataTables), 'DATATABLE'));
    if (flowMilestones.length && (i === 0 || r.chance(0.3)))
      deps.push(dep(r.pick(flowMilestones), 'FLOWMILESTONE'));
    if (flowOutcomes.length && (i === 0 || r.chance(0.3)))
      deps.push(dep(r.pick(flowOutcomes), 'FLOWOUTCOME'));
    add(f, deps);
  });
  const label = utilizationLabels[1];
  if (label) add(flowOfType(org, 'WORKITEM'), [dep(label, 'UTILIZATIONLABEL')]);
  const outbound = flowOfType(org, 'OUTBOUNDCALL');
  if (ivrs[0]) add(outbound, [dep(ivrs[0], 'IVRCONFIGURATION')]);
  if (emergencyGroups[0]) add(outbound, [dep(emergencyGroups[0], 'EMERGENCYGROUP')]);
}

/** Data tables carry their schema only with `expand=schema`. */
function projectDataTable(e: Record<string, unknown>, q: URLSearchParams): Record<string, unknown> {
  if (q.getAll('expand').some((x) => x.split(',').includes('schema'))) return e;
  const { schema: _s, ...rest } = e;
  return rest;
}

/**
 * `GET /api/v2/flows/datatables/{datatableId}/rows`: by key, `showbrief` (default true) gives only each
 * row's `key`.
 */
function rowsRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/flows/datatables/{datatableId}/rows',
    permissions: ['architect:datatable:view'],
    handle: ({ org, params, query, path }) => {
      const rows = org.dataTableRows.get(params.datatableId ?? '');
      if (!rows) return notFound(path);
      const order = query.get('sortOrder');
      if (order !== null && order !== 'ascending' && order !== 'descending')
        return apiError(
          400,
          'bad.request',
          `Value [${order}] is not valid for field type [SortOrder]. Allowable values are: ascending, descending`,
        );
      const brief = bool(query, 'showbrief') ?? true;
      const shown = rows.map((row) => (brief ? { key: row.key } : row));
      if (order === 'descending') shown.reverse();
      return pageByNumber(shown, path, query, { maxPageSize: 'undocumented' });
    },
  };
}

export const architectConfigFamily: Family = {
  name: 'architect:datatable, architect:flowmilestone, architect:flowoutcome, architect:ivr, architect:emergencygroup',
  listings: [
    {
      base: '/api/v2/flows/datatables',
      idParam: 'datatableId',
      collection: 'dataTables',
      permissions: ['architect:datatable:view'],
      maxPageSize: 'undocumented',
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'id',
      project: projectDataTable,
      single: true,
    },
    {
      base: '/api/v2/flows/milestones',
      idParam: 'milestoneId',
      collection: 'flowMilestones',
      permissions: ['architect:flowMilestone:view'],
      maxPageSize: 'undocumented',
      paging: 'pageNumber',
      idFilter: true,
      idsOverrideFilters: true,
      sortBy: 'id',
      single: true,
    },
    {
      base: '/api/v2/flows/outcomes',
      idParam: 'flowOutcomeId',
      collection: 'flowOutcomes',
      permissions: ['architect:flowOutcome:view'],
      maxPageSize: 'undocumented',
      paging: 'pageNumber',
      idFilter: true,
      idsOverrideFilters: true,
      sortBy: 'id',
      single: true,
    },
    {
      base: '/api/v2/architect/ivrs',
      idParam: 'ivrId',
      collection: 'ivrs',
      permissions: ['routing:callRoute:view'],
      maxPageSize: 'undocumented',
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'name',
      single: true,
    },
    {
      base: '/api/v2/architect/emergencygroups',
      idParam: 'emergencyGroupId',
      collection: 'emergencyGroups',
      permissions: ['routing:emergencyGroup:view'],
      maxPageSize: 'undocumented',
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'name',
      single: true,
    },
  ],
  routes: () => [rowsRoute()],
  fixtures: [dataTables, flowMilestones, flowOutcomes, ivrs, emergencyGroups, flowDependencies],
};
