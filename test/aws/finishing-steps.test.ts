/**
 * Promote, Publish and Archive are separate states of the synthesized state machine, each retried on its
 * own: a Publish or an Archive that fails leaves the promoted snapshot in place, the run ends partial
 * with the record saying which part failed, and retrying a step that finished changes nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { notificationText } from '../../lambdas/engine/git/summary.ts';
import type { PublishTarget } from '../../lambdas/engine/git/target.ts';
import { RUN_LOCK_KEY } from '../../lambdas/engine/keys.ts';
import type { RunRecordSummary } from '../../lambdas/engine/run-record.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { type PromotedState, publishStep } from '../../lambdas/handlers/steps.ts';
import { localDeps } from '../../lambdas/local/deps.ts';
import { runWorkflowLocally, synthesizedDefinition } from '../../lambdas/local/workflow.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { DEFAULT_CLIENT } from '../../lambdas/simulator/server.ts';
import { GitHttpServer } from '../git/server.ts';
import { cleanup, readManifest, snapshotFiles, startSimulator, tempDir } from '../helpers.ts';

afterEach(cleanup);

const TOKEN = 'finishing-token';
const server = new GitHttpServer('git', TOKEN);
beforeAll(() => server.start());
afterAll(() => server.stop());

const remote = (url: string): PublishTarget => ({
  kind: 'remote',
  url,
  branch: 'main',
  path: 'snapshot',
  token: `git:${TOKEN}`,
  tokenStyle: 'basic',
  author: { name: 'cx-export', email: 'cx-export@example.com' },
});

function deps(sim: GenesysSimulator, snapshot: string, archive: string, target?: PublishTarget) {
  return localDeps({
    apiBaseUrl: sim.url,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    clock: sim.clock,
    snapshot: new LocalStore(snapshot),
    archive: new LocalStore(archive),
    gitTarget: target && (async () => target),
  });
}

const options = (sim: GenesysSimulator) => ({
  organizationId: sim.org.organization.id,
  resourceTypes: 'routing:queue',
});

const readRecord = (archive: string, runId: string) =>
  JSON.parse(readFileSync(join(archive, 'runs', runId, 'run-record.json'), 'utf8')) as RunRecordSummary;

const queuesIn = (snapshot: string) =>
  readManifest(snapshot).resources.filter((r) => r.type === 'routing:queue').length;

type State = {
  Type: string;
  Next?: string;
  Default?: string;
  End?: boolean;
  Catch?: Array<{ Next: string }>;
};

describe('State machine: Promote, Publish and Archive', () => {
  it('are separate Tasks in that order after the last Resolve, each with its own Retry and Catch', () => {
    const { States } = synthesizedDefinition() as unknown as { States: Record<string, State> };
    expect(States.Promote?.Next).toBe('Publish');
    // After Publish: the change notification when a commit was made, then Archive either way.
    expect(States.Publish?.Next).toBe('ChangesCommitted?');
    expect(States['ChangesCommitted?']).toMatchObject({ Default: 'Archive' });
    expect(States.NotifyChanges?.Next).toBe('Archive');
    expect(States.NotifyChanges?.Catch?.[0]?.Next).toBe('Archive');
    expect(States.Finalize).toBeUndefined();
    // Publish failing goes on to Archive; Archive failing records the run as partial, not failed.
    expect(States[States.Publish?.Catch?.[0]?.Next ?? '']?.Next).toBe('Archive');
    expect(States.Archive?.Catch?.[0]?.Next).toBe('RecordUnfinished');
    expect(States.RecordUnfinished?.Next).toBe('Partial?');
    expect(States.Promote?.Catch?.[0]?.Next).toBe('RecordFailure');
  });
});

describe('Finishing steps, run locally against the simulator', () => {
  it('publishes and archives a run, recording each step done', async () => {
    const sim = await startSimulator();
    const [snapshot, archive] = [tempDir(), tempDir()];
    const url = server.createRepo('finishing-ok.git');
    const out = (await runWorkflowLocally(deps(sim, snapshot, archive, remote(url)), {
      options: options(sim),
    })) as { runId: string; outcome: string; commit: string };
    expect(out.outcome).toBe('complete');
    expect(out.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(server.git('finishing-ok.git', 'rev-parse', 'main').trim()).toBe(out.commit);
    expect(readRecord(archive, out.runId)).toMatchObject({
      outcome: 'complete',
      commit: out.commit,
      steps: { promote: 'done', publish: 'done', archive: 'done' },
    });
  });

  it('a Git remote that is down: the snapshot is promoted, the archive written, the run partial and the record says publish failed', async () => {
    const sim = await startSimulator();
    const [snapshot, archive] = [tempDir(), tempDir()];
    const down = remote('http://127.0.0.1:9/nowhere.git');
    const notices: unknown[] = [];
    const out = (await runWorkflowLocally(
      deps(sim, snapshot, archive, down),
      { options: options(sim) },
      { onNotify: (m) => notices.push(m) },
    )) as { runId: string; outcome: string };
    expect(out.outcome).toBe('partial');
    expect(notices).toHaveLength(1);
    const queues = [...snapshotFiles(snapshot).keys()].filter((k) => k.startsWith('routing/queue/'));
    expect(queues.length).toBe(sim.org.queues.length);
    expect(queuesIn(snapshot)).toBe(sim.org.queues.length);
    const record = readRecord(archive, out.runId);
    expect(record).toMatchObject({
      outcome: 'partial',
      steps: { promote: 'done', publish: 'failed', archive: 'done' },
    });
    expect(record.error).toMatch(/^publish: GitPublishError: .*127\.0\.0\.1:9/);
    expect(record.counts['routing:queue']).toBe(sim.org.queues.length);
    const archived = new LocalStore(archive);
    expect(await archived.list(`runs/${out.runId}`)).toContain(`runs/${out.runId}/export-manifest.json`);
  });

  it('an Archive that keeps failing: the snapshot stays promoted, the run ends partial, the record says archive failed, the lock is free', async () => {
    const sim = await startSimulator();
    const [snapshot, archive] = [tempDir(), tempDir()];
    const failing = Object.assign(new Error('bucket unavailable'), { name: 'StorageError' });
    const out = (await runWorkflowLocally(
      deps(sim, snapshot, archive),
      { options: options(sim) },
      {
        beforeTask: (state) => {
          if (state === 'Archive') throw failing;
        },
      },
    )) as { runId: string; outcome: string };
    expect(out.outcome).toBe('partial');
    expect(queuesIn(snapshot)).toBe(sim.org.queues.length);
    const record = readRecord(archive, out.runId);
    expect(record).toMatchObject({ outcome: 'partial', steps: { promote: 'done', archive: 'failed' } });
    expect(record.error).toMatch(/^archive: StorageError: bucket unavailable/);
    expect(record.counts['routing:queue']).toBe(sim.org.queues.length);
    expect(await new LocalStore(snapshot).read(RUN_LOCK_KEY)).toBeUndefined();
    // The next run is not refused.
    const next = (await runWorkflowLocally(deps(sim, snapshot, archive), { options: options(sim) })) as {
      outcome: string;
    };
    expect(next.outcome).toBe('complete');
  });

  it('an Archive that times out once is retried and completes the run', async () => {
    const sim = await startSimulator();
    const [snapshot, archive] = [tempDir(), tempDir()];
    let calls = 0;
    const out = (await runWorkflowLocally(
      deps(sim, snapshot, archive),
      { options: options(sim) },
      {
        beforeTask: (state) => {
          if (state === 'Archive' && calls++ === 0)
            throw Object.assign(new Error('Task timed out'), { name: 'Sandbox.Timedout' });
        },
      },
    )) as { runId: string; outcome: string };
    expect(calls).toBe(2);
    expect(out.outcome).toBe('complete');
    expect(readRecord(archive, out.runId).steps).toEqual({
      promote: 'done',
      publish: 'done',
      archive: 'done',
    });
  });

  it('a Publish retried after it finished returns the same commit and pushes nothing more', async () => {
    const sim = await startSimulator();
    const [snapshot, archive] = [tempDir(), tempDir()];
    const url = server.createRepo('finishing-retry.git');
    let publishInput: PromotedState | undefined;
    const out = (await runWorkflowLocally(
      deps(sim, snapshot, archive, remote(url)),
      { options: options(sim) },
      {
        onTask: (state, output) => {
          if (state === 'Promote') publishInput = output as PromotedState;
        },
      },
    )) as { runId: string; commit: string };
    const recordBefore = readFileSync(join(archive, 'runs', out.runId, 'run-record.json'), 'utf8');
    const again = await publishStep(publishInput as PromotedState, deps(sim, snapshot, archive, remote(url)));
    expect(again.commit).toBe(out.commit);
    expect(server.git('finishing-retry.git', 'rev-list', '--count', 'main').trim()).toBe('1');
    expect(readFileSync(join(archive, 'runs', out.runId, 'run-record.json'), 'utf8')).toBe(recordBefore);
  });
});

describe('Change notification', () => {
  it('a run that commits changes sends the commit summary to the change topic; a run with no change sends nothing', async () => {
    const sim = await startSimulator();
    const [snapshot, archive] = [tempDir(), tempDir()];
    const url = server.createRepo('changes.git');
    const sent: string[] = [];
    const run = () =>
      runWorkflowLocally(
        deps(sim, snapshot, archive, remote(url)),
        { options: options(sim) },
        { onChanges: (m) => sent.push(m) },
      ) as Promise<{ commit?: string }>;
    const first = await run();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBe(
      `${server.git('changes.git', 'log', '-1', '--format=%B', String(first.commit)).trimEnd()}\n`,
    );

    await run();
    expect(sent).toHaveLength(1);

    const queue = sim.org.queues[0] as { name: string };
    const old = queue.name;
    queue.name = `${old} (out of hours)`;
    await run();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatch(/^Genesys Cloud export: 0 added, 1 changed, 0 removed\n/);
    expect(sent[1]).toContain(`${old} (out of hours)`);
    expect(sent[1]).toContain(`Organization: `);
  });

  it('a summary too long for a notification keeps whole lines, says how many were left out, and keeps the footer', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `  ~ Queue number ${i}`);
    const message = `Genesys Cloud export: 5000 changed\n\n${lines.join('\n')}\n\nOrganization: Org (id)\nRun: r1\n`;
    const text = notificationText(message, 10_000);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(10_000);
    expect(text.startsWith('Genesys Cloud export: 5000 changed\n\n  ~ Queue number 0\n')).toBe(true);
    expect(text).toMatch(/\.\.\. and \d+ more lines \(the whole list is in the commit\)/);
    expect(text.endsWith('Organization: Org (id)\nRun: r1\n')).toBe(true);
    expect(notificationText('short\n\nfooter\n')).toBe('short\n\nfooter\n');
  });
});
