/**
 * Flow export jobs (`POST /api/v2/flows/export/jobs`, polled with `GET .../{jobId}`): created, settled after
 * a virtual duration (or failed by a fault), then downloaded from a signed URL as YAML or a zip.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import type { Models } from 'purecloud-platform-client-v2';
import { apiError, notFound, type SimResponse } from './errors.ts';
import type { SimOrg } from './model.ts';
import type { Route } from './route.ts';

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

export function exportJobRoutes(): Route[] {
  return [createExportJobRoute(), exportJobStateRoute()];
}

/** `POST /api/v2/flows/export/jobs`: a job for the listed flows (its failure, if any, decided now). */
function createExportJobRoute(): Route {
  return {
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
  };
}

/** `GET /api/v2/flows/export/jobs/{jobId}`: Started until the job settles, then Success (with a signed download URL) or Failure. */
function exportJobStateRoute(): Route {
  return {
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
        jobs.outcome === 'failure' ? 'Export failed: the flow configuration could not be read.' : job.failure;
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
  };
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
