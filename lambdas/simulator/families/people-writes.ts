/**
 * Write endpoints of users, groups, teams and locations for import, from the SDK (`UsersApi`,
 * `RoutingApi`, `GroupsApi`, `TeamsApi`, `LocationsApi`: paths, request models, permissions):
 * - users: `POST /api/v2/users` (`CreateUser`: name, email, divisionId required; a password is accepted
 *   by the API but import never sends one), `PATCH /api/v2/users/{userId}` (`UpdateUser`, current version
 *   required), skills replaced with `PUT .../routingskills/bulk`, languages added or changed with
 *   `PATCH .../routinglanguages/bulk` and removed one by one (`DELETE .../routinglanguages/{languageId}`);
 * - groups: `POST /api/v2/groups` (`GroupCreate`: name, type, rulesVisible, visibility required),
 *   `PUT /api/v2/groups/{groupId}` (`GroupUpdate`, version required), members added and removed with
 *   `POST`/`DELETE /api/v2/groups/{groupId}/members` (the group's version, `ids`);
 * - teams: `POST /api/v2/teams`, `PATCH /api/v2/teams/{teamId}` (`Team`), members with
 *   `POST`/`DELETE /api/v2/teams/{teamId}/members` (`TeamMembers`, `id`);
 * - locations: `POST /api/v2/locations` (`LocationCreateDefinition`), `PATCH /api/v2/locations/{locationId}`
 *   (`LocationUpdateDefinition`, version required).
 * Group membership and a user's team live on the user (`groups`, `team`), as the user listing expands them.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { apiError, type SimResponse } from '../errors.ts';
import type { SimOrg } from '../model.ts';
import type { Route, RouteContext } from '../route.ts';
import {
  arrayBody,
  type Body,
  divisionOf,
  duplicateName,
  existing,
  firstError,
  isResponse,
  missingField,
  newId,
  refTo,
  staleVersion,
  stamp,
  str,
  unknownReference,
  withBody,
} from '../writes.ts';
import type { Family } from './family.ts';

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
const obj = (v: unknown): Body | undefined => (v && typeof v === 'object' ? (v as Body) : undefined);

/**
 * 409 `general.conflict` when another user (not `exceptId`) has this email, compared without case, deleted
 * users included (Terraform's genesyscloud_user answers that conflict by restoring the deleted user).
 */
function duplicateEmail(org: SimOrg, email: unknown, exceptId?: string): SimResponse | undefined {
  const lower = String(email).toLowerCase();
  const other = org.users.find((u) => u.id !== exceptId && String(u.email).toLowerCase() === lower);
  return other
    ? apiError(409, 'general.conflict', `A user with the email '${String(email)}' already exists.`)
    : undefined;
}

const USERS = '/api/v2/users';

function createUser(ctx: RouteContext, body: Body): SimResponse {
  const { org } = ctx;
  const invalid = firstError(
    missingField(body, ['name', 'email', 'divisionId']),
    duplicateEmail(org, body.email),
  );
  if (invalid) return invalid;
  const division = divisionOf(org, body.divisionId);
  if (isResponse(division)) return division;
  const id = newId();
  const email = String(body.email);
  const u: Models.User = {
    id,
    name: String(body.name),
    division,
    email,
    username: email,
    state: str(body.state) ?? 'active',
    title: str(body.title),
    department: str(body.department),
    version: 1,
    chat: { jabberId: `${id.replaceAll('-', '').slice(0, 24)}@example.orgspan.com` },
    primaryContactInfo: [{ address: email, mediaType: 'EMAIL', type: 'PRIMARY' }],
    addresses: Array.isArray(body.addresses) ? structuredClone(body.addresses as Models.Contact[]) : [],
    acdAutoAnswer: false,
    skills: [],
    languages: [],
    locations: [],
    groups: [],
    selfUri: `${USERS}/${id}`,
  };
  org.users.push(u);
  return { status: 200, body: u };
}

/** `UpdateUser`'s configuration fields the simulated users hold. */
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
] as const;

function patchUser(ctx: RouteContext, body: Body): SimResponse {
  const { org } = ctx;
  const u = existing(org.users, ctx, 'userId');
  if (isResponse(u)) return u;
  const locationIds = (Array.isArray(body.locations) ? body.locations : []).map(
    (l) => obj(obj(l)?.locationDefinition)?.id,
  );
  const invalid = firstError(
    missingField(body, ['version']),
    staleVersion(u.version, body.version),
    body.email !== undefined ? duplicateEmail(org, body.email, u.id) : undefined,
    body.manager ? unknownReference(org.users, [body.manager], 'user') : undefined,
    unknownReference(org.locations, locationIds, 'location'),
  );
  if (invalid) return invalid;
  const user = u as unknown as Record<string, unknown>;
  for (const k of USER_FIELDS) if (body[k] !== undefined) user[k] = structuredClone(body[k]);
  if (body.manager !== undefined)
    u.manager = body.manager
      ? { id: String(body.manager), version: 0, selfUri: `${USERS}/${String(body.manager)}` }
      : undefined;
  if (body.locations !== undefined)
    u.locations = locationIds.map((id) => ({ locationDefinition: { id: String(id) } }));
  u.version = (u.version ?? 1) + 1;
  return { status: 200, body: u };
}

function putSkills(ctx: RouteContext): SimResponse {
  const u = existing(ctx.org.users, ctx, 'userId');
  if (isResponse(u)) return u;
  const body = arrayBody(ctx.body);
  if (isResponse(body)) return body;
  const invalid = firstError(
    ...body.map((s) => missingField(s, ['id', 'proficiency'])),
    unknownReference(
      ctx.org.skills,
      body.map((s) => s.id),
      'skill',
    ),
  );
  if (invalid) return invalid;
  u.skills = body.map((s) => ({
    id: String(s.id),
    name: refTo(ctx.org.skills, s.id).name,
    proficiency: Number(s.proficiency),
    state: 'active',
    skillUri: `/api/v2/routing/skills/${String(s.id)}`,
  }));
  const listing: Models.UserSkillEntityListing = { entities: u.skills, total: u.skills.length };
  return { status: 200, body: listing };
}

function patchLanguages(ctx: RouteContext): SimResponse {
  const u = existing(ctx.org.users, ctx, 'userId');
  if (isResponse(u)) return u;
  const body = arrayBody(ctx.body);
  if (isResponse(body)) return body;
  const invalid = firstError(
    ...body.map((l) => missingField(l, ['id', 'proficiency'])),
    unknownReference(
      ctx.org.languages,
      body.map((l) => l.id),
      'language',
    ),
  );
  if (invalid) return invalid;
  const languages = [...(u.languages ?? [])];
  for (const l of body) {
    const entry: Models.UserRoutingLanguage = {
      id: String(l.id),
      name: refTo(ctx.org.languages, l.id).name,
      proficiency: Number(l.proficiency),
      state: 'active',
      languageUri: `/api/v2/routing/languages/${String(l.id)}`,
    };
    const i = languages.findIndex((x) => x.id === l.id);
    if (i >= 0) languages[i] = entry;
    else languages.push(entry);
  }
  u.languages = languages;
  const listing: Models.UserLanguageEntityListing = { entities: languages, total: languages.length };
  return { status: 200, body: listing };
}

function deleteLanguage(ctx: RouteContext): SimResponse {
  const u = existing(ctx.org.users, ctx, 'userId');
  if (isResponse(u)) return u;
  const i = (u.languages ?? []).findIndex((l) => l.id === ctx.params.languageId);
  if (i < 0) return apiError(404, 'not.found', `The user has no language '${ctx.params.languageId}'.`);
  u.languages?.splice(i, 1);
  return { status: 204 };
}

export function userWrites(): Route[] {
  return [
    {
      method: 'POST',
      template: USERS,
      permissions: ['directory:user:add'],
      handle: withBody(createUser),
    },
    {
      method: 'PATCH',
      template: `${USERS}/{userId}`,
      permissions: ['admin', 'directory:user:edit'],
      anyPermission: true,
      handle: withBody(patchUser),
    },
    {
      method: 'PUT',
      template: `${USERS}/{userId}/routingskills/bulk`,
      permissions: ['routing:skill:assign'],
      handle: putSkills,
    },
    {
      method: 'PATCH',
      template: `${USERS}/{userId}/routinglanguages/bulk`,
      permissions: ['routing:skill:assign', 'routing:language:assign'],
      anyPermission: true,
      handle: patchLanguages,
    },
    {
      method: 'DELETE',
      template: `${USERS}/{userId}/routinglanguages/{languageId}`,
      permissions: ['routing:skill:assign', 'routing:language:assign'],
      anyPermission: true,
      handle: deleteLanguage,
    },
  ];
}

const GROUPS = '/api/v2/groups';
const GROUP_FIELDS = ['description', 'addresses', 'rolesEnabled', 'includeOwners', 'callsEnabled', 'email'];

/** A group's configuration from `GroupCreate` / `GroupUpdate`: owners must be users of the org. */
function groupFields(org: SimOrg, body: Body): Partial<Models.Group> | SimResponse {
  const ownerIds = strings(body.ownerIds) ?? [];
  const invalid = unknownReference(org.users, ownerIds, 'user');
  if (invalid) return invalid;
  const fields: Record<string, unknown> = {};
  for (const k of ['name', 'type', 'rulesVisible', 'visibility', ...GROUP_FIELDS])
    if (body[k] !== undefined && body[k] !== null) fields[k] = structuredClone(body[k]);
  if (body.ownerIds !== undefined) fields.owners = ownerIds.map((id) => refTo(org.users, id));
  return fields as Partial<Models.Group>;
}

const groupRef = (g: Models.Group): Models.Group => ({
  id: g.id,
  name: g.name,
  type: g.type,
  rulesVisible: g.rulesVisible,
  visibility: g.visibility,
});

export function groupWrites(): Route[] {
  return [
    {
      method: 'POST',
      template: GROUPS,
      permissions: ['directory:group:add'],
      handle: withBody((ctx, body) => {
        const { org } = ctx;
        const invalid = firstError(
          missingField(body, ['name', 'type', 'rulesVisible', 'visibility']),
          duplicateName(org.groups, body.name, 'group'),
        );
        if (invalid) return invalid;
        const fields = groupFields(org, body);
        if (isResponse(fields)) return fields;
        const id = newId();
        const g: Models.Group = {
          id,
          ...fields,
          name: String(body.name),
          type: String(body.type),
          rulesVisible: body.rulesVisible === true,
          visibility: String(body.visibility),
          state: 'active',
          version: 1,
          memberCount: 0,
          dateModified: stamp(ctx),
          selfUri: `${GROUPS}/${id}`,
        };
        org.groups.push(g);
        return { status: 200, body: g };
      }),
    },
    {
      method: 'PUT',
      template: `${GROUPS}/{groupId}`,
      permissions: ['directory:group:edit'],
      handle: withBody((ctx, body) => {
        const g = existing(ctx.org.groups, ctx, 'groupId');
        if (isResponse(g)) return g;
        const invalid = firstError(
          missingField(body, ['version']),
          staleVersion(g.version, body.version),
          body.name !== undefined ? duplicateName(ctx.org.groups, body.name, 'group', g.id) : undefined,
        );
        if (invalid) return invalid;
        const fields = groupFields(ctx.org, body);
        if (isResponse(fields)) return fields;
        Object.assign(g, fields, { version: (g.version ?? 1) + 1, dateModified: stamp(ctx) });
        for (const u of ctx.org.users) u.groups = u.groups?.map((x) => (x.id === g.id ? groupRef(g) : x));
        return { status: 200, body: g };
      }),
    },
    {
      method: 'POST',
      template: `${GROUPS}/{groupId}/members`,
      permissions: [],
      handle: withBody((ctx, body) => {
        const g = existing(ctx.org.groups, ctx, 'groupId');
        if (isResponse(g)) return g;
        const ids = strings(body.memberIds) ?? [];
        // `GroupMembersUpdate.version` is optional; when given it must be the group's current one.
        const invalid = firstError(
          missingField(body, ['memberIds']),
          body.version !== undefined ? staleVersion(g.version, body.version) : undefined,
          unknownReference(ctx.org.users, ids, 'user'),
        );
        if (invalid) return invalid;
        for (const u of ctx.org.users)
          if (ids.includes(String(u.id)) && !u.groups?.some((x) => x.id === g.id))
            u.groups = [...(u.groups ?? []), groupRef(g)];
        g.version = (g.version ?? 1) + 1;
        return { status: 202, body: {} };
      }),
    },
    {
      method: 'DELETE',
      template: `${GROUPS}/{groupId}/members`,
      permissions: [],
      handle: (ctx) => {
        const g = existing(ctx.org.groups, ctx, 'groupId');
        if (isResponse(g)) return g;
        const ids = (ctx.query.get('ids') ?? '').split(',').filter(Boolean);
        if (!ids.length) return apiError(400, 'bad.request', "The query parameter 'ids' is required.");
        for (const u of ctx.org.users)
          if (ids.includes(String(u.id))) u.groups = u.groups?.filter((x) => x.id !== g.id);
        g.version = (g.version ?? 1) + 1;
        return { status: 202, body: {} };
      },
    },
  ];
}

const TEAMS = '/api/v2/teams';

function teamFields(ctx: RouteContext, body: Body): Partial<Models.Team> | SimResponse {
  const invalid = missingField(body, ['name']);
  if (invalid) return invalid;
  const division = divisionOf(ctx.org, obj(body.division)?.id);
  if (isResponse(division)) return division;
  return { name: String(body.name), description: str(body.description), division };
}

export function teamWrites(): Route[] {
  return [
    {
      method: 'POST',
      template: TEAMS,
      permissions: ['groups:team:add'],
      handle: withBody((ctx, body) => {
        const fields = teamFields(ctx, body);
        if (isResponse(fields)) return fields;
        const id = newId();
        const t: Models.Team = {
          id,
          name: String(fields.name),
          ...fields,
          dateCreated: stamp(ctx),
          dateModified: stamp(ctx),
          memberCount: 0,
          selfUri: `${TEAMS}/${id}`,
        };
        ctx.org.teams.push(t);
        return { status: 200, body: t };
      }),
    },
    {
      method: 'PATCH',
      template: `${TEAMS}/{teamId}`,
      permissions: ['groups:team:edit'],
      handle: withBody((ctx, body) => {
        const t = existing(ctx.org.teams, ctx, 'teamId');
        if (isResponse(t)) return t;
        const fields = teamFields(ctx, body);
        if (isResponse(fields)) return fields;
        Object.assign(t, fields, { dateModified: stamp(ctx) });
        for (const u of ctx.org.users) if (u.team?.id === t.id) u.team = { id: t.id, name: t.name };
        return { status: 200, body: t };
      }),
    },
    {
      method: 'POST',
      template: `${TEAMS}/{teamId}/members`,
      permissions: ['groups:team:assign'],
      handle: withBody((ctx, body) => {
        const t = existing(ctx.org.teams, ctx, 'teamId');
        if (isResponse(t)) return t;
        const ids = strings(body.memberIds) ?? [];
        const invalid = firstError(
          missingField(body, ['memberIds']),
          unknownReference(ctx.org.users, ids, 'user'),
        );
        if (invalid) return invalid;
        // A user is on one team at most: joining this one leaves the other.
        for (const u of ctx.org.users) if (ids.includes(String(u.id))) u.team = { id: t.id, name: t.name };
        const res: Models.TeamMemberAddListingResponse = {
          entities: ids.map((id) => ({ id, selfUri: `${USERS}/${id}` })),
          failures: [],
        };
        return { status: 200, body: res };
      }),
    },
    {
      method: 'DELETE',
      template: `${TEAMS}/{teamId}/members`,
      permissions: ['groups:team:assign'],
      handle: (ctx) => {
        const t = existing(ctx.org.teams, ctx, 'teamId');
        if (isResponse(t)) return t;
        const ids = (ctx.query.get('id') ?? '').split(',').filter(Boolean);
        if (!ids.length) return apiError(400, 'bad.request', "The query parameter 'id' is required.");
        for (const u of ctx.org.users)
          if (ids.includes(String(u.id)) && u.team?.id === t.id) u.team = undefined;
        return { status: 204 };
      },
    },
  ];
}

const LOCATIONS = '/api/v2/locations';
const LOCATION_FIELDS = ['name', 'path', 'notes', 'emergencyNumber', 'address'];

function locationFields(org: SimOrg, body: Body): Partial<Models.LocationDefinition> | SimResponse {
  const contact = str(body.contactUser);
  const invalid = contact ? unknownReference(org.users, [contact], 'user') : undefined;
  if (invalid) return invalid;
  const fields: Record<string, unknown> = {};
  for (const k of LOCATION_FIELDS) if (body[k] !== undefined) fields[k] = structuredClone(body[k]);
  if (body.contactUser !== undefined)
    fields.contactUser = contact ? { id: contact, selfUri: `${USERS}/${contact}` } : undefined;
  return fields as Partial<Models.LocationDefinition>;
}

export function locationWrites(): Route[] {
  return [
    {
      method: 'POST',
      template: LOCATIONS,
      permissions: ['directory:location:add'],
      handle: withBody((ctx, body) => {
        const invalid = firstError(
          missingField(body, ['name']),
          duplicateName(ctx.org.locations, body.name, 'location'),
        );
        if (invalid) return invalid;
        const fields = locationFields(ctx.org, body);
        if (isResponse(fields)) return fields;
        const id = newId();
        const l: Models.LocationDefinition = {
          id,
          path: [],
          ...fields,
          state: 'active',
          version: 1,
          selfUri: `${LOCATIONS}/${id}`,
        };
        ctx.org.locations.push(l);
        return { status: 200, body: l };
      }),
    },
    {
      method: 'PATCH',
      template: `${LOCATIONS}/{locationId}`,
      permissions: ['directory:location:edit'],
      handle: withBody((ctx, body) => {
        const l = existing(ctx.org.locations, ctx, 'locationId');
        if (isResponse(l)) return l;
        const invalid = firstError(
          missingField(body, ['name', 'version']),
          staleVersion(l.version, body.version),
          duplicateName(ctx.org.locations, body.name, 'location', l.id),
        );
        if (invalid) return invalid;
        const fields = locationFields(ctx.org, body);
        if (isResponse(fields)) return fields;
        Object.assign(l, fields, { version: (l.version ?? 1) + 1 });
        return { status: 200, body: l };
      }),
    },
  ];
}

export const peopleWritesFamily: Family = {
  name: 'admin:user, admin:group, admin:team, organization:location (writes)',
  listings: [],
  routes: () => [...locationWrites(), ...groupWrites(), ...teamWrites(), ...userWrites()],
};
