/**
 * What the earlier steps of a run staged, read back by the later ones: the plan record, the partial
 * manifests of the batches, the IDs present in complete listings.
 */
import { mapLimit } from './concurrency.ts';
import { InvariantError } from './errors.ts';
import { partialKey, partialsPrefix, planRecordKey, presentKey } from './keys.ts';
import type { BatchDescriptor, PartialManifest, RunRecord } from './model.ts';
import { compare } from './order.ts';
import { readJson, type SnapshotStore, writeJson } from './storage/types.ts';

/** Staged objects read at once (on S3 each is a GET). */
export const READ_CONCURRENCY = 32;

/** The plan record of a run, or undefined once finalize has removed the staging. */
export function readPlanRecord(store: SnapshotStore, runId: string): Promise<RunRecord | undefined> {
  return readJson<RunRecord>(store, planRecordKey(runId));
}

/** The plan record every step after the plan needs: missing means the workflow ran out of order. */
export async function loadPlanRecord(store: SnapshotStore, runId: string): Promise<RunRecord> {
  const run = await readPlanRecord(store, runId);
  if (!run) throw new InvariantError(`run ${runId} has no plan record`);
  return run;
}

/** Every batch's partial manifest, in batch ID order. */
export async function loadPartials(store: SnapshotStore, runId: string): Promise<PartialManifest[]> {
  const read = await mapLimit(await store.list(partialsPrefix(runId)), READ_CONCURRENCY, (k) =>
    readJson<PartialManifest>(store, k),
  );
  return read.filter((p): p is PartialManifest => !!p).sort((a, b) => compare(a.batchId, b.batchId));
}

export async function writePartial(store: SnapshotStore, runId: string, p: PartialManifest): Promise<void> {
  await writeJson(store, partialKey(runId, p.batchId), p, true);
}

/** IDs of a completely listed type that exist in the org (empty if the plan staged none). */
export async function loadPresentIds(
  store: SnapshotStore,
  runId: string,
  type: string,
): Promise<Set<string>> {
  return new Set((await readJson<string[]>(store, presentKey(runId, type))) ?? []);
}

/**
 * Records a failed partial manifest for each batch of a round that left none (its Lambda timed out, was
 * throttled past its retries, or crashed): finalize then counts its type as failed and keeps that type's
 * earlier files instead of treating the resources as gone. Returns the batch IDs so recorded.
 */
export async function markUnfinishedBatches(
  store: SnapshotStore,
  runId: string,
  batches: readonly BatchDescriptor[],
): Promise<string[]> {
  const unfinished: string[] = [];
  for (const b of batches) {
    if ((await store.read(partialKey(runId, b.batchId))) !== undefined) continue;
    await writePartial(store, runId, {
      batchId: b.batchId,
      type: b.type,
      round: b.round ?? 0,
      resources: [],
      errors: [
        {
          type: b.type,
          message: `batch ${b.batchId} did not finish (timed out or failed); earlier files kept`,
        },
      ],
      failed: true,
    });
    unfinished.push(b.batchId);
  }
  return unfinished;
}
