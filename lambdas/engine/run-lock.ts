/**
 * One AWS workflow run at a time: the Scheduler delivers at least once and `export start` may start a run
 * beside the nightly one, and both would work on the same snapshot. The first step takes a lock object
 * with a conditional write (absent, or an expired lock still at the version read); the last step, or the
 * failure path, removes it. A lock past its expiry (the state machine's timeout) is stale and taken over.
 */
import { RunActiveError } from './errors.ts';
import { RUN_LOCK_KEY } from './keys.ts';
import type { ConditionalStore, SnapshotStore } from './storage/types.ts';
import { readJson } from './storage/types.ts';

export interface RunLock {
  readonly schemaVersion: 1;
  /** The execution holding the lock (a retried step of the same execution takes it again). */
  readonly holder: string;
  readonly runId: string;
  readonly acquiredAt: string;
  readonly expiresAt: string;
}

/** A store that can take the lock, when it supports conditional writes. */
export function conditionalStore(store: SnapshotStore): (SnapshotStore & ConditionalStore) | undefined {
  const s = store as Partial<ConditionalStore>;
  return typeof s.writeIf === 'function' && typeof s.readTagged === 'function'
    ? (store as SnapshotStore & ConditionalStore)
    : undefined;
}

const parse = (data: Uint8Array): RunLock => JSON.parse(Buffer.from(data).toString('utf8')) as RunLock;

/** Takes the lock for `holder`, or throws RunActiveError naming the run that holds it. */
export async function acquireRunLock(
  store: ConditionalStore,
  lock: { holder: string; runId: string; nowMs: number; ttlMs: number },
): Promise<void> {
  const body = `${JSON.stringify({
    schemaVersion: 1,
    holder: lock.holder,
    runId: lock.runId,
    acquiredAt: new Date(lock.nowMs).toISOString(),
    expiresAt: new Date(lock.nowMs + lock.ttlMs).toISOString(),
  } satisfies RunLock)}\n`;
  // A lost race re-reads once: the winner's lock then refuses this run with its name.
  for (let attempt = 0; attempt < 2; attempt++) {
    const current = await store.readTagged(RUN_LOCK_KEY);
    if (!current) {
      if (await store.writeIf(RUN_LOCK_KEY, body, { absent: true })) return;
      continue;
    }
    const held = parse(current.data);
    if (held.holder !== lock.holder && Date.parse(held.expiresAt) > lock.nowMs)
      throw new RunActiveError(
        `another run is active: ${held.runId} (${held.holder}), started ${held.acquiredAt}; this run does not start`,
      );
    if (await store.writeIf(RUN_LOCK_KEY, body, { tag: current.tag })) return;
  }
  throw new RunActiveError('another run took the run lock at the same time; this run does not start');
}

/** Removes the lock if `holder` holds it; true if it did. */
export async function releaseRunLock(store: SnapshotStore, holder: string): Promise<boolean> {
  const held = await readJson<RunLock>(store, RUN_LOCK_KEY);
  if (held?.holder !== holder) return false;
  await store.delete(RUN_LOCK_KEY);
  return true;
}

/** The lock of a run that may still be active, if any. */
export async function activeRunLock(store: SnapshotStore, nowMs: number): Promise<RunLock | undefined> {
  const held = await readJson<RunLock>(store, RUN_LOCK_KEY);
  return held && Date.parse(held.expiresAt) > nowMs ? held : undefined;
}
