/**
 * Flow definitions through Architect export jobs: one job for many flows (each at its published
 * version), polled with backoff, then downloaded from its signed URL (YAML for one flow, a zip of YAML
 * files for several). Every requested flow comes back with a definition or with the reason it did not.
 */
import { strFromU8, unzipSync } from 'fflate';
import { parse as parseYaml } from 'yaml';
import type { Clock } from './clock.ts';
import { ApiError, ExportError, errorMessage } from './errors.ts';
import type { GenesysClient } from './genesys/client.ts';
import { redactText } from './redact.ts';

export class FlowExportJobError extends ExportError {
  override readonly name = 'FlowExportJobError';
}

export interface FlowToExport {
  readonly id: string;
  readonly name?: string;
  /** The published version; the platform's default is used when absent. */
  readonly version?: string;
}

export interface FlowDefinitions {
  /** YAML by flow ID, credentials in text redacted. */
  readonly definitions: Map<string, string>;
  /** Flows left without a definition, with the reason. */
  readonly missing: Map<string, string>;
  /** Jobs started, retries included. */
  jobs: number;
}

interface JobState {
  readonly id?: string;
  readonly status?: string;
  readonly downloadUrl?: string;
  readonly messages?: Array<{ text?: string }>;
}

export interface FlowExportSettings {
  /** Virtual ms to wait for one job before giving it up. */
  readonly timeoutMs?: number;
  /** Attempts per job: a failed job is often throttling ("could not find the flow"). */
  readonly attempts?: number;
}

const DEFAULT_ATTEMPTS = 5;
const SPLIT_ATTEMPTS = 2;

export async function exportFlowDefinitions(
  client: GenesysClient,
  clock: Clock,
  flows: readonly FlowToExport[],
  settings: FlowExportSettings = {},
): Promise<FlowDefinitions> {
  const result: FlowDefinitions = { definitions: new Map(), missing: new Map(), jobs: 0 };
  if (flows.length) await exportGroup(client, clock, flows, settings, result);
  return result;
}

/** One job for the group; a group whose job keeps failing is split so that one flow cannot sink others. */
async function exportGroup(
  client: GenesysClient,
  clock: Clock,
  flows: readonly FlowToExport[],
  settings: FlowExportSettings,
  result: FlowDefinitions,
): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await runJobWithRetries(client, clock, flows, settings, result);
  } catch (err) {
    if (!(err instanceof FlowExportJobError) || flows.length === 1) {
      for (const f of flows) result.missing.set(f.id, errorMessage(err));
      if (err instanceof FlowExportJobError || err instanceof ApiError) return;
      throw err;
    }
    // Halves get fewer attempts: the whole group already waited out any throttling.
    const retrySplit = { ...settings, attempts: SPLIT_ATTEMPTS };
    const half = Math.ceil(flows.length / 2);
    await exportGroup(client, clock, flows.slice(0, half), retrySplit, result);
    await exportGroup(client, clock, flows.slice(half), retrySplit, result);
    return;
  }
  const matched = matchDownload(bytes, flows);
  for (const f of flows) {
    const yaml = matched.get(f.id);
    if (yaml === undefined)
      result.missing.set(f.id, 'the export job succeeded but its download holds no definition for this flow');
    else result.definitions.set(f.id, redactText(yaml));
  }
}

async function runJobWithRetries(
  client: GenesysClient,
  clock: Clock,
  flows: readonly FlowToExport[],
  settings: FlowExportSettings,
  result: FlowDefinitions,
): Promise<Uint8Array> {
  const attempts = settings.attempts ?? DEFAULT_ATTEMPTS;
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      result.jobs++;
      return await runJob(client, clock, flows, settings.timeoutMs ?? 300_000);
    } catch (err) {
      if (!(err instanceof FlowExportJobError)) throw err;
      last = err;
      if (attempt < attempts) await clock.sleep(Math.min(2_000 * 2 ** (attempt - 1), 30_000));
    }
  }
  throw last;
}

async function runJob(
  client: GenesysClient,
  clock: Clock,
  flows: readonly FlowToExport[],
  timeoutMs: number,
): Promise<Uint8Array> {
  const job = await client.post<JobState>('/api/v2/flows/export/jobs', {
    flows: flows.map((f) => ({
      flow: { id: f.id, ...(f.version ? { version: f.version } : {}) },
      exportType: 'Yaml',
      fileName: f.id,
    })),
  });
  if (!job.id) throw new FlowExportJobError('the flow export job was not created (no job ID)');
  const started = clock.now();
  let wait = 1_000;
  let state: JobState = job;
  for (;;) {
    await clock.sleep(wait);
    state = await client.get<JobState>(
      `/api/v2/flows/export/jobs/${encodeURIComponent(job.id)}?expand=messages`,
    );
    if (state.status === 'Success' || state.status === 'Failure') break;
    if (clock.now() - started > timeoutMs) {
      throw new FlowExportJobError(
        `flow export job ${job.id} did not finish within ${Math.round(timeoutMs / 1000)} s (status ${state.status ?? 'unknown'})`,
      );
    }
    wait = Math.min(wait * 2, 10_000);
  }
  if (state.status === 'Failure' || !state.downloadUrl) {
    const why =
      (state.messages ?? [])
        .map((m) => m.text)
        .filter(Boolean)
        .join('; ') || 'no reason given';
    throw new FlowExportJobError(`flow export job ${job.id} failed: ${why}`);
  }
  return client.download(state.downloadUrl);
}

/**
 * Matches each file of a download to its flow, whatever the platform named it: the requested file name
 * (with or without an extension), a name containing the flow ID (`<name>_<id>.yaml`), or, failing
 * those, the flow's name inside the YAML.
 */
export function matchDownload(bytes: Uint8Array, flows: readonly FlowToExport[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!isZip(bytes)) {
    if (flows.length === 1) out.set((flows[0] as FlowToExport).id, strFromU8(bytes));
    else {
      const text = strFromU8(bytes);
      const byName = flowByName(flows, yamlFlowName(text));
      if (byName) out.set(byName.id, text);
    }
    return out;
  }
  const files = Object.entries(unzipSync(bytes))
    .filter(([name]) => !name.endsWith('/'))
    .map(([name, data]) => ({ base: baseName(name), text: strFromU8(data) }));
  const unmatched: typeof files = [];
  for (const f of files) {
    const flow =
      flows.find((x) => f.base === x.id) ??
      flows.find((x) => f.base.toLowerCase().includes(x.id.toLowerCase()));
    if (flow && !out.has(flow.id)) out.set(flow.id, f.text);
    else if (!flow) unmatched.push(f);
  }
  for (const f of unmatched) {
    const flow = flowByName(
      flows.filter((x) => !out.has(x.id)),
      yamlFlowName(f.text),
    );
    if (flow) out.set(flow.id, f.text);
  }
  if (flows.length === 1 && out.size === 0 && files.length === 1)
    out.set((flows[0] as FlowToExport).id, (files[0] as { text: string }).text);
  return out;
}

function baseName(entry: string): string {
  return (entry.split('/').pop() ?? entry).replace(/\.ya?ml$/i, '');
}

/** Only a name that identifies one requested flow counts. */
function flowByName(flows: readonly FlowToExport[], name: string | undefined): FlowToExport | undefined {
  if (!name) return undefined;
  const hits = flows.filter((f) => f.name === name);
  return hits.length === 1 ? hits[0] : undefined;
}

/** Architect YAML: `<flowType>: { name: ... }` at the top level. */
function yamlFlowName(text: string): string | undefined {
  try {
    const doc = parseYaml(text) as Record<string, unknown> | null;
    if (!doc || typeof doc !== 'object') return undefined;
    for (const v of Object.values(doc)) {
      const name = v && typeof v === 'object' ? (v as { name?: unknown }).name : undefined;
      if (typeof name === 'string') return name;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b;
}
