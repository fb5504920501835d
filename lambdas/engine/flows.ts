/**
 * Flow definitions through Architect export jobs: one job for many flows, polled with backoff, then
 * downloaded from its signed URL (YAML for one flow, a zip of YAML files for several).
 */
import { strFromU8, unzipSync } from 'fflate';
import type { Clock } from './clock.ts';
import { ExportError } from './errors.ts';
import type { GenesysClient } from './genesys/client.ts';

export class FlowExportJobError extends ExportError {
  override readonly name = 'FlowExportJobError';
}

interface JobState {
  readonly id?: string;
  readonly status?: string;
  readonly downloadUrl?: string;
  readonly messages?: Array<{ text?: string }>;
}

/** Returns each flow's YAML definition by flow ID. */
export async function exportFlowDefinitions(
  client: GenesysClient,
  clock: Clock,
  flowIds: readonly string[],
  timeoutMs = 300_000,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (flowIds.length === 0) return out;
  const job = await client.post<JobState>('/api/v2/flows/export/jobs', {
    flows: flowIds.map((id) => ({ flow: { id }, exportType: 'Yaml', fileName: id })),
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
  const bytes = await client.download(state.downloadUrl);
  if (flowIds.length === 1 && !isZip(bytes)) {
    out.set(flowIds[0] as string, strFromU8(bytes));
    return out;
  }
  const files = unzipSync(bytes);
  const wanted = new Set(flowIds);
  for (const [name, data] of Object.entries(files)) {
    const base =
      name
        .split('/')
        .pop()
        ?.replace(/\.ya?ml$/i, '') ?? name;
    if (wanted.has(base)) out.set(base, strFromU8(data));
  }
  return out;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b;
}
