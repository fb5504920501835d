/**
 * Runs the workflow's steps in-process, the way the state machine runs them on AWS: plan, then rounds of
 * batches (each batch retried once, as the Map's Retry does) with reference resolution between rounds,
 * then finalize.
 */
import { exportBatch } from './batch.ts';
import { mapLimit } from './concurrency.ts';
import type { EngineContext } from './context.ts';
import { DEFAULT_CONCURRENCY } from './defaults.ts';
import { type FinalizeOutput, finalizeExport } from './finalize.ts';
import type { ChangeRequest } from './incremental.ts';
import type { BatchDescriptor, BatchResult, ExportOptions } from './model.ts';
import { planExport } from './plan.ts';
import { resolveReferences } from './resolve.ts';

export interface RunOutput extends FinalizeOutput {
  readonly batches: number;
  readonly rounds: number;
}

export async function runExport(
  ctx: EngineContext,
  options: ExportOptions,
  batchConcurrency = DEFAULT_CONCURRENCY,
  runId?: string,
  changes?: ChangeRequest,
): Promise<RunOutput> {
  const plan = await planExport(ctx, options, runId, changes);
  let batches: BatchDescriptor[] = plan.batches;
  let total = 0;
  let round = 0;
  for (;;) {
    total += batches.length;
    await mapLimit(batches, batchConcurrency, async (b): Promise<BatchResult> => {
      try {
        return await exportBatch(ctx, b);
      } catch {
        return exportBatch(ctx, b);
      }
    });
    const next = await resolveReferences(ctx, plan.runId, round);
    round = next.round;
    if (next.batches.length === 0) break;
    batches = next.batches;
  }
  ctx.emit?.({ kind: 'finalizing', runId: plan.runId });
  const final = await finalizeExport(ctx, plan.runId);
  return { ...final, batches: total, rounds: round };
}
