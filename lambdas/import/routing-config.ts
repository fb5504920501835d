/**
 * Routing configuration for import, written as the Terraform provider's resources write it:
 * - response libraries (`POST /api/v2/responsemanagement/libraries`, `PUT .../{libraryId}` at the current
 *   version) and canned responses (`POST /api/v2/responsemanagement/responses`, `PUT .../{responseId}` at
 *   the current version);
 * - SMS addresses (`POST /api/v2/routing/sms/addresses`; the API has no update: create only);
 * - presence definitions (`POST /api/v2/presence/definitions`, `PUT .../{definitionId}`): the org's own
 *   (`User`) ones; the platform's `System` ones exist in every org, are matched by their system presence
 *   and never created or changed (Terraform manages only `User` definitions: "the only creatable items");
 * - skill groups (`POST /api/v2/routing/skillgroups`, `PATCH .../{skillGroupId}`) and their member
 *   divisions (`POST .../members/divisions` with `addDivisionIds`/`removeDivisionIds`);
 * - the org's utilization (`PUT /api/v2/routing/utilization`) and routing settings (`PUT /routing/settings`,
 *   `PUT .../transcription`, `PATCH .../contactcenter`): singletons every org has, only ever replaced;
 * - inbound email domains (`POST /api/v2/routing/email/domains` with the domain name as `id`; `PATCH`
 *   changes only the `InboundDomainPatchRequest` settings) and their routes
 *   (`POST`/`PUT /api/v2/routing/email/domains/{domainName}/routes[/{routeId}]`).
 */
import type { Entity } from '../engine/catalog/types.ts';
import { type ApplyContext, desired } from './apply.ts';
import type { Body, ImportableType } from './importable.ts';
import type { PlannedResource } from './plan.ts';

const q = encodeURIComponent;
const ref = (v: unknown): Body | undefined =>
  v && typeof v === 'object' ? { id: (v as Entity).id } : undefined;
const refs = (v: unknown): Body[] =>
  Array.isArray(v) ? v.map(ref).filter((x): x is Body => x !== undefined) : [];
const pick = (e: Entity, fields: readonly string[]): Body =>
  Object.fromEntries(fields.filter((f) => e[f] !== undefined).map((f) => [f, e[f]]));
const without = (e: Entity, fields: readonly string[]): Body =>
  Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k)));

/** A replace at the resource's current version, read just before (`version` is not in a snapshot). */
function versionedPut(base: string, body: (e: Entity) => Body): NonNullable<ImportableType['update']> {
  return {
    method: 'PUT',
    path: (id) => `${base}/${q(id)}`,
    body: (e, current) => ({ ...body(e), version: current.version }),
    versioned: true,
    read: (id) => `${base}/${q(id)}`,
  };
}

const LIBRARIES = '/api/v2/responsemanagement/libraries';
const libraryBody = (e: Entity): Body => ({
  ...pick(e, ['name', 'responseType']),
  division: ref(e.division),
});

export const responseLibrary: ImportableType = {
  type: 'responsemanagement:library',
  create: { path: LIBRARIES, body: libraryBody },
  update: versionedPut(LIBRARIES, libraryBody),
  readOnly: ['createdBy', 'dateCreated'],
};

const RESPONSES = '/api/v2/responsemanagement/responses';
const RESPONSE_READ_ONLY = ['createdBy', 'dateCreated'];
const responseBody = (e: Entity): Body => ({
  ...without(e, ['id', 'version', ...RESPONSE_READ_ONLY]),
  libraries: refs(e.libraries),
});

export const cannedResponse: ImportableType = {
  type: 'responsemanagement:response',
  create: { path: RESPONSES, body: responseBody },
  update: versionedPut(RESPONSES, responseBody),
  readOnly: RESPONSE_READ_ONLY,
};

export const smsAddress: ImportableType = {
  type: 'routing:smsaddress',
  create: {
    path: '/api/v2/routing/sms/addresses',
    body: (e) => pick(e, ['name', 'street', 'city', 'region', 'postalCode', 'countryCode']),
  },
  // `validated` is the platform's check of the address.
  readOnly: ['validated'],
};

const PRESENCES = '/api/v2/presence/definitions';
const presenceBody = (e: Entity): Body =>
  pick(e, ['languageLabels', 'systemPresence', 'divisionId', 'deactivated']);

export const presenceDefinition: ImportableType = {
  type: 'presence:definition',
  create: { path: PRESENCES, body: presenceBody },
  update: { method: 'PUT', path: (id) => `${PRESENCES}/${q(id)}`, body: presenceBody },
  readOnly: ['type'],
  // A System definition is the platform's, one per system presence in every org, whatever its label.
  naturalKey: (e) =>
    e.type === 'System'
      ? `\u0000system:${String(e.systemPresence ?? '').toLowerCase()}`
      : typeof e.name === 'string'
        ? e.name.toLowerCase()
        : undefined,
  refuse: (e) =>
    e.type === 'System'
      ? `the platform's own System presence '${String(e.systemPresence)}': the API creates only User presence definitions, and import does not change the platform's`
      : undefined,
};

const SKILL_GROUPS = '/api/v2/routing/skillgroups';
const skillGroupBody = (e: Entity): Body => ({
  ...pick(e, ['name', 'description', 'skillConditions']),
  division: ref(e.division),
});

export const skillGroup: ImportableType = {
  type: 'routing:skillgroup',
  create: { path: SKILL_GROUPS, body: skillGroupBody },
  update: { method: 'PATCH', path: (id) => `${SKILL_GROUPS}/${q(id)}`, body: skillGroupBody },
  readOnly: ['dateCreated', 'dateModified', 'status', 'memberCount'],
  children: [
    {
      field: 'memberDivisions',
      add: (id, ids) => ({
        path: `${SKILL_GROUPS}/${q(id)}/members/divisions`,
        body: { addDivisionIds: ids },
      }),
      remove: (id, ids) => [
        {
          method: 'POST',
          path: `${SKILL_GROUPS}/${q(id)}/members/divisions`,
          body: { removeDivisionIds: ids },
        },
      ],
    },
  ],
};

/** A singleton every org has: matched whatever its name, written by `write` whether or not the target's was read. */
function singleton(
  type: string,
  path: string,
  write: (body: Entity, changes: readonly string[] | undefined, ctx: ApplyContext) => Promise<void>,
): ImportableType {
  const writer = async (r: PlannedResource, ctx: ApplyContext) => {
    const { body, pending } = desired(r, ctx);
    await write(body, r.action === 'create' ? undefined : r.changes, ctx);
    return { id: String(body.id), pending };
  };
  return {
    type,
    create: { path, body: () => ({}) },
    update: { method: 'PUT', path: () => path, body: () => ({}) },
    readOnly: [],
    writer: { write: writer },
    naturalKey: () => `\u0000${type}`,
  };
}

/** `UtilizationRequest`: label utilizations without the label's name (copied by the platform). */
function utilizationRequest(e: Entity): Body {
  const labels = (e.labelUtilizations ?? {}) as Record<string, Entity>;
  return {
    ...pick(e, ['utilization', 'maxInboundCalls']),
    labelUtilizations: Object.fromEntries(
      Object.entries(labels).map(([id, l]) => [id, pick(l, ['maximumCapacity', 'interruptingLabelIds'])]),
    ),
  };
}

export const routingUtilization = singleton(
  'routing:utilization',
  '/api/v2/routing/utilization',
  async (body, _changes, ctx) => {
    await ctx.client.put('/api/v2/routing/utilization', utilizationRequest(body));
  },
);

/** The snapshot merges three endpoints' settings: each part is written through its own. */
export const routingSettings = singleton(
  'routing:settings',
  '/api/v2/routing/settings',
  async (body, changes, ctx) => {
    const changed = (f: (c: string) => boolean) => changes === undefined || changes.some(f);
    const own = (c: string) => c !== 'transcription' && c !== 'contactCenter';
    if (changed(own))
      await ctx.client.put(
        '/api/v2/routing/settings',
        without(body, ['id', 'name', 'transcription', 'contactCenter']),
      );
    if (body.transcription && changed((c) => c === 'transcription'))
      await ctx.client.put('/api/v2/routing/settings/transcription', body.transcription as Body);
    if (body.contactCenter && changed((c) => c === 'contactCenter'))
      await ctx.client.patch('/api/v2/routing/settings/contactcenter', body.contactCenter as Body);
  },
);

const DOMAINS = '/api/v2/routing/email/domains';
/** `InboundDomainPatchRequest`: all a domain's PATCH can change. */
const DOMAIN_PATCHABLE = [
  'mailFromSettings',
  'customSMTPServer',
  'imapSettings',
  'graphApiSettings',
  'emailSetting',
];

export const emailDomain: ImportableType = {
  type: 'routing:emaildomain',
  create: {
    path: DOMAINS,
    body: (e) => ({ id: e.id, ...pick(e, ['subDomain', ...DOMAIN_PATCHABLE]) }),
  },
  update: {
    method: 'PATCH',
    path: (id) => `${DOMAINS}/${q(id)}`,
    body: (e) => pick(e, DOMAIN_PATCHABLE),
    fields: DOMAIN_PATCHABLE,
  },
  readOnly: ['mxRecordStatus', 'dmarcVerificationResult'],
};

/** Routes are written under their domain: the path needs the (target's) domain name. */
async function writeEmailRoute(
  r: PlannedResource,
  ctx: ApplyContext,
): Promise<{ id: string; pending: boolean }> {
  const { body, pending } = desired(r, ctx);
  const domain = String((body.domain as Entity | undefined)?.id);
  const base = `${DOMAINS}/${q(domain)}/routes`;
  const send = without(body, ['id', 'domain', 'status']);
  if (r.targetId === undefined)
    return { id: String((await ctx.client.post<Entity>(base, send)).id), pending };
  await ctx.client.put(`${base}/${q(r.targetId)}`, send);
  return { id: r.targetId, pending };
}

export const emailRoute: ImportableType = {
  type: 'routing:emailroute',
  create: { path: `${DOMAINS}/{domainName}/routes`, body: (e) => e },
  update: { method: 'PUT', path: (id) => id, body: (e) => e },
  readOnly: ['status'],
  writer: { write: writeEmailRoute },
  // A route is its domain's pattern (a domain's ID is its name, the same in every org).
  naturalKey: (e) =>
    `${String((e.domain as Entity | undefined)?.id ?? '').toLowerCase()}\u0000${String(e.pattern ?? '').toLowerCase()}`,
};
