/**
 * The Platform API endpoints the simulator serves. Each path, query parameter and paging style is taken
 * from the official SDK's `src/purecloud-platform-client-v2/api/*Api.js`; maximum page sizes follow
 * genesys-api-notes.md (500 where the Terraform exporter uses 500, 100 for members and the rest).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import type { Models } from 'purecloud-platform-client-v2';
import { apiError, notFound, type SimResponse } from './errors.ts';
import type { CollectionName, SimOrg } from './org.ts';
import { pageByCursor, pageByNumber } from './paging.ts';

export interface RouteContext {
  readonly org: SimOrg;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly path: string;
  readonly body: unknown;
  readonly jobs: ExportJobs;
  readonly origin: string;
}

export interface Route {
  readonly method: 'GET' | 'POST';
  /** SDK path template, e.g. `/api/v2/routing/queues/{queueId}/members`. */
  readonly template: string;
  readonly permissions: readonly string[];
  /** Listing routes: the collection they page through (for mid-listing mutations). */
  readonly collection?: CollectionName;
  readonly handle: (ctx: RouteContext) => SimResponse;
}

interface ListSpec {
  readonly base: string;
  readonly idParam: string;
  readonly collection: CollectionName;
  readonly permissions: readonly string[];
  readonly maxPageSize: number;
  readonly paging: 'pageNumber' | 'cursor';
  /** Whether the SDK lists a repeated `id` query parameter for this endpoint. */
  readonly idFilter: boolean;
  readonly sortBy: 'name' | 'id';
  readonly totalNumberOfEntities?: boolean;
  readonly filter?: (e: Record<string, unknown>, q: URLSearchParams) => boolean;
  readonly project?: (e: Record<string, unknown>, q: URLSearchParams) => Record<string, unknown>;
  /** Single-resource GET; false where the API has none we need. */
  readonly single?: boolean;
}

const USER_EXPANDABLE = [
  'skills',
  'languages',
  'locations',
  'groups',
  'team',
  'presence',
  'routingStatus',
  'dateLastLogin',
] as const;

function userState(e: Record<string, unknown>, q: URLSearchParams): boolean {
  const state = q.get('state') ?? 'active';
  return state === 'any' || e.state === state;
}

function projectUser(e: Record<string, unknown>, q: URLSearchParams): Record<string, unknown> {
  const expand = new Set(q.getAll('expand').flatMap((x) => x.split(',')));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if ((USER_EXPANDABLE as readonly string[]).includes(k) && !expand.has(k)) continue;
    out[k] = v;
  }
  return out;
}

export const LIST_SPECS: readonly ListSpec[] = [
  {
    base: '/api/v2/users',
    idParam: 'userId',
    collection: 'users',
    permissions: [],
    maxPageSize: 500,
    paging: 'pageNumber',
    idFilter: true,
    sortBy: 'name',
    filter: userState,
    project: projectUser,
    single: true,
  },
  {
    base: '/api/v2/groups',
    idParam: 'groupId',
    collection: 'groups',
    permissions: [],
    maxPageSize: 500,
    paging: 'pageNumber',
    idFilter: true,
    sortBy: 'name',
    single: true,
  },
  {
    base: '/api/v2/teams',
    idParam: 'teamId',
    collection: 'teams',
    permissions: ['groups:team:view'],
    maxPageSize: 100,
    paging: 'cursor',
    idFilter: false,
    sortBy: 'name',
    single: true,
  },
  {
    base: '/api/v2/locations',
    idParam: 'locationId',
    collection: 'locations',
    permissions: [],
    maxPageSize: 100,
    paging: 'pageNumber',
    idFilter: true,
    sortBy: 'name',
    single: true,
  },
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
  {
    base: '/api/v2/routing/skills',
    idParam: 'skillId',
    collection: 'skills',
    permissions: ['routing:skill:view'],
    maxPageSize: 500,
    paging: 'pageNumber',
    idFilter: true,
    sortBy: 'name',
    single: true,
  },
  {
    base: '/api/v2/routing/languages',
    idParam: 'languageId',
    collection: 'languages',
    permissions: [],
    maxPageSize: 100,
    paging: 'pageNumber',
    idFilter: true,
    sortBy: 'name',
    single: true,
  },
  {
    base: '/api/v2/routing/wrapupcodes',
    idParam: 'codeId',
    collection: 'wrapupCodes',
    permissions: ['routing:wrapupCode:view'],
    maxPageSize: 500,
    paging: 'pageNumber',
    idFilter: true,
    sortBy: 'name',
    single: true,
  },
  {
    base: '/api/v2/routing/queues',
    idParam: 'queueId',
    collection: 'queues',
    permissions: ['routing:queue:view'],
    maxPageSize: 500,
    paging: 'pageNumber',
    idFilter: true,
    sortBy: 'name',
    single: true,
  },
  {
    base: '/api/v2/flows',
    idParam: 'flowId',
    collection: 'flows',
    permissions: ['architect:flow:view'],
    maxPageSize: 500,
    paging: 'pageNumber',
    idFilter: true,
    sortBy: 'id',
    single: true,
    filter: (e, q) =>
      (q.get('deleted') === 'true' || e.deleted !== true) &&
      (q.getAll('type').length === 0 || q.getAll('type').some((t) => t.toUpperCase() === e.type)),
  },
  {
    base: '/api/v2/architect/prompts',
    idParam: 'promptId',
    collection: 'prompts',
    permissions: ['architect:userPrompt:view'],
    maxPageSize: 100,
    paging: 'pageNumber',
    idFilter: false,
    sortBy: 'name',
    single: true,
  },
  {
    base: '/api/v2/integrations/actions',
    idParam: 'actionId',
    collection: 'dataActions',
    permissions: ['integrations:action:view'],
    maxPageSize: 100,
    paging: 'pageNumber',
    idFilter: false,
    sortBy: 'name',
    single: true,
  },
  {
    base: '/api/v2/architect/schedules',
    idParam: 'scheduleId',
    collection: 'schedules',
    permissions: ['routing:schedule:view'],
    maxPageSize: 100,
    paging: 'pageNumber',
    idFilter: false,
    sortBy: 'name',
    single: true,
  },
  {
    base: '/api/v2/architect/schedulegroups',
    idParam: 'scheduleGroupId',
    collection: 'scheduleGroups',
    permissions: ['routing:scheduleGroup:view'],
    maxPageSize: 100,
    paging: 'pageNumber',
    idFilter: false,
    sortBy: 'name',
    single: true,
  },
  {
    base: '/api/v2/telephony/providers/edges/trunkbasesettings',
    idParam: 'trunkBaseSettingsId',
    collection: 'trunkBaseSettings',
    permissions: ['telephony:plugin:all'],
    maxPageSize: 100,
    paging: 'pageNumber',
    idFilter: false,
    sortBy: 'name',
    totalNumberOfEntities: true,
    single: true,
  },
  {
    base: '/api/v2/telephony/providers/edges/trunks',
    idParam: 'trunkId',
    collection: 'trunks',
    permissions: ['telephony:plugin:all'],
    maxPageSize: 100,
    paging: 'pageNumber',
    idFilter: false,
    sortBy: 'name',
    totalNumberOfEntities: true,
    single: true,
  },
];

function sorted<T extends Record<string, unknown>>(
  items: readonly T[],
  by: 'name' | 'id',
  q: URLSearchParams,
): T[] {
  const dir = (q.get('sortOrder') ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
  const key = (x: T) => String(x[by] ?? '');
  return items
    .slice()
    .sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : String(a.id) < String(b.id) ? -1 : 1));
}

function listRoute(spec: ListSpec): Route {
  return {
    method: 'GET',
    template: spec.base,
    permissions: spec.permissions,
    collection: spec.collection,
    handle: ({ org, query, path }) => {
      const all = org[spec.collection] as unknown as Record<string, unknown>[];
      const ids = new Set(
        spec.idFilter
          ? query
              .getAll('id')
              .flatMap((x) => x.split(','))
              .filter(Boolean)
          : [],
      );
      let items = all.filter(
        (e) => (ids.size === 0 || ids.has(String(e.id))) && (spec.filter ? spec.filter(e, query) : true),
      );
      items = sorted(items, spec.sortBy, query);
      const projected = spec.project ? items.map((e) => spec.project?.(e, query) ?? e) : items;
      return spec.paging === 'cursor'
        ? pageByCursor(projected as Array<{ id?: string }>, path, query, spec.maxPageSize)
        : pageByNumber(projected, path, query, {
            maxPageSize: spec.maxPageSize,
            totalNumberOfEntities: spec.totalNumberOfEntities,
          });
    },
  };
}

function singleRoute(spec: ListSpec): Route {
  return {
    method: 'GET',
    template: `${spec.base}/{${spec.idParam}}`,
    permissions: spec.permissions,
    handle: ({ org, params, query, path }) => {
      const all = org[spec.collection] as unknown as Record<string, unknown>[];
      const e = all.find((x) => x.id === params[spec.idParam]);
      if (!e || (spec.filter && !spec.filter(e, query) && spec.collection !== 'flows')) return notFound(path);
      return { status: 200, body: spec.project ? spec.project(e, query) : e };
    },
  };
}

/** Flow export jobs: created, polled until they settle, then downloaded from a signed URL. */
export interface ExportJob {
  readonly id: string;
  readonly flowIds: readonly string[];
  readonly fileNames: readonly (string | undefined)[];
  readonly createdAt: number;
  readonly signature: string;
  polls: number;
}

export interface ExportJobs {
  readonly jobs: Map<string, ExportJob>;
  /** Virtual ms a job takes to finish. */
  readonly durationMs: number;
  /** Fault: jobs end in Failure, or never finish. */
  outcome: 'success' | 'failure' | 'never';
  readonly now: () => number;
}

function flowRoutes(): Route[] {
  return [
    {
      method: 'GET',
      template: '/api/v2/architect/dependencytracking/consumedresources',
      permissions: ['architect:dependencyTracking:view'],
      handle: ({ org, query, path }) => {
        const id = query.get('id');
        const version = query.get('version');
        const objectType = query.get('objectType');
        if (!id || !version || !objectType) {
          return apiError(400, 'bad.request', 'Missing the required parameters id, version and objectType.');
        }
        const flow = org.flows.find((f) => f.id === id);
        if (!flow) return notFound(path);
        const types = new Set(query.getAll('resourceType'));
        const deps = (org.flowDependencies.get(id) ?? []).filter(
          (d) => types.size === 0 || types.has(d.type ?? ''),
        );
        return pageByNumber(deps, path, query, { maxPageSize: 100 });
      },
    },
    {
      method: 'POST',
      template: '/api/v2/flows/export/jobs',
      permissions: ['architect:jobExport:create'],
      handle: ({ org, body, jobs }) => {
        const req = body as Partial<Models.RegisterArchitectExportJob> | undefined;
        if (!req || !Array.isArray(req.flows) || req.flows.length === 0) {
          return apiError(400, 'bad.request', 'The request body must list at least one flow.');
        }
        const flowIds: string[] = [];
        for (const f of req.flows) {
          const id = f?.flow?.id;
          if (!id || !org.flows.some((x) => x.id === id))
            return apiError(400, 'flow.not.found', `Flow ${String(id)} was not found.`);
          flowIds.push(id);
        }
        const job: ExportJob = {
          id: randomUUID(),
          flowIds,
          fileNames: req.flows.map((f) => f.fileName),
          createdAt: jobs.now(),
          signature: randomBytes(16).toString('hex'),
          polls: 0,
        };
        jobs.jobs.set(job.id, job);
        const res: Models.RegisterArchitectExportJobResponse = {
          id: job.id,
          status: 'Started',
          totalFlows: flowIds.length,
          selfUri: `/api/v2/flows/export/jobs/${job.id}`,
        };
        return { status: 200, body: res };
      },
    },
    {
      method: 'GET',
      template: '/api/v2/flows/export/jobs/{jobId}',
      permissions: ['architect:jobExport:view'],
      handle: ({ params, jobs, path, origin }) => {
        const job = jobs.jobs.get(params.jobId ?? '');
        if (!job) return notFound(path);
        job.polls++;
        const done = jobs.outcome !== 'never' && jobs.now() - job.createdAt >= jobs.durationMs;
        const res: Models.ArchitectExportJobStateResponse = {
          id: job.id,
          command: 'export',
          selfUri: `/api/v2/flows/export/jobs/${job.id}`,
        };
        if (!done) res.status = 'Started';
        else if (jobs.outcome === 'failure') {
          res.status = 'Failure';
          res.messages = [
            {
              dateTime: new Date(jobs.now()).toISOString(),
              type: 'Error',
              text: 'Export failed: the flow configuration could not be read.',
            },
          ];
        } else {
          res.status = 'Success';
          res.downloadUrl = `${origin}/sim-downloads/${job.id}?X-Amz-Signature=${job.signature}`;
          res.messages = [];
        }
        return { status: 200, body: res };
      },
    },
  ];
}

/** Signed download of an export job's result: YAML for one flow, a zip for several. Needs no token. */
export function downloadExport(
  org: SimOrg,
  jobs: ExportJobs,
  jobId: string,
  signature: string | null,
): SimResponse {
  const job = jobs.jobs.get(jobId);
  if (!job || signature !== job.signature)
    return {
      status: 403,
      raw: { contentType: 'application/xml', data: '<Error><Code>AccessDenied</Code></Error>' },
    };
  const yamlOf = (id: string) => org.flowDefinitions.get(id) ?? '';
  if (job.flowIds.length === 1)
    return { status: 200, raw: { contentType: 'application/x-yaml', data: yamlOf(job.flowIds[0] ?? '') } };
  const files: Record<string, Uint8Array> = {};
  job.flowIds.forEach((id, i) => {
    const name = job.fileNames[i] ?? org.flows.find((f) => f.id === id)?.name ?? id;
    files[`${name}.yaml`] = strToU8(yamlOf(id));
  });
  return {
    status: 200,
    raw: { contentType: 'application/zip', data: zipSync(files, { mtime: new Date(Date.UTC(2026, 0, 1)) }) },
  };
}

function queueSubRoutes(): Route[] {
  return [
    {
      method: 'GET',
      template: '/api/v2/routing/queues/{queueId}/wrapupcodes',
      permissions: ['routing:queue:view'],
      handle: ({ org, params, query, path }) => {
        const ids = org.queueWrapupCodes.get(params.queueId ?? '');
        if (!ids) return notFound(path);
        const codes = ids
          .map((id) => org.wrapupCodes.find((w) => w.id === id))
          .filter((w): w is Models.WrapupCode => !!w);
        return pageByNumber(
          sorted(codes as unknown as Record<string, unknown>[], 'name', query),
          path,
          query,
          { maxPageSize: 100 },
        );
      },
    },
    {
      method: 'GET',
      template: '/api/v2/routing/queues/{queueId}/members',
      permissions: ['routing:queue:view'],
      handle: ({ org, params, query, path }) => {
        const ids = org.queueMembers.get(params.queueId ?? '');
        if (!ids) return notFound(path);
        const members: Models.QueueMember[] = ids.map((id) => {
          const u = org.users.find((x) => x.id === id);
          return {
            id,
            name: u?.name,
            user: { id, name: u?.name, version: u?.version ?? 1, selfUri: `/api/v2/users/${id}` },
            ringNumber: 1,
            joined: true,
            memberBy: 'user',
            selfUri: `/api/v2/users/${id}`,
          };
        });
        return pageByNumber(members, path, query, { maxPageSize: 100, omitTotals: true });
      },
    },
  ];
}

export function buildRoutes(): Route[] {
  return [
    {
      method: 'GET',
      template: '/api/v2/organizations/me',
      permissions: [],
      handle: ({ org }) => ({ status: 200, body: org.organization }),
    },
    ...LIST_SPECS.map(listRoute),
    ...queueSubRoutes(),
    ...flowRoutes(),
    ...LIST_SPECS.filter((s) => s.single).map(singleRoute),
  ];
}

/** Matches a concrete path against the route templates; more specific (literal) templates win. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  const parts = path.split('/');
  let best: { route: Route; params: Record<string, string>; literals: number } | undefined;
  for (const route of routes) {
    if (route.method !== method) continue;
    const tparts = route.template.split('/');
    if (tparts.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let ok = true;
    for (let i = 0; i < tparts.length && ok; i++) {
      const t = tparts[i] ?? '';
      const p = parts[i] ?? '';
      if (t.startsWith('{')) params[t.slice(1, -1)] = decodeURIComponent(p);
      else if (t === p) literals++;
      else ok = false;
    }
    if (ok && (!best || literals > best.literals)) best = { route, params, literals };
  }
  return best && { route: best.route, params: best.params };
}
