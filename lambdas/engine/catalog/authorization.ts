/** Catalog entries of the authorization area: divisions, roles and role grants. */
import { withQuery } from '../genesys/paging.ts';
import { byKeys } from '../order.ts';
import type { CatalogEntry, Entity } from './types.ts';

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

/** Subject types of a grant (the SDK's `SubjectDivisionGrants.type`) that are catalog types. */
const SUBJECT_TYPES: Readonly<Record<string, string>> = { PC_USER: 'admin:user', PC_GROUP: 'admin:group' };

const idAndName = (x: unknown): Entity => {
  const o = (x ?? {}) as Entity;
  return { id: o.id, name: o.name };
};

/**
 * Who holds which role in which divisions: read per role (`subjectgrants`, one listing per role rather
 * than a request per user) and written one file per subject (user, group or OAuth client), listing each
 * role it holds with its divisions. The SDK documents no maximum page size for the listing; 100 is the
 * largest the other authorization listings document.
 */
export const authorizationRoleGrant: CatalogEntry = {
  name: 'authorization:rolegrant',
  aliases: ['genesyscloud_user_roles', 'genesyscloud_group_roles', 'rolegrant'],
  folder: 'authorization/rolegrant',
  rank: 5,
  list: {
    path: '/api/v2/authorization/roles/{roleId}/subjectgrants',
    paging: 'pageNumber',
    pageSize: 100,
    idFilter: false,
    parent: {
      type: 'authorization:role',
      firstPage: (r) =>
        withQuery(`/api/v2/authorization/roles/${encodeURIComponent(String(r.id))}/subjectgrants`, {
          pageSize: '100',
          pageNumber: '1',
        }),
      collect: {
        field: 'grants',
        base: (s) => ({ id: s.id, name: s.name, type: s.type, subject: { id: s.id, type: s.type } }),
        item: (role, s) => ({
          role: idAndName(role),
          divisions: (Array.isArray(s.divisions) ? s.divisions : [])
            .map(idAndName)
            .sort(byKeys((d) => [String(d.id)])),
        }),
      },
    },
  },
  permissions: ['authorization:role:view'],
  references: [
    { path: 'subject', type: (s) => SUBJECT_TYPES[String(s.type)] ?? String(s.type ?? '') },
    { path: 'grants[].role', type: 'authorization:role' },
    { path: 'grants[].divisions[]', type: 'authorization:division' },
  ],
};
