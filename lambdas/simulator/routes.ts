/**
 * The Platform API endpoints the simulator serves. Each path, query parameter and paging style is taken
 * from the official SDK's `src/purecloud-platform-client-v2/api/*Api.js`; maximum page sizes follow
 * genesys-api-notes.md (500 where the Terraform exporter uses 500, 100 for members and the rest).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import type { Models } from 'purecloud-platform-client-v2';
import { apiError, notFound, type SimResponse } from './errors.ts';
import { type CollectionName, FLOW_DEPENDENCY_TYPE, queueMembersOf, type SimOrg } from './org.ts';
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
  /** When the `id` filter is given, the other filters are ignored (GET /api/v2/flows). */
  readonly idsOverrideFilters?: boolean;
  /** Rejects a listing request (400) before anything is served. */
  readonly validate?: (q: URLSearchParams) => SimResponse | undefined;
  /** Shapes each listed entity. */
  readonly project?: (e: Record<string, unknown>, q: URLSearchParams) => Record<string, unknown>;
  /** Shapes the single-resource GET (defaults to `project`). */
  readonly projectSingle?: (e: Record<string, unknown>, q: URLSearchParams) => Record<string, unknown>;
  /** Single-resource GET; false where the API has none we need. */
  readonly single?: boolean;
}

/** User fields returned only when named in `expand` (UsersApi.md, getUsers `expand` values). */
const USER_EXPANDABLE = [
  'skills',
  'languages',
  'locations',
  'groups',
  'team',
  'presence',
  'routingStatus',
  'dateLastLogin',
  'profileSkills',
  'certifications',
  'employerInfo',
] as const;

function userState(e: Record<string, unknown>, q: URLSearchParams): boolean {
  const state = q.get('state') ?? 'active';
  return state === 'any' || e.state === state;
}

/** How far one listing of inactive users can page (`pageNumber * pageSize`). */
export const INACTIVE_USERS_RESULT_WINDOW = 10_000;

function validateUsers(q: URLSearchParams): SimResponse | undefined {
  const order = q.get('sortOrder');
  if (order !== null && !['asc', 'desc', 'ascending', 'descending'].includes(order.toLowerCase()))
    return apiError(
      400,
      'bad.request',
      `Value [${order}] is not valid for field type [SortOrder]. Allowable values are: ascending, descending`,
    );
  if ((q.get('state') ?? 'active') === 'inactive') {
    const size = Number(q.get('pageSize') ?? '25');
    const page = Number(q.get('pageNumber') ?? '1');
    if (Number.isFinite(size) && Number.isFinite(page) && page * size > INACTIVE_USERS_RESULT_WINDOW)
      return apiError(
        400,
        'bad.request',
        `Result window is too large, pageNumber * pageSize must be less than or equal to [${INACTIVE_USERS_RESULT_WINDOW}] but was [${page * size}].`,
      );
  }
  return undefined;
}

/** A collection parameter: repeated (`type=a&type=b`) or comma separated, as the SDK sends it (`type=a,b`). */
function multi(q: URLSearchParams, name: string): string[] {
  return q
    .getAll(name)
    .flatMap((x) => x.split(','))
    .filter(Boolean);
}

function bool(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  return v === null ? undefined : v.toLowerCase() === 'true';
}

/** `ids`: comma separated, at most 50 (IntegrationsApi.js getIntegrationsActions). */
function actionIds(q: URLSearchParams): string[] {
  return q
    .getAll('ids')
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean);
}

function filterActions(e: Record<string, unknown>, q: URLSearchParams): boolean {
  const ids = actionIds(q);
  if (ids.length && !ids.includes(String(e.id))) return false;
  const name = q.get('name');
  if (name && !String(e.name).toLowerCase().includes(name.toLowerCase())) return false;
  const category = q.get('category');
  if (category && String(e.category).toLowerCase() !== category.toLowerCase()) return false;
  const secure = bool(q, 'secure');
  return secure === undefined || e.secure === secure;
}

/** Listing: no `config` unless `includeConfig=true` (default false); the listing has no `expand`. */
function projectActionListing(e: Record<string, unknown>, q: URLSearchParams): Record<string, unknown> {
  const { config, contract: _contract, ...rest } = e;
  return bool(q, 'includeConfig') === true ? { ...rest, config } : rest;
}

/** Single GET: `config` only with `includeConfig=true`, `contract` only with `expand=contract`. */
function projectAction(e: Record<string, unknown>, q: URLSearchParams): Record<string, unknown> {
  const { config, contract, ...rest } = e;
  const out: Record<string, unknown> = { ...rest };
  if (q.getAll('expand').some((x) => x.split(',').includes('contract'))) out.contract = contract;
  if (bool(q, 'includeConfig') === true) out.config = config;
  return out;
}

/** Skill group listing entities are `SkillGroupDefinition`s: no conditions. */
function projectSkillGroupListing(e: Record<string, unknown>): Record<string, unknown> {
  const { skillConditions: _c, ...rest } = e;
  return rest;
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
    validate: validateUsers,
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
    idsOverrideFilters: true,
    filter: (e, q) =>
      (q.get('deleted') === 'true' || e.deleted !== true) &&
      (multi(q, 'type').length === 0 || multi(q, 'type').some((t) => t.toUpperCase() === e.type)),
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
    filter: filterActions,
    validate: (q) =>
      actionIds(q).length > 50
        ? apiError(400, 'bad.request', 'The ids filter is limited to 50 action IDs.')
        : undefined,
    project: projectActionListing,
    projectSingle: projectAction,
    single: true,
  },
  {
    base: '/api/v2/routing/skillgroups',
    idParam: 'skillGroupId',
    collection: 'skillGroups',
    permissions: ['routing:skillGroup:view'],
    maxPageSize: 100,
    paging: 'cursor',
    idFilter: false,
    sortBy: 'name',
    filter: (e, q) => {
      const name = q.get('name');
      return !name || String(e.name).toLowerCase().startsWith(name.toLowerCase());
    },
    project: projectSkillGroupListing,
    projectSingle: (e) => e,
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
  const dir = ['desc', 'descending'].includes((q.get('sortOrder') ?? 'asc').toLowerCase()) ? -1 : 1;
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
      const invalid = spec.validate?.(query);
      if (invalid) return invalid;
      const all = org[spec.collection] as unknown as Record<string, unknown>[];
      const ids = new Set(
        spec.idFilter
          ? query
              .getAll('id')
              .flatMap((x) => x.split(','))
              .filter(Boolean)
          : [],
      );
      const useFilter = spec.filter && !(spec.idsOverrideFilters && ids.size > 0);
      let items = all.filter(
        (e) => (ids.size === 0 || ids.has(String(e.id))) && (useFilter ? spec.filter?.(e, query) : true),
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
      const filtered =
        spec.filter &&
        spec.collection !== 'flows' &&
        spec.collection !== 'dataActions' &&
        spec.collection !== 'skillGroups';
      if (!e || (filtered && !spec.filter?.(e, query))) return notFound(path);
      const project = spec.projectSingle ?? spec.project;
      return { status: 200, body: project ? project(e, query) : e };
    },
  };
}

/** Flow export jobs: created, polled until they settle, then downloaded from a signed URL. */
export interface ExportJob {
  readonly id: string;
  readonly flowIds: readonly string[];
  readonly fileNames: readonly (string | undefined)[];
  /** `flow.version` of each entry (ArchitectFlowReference.version); undefined: the newest version. */
  readonly versions: readonly (string | undefined)[];
  readonly createdAt: number;
  readonly signature: string;
  /** Set when the job is to end in Failure: the message it reports. */
  readonly failure?: string;
  polls: number;
}

/**
 * How the entries of a downloaded export are named (real exports vary):
 * - `fileNameYaml`: `<fileName>.yaml` (the flow's name when no fileName was given); the default
 * - `fileName`: exactly the requested `fileName` (the flow's name when none), no extension
 * - `nameAndId`: `<flowName>_<flowId>.yaml`
 * - `containsId`: a name that merely contains the flow ID, e.g. `export-inboundcall-<flowId>-v3.0.yaml`
 * - `flowName`: `<flowName>.yaml` (no ID)
 * - `opaque`: `flow-<n>.yaml` (no ID, no name: the flow's name is only inside the YAML)
 */
export type ExportFileNaming =
  | 'fileNameYaml'
  | 'fileName'
  | 'nameAndId'
  | 'containsId'
  | 'flowName'
  | 'opaque';

export interface ExportJobs {
  readonly jobs: Map<string, ExportJob>;
  /** Virtual ms a job takes to finish. */
  readonly durationMs: number;
  /** Fault: jobs end in Failure, or never finish. */
  outcome: 'success' | 'failure' | 'never';
  readonly now: () => number;
  naming?: ExportFileNaming;
  /**
   * Fault (a throttling symptom): the first `attempts` jobs that contain a flow (only the listed flows,
   * when `flowIds` is given) end in Failure with Archy's "could not find the flow" message.
   */
  flowNotFound?: { readonly attempts: number; readonly flowIds?: readonly string[] };
  /** Fault: any job that contains one of these flows ends in Failure. */
  failFlowIds?: readonly string[];
  /** Export attempts seen per flow ID (for `flowNotFound`). */
  attempts?: Map<string, number>;
}

/** Object types the SDK accepts for dependency tracking (ArchitectApi.md, consumedresources `objectType`). */
export const DEPENDENCY_OBJECT_TYPES: ReadonlySet<string> = new Set([
  'ACDLANGUAGE',
  'ACDSKILL',
  'ACDWRAPUPCODE',
  'AGENTICVIRTUALAGENT',
  'AGENTICVIRTUALAGENTVERSION',
  'AUDIOCONNECTORBOT',
  'BOTCONNECTORBOT',
  'BOTCONNECTORINTEGRATION',
  'BOTFLOW',
  'BRIDGEACTION',
  'COMMONMODULEFLOW',
  'COMPOSERSCRIPT',
  'CONTACTLIST',
  'CONVERSATIONCUSTOMATTRIBUTESCHEMA',
  'CONVERSATIONSUMMARYSETTING',
  'CUSTOMERSEGMENT',
  'DATAACTION',
  'DATATABLE',
  'DECISIONTABLE',
  'DIALOGENGINEBOT',
  'DIALOGENGINEBOTVERSION',
  'DIALOGFLOWAGENT',
  'DIALOGFLOWCXAGENT',
  'DIGITALAUDIO',
  'DIGITALBOTCONNECTOR',
  'DIGITALBOTCONNECTORINTEGRATION',
  'DIGITALBOTFLOW',
  'DIVISION',
  'EMAILROUTE',
  'EMAILSENDFLOW',
  'EMERGENCYGROUP',
  'FILE',
  'FLOWACTION',
  'FLOWDATATYPE',
  'FLOWMILESTONE',
  'FLOWOUTCOME',
  'GRAMMAR',
  'GROUP',
  'GUIDE',
  'GUIDEVERSION',
  'IMAGE',
  'INBOUNDCALLFLOW',
  'INBOUNDCHATFLOW',
  'INBOUNDEMAILFLOW',
  'INBOUNDSHORTMESSAGEFLOW',
  'INQUEUECALLFLOW',
  'INQUEUEEMAILFLOW',
  'INQUEUESHORTMESSAGEFLOW',
  'IVRCONFIGURATION',
  'KNOWLEDGEBASE',
  'KNOWLEDGEBASEDOCUMENT',
  'KNOWLEDGESETTING',
  'LANGUAGE',
  'LEXBOT',
  'LEXBOTALIAS',
  'LEXV2BOT',
  'LEXV2BOTALIAS',
  'NLUDOMAIN',
  'NUANCEMIXBOT',
  'NUANCEMIXINTEGRATION',
  'OAUTHCLIENT',
  'OUTBOUNDCALLFLOW',
  'QUEUE',
  'RECORDINGPOLICY',
  'RESPONSE',
  'RESPONSEASSET',
  'SCHEDULE',
  'SCHEDULEGROUP',
  'SECUREACTION',
  'SECURECALLFLOW',
  'SMSPHONENUMBER',
  'STTENGINE',
  'SURVEYFORM',
  'SURVEYINVITEFLOW',
  'SYSTEMPROMPT',
  'TTSENGINE',
  'TTSVOICE',
  'USER',
  'USERPROMPT',
  'UTILIZATIONLABEL',
  'VIDEO',
  'VOICEFLOW',
  'VOICEMAILFLOW',
  'VOICESURVEYFLOW',
  'WIDGET',
  'WORKFLOW',
  'WORKITEMFLOW',
  'WORKTYPE',
]);

/** Why an export job that asks for these flows fails, if it does (decided when the job is created). */
function exportFailure(
  org: SimOrg,
  jobs: ExportJobs,
  flows: readonly Models.ExportDetails[],
): string | undefined {
  let failure: string | undefined;
  for (const d of flows) {
    const id = d.flow.id as string;
    const name = org.flows.find((f) => f.id === id)?.name ?? id;
    if (jobs.failFlowIds?.includes(id))
      failure ??= `Failed to export flow '${name}' (${id}): an unexpected error occurred while exporting the flow.`;
    const nf = jobs.flowNotFound;
    if (nf && (!nf.flowIds || nf.flowIds.includes(id))) {
      jobs.attempts ??= new Map();
      const n = (jobs.attempts.get(id) ?? 0) + 1;
      jobs.attempts.set(id, n);
      if (n <= nf.attempts) failure ??= `Export failed: could not find the flow with id '${id}'.`;
    }
    const version = d.flow.version;
    const versions = org.flowVersions.get(id);
    if (version && versions && !versions.has(version))
      failure ??= `Export failed: version '${version}' of flow '${name}' (${id}) does not exist.`;
  }
  return failure;
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
        if (!DEPENDENCY_OBJECT_TYPES.has(objectType))
          return apiError(
            400,
            'bad.request',
            `Value [${objectType}] is not valid for field type [DependencyObjectType]. Allowable values are: ${[...DEPENDENCY_OBJECT_TYPES].join(', ')}`,
          );
        const flow = org.flows.find((f) => f.id === id);
        if (!flow) return notFound(path);
        // The index is keyed by object type: a flow looked up under another type's name has no entry.
        const matches = FLOW_DEPENDENCY_TYPE[flow.type ?? ''] === objectType;
        const types = new Set(query.getAll('resourceType').flatMap((x) => x.split(',')));
        const deps = (matches ? (org.flowDependencies.get(id) ?? []) : []).filter(
          (d) => types.size === 0 || types.has(d.type ?? ''),
        );
        return pageByNumber(deps, path, query, { maxPageSize: 100 });
      },
    },
    {
      method: 'GET',
      template: '/api/v2/flows/lookup',
      permissions: ['architect:flow:view'],
      handle: ({ org, query, path }) => {
        const ids = new Set(
          query
            .getAll('id')
            .flatMap((x) => x.split(','))
            .filter(Boolean),
        );
        if (ids.size === 0)
          return apiError(400, 'bad.request', 'The id parameter is required: at least one flow ID.');
        const sortBy = query.get('sortBy') === 'name' ? 'name' : 'id';
        const flows = org.flows.filter((f) => ids.has(f.id as string)) as unknown as Record<
          string,
          unknown
        >[];
        return pageByNumber(sorted(flows, sortBy, query), path, query, { maxPageSize: 500 });
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
          versions: req.flows.map((f) => f.flow.version),
          createdAt: jobs.now(),
          signature: randomBytes(16).toString('hex'),
          failure: exportFailure(org, jobs, req.flows),
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
      handle: ({ org, params, jobs, path, origin }) => {
        const job = jobs.jobs.get(params.jobId ?? '');
        if (!job) return notFound(path);
        job.polls++;
        const done = jobs.outcome !== 'never' && jobs.now() - job.createdAt >= jobs.durationMs;
        const res: Models.ArchitectExportJobStateResponse = {
          id: job.id,
          command: 'Export',
          selfUri: `/api/v2/flows/export/jobs/${job.id}`,
        };
        const failure =
          jobs.outcome === 'failure'
            ? 'Export failed: the flow configuration could not be read.'
            : job.failure;
        if (!done) res.status = 'Started';
        else if (failure) {
          res.status = 'Failure';
          res.messages = [{ dateTime: new Date(jobs.now()).toISOString(), type: 'Error', text: failure }];
        } else {
          res.status = 'Success';
          const file =
            job.flowIds.length === 1
              ? encodeURIComponent(exportEntryNames(org, jobs, job)[0] ?? 'flow.yaml')
              : `${job.id}.zip`;
          res.downloadUrl = `${origin}/sim-downloads/${job.id}/${file}?X-Amz-Signature=${job.signature}`;
          res.messages = [];
        }
        return { status: 200, body: res };
      },
    },
  ];
}

/** The names of a job's download entries, per the naming variant; unique within the job. */
export function exportEntryNames(org: SimOrg, jobs: ExportJobs, job: ExportJob): string[] {
  const used = new Set<string>();
  return job.flowIds.map((id, i) => {
    const flow = org.flows.find((f) => f.id === id);
    const flowName = flow?.name ?? id;
    const requested = job.fileNames[i] ?? flowName;
    const version = job.versions[i] ?? flow?.savedVersion?.id ?? flow?.publishedVersion?.id ?? '1.0';
    let name: string;
    switch (jobs.naming ?? 'fileNameYaml') {
      case 'fileName':
        name = requested;
        break;
      case 'nameAndId':
        name = `${flowName}_${id}.yaml`;
        break;
      case 'containsId':
        name = `export-${(flow?.type ?? 'flow').toLowerCase()}-${id}-v${version}.yaml`;
        break;
      case 'flowName':
        name = `${flowName}.yaml`;
        break;
      case 'opaque':
        name = `flow-${i + 1}.yaml`;
        break;
      default:
        name = `${requested}.yaml`;
    }
    const dot = name.endsWith('.yaml') ? name.length - 5 : name.length;
    let unique = name;
    for (let n = 2; used.has(unique); n++) unique = `${name.slice(0, dot)}_${n}${name.slice(dot)}`;
    used.add(unique);
    return unique;
  });
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
  const yamlOf = (id: string, version: string | undefined) =>
    (version ? org.flowVersions.get(id)?.get(version) : undefined) ?? org.flowDefinitions.get(id) ?? '';
  const names = exportEntryNames(org, jobs, job);
  if (job.flowIds.length === 1)
    return {
      status: 200,
      headers: { 'content-disposition': `attachment; filename="${names[0]}"` },
      raw: { contentType: 'application/x-yaml', data: yamlOf(job.flowIds[0] ?? '', job.versions[0]) },
    };
  const files: Record<string, Uint8Array> = {};
  job.flowIds.forEach((id, i) => {
    files[names[i] ?? id] = strToU8(yamlOf(id, job.versions[i]));
  });
  return {
    status: 200,
    headers: { 'content-disposition': `attachment; filename="${job.id}.zip"` },
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
        const all = queueMembersOf(org, params.queueId ?? '');
        if (!all) return notFound(path);
        const memberBy = query.get('memberBy');
        if (memberBy !== null && memberBy !== 'user' && memberBy !== 'group')
          return apiError(
            400,
            'bad.request',
            `Value [${memberBy}] is not valid for field type [MemberBy]. Allowable values are: user, group`,
          );
        const joined = bool(query, 'joined');
        const name = query.get('name')?.toLowerCase();
        const members: Models.QueueMember[] = all
          .filter((m) => !memberBy || m.memberBy === memberBy)
          .filter((m) => !name || String(m.user.name).toLowerCase().includes(name))
          .map(({ user: u, memberBy: by }) => ({
            id: u.id,
            name: u.name,
            user: { id: u.id, name: u.name, version: u.version ?? 1, selfUri: `/api/v2/users/${u.id}` },
            ringNumber: 1,
            joined: true,
            memberBy: by,
            selfUri: `/api/v2/users/${u.id}`,
          }))
          .filter((m) => joined === undefined || m.joined === joined);
        return pageByNumber(
          sorted(members as unknown as Record<string, unknown>[], 'name', query),
          path,
          query,
          { maxPageSize: 100, omitTotals: true },
        );
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
