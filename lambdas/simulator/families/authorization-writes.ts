/**
 * Write endpoints of roles and role grants for import, from the SDK (`AuthorizationApi`: paths, request
 * models, permissions in build/docs/AuthorizationApi.md) and Terraform's `genesyscloud_auth_role` and
 * `genesyscloud_user_roles`:
 * - roles: `POST /api/v2/authorization/roles` (`DomainOrganizationRoleCreate`: name required),
 *   `PUT /api/v2/authorization/roles/{roleId}` (`DomainOrganizationRoleUpdate`: name required); a new role
 *   is never a default one;
 * - grants, per subject: `POST /api/v2/authorization/subjects/{subjectId}/bulkadd?subjectType=` and
 *   `.../bulkremove` (`RoleDivisionGrants`: `grants` of `{ roleId, divisionId }`), answering no content.
 *   `subjectType` defaults to PC_USER; bulkremove has none (the subject's ID is enough). The simulator
 *   has users and groups as subjects, not OAuth clients.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { apiError, notFound, type SimResponse } from '../errors.ts';
import type { SimOrg } from '../model.ts';
import type { Route, RouteContext } from '../route.ts';
import {
  type Body,
  duplicateName,
  existing,
  firstError,
  isResponse,
  missingField,
  newId,
  str,
  unknownReference,
  withBody,
} from '../writes.ts';
import type { Family } from './family.ts';
import { divisionRef } from './fixtures.ts';

const ROLES = '/api/v2/authorization/roles';

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The fields a role create or update sets, or the 400 / 409. */
function roleFields(ctx: RouteContext, body: Body, exceptId?: string) {
  const invalid = firstError(
    missingField(body, ['name']),
    duplicateName(ctx.org.roles, body.name, 'role', exceptId),
  );
  if (invalid) return invalid;
  return {
    name: String(body.name),
    description: str(body.description),
    permissions: strings(body.permissions).sort(),
    ...(Array.isArray(body.permissionPolicies)
      ? { permissionPolicies: structuredClone(body.permissionPolicies) as Models.DomainPermissionPolicy[] }
      : {}),
  };
}

function roleWrites(): Route[] {
  return [
    {
      method: 'POST',
      template: ROLES,
      permissions: ['authorization:role:add'],
      anyPermission: true,
      handle: withBody((ctx, body) => {
        const f = roleFields(ctx, body);
        if (isResponse(f)) return f;
        const id = newId();
        const role: Models.DomainOrganizationRole = {
          id,
          ...f,
          default: false,
          base: false,
          userCount: 0,
          selfUri: `${ROLES}/${id}`,
        };
        ctx.org.roles.push(role);
        ctx.org.roleGrants.set(id, []);
        return { status: 200, body: role };
      }),
    },
    {
      method: 'PUT',
      template: `${ROLES}/{roleId}`,
      permissions: ['authorization:role:edit'],
      anyPermission: true,
      handle: withBody((ctx, body) => {
        const role = existing(ctx.org.roles, ctx, 'roleId');
        if (isResponse(role)) return role;
        const f = roleFields(ctx, body, role.id);
        if (isResponse(f)) return f;
        if (!('permissionPolicies' in f)) delete role.permissionPolicies;
        Object.assign(role, f);
        return { status: 200, body: role };
      }),
    },
  ];
}

type SubjectType = 'PC_USER' | 'PC_GROUP';

/** The user or group with this ID (of the type given, or either), or undefined. */
function subjectOf(
  org: SimOrg,
  id: string,
  type?: string,
): { id: string; name?: string; type: SubjectType } | undefined {
  if (type === undefined || type === 'PC_USER') {
    const u = org.users.find((x) => x.id === id && x.state !== 'deleted');
    if (u) return { id, name: u.name, type: 'PC_USER' };
  }
  if (type === undefined || type === 'PC_GROUP') {
    const g = org.groups.find((x) => x.id === id);
    if (g) return { id, name: g.name, type: 'PC_GROUP' };
  }
  return undefined;
}

/** The body's `{ roleId, divisionId }` pairs, or the 400. */
function pairsOf(org: SimOrg, body: Body): Array<{ roleId: string; divisionId: string }> | SimResponse {
  const missing = missingField(body, ['grants']);
  if (missing) return missing;
  if (!Array.isArray(body.grants))
    return apiError(400, 'bad.request', "The field 'grants' must be an array.");
  const pairs = (body.grants as Body[]).map((g) => ({ roleId: g?.roleId, divisionId: g?.divisionId }));
  const invalid = firstError(
    unknownReference(
      org.roles,
      pairs.map((p) => p.roleId),
      'role',
    ),
    unknownReference(
      org.divisions,
      pairs.map((p) => p.divisionId),
      'division',
    ),
  );
  return invalid ?? (pairs as Array<{ roleId: string; divisionId: string }>);
}

const byNameThenId = (a: Models.SubjectDivisionGrants, b: Models.SubjectDivisionGrants) =>
  String(a.name).localeCompare(String(b.name)) || String(a.id).localeCompare(String(b.id));

function grantWrites(): Route[] {
  const base = '/api/v2/authorization/subjects/{subjectId}';
  return [
    {
      method: 'POST',
      template: `${base}/bulkadd`,
      permissions: ['authorization:grant:add'],
      handle: withBody((ctx, body) => {
        const subjectType = ctx.query.get('subjectType') ?? 'PC_USER';
        if (!['PC_USER', 'PC_GROUP', 'PC_OAUTH_CLIENT'].includes(subjectType))
          return apiError(400, 'bad.request', `'${subjectType}' is not a subject type.`);
        const subject = subjectOf(ctx.org, String(ctx.params.subjectId), subjectType);
        if (!subject) return notFound(ctx.path);
        const pairs = pairsOf(ctx.org, body);
        if (isResponse(pairs)) return pairs;
        for (const { roleId, divisionId } of pairs) {
          const held = ctx.org.roleGrants.get(roleId) ?? [];
          let grant = held.find((g) => g.id === subject.id);
          if (!grant) {
            grant = { ...subject, divisions: [] };
            held.push(grant);
            held.sort(byNameThenId);
          }
          if (!grant.divisions?.some((d) => d.id === divisionId)) {
            const division = ctx.org.divisions.find((d) => d.id === divisionId) as Models.AuthzDivision;
            grant.divisions = [...(grant.divisions ?? []), divisionRef(division)];
          }
          ctx.org.roleGrants.set(roleId, held);
        }
        return { status: 204 };
      }),
    },
    {
      method: 'POST',
      template: `${base}/bulkremove`,
      permissions: ['authorization:grant:delete'],
      handle: withBody((ctx, body) => {
        const subject = subjectOf(ctx.org, String(ctx.params.subjectId));
        if (!subject) return notFound(ctx.path);
        const pairs = pairsOf(ctx.org, body);
        if (isResponse(pairs)) return pairs;
        for (const { roleId, divisionId } of pairs) {
          const held = ctx.org.roleGrants.get(roleId) ?? [];
          const grant = held.find((g) => g.id === subject.id);
          if (!grant) continue;
          grant.divisions = (grant.divisions ?? []).filter((d) => d.id !== divisionId);
          if (grant.divisions.length === 0) held.splice(held.indexOf(grant), 1);
        }
        return { status: 204 };
      }),
    },
  ];
}

export const authorizationWritesFamily: Family = {
  name: 'authorization:role, authorization:rolegrant (writes)',
  listings: [],
  routes: () => [...roleWrites(), ...grantWrites()],
};
