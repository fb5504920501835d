/** Catalog entries of the authorization area: divisions and roles. */
import type { CatalogEntry } from './types.ts';

export const authorizationDivision: CatalogEntry = {
  name: 'authorization:division',
  aliases: ['genesyscloud_auth_division', 'division'],
  folder: 'authorization/division',
  rank: 0,
  list: { path: '/api/v2/authorization/divisions', paging: 'pageNumber', pageSize: 100, idFilter: true },
  permissions: [],
  references: [],
  volatile: ['objectCounts'],
};

export const authorizationRole: CatalogEntry = {
  name: 'authorization:role',
  aliases: ['genesyscloud_auth_role', 'role'],
  folder: 'authorization/role',
  rank: 1,
  list: { path: '/api/v2/authorization/roles', paging: 'pageNumber', pageSize: 100, idFilter: true },
  permissions: ['authorization:role:view'],
  isActive: (e) => e.default !== true,
  references: [],
  volatile: ['userCount', 'roleNeedsUpdate', 'dateLicenseLastUpdated', 'unusedPermissions'],
};
