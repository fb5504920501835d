/**
 * People for import: locations, groups, teams and users, with the write endpoints the SDK gives them
 * (`LocationsApi`, `GroupsApi`, `TeamsApi`, `UsersApi`, `RoutingApi`) and the way Terraform's
 * `genesyscloud_user` writes a user: created with `POST /api/v2/users` (name, email, division; never a
 * password), then everything else with `PATCH /api/v2/users/{userId}` at the user's current version,
 * skills replaced with `PUT .../routingskills/bulk`, languages set with `PATCH .../routinglanguages/bulk`
 * and removed one by one. A user's groups and team are memberships, changed through the group
 * (`POST`/`DELETE /api/v2/groups/{groupId}/members`) and the team (`.../teams/{teamId}/members`).
 * Users are matched in another org by email, whatever their state: a deleted user of the target with the
 * email is restored (`PATCH` with the snapshot's state), as Terraform does after the create's 409.
 */
import type { Entity } from '../engine/catalog/types.ts';
import type { GenesysClient } from '../engine/genesys/client.ts';
import { compare } from '../engine/order.ts';
import { type ApplyContext, desired } from './apply.ts';
import type { Body, ImportableType } from './importable.ts';
import type { PlannedResource } from './plan.ts';

const q = encodeURIComponent;
const idOf = (v: unknown): string | undefined =>
  v && typeof v === 'object' && typeof (v as Entity).id === 'string'
    ? ((v as Entity).id as string)
    : undefined;
const list = (v: unknown): Entity[] => (Array.isArray(v) ? (v as Entity[]) : []);
const pick = (e: Entity, fields: readonly string[]): Body =>
  Object.fromEntries(fields.filter((f) => e[f] !== undefined).map((f) => [f, e[f]]));

const LOCATION_FIELDS = ['name', 'path', 'notes', 'emergencyNumber', 'address'];
const locationBody = (e: Entity): Body => ({ ...pick(e, LOCATION_FIELDS), contactUser: idOf(e.contactUser) });

export const location: ImportableType = {
  type: 'organization:location',
  create: { path: '/api/v2/locations', body: locationBody },
  update: {
    method: 'PATCH',
    path: (id) => `/api/v2/locations/${q(id)}`,
    body: (e, current) => ({ ...locationBody(e), version: current.version }),
    versioned: true,
    read: (id) => `/api/v2/locations/${q(id)}`,
  },
  readOnly: ['state', 'addressVerified', 'addressStored'],
};

const GROUP_FIELDS = [
  'name',
  'description',
  'type',
  'rulesVisible',
  'visibility',
  'rolesEnabled',
  'includeOwners',
  'callsEnabled',
  'email',
  'addresses',
];
const groupBody = (e: Entity): Body => ({
  ...pick(e, GROUP_FIELDS),
  ...(e.owners === undefined ? {} : { ownerIds: list(e.owners).map(idOf).filter(Boolean) }),
});

export const group: ImportableType = {
  type: 'admin:group',
  create: { path: '/api/v2/groups', body: groupBody },
  update: {
    method: 'PUT',
    path: (id) => `/api/v2/groups/${q(id)}`,
    body: (e, current) => ({ ...groupBody(e), version: current.version }),
    versioned: true,
    read: (id) => `/api/v2/groups/${q(id)}`,
  },
  readOnly: ['state'],
};

const teamBody = (e: Entity): Body => ({
  name: e.name,
  description: e.description,
  division: idOf(e.division) ? { id: idOf(e.division) } : undefined,
});

export const team: ImportableType = {
  type: 'admin:team',
  create: { path: '/api/v2/teams', body: teamBody },
  update: { method: 'PATCH', path: (id) => `/api/v2/teams/${q(id)}`, body: teamBody },
  readOnly: ['dateCreated'],
};

/** `UpdateUser` fields a snapshot's user carries (the rest are memberships or set by the platform). */
const USER_FIELDS = [
  'name',
  'department',
  'email',
  'title',
  'preferredName',
  'primaryContactInfo',
  'addresses',
  'profileSkills',
  'certifications',
  'acdAutoAnswer',
  'employerInfo',
  'biography',
  'state',
];
/** Changed through their own endpoints, not the user's `PATCH`. */
const USER_MEMBERSHIPS = ['skills', 'languages', 'groups', 'team'];
/** Set by the platform: a new user's chat address and user name (its email). */
const USER_READ_ONLY = ['chat', 'username'];

const userPatch = (e: Entity, version: unknown): Body => ({
  ...pick(e, USER_FIELDS),
  ...(idOf(e.manager) ? { manager: idOf(e.manager) } : {}),
  locations: list(e.locations).map((l) => ({ locationDefinition: { id: idOf(l.locationDefinition) } })),
  version,
});

const byId = (entries: unknown) => new Map(list(entries).map((x) => [String(x.id), x]));
const sortedKeys = (m: Map<string, unknown>) => [...m.keys()].sort(compare);

/** Skills, languages, groups and team of the user made those of `want` (`have`: what the target has). */
async function syncMemberships(client: GenesysClient, id: string, want: Entity, have: Entity): Promise<void> {
  const same = (a: unknown, b: unknown) =>
    JSON.stringify(
      list(a)
        .map((x) => [x.id, x.proficiency])
        .sort(),
    ) ===
    JSON.stringify(
      list(b)
        .map((x) => [x.id, x.proficiency])
        .sort(),
    );
  const uid = q(id);
  if (!same(want.skills, have.skills))
    await client.put(
      `/api/v2/users/${uid}/routingskills/bulk`,
      list(want.skills).map((s) => ({ id: s.id, proficiency: s.proficiency })),
    );
  if (!same(want.languages, have.languages)) {
    const wantLanguages = byId(want.languages);
    if (wantLanguages.size)
      await client.patch(
        `/api/v2/users/${uid}/routinglanguages/bulk`,
        list(want.languages).map((l) => ({ id: l.id, proficiency: l.proficiency })),
      );
    for (const gone of sortedKeys(byId(have.languages)).filter((x) => !wantLanguages.has(x)))
      await client.delete(`/api/v2/users/${uid}/routinglanguages/${q(gone)}`);
  }
  const wantGroups = byId(want.groups);
  const haveGroups = byId(have.groups);
  for (const g of sortedKeys(wantGroups).filter((x) => !haveGroups.has(x)))
    await client.post(`/api/v2/groups/${q(g)}/members`, { memberIds: [id] });
  for (const g of sortedKeys(haveGroups).filter((x) => !wantGroups.has(x)))
    await client.delete(`/api/v2/groups/${q(g)}/members?ids=${uid}`);
  const wantTeam = idOf(want.team);
  const haveTeam = idOf(have.team);
  if (wantTeam && wantTeam !== haveTeam)
    await client.post(`/api/v2/teams/${q(wantTeam)}/members`, { memberIds: [id] });
  else if (!wantTeam && haveTeam) await client.delete(`/api/v2/teams/${q(haveTeam)}/members?id=${uid}`);
}

async function writeUser(r: PlannedResource, ctx: ApplyContext): Promise<{ id: string; pending: boolean }> {
  const { body, pending } = desired(r, ctx);
  let id = r.targetId;
  let version: unknown;
  let current: Entity = {};
  if (id === undefined) {
    const created = await ctx.client.post<Entity>('/api/v2/users', {
      name: body.name,
      email: body.email,
      divisionId: idOf(body.division),
      ...pick(body, ['department', 'title', 'addresses', 'state']),
    });
    id = String(created.id);
    version = created.version;
  } else {
    current = (ctx.target.get(r.type) ?? []).find((e) => e.id === id) ?? {};
    version = (await ctx.client.get<Entity>(`/api/v2/users/${q(id)}?state=any`)).version;
  }
  const ownChanges = r.changes === undefined || r.changes.some((c) => !USER_MEMBERSHIPS.includes(c));
  if (ownChanges) await ctx.client.patch(`/api/v2/users/${q(id)}`, userPatch(body, version));
  await syncMemberships(ctx.client, id, body, current);
  return { id, pending };
}

export const user: ImportableType = {
  type: 'admin:user',
  create: { path: '/api/v2/users', body: () => ({}) },
  update: {
    method: 'PATCH',
    path: (id) => `/api/v2/users/${q(id)}`,
    body: () => ({}),
    // Not the division: a user moves through POST /api/v2/authorization/divisions/{id}/objects/USER.
    fields: [...USER_FIELDS, 'manager', 'locations', ...USER_MEMBERSHIPS],
  },
  readOnly: USER_READ_ONLY,
  writer: { write: writeUser },
  naturalKey: (e) => (typeof e.email === 'string' ? e.email.toLowerCase() : undefined),
  refuse: (desired) =>
    desired.state === 'deleted' ? 'a deleted user cannot be created or changed' : undefined,
  // A manager deleted in the source leaves the users they managed without one in another org.
  gone: (e) => e.state === 'deleted',
};
