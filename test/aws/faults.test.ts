/**
 * A timeout or a throttle must not fail the run: every Task of the synthesized state machine retries the
 * Lambda service's faults and catches what remains, shown on the template and by running it locally with
 * faults injected where the Lambda service would raise them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunRecordSummary } from '../../lambdas/engine/run-record.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { localDeps } from '../../lambdas/local/deps.ts';
import { runWorkflowLocally, synthesizedDefinition } from '../../lambdas/local/workflow.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { DEFAULT_CLIENT } from '../../lambdas/simulator/server.ts';
import { cleanup, readManifest, snapshotFiles, startSimulator, tempDir } from '../helpers.ts';

afterEach(cleanup);

type State = {
  Type: string;
  Retry?: Array<{ ErrorEquals: string[]; BackoffRate?: number; MaxAttempts?: number }>;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  ItemProcessor?: { States: Record<string, State> };
  Iterator?: { States: Record<string, State> };
};

function taskStates(states: Record<string, State>): Array<[string, State]> {
  return Object.entries(states).flatMap(([name, s]) => [
    ...(s.Type === 'Task' ? [[name, s] as [string, State]] : []),
    ...taskStates((s.ItemProcessor ?? s.Iterator)?.States ?? {}),
  ]);
}

/** What the Lambda service raises when it throttles, fails or times out (written out, not imported). */
const LAMBDA_FAULTS = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.SdkClientException',
  'Sandbox.Timedout',
];

const named = (name: string, message = name) => Object.assign(new Error(message), { name });

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

describe('State machine: retries and catches on every Task', () => {
  it('retries throttling, Lambda service faults and timeouts with backoff, and catches the rest, on every Task', () => {
    const definition = synthesizedDefinition() as unknown as { States: Record<string, State> };
    const tasks = taskStates(definition.States);
    expect(tasks.map(([n]) => n).sort()).toEqual([
      'Archive',
      'ExportBatch',
      'NotifyChanges',
      'NotifyPartial',
      'Plan',
      'Promote',
      'Publish',
      'RecordFailure',
      'RecordUnfinished',
      'Resolve',
    ]);
    for (const [name, s] of tasks) {
      expect(s.Retry, name).toBeDefined();
      expect(s.Catch?.length, name).toBeGreaterThan(0);
      const retried = (s.Retry ?? []).flatMap((r) => r.ErrorEquals);
      if (name === 'NotifyPartial' || name === 'NotifyChanges') {
        expect(retried).toContain('States.ALL');
        continue;
      }
      for (const e of LAMBDA_FAULTS) expect(retried, `${name}: ${e}`).toContain(e);
      for (const r of s.Retry ?? []) expect(r.BackoffRate ?? 1, name).toBeGreaterThan(1);
    }
  });
});

describe('Workflow faults, run locally against the simulator', () => {
  it('completes when a batch Lambda is throttled once', async () => {
    const sim = await startSimulator();
    let throttled = 0;
    const out = (await runWorkflowLocally(
      deps(sim, tempDir(), tempDir()),
      { options: { organizationId: sim.org.organization.id, resourceTypes: 'routing:queue' } },
      {
        beforeTask: (state) => {
          if (state === 'ExportBatch' && throttled++ === 0)
            throw named('Lambda.TooManyRequestsException', 'Rate Exceeded.');
        },
      },
    )) as { outcome: string };
    expect(throttled).toBeGreaterThan(1);
    expect(out.outcome).toBe('complete');
  });

  it('ends partial when a batch keeps timing out: the archive is written and the earlier files are kept', async () => {
    const sim = await startSimulator();
    const snapshot = tempDir();
    const archive = tempDir();
    const options = { organizationId: sim.org.organization.id, resourceTypes: 'routing:queue,routing:skill' };
    const first = (await runWorkflowLocally(deps(sim, snapshot, archive), { options })) as {
      outcome: string;
    };
    expect(first.outcome).toBe('complete');
    const before = snapshotFiles(snapshot);
    const queueFiles = [...before.keys()].filter((k) => k.startsWith('routing/queue/'));
    expect(queueFiles.length).toBeGreaterThan(0);

    const notices: unknown[] = [];
    const second = (await runWorkflowLocally(
      deps(sim, snapshot, archive),
      { options },
      {
        beforeTask: (state, input) => {
          const type = (input as { type?: string }).type;
          if (state === 'ExportBatch' && type === 'routing:queue')
            throw named('Sandbox.Timedout', 'Task timed out after 600.00 seconds');
        },
        onNotify: (m) => notices.push(m),
      },
    )) as { runId: string; outcome: string };
    expect(second.outcome).toBe('partial');
    expect(notices).toHaveLength(1);
    // Nothing lost: every queue file of the first run is still there, byte for byte.
    const after = snapshotFiles(snapshot);
    for (const k of queueFiles) expect(after.get(k), k).toBe(before.get(k));
    const manifest = readManifest(snapshot);
    expect(manifest.types['routing:queue']?.outcome).toBe('failed');
    expect(manifest.resources.filter((r) => r.type === 'routing:queue').length).toBe(queueFiles.length);
    const record = JSON.parse(
      readFileSync(join(archive, 'runs', second.runId, 'run-record.json'), 'utf8'),
    ) as RunRecordSummary;
    expect(record.outcome).toBe('partial');
  });
});
