/**
 * Telephony, IVRs and emergency groups for import, with the write endpoints of the SDK
 * (`TelephonyProvidersEdgeApi`, `ArchitectApi`) and the bodies Terraform's resources send:
 * trunk base settings (`PUT` at the current version; their SIP credentials are redacted in a snapshot and
 * need --secretsFile), edge groups (the edge trunk base assignment is the platform's, kept as the target
 * has it), sites with their outbound routes (`.../sites/{siteId}/outboundroutes`, matched by name) and
 * number plans (replaced whole), DID pools and extension pools (matched by their first number), phone
 * templates with their line, phones with their lines and WebRTC user, IVRs and emergency groups.
 * Trunks are not here: the API has no create for them (the platform makes one when trunk base settings
 * are assigned to an edge or edge group, which is how Terraform's `genesyscloud_telephony_providers_edges_trunk`
 * "creates" one).
 */
import type { Entity } from '../engine/catalog/types.ts';
import { compare } from '../engine/order.ts';
import { type ApplyContext, desired } from './apply.ts';
import type { Body, ImportableType } from './importable.ts';
import type { PlannedResource } from './plan.ts';

const q = encodeURIComponent;
const EDGES = '/api/v2/telephony/providers/edges';

const idRef = (v: unknown): Body | undefined =>
  v && typeof v === 'object' && typeof (v as Entity).id === 'string' ? { id: (v as Entity).id } : undefined;
const idRefs = (v: unknown): Body[] | undefined =>
  Array.isArray(v) ? v.map(idRef).filter((x): x is Body => x !== undefined) : undefined;
const list = (v: unknown): Entity[] => (Array.isArray(v) ? (v as Entity[]) : []);
const pick = (e: Entity, fields: readonly string[]): Body =>
  Object.fromEntries(fields.filter((f) => e[f] !== undefined).map((f) => [f, e[f]]));
/** Drops the undefined values (references the snapshot does not have). */
const defined = (b: Body): Body => Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined));

/** Audit fields the platform sets (the catalog leaves some of them in a snapshot: trunk base settings). */
const AUDIT = ['dateCreated', 'createdBy', 'createdByApp', 'state'];

/** What the platform sets on each element of a sub-list (its own ID and audit fields). */
const ELEMENT_READ_ONLY = ['id', 'version', 'dateCreated', 'dateModified', 'state', 'selfUri'];
const withoutElementIds = (v: unknown): Entity[] =>
  list(v)
    .map((x) => Object.fromEntries(Object.entries(x).filter(([k]) => !ELEMENT_READ_ONLY.includes(k))))
    .sort((a, b) => compare(String(a.name ?? ''), String(b.name ?? '')));

/** A type written with `POST base` and `PUT base/{id}` (at the current version when `versioned`). */
function simple(
  type: string,
  base: string,
  body: (e: Entity) => Body,
  opts: {
    versioned?: boolean;
    update?: (e: Entity, current: Entity) => Body;
    readOnly?: string[];
    naturalKey?: ImportableType['naturalKey'];
    comparable?: ImportableType['comparable'];
  } = {},
): ImportableType {
  const update = opts.update ?? body;
  return {
    type,
    create: { path: base, body: (e) => defined(body(e)) },
    update: {
      method: 'PUT',
      path: (id) => `${base}/${q(id)}`,
      body: (e, current) =>
        defined({ ...update(e, current), ...(opts.versioned ? { version: current.version } : {}) }),
      ...(opts.versioned ? { versioned: true, read: (id: string) => `${base}/${q(id)}` } : {}),
    },
    readOnly: [...AUDIT, ...(opts.readOnly ?? [])],
    ...(opts.naturalKey ? { naturalKey: opts.naturalKey } : {}),
    ...(opts.comparable ? { comparable: opts.comparable } : {}),
  };
}

export const trunkBaseSettings = simple(
  'telephony:trunkbasesettings',
  `${EDGES}/trunkbasesettings`,
  (e) => ({
    // The metabase (a platform template, not a resource of the org) as the snapshot names it.
    ...pick(e, ['name', 'description', 'trunkMetabase', 'trunkType', 'managed', 'properties']),
    site: idRef(e.site),
    inboundSite: idRef(e.inboundSite),
    division: idRef(e.division),
  }),
  { versioned: true },
);

const edgeGroupBody = (e: Entity): Body => ({
  ...pick(e, ['name', 'description', 'managed', 'hybrid']),
  phoneTrunkBases: idRefs(e.phoneTrunkBases) ?? [],
  division: idRef(e.division),
});

export const edgeGroup = simple('telephony:edgegroup', `${EDGES}/edgegroups`, edgeGroupBody, {
  versioned: true,
  // As Terraform does: the platform assigns each edge's own trunk base; the update keeps the target's.
  update: (e, current) => ({ ...edgeGroupBody(e), edgeTrunkBaseAssignment: current.edgeTrunkBaseAssignment }),
  readOnly: ['edgeTrunkBaseAssignment'],
});

const startOf = (field: string) => (e: Entity) =>
  typeof e[field] === 'string' ? `${field}:${e[field]}` : undefined;

export const didPool = simple(
  'telephony:didpool',
  `${EDGES}/didpools`,
  (e) => ({
    ...pick(e, ['name', 'description', 'startPhoneNumber', 'endPhoneNumber', 'comments', 'provider']),
    division: idRef(e.division),
  }),
  // Terraform's label of a pool: its first number (two pools cannot share one).
  { naturalKey: startOf('startPhoneNumber') },
);

export const extensionPool = simple(
  'telephony:extensionpool',
  `${EDGES}/extensionpools`,
  (e) => ({ ...pick(e, ['name', 'description', 'startNumber', 'endNumber']), division: idRef(e.division) }),
  { naturalKey: startOf('startNumber') },
);

const lineBody = (l: Entity): Body =>
  defined({
    ...pick(l, ['name', 'description', 'properties', 'lineMetaBase']),
    lineBaseSettings: idRef(l.lineBaseSettings),
    defaultForUser: idRef(l.defaultForUser),
  });

/** The snapshot's lines, each with the ID of the target's line at its place (an update keeps the lines). */
const linesFor = (e: Entity, current?: Entity): Body[] =>
  list(e.lines).map((l, i) => {
    const id = list(current?.lines)[i]?.id;
    return { ...lineBody(l), ...(id === undefined ? {} : { id }) };
  });

const withComparableLines = (e: Entity): Entity => ({ ...e, lines: withoutElementIds(e.lines) });

const phoneBaseBody = (e: Entity, current?: Entity): Body => ({
  ...pick(e, ['name', 'description', 'phoneMetaBase', 'properties', 'capabilities']),
  division: idRef(e.division),
  lines: linesFor(e, current),
});

export const phoneBaseSettings = simple(
  'telephony:phonebasesettings',
  `${EDGES}/phonebasesettings`,
  (e) => phoneBaseBody(e),
  { update: phoneBaseBody, comparable: withComparableLines },
);

const phoneBody = (e: Entity, current?: Entity): Body => ({
  ...pick(e, ['name', 'description', 'properties', 'capabilities']),
  site: idRef(e.site),
  phoneBaseSettings: idRef(e.phoneBaseSettings),
  lineBaseSettings: idRef(e.lineBaseSettings),
  phoneMetaBase: e.phoneMetaBase,
  webRtcUser: idRef(e.webRtcUser),
  division: idRef(e.division),
  lines: linesFor(e, current),
});

export const phone = simple('telephony:phone', `${EDGES}/phones`, (e) => phoneBody(e), {
  update: phoneBody,
  comparable: withComparableLines,
});

export const ivr = simple(
  'architect:ivr',
  '/api/v2/architect/ivrs',
  (e) => ({
    ...pick(e, ['name', 'description', 'dnis']),
    division: idRef(e.division),
    openHoursFlow: idRef(e.openHoursFlow),
    closedHoursFlow: idRef(e.closedHoursFlow),
    holidayHoursFlow: idRef(e.holidayHoursFlow),
    scheduleGroup: idRef(e.scheduleGroup),
  }),
  { versioned: true },
);

export const emergencyGroup = simple(
  'architect:emergencygroup',
  '/api/v2/architect/emergencygroups',
  (e) => ({
    ...pick(e, ['name', 'description', 'enabled']),
    division: idRef(e.division),
    emergencyCallFlows: list(e.emergencyCallFlows).map((f) =>
      defined({ emergencyFlow: idRef(f.emergencyFlow), ivrs: idRefs(f.ivrs) ?? [] }),
    ),
  }),
  { versioned: true },
);

const SITE_FIELDS = [
  'name',
  'description',
  'mediaModel',
  'mediaRegionsUseLatencyBased',
  'mediaRegions',
  'callerId',
  'callerName',
  'edgeAutoUpdateConfig',
  'ntpSettings',
  'cloudProxyForceTurn',
];
/** Written through their own endpoints after the site. */
const SITE_LISTS = ['outboundRoutes', 'numberPlans'];

const siteBody = (e: Entity): Body =>
  defined({
    ...pick(e, SITE_FIELDS),
    location: idRef(e.location),
    division: idRef(e.division),
    primarySites: idRefs(e.primarySites),
    secondarySites: idRefs(e.secondarySites),
  });

const routeBody = (r: Entity): Body =>
  defined({
    ...pick(r, ['name', 'description', 'classificationTypes', 'enabled', 'distribution']),
    externalTrunkBases: idRefs(r.externalTrunkBases) ?? [],
  });

const planBody = (p: Entity): Body =>
  Object.fromEntries(Object.entries(p).filter(([k]) => !ELEMENT_READ_ONLY.includes(k)));

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Every page of a site's outbound routes, as the target has them now. */
async function routesOf(ctx: ApplyContext, siteId: string): Promise<Entity[]> {
  const out: Entity[] = [];
  for (let page = 1; ; page++) {
    const listing = await ctx.client.get<{ entities?: Entity[]; pageCount?: number }>(
      `${EDGES}/sites/${q(siteId)}/outboundroutes?pageSize=100&pageNumber=${page}`,
    );
    out.push(...(listing.entities ?? []));
    if (page >= (listing.pageCount ?? 1)) return out;
  }
}

/**
 * A site (`POST`/`PUT .../sites`, the PUT at the current version), then its outbound routes matched by name
 * (created, replaced at their version, deleted) and its number plans (one `PUT` of the whole list, each plan
 * with the target's ID of the plan of its name). Routes and plans are read back from the target first: a
 * site updated in the same run it was created in (a reference to a site created after it) is not listed.
 */
async function writeSite(r: PlannedResource, ctx: ApplyContext): Promise<{ id: string; pending: boolean }> {
  const { body, pending } = desired(r, ctx);
  const base = `${EDGES}/sites`;
  let id = r.targetId;
  const created = id === undefined;
  if (id === undefined) id = String((await ctx.client.post<Entity>(base, siteBody(body))).id);
  else if (r.changes === undefined || r.changes.some((c) => !SITE_LISTS.includes(c))) {
    const live = await ctx.client.get<Entity>(`${base}/${q(id)}`);
    await ctx.client.put(`${base}/${q(id)}`, { ...siteBody(body), version: live.version });
  }
  const sid = q(id);
  const haveRoutes = created ? [] : await routesOf(ctx, id);
  const wantRoutes = list(body.outboundRoutes);
  for (const want of [...wantRoutes].sort((a, b) => compare(String(a.name), String(b.name)))) {
    const have = haveRoutes.find((h) => h.name === want.name);
    if (!have) await ctx.client.post(`${base}/${sid}/outboundroutes`, routeBody(want));
    else if (!same(routeBody(have), routeBody(want)))
      await ctx.client.put(`${base}/${sid}/outboundroutes/${q(String(have.id))}`, {
        ...routeBody(want),
        version: have.version,
      });
  }
  for (const gone of haveRoutes.filter((h) => !wantRoutes.some((w) => w.name === h.name)))
    await ctx.client.delete(`${base}/${sid}/outboundroutes/${q(String(gone.id))}`);
  const havePlans = created ? [] : await ctx.client.get<Entity[]>(`${base}/${sid}/numberplans`);
  const wantPlans = list(body.numberPlans);
  if (!same(withoutElementIds(havePlans), withoutElementIds(wantPlans)))
    await ctx.client.put(
      `${base}/${sid}/numberplans`,
      wantPlans.map((p) => {
        const match = havePlans.find((h) => h.name === p.name);
        return { ...planBody(p), ...(match ? { id: match.id } : {}) };
      }),
    );
  return { id, pending };
}

export const site: ImportableType = {
  type: 'telephony:site',
  create: { path: `${EDGES}/sites`, body: siteBody },
  update: { method: 'PUT', path: (id) => `${EDGES}/sites/${q(id)}`, body: siteBody },
  // Genesys-managed sites (Genesys Cloud Voice) are the platform's; a site of the org is never managed.
  readOnly: [...AUDIT, 'managed', 'coreSite'],
  writer: { write: writeSite },
  comparable: (e) => ({
    ...e,
    outboundRoutes: withoutElementIds(e.outboundRoutes),
    numberPlans: withoutElementIds(e.numberPlans),
  }),
  refuse: (e) =>
    e.managed === true ? 'a Genesys-managed site: the platform creates it, import does not' : undefined,
};
