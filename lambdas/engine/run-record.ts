/**
 * The audit trail of a run in the archive: `runs/<run-id>/run-record.json` (trigger, options, counts, API
 * requests, 429s, duration, outcome, commit) and `runs/<run-id>/export-manifest.json`, with `latest.json`
 * pointing at the newest run. The working snapshot itself lives under `latest/`.
 */

import { mapLimit } from './concurrency.ts';
import {
  archivedManifestKey,
  archivedSnapshotKey,
  archivedVersionsKey,
  GITIGNORE_KEY,
  isRunRecordKey,
  LATEST_RUN_KEY,
  MANIFEST_KEY,
  RUN_STAMP_KEY,
  RUNS_PREFIX,
  runRecordKey,
  STAGING_PREFIX,
} from './keys.ts';
import type { ExportOptions, Manifest } from './model.ts';
import type { ObjectVersion, SnapshotStore, VersionedStore } from './storage/types.ts';
import { readJson, versionedStore, writeJson } from './storage/types.ts';

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
  const versioned = versionedStore(snapshot);
  if (manifest && versioned) {
    await writeJson(archive, archivedVersionsKey(record.runId), await snapshotVersions(versioned, manifest));
  } else if (manifest) {
    const keys = (await snapshot.list('')).filter((k) => !k.startsWith(`${STAGING_PREFIX}/`));
    await mapLimit(keys, 32, async (k) => {
      const data = await snapshot.read(k);
      if (data !== undefined) await archive.write(archivedSnapshotKey(record.runId, k), data);
    });
  }
  if (manifest) {
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

/** A run archived as versions: each snapshot file's current version when the run was archived. */
export interface ArchivedVersions {
  readonly schemaVersion: 1;
  /** Path in the snapshot -> its key in the bucket, version ID and content tag (ETag). */
  readonly files: Record<string, ObjectVersion & { readonly key: string }>;
}

/**
 * The current versions of the snapshot's files: one listing per top folder of the manifest's resources
 * and one per file of the snapshot's own (so the staging area's many noncurrent versions are never
 * listed). No file is read or copied.
 */
async function snapshotVersions(
  store: SnapshotStore & VersionedStore & { bucketKey?(key: string): string },
  manifest: Manifest,
): Promise<ArchivedVersions> {
  const folders = new Set(
    manifest.resources.flatMap((r) => [r.path, r.definitionPath ?? r.path]).map((p) => `${p.split('/')[0]}/`),
  );
  const prefixes = [...folders, MANIFEST_KEY, GITIGNORE_KEY, RUN_STAMP_KEY].sort();
  const files: Record<string, ObjectVersion & { key: string }> = {};
  for (const listed of await mapLimit(prefixes, 8, (p) => store.currentVersions(p)))
    for (const [path, v] of listed)
      if (!path.startsWith(`${STAGING_PREFIX}/`))
        files[path] = { key: store.bucketKey?.(path) ?? path, ...v };
  return {
    schemaVersion: 1,
    files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
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
