/**
 * Cutting what a run exports into batches: the plan cuts each type's selection, reference resolution the
 * resources found by reference. A batch carries only the key of its staged chunk, so the workflow's state
 * stays small however many resources a batch holds.
 */
import type { ResourceTypeDefinition } from './catalog/types.ts';
import type { EngineContext } from './context.ts';
import { batchChunkKey, batchIdOf } from './keys.ts';
import type { BatchDescriptor } from './model.ts';
import { chunk } from './order.ts';
import { writeJson } from './storage/types.ts';

/** Resources per batch: fewer where each resource costs its own requests (sub-resources, definitions). */
export function batchSize(t: ResourceTypeDefinition): number {
  if (t.flowDefinition) return 50;
  if (t.subResources?.length) return 50;
  return 1000;
}

/** IDs per batch read by ID: at most 100, what one request by ID can ask for. */
export const idBatchSize = (t: ResourceTypeDefinition): number => Math.min(batchSize(t), 100);

/**
 * Cuts items into batches of `size`, stages each chunk and returns the descriptors. `tag` tells batches
 * of the same type apart (`-r01-l`: round 1, from the listing).
 */
export async function stageBatches(
  ctx: Pick<EngineContext, 'store' | 'emit'>,
  runId: string,
  type: string,
  kind: BatchDescriptor['source']['kind'],
  tag: string,
  items: readonly unknown[],
  size: number,
  round = 0,
): Promise<BatchDescriptor[]> {
  const out: BatchDescriptor[] = [];
  for (const [i, part] of chunk(items, size).entries()) {
    const batchId = batchIdOf(type, tag, i);
    const key = batchChunkKey(runId, batchId);
    await writeJson(ctx.store, key, part, true);
    out.push({ runId, batchId, type, source: { kind, key }, round });
    ctx.emit?.({ kind: 'staged', type, resources: part.length, round, byId: kind === 'ids' });
  }
  return out;
}
