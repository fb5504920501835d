/** What every step needs: the API client, the store, a clock and somewhere to report progress. */
import type { Clock } from './clock.ts';
import type { GenesysClient } from './genesys/client.ts';
import type { SnapshotStore } from './storage/types.ts';

export type EngineEvent =
  | { readonly kind: 'warning'; readonly message: string }
  | { readonly kind: 'listed'; readonly type: string; readonly selected: number; readonly pages: number }
  | { readonly kind: 'planned'; readonly batches: number; readonly round: number }
  | {
      readonly kind: 'batch-done';
      readonly type: string;
      readonly exported: number;
      readonly failed: boolean;
    }
  | { readonly kind: 'info'; readonly message: string }
  | { readonly kind: 'finalizing'; readonly runId: string }
  | {
      readonly kind: 'staged';
      readonly type: string;
      readonly resources: number;
      readonly round: number;
      /** Read by ID (not taken from a listing). */
      readonly byId: boolean;
    };

export interface EngineContext {
  readonly client: GenesysClient;
  readonly store: SnapshotStore;
  readonly clock: Clock;
  readonly emit?: (e: EngineEvent) => void;
  /** Who runs this run, recorded in its staging folder (default: this process). */
  readonly owner?: import('./staging.ts').RunOwner;
  /**
   * Whether planning removes the staging of runs that are no longer running (default). On AWS the step
   * may not delete and the bucket's lifecycle rule expires abandoned staging instead.
   */
  readonly removeStaleStaging?: boolean;
  /** Virtual ms to wait for a flow export job before giving up on it. */
  readonly exportJobTimeoutMs?: number;
}

/** The steps that only read and write the snapshot (resolve, finalize) need no API client. */
export type StoreContext = Pick<EngineContext, 'store' | 'clock' | 'emit' | 'owner' | 'removeStaleStaging'>;
