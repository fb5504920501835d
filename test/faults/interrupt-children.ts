/**
 * What the interruption matrix's child processes share (test code only): a report channel to the parent
 * (fd 3), a gate that holds finalize part-way, and the state machine's path run step by step.
 */
import { writeSync } from 'node:fs';
import { mapLimit } from '../../lambdas/engine/concurrency.ts';
import type { HandlerDeps } from '../../lambdas/handlers/runtime.ts';
import {
  type ExecutionInput,
  exportBatchStep,
  type FinalizeResult,
  finalizeStep,
  planStep,
  type RunState,
  resolveStep,
} from '../../lambdas/handlers/steps.ts';

/** One JSON line to the parent on fd 3, when the parent opened it (never on stdout/stderr). */
export function report(message: Record<string, unknown>): void {
  try {
    writeSync(3, `${JSON.stringify(message)}\n`);
  } catch {
    /* run by hand: no report pipe */
  }
}

/**
 * Holds every `move` (or, on S3, `copy`) of a store from the n-th on, and reports `{ gate: 'finalize' }`
 * when the n-th starts. Finalize promotes each changed staged file with `move` in a folder and `copy` in a
 * bucket (nothing else does), so the parent then knows, without timing, that finalize is under way with
 * exactly n-1 files promoted and the manifest not written. With `openOnSignal`, a SIGINT/SIGTERM opens the
 * gate (the CLI completes a finalize it has started).
 */
export function gateMoves(
  proto: { move(from: string, to: string): Promise<void>; copy?(from: string, to: string): Promise<void> },
  n: number,
  openOnSignal: boolean,
  method: 'move' | 'copy' = 'move',
): void {
  const original = proto[method] as (from: string, to: string) => Promise<void>;
  let calls = 0;
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  if (openOnSignal) {
    const release = () => setImmediate(open);
    process.once('SIGINT', release);
    process.once('SIGTERM', release);
  }
  // Promotion runs in parallel: the gate reports once the n-1 earlier calls have finished.
  const earlier: Promise<void>[] = [];
  proto[method] = async function (this: unknown, from: string, to: string): Promise<void> {
    calls++;
    if (calls >= n) {
      if (calls === n) {
        await Promise.all(earlier);
        report({ gate: 'finalize', promoted: n - 1 });
      }
      await opened;
      return original.call(this, from, to);
    }
    const done = original.call(this, from, to);
    earlier.push(done.catch(() => {}));
    return done;
  };
}

export type StepName = 'Plan' | 'ExportBatch' | 'Resolve' | 'Finalize';

const RETRIED = new Set(['StorageError', 'NetworkError']);

/**
 * The state machine's path with the same step functions its Lambdas run: Plan, a Map of ExportBatch (4 at
 * once, each retried once on StorageError/NetworkError as the Map's Retry does), Resolve, more batches while
 * Resolve finds any, Finalize. `enter` gets each state's input: what a Catch hands to RecordFailure.
 */
export async function runSteps(
  deps: HandlerDeps,
  input: ExecutionInput,
  enter: (state: StepName, input: ExecutionInput | RunState) => void = () => {},
): Promise<FinalizeResult> {
  enter('Plan', input);
  let state = await planStep(input, deps);
  for (;;) {
    enter('ExportBatch', state);
    await mapLimit(state.batches, 4, async (b) => {
      try {
        return await exportBatchStep(b, deps);
      } catch (err) {
        if (!RETRIED.has((err as Error).name)) throw err;
        return exportBatchStep(b, deps);
      }
    });
    enter('Resolve', state);
    state = await resolveStep(state, deps);
    if (state.batches.length === 0) break;
  }
  enter('Finalize', state);
  return finalizeStep(state, deps);
}
