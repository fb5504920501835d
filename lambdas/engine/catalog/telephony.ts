/**
 * Catalog entries of telephony: trunk base settings, trunks, sites (with their outbound routes and number
 * plans), edge groups, DID and extension pools, phone base settings and phones. The SDK documents no
 * maximum page size for these listings; 100 is what the Terraform exporter asks for.
 */
import { withQuery } from '../genesys/paging.ts';
import { activeState, division } from './common.ts';
import type { CatalogEntry, Entity } from './types.ts';

export const telephonyTrunkBaseSettings: CatalogEntry = {
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
};

export const telephonyTrunk: CatalogEntry = {
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
  references: [
    division,
    { path: 'trunkBase', type: 'telephony:trunkbasesettings' },
    { path: 'edgeGroup', type: 'telephony:edgegroup' },
  ],
  volatile: [
    'connectedStatus',
    'optionsStatus',
    'registersStatus',
    'ipStatus',
    'inService',
    'optionsEnabledStatus',
    'registersEnabledStatus',
  ],
};

/** Runtime and audit fields of the telephony objects (`Site`, `EdgeGroup`, `Phone`...): not configuration. */
const TELEPHONY_AUDIT = ['dateCreated', 'createdBy', 'createdByApp', 'state'];

/** Genesys-managed sites and edge groups (Genesys Cloud Voice) are exported only when referenced. */
const customerManaged = (e: Entity) => activeState(e) && e.managed !== true;

const sitePath = (e: Entity, part: string) =>
  withQuery(`/api/v2/telephony/providers/edges/sites/${encodeURIComponent(String(e.id))}/${part}`, {
    pageSize: '100',
  });

export const telephonySite: CatalogEntry = {
  name: 'telephony:site',
  aliases: ['genesyscloud_telephony_providers_edges_site', 'site'],
  folder: 'telephony/site',
  rank: 3,
  list: {
    path: '/api/v2/telephony/providers/edges/sites',
    paging: 'pageNumber',
    pageSize: 100,
    idFilter: false,
  },
  // The SDK's docs: listing sites requires no permission; their routes and number plans do.
  permissions: [],
  isActive: customerManaged,
  subResources: [
    {
      field: 'outboundRoutes',
      permissions: ['telephony:plugin:all'],
      path: (e) => sitePath(e, 'outboundroutes'),
      map: ({ selfUri: _s, site: _site, ...route }) => route,
    },
    {
      // Unpaged: the listing is a plain array, read as one page.
      field: 'numberPlans',
      permissions: ['telephony:plugin:all'],
      path: (e) => `/api/v2/telephony/providers/edges/sites/${encodeURIComponent(String(e.id))}/numberplans`,
      map: ({ selfUri: _s, ...plan }) => plan,
    },
  ],
  references: [
    division,
    { path: 'location', type: 'organization:location' },
    { path: 'primarySites[]', type: 'telephony:site' },
    { path: 'secondarySites[]', type: 'telephony:site' },
    { path: 'outboundRoutes[].externalTrunkBases[]', type: 'telephony:trunkbasesettings' },
  ],
  volatile: [
    ...TELEPHONY_AUDIT,
    'edges',
    'primaryEdges',
    'secondaryEdges',
    'outboundRoutes[].version',
    'numberPlans[].version',
  ],
};

export const telephonyEdgeGroup: CatalogEntry = {
  name: 'telephony:edgegroup',
  aliases: ['genesyscloud_telephony_providers_edges_edge_group', 'edgegroup'],
  folder: 'telephony/edgegroup',
  rank: 3,
  list: {
    path: '/api/v2/telephony/providers/edges/edgegroups',
    paging: 'pageNumber',
    pageSize: 100,
    idFilter: false,
  },
  permissions: ['telephony:plugin:all'],
  isActive: customerManaged,
  // `edgeTrunkBaseAssignment` names the edge's own (platform-generated, never exported) trunk base.
  references: [division, { path: 'phoneTrunkBases[]', type: 'telephony:trunkbasesettings' }],
  volatile: TELEPHONY_AUDIT,
};

export const telephonyDidPool: CatalogEntry = {
  name: 'telephony:didpool',
  aliases: ['genesyscloud_telephony_providers_edges_did_pool', 'didpool'],
  folder: 'telephony/didpool',
  rank: 2,
  list: {
    path: '/api/v2/telephony/providers/edges/didpools',
    paging: 'pageNumber',
    pageSize: 100,
    idFilter: true,
  },
  permissions: ['telephony:plugin:all'],
  isActive: activeState,
  references: [division],
  volatile: TELEPHONY_AUDIT,
};

export const telephonyExtensionPool: CatalogEntry = {
  name: 'telephony:extensionpool',
  aliases: ['genesyscloud_telephony_providers_edges_extension_pool', 'extensionpool'],
  folder: 'telephony/extensionpool',
  rank: 2,
  list: {
    path: '/api/v2/telephony/providers/edges/extensionpools',
    paging: 'pageNumber',
    pageSize: 100,
    idFilter: false,
  },
  permissions: ['telephony:extensionPool:view'],
  isActive: activeState,
  references: [division],
  volatile: TELEPHONY_AUDIT,
};

/** Phone templates, with their properties and line settings (`expand=properties,lines`). */
export const telephonyPhoneBaseSettings: CatalogEntry = {
  name: 'telephony:phonebasesettings',
  aliases: ['genesyscloud_telephony_providers_edges_phonebasesettings', 'phonebasesettings'],
  folder: 'telephony/phonebasesettings',
  rank: 2,
  list: {
    path: '/api/v2/telephony/providers/edges/phonebasesettings',
    paging: 'pageNumber',
    pageSize: 100,
    query: { expand: ['properties', 'lines'] },
    idFilter: false,
  },
  permissions: ['telephony:plugin:all'],
  isActive: activeState,
  references: [division],
  volatile: TELEPHONY_AUDIT,
  secrets: ['properties.*password*.value', 'lines[].properties.*password*.value'],
};

/**
 * Phones (a large org has one per agent): their site, template and WebRTC user; line registration and
 * status are runtime state. Read with their properties and lines, and the WebRTC user (`fields`).
 */
export const telephonyPhone: CatalogEntry = {
  name: 'telephony:phone',
  aliases: ['genesyscloud_telephony_providers_edges_phone', 'phone'],
  folder: 'telephony/phone',
  rank: 5,
  list: {
    path: '/api/v2/telephony/providers/edges/phones',
    paging: 'pageNumber',
    pageSize: 100,
    // Sorted by ID: the SDK's docs say any other sort (the default is name) stops at 10,000 results.
    query: { expand: ['properties', 'lines'], fields: ['webRtcUser', 'lines.defaultForUser'], sortBy: 'id' },
    idFilter: false,
  },
  permissions: ['telephony:plugin:all'],
  isActive: activeState,
  references: [
    division,
    { path: 'site', type: 'telephony:site' },
    { path: 'phoneBaseSettings', type: 'telephony:phonebasesettings' },
    { path: 'webRtcUser', type: 'admin:user' },
    { path: 'lines[].defaultForUser', type: 'admin:user' },
  ],
  volatile: [
    ...TELEPHONY_AUDIT,
    'status',
    'secondaryStatus',
    'userAgentInfo',
    'primaryEdge',
    'secondaryEdge',
    'lines[].loggedInUser',
    'lines[].primaryEdge',
    'lines[].secondaryEdge',
  ],
  secrets: ['properties.*password*.value', 'lines[].properties.*password*.value'],
};
