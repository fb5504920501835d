/**
 * Flow definitions through Architect export jobs: one job for many flows (each at its published
 * version), polled with backoff, then downloaded from its signed URL (YAML for one flow, a zip of YAML
 * files for several). Every requested flow comes back with a definition or with the reason it did not.
 */
import { strFromU8, unzipSync } from 'fflate';
import { parse as parseYaml } from 'yaml';
import type { Clock } from './clock.ts';
import { assertTimeFor, timeLeft } from './deadline.ts';
import { ApiError, errorMessage, FlowExportJobError } from './errors.ts';
import type { GenesysClient } from './genesys/client.ts';
import { redactText } from './redact.ts';

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
  if (!flows.length) return result;
  const run = new JobRunner(client, clock, settings, result);
  const first = await run.attempt(flows, settings.attempts ?? DEFAULT_ATTEMPTS);
  if (first.ok) run.record(flows, first.bytes);
  else await run.isolate(flows, first.error);
  return result;
}

type Attempt = { ok: true; bytes: Uint8Array } | { ok: false; error: unknown };

class JobRunner {
  constructor(
    private readonly client: GenesysClient,
    private readonly clock: Clock,
    private readonly settings: FlowExportSettings,
    private readonly result: FlowDefinitions,
  ) {}

  /** One job for the flows, retried while it fails (a failed job is often throttling). */
  async attempt(flows: readonly FlowToExport[], attempts: number): Promise<Attempt> {
    let error: unknown;
    for (let n = 1; n <= attempts; n++) {
      try {
        this.result.jobs++;
        return {
          ok: true,
          bytes: await runJob(this.client, this.clock, flows, this.settings.timeoutMs ?? 300_000),
        };
      } catch (err) {
        error = err;
        if (!(err instanceof FlowExportJobError && err.retryable)) break;
        if (n < attempts) {
          const wait = Math.min(2_000 * 2 ** (n - 1), 30_000);
          if (wait >= timeLeft(this.clock)) break;
          await this.clock.sleep(wait);
        }
      }
    }
    if (!(error instanceof FlowExportJobError || error instanceof ApiError)) throw error;
    return { ok: false, error };
  }

  /**
   * A group whose job keeps failing is cut in halves, so that one broken flow cannot cost the others their
   * definitions; when every half fails too, the failure is not one flow's and the search stops.
   */
  async isolate(flows: readonly FlowToExport[], error: unknown): Promise<void> {
    const splittable = error instanceof FlowExportJobError && error.retryable && flows.length > 1;
    if (!splittable) return this.markMissing(flows, errorMessage(error));
    const half = Math.ceil(flows.length / 2);
    const parts = [flows.slice(0, half), flows.slice(half)];
    const tries: Attempt[] = [];
    for (const part of parts) tries.push(await this.attempt(part, SPLIT_ATTEMPTS));
    if (tries.every((t) => !t.ok))
      return this.markMissing(flows, `${errorMessage(error)} (every part of the batch failed as well)`);
    for (const [i, part] of parts.entries()) {
      const t = tries[i] as Attempt;
      if (t.ok) this.record(part, t.bytes);
      else await this.isolate(part, t.error);
    }
  }

  record(flows: readonly FlowToExport[], bytes: Uint8Array): void {
    const matched = matchDownload(bytes, flows);
    for (const f of flows) {
      const yaml = matched.get(f.id);
      if (yaml === undefined)
        this.result.missing.set(
          f.id,
          'the export job succeeded but its download holds no definition for this flow',
        );
      else this.result.definitions.set(f.id, redactText(yaml));
    }
  }

  private markMissing(flows: readonly FlowToExport[], reason: string): void {
    for (const f of flows) this.result.missing.set(f.id, reason);
  }
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
  if (!job.id)
    throw new FlowExportJobError({
      message: 'the flow export job was not created (no job ID)',
      retryable: true,
    });
  const started = clock.now();
  let wait = 1_000;
  let state: JobState = job;
  for (;;) {
    // Polling stops at the step's deadline as at the job's own timeout.
    assertTimeFor(clock, wait, `flow export job ${job.id}`);
    await clock.sleep(wait);
    state = await client.get<JobState>(
      `/api/v2/flows/export/jobs/${encodeURIComponent(job.id)}?expand=messages`,
    );
    if (state.status === 'Success' || state.status === 'Failure') break;
    if (clock.now() - started > timeoutMs) {
      throw new FlowExportJobError({
        message: `flow export job ${job.id} did not finish within ${Math.round(timeoutMs / 1000)} s (status ${state.status ?? 'unknown'})`,
        retryable: false,
      });
    }
    wait = Math.min(wait * 2, 10_000);
  }
  if (state.status === 'Failure' || !state.downloadUrl) {
    const why =
      (state.messages ?? [])
        .map((m) => m.text)
        .filter(Boolean)
        .join('; ') || 'no reason given';
    throw new FlowExportJobError({ message: `flow export job ${job.id} failed: ${why}`, retryable: true });
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
  // The exact requested name wins over a name that merely contains the ID, whatever the zip's order.
  for (const f of files) {
    const flow = flows.find((x) => f.base === x.id);
    if (flow && !out.has(flow.id)) out.set(flow.id, f.text);
  }
  const unmatched: typeof files = [];
  for (const f of files) {
    if (flows.some((x) => f.base === x.id)) continue;
    const flow = flows.find((x) => f.base.toLowerCase().includes(x.id.toLowerCase()));
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
