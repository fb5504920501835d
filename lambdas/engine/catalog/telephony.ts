/** Catalog entries of telephony: trunk base settings and trunks. */
import { activeState, division } from './common.ts';
import type { CatalogEntry } from './types.ts';

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
};
