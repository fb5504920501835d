/** What a CLI command is given from outside: working folder, environment, streams, and test seams. */
import type { Clock } from '../engine/clock.ts';
import type { AwsClients } from './aws.ts';

export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** AWS clients for start/status/runs/show/diff; created from the default chain when absent. */
  readonly aws?: AwsClients;
  /** Polling interval of `export start --wait`, in ms. */
  readonly pollMs?: number;
  /** Aborts `--wait` (Ctrl-C) without stopping the execution. */
  readonly interrupt?: AbortSignal;
  /**
   * Time source for every wait (pacing, backoff, Retry-After, export-job polling); real time when absent.
   * Tests and the benchmark inject a scaled clock here: the product itself never speeds time up.
   */
  readonly clock?: Clock;
  /** Off a terminal, real milliseconds between heartbeat lines (default 10 s). */
  readonly heartbeatMs?: number;
}
