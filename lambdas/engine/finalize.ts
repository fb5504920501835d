/**
 * Step 3 of the workflow: merge the partial manifests, promote staged files into the snapshot, remove
 * files only of types listed completely whose resources are gone, order the import, and write the
 * manifest last. Safe to run twice: a second run finds nothing staged and rewrites the same manifest.
 */

import { CATALOG, requireType, typeByName } from './catalog/index.ts';
import { type ResourceChange, sortChanges } from './changes.ts';
import { mapLimit } from './concurrency.ts';
import type { StoreContext } from './context.ts';
import { hasNameFilters } from './filters.ts';
import { planImport } from './graph.ts';
import type { ExportIssue, Manifest, ManifestResource, RunRecord, TypeOutcome } from './model.ts';
import { MANIFEST_KEY, RUN_STAMP_KEY, type RunStamp, resourceKey, stagingKey } from './model.ts';
import { compare } from './normalize.ts';
import { presentKey } from './plan.ts';
import { loadPartials } from './resolve.ts';
import { readJson, writeJson } from './storage/types.ts';

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
}

const PROMOTE_CONCURRENCY = 32;

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  !!a && !!b && Buffer.from(a).equals(Buffer.from(b));

export async function finalizeExport(ctx: StoreContext, runId: string): Promise<FinalizeOutput> {
  const run = await readJson<RunRecord>(ctx.store, stagingKey(runId, 'run.json'));
  const previous = await readJson<Manifest>(ctx.store, MANIFEST_KEY);
  if (!run) {
    const stamp = await readJson<RunStamp>(ctx.store, RUN_STAMP_KEY);
    if (previous && stamp?.runId === runId) return summarize(runId, previous, [], MANIFEST_KEY);
    throw new Error(`run ${runId} has no plan record and no manifest`);
  }
  const partials = await loadPartials(ctx, runId);
  const errors: ExportIssue[] = partials.flatMap((p) => p.errors);
  const failedTypes = new Set(partials.filter((p) => p.failed).map((p) => p.type));
  const outcome = (type: string): TypeOutcome => {
    const s = run.types[type];
    if (s?.outcome === 'skipped' || s?.outcome === 'failed') return s.outcome;
    if (failedTypes.has(type)) return 'failed';
    if (s?.outcome === 'partial' || partials.some((p) => p.type === type && p.errors.length))
      return 'partial';
    return 'complete';
  };

  const current = new Map<string, ManifestResource>();
  for (const p of partials)
    for (const r of p.resources)
      if (!current.has(resourceKey(r.type, r.id))) current.set(resourceKey(r.type, r.id), r);

  // Removal rule. A resource gone from the org (absent from a complete listing of its type) is removed
  // whatever else happened in the run. A resource that still exists but is no longer selected (it was
  // only referenced) is removed only by a complete run that selected from whole listings.
  const typesInRun = new Set([...Object.keys(run.types), ...partials.map((p) => p.type)]);
  const runComplete = [...typesInRun].every((type) => outcome(type) === 'complete');
  const listedTypes = Object.values(run.types)
    .filter((s) => s.listedCompletely)
    .map((s) => s.type);
  const present = new Map<string, Set<string>>();
  for (const type of listedTypes)
    present.set(type, new Set((await readJson<string[]>(ctx.store, presentKey(runId, type))) ?? []));
  const wholeSelection = run.options.resourceIds.length === 0 && !hasNameFilters(run.options);
  const removeUnselected = new Set(runComplete && wholeSelection ? listedTypes : []);
  const removable = (type: string, id: string) =>
    removeUnselected.has(type) || (present.has(type) && !present.get(type)?.has(id));

  const changes: ResourceChange[] = [];
  const prevByKey = new Map((previous?.resources ?? []).map((r) => [resourceKey(r.type, r.id), r]));
  const changedIds = new Set<string>();
  // Promote staged files in parallel: on S3 each is a GET, a GET and a copy.
  await mapLimit([...current.values()], PROMOTE_CONCURRENCY, async (r) => {
    for (const path of [r.path, r.definitionPath].filter((p): p is string => !!p)) {
      const staged = stagingKey(runId, 'files', path);
      const next = await ctx.store.read(staged);
      if (next === undefined) continue;
      const old = await ctx.store.read(path);
      if (sameBytes(old, next)) await ctx.store.delete(staged);
      else {
        await ctx.store.move(staged, path);
        changedIds.add(resourceKey(r.type, r.id));
      }
    }
  });
  for (const r of current.values()) {
    const prev = prevByKey.get(resourceKey(r.type, r.id));
    if (!prev) changes.push({ type: r.type, id: r.id, name: r.name, change: 'added' });
    else if (changedIds.has(resourceKey(r.type, r.id)) || prev.path !== r.path)
      changes.push({ type: r.type, id: r.id, name: r.name, change: 'changed' });
  }

  // Resources of earlier runs: kept unless their type was listed completely this run (checked in
  // parallel: on S3 each check is a request).
  const exists = async (key: string) => (await ctx.store.read(key)) !== undefined;
  await mapLimit(previous?.resources ?? [], PROMOTE_CONCURRENCY, async (prev) => {
    const key = resourceKey(prev.type, prev.id);
    const now = current.get(key);
    if (now) {
      if (!now.definitionPath && prev.definitionPath && (await exists(prev.definitionPath)))
        current.set(key, { ...now, definitionPath: prev.definitionPath });
    } else if (!removable(prev.type, prev.id) && (await exists(prev.path)))
      current.set(key, { ...prev, carriedOver: true });
  });

  // Remove files of removable types that no current resource owns (gone from the org, or an old format).
  const owned = new Set(
    [...current.values()].flatMap((r) => [r.path, r.definitionPath].filter((p): p is string => !!p)),
  );
  for (const type of [...present.keys()].sort()) {
    const t = requireType(type);
    for (const key of await ctx.store.list(t.folder)) {
      if (owned.has(key)) continue;
      const id = key.slice(t.folder.length + 1).replace(/\.(definition\.yaml|json|yaml)$/, '');
      if (!removable(type, id)) continue;
      const prev = prevByKey.get(resourceKey(type, id));
      await ctx.store.delete(key);
      if (!current.has(resourceKey(type, id)) && !changes.some((c) => c.type === type && c.id === id)) {
        changes.push({ type, id, name: prev?.name ?? id, change: 'removed' });
      }
    }
  }

  const resources = [...current.values()].sort((a, b) => compare(a.type, b.type) || compare(a.id, b.id));
  const rank = new Map(CATALOG.map((t) => [t.name, t.rank]));
  const plan = planImport(
    resources.map((r) => ({
      key: resourceKey(r.type, r.id),
      rank: rank.get(r.type) ?? 99,
      name: r.name,
      dependsOn: r.dependsOn.filter((d) => current.has(d)),
    })),
  );

  const filteredOut = new Set(partials.flatMap((p) => p.filteredOut ?? []));
  const unresolvedReferences: Array<{ from: string; to: string; reason: string }> = [];
  for (const r of resources) {
    if (r.carriedOver) continue;
    for (const d of r.dependsOn) {
      if (current.has(d)) continue;
      const type = d.slice(0, d.indexOf('/'));
      const s = run.types[type];
      const reason =
        s?.outcome === 'skipped'
          ? `type ${type} skipped: ${s.reason}`
          : s?.outcome === 'failed'
            ? `type ${type} failed`
            : filteredOut.has(d)
              ? 'left out by a name filter (--include/--exclude)'
              : run.options.followReferences === false
                ? 'not followed (--followReferences=false)'
                : 'not found in the organization';
      unresolvedReferences.push({ from: resourceKey(r.type, r.id), to: d, reason });
    }
    for (const x of r.externalReferences ?? [])
      unresolvedReferences.push({
        from: resourceKey(r.type, r.id),
        to: x,
        reason: `type ${x.slice(0, x.indexOf('/'))} is not exported by cx-export`,
      });
  }

  const skipped = Object.values(run.types)
    .filter((s) => s.outcome === 'skipped')
    .map((s) => ({
      type: s.type,
      reason: s.reason ?? 'skipped',
      ...(s.permissions ? { permissions: s.permissions } : {}),
    }));
  for (const s of Object.values(run.types))
    if (s.outcome === 'failed' || s.outcome === 'partial')
      errors.push({ type: s.type, message: s.reason ?? s.outcome });

  const types: Manifest['types'] = {};
  const typeNames = new Set([...Object.keys(run.types), ...resources.map((r) => r.type)]);
  for (const type of [...typeNames].sort()) {
    if (!typeByName(type)) continue;
    types[type] = {
      outcome: outcome(type),
      count: resources.filter((r) => r.type === type).length,
      byReference: partials
        .filter((p) => p.type === type && (p.round ?? 0) > 0)
        .reduce((n, p) => n + p.resources.length, 0),
      changedDuringListing: run.types[type]?.changedDuringListing ?? false,
      listedCompletely: present.has(type),
    };
  }
  const removalsNotRecorded = [...typeNames]
    .filter((type) => typeByName(type) && !present.has(type))
    .sort()
    .map((type) => ({ type, reason: notListedReason(run.types[type]) }));
  const complete =
    skipped.length === 0 &&
    errors.length === 0 &&
    (run.notFound ?? []).length === 0 &&
    // A reference is unresolved by the run only when its type was skipped or failed; a resource not found
    // in the org, or of a type cx-export does not export, is a fact about the org, reported as such.
    !unresolvedReferences.some(
      (u) =>
        run.types[u.to.slice(0, u.to.indexOf('/'))]?.outcome === 'skipped' ||
        run.types[u.to.slice(0, u.to.indexOf('/'))]?.outcome === 'failed',
    );

  const manifest: Manifest = {
    schemaVersion: 1,
    organizationId: run.organization.id,
    organizationName: run.organization.name,
    options: run.options,
    complete,
    types,
    resources,
    importOrder: [...plan.order],
    cycles: plan.cycles,
    skipped,
    errors: errors.sort(
      (a, b) => compare(a.type, b.type) || compare(a.id ?? '', b.id ?? '') || compare(a.message, b.message),
    ),
    unresolvedReferences,
    notFound: run.notFound ?? [],
    removalsNotRecorded,
  };
  await writeJson(ctx.store, MANIFEST_KEY, manifest);
  const stamp: RunStamp = {
    schemaVersion: 1,
    runId,
    exportTime: new Date(ctx.clock.now()).toISOString(),
    complete,
  };
  await writeJson(ctx.store, RUN_STAMP_KEY, stamp);
  await ctx.store.delete(stagingKey(runId));
  sortChanges(changes);
  return summarize(runId, manifest, changes, MANIFEST_KEY);
}

function notListedReason(s: RunRecord['types'][string] | undefined): string {
  if (!s) return 'not listed this run';
  if (s.outcome === 'skipped' || s.outcome === 'failed') return `type ${s.outcome}: ${s.reason ?? ''}`.trim();
  if (s.reason) return s.reason;
  return 'read by ID (--resourceIds), not listed';
}

function summarize(
  runId: string,
  m: Manifest,
  changes: ResourceChange[],
  manifestKey: string,
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
    manifestKey,
    byReference,
    notFound: m.notFound ?? [],
  };
}
