/**
 * `export start|runs|show|diff|status --organizationId` against a stack of several organizations: mocked
 * CloudFormation and Step Functions, the bucket on a real S3 protocol server (s3rver).
 */
import { tmpdir } from 'node:os';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../lambdas/cli/aws.ts';
import { runCli } from '../../lambdas/cli/main.ts';
import { archivedManifestKey, runRecordKey } from '../../lambdas/engine/keys.ts';
import type { RunRecordSummary } from '../../lambdas/engine/run-record.ts';
import { S3Store } from '../../lambdas/engine/storage/s3.ts';
import { writeJson } from '../../lambdas/engine/storage/types.ts';
import { organizationStores } from '../../lambdas/handlers/organizations.ts';
import { captureStream } from '../helpers.ts';
import { startS3 } from '../s3.ts';

const ORG_A = 'aaaaaaaa-1111-2222-3333-444444444444';
const ORG_B = 'bbbbbbbb-1111-2222-3333-444444444444';
const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:WorkflowStateMachine';
const execution = (name: string) =>
  `arn:aws:states:eu-west-1:123456789012:execution:WorkflowStateMachine:${name}`;
const sfnMock = mockClient(SFNClient);
const cfnMock = mockClient(CloudFormationClient);
let s3: S3Client;
let clients: AwsClients;
let stopS3: () => Promise<void>;

const RUN_A = '20261128T020000Z-aaaaaaaa';
const RUN_B = '20261128T043000Z-bbbbbbbb';

function record(runId: string, organizationId: string): RunRecordSummary {
  return {
    schemaVersion: 1,
    runId,
    organizationId,
    trigger: 'schedule',
    startedAt: '2026-11-28T02:00:00.000Z',
    finishedAt: '2026-11-28T02:10:00.000Z',
    durationSeconds: 600,
    outcome: 'complete',
    counts: { 'routing:queue': organizationId === ORG_A ? 3 : 5 },
  };
}

beforeAll(async () => {
  const started = await startS3('shared');
  s3 = started.s3;
  stopS3 = started.stop;
  clients = {
    sfn: new SFNClient({ region: 'eu-west-1' }),
    s3,
    cloudformation: new CloudFormationClient({ region: 'eu-west-1' }),
  };
  for (const [runId, org] of [
    [RUN_A, ORG_A],
    [RUN_B, ORG_B],
  ] as const) {
    const archive = new S3Store(s3, 'shared', organizationStores(org).archive);
    await writeJson(archive, runRecordKey(runId), record(runId, org));
    await writeJson(archive, archivedManifestKey(runId), { runId, organizationId: org, resources: [] });
  }
});
afterAll(() => stopS3());
afterEach(() => {
  sfnMock.reset();
  cfnMock.reset();
});

function stackWith(organizations: string | undefined) {
  cfnMock.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'CxExport',
        CreationTime: new Date(),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: [
          { OutputKey: 'StateMachineArn', OutputValue: SM },
          { OutputKey: 'ArchiveBucketName', OutputValue: 'shared' },
          ...(organizations ? [{ OutputKey: 'Organizations', OutputValue: organizations }] : []),
        ],
      },
    ],
  });
}

async function cli(args: string[]) {
  const stdout = captureStream();
  const stderr = captureStream();
  const { code } = await runCli(args, { cwd: tmpdir(), env: {}, stdout, stderr, aws: clients, pollMs: 5 });
  return { code, out: stdout.text(), err: stderr.text() };
}

describe('CLI: history commands on a stack of several organizations', () => {
  it('requires --organizationId, in one line listing the organizations', async () => {
    stackWith(`${ORG_A},${ORG_B}`);
    for (const args of [
      ['export', 'runs'],
      ['export', 'show', RUN_A],
      ['export', 'diff', RUN_A],
      ['export', 'status', RUN_A],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toBe(
        `genesyscloud: error: this stack exports several organizations: pick one with --organizationId (${ORG_A}, ${ORG_B})\n`,
      );
    }
    const unknown = await cli(['export', 'runs', '--organizationId', 'cccccccc-1111-2222-3333-444444444444']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      `organization cccccccc-1111-2222-3333-444444444444 is not one of this stack's`,
    );
    expect(unknown.err).toContain(`(${ORG_A}, ${ORG_B})`);
  });

  it("reads the organization's own runs: from the stack, or from a bucket named with --bucket", async () => {
    stackWith(`${ORG_A},${ORG_B}`);
    const a = await cli(['export', 'runs', '--organizationId', ORG_A, '--json']);
    expect(a.code).toBe(0);
    expect((JSON.parse(a.out) as RunRecordSummary[]).map((r) => r.runId)).toEqual([RUN_A]);
    const b = await cli(['export', 'runs', '--bucket', 'shared', '--organizationId', ORG_B, '--json']);
    expect((JSON.parse(b.out) as RunRecordSummary[]).map((r) => r.runId)).toEqual([RUN_B]);
    const shown = await cli(['export', 'show', RUN_B, '--organizationId', ORG_B]);
    expect(JSON.parse(shown.out)).toMatchObject({ runId: RUN_B, organizationId: ORG_B });
    // Another organization's run is not found in this one's folder.
    const other = await cli(['export', 'show', RUN_B, '--organizationId', ORG_A]);
    expect(other.code).toBe(1);
    expect(other.err).toContain(`run ${RUN_B} has no archived manifest`);
  });

  it('a stack of one organization needs no --organizationId (its runs are at the bucket root)', async () => {
    stackWith(undefined);
    const r = await cli(['export', 'runs', '--json']);
    expect(r.code).toBe(0);
    // The shared bucket has nothing at its root.
    expect(JSON.parse(r.out)).toEqual([]);
  });
});

describe('CLI: export start on a stack of several organizations', () => {
  const running = (name: string, organizationId: string) => {
    sfnMock.on(ListExecutionsCommand).resolves({
      executions: [
        {
          executionArn: execution(name),
          stateMachineArn: SM,
          name,
          status: 'RUNNING',
          startDate: new Date('2026-11-28T02:00:00Z'),
        },
      ],
    });
    sfnMock.on(DescribeExecutionCommand, { executionArn: execution(name) }).resolves({
      executionArn: execution(name),
      stateMachineArn: SM,
      status: 'RUNNING',
      startDate: new Date('2026-11-28T02:00:00Z'),
      input: JSON.stringify({ options: { organizationId }, trigger: 'schedule' }),
    });
  };

  it("starts beside another organization's run", async () => {
    stackWith(`${ORG_A},${ORG_B}`);
    running('nightly-b', ORG_B);
    sfnMock
      .on(StartExecutionCommand)
      .resolves({ executionArn: execution('manual-a'), startDate: new Date() });
    const r = await cli(['export', 'start', '--organizationId', ORG_A, '--resourceTypes', 'routing:queue']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`Started ${execution('manual-a')}\n`);
    const input = JSON.parse(sfnMock.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '{}');
    expect(input.options.organizationId).toBe(ORG_A);
  });

  it("refuses while the same organization's run is active, naming it, and starts nothing", async () => {
    stackWith(`${ORG_A},${ORG_B}`);
    running('nightly-a', ORG_A);
    const r = await cli(['export', 'start', '--organizationId', ORG_A]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`a run of ${ORG_A} is already active: ${execution('nightly-a')}`);
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('refuses an organization the stack does not export, listing the ones it does', async () => {
    stackWith(`${ORG_A},${ORG_B}`);
    sfnMock.on(ListExecutionsCommand).resolves({ executions: [] });
    const r = await cli(['export', 'start', '--organizationId', 'cccccccc-1111-2222-3333-444444444444']);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(
      `genesyscloud: error: organization cccccccc-1111-2222-3333-444444444444 is not one of this stack's: pick one with --organizationId (${ORG_A}, ${ORG_B})`,
    );
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});
