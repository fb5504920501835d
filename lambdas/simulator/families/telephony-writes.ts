/**
 * Write endpoints of telephony and of IVRs and emergency groups, from the SDK
 * (`TelephonyProvidersEdgeApi`, `ArchitectApi`: paths, request models, the permissions of build/docs) and
 * the way the Terraform provider writes them: trunk base settings (`TrunkBase`: name, trunkMetabase,
 * trunkType), edge groups (`EdgeGroup`: name; phoneTrunkBases), sites (`Site`: name, location; PUT of the
 * whole site; outbound routes `POST`/`PUT`/`DELETE .../sites/{siteId}/outboundroutes[/{id}]`, number
 * plans replaced whole with `PUT .../sites/{siteId}/numberplans`), DID pools (`DIDPool`: start and end
 * number), extension pools (`ExtensionPool`), phone base settings (`PhoneBase`: name, phoneMetaBase,
 * lines), phones (`Phone`: name, site, phoneBaseSettings, lines), IVRs (`IVR`: name) and emergency groups
 * (`EmergencyGroup`: name). PUTs of what Terraform updates at the current version (it retries on a version
 * mismatch: trunk base settings, edge groups, sites, IVRs, emergency groups) answer 409 to a stale one.
 * Trunks have no write: the platform creates them when trunk base settings are assigned to an edge.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { notFound, type SimResponse } from '../errors.ts';
import type { SimOrg } from '../model.ts';
import type { Route, RouteContext } from '../route.ts';
import {
  arrayBody,
  type Body,
  divisionOf,
  existing,
  firstError,
  idsOf,
  isResponse,
  missingField,
  newId,
  refTo,
  remove,
  staleVersion,
  stamp,
  str,
  unknownReference,
  withBody,
} from '../writes.ts';
import type { Family } from './family.ts';

const EDGES = '/api/v2/telephony/providers/edges';
const PLUGIN = ['telephony:plugin:all'];

type Entity = { id?: string; name?: string; version?: number; state?: string; selfUri?: string };
type Fields = Record<string, unknown>;

interface Spec {
  readonly base: string;
  readonly param: string;
  readonly list: (org: SimOrg) => Entity[];
  readonly permissions: { add: string[]; edit: string[]; delete: string[] };
  readonly required: readonly string[];
  /** The PUT must carry the current version (409 otherwise). */
  readonly versioned: boolean;
  /** The resource's own fields from the body, or the 400 of a reference that does not exist. */
  readonly fields: (ctx: RouteContext, body: Body) => Fields | SimResponse;
}

const bodyRef = (v: unknown): Body | undefined => (v && typeof v === 'object' ? (v as Body) : undefined);
const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

/** The division named by the body, if any (400 when unknown): these types are in a division only when given one. */
function optionalDivision(ctx: RouteContext, body: Body): { division?: unknown } | SimResponse {
  const id = bodyRef(body.division)?.id;
  if (id === undefined) return {};
  const division = divisionOf(ctx.org, id);
  if (isResponse(division)) return division;
  return { division: { id: division.id, name: division.name } };
}

/** `{id}` references of a field that must all exist in `list` (400 otherwise), as `{id, name}`. */
function refs(
  list: readonly Entity[],
  v: unknown,
  what: string,
): Array<{ id: string; name?: string }> | SimResponse {
  const ids = idsOf(v);
  const bad = unknownReference(list, ids, what);
  return bad ?? ids.map((id) => refTo(list, id) as { id: string; name?: string });
}

/** One `{id}` reference that must exist when given. */
function optionalRef(list: readonly Entity[], v: unknown, what: string) {
  const id = bodyRef(v)?.id;
  if (id === undefined) return undefined;
  return unknownReference(list, [id], what) ?? (refTo(list, id) as { id: string; name?: string });
}

/** POST, PUT and DELETE of one type. */
function crud(spec: Spec): Route[] {
  const { base, param } = spec;
  const checked = (ctx: RouteContext, body: Body) => {
    const missing = missingField(body, spec.required);
    if (missing) return missing;
    const f = spec.fields(ctx, body);
    if (isResponse(f)) return f;
    const bad = Object.values(f).find(isResponse);
    return bad ?? f;
  };
  return [
    {
      method: 'POST',
      template: base,
      permissions: spec.permissions.add,
      anyPermission: true,
      handle: withBody((ctx, body) => {
        const f = checked(ctx, body);
        if (isResponse(f)) return f;
        const id = newId();
        const e = {
          id,
          ...f,
          version: 1,
          state: 'active',
          dateCreated: stamp(ctx),
          dateModified: stamp(ctx),
          selfUri: `${base}/${id}`,
        };
        spec.list(ctx.org).push(e);
        return { status: 200, body: e };
      }),
    },
    {
      method: 'PUT',
      template: `${base}/{${param}}`,
      permissions: spec.permissions.edit,
      anyPermission: true,
      handle: withBody((ctx, body) => {
        const e = existing(spec.list(ctx.org), ctx, param);
        if (isResponse(e)) return e;
        const f = checked(ctx, body);
        if (isResponse(f)) return f;
        const stale = spec.versioned ? staleVersion(e.version, body.version) : undefined;
        if (stale) return stale;
        for (const k of Object.keys(f)) delete (e as Fields)[k];
        Object.assign(e, Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)), {
          version: Number(e.version ?? 1) + 1,
          dateModified: stamp(ctx),
        });
        return { status: 200, body: e };
      }),
    },
    {
      method: 'DELETE',
      template: `${base}/{${param}}`,
      permissions: spec.permissions.delete,
      anyPermission: true,
      handle: (ctx) => remove(spec.list(ctx.org), ctx, param),
    },
  ];
}

const plugin = { add: PLUGIN, edit: PLUGIN, delete: PLUGIN };
const pick = (body: Body, fields: readonly string[]): Fields =>
  Object.fromEntries(fields.map((f) => [f, clone(body[f])]));

/** A trunk base setting as an edge group embeds it (see telephony-edges.ts). */
const trunkBaseRef = (b: Models.TrunkBase): Models.TrunkBase => ({
  id: b.id,
  name: b.name,
  trunkMetabase: b.trunkMetabase,
  trunkType: b.trunkType,
});

const trunkBaseSettings: Spec = {
  base: `${EDGES}/trunkbasesettings`,
  param: 'trunkBaseSettingsId',
  list: (org) => org.trunkBaseSettings,
  permissions: plugin,
  required: ['name', 'trunkMetabase', 'trunkType'],
  versioned: true,
  fields: (ctx, body) => ({
    ...pick(body, ['name', 'description', 'trunkMetabase', 'trunkType', 'managed', 'properties']),
    ...optionalDivision(ctx, body),
    site: optionalRef(ctx.org.sites, body.site, 'site'),
    inboundSite: optionalRef(ctx.org.sites, body.inboundSite, 'site'),
  }),
};

const edgeGroups: Spec = {
  base: `${EDGES}/edgegroups`,
  param: 'edgeGroupId',
  list: (org) => org.edgeGroups,
  permissions: plugin,
  required: ['name'],
  versioned: true,
  fields: (ctx, body) => {
    const ids = idsOf(body.phoneTrunkBases);
    const bad = unknownReference(ctx.org.trunkBaseSettings, ids, 'trunk base settings');
    if (bad) return bad;
    return {
      ...pick(body, ['name', 'description', 'managed', 'hybrid']),
      ...optionalDivision(ctx, body),
      // Assigned to the edges by the platform (each edge's own trunk base): kept as it is.
      edgeTrunkBaseAssignment: clone(body.edgeTrunkBaseAssignment) ?? {},
      phoneTrunkBases: ids.map((id) =>
        trunkBaseRef(ctx.org.trunkBaseSettings.find((b) => b.id === id) as Models.TrunkBase),
      ),
    };
  },
};

const sites: Spec = {
  base: `${EDGES}/sites`,
  param: 'siteId',
  list: (org) => org.sites,
  permissions: plugin,
  required: ['name', 'location'],
  versioned: true,
  fields: (ctx, body) => {
    const location = optionalRef(ctx.org.locations, body.location, 'location');
    if (location === undefined) return missingField({}, ['location']) as SimResponse;
    const primarySites = refs(ctx.org.sites, body.primarySites ?? [], 'site');
    const secondarySites = refs(ctx.org.sites, body.secondarySites ?? [], 'site');
    return {
      ...pick(body, [
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
      ]),
      ...optionalDivision(ctx, body),
      location,
      primarySites: idsOf(body.primarySites).length ? primarySites : undefined,
      secondarySites: idsOf(body.secondarySites).length ? secondarySites : undefined,
      managed: false,
      coreSite: false,
    };
  },
};

const didPools: Spec = {
  base: `${EDGES}/didpools`,
  param: 'didPoolId',
  list: (org) => org.didPools,
  permissions: plugin,
  required: ['startPhoneNumber', 'endPhoneNumber'],
  versioned: false,
  fields: (ctx, body) => ({
    ...pick(body, ['description', 'startPhoneNumber', 'endPhoneNumber', 'comments', 'provider']),
    // The SDK's model requires a name; Terraform sends none (how the API names such a pool is not documented).
    name: str(body.name) ?? String(body.startPhoneNumber),
    ...optionalDivision(ctx, body),
  }),
};

const extensionPools: Spec = {
  base: `${EDGES}/extensionpools`,
  param: 'extensionPoolId',
  list: (org) => org.extensionPools,
  permissions: {
    add: ['telephony:extensionPool:add'],
    edit: ['telephony:extensionPool:edit'],
    delete: ['telephony:extensionPool:delete'],
  },
  required: ['startNumber', 'endNumber'],
  versioned: false,
  fields: (ctx, body) => ({
    ...pick(body, ['description', 'startNumber', 'endNumber']),
    name: str(body.name) ?? `${String(body.startNumber)}-${String(body.endNumber)}`,
    ...optionalDivision(ctx, body),
  }),
};

const phoneBaseSettings: Spec = {
  base: `${EDGES}/phonebasesettings`,
  param: 'phoneBaseId',
  list: (org) => org.phoneBaseSettings,
  permissions: plugin,
  required: ['name', 'phoneMetaBase', 'lines'],
  versioned: false,
  fields: (ctx, body) => ({
    ...pick(body, ['name', 'description', 'phoneMetaBase', 'properties', 'capabilities']),
    ...optionalDivision(ctx, body),
    lines: (Array.isArray(body.lines) ? (body.lines as Body[]) : []).map((l) => ({
      ...clone(l),
      id: str(l.id) ?? newId(),
    })),
  }),
};

const phones: Spec = {
  base: `${EDGES}/phones`,
  param: 'phoneId',
  list: (org) => org.phones,
  permissions: plugin,
  required: ['name', 'site', 'phoneBaseSettings', 'lines'],
  versioned: false,
  fields: (ctx, body) => {
    const { org } = ctx;
    const site = optionalRef(org.sites, body.site, 'site');
    const template = optionalRef(org.phoneBaseSettings, body.phoneBaseSettings, 'phone base settings');
    const webRtcUser = optionalRef(org.users, body.webRtcUser, 'user');
    const lines = (Array.isArray(body.lines) ? (body.lines as Body[]) : []).map((l) => {
      const user = optionalRef(org.users, l.defaultForUser, 'user');
      if (isResponse(user)) return user;
      return { ...clone(l), id: str(l.id) ?? newId(), defaultForUser: user ? { id: user.id } : undefined };
    });
    const invalid = firstError(
      isResponse(site) ? site : undefined,
      isResponse(template) ? template : undefined,
      isResponse(webRtcUser) ? webRtcUser : undefined,
      lines.find(isResponse),
    );
    if (invalid) return invalid;
    const base = org.phoneBaseSettings.find((b) => b.id === (template as Entity | undefined)?.id);
    return {
      ...pick(body, ['name', 'description', 'properties', 'capabilities']),
      ...optionalDivision(ctx, body),
      site,
      phoneBaseSettings: template,
      phoneMetaBase: clone(base?.phoneMetaBase),
      lines,
      webRtcUser,
    };
  },
};

const flowRef = (org: SimOrg, v: unknown) => optionalRef(org.flows, v, 'flow');

const ivrs: Spec = {
  base: '/api/v2/architect/ivrs',
  param: 'ivrId',
  list: (org) => org.ivrs,
  permissions: {
    add: ['routing:callRoute:add'],
    edit: ['routing:callRoute:edit'],
    delete: ['routing:callRoute:delete'],
  },
  required: ['name'],
  versioned: true,
  fields: (ctx, body) => ({
    ...pick(body, ['name', 'description', 'dnis']),
    ...optionalDivision(ctx, body),
    openHoursFlow: flowRef(ctx.org, body.openHoursFlow),
    closedHoursFlow: flowRef(ctx.org, body.closedHoursFlow),
    holidayHoursFlow: flowRef(ctx.org, body.holidayHoursFlow),
    scheduleGroup: optionalRef(ctx.org.scheduleGroups, body.scheduleGroup, 'schedule group'),
  }),
};

const emergencyGroups: Spec = {
  base: '/api/v2/architect/emergencygroups',
  param: 'emergencyGroupId',
  list: (org) => org.emergencyGroups,
  permissions: {
    add: ['routing:emergencyGroup:add'],
    edit: ['routing:emergencyGroup:edit'],
    delete: ['routing:emergencyGroup:delete'],
  },
  required: ['name'],
  versioned: true,
  fields: (ctx, body) => {
    const flows = (Array.isArray(body.emergencyCallFlows) ? (body.emergencyCallFlows as Body[]) : []).map(
      (f) => {
        const emergencyFlow = flowRef(ctx.org, f.emergencyFlow);
        if (isResponse(emergencyFlow)) return emergencyFlow;
        const ivrList = refs(ctx.org.ivrs, f.ivrs ?? [], 'IVR');
        if (isResponse(ivrList)) return ivrList;
        return { emergencyFlow, ivrs: ivrList };
      },
    );
    const bad = flows.find(isResponse);
    if (bad) return bad;
    return {
      ...pick(body, ['name', 'description', 'enabled']),
      ...optionalDivision(ctx, body),
      emergencyCallFlows: flows,
    };
  },
};

const ROUTES = `${EDGES}/sites/{siteId}/outboundroutes`;

/** A site's outbound routes (`OutboundRouteBase`: name and classificationTypes required). */
function outboundRouteWrites(): Route[] {
  const site = (ctx: RouteContext) => ctx.org.sites.find((s) => s.id === ctx.params.siteId);
  const routesOf = (org: SimOrg, id: string) => {
    let routes = org.siteOutboundRoutes.get(id);
    if (!routes) {
      routes = [];
      org.siteOutboundRoutes.set(id, routes);
    }
    return routes;
  };
  const fields = (ctx: RouteContext, body: Body) => {
    const invalid = missingField(body, ['name', 'classificationTypes']);
    if (invalid) return invalid;
    const trunks = refs(ctx.org.trunkBaseSettings, body.externalTrunkBases ?? [], 'trunk base settings');
    if (isResponse(trunks)) return trunks;
    return {
      ...pick(body, ['name', 'description', 'classificationTypes', 'enabled', 'distribution']),
      externalTrunkBases: trunks,
    };
  };
  return [
    {
      method: 'POST',
      template: ROUTES,
      permissions: PLUGIN,
      anyPermission: true,
      handle: withBody((ctx, body) => {
        const s = site(ctx);
        if (!s) return notFound(ctx.path);
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const id = newId();
        const route = {
          id,
          ...f,
          version: 1,
          state: 'active',
          dateCreated: stamp(ctx),
          dateModified: stamp(ctx),
          selfUri: `${EDGES}/sites/${s.id}/outboundroutes/${id}`,
        } as Models.OutboundRouteBase;
        routesOf(ctx.org, String(s.id)).push(route);
        return { status: 200, body: route };
      }),
    },
    {
      method: 'PUT',
      template: `${ROUTES}/{outboundRouteId}`,
      permissions: PLUGIN,
      anyPermission: true,
      handle: withBody((ctx, body) => {
        const s = site(ctx);
        if (!s) return notFound(ctx.path);
        const route = existing(routesOf(ctx.org, String(s.id)), ctx, 'outboundRouteId');
        if (isResponse(route)) return route;
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const stale = staleVersion(route.version, body.version);
        if (stale) return stale;
        Object.assign(route, f, { version: Number(route.version ?? 1) + 1, dateModified: stamp(ctx) });
        return { status: 200, body: route };
      }),
    },
    {
      method: 'DELETE',
      template: `${ROUTES}/{outboundRouteId}`,
      permissions: PLUGIN,
      anyPermission: true,
      handle: (ctx) => {
        const s = site(ctx);
        if (!s) return notFound(ctx.path);
        return remove(routesOf(ctx.org, String(s.id)), ctx, 'outboundRouteId');
      },
    },
  ];
}

/** `PUT .../sites/{siteId}/numberplans`: the site's whole list of number plans (`NumberPlan`: name). */
function numberPlanWrites(): Route[] {
  return [
    {
      method: 'PUT',
      template: `${EDGES}/sites/{siteId}/numberplans`,
      permissions: PLUGIN,
      anyPermission: true,
      handle: (ctx) => {
        const s = ctx.org.sites.find((x) => x.id === ctx.params.siteId);
        if (!s) return notFound(ctx.path);
        const plans = arrayBody(ctx.body);
        if (isResponse(plans)) return plans;
        const bad = plans.map((p) => missingField(p, ['name'])).find(Boolean);
        if (bad) return bad;
        const current = ctx.org.siteNumberPlans.get(String(s.id)) ?? [];
        const next = plans.map((p): Models.NumberPlan => {
          const same = current.find((c) => c.id === p.id);
          return {
            ...(clone(p) as unknown as Models.NumberPlan),
            id: same?.id ?? newId(),
            version: Number(same?.version ?? 0) + 1,
            state: 'active',
            dateCreated: same?.dateCreated ?? stamp(ctx),
            dateModified: stamp(ctx),
          };
        });
        ctx.org.siteNumberPlans.set(String(s.id), next);
        return { status: 200, body: next };
      },
    },
  ];
}

export const telephonyWritesFamily: Family = {
  name: 'telephony:trunkbasesettings, telephony:edgegroup, telephony:site, telephony:didpool, telephony:extensionpool, telephony:phonebasesettings, telephony:phone, architect:ivr, architect:emergencygroup (writes)',
  listings: [],
  routes: () => [
    ...[
      trunkBaseSettings,
      edgeGroups,
      sites,
      didPools,
      extensionPools,
      phoneBaseSettings,
      phones,
      ivrs,
      emergencyGroups,
    ].flatMap(crud),
    ...outboundRouteWrites(),
    ...numberPlanWrites(),
  ],
};
