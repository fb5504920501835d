/**
 * The OAuth client's rate budget: the synthesized state machine runs its batches in parallel, each with its
 * own token (as each ExportBatch Lambda logs in on its own), against a simulator that limits the client
 * across its tokens as well as each token. The run completes with the same snapshot as the CLI's and
 * (almost) no 429s.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClock } from '../../lambdas/engine/clock.ts';
import { GenesysClient } from '../../lambdas/engine/genesys/client.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import type { HandlerDeps } from '../../lambdas/handlers/runtime.ts';
import { localDeps } from '../../lambdas/local/deps.ts';
import { runWorkflowLocally } from '../../lambdas/local/workflow.ts';
import { DEFAULT_CLIENT, type GenesysSimulator } from '../../lambdas/simulator/server.ts';
import {
  DEFAULT_CLIENT_REQUESTS_PER_MINUTE,
  DEFAULT_MAP_CONCURRENCY,
} from '../../lib/export-state-machine.ts';
import {
  busiestMinute,
  cleanup,
  exportOnce,
  readManifest,
  snapshotFiles,
  startSimulator,
  tempDir,
} from '../helpers.ts';

afterEach(cleanup);

/** Enough queues for several batches of 50 at once, each batch a few hundred requests. */
const ORG = { queues: 400, membersPerQueue: 2, wrapupCodesPerQueue: 2 };
const TYPES = 'routing:queue';
/** x20: a virtual minute lasts 3 s, long enough for parallel batches to reach 4 x 300 requests in it. */
const TIME_SCALE = 20;

/** Deps whose every step logs in anew: one token per Lambda invocation, as on AWS after a cold start. */
function perInvocationClients(sim: GenesysSimulator, snapshot: string, archive: string) {
  const clients: GenesysClient[] = [];
  const {
    client: _shared,
    sharedClientStats: _stats,
    ...base
  } = localDeps({
    apiBaseUrl: sim.url,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    clock: sim.clock,
    snapshot: new LocalStore(snapshot),
    archive: new LocalStore(archive),
  });
  const deps: HandlerDeps = {
    ...base,
    genesysClient: async () => {
      const c = new GenesysClient({
        connection: {
          apiBaseUrl: sim.url,
          authUrl: sim.url,
          clientId: DEFAULT_CLIENT.clientId,
          clientSecret: DEFAULT_CLIENT.clientSecret,
        },
        clock: sim.clock,
      });
      clients.push(c);
      return c;
    },
  };
  return { deps, clients };
}

describe('Rate budget: parallel batches share the OAuth client', () => {
  it('stays within a per-client limit as well as the per-token one: complete, as the CLI exports it, under 1% 429s', async () => {
    const sim = await startSimulator({
      size: ORG,
      // Slow enough that the machine's own speed is not what keeps the batches under the limits.
      clock: createClock(TIME_SCALE),
      rateLimitPerMinute: 300,
      clientRateLimitPerMinute: DEFAULT_CLIENT_REQUESTS_PER_MINUTE,
    });
    const snapshot = tempDir();
    const archive = tempDir();
    const { deps, clients } = perInvocationClients(sim, snapshot, archive);
    let atOnce = 0;
    let mostAtOnce = 0;
    const result = (await runWorkflowLocally(
      deps,
      { options: { organizationId: sim.org.organization.id, resourceTypes: TYPES } },
      {
        beforeTask: (state) => {
          if (state === 'ExportBatch') mostAtOnce = Math.max(mostAtOnce, ++atOnce);
        },
        onTask: (state) => {
          if (state === 'ExportBatch') atOnce--;
        },
      },
    )) as { outcome: string; apiRequests: number; rateLimited: number };
    await Promise.all(clients.map((c) => c.close()));

    const { total, rateLimited } = sim.apiRequestCount();
    expect(result.outcome).toBe('complete');
    expect(mostAtOnce).toBe(DEFAULT_MAP_CONCURRENCY);
    // Every API request came from the one OAuth client, with more tokens than the Map runs at once.
    expect(new Set(sim.log.filter((e) => e.path.startsWith('/api/')).map((e) => e.clientId))).toEqual(
      new Set([DEFAULT_CLIENT.clientId]),
    );
    expect(sim.issuedTokens().length).toBeGreaterThan(DEFAULT_MAP_CONCURRENCY);
    expect(total).toBeGreaterThan(2 * DEFAULT_CLIENT_REQUESTS_PER_MINUTE);
    expect(rateLimited).toBeLessThan(total / 100);
    expect(busiestMinute(sim.log)).toBeLessThanOrEqual(DEFAULT_CLIENT_REQUESTS_PER_MINUTE);
    expect(sim.earlyRetries).toBe(0);
    // The run record counts what the batches' own clients counted.
    expect(result.rateLimited).toBe(rateLimited);

    const twin = await startSimulator({ size: ORG });
    const viaCli = tempDir();
    await exportOnce(twin, viaCli, { resourceTypes: [TYPES] });
    expect(snapshotFiles(snapshot)).toEqual(snapshotFiles(viaCli));
    expect(readManifest(snapshot).complete).toBe(true);
    expect(readManifest(snapshot).resources.filter((r) => r.type === TYPES)).toHaveLength(ORG.queues);
  }, 240_000);

  it('paces without inin-ratelimit-* headers (withdrawn from the real API in 2021): one token past a window of requests completes', async () => {
    const sim = await startSimulator({ size: { queues: 150 }, rateLimitHeaders: false });
    const { result, client } = await exportOnce(sim, tempDir(), { resourceTypes: [TYPES] });
    const { total, rateLimited } = sim.apiRequestCount();
    expect(result.complete).toBe(true);
    expect(client.stats.tokenRequests).toBe(1);
    expect(total).toBeGreaterThan(300);
    expect(rateLimited).toBeLessThan(total / 100);
  });
});
