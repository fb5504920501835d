/**
 * Between rounds of batches: find references to resources not exported yet and plan batches for them,
 * so that every referenced resource of any type is in the snapshot (followed transitively). Resources
 * already in a complete listing are taken from it; the rest are read by ID.
 */
import { requireType } from './catalog/index.ts';
import type { Entity } from './catalog/types.ts';
import type { StoreContext } from './context.ts';
import type { BatchDescriptor, PartialManifest, RunRecord } from './model.ts';
import { resourceKey, stagingKey } from './model.ts';
import { batchSize, listingKey, stageBatches } from './plan.ts';
import { readJson, writeJson } from './storage/types.ts';

export interface ResolveOutput {
  readonly runId: string;
  readonly round: number;
  readonly batches: BatchDescriptor[];
}

export const MAX_ROUNDS = 25;

export async function loadPartials(ctx: StoreContext, runId: string): Promise<PartialManifest[]> {
  const keys = await ctx.store.list(stagingKey(runId, 'batches'));
  const out: PartialManifest[] = [];
  for (const k of keys) {
    const p = await readJson<PartialManifest>(ctx.store, k);
    if (p) out.push(p);
  }
  return out.sort((a, b) => (a.batchId < b.batchId ? -1 : 1));
}

export async function resolveReferences(
  ctx: StoreContext,
  runId: string,
  round: number,
): Promise<ResolveOutput> {
  const run = await readJson<RunRecord>(ctx.store, stagingKey(runId, 'run.json'));
  if (!run) throw new Error(`run ${runId} has no plan record`);
  if (run.options.followReferences === false) return { runId, round: round + 1, batches: [] };
  const partials = await loadPartials(ctx, runId);
  const exported = new Set<string>();
  const wanted = new Set<string>();
  for (const p of partials) for (const r of p.resources) exported.add(resourceKey(r.type, r.id));
  // Left out by a name filter: not asked for again.
  for (const p of partials) for (const k of p.filteredOut ?? []) exported.add(k);
  for (const p of partials)
    for (const r of p.resources) for (const d of r.dependsOn) if (!exported.has(d)) wanted.add(d);
  // IDs already asked for in an earlier round and not found stay unresolved; do not ask again.
  const asked = new Set<string>();
  for (let r = 1; r <= round; r++)
    for (const k of (await readJson<string[]>(ctx.store, stagingKey(runId, 'rounds', `${r}.json`))) ?? [])
      asked.add(k);

  const byType = new Map<string, string[]>();
  for (const key of [...wanted].sort()) {
    if (asked.has(key)) continue;
    const slash = key.indexOf('/');
    const type = key.slice(0, slash);
    const status = run.types[type];
    if (status?.outcome === 'skipped' || status?.outcome === 'failed') continue;
    const ids = byType.get(type) ?? [];
    ids.push(key.slice(slash + 1));
    byType.set(type, ids);
  }

  const next = round + 1;
  const batches: BatchDescriptor[] = [];
  if (next > MAX_ROUNDS) return { runId, round: next, batches };
  for (const [type, ids] of byType) {
    const t = requireType(type);
    const status = run.types[type];
    let fromListing: Entity[] = [];
    let toFetch = ids;
    if (status?.listedCompletely) {
      // The type was listed this run: referenced resources are in the listing (inactive or system ones
      // were only left out of the selection), or, if the listing covered everything, do not exist.
      const listing = (await readJson<Entity[]>(ctx.store, listingKey(runId, type))) ?? [];
      const byId = new Map(listing.map((e) => [String(e.id), e]));
      fromListing = ids.map((id) => byId.get(id)).filter((e): e is Entity => !!e);
      toFetch = status.listingCoversAll ? [] : ids.filter((id) => !byId.has(id));
    }
    const roundTag = `-r${String(next).padStart(2, '0')}`;
    batches.push(
      ...(await stageBatches(ctx, runId, type, 'listing', `${roundTag}-l`, fromListing, batchSize(t), next)),
    );
    batches.push(
      ...(await stageBatches(
        ctx,
        runId,
        type,
        'ids',
        `${roundTag}-f`,
        toFetch,
        Math.min(batchSize(t), 100),
        next,
      )),
    );
  }
  await writeJson(
    ctx.store,
    stagingKey(runId, 'rounds', `${next}.json`),
    [...byType].flatMap(([type, ids]) => ids.map((id) => `${type}/${id}`)),
    true,
  );
  if (batches.length) ctx.emit?.({ kind: 'planned', batches: batches.length, round: next });
  return { runId, round: next, batches };
}
