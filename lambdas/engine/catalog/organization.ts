/** Catalog entries of the organization area: wrap-up codes and locations. */
import { activeState, division } from './common.ts';
import type { CatalogEntry } from './types.ts';

export const organizationWrapupCode: CatalogEntry = {
  name: 'organization:wrapupcode',
  aliases: ['genesyscloud_routing_wrapupcode', 'routing:wrapupcode', 'wrapupcode'],
  folder: 'organization/wrapupcode',
  rank: 2,
  list: { path: '/api/v2/routing/wrapupcodes', paging: 'pageNumber', pageSize: 500, idFilter: true },
  permissions: ['routing:wrapupCode:view'],
  references: [division],
  volatile: ['createdBy'],
};

export const organizationLocation: CatalogEntry = {
  name: 'organization:location',
  aliases: ['genesyscloud_location', 'location'],
  folder: 'organization/location',
  rank: 2,
  list: { path: '/api/v2/locations', paging: 'pageNumber', pageSize: 100, idFilter: true },
  permissions: [],
  isActive: activeState,
  references: [{ path: 'contactUser', type: 'admin:user' }],
  volatile: ['addressVerificationDetails', 'images', 'profileImage', 'floorplanImage'],
};
