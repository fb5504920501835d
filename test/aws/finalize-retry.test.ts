/** A retried Finalize (Sandbox.Timedout, a throttle) never rewrites the run record with zero counts. */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunRecordSummary } from '../../lambdas/engine/run-record.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { finalizeStep, type RunState } from '../../lambdas/handlers/steps.ts';
import { localDeps } from '../../lambdas/local/deps.ts';
import { runWorkflowLocally } from '../../lambdas/local/workflow.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { DEFAULT_CLIENT } from '../../lambdas/simulator/server.ts';
import { cleanup, startSimulator, tempDir } from '../helpers.ts';

afterEach(cleanup);

function deps(sim: GenesysSimulator, snapshot: string, archive: string) {
  return localDeps({
    apiBaseUrl: sim.url,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    clock: sim.clock,
    snapshot: new LocalStore(snapshot),
    archive: new LocalStore(archive),
  });
}

/** A finished run, and the state its Finalize was given. */
async function finishedRun() {
  const sim = await startSimulator();
  const snapshot = tempDir();
  const archive = tempDir();
  let finalizeInput: RunState | undefined;
  const out = (await runWorkflowLocally(
    deps(sim, snapshot, archive),
    { options: { organizationId: sim.org.organization.id, resourceTypes: 'routing:queue' } },
    {
      onTask: (state, output) => {
        if (state === 'Resolve') finalizeInput = output as RunState;
      },
    },
  )) as { runId: string; outcome: string };
  expect(out.outcome).toBe('complete');
  const recordPath = join(archive, 'runs', out.runId, 'run-record.json');
  return { sim, snapshot, archive, state: finalizeInput as RunState, recordPath };
}

describe('Finalize, retried', () => {
  it('after the run record was written: returns it and leaves it byte for byte', async () => {
    const { sim, snapshot, archive, state, recordPath } = await finishedRun();
    const before = readFileSync(recordPath, 'utf8');
    const record = JSON.parse(before) as RunRecordSummary;
    expect(record.changes?.added).toBeGreaterThan(0);
    expect(record.apiRequests).toBeGreaterThan(0);
    const again = await finalizeStep(state, deps(sim, snapshot, archive));
    expect(readFileSync(recordPath, 'utf8')).toBe(before);
    expect(again).toMatchObject({
      outcome: 'complete',
      counts: record.counts,
      changes: record.changes,
      apiRequests: record.apiRequests,
    });
  });

  it('after the snapshot was promoted but before the record: counts from the manifest, no zeros for what is unknown', async () => {
    const { sim, snapshot, archive, state, recordPath } = await finishedRun();
    const first = JSON.parse(readFileSync(recordPath, 'utf8')) as RunRecordSummary;
    rmSync(recordPath);
    await finalizeStep(state, deps(sim, snapshot, archive));
    const record = JSON.parse(readFileSync(recordPath, 'utf8')) as RunRecordSummary;
    expect(record.counts).toEqual(first.counts);
    expect(Object.values(record.counts).every((n) => n > 0)).toBe(true);
    expect(record.changes).toBeUndefined();
    expect(record.apiRequests).toBeUndefined();
    expect(record.rateLimited).toBeUndefined();
  });
});
