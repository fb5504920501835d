/**
 * Architect import jobs (`ArchitectApi`): `POST /api/v2/flows/jobs` registers a job and answers a signed
 * URL (`RegisterArchitectJobResponse`: id, presignedUrl, headers); the flow's YAML is `PUT` there without a
 * token; `GET /api/v2/flows/jobs/{jobId}` (`ArchitectJobStateResponse`) answers Started until the job
 * settles (the export jobs' virtual duration), then Success with the flow, or Failure with messages.
 * Like Terraform's `genesyscloud_flow`, the job publishes the flow: there is no separate publish call.
 * A job creates the flow of that name and type or, when one exists, publishes a new version of it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Models } from 'purecloud-platform-client-v2';
import { parse as parseYaml } from 'yaml';
import { FLOW_DEPENDENCY_TYPE } from './dependency-tracking.ts';
import { notFound, type SimResponse } from './errors.ts';
import type { ExportJobs } from './export-jobs.ts';
import { flowTypeOfKey } from './families/flow-yaml.ts';
import type { SimOrg } from './model.ts';
import type { Route } from './route.ts';

interface ImportJob {
  readonly id: string;
  readonly signature: string;
  readonly createdAt: number;
  /** The uploaded YAML; undefined until the file is `PUT`. */
  yaml?: string;
  uploadedAt?: number;
  /** Once settled: the flow it published, or why it failed. */
  result?: { readonly flow: Models.AddressableEntityRef } | { readonly failure: string };
}

/** Import jobs per org (the org object is the simulator's own). */
const JOBS = new WeakMap<SimOrg, Map<string, ImportJob>>();
const jobsOf = (org: SimOrg): Map<string, ImportJob> => {
  let jobs = JOBS.get(org);
  if (!jobs) {
    jobs = new Map();
    JOBS.set(org, jobs);
  }
  return jobs;
};

/** Dependency type -> the collection its resources are in (resolved by name, as Architect does). */
const COLLECTIONS: Readonly<Record<string, keyof SimOrg>> = {
  QUEUE: 'queues',
  ACDSKILL: 'skills',
  ACDLANGUAGE: 'languages',
  ACDWRAPUPCODE: 'wrapupCodes',
  DATAACTION: 'dataActions',
  USERPROMPT: 'prompts',
  SCHEDULE: 'schedules',
  SCHEDULEGROUP: 'scheduleGroups',
  USER: 'users',
  GROUP: 'groups',
  DATATABLE: 'dataTables',
  FLOWMILESTONE: 'flowMilestones',
  FLOWOUTCOME: 'flowOutcomes',
  UTILIZATIONLABEL: 'utilizationLabels',
  IVRCONFIGURATION: 'ivrs',
  EMERGENCYGROUP: 'emergencyGroups',
  COMPOSERSCRIPT: 'scripts',
  CONTACTLIST: 'contactLists',
  DIVISION: 'divisions',
};

const FLOW_TYPE_OF_DEPENDENCY = new Map(Object.entries(FLOW_DEPENDENCY_TYPE).map(([k, v]) => [v, k]));

type Named = { id?: string; name?: string };

/** Every `target: "<DEPENDENCYTYPE>:<name>"` of the YAML (the simulated flows' references). */
function targets(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) targets(x, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node))
      if (k === 'target' && typeof v === 'string') out.push(v);
      else targets(v, out);
  return out;
}

/** What the job does with the uploaded YAML: the flow it publishes, or the message it fails with. */
function runImport(org: SimOrg, yaml: string): { flow: Models.AddressableEntityRef } | { failure: string } {
  let doc: unknown;
  try {
    doc = parseYaml(yaml);
  } catch (err) {
    return { failure: `The flow file is not valid YAML: ${(err as Error).message}` };
  }
  const [key, body] = doc && typeof doc === 'object' ? (Object.entries(doc)[0] ?? []) : [];
  const type = typeof key === 'string' ? flowTypeOfKey(key) : undefined;
  if (!type || !body || typeof body !== 'object')
    return { failure: `Unknown flow type '${String(key)}': the file must start with a flow type key.` };
  const def = body as { name?: unknown; description?: unknown; division?: unknown };
  if (typeof def.name !== 'string' || def.name === '')
    return { failure: 'The flow has no name: the name property is required.' };
  const divisionName = typeof def.division === 'string' ? def.division : 'Home';
  const division = org.divisions.find((d) => d.name === divisionName);
  if (!division) return { failure: `Unable to find a division named '${divisionName}'.` };
  const deps: Models.Dependency[] = [];
  for (const target of targets(body)) {
    const colon = target.indexOf(':');
    const depType = target.slice(0, colon);
    const name = target.slice(colon + 1);
    const flowType = FLOW_TYPE_OF_DEPENDENCY.get(depType);
    const collection = COLLECTIONS[depType];
    const list = flowType
      ? org.flows.filter((f) => f.type === flowType && f.deleted !== true)
      : collection
        ? (org[collection] as Named[])
        : [];
    const found = list.find((x) => x.name === name);
    if (!found)
      return { failure: `Unable to find a ${depType.toLowerCase()} named '${name}' referenced by the flow.` };
    if (!deps.some((d) => d.id === found.id))
      deps.push({ id: found.id, name: found.name, type: depType, deleted: false, updated: false });
  }
  let flow = org.flows.find((f) => f.type === type && f.name === def.name && f.deleted !== true);
  const divisionRef = { id: division.id, name: division.name, selfUri: division.selfUri };
  const description = typeof def.description === 'string' ? def.description : undefined;
  if (!flow) {
    const id = randomUUID();
    flow = { id, name: def.name, type, system: false, deleted: false, selfUri: `/api/v2/flows/${id}` };
    org.flows.push(flow);
    org.flowVersions.set(id, new Map());
  }
  const id = String(flow.id);
  const versions = org.flowVersions.get(id) ?? new Map<string, string>();
  const numbers = [...versions.keys(), flow.publishedVersion?.id, flow.checkedInVersion?.id].map(
    (v) => Number.parseFloat(v ?? '0') || 0,
  );
  const version = `${Math.max(0, ...numbers) + 1}.0`;
  versions.set(version, yaml);
  org.flowVersions.set(id, versions);
  Object.assign(flow, {
    division: divisionRef,
    description,
    active: true,
    publishedVersion: { id: version, name: 'published' },
    checkedInVersion: { id: version },
    savedVersion: undefined,
    lockedUser: undefined,
  });
  org.flowDefinitions.set(id, yaml);
  org.flowDependencies.set(id, deps);
  return { flow: { id, selfUri: `/api/v2/flows/${id}` } };
}

function registerRoute(): Route {
  return {
    method: 'POST',
    template: '/api/v2/flows/jobs',
    permissions: ['architect:job:create'],
    handle: ({ org, origin, now }) => {
      const job: ImportJob = {
        id: randomUUID(),
        signature: randomBytes(16).toString('hex'),
        createdAt: now,
      };
      jobsOf(org).set(job.id, job);
      const res: Models.RegisterArchitectJobResponse = {
        id: job.id,
        presignedUrl: `${origin}/sim-uploads/flows/${job.id}?X-Amz-Signature=${job.signature}`,
        headers: { 'Content-Type': 'application/octet-stream' },
        selfUri: `/api/v2/flows/jobs/${job.id}`,
      };
      return { status: 200, body: res };
    },
  };
}

function stateRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/flows/jobs/{jobId}',
    permissions: ['architect:job:view'],
    handle: ({ org, params, path, jobs }) => {
      const job = jobsOf(org).get(params.jobId ?? '');
      if (!job) return notFound(path);
      const res: Models.ArchitectJobStateResponse = { id: job.id, selfUri: `/api/v2/flows/jobs/${job.id}` };
      const settled =
        job.yaml !== undefined &&
        jobs.outcome !== 'never' &&
        jobs.now() - (job.uploadedAt ?? 0) >= jobs.durationMs;
      if (settled && !job.result) job.result = runImport(org, job.yaml as string);
      if (!job.result) res.status = 'Started';
      else if ('failure' in job.result) {
        res.status = 'Failure';
        res.messages = [{ type: 'Error', text: job.result.failure }];
      } else {
        res.status = 'Success';
        res.command = 'publish';
        res.flow = job.result.flow;
        res.messages = [];
      }
      return { status: 200, body: res };
    },
  };
}

export function importJobRoutes(): Route[] {
  return [registerRoute(), stateRoute()];
}

/** The signed upload of a job's file (no token): 200 once, 403 for a wrong signature or a second upload. */
export function uploadImport(
  org: SimOrg,
  jobs: Pick<ExportJobs, 'now'>,
  url: URL,
  body: string,
): SimResponse {
  const job = jobsOf(org).get(url.pathname.split('/')[3] ?? '');
  if (!job || url.searchParams.get('X-Amz-Signature') !== job.signature || job.yaml !== undefined)
    return {
      status: 403,
      raw: { contentType: 'application/xml', data: '<Error><Code>AccessDenied</Code></Error>' },
    };
  if (body === '')
    return {
      status: 400,
      raw: { contentType: 'application/xml', data: '<Error><Code>EntityTooSmall</Code></Error>' },
    };
  job.yaml = body;
  job.uploadedAt = jobs.now();
  return { status: 200, raw: { contentType: 'application/xml', data: '' } };
}
