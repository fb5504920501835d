/**
 * Ctrl-C and SIGTERM during `export run`: before finalize, the run stops writing, its staging is removed
 * and the earlier snapshot stays as it was; once finalize has started it completes (stopping half-way
 * would leave a mix of two runs), then the command stops before publishing.
 */

import { StorageError } from '../engine/errors.ts';
import type { SnapshotStore } from '../engine/storage/types.ts';

/** A store that can be closed: operations under way settle, later ones are refused. */
export class ClosableStore implements SnapshotStore {
  private closed = false;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly inner: SnapshotStore) {}

  get location(): string {
    return this.inner.location;
  }

  /** Refuses every later operation and waits for those under way. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.pending]);
  }

  private track<T>(op: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StorageError('the run was interrupted'));
    const p = op();
    this.pending.add(p);
    const done = () => this.pending.delete(p);
    p.then(done, done);
    return p;
  }

  read(key: string) {
    return this.track(() => this.inner.read(key));
  }
  write(key: string, data: Uint8Array | string) {
    return this.track(() => this.inner.write(key, data));
  }
  delete(key: string) {
    return this.track(() => this.inner.delete(key));
  }
  list(prefix: string) {
    return this.track(() => this.inner.list(prefix));
  }
  move(from: string, to: string) {
    return this.track(() => this.inner.move(from, to));
  }
}

export type Interrupted = { readonly interrupted: true };

/** Resolves when the signal aborts (never, without a signal). */
export function whenAborted(signal: AbortSignal | undefined): Promise<Interrupted> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) return resolve({ interrupted: true });
    signal.addEventListener('abort', () => resolve({ interrupted: true }), { once: true });
  });
}
