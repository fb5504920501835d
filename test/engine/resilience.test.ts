/** The engine under a misbehaving API: retries, pacing, token expiry, changes mid-listing, failed jobs. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClock } from '../../lambdas/engine/clock.ts';
import { OrganizationMismatchError } from '../../lambdas/engine/errors.ts';
import { GenesysClient } from '../../lambdas/engine/genesys/client.ts';
import { runExport } from '../../lambdas/engine/run.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { DEFAULT_CLIENT } from '../../lambdas/simulator/server.ts';
import {
  cleanup,
  exportOnce,
  harness,
  options,
  readManifest,
  snapshotFiles,
  startSimulator,
  tempDir,
} from '../helpers.ts';
import { allArrived, StepClock } from './virtual-clock.ts';

afterEach(cleanup);

/** A clean export of the default simulated org, to compare faulted runs with. */
async function cleanReference(): Promise<string> {
  const dir = tempDir();
  await exportOnce(await startSimulator(), dir);
  return dir;
}

describe('Resilience: transient failures are retried and the snapshot is still complete', () => {
  for (const [label, fault] of [
    [
      '502/503/504 bursts',
      [
        { kind: 'status', status: 502, times: 3 },
        { kind: 'status', status: 503, after: 5, times: 3 },
        { kind: 'status', status: 504, after: 10, times: 2 },
      ],
    ],
    ['dropped connections', [{ kind: 'drop', after: 2, times: 3 }]],
    ['responses cut short', [{ kind: 'truncate', match: 'GET /api/v2/users', times: 2 }]],
    ['malformed JSON', [{ kind: 'malformed', match: '/api/v2/routing/queues', times: 3 }]],
  ] as const) {
    it(`survives ${label}`, async () => {
      const clean = await startSimulator();
      const reference = tempDir();
      await exportOnce(clean, reference);
      const sim = await startSimulator({ faults: fault as never });
      const dir = tempDir();
      const { result, client } = await exportOnce(sim, dir);
      expect(result.complete).toBe(true);
      expect(client.stats.retries).toBeGreaterThan(0);
      expect(snapshotFiles(dir)).toEqual(snapshotFiles(reference));
    });
  }

  it('waits out a 429 storm for Retry-After and finishes', async () => {
    // A virtual clock that moves only when everything waits: "when" below is exact, whatever the load.
    const clock = new StepClock();
    const sim = await startSimulator({
      clock,
      faults: [{ kind: 'status', status: 429, after: 3, times: 6, retryAfterSeconds: 30 }],
      latencyMs: { min: 50, max: 150 },
    });
    const dir = tempDir();
    const { ctx, client } = harness(sim, dir);
    const result = await clock.drive(runExport(ctx, options(sim)), allArrived(sim));
    expect(result.complete).toBe(true);
    expect(client.stats.rateLimited).toBe(6);
    // What Retry-After: 30 means: the refused request is sent again no sooner than 30 s later...
    const refused = sim.log.filter((e) => e.status === 429);
    expect(refused).toHaveLength(6);
    for (const r of refused) {
      const retry = sim.log
        .slice(sim.log.indexOf(r) + 1)
        .find((e) => e.path === r.path && e.query === r.query);
      expect(retry, `${r.path} retried`).toBeDefined();
      expect((retry?.at ?? 0) - r.at, `${r.path} retried after`).toBeGreaterThanOrEqual(30_000);
    }
    // ...and nothing else is sent meanwhile, apart from requests already on their way.
    expect(sim.earlyRetries).toBe(0);
    expect(snapshotFiles(dir)).toEqual(snapshotFiles(await cleanReference()));
  });

  it('paces itself to the rate limit so that a healthy run sees no 429', async () => {
    // A limit below the documented 300 is only knowable from the headers the API sent before 2021.
    const sim = await startSimulator({
      size: { users: 1500, queues: 60 },
      rateLimitPerMinute: 60,
      rateLimitHeaders: true,
    });
    const dir = tempDir();
    const { result, client } = await exportOnce(sim, dir);
    expect(result.complete).toBe(true);
    expect(sim.apiRequestCount().total).toBeGreaterThan(120);
    expect(sim.apiRequestCount().rateLimited).toBe(0);
    expect(client.stats.rateLimited).toBe(0);
  });

  it('refreshes the token before it expires on a run longer than its lifetime', async () => {
    const sim = await startSimulator({
      tokenLifetimeSeconds: 300,
      size: { users: 600, queues: 80 },
      rateLimitPerMinute: 30,
      // The client renews 30 s (virtual) before expiry: 150 ms at the suite's x200, less than a request
      // can take on a loaded machine; x50 gives it 600 ms.
      clock: createClock(50),
    });
    const started = sim.clock.now();
    const { result, client } = await exportOnce(sim, tempDir());
    expect(result.complete).toBe(true);
    expect(sim.clock.now() - started).toBeGreaterThan(300_000);
    expect(client.stats.tokenRequests).toBeGreaterThanOrEqual(2);
    expect(sim.log.filter((e) => e.status === 401)).toEqual([]);
  });

  it('logs in again inside a request at concurrency 1 without waiting on itself', async () => {
    const sim = await startSimulator({
      tokenLifetimeSeconds: 300,
      size: { users: 100, queues: 90 },
      rateLimitPerMinute: 30,
    });
    const dir = tempDir();
    const client = new GenesysClient({
      connection: {
        apiBaseUrl: sim.url,
        authUrl: sim.url,
        clientId: DEFAULT_CLIENT.clientId,
        clientSecret: DEFAULT_CLIENT.clientSecret,
      },
      clock: sim.clock,
      concurrency: 1,
    });
    const result = await runExport(
      { client, store: new LocalStore(dir), clock: sim.clock },
      options(sim, { resourceTypes: ['routing:queue'] }),
    );
    await client.close();
    expect(result.complete).toBe(true);
    expect(client.stats.tokenRequests).toBeGreaterThanOrEqual(2);
  });

  it('logs in again once after a token is revoked mid-run', async () => {
    const sim = await startSimulator({ size: { users: 100, queues: 20 } });
    let revoked = false;
    sim.onRequest = (e, s) => {
      if (!revoked && e.endpoint === 'GET /api/v2/routing/queues/{queueId}/members') {
        revoked = true;
        s.revokeTokens();
      }
    };
    const { result, client } = await exportOnce(sim, tempDir());
    expect(result.complete).toBe(true);
    expect(client.stats.tokenRequests).toBe(2);
    expect(sim.log.filter((e) => e.status === 401).length).toBeGreaterThan(0);
  });

  it('lists a type again when it changes mid-listing: no duplicates, no gaps, and the manifest says so', async () => {
    const sim = await startSimulator({
      size: { users: 1200 },
      mutations: [{ collection: 'users', afterPage: 1, add: 3, remove: 5 }],
    });
    const dir = tempDir();
    await exportOnce(sim, dir, { resourceTypes: ['admin:user'], includeAllResources: true });
    const m = readManifest(dir);
    expect(m.types['admin:user']?.changedDuringListing).toBe(true);
    const ids = m.resources.filter((r) => r.type === 'admin:user').map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(sim.org.users.map((u) => u.id as string).sort());
  });

  it('records a failed flow export job as an error, keeps the earlier definitions, and exits partial', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const flow = sim.org.flows.find((f) => f.active && !f.system);
    const definition = join(dir, 'routing', 'flow', `${flow?.id}.definition.yaml`);
    expect(existsSync(definition)).toBe(true);
    sim.exportJobOutcome = 'failure';
    const { result } = await exportOnce(sim, dir);
    expect(result.complete).toBe(false);
    expect(existsSync(definition)).toBe(true);
    const m = readManifest(dir);
    expect(m.errors.some((e) => e.type === 'routing:flow' && e.message.includes('failed'))).toBe(true);
    expect(m.resources.find((r) => r.id === flow?.id)?.definitionPath).toBe(
      `routing/flow/${flow?.id}.definition.yaml`,
    );
  });

  it('gives up on a flow export job that never finishes, without losing the rest', async () => {
    const sim = await startSimulator({ exportJobOutcome: 'never' });
    const dir = tempDir();
    const h = harness(sim, dir);
    const result = await runExport({ ...h.ctx, exportJobTimeoutMs: 60_000 }, options(sim));
    expect(result.complete).toBe(false);
    expect(readManifest(dir).errors.some((e) => e.message.includes('did not finish'))).toBe(true);
    expect(result.counts['routing:queue']).toBe(sim.org.queues.length);
  });

  it('stops before writing anything when --organizationId does not match', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    const h = harness(sim, dir);
    await expect(runExport(h.ctx, options(sim, { organizationId: 'not-this-org' }))).rejects.toBeInstanceOf(
      OrganizationMismatchError,
    );
    expect(snapshotFiles(dir, false).size).toBe(0);
  });

  it('loses nothing when permissions are removed mid-run', async () => {
    const sim = await startSimulator({ clients: [{ clientId: 'c', clientSecret: 's', permissions: ['*'] }] });
    const dir = tempDir();
    const client = { clientId: 'c', clientSecret: 's', permissions: [] };
    await exportOnce(sim, dir, {}, client);
    const before = snapshotFiles(dir);
    sim.onRequest = (e, s) => {
      if (e.endpoint === 'GET /api/v2/routing/queues/{queueId}/wrapupcodes')
        s.setPermissions('c', ['routing:skill:view']);
    };
    const { result } = await exportOnce(sim, dir, {}, client);
    expect(result.complete).toBe(false);
    const after = snapshotFiles(dir);
    for (const path of before.keys()) expect(after.has(path), path).toBe(true);
  });
});
