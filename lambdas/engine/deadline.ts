/**
 * The deadline of the step that runs now (a batch Lambda's remaining time less a margin), on virtual clock
 * milliseconds. Kept in async-local storage so that concurrent steps sharing one Genesys client (local
 * runs) each see their own, and so that the client and the flow export jobs need no extra argument.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from './clock.ts';
import { DeadlineError } from './errors.ts';

const storage = new AsyncLocalStorage<number>();

/** Runs `fn` with a deadline; `undefined` runs it without one. */
export function withDeadline<T>(deadline: number | undefined, fn: () => Promise<T>): Promise<T> {
  return deadline === undefined ? fn() : storage.run(deadline, fn);
}

/** The deadline of the current step, if it has one. */
export const currentDeadline = (): number | undefined => storage.getStore();

/** Whether the current step's deadline has passed: start no new work. */
export function pastDeadline(clock: Clock): boolean {
  const d = currentDeadline();
  return d !== undefined && clock.now() >= d;
}

/** Virtual ms left before the deadline (Infinity without one). */
export function timeLeft(clock: Clock): number {
  const d = currentDeadline();
  return d === undefined ? Number.POSITIVE_INFINITY : d - clock.now();
}

/** Throws a DeadlineError when waiting `ms` would run past the deadline. */
export function assertTimeFor(clock: Clock, ms: number, what: string): void {
  if (ms > timeLeft(clock))
    throw new DeadlineError(`${what}: waiting ${Math.round(ms / 1000)} s would pass the step's deadline`);
}
