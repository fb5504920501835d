/** start / status / runs / show / diff against mocked Step Functions and a real S3 protocol server. */

import { tmpdir } from 'node:os';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../lambdas/cli/aws.ts';
import { runCli } from '../../lambdas/cli/main.ts';
import { DEFAULT_GIT_AUTHOR } from '../../lambdas/engine/git/target.ts';
import { S3Store } from '../../lambdas/engine/storage/s3.ts';
import { localDeps } from '../../lambdas/local/deps.ts';
import { runWorkflowLocally } from '../../lambdas/local/workflow.ts';
import { DEFAULT_CLIENT } from '../../lambdas/simulator/server.ts';
import { GitHttpServer } from '../git/server.ts';
import { captureStream, cleanup, startSimulator } from '../helpers.ts';
import { startS3 } from '../s3.ts';

const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:WorkflowStateMachine';
const EXEC = 'arn:aws:states:eu-west-1:123456789012:execution:WorkflowStateMachine:run-1';
const sfnMock = mockClient(SFNClient);
const cfnMock = mockClient(CloudFormationClient);
let s3: S3Client;
let clients: AwsClients;

let stopS3: () => Promise<void>;

beforeAll(async () => {
  const started = await startS3('archive');
  s3 = started.s3;
  stopS3 = started.stop;
  clients = {
    sfn: new SFNClient({ region: 'eu-west-1' }),
    s3,
    cloudformation: new CloudFormationClient({ region: 'eu-west-1' }),
  };
});
afterAll(() => stopS3());
afterEach(async () => {
  sfnMock.reset();
  cfnMock.reset();
  await cleanup();
});

async function cli(args: string[], extra: { interrupt?: AbortSignal } = {}) {
  const stdout = captureStream();
  const stderr = captureStream();
  const { code } = await runCli(args, {
    cwd: tmpdir(),
    env: {},
    stdout,
    stderr,
    aws: clients,
    pollMs: 5,
    ...extra,
  });
  return { code, out: stdout.text(), err: stderr.text() };
}

const exited = (name: string, output: unknown) =>
  ({ type: 'TaskStateExited', stateExitedEventDetails: { name, output: JSON.stringify(output) } }) as never;

describe('CLI: export start', () => {
  it('validates the options before starting anything', async () => {
    const r = await cli([
      'export',
      'start',
      '--stateMachineArn',
      SM,
      '--organizationId',
      'org-1',
      '--resourceTypes',
      'routing:nope',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown resource type 'routing:nope'");
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('starts with the same options as run, finds the state machine from the stack, and follows it with --wait', async () => {
    cfnMock.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'CxExport',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [{ OutputKey: 'StateMachineArn', OutputValue: SM }],
        },
      ],
    });
    sfnMock.on(StartExecutionCommand).resolves({ executionArn: EXEC, startDate: new Date() });
    sfnMock
      .on(DescribeExecutionCommand)
      .resolvesOnce({ status: 'RUNNING', executionArn: EXEC, stateMachineArn: SM, startDate: new Date() })
      .resolves({
        status: 'SUCCEEDED',
        executionArn: EXEC,
        stateMachineArn: SM,
        startDate: new Date(),
        output: JSON.stringify({ outcome: 'partial', counts: { 'routing:queue': 8 } }),
      });
    sfnMock.on(GetExecutionHistoryCommand).resolves({
      events: [
        exited('Plan', { batches: [{}, {}] }),
        exited('ExportBatch', { type: 'routing:queue', exported: 8 }),
      ],
    });
    const r = await cli([
      'export',
      'start',
      '--organizationId',
      'org-1',
      '--resourceTypes=queue',
      '--includeAllResources',
      '--followReferences=false',
      '--exclude',
      'queue::^Test',
      '--wait',
    ]);
    const input = JSON.parse(sfnMock.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '{}');
    expect(input).toEqual({
      options: {
        organizationId: 'org-1',
        resourceTypes: ['routing:queue'],
        resourceIds: [],
        includeAllResources: true,
        followReferences: false,
        include: [],
        exclude: [{ type: 'routing:queue', pattern: '^Test' }],
        format: 'json',
      },
      trigger: 'manual',
    });
    expect(r.out).toContain(`Started ${EXEC}`);
    expect(r.err).toContain('RUNNING: batches 1/2 (routing:queue 8)');
    expect(r.code).toBe(3);
  });

  it('stops following on Ctrl-C, leaves the execution running, and says how to follow it again', async () => {
    sfnMock.on(StartExecutionCommand).resolves({ executionArn: EXEC, startDate: new Date() });
    sfnMock
      .on(DescribeExecutionCommand)
      .resolves({ status: 'RUNNING', executionArn: EXEC, stateMachineArn: SM, startDate: new Date() });
    sfnMock.on(GetExecutionHistoryCommand).resolves({ events: [] });
    const interrupt = new AbortController();
    setTimeout(() => interrupt.abort(), 30);
    const r = await cli(['export', 'start', '--stateMachineArn', SM, '--organizationId', 'org-1', '--wait'], {
      interrupt: interrupt.signal,
    });
    expect(r.code).toBe(130);
    expect(r.err).toContain(
      `the execution keeps running. Follow it again with: genesyscloud export status ${EXEC}`,
    );
  });

  it('says no such state machine in one line', async () => {
    const err = Object.assign(new Error(`State Machine Does Not Exist: '${SM}'`), {
      name: 'StateMachineDoesNotExist',
    });
    sfnMock.on(StartExecutionCommand).rejects(err);
    const r = await cli(['export', 'start', '--stateMachineArn', SM, '--organizationId', 'org-1']);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(
      `genesyscloud: error: no such state machine: State Machine Does Not Exist: '${SM}'`,
    );
  });

  it('reports the status of an execution with its failure cause', async () => {
    sfnMock.on(DescribeExecutionCommand).resolves({
      status: 'FAILED',
      executionArn: EXEC,
      stateMachineArn: SM,
      startDate: new Date(),
      error: 'UsageError',
      cause: 'organizationId is required',
    });
    sfnMock.on(GetExecutionHistoryCommand).resolves({ events: [] });
    const r = await cli(['export', 'status', EXEC]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAILED: batches 0/0');
    expect(r.out).toContain('cause: organizationId is required');
  });

  it('reads an execution history of several pages, each asked for with the previous token', async () => {
    sfnMock.on(DescribeExecutionCommand).resolves({
      status: 'RUNNING',
      executionArn: EXEC,
      stateMachineArn: SM,
      startDate: new Date(),
    });
    const pages: Record<string, { events: unknown[]; nextToken?: string }> = {
      first: { events: [exited('Plan', { batches: [{}, {}, {}] })], nextToken: 'page-2' },
      'page-2': {
        events: [exited('ExportBatch', { type: 'routing:queue', exported: 5 })],
        nextToken: 'page-3',
      },
      'page-3': { events: [exited('ExportBatch', { type: 'routing:skill', exported: 2 })] },
    };
    // The SDK's paginator reuses one input object: record each request's fields as it is sent.
    const requests: Array<{ executionArn?: string; nextToken?: string; maxResults?: number }> = [];
    sfnMock.on(GetExecutionHistoryCommand).callsFake((input) => {
      requests.push({ ...input });
      return pages[input.nextToken ?? 'first'];
    });
    const r = await cli(['export', 'status', EXEC]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('RUNNING: batches 2/3 (routing:queue 5, routing:skill 2)\n');
    expect(requests.map((i) => i.nextToken)).toEqual([undefined, 'page-2', 'page-3']);
    expect(requests.every((i) => i.executionArn === EXEC && i.maxResults === 1000)).toBe(true);
  });
});

describe('CLI: runs, show and diff over the S3 archive', () => {
  it('lists runs newest first, shows a manifest and a resource, and diffs like the Git commit', async () => {
    const sim = await startSimulator();
    const git = new GitHttpServer('git', 'secret-token-123');
    await git.start();
    const url = git.createRepo('config.git');
    const deps = localDeps({
      apiBaseUrl: sim.url,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
      clock: sim.clock,
      snapshot: new S3Store(s3, 'archive', 'latest'),
      archive: new S3Store(s3, 'archive', ''),
      gitTarget: async () => ({
        kind: 'remote' as const,
        author: DEFAULT_GIT_AUTHOR,
        url,
        branch: 'main',
        path: 'snapshot',
        token: 'git:secret-token-123',
        tokenStyle: 'basic' as const,
      }),
    });
    try {
      const first = (await runWorkflowLocally(deps, {
        options: { organizationId: sim.org.organization.id },
        trigger: 'schedule',
      })) as { runId: string };
      const added = sim.addResource('skills');
      (sim.org.queues[0] as { name: string }).name = 'Billing Escalations';
      const second = (await runWorkflowLocally(deps, {
        options: { organizationId: sim.org.organization.id },
        trigger: 'manual',
      })) as { runId: string; commit: string };

      const runs = await cli(['export', 'runs', '--bucket', 'archive']);
      const lines = runs.out.trim().split('\n');
      expect(lines[0]).toMatch(/^RUN\s+FINISHED\s+TRIGGER\s+OUTCOME\s+RESOURCES\s+CHANGES\s+COMMIT$/);
      expect(lines[1]).toContain(second.runId);
      expect(lines[1]).toContain('manual');
      expect(lines[2]).toContain(first.runId);
      const json = JSON.parse(
        (await cli(['export', 'runs', '--bucket', 'archive', '--json', '--limit', '1'])).out,
      );
      expect(json).toHaveLength(1);

      const manifest = JSON.parse((await cli(['export', 'show', second.runId, '--bucket', 'archive'])).out);
      expect(manifest.runId).toBe(second.runId);
      const skill = JSON.parse(
        (await cli(['export', 'show', second.runId, `routing:skill/${added.id}`, '--bucket', 'archive'])).out,
      );
      expect(skill.name).toBe(added.name);

      const diff = await cli(['export', 'diff', second.runId, '--bucket', 'archive']);
      expect(diff.out).toContain(`${first.runId} -> ${second.runId}: 1 added, `);
      const commitBody = git.git('config.git', 'log', '-1', '--format=%B', 'main');
      for (const line of diff.out.trim().split('\n').slice(1)) expect(commitBody).toContain(line);
      expect(diff.out).toContain('routing:queue: 1 changed (Billing Escalations)');
    } finally {
      await deps.client.close();
      await git.stop();
    }
  });

  it('refuses a run ID that is not one', async () => {
    const r = await cli(['export', 'show', '../../etc', '--bucket', 'archive']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("'../../etc' is not a run ID");
  });
});
