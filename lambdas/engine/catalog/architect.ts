/** Catalog entries of Architect: schedules, schedule groups and user prompts (flows are `routing:flow`). */
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
