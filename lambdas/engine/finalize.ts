/**
 * Step 3 of the workflow: merge the partial manifests, promote staged files into the snapshot, remove
 * files only of types listed completely whose resources are gone, order the import, and write the
 * manifest last. Safe to run twice: a second run finds nothing staged and rewrites the same manifest.
 */

import { requireType } from './catalog/index.ts';
import { type ResourceChange, sortChanges } from './changes.ts';
import { mapLimit } from './concurrency.ts';
import type { StoreContext } from './context.ts';
import { InvariantError } from './errors.ts';
import { hasNameFilters } from './filters.ts';
import type { ChangeTracking } from './incremental.ts';
import { idOfFile, MANIFEST_KEY, RUN_STAMP_KEY, resourceKey, stagedFileKey, stagingKey } from './keys.ts';
import { buildManifest, everyTypeComplete, exportedResources, type RunResult } from './manifest.ts';
import type { Manifest, ManifestResource, PartialManifest, RunRecord, RunStamp } from './model.ts';
import { loadPartials, loadPresentIds, readPlanRecord } from './staged.ts';
import { type ListingStore, listingStore, readJson, type SnapshotStore, writeJson } from './storage/types.ts';

export type { ResourceChange };

export interface FinalizeOutput {
  readonly runId: string;
  readonly complete: boolean;
  readonly counts: Record<string, number>;
  readonly skipped: Manifest['skipped'];
  readonly errors: number;
  readonly changes: ResourceChange[];
  readonly manifestKey: string;
  /** Per type, resources exported only because something selected references them. */
  readonly byReference: Record<string, number>;
  /** `--resourceIds` that no type of the run has. */
  readonly notFound: readonly string[];
  /** Full or incremental (and why), and how many resources were kept without reading them again. */
  readonly tracking?: { mode: 'full' | 'incremental'; reason?: string; baseRun?: string; reused: number };
}

const PROMOTE_CONCURRENCY = 32;

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  !!a && !!b && Buffer.from(a).equals(Buffer.from(b));

/** The resources the snapshot holds, by `type/id`: this run's, then what earlier runs carried over. */
type Current = Map<string, ManifestResource>;

export async function finalizeExport(ctx: StoreContext, runId: string): Promise<FinalizeOutput> {
  const run = await readPlanRecord(ctx.store, runId);
  const previous = await readJson<Manifest>(ctx.store, MANIFEST_KEY);
  if (!run) return finalizedBefore(ctx.store, runId, previous);
  const result: RunResult = { run, partials: await loadPartials(ctx.store, runId) };
  const current = exportedResources(result.partials);
  const rule = await removalRule(ctx.store, runId, result);
  // A bucket: one listing gives every file's content tag, so unchanged files cost no request at all.
  const bucket = listingStore(ctx.store);
  const listed = bucket && (await bucket.listTagged(''));
  const changes =
    bucket && listed
      ? await promoteListed(bucket, runId, current, previous, listed)
      : await promote(ctx.store, runId, current, previous);
  await carryOver(ctx.store, current, previous, rule, listed);
  await removeGone(ctx.store, current, previous, rule, changes, listed);
  const manifest = buildManifest({ ...result, current, listedCompletely: new Set(rule.present.keys()) });
  await writeJson(ctx.store, MANIFEST_KEY, manifest);
  const stamp: RunStamp = {
    schemaVersion: 1,
    runId,
    exportTime: new Date(ctx.clock.now()).toISOString(),
    complete: manifest.complete,
    ...(run.changeTracking
      ? { changeTracking: changeTracking(run.changeTracking, result.partials, current) }
      : {}),
  };
  await writeJson(ctx.store, RUN_STAMP_KEY, stamp);
  await ctx.store.delete(stagingKey(runId));
  return summarize(runId, manifest, sortChanges(changes), stamp.changeTracking);
}

/**
 * The plan's decision with the fingerprints of the resources this run exported whole (the first batch to
 * export one wins, as in the manifest), for the next incremental run. Carried-over resources have none.
 */
function changeTracking(
  planned: NonNullable<RunRecord['changeTracking']>,
  partials: readonly PartialManifest[],
  current: Current,
): ChangeTracking {
  const fingerprints: Record<string, string> = {};
  const seen = new Set<string>();
  for (const p of partials)
    for (const r of p.resources) {
      const key = resourceKey(r.type, r.id);
      if (seen.has(key)) continue;
      seen.add(key);
      const fp = p.fingerprints?.[r.id];
      if (fp !== undefined && current.get(key)?.carriedOver !== true) fingerprints[key] = fp;
    }
  const sorted = Object.fromEntries(Object.entries(fingerprints).sort(([a], [b]) => (a < b ? -1 : 1)));
  const reused = partials.reduce((n, p) => n + (p.reused ?? 0), 0);
  return { ...planned, reused, fingerprints: sorted };
}

/** A second finalize of a run that already wrote the snapshot (its staging is gone) reports the same. */
async function finalizedBefore(
  store: SnapshotStore,
  runId: string,
  previous: Manifest | undefined,
): Promise<FinalizeOutput> {
  const stamp = await readJson<RunStamp>(store, RUN_STAMP_KEY);
  if (previous && stamp?.runId === runId) return summarize(runId, previous, []);
  throw new InvariantError(`run ${runId} has no plan record and no manifest`);
}

/**
 * Which files of earlier runs this run may remove. A resource gone from the org (absent from a complete
 * listing of its type) is removed whatever else happened in the run. A resource that still exists but is
 * no longer selected (it was only referenced) is removed only by a complete run that selected from whole
 * listings.
 */
export interface RemovalRule {
  /** The IDs present in the org of each type listed completely this run. */
  readonly present: ReadonlyMap<string, ReadonlySet<string>>;
  removable(type: string, id: string): boolean;
}

export async function removalRule(
  store: SnapshotStore,
  runId: string,
  result: RunResult,
): Promise<RemovalRule> {
  const { run } = result;
  const listed = Object.values(run.types)
    .filter((s) => s.listedCompletely)
    .map((s) => s.type);
  const present = new Map<string, ReadonlySet<string>>();
  for (const type of listed) present.set(type, await loadPresentIds(store, runId, type));
  const removeUnselected = new Set(everyTypeComplete(result) && wholeSelection(run) ? listed : []);
  return {
    present,
    removable: (type, id) => removeUnselected.has(type) || (present.has(type) && !present.get(type)?.has(id)),
  };
}

/** The run selected from whole listings: no `--resourceIds`, no name filters. */
const wholeSelection = (run: RunRecord) =>
  run.options.resourceIds.length === 0 && !hasNameFilters(run.options);

/**
 * Moves staged files into the snapshot (a file with the same bytes is left untouched) and returns the
 * resources added or changed. In parallel: on S3 each file is a GET, a GET and a copy.
 */
export async function promote(
  store: SnapshotStore,
  runId: string,
  current: ReadonlyMap<string, ManifestResource>,
  previous: Manifest | undefined,
): Promise<ResourceChange[]> {
  const changedIds = new Set<string>();
  await mapLimit([...current.values()], PROMOTE_CONCURRENCY, async (r) => {
    for (const path of filesOf(r)) {
      const staged = stagedFileKey(runId, path);
      const next = await store.read(staged);
      if (next === undefined) continue;
      const old = await store.read(path);
      if (sameBytes(old, next)) await store.delete(staged);
      else {
        await store.move(staged, path);
        changedIds.add(resourceKey(r.type, r.id));
      }
    }
  });
  return changesOf(current, previous, changedIds);
}

/**
 * `promote` on a bucket, given the listing of the snapshot (staging included) with content tags: a staged
 * file whose tag equals the snapshot file's is left for the staging's bulk delete; the others are copied
 * on the server, in parallel. No file is read.
 */
export async function promoteListed(
  store: SnapshotStore & ListingStore,
  runId: string,
  current: ReadonlyMap<string, ManifestResource>,
  previous: Manifest | undefined,
  listed: ReadonlyMap<string, string>,
): Promise<ResourceChange[]> {
  const changedIds = new Set<string>();
  const copies: Array<{ from: string; to: string }> = [];
  for (const r of current.values())
    for (const path of filesOf(r)) {
      const staged = stagedFileKey(runId, path);
      const tag = listed.get(staged);
      if (tag === undefined) continue;
      if (tag && listed.get(path) === tag) continue;
      copies.push({ from: staged, to: path });
      changedIds.add(resourceKey(r.type, r.id));
    }
  await mapLimit(copies, PROMOTE_CONCURRENCY, (c) => store.copy(c.from, c.to));
  return changesOf(current, previous, changedIds);
}

function changesOf(
  current: ReadonlyMap<string, ManifestResource>,
  previous: Manifest | undefined,
  changedIds: ReadonlySet<string>,
): ResourceChange[] {
  const prevByKey = new Map((previous?.resources ?? []).map((r) => [resourceKey(r.type, r.id), r]));
  const changes: ResourceChange[] = [];
  for (const r of current.values()) {
    const prev = prevByKey.get(resourceKey(r.type, r.id));
    if (!prev) changes.push({ type: r.type, id: r.id, name: r.name, change: 'added' });
    else if (changedIds.has(resourceKey(r.type, r.id)) || prev.path !== r.path)
      changes.push({ type: r.type, id: r.id, name: r.name, change: 'changed' });
  }
  return changes;
}

const filesOf = (r: ManifestResource): string[] => [r.path, r.definitionPath].filter((p): p is string => !!p);

/**
 * Resources of earlier runs the rule does not remove stay in the snapshot, flagged as carried over; a
 * resource exported without its flow definition this time keeps the earlier one. Checked in parallel: on
 * S3 each check is a request.
 */
export async function carryOver(
  store: SnapshotStore,
  current: Current,
  previous: Manifest | undefined,
  rule: RemovalRule,
  listed?: ReadonlyMap<string, string>,
): Promise<void> {
  const exists = async (key: string) => (listed ? listed.has(key) : (await store.read(key)) !== undefined);
  await mapLimit(previous?.resources ?? [], PROMOTE_CONCURRENCY, async (prev) => {
    const key = resourceKey(prev.type, prev.id);
    const now = current.get(key);
    if (now) {
      if (!now.definitionPath && prev.definitionPath && (await exists(prev.definitionPath)))
        current.set(key, { ...now, definitionPath: prev.definitionPath });
    } else if (!rule.removable(prev.type, prev.id) && (await exists(prev.path)))
      current.set(key, { ...prev, carriedOver: true });
  });
}

/**
 * Removes the files of completely listed types that no current resource owns and the rule lets go (gone
 * from the org, or an old format), adding a `removed` change for each resource that went.
 */
export async function removeGone(
  store: SnapshotStore,
  current: ReadonlyMap<string, ManifestResource>,
  previous: Manifest | undefined,
  rule: RemovalRule,
  changes: ResourceChange[],
  listed?: ReadonlyMap<string, string>,
): Promise<void> {
  const owned = new Set([...current.values()].flatMap(filesOf));
  const prevByKey = new Map((previous?.resources ?? []).map((r) => [resourceKey(r.type, r.id), r]));
  const bucket = listed && listingStore(store);
  const keysUnder = async (folder: string) =>
    listed ? [...listed.keys()].filter((k) => k.startsWith(`${folder}/`)).sort() : store.list(folder);
  const gone: string[] = [];
  for (const type of [...rule.present.keys()].sort()) {
    const t = requireType(type);
    for (const key of await keysUnder(t.folder)) {
      if (owned.has(key)) continue;
      const id = idOfFile(t, key);
      if (!rule.removable(type, id)) continue;
      gone.push(key);
      if (!current.has(resourceKey(type, id)) && !changes.some((c) => c.type === type && c.id === id))
        changes.push({ type, id, name: prevByKey.get(resourceKey(type, id))?.name ?? id, change: 'removed' });
    }
  }
  // On a bucket each file is one DeleteObject, in parallel; a folder deletes one by one, pruning folders.
  if (bucket) await mapLimit(gone, PROMOTE_CONCURRENCY, (k) => bucket.deleteObject(k));
  else for (const k of gone) await store.delete(k);
}

function summarize(
  runId: string,
  m: Manifest,
  changes: ResourceChange[],
  tracking?: ChangeTracking,
): FinalizeOutput {
  const counts: Record<string, number> = {};
  const byReference: Record<string, number> = {};
  for (const [type, s] of Object.entries(m.types)) {
    counts[type] = s.count;
    if (s.byReference) byReference[type] = s.byReference;
  }
  return {
    runId,
    complete: m.complete,
    counts,
    skipped: m.skipped,
    errors: m.errors.length,
    changes,
    manifestKey: MANIFEST_KEY,
    byReference,
    notFound: m.notFound ?? [],
    ...(tracking
      ? {
          tracking: {
            mode: tracking.mode,
            ...(tracking.reason ? { reason: tracking.reason } : {}),
            ...(tracking.baseRun ? { baseRun: tracking.baseRun } : {}),
            reused: tracking.reused,
          },
        }
      : {}),
  };
}
