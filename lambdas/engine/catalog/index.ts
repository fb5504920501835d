/**
 * The resource catalog: one entry per exported type. Paths, query parameters and page sizes follow the
 * official SDK (`purecloud-platform-client-v2`); adding a type means adding an entry here.
 */
import { UsageError } from '../errors.ts';
import { withQuery } from '../genesys/paging.ts';
import type { Entity, ReferenceRule, ResourceTypeDefinition } from './types.ts';

export type { Entity, ReferenceRule, ResourceTypeDefinition, SubResource } from './types.ts';

const division: ReferenceRule = { path: 'division', type: 'authorization:division' };

/**
 * Dependency-tracking object types (the SDK's `DependencyObject.type` / `objectType` enum,
 * platform-client-sdk docs `ArchitectApi.md`, getArchitectDependencytracking) -> catalog types; every
 * `...FLOW` type and `WORKFLOW` is a flow. Other types are not exported by cx-export and are reported as
 * unresolved references by their own name.
 * `LANGUAGE` is Architect's language object, not a routing language (that is `ACDLANGUAGE`).
 */
export const DEPENDENCY_TYPES: Readonly<Record<string, string>> = {
  QUEUE: 'routing:queue',
  ACDSKILL: 'routing:skill',
  ACDLANGUAGE: 'routing:language',
  ACDWRAPUPCODE: 'organization:wrapupcode',
  DATAACTION: 'integration:action',
  USERPROMPT: 'architect:userprompt',
  SCHEDULE: 'architect:schedule',
  SCHEDULEGROUP: 'architect:schedulegroup',
  USER: 'admin:user',
  GROUP: 'admin:group',
  DIVISION: 'authorization:division',
};

/**
 * The flow object types of dependency tracking (same SDK enum). A flow type without one (SPEECH) has no
 * consumed resources to read; an unknown `...FLOW` dependency is still taken for a flow.
 */
const FLOW_OBJECT_TYPES: ReadonlySet<string> = new Set([
  'BOTFLOW',
  'COMMONMODULEFLOW',
  'DIGITALBOTFLOW',
  'EMAILSENDFLOW',
  'INBOUNDCALLFLOW',
  'INBOUNDCHATFLOW',
  'INBOUNDEMAILFLOW',
  'INBOUNDSHORTMESSAGEFLOW',
  'INQUEUECALLFLOW',
  'INQUEUEEMAILFLOW',
  'INQUEUESHORTMESSAGEFLOW',
  'OUTBOUNDCALLFLOW',
  'SECURECALLFLOW',
  'SURVEYINVITEFLOW',
  'VOICEFLOW',
  'VOICEMAILFLOW',
  'VOICESURVEYFLOW',
  'WORKFLOW',
  'WORKITEMFLOW',
]);
const isFlowObjectType = (t: string) => FLOW_OBJECT_TYPES.has(t) || t.endsWith('FLOW');

/** A dependency's catalog type, or its own upper-case name when cx-export does not export that type. */
export function dependencyType(d: Entity): string | undefined {
  const raw = typeof d.type === 'string' ? d.type.toUpperCase() : undefined;
  if (!raw) return undefined;
  return DEPENDENCY_TYPES[raw] ?? (isFlowObjectType(raw) ? 'routing:flow' : raw);
}

/**
 * Flow `type` (upper case in bodies, compared case-insensitively) -> the dependency-tracking `objectType`
 * of its versions: `<TYPE>FLOW`, except workflows (`WORKFLOW`).
 */
export function flowObjectType(flowType: unknown): string | undefined {
  if (typeof flowType !== 'string' || !flowType) return undefined;
  const t = flowType.toUpperCase();
  const objectType = t === 'WORKFLOW' ? t : `${t}FLOW`;
  return FLOW_OBJECT_TYPES.has(objectType) ? objectType : undefined;
}

const versionId = (v: unknown): string | undefined =>
  v && typeof v === 'object' ? ((v as Entity).id as string | undefined) : undefined;
const activeState = (e: Entity) => e.state === undefined || e.state === 'active';

export const CATALOG: readonly ResourceTypeDefinition[] = [
  {
    name: 'authorization:division',
    aliases: ['genesyscloud_auth_division', 'division'],
    folder: 'authorization/division',
    rank: 0,
    list: { path: '/api/v2/authorization/divisions', paging: 'pageNumber', pageSize: 100, idFilter: true },
    permissions: [],
    references: [],
    volatile: ['objectCounts'],
  },
  {
    name: 'authorization:role',
    aliases: ['genesyscloud_auth_role', 'role'],
    folder: 'authorization/role',
    rank: 1,
    list: { path: '/api/v2/authorization/roles', paging: 'pageNumber', pageSize: 100, idFilter: true },
    permissions: ['authorization:role:view'],
    isActive: (e) => e.default !== true,
    references: [],
    volatile: ['userCount', 'roleNeedsUpdate', 'dateLicenseLastUpdated', 'unusedPermissions'],
  },
  {
    name: 'routing:skill',
    aliases: ['genesyscloud_routing_skill', 'skill'],
    folder: 'routing/skill',
    rank: 2,
    list: { path: '/api/v2/routing/skills', paging: 'pageNumber', pageSize: 500, idFilter: true },
    permissions: ['routing:skill:view'],
    isActive: activeState,
    references: [division],
  },
  {
    name: 'routing:language',
    aliases: ['genesyscloud_routing_language', 'language'],
    folder: 'routing/language',
    rank: 2,
    list: { path: '/api/v2/routing/languages', paging: 'pageNumber', pageSize: 100, idFilter: true },
    permissions: [],
    isActive: activeState,
    references: [],
  },
  {
    name: 'organization:wrapupcode',
    aliases: ['genesyscloud_routing_wrapupcode', 'routing:wrapupcode', 'wrapupcode'],
    folder: 'organization/wrapupcode',
    rank: 2,
    list: { path: '/api/v2/routing/wrapupcodes', paging: 'pageNumber', pageSize: 500, idFilter: true },
    permissions: ['routing:wrapupCode:view'],
    references: [division],
    volatile: ['createdBy'],
  },
  {
    name: 'organization:location',
    aliases: ['genesyscloud_location', 'location'],
    folder: 'organization/location',
    rank: 2,
    list: { path: '/api/v2/locations', paging: 'pageNumber', pageSize: 100, idFilter: true },
    permissions: [],
    isActive: activeState,
    references: [{ path: 'contactUser', type: 'admin:user' }],
    volatile: ['addressVerificationDetails', 'images', 'profileImage', 'floorplanImage'],
  },
  {
    name: 'admin:group',
    aliases: ['genesyscloud_group', 'group'],
    folder: 'admin/group',
    rank: 3,
    list: { path: '/api/v2/groups', paging: 'pageNumber', pageSize: 500, idFilter: true },
    permissions: [],
    isActive: activeState,
    references: [{ path: 'owners[]', type: 'admin:user' }],
    volatile: ['memberCount', 'images'],
  },
  {
    name: 'admin:team',
    aliases: ['genesyscloud_team', 'team'],
    folder: 'admin/team',
    rank: 3,
    list: {
      path: '/api/v2/teams',
      paging: 'cursor',
      pageSize: 100,
      query: { expand: 'entities.division' },
      idFilter: false,
    },
    permissions: ['groups:team:view'],
    references: [division],
    volatile: ['memberCount'],
  },
  {
    name: 'admin:user',
    aliases: ['genesyscloud_user', 'user'],
    folder: 'admin/user',
    rank: 4,
    list: {
      path: '/api/v2/users',
      paging: 'pageNumber',
      pageSize: 500,
      idFilter: true,
      query: {
        expand: [
          'skills',
          'languages',
          'locations',
          'groups',
          'team',
          'profileSkills',
          'certifications',
          'employerInfo',
        ],
      },
      includeAllPasses: [{ state: 'active' }, { state: 'inactive' }, { state: 'deleted' }],
      maxResults: 10_000,
      reverseQuery: { sortOrder: 'DESC' },
      byIdQuery: { state: 'any' },
    },
    permissions: [],
    isActive: activeState,
    references: [
      division,
      { path: 'manager', type: 'admin:user' },
      { path: 'skills[]', type: 'routing:skill' },
      { path: 'languages[]', type: 'routing:language' },
      { path: 'locations[].locationDefinition', type: 'organization:location' },
      { path: 'groups[]', type: 'admin:group' },
      { path: 'team', type: 'admin:team' },
    ],
    volatile: [
      'presence',
      'integrationPresence',
      'routingStatus',
      'station',
      'conversationSummary',
      'outOfOffice',
      'geolocation',
      'dateLastLogin',
      'lastTokenIssued',
      'dateWelcomeSent',
      'images',
      'skills[].state',
      'skills[].skillUri',
      'languages[].state',
      'languages[].languageUri',
      'groups[].memberCount',
      'groups[].dateModified',
      'groups[].version',
      'groups[].state',
      'team.memberCount',
      'team.dateModified',
    ],
  },
  {
    name: 'architect:schedule',
    aliases: ['genesyscloud_architect_schedules', 'schedule'],
    folder: 'architect/schedule',
    rank: 2,
    list: { path: '/api/v2/architect/schedules', paging: 'pageNumber', pageSize: 100, idFilter: false },
    permissions: ['routing:schedule:view'],
    isActive: activeState,
    references: [division],
  },
  {
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
  },
  {
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
  },
  {
    name: 'integration:action',
    aliases: ['genesyscloud_integration_action', 'dataaction'],
    folder: 'integration/action',
    rank: 2,
    list: { path: '/api/v2/integrations/actions', paging: 'pageNumber', pageSize: 100, idFilter: false },
    permissions: ['integrations:action:view'],
    // The listing has no config (request template, URL, headers) and no contract.
    detail: {
      path: (e) =>
        withQuery(`/api/v2/integrations/actions/${encodeURIComponent(String(e.id))}`, {
          expand: 'contract',
          includeConfig: 'true',
        }),
      permissions: ['integrations:action:view'],
    },
    references: [{ path: 'integrationId', type: 'integration' }],
    secrets: [
      'config.request.headers.Authorization',
      'config.request.headers.authorization',
      'config.request.headers.x-api-key',
    ],
  },
  {
    name: 'telephony:trunkbasesettings',
    aliases: ['genesyscloud_telephony_providers_edges_trunkbasesettings', 'trunkbasesettings'],
    folder: 'telephony/trunkbasesettings',
    rank: 2,
    list: {
      path: '/api/v2/telephony/providers/edges/trunkbasesettings',
      paging: 'pageNumber',
      pageSize: 100,
      idFilter: false,
      exclude: (e) => String(e.trunkType ?? '').toUpperCase() === 'EDGE',
    },
    permissions: ['telephony:plugin:all'],
    isActive: activeState,
    references: [],
    secrets: [
      'properties.*password*.value',
      'properties.*secret*.value',
      'properties.*credentials_username*.value',
    ],
  },
  {
    name: 'telephony:trunk',
    aliases: ['genesyscloud_telephony_providers_edges_trunk', 'trunk'],
    folder: 'telephony/trunk',
    rank: 3,
    list: {
      path: '/api/v2/telephony/providers/edges/trunks',
      paging: 'pageNumber',
      pageSize: 100,
      idFilter: false,
    },
    permissions: ['telephony:plugin:all'],
    isActive: activeState,
    references: [division, { path: 'trunkBase', type: 'telephony:trunkbasesettings' }],
    volatile: [
      'connectedStatus',
      'optionsStatus',
      'registersStatus',
      'ipStatus',
      'inService',
      'optionsEnabledStatus',
      'registersEnabledStatus',
    ],
  },
  {
    name: 'routing:queue',
    aliases: ['genesyscloud_routing_queue', 'queue'],
    folder: 'routing/queue',
    rank: 5,
    list: { path: '/api/v2/routing/queues', paging: 'pageNumber', pageSize: 500, idFilter: true },
    permissions: ['routing:queue:view'],
    subResources: [
      {
        field: 'wrapupCodes',
        permissions: ['routing:queue:view'],
        path: (e) =>
          withQuery(`/api/v2/routing/queues/${encodeURIComponent(String(e.id))}/wrapupcodes`, {
            pageSize: '100',
          }),
        map: (w) => ({ id: w.id, name: w.name }),
      },
      {
        field: 'members',
        permissions: ['routing:queue:view'],
        path: (e) =>
          // Direct members only: members through groups are the queue's `memberGroups`.
          withQuery(`/api/v2/routing/queues/${encodeURIComponent(String(e.id))}/members`, {
            pageSize: '100',
            memberBy: 'user',
          }),
        map: (m) => ({ id: m.id, name: m.name, ringNumber: m.ringNumber }),
      },
    ],
    references: [
      division,
      { path: 'bullseye.rings[].actions.skillsToRemove[]', type: 'routing:skill' },
      { path: 'bullseye.rings[].memberGroups[]', type: (g) => memberGroupType(g) },
      { path: 'memberGroups[]', type: (g) => memberGroupType(g) },
      { path: 'conditionalGroupRouting.rules[].queue', type: 'routing:queue' },
      { path: 'conditionalGroupRouting.rules[].groups[]', type: (g) => memberGroupType(g) },
      { path: 'queueFlow', type: 'routing:flow' },
      { path: 'emailInQueueFlow', type: 'routing:flow' },
      { path: 'messageInQueueFlow', type: 'routing:flow' },
      { path: 'whisperPrompt', type: 'architect:userprompt' },
      { path: 'onHoldPrompt', type: 'architect:userprompt' },
      { path: 'directRouting.backupQueueId', type: 'routing:queue' },
      { path: 'wrapupCodes[]', type: 'organization:wrapupcode' },
      { path: 'members[]', type: 'admin:user' },
    ],
    volatile: [
      'memberCount',
      'userMemberCount',
      'joinedMemberCount',
      'createdBy',
      'memberGroups[].memberCount',
    ],
  },
  {
    name: 'routing:flow',
    aliases: ['genesyscloud_flow', 'architect:flow', 'flow'],
    folder: 'routing/flow',
    rank: 6,
    list: {
      path: '/api/v2/flows',
      paging: 'pageNumber',
      pageSize: 500,
      idFilter: true,
      includeAllQuery: { deleted: 'true' },
      // `id=` on /api/v2/flows is deprecated (and ignores the other filters): the SDK points to lookup.
      byIdPath: '/api/v2/flows/lookup',
    },
    permissions: ['architect:flow:view'],
    isActive: (e) => e.active === true && e.system !== true && e.deleted !== true,
    flowDefinition: true,
    subResources: [
      {
        field: 'consumedResources',
        permissions: ['architect:dependencyTracking:view'],
        path: (e) => {
          const version = versionId(e.publishedVersion) ?? versionId(e.checkedInVersion);
          const objectType = flowObjectType(e.type);
          if (!version || !objectType) return undefined;
          return withQuery('/api/v2/architect/dependencytracking/consumedresources', {
            id: String(e.id),
            version,
            objectType,
            pageSize: '100',
          });
        },
        map: (d) => ({ id: d.id, name: d.name, type: d.type }),
      },
    ],
    references: [division, { path: 'consumedResources[]', type: dependencyType }],
    volatile: ['lockedUser', 'lockedClient', 'currentOperation', 'savedVersion', 'debugVersion'],
  },
];

/** Queue member groups are `GROUP`, `TEAM` or `SKILLGROUP` (the last is not exported: reported by name). */
function memberGroupType(g: Entity): string | undefined {
  const t = String(g.type ?? '').toUpperCase();
  return t === 'GROUP' ? 'admin:group' : t === 'TEAM' ? 'admin:team' : t || undefined;
}

/** Fields removed from every type: they change on every save or are derivable. */
export const COMMON_VOLATILE: readonly string[] = [
  'selfUri',
  'dateModified',
  'modifiedBy',
  'modifiedByApp',
  'version',
];

const BY_NAME = new Map<string, ResourceTypeDefinition>();
for (const t of CATALOG) {
  for (const n of [t.name, ...t.aliases]) BY_NAME.set(n.toLowerCase(), t);
}

export function typeByName(name: string): ResourceTypeDefinition | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

export function requireType(name: string): ResourceTypeDefinition {
  const t = typeByName(name);
  if (!t) throw new Error(`unknown resource type ${name}`);
  return t;
}

/** Resolves `--resourceTypes` (names or aliases) to canonical names, refusing unknown ones by name. */
export function resolveTypeNames(names: readonly string[], flag = '--resourceTypes'): string[] {
  const unknown = names.filter((n) => !typeByName(n));
  if (unknown.length) {
    throw new UsageError(
      `${flag}: unknown resource type${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')} (known: ${CATALOG.map((t) => t.name).join(', ')})`,
    );
  }
  return [...new Set(names.map((n) => (typeByName(n) as ResourceTypeDefinition).name))];
}
