/**
 * Roles and role grants for import, as Terraform's `genesyscloud_auth_role` and `genesyscloud_user_roles`
 * write them (`AuthorizationApi`): a role is created with `POST /api/v2/authorization/roles` and changed
 * with `PUT .../roles/{roleId}` (name, description, permissions, permission policies). The platform's
 * default roles (admin, employee...) exist in every org: matched by name, changed, never created.
 * A subject's grants (a user's or a group's roles in divisions) are made the snapshot's with
 * `POST /api/v2/authorization/subjects/{subjectId}/bulkadd?subjectType=` for the pairs the target lacks
 * and `.../bulkremove` for those it has beyond them; an OAuth client's grants are not imported (OAuth
 * clients are not a type cx-export exports).
 */
import type { Entity } from '../engine/catalog/types.ts';
import { compare } from '../engine/order.ts';
import { type ApplyContext, desired } from './apply.ts';
import type { Body, ImportableType } from './importable.ts';
import type { PlannedResource } from './plan.ts';

const q = encodeURIComponent;
const list = (v: unknown): Entity[] => (Array.isArray(v) ? (v as Entity[]) : []);
const idOf = (v: unknown): string | undefined =>
  v && typeof v === 'object' && typeof (v as Entity).id === 'string' ? String((v as Entity).id) : undefined;

const roleBody = (e: Entity): Body => ({
  name: e.name,
  description: e.description,
  permissions: Array.isArray(e.permissions) ? e.permissions : [],
  ...(e.permissionPolicies === undefined ? {} : { permissionPolicies: e.permissionPolicies }),
});

export const role: ImportableType = {
  type: 'authorization:role',
  create: { path: '/api/v2/authorization/roles', body: roleBody },
  update: { method: 'PUT', path: (id) => `/api/v2/authorization/roles/${q(id)}`, body: roleBody },
  readOnly: ['default', 'base', 'defaultRoleId', 'baseLicense', 'addonLicenses'],
  refuse: (desired, current) =>
    current === undefined && desired.default === true
      ? 'a default role of the platform: the target org has its own (matched by name), import does not create one'
      : undefined,
};

const SUBJECT_TYPES = ['PC_USER', 'PC_GROUP'];

/** `roleId divisionId` of every grant, sorted. */
function pairs(e: Entity): string[] {
  const out = new Set<string>();
  for (const g of list(e.grants)) {
    const roleId = idOf(g.role);
    for (const d of list(g.divisions)) if (roleId && idOf(d)) out.add(`${roleId} ${idOf(d)}`);
  }
  return [...out].sort(compare);
}

const grantsOf = (keys: readonly string[]): Body => ({
  grants: keys.map((k) => {
    const [roleId, divisionId] = k.split(' ');
    return { roleId, divisionId };
  }),
});

async function writeGrants(r: PlannedResource, ctx: ApplyContext): Promise<{ id: string; pending: boolean }> {
  const { body, pending } = desired(r, ctx);
  const subject = body.subject as Entity;
  const id = String(idOf(subject));
  const current =
    r.targetId === undefined ? {} : ((ctx.target.get(r.type) ?? []).find((e) => e.id === r.targetId) ?? {});
  const want = pairs(body);
  const have = new Set(pairs(current));
  const add = want.filter((k) => !have.has(k));
  const wanted = new Set(want);
  const remove = [...have].filter((k) => !wanted.has(k));
  if (add.length)
    await ctx.client.post(
      `/api/v2/authorization/subjects/${q(id)}/bulkadd?subjectType=${q(String(subject.type))}`,
      grantsOf(add),
    );
  if (remove.length)
    await ctx.client.post(`/api/v2/authorization/subjects/${q(id)}/bulkremove`, grantsOf(remove));
  return { id, pending };
}

export const roleGrant: ImportableType = {
  type: 'authorization:rolegrant',
  create: { path: '/api/v2/authorization/subjects/{subjectId}/bulkadd', body: () => ({}) },
  update: {
    method: 'PUT',
    path: () => '/api/v2/authorization/subjects/{subjectId}/bulkadd',
    body: () => ({}),
  },
  // The subject's name: it changes with the user or group, not through a grant.
  readOnly: ['name'],
  writer: { write: writeGrants },
  requires: ['subject'],
  // Grants are listed in the order of their roles' names: a renamed role moves them, changing nothing.
  comparable: (e) => ({
    ...e,
    grants: [...list(e.grants)].sort((x, y) => compare(String(idOf(x.role)), String(idOf(y.role)))),
  }),
  // A user and a group may share a name.
  naturalKey: (e) => (typeof e.name === 'string' ? `${String(e.type)}:${e.name.toLowerCase()}` : undefined),
  refuse: (desired) =>
    SUBJECT_TYPES.includes(String(desired.type)) && idOf(desired.subject)
      ? undefined
      : `the grants of a ${String(desired.type)} subject: import writes those of users and groups only`,
};
