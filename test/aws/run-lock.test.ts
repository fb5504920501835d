/**
 * Runs do not collide: the workflow's first step takes a lock object with a conditional write, the last
 * step (or the failure path) removes it, a second run is refused while it is held, a stale lock is taken
 * over, and `export start` refuses while an execution is running.
 *
 * s3rver ignores conditional PUT headers (its putObject never reads If-None-Match / If-Match), so the
 * lock's logic runs on the local store's conditional writes, and the S3 store's requests are checked with
 * aws-sdk-client-mock: S3 is the one place with no local stand-in.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListExecutionsCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../lambdas/cli/main.ts';
import { RunActiveError } from '../../lambdas/engine/errors.ts';
import { RUN_LOCK_KEY } from '../../lambdas/engine/keys.ts';
import { acquireRunLock, releaseRunLock } from '../../lambdas/engine/run-lock.ts';
import type { RunRecordSummary } from '../../lambdas/engine/run-record.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { S3Store } from '../../lambdas/engine/storage/s3.ts';
import { localDeps } from '../../lambdas/local/deps.ts';
import { runWorkflowLocally } from '../../lambdas/local/workflow.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { DEFAULT_CLIENT } from '../../lambdas/simulator/server.ts';
import { captureStream, cleanup, snapshotFiles, startSimulator, tempDir } from '../helpers.ts';

afterEach(cleanup);

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-28T02:00:00Z');

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

describe('Run lock', () => {
  it('refuses a second holder while held, lets the same execution take it again, and takes over a stale one', async () => {
    const store = new LocalStore(tempDir());
    await acquireRunLock(store, { holder: 'exec-a', runId: 'run-a', nowMs: T0, ttlMs: 6 * HOUR });
    await expect(
      acquireRunLock(store, { holder: 'exec-b', runId: 'run-b', nowMs: T0 + HOUR, ttlMs: 6 * HOUR }),
    ).rejects.toThrow(/another run is active: run-a \(exec-a\)/);
    await expect(
      acquireRunLock(store, { holder: 'exec-b', runId: 'run-b', nowMs: T0 + HOUR, ttlMs: 6 * HOUR }),
    ).rejects.toBeInstanceOf(RunActiveError);
    // A retried Plan of the same execution.
    await acquireRunLock(store, { holder: 'exec-a', runId: 'run-a2', nowMs: T0 + HOUR, ttlMs: 6 * HOUR });
    expect(await releaseRunLock(store, 'exec-b')).toBe(false);
    // Past its expiry, the lock is stale: the next run takes it over.
    await acquireRunLock(store, { holder: 'exec-c', runId: 'run-c', nowMs: T0 + 8 * HOUR, ttlMs: 6 * HOUR });
    expect(await releaseRunLock(store, 'exec-a')).toBe(false);
    expect(await releaseRunLock(store, 'exec-c')).toBe(true);
    expect(await store.read(RUN_LOCK_KEY)).toBeUndefined();
  });

  it('refuses a workflow run while another execution holds the lock, touching nothing; a finished or failed run releases it', async () => {
    const sim = await startSimulator();
    const snapshot = tempDir();
    const archive = tempDir();
    const options = { organizationId: sim.org.organization.id, resourceTypes: 'routing:queue' };
    const first = (await runWorkflowLocally(deps(sim, snapshot, archive), { options })) as {
      outcome: string;
    };
    expect(first.outcome).toBe('complete');
    expect(existsSync(join(snapshot, RUN_LOCK_KEY))).toBe(false);

    const lockPath = join(snapshot, RUN_LOCK_KEY);
    mkdirSync(dirname(lockPath), { recursive: true });
    const held = {
      schemaVersion: 1,
      holder: 'arn:aws:states:eu-west-1:123456789012:execution:sm:nightly',
      runId: '20261128T020000Z-aaaaaaaa',
      acquiredAt: new Date(sim.clock.now()).toISOString(),
      expiresAt: new Date(sim.clock.now() + 6 * HOUR).toISOString(),
    };
    writeFileSync(lockPath, JSON.stringify(held));
    const before = snapshotFiles(snapshot, false);
    const runsBefore = await new LocalStore(archive).list('runs');
    await expect(runWorkflowLocally(deps(sim, snapshot, archive), { options })).rejects.toThrow(
      /another run is active: 20261128T020000Z-aaaaaaaa/,
    );
    expect(snapshotFiles(snapshot, false)).toEqual(before);
    expect(await new LocalStore(archive).list('runs')).toEqual(runsBefore);

    // The holder's own failure path releases it.
    await expect(
      runWorkflowLocally(
        deps(sim, snapshot, archive),
        { options: { ...options, resourceTypes: 'routing:nope' } },
        { executionId: held.holder },
      ),
    ).rejects.toThrow(/unknown resource type/);
    expect(existsSync(lockPath)).toBe(false);
    const failed = (await new LocalStore(archive).list('runs')).filter((k) => k.endsWith('run-record.json'));
    const records = await Promise.all(
      failed.map(
        async (k) =>
          JSON.parse(
            Buffer.from((await new LocalStore(archive).read(k)) as Uint8Array).toString(),
          ) as RunRecordSummary,
      ),
    );
    expect(records.filter((r) => r.outcome === 'failed')).toHaveLength(1);
  });
});

describe('S3 store: conditional writes (aws-sdk-client-mock; s3rver ignores the headers)', () => {
  it('sends If-None-Match: * to create and If-Match: <etag> to replace, and reports a failed condition as false', async () => {
    const s3 = mockClient(S3Client);
    try {
      const store = new S3Store(new S3Client({ region: 'eu-west-1' }), 'archive', 'latest');
      s3.on(PutObjectCommand)
        .resolvesOnce({ ETag: '"e1"' })
        .rejectsOnce(
          Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), {
            name: 'PreconditionFailed',
            $metadata: { httpStatusCode: 412 },
          }),
        );
      expect(await store.writeIf('.genesys/staging/run-lock.json', '{}', { absent: true })).toBe(true);
      expect(await store.writeIf('.genesys/staging/run-lock.json', '{}', { tag: '"e0"' })).toBe(false);
      const [create, replace] = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
      expect(create).toMatchObject({ Key: 'latest/.genesys/staging/run-lock.json', IfNoneMatch: '*' });
      expect(create?.IfMatch).toBeUndefined();
      expect(replace).toMatchObject({ IfMatch: '"e0"' });
      expect(replace?.IfNoneMatch).toBeUndefined();
    } finally {
      s3.restore();
    }
  });
});

describe('CLI: export start while a run is active', () => {
  it('refuses in one line naming the running execution, and starts nothing', async () => {
    const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:WorkflowStateMachine';
    const RUNNING = 'arn:aws:states:eu-west-1:123456789012:execution:WorkflowStateMachine:nightly';
    const sfn = mockClient(SFNClient);
    try {
      sfn.on(ListExecutionsCommand).resolves({
        executions: [
          {
            executionArn: RUNNING,
            stateMachineArn: SM,
            name: 'nightly',
            status: 'RUNNING',
            startDate: new Date('2026-11-28T02:00:00Z'),
          },
        ],
      });
      const stdout = captureStream();
      const stderr = captureStream();
      const { code } = await runCli(
        ['export', 'start', '--stateMachineArn', SM, '--organizationId', 'org-1'],
        {
          cwd: tmpdir(),
          env: {},
          stdout,
          stderr,
          aws: {
            sfn: new SFNClient({ region: 'eu-west-1' }),
            s3: new S3Client({ region: 'eu-west-1' }),
            cloudformation: new CloudFormationClient({ region: 'eu-west-1' }),
          },
        },
      );
      expect(code).toBe(1);
      const lines = stderr.text().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`a run is already active: ${RUNNING}`);
      expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
      expect(sfn.commandCalls(ListExecutionsCommand)[0]?.args[0].input).toMatchObject({
        stateMachineArn: SM,
        statusFilter: 'RUNNING',
      });
    } finally {
      sfn.restore();
    }
  });
});
