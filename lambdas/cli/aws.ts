/**
 * The deployed exporter through the AWS SDK: the clients, the stack's outputs, starting an execution and
 * reading its progress from the execution history. Credentials and region come from the standard chain.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  paginateGetExecutionHistory,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DEFAULT_STACK_NAME } from '../engine/defaults.ts';
import { ExportError, UsageError } from '../engine/errors.ts';
import type { ExportOptions } from '../engine/model.ts';
import type { RunOutcome } from '../engine/run-record.ts';

export interface AwsClients {
  readonly sfn: SFNClient;
  readonly s3: S3Client;
  readonly cloudformation: CloudFormationClient;
}

export function defaultAwsClients(): AwsClients {
  return { sfn: new SFNClient({}), s3: new S3Client({}), cloudformation: new CloudFormationClient({}) };
}

/** Which deployment a command talks to: `--stateMachineArn`, `--stack`, `--bucket`, `--archiveDir`. */
export interface Target {
  readonly stateMachineArn?: string;
  readonly stack?: string;
  readonly bucket?: string;
  /** A local run archive folder (the demo's `./export-archive`). */
  readonly archiveDir?: string;
  /** Which organization, in a stack that exports several. */
  readonly organizationId?: string;
}

/** The organizations of a several-organization stack (its `Organizations` output); undefined for one. */
export function organizationsOutput(outputs: Record<string, string>): string[] | undefined {
  const value = outputs.Organizations;
  return value ? value.split(',').filter(Boolean) : undefined;
}

/**
 * The organization a command works on in a stack of several: `--organizationId`, which must be one of
 * them. Undefined for a stack of one organization (its files are at the bucket's root).
 */
export function pickOrganization(known: readonly string[] | undefined, organizationId: string | undefined) {
  if (!known) return undefined;
  if (!organizationId)
    throw new UsageError(
      `this stack exports several organizations: pick one with --organizationId (${known.join(', ')})`,
    );
  if (!known.includes(organizationId))
    throw new UsageError(
      `organization ${organizationId} is not one of this stack's: pick one with --organizationId (${known.join(', ')})`,
    );
  return organizationId;
}

/** The stack's organizations when the command found the stack by name (not with --stateMachineArn). */
export async function stackOrganizations(clients: AwsClients, t: Target): Promise<string[] | undefined> {
  if (t.stateMachineArn) return undefined;
  return organizationsOutput(await stackOutputs(clients, t.stack ?? DEFAULT_STACK_NAME));
}

export async function stackOutputs(clients: AwsClients, stack: string): Promise<Record<string, string>> {
  const res = await clients.cloudformation.send(new DescribeStacksCommand({ StackName: stack }));
  const outputs = res.Stacks?.[0]?.Outputs ?? [];
  return Object.fromEntries(outputs.map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
}

export async function resolveStateMachine(clients: AwsClients, t: Target): Promise<string> {
  if (t.stateMachineArn) {
    if (!/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]+$/.test(t.stateMachineArn))
      throw new UsageError(`--stateMachineArn '${t.stateMachineArn}' is not a state machine ARN`);
    return t.stateMachineArn;
  }
  const stack = t.stack ?? DEFAULT_STACK_NAME;
  const arn = (await stackOutputs(clients, stack)).StateMachineArn;
  if (!arn) throw new ExportError(`stack ${stack} has no StateMachineArn output`);
  return arn;
}

/**
 * Refuses when the state machine has a running execution: two runs would work on the same snapshot (the
 * workflow refuses too, with its lock; this says so before starting anything).
 */
export async function assertNoActiveRun(
  clients: AwsClients,
  stateMachineArn: string,
  /** A stack of several organizations: only a running execution of this one refuses (runs of others go on). */
  organizationId?: string,
): Promise<void> {
  const res = await clients.sfn.send(
    new ListExecutionsCommand({
      stateMachineArn,
      statusFilter: 'RUNNING',
      maxResults: organizationId ? MAX_RUNNING_CHECKED : 1,
    }),
  );
  for (const running of res?.executions ?? []) {
    if (organizationId && (await executionOrganization(clients, running.executionArn)) !== organizationId)
      continue;
    throw new ExportError(
      `a run${organizationId ? ` of ${organizationId}` : ''} is already active: ${running.executionArn} (started ${running.startDate?.toISOString() ?? 'at an unknown time'}); wait for it to end (genesyscloud export status ${running.executionArn}) and start again`,
    );
  }
}

/** Running executions looked at for one organization's (one per organization at most, by the run lock). */
const MAX_RUNNING_CHECKED = 100;

async function executionOrganization(clients: AwsClients, executionArn: string | undefined) {
  if (!executionArn) return undefined;
  const desc = await clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
  try {
    return (JSON.parse(desc.input ?? '{}') as { options?: { organizationId?: string } }).options
      ?.organizationId;
  } catch {
    return undefined;
  }
}

export async function startExecution(
  clients: AwsClients,
  stateMachineArn: string,
  options: ExportOptions,
): Promise<string> {
  const res = await clients.sfn.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ options, trigger: 'manual' }) }),
  );
  if (!res.executionArn) throw new ExportError('Step Functions returned no execution ARN');
  return res.executionArn;
}

export interface Progress {
  readonly status: string;
  readonly batchesTotal: number;
  readonly batchesDone: number;
  readonly perType: Record<string, number>;
  readonly output?: Record<string, unknown>;
  readonly cause?: string;
}

/** Reads progress from the execution history: planned batches (Plan/Resolve outputs) and finished ones. */
export async function executionProgress(clients: AwsClients, executionArn: string): Promise<Progress> {
  const desc = await clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
  const batches = countBatches(await executionHistory(clients, executionArn));
  return {
    status: desc.status ?? 'UNKNOWN',
    ...batches,
    output: desc.output ? (JSON.parse(desc.output) as Record<string, unknown>) : undefined,
    cause: desc.cause ?? desc.error,
  };
}

async function executionHistory(clients: AwsClients, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  const pages = paginateGetExecutionHistory({ client: clients.sfn }, { executionArn, maxResults: 1000 });
  for await (const page of pages) events.push(...(page.events ?? []));
  return events;
}

function countBatches(
  events: readonly HistoryEvent[],
): Pick<Progress, 'batchesTotal' | 'batchesDone' | 'perType'> {
  let total = 0;
  let done = 0;
  const perType: Record<string, number> = {};
  for (const e of events) {
    const exited = e.stateExitedEventDetails;
    if (!exited?.output) continue;
    const out = JSON.parse(exited.output) as { batches?: unknown[]; type?: string; exported?: number };
    if ((exited.name === 'Plan' || exited.name === 'Resolve') && Array.isArray(out.batches))
      total += out.batches.length;
    if (exited.name === 'ExportBatch' && out.type) {
      done++;
      perType[out.type] = (perType[out.type] ?? 0) + (out.exported ?? 0);
    }
  }
  return { batchesTotal: total, batchesDone: done, perType };
}

/** How an execution ended, as a run outcome: a succeeded execution says complete or partial in its output. */
export function executionOutcome(p: Progress): RunOutcome {
  if (p.status !== 'SUCCEEDED') return 'failed';
  return p.output?.outcome === 'partial' ? 'partial' : 'complete';
}
