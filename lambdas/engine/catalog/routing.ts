/**
 * Catalog entries of the routing area: skills, languages, queues, flows, utilization labels, skill groups
 * and SMS addresses.
 */
import { withQuery } from '../genesys/paging.ts';
import { activeState, division } from './common.ts';
import { dependencyType, flowObjectType } from './dependency-types.ts';
import type { CatalogEntry, Entity } from './types.ts';

const versionId = (v: unknown): string | undefined =>
  v && typeof v === 'object' ? ((v as Entity).id as string | undefined) : undefined;

const MEMBER_GROUP_TYPES: Readonly<Record<string, string>> = {
  GROUP: 'admin:group',
  TEAM: 'admin:team',
  SKILLGROUP: 'routing:skillgroup',
};

/** Queue member groups are `GROUP`, `TEAM` or `SKILLGROUP`; another type is reported by its own name. */
function memberGroupType(g: Entity): string | undefined {
  const t = String(g.type ?? '').toUpperCase();
  return MEMBER_GROUP_TYPES[t] ?? (t || undefined);
}

export const routingSkill: CatalogEntry = {
  name: 'routing:skill',
  aliases: ['genesyscloud_routing_skill', 'skill'],
  folder: 'routing/skill',
  rank: 2,
  list: { path: '/api/v2/routing/skills', paging: 'pageNumber', pageSize: 500, idFilter: true },
  permissions: ['routing:skill:view'],
  isActive: activeState,
  references: [division],
};

export const routingLanguage: CatalogEntry = {
  name: 'routing:language',
  aliases: ['genesyscloud_routing_language', 'language'],
  folder: 'routing/language',
  rank: 2,
  list: { path: '/api/v2/routing/languages', paging: 'pageNumber', pageSize: 100, idFilter: true },
  permissions: [],
  isActive: activeState,
  references: [],
};

export const routingQueue: CatalogEntry = {
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
      copies: { type: 'organization:wrapupcode', fields: ['name'] },
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
      // A member's `id` and `name` are its user's (QueueMember.user); `ringNumber` is the queue's own.
      copies: { type: 'admin:user', fields: ['name'] },
    },
  ],
  changes: {
    method: 'audit',
    service: 'Routing',
    entityTypes: ['Queue'],
    unseen:
      "members and wrap-up codes change through the queue's own sub-resource endpoints, which the listing does not show: the audit names the queue (MemberAdd/MemberRemove/MemberUpdate; a wrap-up code added or removed is assumed to be audited as the queue's Update, which no documentation confirms). A member's and a wrap-up code's name come from the user and the code: refreshed from their listings; the queue's sub-resources are read again when a user or code it lists is not in this run's listing (deleted, inactive: a deleted one leaves the queue without an entry for the queue)",
  },
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
    // A map of media type to script.
    { path: 'defaultScripts.*', type: 'script:script' },
  ],
  volatile: [
    'memberCount',
    'userMemberCount',
    'joinedMemberCount',
    'createdBy',
    'memberGroups[].memberCount',
  ],
};

export const routingFlow: CatalogEntry = {
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
  // The SDK's Flow has no version or modification stamp: its published and checked-in version IDs are.
  changes: {
    method: 'stamp',
    fields: ['publishedVersion.id', 'checkedInVersion.id'],
    unseen:
      'dependency tracking rebuilt without a new flow version; names of consumed resources (a flow is read again when anything it references changed)',
  },
  references: [division, { path: 'consumedResources[]', type: dependencyType }],
  volatile: ['lockedUser', 'lockedClient', 'currentOperation', 'savedVersion', 'debugVersion'],
};

/*
 * Page sizes of the types below: the SDK documents no maximum for these listings (its docs say only
 * "default to 25"); 100 is what the Terraform provider's exporter asks for on each of them.
 */

/**
 * Utilization labels. The platform's own "System Default Label" is exported only when referenced or with
 * --includeAllResources (Terraform exports it as a data source, not a resource).
 */
export const routingUtilizationLabel: CatalogEntry = {
  name: 'routing:utilizationlabel',
  aliases: ['genesyscloud_routing_utilization_label', 'utilizationlabel'],
  folder: 'routing/utilizationlabel',
  rank: 2,
  list: { path: '/api/v2/routing/utilization/labels', paging: 'pageNumber', pageSize: 100, idFilter: false },
  permissions: ['routing:utilization:view'],
  isActive: (e) => e.name !== 'System Default Label',
  references: [],
};

/**
 * Skill groups: listed by cursor (`after`, followed through `nextUri`; the listing has no totals), each
 * read by ID for its `skillConditions` (the listing's `SkillGroupDefinition` has none) and its member
 * divisions (`/members/divisions`, unpaged). Conditions name skills and languages by name, not ID: they
 * are not references.
 */
export const routingSkillGroup: CatalogEntry = {
  name: 'routing:skillgroup',
  aliases: ['genesyscloud_routing_skill_group', 'skillgroup'],
  folder: 'routing/skillgroup',
  rank: 3,
  list: { path: '/api/v2/routing/skillgroups', paging: 'cursor', pageSize: 100, idFilter: false },
  permissions: ['routing:skillGroup:view'],
  detail: {
    path: (e) => `/api/v2/routing/skillgroups/${encodeURIComponent(String(e.id))}`,
    permissions: ['routing:skillGroup:view'],
  },
  subResources: [
    {
      field: 'memberDivisions',
      permissions: ['routing:skillGroup:view'],
      path: (e) => `/api/v2/routing/skillgroups/${encodeURIComponent(String(e.id))}/members/divisions`,
      map: (d) => ({ id: d.id, name: d.name }),
    },
  ],
  // The listing's SkillGroupDefinition carries `dateModified` ("last modified date/time of the skill
  // group"): it stamps the group's own definition, `skillConditions` included, so the detail read is
  // skipped when it has not moved. Member divisions change through their own endpoint, and nothing
  // documents that `dateModified` moves with them: they are read every run.
  changes: {
    method: 'stamp',
    fields: ['dateModified'],
    subResourcesEveryRun: true,
    unseen:
      'member divisions change through their own endpoint (/members/divisions) without a documented stamp: read every run',
  },
  references: [division, { path: 'memberDivisions[]', type: 'authorization:division' }],
  volatile: ['memberCount', 'dateCreated', 'status'],
};

/** SMS addresses (postal addresses registered for SMS numbers); `validated` is the platform's check. */
export const routingSmsAddress: CatalogEntry = {
  name: 'routing:smsaddress',
  aliases: ['genesyscloud_routing_sms_address', 'smsaddress'],
  folder: 'routing/smsaddress',
  rank: 2,
  list: { path: '/api/v2/routing/sms/addresses', paging: 'pageNumber', pageSize: 100, idFilter: false },
  permissions: ['sms:phoneNumber:view'],
  references: [],
  volatile: ['validated'],
};

/**
 * Org-wide utilization: a singleton without an ID, exported as `routing/utilization/utilization.json`.
 * Label utilizations are keyed by utilization-label ID; `labelName` is the label's name, copied.
 */
export const routingUtilization: CatalogEntry = {
  name: 'routing:utilization',
  aliases: ['genesyscloud_routing_utilization', 'utilization'],
  folder: 'routing/utilization',
  rank: 3,
  list: {
    path: '/api/v2/routing/utilization',
    paging: 'none',
    pageSize: 1,
    idFilter: false,
    singleton: { id: 'utilization' },
  },
  permissions: ['routing:utilization:view'],
  references: [
    { path: 'labelUtilizations{}', type: 'routing:utilizationlabel' },
    { path: 'labelUtilizations.*.interruptingLabelIds[]', type: 'routing:utilizationlabel' },
  ],
  volatile: ['labelUtilizations.*.labelName'],
};

/**
 * Org routing settings: a singleton without an ID, exported as `routing/settings/settings.json`, with the
 * transcription settings and the contact-center settings merged in (the Terraform resource holds all
 * three). `/routing/settings` and `/contactcenter` need no permission.
 */
export const routingSettings: CatalogEntry = {
  name: 'routing:settings',
  aliases: ['genesyscloud_routing_settings', 'routingsettings'],
  folder: 'routing/settings',
  rank: 1,
  list: {
    path: '/api/v2/routing/settings',
    paging: 'none',
    pageSize: 1,
    idFilter: false,
    singleton: {
      id: 'settings',
      merge: [
        { field: 'transcription', path: '/api/v2/routing/settings/transcription' },
        { field: 'contactCenter', path: '/api/v2/routing/settings/contactcenter' },
      ],
    },
  },
  permissions: ['routing:transcriptionSettings:view'],
  references: [],
};

/**
 * Inbound email domains. A domain's ID is its name (`example.mypurecloud.com`); listing them takes
 * `routing:email:manage`. MX, mail-from, DMARC and IMAP/Graph states are the platform's checks.
 */
export const routingEmailDomain: CatalogEntry = {
  name: 'routing:emaildomain',
  aliases: ['genesyscloud_routing_email_domain', 'emaildomain'],
  folder: 'routing/emaildomain',
  rank: 2,
  list: { path: '/api/v2/routing/email/domains', paging: 'pageNumber', pageSize: 100, idFilter: false },
  permissions: ['routing:email:manage'],
  references: [
    { path: 'customSMTPServer', type: 'integration:integration' },
    { path: 'imapSettings.integration', type: 'integration:integration' },
    { path: 'graphApiSettings.integration', type: 'integration:integration' },
  ],
  volatile: [
    'mxRecordStatus',
    'mailFromSettings.status',
    'mailFromSettings.records',
    'dmarcVerificationResult',
    'imapSettings.status',
    'imapSettings.errorInfo',
    'graphApiSettings.status',
    'graphApiSettings.errorInfo',
  ],
};

/**
 * Inbound email routes, listed per domain (`/domains/{domainName}/routes`, 100 a page); the route does not
 * name its domain, so the export adds it as `domain`.
 */
export const routingEmailRoute: CatalogEntry = {
  name: 'routing:emailroute',
  aliases: ['genesyscloud_routing_email_route', 'emailroute'],
  folder: 'routing/emailroute',
  rank: 7,
  list: {
    path: '/api/v2/routing/email/domains/routes',
    paging: 'pageNumber',
    pageSize: 100,
    idFilter: false,
    parent: {
      type: 'routing:emaildomain',
      field: 'domain',
      firstPage: (d) =>
        withQuery(`/api/v2/routing/email/domains/${encodeURIComponent(String(d.id))}/routes`, {
          pageSize: '100',
          pageNumber: '1',
        }),
    },
  },
  permissions: ['routing:email:manage'],
  references: [
    { path: 'domain', type: 'routing:emaildomain' },
    { path: 'queue', type: 'routing:queue' },
    { path: 'skills[]', type: 'routing:skill' },
    { path: 'language', type: 'routing:language' },
    { path: 'flow', type: 'routing:flow' },
    { path: 'spamFlow', type: 'routing:flow' },
    { path: 'replyEmailAddress.domain', type: 'routing:emaildomain' },
    { path: 'replyEmailAddress.route', type: 'routing:emailroute' },
    { path: 'signature.cannedResponseId', type: 'responsemanagement:response' },
  ],
  volatile: ['status'],
};
