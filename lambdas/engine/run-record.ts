/**
 * The audit trail of a run in the archive: `runs/<run-id>/run-record.json` (trigger, options, counts, API
 * requests, 429s, duration, outcome, commit) and `runs/<run-id>/export-manifest.json`, with `latest.json`
 * pointing at the newest run. The working snapshot itself lives under `latest/`.
 */

import { mapLimit } from './concurrency.ts';
import {
  archivedManifestKey,
  archivedSnapshotKey,
  isRunRecordKey,
  LATEST_RUN_KEY,
  MANIFEST_KEY,
  RUNS_PREFIX,
  runRecordKey,
  STAGING_PREFIX,
} from './keys.ts';
import type { ExportOptions, Manifest } from './model.ts';
import type { SnapshotStore } from './storage/types.ts';
import { readJson, writeJson } from './storage/types.ts';

export type RunOutcome = 'complete' | 'partial' | 'failed';

export interface RunRecordSummary {
  readonly schemaVersion: 1;
  readonly runId: string;
  readonly trigger: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationSeconds: number;
  readonly outcome: RunOutcome;
  readonly options?: ExportOptions;
  readonly organizationId?: string;
  readonly counts: Record<string, number>;
  readonly changes?: { added: number; changed: number; removed: number };
  readonly apiRequests?: number;
  readonly rateLimited?: number;
  readonly commit?: string | null;
  readonly error?: string;
  /** Which of the finishing steps ran: a failed Publish or Archive leaves the promoted snapshot in place. */
  readonly steps?: Partial<Record<FinishingStep, 'done' | 'failed'>>;
}

export type FinishingStep = 'promote' | 'publish' | 'archive';

/** Copies the snapshot (staging excluded) to `runs/<run-id>/snapshot/`, then the manifest and record. */
export async function archiveRun(
  archive: SnapshotStore,
  snapshot: SnapshotStore,
  record: RunRecordSummary,
): Promise<void> {
  const manifest = await readJson<Manifest>(snapshot, MANIFEST_KEY);
  if (manifest) {
    const keys = (await snapshot.list('')).filter((k) => !k.startsWith(`${STAGING_PREFIX}/`));
    await mapLimit(keys, 32, async (k) => {
      const data = await snapshot.read(k);
      if (data !== undefined) await archive.write(archivedSnapshotKey(record.runId, k), data);
    });
    // The archived manifest says which run it belongs to (the snapshot's own keeps run stamps apart).
    await writeJson(archive, archivedManifestKey(record.runId), {
      runId: record.runId,
      exportTime: record.finishedAt,
      ...manifest,
    });
  }
  await writeJson(archive, runRecordKey(record.runId), record);
  await writeJson(archive, LATEST_RUN_KEY, {
    runId: record.runId,
    finishedAt: record.finishedAt,
    outcome: record.outcome,
  });
}

export async function listRunRecords(archive: SnapshotStore, limit: number): Promise<RunRecordSummary[]> {
  const keys = (await archive.list(RUNS_PREFIX)).filter(isRunRecordKey);
  // Run IDs start with a UTC timestamp, so key order is time order.
  const newest = keys.sort().reverse().slice(0, limit);
  const out: RunRecordSummary[] = [];
  for (const k of newest) {
    const r = await readJson<RunRecordSummary>(archive, k);
    if (r) out.push(r);
  }
  return out;
}
