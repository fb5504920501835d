/**
 * Messenger write endpoints for import, from the SDK (`WebDeploymentsApi`: paths, models, permissions in
 * build/docs/WebDeploymentsApi.md) and Terraform's `genesyscloud_webdeployments_configuration` and
 * `genesyscloud_webdeployments_deployment`:
 * - a configuration is created as a draft (`POST /api/v2/webdeployments/configurations`, name required),
 *   changed as its draft (`PUT .../{configurationId}/versions/draft`) and served once the draft is
 *   published (`POST .../versions/draft/publish`: the next version number); its versions are listed by
 *   `GET .../{configurationId}/versions` (cursor), newest first, the draft included;
 * - a deployment (`POST /api/v2/webdeployments/deployments`, `PUT .../{deploymentId}`: name and
 *   `configuration` { id, version } required) serves a published version of a configuration (400 for an
 *   unknown configuration, version or flow).
 * The SDK does not say whether names must be unique: the simulator does not enforce it. A new draft is
 * `Active` at once (Terraform waits for that before publishing).
 */
import type { Models } from 'purecloud-platform-client-v2';
import { apiError, notFound, type SimResponse } from '../errors.ts';
import type { SimOrg } from '../model.ts';
import type { Route, RouteContext } from '../route.ts';
import { type Body, existing, isResponse, missingField, newId, stamp, str, withBody } from '../writes.ts';
import type { Family } from './family.ts';

const CONFIGURATIONS = '/api/v2/webdeployments/configurations';
const DEPLOYMENTS = '/api/v2/webdeployments/deployments';

type Version = Models.WebDeploymentConfigurationVersion;

/** Per org and configuration: its draft and the versions published through the simulator, newest first. */
const history = new WeakMap<SimOrg, Map<string, { draft: Version; published: Version[] }>>();

function stateOf(org: SimOrg, id: string): { draft: Version; published: Version[] } | undefined {
  let m = history.get(org);
  if (!m) {
    m = new Map();
    history.set(org, m);
  }
  let s = m.get(id);
  const current = org.webDeploymentConfigurations.find((c) => c.id === id);
  if (!s && current) {
    // A configuration of the fixtures: its published version, and a draft equal to it.
    s = { draft: { ...structuredClone(current), version: 'draft' }, published: [current] };
    m.set(id, s);
  }
  return s;
}

/** Settings of a configuration version a request may set (not its ID, version, status or dates). */
const SETTINGS = [
  'description',
  'headlessMode',
  'languages',
  'defaultLanguage',
  'customI18nLabels',
  'messenger',
  'position',
  'supportCenter',
  'cobrowse',
  'journeyEvents',
  'authenticationSettings',
  'video',
] as const;

function settingsOf(body: Body): Partial<Version> {
  const out: Record<string, unknown> = {};
  for (const k of SETTINGS) if (body[k] !== undefined) out[k] = structuredClone(body[k]);
  return out as Partial<Version>;
}

function draftOf(ctx: RouteContext, id: string, body: Body, created: string): Version {
  return {
    id,
    name: String(body.name),
    version: 'draft',
    ...settingsOf(body),
    dateCreated: created,
    dateModified: stamp(ctx),
    status: 'Active',
    selfUri: `${CONFIGURATIONS}/${id}/versions/draft`,
  };
}

/** An opaque cursor over a short list: the offset. */
const cursor = (offset: number) => Buffer.from(String(offset)).toString('base64url');

function configurationWrites(): Route[] {
  return [
    {
      method: 'POST',
      template: CONFIGURATIONS,
      permissions: ['webDeployments:configuration:add'],
      handle: withBody((ctx, body) => {
        const invalid = missingField(body, ['name']);
        if (invalid) return invalid;
        const id = newId();
        const draft = draftOf(ctx, id, body, stamp(ctx));
        let m = history.get(ctx.org);
        if (!m) {
          m = new Map();
          history.set(ctx.org, m);
        }
        m.set(id, { draft, published: [] });
        return { status: 200, body: draft };
      }),
    },
    {
      method: 'PUT',
      template: `${CONFIGURATIONS}/{configurationId}/versions/draft`,
      permissions: ['webDeployments:configuration:edit'],
      handle: withBody((ctx, body) => {
        const s = stateOf(ctx.org, String(ctx.params.configurationId));
        if (!s) return notFound(ctx.path);
        const invalid = missingField(body, ['name']);
        if (invalid) return invalid;
        s.draft = draftOf(ctx, String(s.draft.id), body, String(s.draft.dateCreated));
        return { status: 200, body: s.draft };
      }),
    },
    {
      method: 'POST',
      template: `${CONFIGURATIONS}/{configurationId}/versions/draft/publish`,
      permissions: ['webDeployments:configuration:edit', 'webDeployments:configuration:add'],
      anyPermission: true,
      handle: (ctx) => {
        const id = String(ctx.params.configurationId);
        const s = stateOf(ctx.org, id);
        if (!s) return notFound(ctx.path);
        const version = String(Math.max(0, ...s.published.map((v) => Number(v.version))) + 1);
        const published: Version = {
          ...structuredClone(s.draft),
          version,
          datePublished: stamp(ctx),
          selfUri: `${CONFIGURATIONS}/${id}`,
        };
        s.published.unshift(published);
        const list = ctx.org.webDeploymentConfigurations;
        const i = list.findIndex((c) => c.id === id);
        if (i < 0) list.push(published);
        else list.splice(i, 1, published);
        return { status: 200, body: published };
      },
    },
    {
      method: 'GET',
      template: `${CONFIGURATIONS}/{configurationId}/versions`,
      permissions: ['webDeployments:configuration:view'],
      handle: (ctx) => {
        const s = stateOf(ctx.org, String(ctx.params.configurationId));
        if (!s) return notFound(ctx.path);
        const items = [s.draft, ...s.published];
        const size = Number(ctx.query.get('pageSize') ?? '25');
        if (!Number.isInteger(size) || size < 1)
          return apiError(
            400,
            'bad.request',
            `Value [${ctx.query.get('pageSize')}] is not valid for field type [pageSize].`,
          );
        const after = ctx.query.get('after');
        const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) : 0;
        if (!Number.isInteger(start) || start < 0)
          return apiError(400, 'bad.request', 'The cursor provided is invalid.');
        const body: Models.WebDeploymentConfigurationVersionEntityListing = {
          entities: items.slice(start, start + size),
          selfUri: ctx.path,
        };
        if (start + size < items.length)
          body.nextUri = `${ctx.path}?pageSize=${size}&after=${cursor(start + size)}`;
        return { status: 200, body };
      },
    },
  ];
}

/** The deployment's fields, or the 400 for what is missing or names nothing. */
function deploymentFields(ctx: RouteContext, body: Body): Partial<Models.WebDeployment> | SimResponse {
  const invalid = missingField(body, ['name', 'configuration']);
  if (invalid) return invalid;
  const ref = body.configuration as Body;
  const s = typeof ref?.id === 'string' ? stateOf(ctx.org, ref.id) : undefined;
  const version = s?.published.find((v) => v.version === String(ref?.version));
  if (!s || !version)
    return apiError(
      400,
      'bad.request',
      `The configuration ${String(ref?.id)} has no published version '${String(ref?.version)}'.`,
    );
  const flowId = (body.flow as Body | undefined)?.id;
  const flow = flowId === undefined ? undefined : ctx.org.flows.find((f) => f.id === flowId);
  if (flowId !== undefined && !flow)
    return apiError(400, 'bad.request', `The flow with id '${String(flowId)}' does not exist.`);
  return {
    name: String(body.name),
    description: str(body.description),
    allowAllDomains: body.allowAllDomains === true,
    allowedDomains: Array.isArray(body.allowedDomains) ? (body.allowedDomains as string[]) : [],
    ...(flow ? { flow: { id: String(flow.id), name: flow.name } } : {}),
    ...(body.supportedContent ? { supportedContent: structuredClone(body.supportedContent) as never } : {}),
    ...(Array.isArray(body.pushIntegrations)
      ? { pushIntegrations: structuredClone(body.pushIntegrations) as never }
      : {}),
    configuration: { id: String(version.id), name: version.name, version: String(version.version) },
  };
}

function deploymentWrites(): Route[] {
  return [
    {
      method: 'POST',
      template: DEPLOYMENTS,
      permissions: ['webDeployments:deployment:add'],
      handle: withBody((ctx, body) => {
        const f = deploymentFields(ctx, body);
        if (isResponse(f)) return f;
        const id = newId();
        const d: Models.WebDeployment = {
          id,
          ...(f as Models.WebDeployment),
          status: 'Active',
          dateCreated: stamp(ctx),
          dateModified: stamp(ctx),
          selfUri: `${DEPLOYMENTS}/${id}`,
        };
        ctx.org.webDeployments.push(d);
        return { status: 200, body: d };
      }),
    },
    {
      method: 'PUT',
      template: `${DEPLOYMENTS}/{deploymentId}`,
      permissions: ['webDeployments:deployment:edit'],
      handle: withBody((ctx, body) => {
        const d = existing(ctx.org.webDeployments, ctx, 'deploymentId');
        if (isResponse(d)) return d;
        const f = deploymentFields(ctx, body);
        if (isResponse(f)) return f;
        for (const k of ['description', 'flow', 'supportedContent', 'pushIntegrations'] as const) delete d[k];
        Object.assign(d, f, { dateModified: stamp(ctx) });
        return { status: 200, body: d };
      }),
    },
  ];
}

export const webDeploymentsWritesFamily: Family = {
  name: 'webdeployments:configuration, webdeployments:deployment (writes)',
  listings: [],
  routes: () => [...configurationWrites(), ...deploymentWrites()],
};
