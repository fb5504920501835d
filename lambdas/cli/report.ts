/**
 * The pieces every run report shares, written once: the exit codes and what a run's outcome maps to, the
 * resource total, and the per-type count table (`export run`'s summary, the demo, `export runs`/`status`).
 */
import { errorMessage } from '../engine/errors.ts';
import type { RunOutcome } from '../engine/run-record.ts';

export const EXIT = { complete: 0, failed: 1, usage: 2, partial: 3, interrupted: 130 } as const;

/** 0 complete, 3 partial, 1 failed. */
export function exitCodeFor(outcome: RunOutcome): number {
  if (outcome === 'complete') return EXIT.complete;
  if (outcome === 'partial') return EXIT.partial;
  return EXIT.failed;
}

/** How a snapshot is described in a summary: `complete` or `PARTIAL`. */
export function snapshotKind(complete: boolean): string {
  return complete ? 'complete' : 'PARTIAL';
}

/** All resources of a run, over every type. */
export function totalResources(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** One line per type, `  <type padded to 30> <count right-aligned in 6>`, in the counts' own order. */
export function countLines(counts: Readonly<Record<string, number>>): string[] {
  return Object.entries(counts).map(([type, n]) => `  ${type.padEnd(30)} ${String(n).padStart(6)}`);
}

/** The first line of an error's message: what a failed command prints after `error:`. */
export function describeFailure(err: unknown): string {
  return errorMessage(err).split('\n')[0] ?? 'unknown error';
}
