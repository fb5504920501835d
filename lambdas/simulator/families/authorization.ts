/** Authorization family (`authorization:division`, `authorization:role`): divisions and roles. */
import type { Models } from 'purecloud-platform-client-v2';
import { divisionWrites } from './basic-writes.ts';
import type { Family, FixtureContext } from './family.ts';
import { range, suffix } from './fixtures.ts';

const PERMISSIONS = [
  'routing:queue:view',
  'routing:skill:view',
  'architect:flow:view',
  'directory:user:view',
  'telephony:plugin:all',
  'routing:wrapupCode:view',
];

/** The first division is Home, the org's default. */
export function divisions({ counts, org, rnd }: FixtureContext): void {
  org.divisions = range(counts.divisions).map(
    (i): Models.AuthzDivision => ({
      id: rnd.uuid(),
      name:
        i === 0
          ? 'Home'
          : `${['North America', 'EMEA', 'APAC', 'Back Office', 'Collections', 'Digital'][(i - 1) % 6]}${suffix(i - 1, 6)}`,
      description: i === 0 ? 'The default division' : 'Business unit division',
      homeDivision: i === 0,
      selfUri: '',
    }),
  );
}

/** The two default roles (admin, employee), then custom ones. */
export function roles({ counts, org, rnd }: FixtureContext): void {
  org.roles = range(counts.roles).map(
    (i): Models.DomainOrganizationRole => ({
      id: rnd.uuid(),
      name:
        i < 2
          ? ['admin', 'employee'][i]
          : `Contact Center ${['Agent', 'Supervisor', 'Manager', 'Analyst', 'Architect'][(i - 2) % 5]}${suffix(i - 2, 5)}`,
      description: i < 2 ? 'Genesys Cloud default role' : 'Custom role',
      permissions: rnd.sample(PERMISSIONS, 1 + rnd.int(4)).sort(),
      default: i < 2,
      base: false,
      userCount: rnd.int(50),
    }),
  );
}

export const authorizationFamily: Family = {
  name: 'authorization:division, authorization:role',
  listings: [
    {
      base: '/api/v2/authorization/divisions',
      idParam: 'divisionId',
      collection: 'divisions',
      permissions: [],
      maxPageSize: 100,
      paging: 'pageNumber',
      idFilter: true,
      sortBy: 'name',
      single: true,
    },
    {
      base: '/api/v2/authorization/roles',
      idParam: 'roleId',
      collection: 'roles',
      permissions: ['authorization:role:view'],
      maxPageSize: 100,
      paging: 'pageNumber',
      idFilter: true,
      sortBy: 'name',
      single: true,
    },
  ],
  routes: divisionWrites,
};
