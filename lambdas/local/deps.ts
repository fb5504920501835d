/**
 * Handler dependencies for running the workflow's steps on this machine: one Genesys client shared by all
 * steps (its totals are the run's API usage), stores given by the caller, no Git unless asked.
 */

import type { Clock } from '../engine/clock.ts';
import { DEFAULT_CONCURRENCY } from '../engine/defaults.ts';
import { GenesysClient } from '../engine/genesys/client.ts';
import { NO_PUBLISH } from '../engine/git/target.ts';
import { localOwner } from '../engine/staging.ts';
import type { SnapshotStore } from '../engine/storage/types.ts';
import type { HandlerDeps, HandlerLogger } from '../handlers/runtime.ts';

export interface LocalDepsOptions {
  readonly apiBaseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly clock: Clock;
  readonly snapshot: SnapshotStore;
  readonly archive: SnapshotStore;
  readonly logger?: HandlerLogger;
  readonly gitTarget?: HandlerDeps['gitTarget'];
  readonly concurrency?: number;
}

export const silentLogger: HandlerLogger = { info: () => {}, warn: () => {}, error: () => {} };

export function localDeps(o: LocalDepsOptions): HandlerDeps & { readonly client: GenesysClient } {
  const client = new GenesysClient({
    connection: {
      apiBaseUrl: o.apiBaseUrl,
      authUrl: o.apiBaseUrl,
      clientId: o.clientId,
      clientSecret: o.clientSecret,
    },
    clock: o.clock,
    concurrency: o.concurrency ?? DEFAULT_CONCURRENCY,
  });
  return {
    client,
    snapshot: o.snapshot,
    archive: o.archive,
    clock: o.clock,
    logger: o.logger ?? silentLogger,
    genesysClient: async () => client,
    gitTarget: o.gitTarget ?? (async () => NO_PUBLISH),
    owner: localOwner,
    sharedClientStats: () => ({ requests: client.stats.requests, rateLimited: client.stats.rateLimited }),
  };
}
