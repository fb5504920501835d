/**
 * Between rounds of batches: find references to resources not exported yet and plan batches for them,
 * so that every referenced resource of any type is in the snapshot (followed transitively). Resources
 * already in a complete listing are taken from it; the rest are read by ID.
 */
import { batchSize, idBatchSize, stageBatches } from './batching.ts';
import { requireType } from './catalog/index.ts';
import type { Entity } from './catalog/types.ts';
import type { StoreContext } from './context.ts';
import { listingKey, requireResourceKey, resourceKey, roundKey } from './keys.ts';
import type { BatchDescriptor, PartialManifest, RunRecord } from './model.ts';
import { loadPartials, loadPlanRecord } from './staged.ts';
import { readJson, writeJson } from './storage/types.ts';

export interface ResolveOutput {
  readonly runId: string;
  readonly round: number;
  readonly batches: BatchDescriptor[];
}

export const MAX_ROUNDS = 25;

export async function resolveReferences(
  ctx: StoreContext,
  runId: string,
  round: number,
): Promise<ResolveOutput> {
  const run = await loadPlanRecord(ctx.store, runId);
  if (run.options.followReferences === false) return { runId, round: round + 1, batches: [] };
  const wanted = referencedNotExported(await loadPartials(ctx.store, runId));
  const asked = await askedBefore(ctx, runId, round);
  const byType = wantedByType(
    run,
    [...wanted].filter((key) => !asked.has(key)),
  );

  const next = round + 1;
  const batches: BatchDescriptor[] = [];
  if (next > MAX_ROUNDS) return { runId, round: next, batches };
  for (const [type, ids] of byType)
    batches.push(...(await stageReferenced(ctx, runId, run, type, ids, next)));
  await writeJson(
    ctx.store,
    roundKey(runId, next),
    [...byType].flatMap(([type, ids]) => ids.map((id) => resourceKey(type, id))),
    true,
  );
  if (batches.length) ctx.emit?.({ kind: 'planned', batches: batches.length, round: next });
  return { runId, round: next, batches };
}

/** `type/id` keys that exported resources reference and no batch exported (or a name filter left out). */
function referencedNotExported(partials: readonly PartialManifest[]): Set<string> {
  const exported = new Set<string>();
  const wanted = new Set<string>();
  for (const p of partials) for (const r of p.resources) exported.add(resourceKey(r.type, r.id));
  // Left out by a name filter: not asked for again.
  for (const p of partials) for (const k of p.filteredOut ?? []) exported.add(k);
  for (const p of partials)
    for (const r of p.resources) for (const d of r.dependsOn) if (!exported.has(d)) wanted.add(d);
  return wanted;
}

/** IDs already asked for in an earlier round and not found stay unresolved; they are not asked again. */
async function askedBefore(ctx: StoreContext, runId: string, round: number): Promise<Set<string>> {
  const asked = new Set<string>();
  for (let r = 1; r <= round; r++)
    for (const k of (await readJson<string[]>(ctx.store, roundKey(runId, r))) ?? []) asked.add(k);
  return asked;
}

/** Wanted keys grouped by type, in key order, leaving out types the run skipped or failed. */
function wantedByType(run: RunRecord, keys: readonly string[]): Map<string, string[]> {
  const byType = new Map<string, string[]>();
  for (const key of [...keys].sort()) {
    const { type, id } = requireResourceKey(key);
    const status = run.types[type];
    if (status?.outcome === 'skipped' || status?.outcome === 'failed') continue;
    const ids = byType.get(type) ?? [];
    ids.push(id);
    byType.set(type, ids);
  }
  return byType;
}

/** Batches for the referenced resources of one type: from its listing where it has them, else by ID. */
async function stageReferenced(
  ctx: StoreContext,
  runId: string,
  run: RunRecord,
  type: string,
  ids: string[],
  round: number,
): Promise<BatchDescriptor[]> {
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
  const tag = `-r${String(round).padStart(2, '0')}`;
  return [
    ...(await stageBatches(ctx, runId, type, 'listing', `${tag}-l`, fromListing, batchSize(t), round)),
    ...(await stageBatches(ctx, runId, type, 'ids', `${tag}-f`, toFetch, idBatchSize(t), round)),
  ];
}
