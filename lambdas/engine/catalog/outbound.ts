/**
 * Catalog entries of outbound dialing: campaigns, their building blocks (contact list and DNC list
 * definitions, callable time sets, call analysis response sets, rule sets), campaign sequences, and the
 * org-wide outbound settings and wrap-up code mappings (singletons), attempt limits and contact list filters.
 *
 * Contact lists and DNC lists are exported as definitions only (columns, phone columns, division...):
 * their contacts and numbers are customer data, and no endpoint that serves them (contacts, exports) is
 * ever requested. Listings page by number; the SDK documents "The max that will be returned is 100" on
 * every one of them (OutboundApi.js). Permissions: the SDK's build/docs/OutboundApi.md.
 */
import { division } from './common.ts';
import type { CatalogEntry, Entity } from './types.ts';

/** A call analysis reaction transfers to a flow (its `data` is the flow's ID) only when `transfer_flow`. */
const transferFlow = (r: Entity) => (r.reactionType === 'transfer_flow' ? [r.data] : []);

/** A rule condition's `codes` are wrap-up code IDs only in a `wrapupCondition` (else dispositions). */
const wrapupCodes = (c: Entity) =>
  c.type === 'wrapupCondition' && Array.isArray(c.codes) ? (c.codes as unknown[]) : [];

/** A `SET_SKILLS` action's `properties.skills` is a JSON array of skill IDs, in a string. */
function skillIds(properties: Entity): unknown[] {
  if (typeof properties.skills !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(properties.skills);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

export const outboundSettings: CatalogEntry = {
  name: 'outbound:settings',
  aliases: ['genesyscloud_outbound_settings', 'outboundsettings'],
  folder: 'outbound/settings',
  rank: 1,
  list: {
    path: '/api/v2/outbound/settings',
    paging: 'none',
    pageSize: 1,
    idFilter: false,
    singleton: { id: 'settings' },
  },
  permissions: ['outbound:settings:view'],
  references: [],
};

/** Wrap-up code ID -> its dialer flags (`mapping`), and the flags of the codes not mapped (`defaultSet`). */
export const outboundWrapupCodeMappings: CatalogEntry = {
  name: 'outbound:wrapupcodemappings',
  aliases: ['genesyscloud_outbound_wrapupcodemappings', 'wrapupcodemappings'],
  folder: 'outbound/wrapupcodemappings',
  rank: 3,
  list: {
    path: '/api/v2/outbound/wrapupcodemappings',
    paging: 'none',
    pageSize: 1,
    idFilter: false,
    singleton: { id: 'wrapupcodemappings' },
  },
  permissions: ['outbound:wrapUpCodeMapping:view'],
  references: [{ path: 'mapping{}', type: 'organization:wrapupcode' }],
};

/** Listed without `includeImportStatus`/`includeSize`: both are runtime state, removed if present. */
export const outboundContactList: CatalogEntry = {
  name: 'outbound:contactlist',
  aliases: ['genesyscloud_outbound_contact_list', 'contactlist'],
  folder: 'outbound/contactlist',
  rank: 2,
  list: { path: '/api/v2/outbound/contactlists', paging: 'pageNumber', pageSize: 100, idFilter: true },
  permissions: ['outbound:contactList:view'],
  references: [division, { path: 'attemptLimits', type: 'outbound:attemptlimit' }],
  volatile: ['importStatus', 'size'],
};

/**
 * DNC lists: `loginId` (dnc.com) and `licenseId` (Gryphon) are the account credentials of the external
 * DNC services; `campaignId` is a dnc.com campaign, not an outbound campaign.
 */
export const outboundDncList: CatalogEntry = {
  name: 'outbound:dnclist',
  aliases: ['genesyscloud_outbound_dnclist', 'dnclist'],
  folder: 'outbound/dnclist',
  rank: 2,
  list: { path: '/api/v2/outbound/dnclists', paging: 'pageNumber', pageSize: 100, idFilter: false },
  permissions: ['outbound:dncList:view'],
  references: [division],
  volatile: ['importStatus', 'size'],
  secrets: ['loginId', 'licenseId'],
};

export const outboundCallableTimeSet: CatalogEntry = {
  name: 'outbound:callabletimeset',
  aliases: ['genesyscloud_outbound_callabletimeset', 'callabletimeset'],
  folder: 'outbound/callabletimeset',
  rank: 2,
  list: {
    path: '/api/v2/outbound/callabletimesets',
    paging: 'pageNumber',
    pageSize: 100,
    idFilter: false,
  },
  permissions: ['outbound:callableTimeSet:view'],
  references: [],
};

/** Response sets: `responses` is keyed by call analysis result (`disposition.classification...`). */
export const outboundCallAnalysisResponseSet: CatalogEntry = {
  name: 'outbound:callanalysisresponseset',
  aliases: ['genesyscloud_outbound_callanalysisresponseset', 'callanalysisresponseset'],
  folder: 'outbound/callanalysisresponseset',
  rank: 7,
  list: {
    path: '/api/v2/outbound/callanalysisresponsesets',
    paging: 'pageNumber',
    pageSize: 100,
    idFilter: false,
  },
  permissions: ['outbound:responseSet:view'],
  references: [{ path: 'responses.*', type: 'routing:flow', ids: transferFlow }],
};

export const outboundRuleSet: CatalogEntry = {
  name: 'outbound:ruleset',
  aliases: ['genesyscloud_outbound_ruleset', 'ruleset'],
  folder: 'outbound/ruleset',
  rank: 7,
  list: { path: '/api/v2/outbound/rulesets', paging: 'pageNumber', pageSize: 100, idFilter: false },
  permissions: ['outbound:ruleSet:view'],
  references: [
    { path: 'contactList', type: 'outbound:contactlist' },
    { path: 'queue', type: 'routing:queue' },
    { path: 'rules[].conditions[]', type: 'organization:wrapupcode', ids: wrapupCodes },
    { path: 'rules[].conditions[].dataAction', type: 'integration:action' },
    { path: 'rules[].actions[].dataAction', type: 'integration:action' },
    { path: 'rules[].actions[].properties', type: 'routing:skill', ids: skillIds },
  ],
};

/**
 * Campaigns. `campaignStatus` (on/off) is kept: it is what an import sets, as the Terraform exporter does;
 * `errors` is the platform's diagnosis of the campaign, runtime state.
 */
export const outboundCampaign: CatalogEntry = {
  name: 'outbound:campaign',
  aliases: ['genesyscloud_outbound_campaign', 'campaign'],
  folder: 'outbound/campaign',
  rank: 8,
  list: { path: '/api/v2/outbound/campaigns', paging: 'pageNumber', pageSize: 100, idFilter: true },
  permissions: ['outbound:campaign:view'],
  references: [
    division,
    { path: 'contactList', type: 'outbound:contactlist' },
    { path: 'dncLists[]', type: 'outbound:dnclist' },
    { path: 'queue', type: 'routing:queue' },
    { path: 'script', type: 'script:script' },
    { path: 'edgeGroup', type: 'telephony:edgegroup' },
    { path: 'site', type: 'telephony:site' },
    { path: 'callableTimeSet', type: 'outbound:callabletimeset' },
    { path: 'callAnalysisResponseSet', type: 'outbound:callanalysisresponseset' },
    { path: 'ruleSets[]', type: 'outbound:ruleset' },
    { path: 'contactListFilters[]', type: 'outbound:contactlistfilter' },
  ],
  volatile: ['errors'],
};

/**
 * Sequences: `currentCampaign` and `stopMessage` are where a running sequence is and why it stopped.
 * `campaigns` keeps its order: a sequence runs its campaigns one after the other.
 */
export const outboundSequence: CatalogEntry = {
  name: 'outbound:sequence',
  aliases: ['genesyscloud_outbound_sequence', 'sequence'],
  folder: 'outbound/sequence',
  rank: 9,
  list: { path: '/api/v2/outbound/sequences', paging: 'pageNumber', pageSize: 100, idFilter: false },
  permissions: ['outbound:campaignSequence:view'],
  references: [{ path: 'campaigns[]', type: 'outbound:campaign' }],
  ordered: ['campaigns'],
  volatile: ['currentCampaign', 'stopMessage'],
};

/** Attempt limits: how often a contact and a number are dialled, and when the counts reset. */
export const outboundAttemptLimit: CatalogEntry = {
  name: 'outbound:attemptlimit',
  aliases: ['genesyscloud_outbound_attempt_limit', 'attemptlimit'],
  folder: 'outbound/attemptlimit',
  rank: 1,
  list: { path: '/api/v2/outbound/attemptlimits', paging: 'pageNumber', pageSize: 100, idFilter: false },
  permissions: ['outbound:attemptLimits:view'],
  references: [],
};

/** Contact list filters: clauses on a contact list's columns (or a contact list template's). */
export const outboundContactListFilter: CatalogEntry = {
  name: 'outbound:contactlistfilter',
  aliases: ['genesyscloud_outbound_contactlistfilter', 'contactlistfilter'],
  folder: 'outbound/contactlistfilter',
  rank: 3,
  list: {
    path: '/api/v2/outbound/contactlistfilters',
    paging: 'pageNumber',
    pageSize: 100,
    idFilter: false,
  },
  permissions: ['outbound:contactListFilter:view'],
  references: [
    { path: 'contactList', type: 'outbound:contactlist' },
    { path: 'contactListTemplate', type: 'outbound:contactlisttemplate' },
  ],
};
