/**
 * Catalog entries of Architect: schedules, schedule groups, user prompts, data tables, flow milestones
 * and outcomes, IVRs and emergency groups (flows are `routing:flow`).
 */
import { withQuery } from '../genesys/paging.ts';
import { activeState, division } from './common.ts';
import type { CatalogEntry } from './types.ts';

export const architectSchedule: CatalogEntry = {
  name: 'architect:schedule',
  aliases: ['genesyscloud_architect_schedules', 'schedule'],
  folder: 'architect/schedule',
  rank: 2,
  list: { path: '/api/v2/architect/schedules', paging: 'pageNumber', pageSize: 100, idFilter: false },
  permissions: ['routing:schedule:view'],
  isActive: activeState,
  references: [division],
};

export const architectScheduleGroup: CatalogEntry = {
  name: 'architect:schedulegroup',
  aliases: ['genesyscloud_architect_schedulegroups', 'schedulegroup'],
  folder: 'architect/schedulegroup',
  rank: 3,
  list: { path: '/api/v2/architect/schedulegroups', paging: 'pageNumber', pageSize: 100, idFilter: false },
  permissions: ['routing:scheduleGroup:view'],
  isActive: activeState,
  references: [
    division,
    { path: 'openSchedules[]', type: 'architect:schedule' },
    { path: 'closedSchedules[]', type: 'architect:schedule' },
    { path: 'holidaySchedules[]', type: 'architect:schedule' },
  ],
};

export const architectUserPrompt: CatalogEntry = {
  name: 'architect:userprompt',
  aliases: ['genesyscloud_architect_user_prompt', 'prompt'],
  folder: 'architect/userprompt',
  rank: 2,
  list: { path: '/api/v2/architect/prompts', paging: 'pageNumber', pageSize: 100, idFilter: false },
  permissions: ['architect:userPrompt:view'],
  references: [division],
  volatile: [
    'currentOperation',
    'resources[].uploadStatus',
    'resources[].uploadUri',
    'resources[].mediaUri',
    'resources[].durationSeconds',
  ],
};

/**
 * Audit fields of IVRs and emergency groups (SDK models `IVR`, `EmergencyGroup`): who created them, when,
 * and their lifecycle `state` (`active|inactive|deleted`); the modification fields are in COMMON_VOLATILE.
 */
const AUDITED: readonly string[] = ['dateCreated', 'createdBy', 'createdByApp', 'state'];

/*
 * Page sizes: the SDK documents no maximum for the listings below (its docs say only "default to 25");
 * 100 is what the Terraform provider's exporter asks for on each of them.
 */

/**
 * Data tables with their schema (`expand=schema`, listed and read by ID) and their rows, read per table
 * with `showbrief=false` (the default `true` gives only each row's `key`). No endpoint reads the rows of
 * several tables at once; a table costs ceil(rows / 100) requests.
 */
export const architectDataTable: CatalogEntry = {
  name: 'architect:datatable',
  aliases: ['genesyscloud_architect_datatable', 'genesyscloud_architect_datatable_row', 'datatable'],
  folder: 'architect/datatable',
  rank: 2,
  list: {
    path: '/api/v2/flows/datatables',
    paging: 'pageNumber',
    pageSize: 100,
    query: { expand: 'schema' },
    idFilter: false,
    byIdQuery: { expand: 'schema' },
  },
  permissions: ['architect:datatable:view'],
  subResources: [
    {
      field: 'rows',
      // The rows endpoint takes architect:datatable:view or architect:datatableRow:view.
      permissions: ['architect:datatable:view'],
      path: (e) =>
        withQuery(`/api/v2/flows/datatables/${encodeURIComponent(String(e.id))}/rows`, {
          pageSize: '100',
          showbrief: 'false',
          sortOrder: 'ascending',
        }),
      // Each row is a flat map of column -> value, its primary key in `key`: kept whole.
      map: (row) => row,
    },
  ],
  references: [division],
  changes: {
    method: 'full',
    unseen:
      "rows change through their own endpoints; the SDK's DataTable has no version or modification stamp",
  },
};

export const architectFlowMilestone: CatalogEntry = {
  name: 'architect:flowmilestone',
  aliases: ['genesyscloud_flow_milestone', 'flowmilestone'],
  folder: 'architect/flowmilestone',
  rank: 2,
  list: { path: '/api/v2/flows/milestones', paging: 'pageNumber', pageSize: 100, idFilter: true },
  permissions: ['architect:flowMilestone:view'],
  references: [division],
};

export const architectFlowOutcome: CatalogEntry = {
  name: 'architect:flowoutcome',
  aliases: ['genesyscloud_flow_outcome', 'flowoutcome'],
  folder: 'architect/flowoutcome',
  rank: 2,
  list: { path: '/api/v2/flows/outcomes', paging: 'pageNumber', pageSize: 100, idFilter: true },
  permissions: ['architect:flowOutcome:view'],
  references: [division],
  volatile: ['currentOperation'],
};

/** IVRs (DNIS numbers to flows by schedule): after the flows and the schedule group they point at. */
export const architectIvr: CatalogEntry = {
  name: 'architect:ivr',
  aliases: ['genesyscloud_architect_ivr', 'ivr'],
  folder: 'architect/ivr',
  rank: 7,
  list: { path: '/api/v2/architect/ivrs', paging: 'pageNumber', pageSize: 100, idFilter: false },
  permissions: ['routing:callRoute:view'],
  isActive: activeState,
  references: [
    division,
    { path: 'openHoursFlow', type: 'routing:flow' },
    { path: 'closedHoursFlow', type: 'routing:flow' },
    { path: 'holidayHoursFlow', type: 'routing:flow' },
    { path: 'scheduleGroup', type: 'architect:schedulegroup' },
  ],
  volatile: AUDITED,
};

/** Emergency groups: after the emergency flows and the IVRs they apply to. */
export const architectEmergencyGroup: CatalogEntry = {
  name: 'architect:emergencygroup',
  aliases: ['genesyscloud_architect_emergencygroup', 'emergencygroup'],
  folder: 'architect/emergencygroup',
  rank: 8,
  list: { path: '/api/v2/architect/emergencygroups', paging: 'pageNumber', pageSize: 100, idFilter: false },
  permissions: ['routing:emergencyGroup:view'],
  isActive: activeState,
  references: [
    division,
    { path: 'emergencyCallFlows[].emergencyFlow', type: 'routing:flow' },
    { path: 'emergencyCallFlows[].ivrs[]', type: 'architect:ivr' },
  ],
  volatile: AUDITED,
};
