/**
 * Role grants (`authorization:rolegrant`): more custom roles, then who holds each role in which divisions,
 * served per role as `GET /api/v2/authorization/roles/{roleId}/subjectgrants` (page numbers). Every
 * active user holds `employee` in Home; some users, groups and one OAuth client hold other roles.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { notFound } from '../errors.ts';
import { pageByNumber } from '../paging.ts';
import type { Route } from '../route.ts';
import type { Family, FixtureContext } from './family.ts';
import { activeUsers, divisionRef, range } from './fixtures.ts';

const MORE_ROLE_WORDS = [
  'Quality Evaluator',
  'Workforce Planner',
  'Team Lead',
  'Reporting',
  'Outbound Admin',
];

export function moreRoles({ counts, org, stream }: FixtureContext): void {
  const r = stream('authorization:role:more');
  for (const i of range(counts.moreRoles)) {
    org.roles.push({
      id: r.uuid(),
      name: `${MORE_ROLE_WORDS[i % MORE_ROLE_WORDS.length]} ${Math.floor(i / MORE_ROLE_WORDS.length) + 1}`,
      description: 'Custom role',
      permissions: ['analytics:conversationDetail:view', 'quality:evaluationForm:view'].slice(0, 1 + (i % 2)),
      default: false,
      base: false,
      userCount: 0,
    });
  }
}

type Subject = { id?: string; name?: string; type: 'PC_USER' | 'PC_GROUP' | 'PC_OAUTH_CLIENT' };

export function roleGrants({ counts, org, stream }: FixtureContext): void {
  const r = stream('authorization:rolegrant');
  const grants = new Map<string, Map<string, Models.SubjectDivisionGrants>>(
    org.roles.map((role) => [role.id as string, new Map()]),
  );
  const home = org.divisions[0];
  const grant = (
    role: Models.DomainOrganizationRole | undefined,
    s: Subject,
    divisions: Models.AuthzDivision[],
  ) => {
    const held = role?.id ? grants.get(role.id) : undefined;
    if (!held || !s.id || held.has(s.id)) return;
    held.set(s.id, { id: s.id, name: s.name, type: s.type, divisions: divisions.map(divisionRef) });
  };
  const byName = (name: string) => org.roles.find((x) => x.name === name);
  const users = activeUsers(org);
  for (const u of users) grant(byName('employee'), { ...u, type: 'PC_USER' }, home ? [home] : []);
  for (const u of users.slice(0, 3)) grant(byName('admin'), { ...u, type: 'PC_USER' }, org.divisions);
  grant(byName('admin'), { id: r.uuid(), name: 'cx-export', type: 'PC_OAUTH_CLIENT' }, org.divisions);
  const custom = org.roles.filter((x) => !x.default);
  if (!custom.length) return;
  for (const _ of range(counts.roleGrants)) {
    const role = r.pick(custom);
    const subject: Subject =
      org.groups.length && r.chance(0.1)
        ? { ...r.pick(org.groups), type: 'PC_GROUP' }
        : { ...r.pick(users), type: 'PC_USER' };
    grant(role, subject, r.sample(org.divisions, 1 + r.int(3)));
  }
  org.roleGrants = new Map(
    [...grants].map(([roleId, held]) => [
      roleId,
      [...held.values()].sort(
        (a, b) => String(a.name).localeCompare(String(b.name)) || String(a.id).localeCompare(String(b.id)),
      ),
    ]),
  );
}

/** `GET /api/v2/authorization/roles/{roleId}/subjectgrants`: page numbers; 404 for an unknown role. */
function subjectGrantsRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/authorization/roles/{roleId}/subjectgrants',
    permissions: ['authorization:role:view'],
    handle: ({ org, params, path, query }) => {
      const id = params.roleId ?? '';
      if (!org.roles.some((x) => x.id === id)) return notFound(path);
      return pageByNumber(org.roleGrants.get(id) ?? [], path, query, { maxPageSize: 'undocumented' });
    },
  };
}

export const roleGrantsFamily: Family = {
  name: 'authorization:rolegrant',
  listings: [],
  routes: () => [subjectGrantsRoute()],
  fixtures: [moreRoles, roleGrants],
};
