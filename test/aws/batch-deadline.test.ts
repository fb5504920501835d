/**
 * A batch knows its deadline (the Lambda context's remaining time less a margin): it starts no work after
 * it, records what it did not finish as partial, and returns; Retry-After waits and flow export job
 * polling end at it. The state machine runs locally with each batch given a short remaining time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../lambdas/engine/clock.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { BATCH_DEADLINE_MARGIN_MS } from '../../lambdas/handlers/steps.ts';
import { localDeps } from '../../lambdas/local/deps.ts';
import { runWorkflowLocally } from '../../lambdas/local/workflow.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { DEFAULT_CLIENT } from '../../lambdas/simulator/server.ts';
import { cleanup, readManifest, snapshotFiles, startSimulator, tempDir } from '../helpers.ts';

afterEach(cleanup);

function deps(sim: GenesysSimulator, snapshot: string, archive: string, clock: Clock = sim.clock) {
  return localDeps({
    apiBaseUrl: sim.url,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    clock,
    snapshot: new LocalStore(snapshot),
    archive: new LocalStore(archive),
  });
}

/** A first, complete run; returns its queue files. */
async function firstRun(sim: GenesysSimulator, snapshot: string, archive: string, options: object) {
  const first = (await runWorkflowLocally(deps(sim, snapshot, archive), { options })) as { outcome: string };
  expect(first.outcome).toBe('complete');
  const files = snapshotFiles(snapshot);
  const queues = [...files.keys()].filter((k) => k.startsWith('routing/queue/'));
  expect(queues.length).toBeGreaterThan(0);
  return { files, queues };
}

/** The simulator's clock, except that a sleep returns at once, moving time on by what it was asked for. */
function skippingClock(base: Clock): Clock & { readonly sleeps: number[] } {
  let skipped = 0;
  const sleeps: number[] = [];
  return {
    scale: base.scale,
    sleeps,
    now: () => base.now() + skipped,
    sleep: async (ms) => {
      sleeps.push(ms);
      skipped += Math.max(0, ms);
    },
  };
}

const queueDetailRequests = (sim: GenesysSimulator, from: number) =>
  sim.log.slice(from).filter((e) => e.path.startsWith('/api/v2/routing/queues/'));

describe('ExportBatch: the deadline from the Lambda context', () => {
  it('starts no API work once the deadline has passed, records the batch partial, and the earlier files stay', async () => {
    const sim = await startSimulator();
    const snapshot = tempDir();
    const archive = tempDir();
    const options = { organizationId: sim.org.organization.id, resourceTypes: 'routing:queue' };
    const { files, queues } = await firstRun(sim, snapshot, archive, options);
    const logFrom = sim.log.length;
    const out = (await runWorkflowLocally(
      deps(sim, snapshot, archive),
      { options },
      // Exactly the margin left: the deadline is now.
      { batchRemainingMs: BATCH_DEADLINE_MARGIN_MS },
    )) as { outcome: string };
    expect(out.outcome).toBe('partial');
    expect(queueDetailRequests(sim, logFrom)).toEqual([]);
    const manifest = readManifest(snapshot);
    expect(manifest.types['routing:queue']?.outcome).toBe('partial');
    expect(manifest.errors.map((e) => e.message).join('\n')).toMatch(
      /not exported before the batch's deadline/,
    );
    const after = snapshotFiles(snapshot);
    for (const k of queues) expect(after.get(k), k).toBe(files.get(k));
  });

  it('ends a request whose Retry-After is longer than the time left instead of waiting', async () => {
    const sim = await startSimulator({
      faults: [
        {
          kind: 'status',
          status: 429,
          match: '/api/v2/routing/queues/',
          retryAfterSeconds: 600,
          times: 100_000,
        },
      ],
    });
    const snapshot = tempDir();
    const archive = tempDir();
    const options = { organizationId: sim.org.organization.id, resourceTypes: 'routing:queue' };
    const logFrom = sim.log.length;
    const clock = skippingClock(sim.clock);
    const out = (await runWorkflowLocally(
      deps(sim, snapshot, archive, clock),
      { options },
      // 50 real ms left after the margin: seconds of virtual time, far less than the 600 s Retry-After.
      { batchRemainingMs: BATCH_DEADLINE_MARGIN_MS + 50 },
    )) as { outcome: string };
    expect(out.outcome).toBe('partial');
    const requests = queueDetailRequests(sim, logFrom);
    expect(requests.length).toBeGreaterThan(0);
    // Each request got its 429 and was never sent again, and nothing waited out the Retry-After.
    expect(Math.max(0, ...clock.sleeps)).toBeLessThan(60_000);
    expect(requests.every((e) => e.status === 429)).toBe(true);
    const paths = requests.map((e) => `${e.path}?${e.query}`);
    expect(new Set(paths).size).toBe(paths.length);
    expect(readManifest(snapshot).types['routing:queue']?.outcome).toBe('partial');
  });
});

describe('ExportBatch: flow export jobs and the deadline', () => {
  it('stops polling a flow export job at the deadline and records the definitions as not exported', async () => {
    // A job that takes an hour of virtual time: only the deadline can end the polling early.
    const sim = await startSimulator({ exportJobDurationMs: 3_600_000 });
    const clock = skippingClock(sim.clock);
    const snapshot = tempDir();
    const out = (await runWorkflowLocally(
      deps(sim, snapshot, tempDir(), clock),
      { options: { organizationId: sim.org.organization.id, resourceTypes: 'routing:flow' } },
      { batchRemainingMs: BATCH_DEADLINE_MARGIN_MS + 50 },
    )) as { outcome: string };
    expect(out.outcome).toBe('partial');
    // Polling waits start at 1 s and double: none was taken past the 10 s (virtual) the batch had left.
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(60_000);
    const manifest = readManifest(snapshot);
    expect(manifest.errors.some((e) => e.type === 'routing:flow' && /deadline/.test(e.message))).toBe(true);
  });
});
