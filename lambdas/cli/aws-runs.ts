/**
 * The deployed exporter from the command line: start an execution (and follow it), see its status, list
 * archived runs, show a run's manifest or one resource, diff two runs. AWS credentials and region come
 * from the standard AWS SDK chain.
 */
import { statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { countChanges, describeCounts } from '../engine/changes.ts';
import { ExportError, UsageError } from '../engine/errors.ts';
import { changeLines, diffSnapshots } from '../engine/git/summary.ts';
import type { ExportOptions, Manifest } from '../engine/model.ts';
import { listRunRecords, type RunRecordSummary, runPrefix } from '../engine/run-record.ts';
import { LocalStore } from '../engine/storage/local.ts';
import { S3Store } from '../engine/storage/s3.ts';
import type { SnapshotStore } from '../engine/storage/types.ts';
import { readJson } from '../engine/storage/types.ts';
import { EXIT } from './export-run.ts';

export interface AwsClients {
  readonly sfn: SFNClient;
  readonly s3: S3Client;
  readonly cloudformation: CloudFormationClient;
}

export function defaultAwsClients(): AwsClients {
  return { sfn: new SFNClient({}), s3: new S3Client({}), cloudformation: new CloudFormationClient({}) };
}

export interface Target {
  readonly stateMachineArn?: string;
  readonly stack?: string;
  readonly bucket?: string;
  /** A local run archive folder (the demo's `./export-archive`). */
  readonly archiveDir?: string;
}

/** One clear line for the AWS errors a user meets: no credentials, no such resource, access denied. */
export function awsErrorLine(err: unknown): string | undefined {
  const name = (err as { name?: string }).name ?? '';
  const message = (err as { message?: string }).message ?? String(err);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message))
    return 'no AWS credentials found (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)';
  if (name === 'StateMachineDoesNotExist') return `no such state machine: ${message}`;
  if (name === 'ExecutionDoesNotExist') return `no such execution: ${message}`;
  if (name === 'AccessDeniedException' || name === 'AccessDenied') return `access denied: ${message}`;
  if (name === 'NoSuchBucket') return `no such bucket: ${message}`;
  if (name === 'ValidationError' && /does not exist/.test(message)) return `no such stack: ${message}`;
  if (/^Region is missing/.test(message))
    return `no AWS region set (AWS_REGION or AWS_PROFILE); for a local run archive use --archiveDir <folder> (default ./${DEFAULT_ARCHIVE_DIR} when it exists)`;
  return undefined;
}

async function stackOutputs(clients: AwsClients, stack: string): Promise<Record<string, string>> {
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
  const arn = (await stackOutputs(clients, t.stack ?? 'CxExport')).StateMachineArn;
  if (!arn) throw new ExportError(`stack ${t.stack ?? 'CxExport'} has no StateMachineArn output`);
  return arn;
}

/** The demo's and the local workflow's run archive, relative to the working folder. */
export const DEFAULT_ARCHIVE_DIR = 'export-archive';

export interface ArchiveChoice {
  readonly store: SnapshotStore;
  /** A local folder chosen because it exists and no stack or bucket was named. */
  readonly implicit: boolean;
}

/**
 * The run archive: a local folder (`--archiveDir`, or `./export-archive` when it exists and neither
 * `--stack` nor `--bucket` is given), else the bucket (`--bucket`, or the stack's output).
 */
export async function resolveArchive(
  clients: AwsClients | (() => AwsClients),
  t: Target,
  cwd: string = process.cwd(),
): Promise<SnapshotStore> {
  return (await chooseArchive(clients, t, cwd)).store;
}

export async function chooseArchive(
  clients: AwsClients | (() => AwsClients),
  t: Target,
  cwd: string = process.cwd(),
): Promise<ArchiveChoice> {
  if (t.archiveDir !== undefined) {
    if (t.bucket !== undefined || t.stack !== undefined)
      throw new UsageError('--archiveDir cannot be used with --bucket or --stack');
    const dir = resolvePath(cwd, t.archiveDir);
    if (!isFolder(dir)) throw new UsageError(`--archiveDir ${t.archiveDir} is not a folder`);
    return { store: new LocalStore(dir), implicit: false };
  }
  if (t.bucket === undefined && t.stack === undefined) {
    const dir = resolvePath(cwd, DEFAULT_ARCHIVE_DIR);
    if (isFolder(dir)) return { store: new LocalStore(dir), implicit: true };
  }
  const c = typeof clients === 'function' ? clients() : clients;
  const bucket = t.bucket ?? (await stackOutputs(c, t.stack ?? 'CxExport')).ArchiveBucketName;
  if (!bucket) throw new ExportError(`stack ${t.stack ?? 'CxExport'} has no ArchiveBucketName output`);
  return { store: new S3Store(c.s3, bucket, ''), implicit: false };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
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
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await clients.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
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
  return {
    status: desc.status ?? 'UNKNOWN',
    batchesTotal: total,
    batchesDone: done,
    perType,
    output: desc.output ? (JSON.parse(desc.output) as Record<string, unknown>) : undefined,
    cause: desc.cause ?? desc.error,
  };
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

export function progressLine(p: Progress): string {
  const types = Object.entries(p.perType)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  return `${p.status}: batches ${p.batchesDone}/${p.batchesTotal}${types ? ` (${types})` : ''}`;
}

export function outcomeCode(p: Progress): number {
  if (p.status === 'SUCCEEDED') return p.output?.outcome === 'partial' ? EXIT.partial : EXIT.complete;
  return EXIT.failed;
}

export function runsTable(records: readonly RunRecordSummary[]): string {
  const rows = records.map((r) => [
    r.runId,
    r.finishedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    r.trigger,
    r.outcome,
    String(Object.values(r.counts).reduce((a, b) => a + b, 0)),
    r.changes ? `+${r.changes.added} ~${r.changes.changed} -${r.changes.removed}` : '',
    r.commit ? r.commit.slice(0, 12) : '',
  ]);
  const head = ['RUN', 'FINISHED', 'TRIGGER', 'OUTCOME', 'RESOURCES', 'CHANGES', 'COMMIT'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

export async function listRuns(archive: SnapshotStore, limit: number): Promise<RunRecordSummary[]> {
  return listRunRecords(archive, limit);
}

export async function showRun(archive: SnapshotStore, runId: string, resource?: string): Promise<string> {
  checkRunId(runId);
  if (!resource) {
    const m = await archive.read(`${runPrefix(runId)}/export-manifest.json`);
    if (!m) throw new ExportError(`run ${runId} has no archived manifest`);
    return Buffer.from(m).toString('utf8');
  }
  const manifest = await readJson<Manifest>(archive, `${runPrefix(runId)}/export-manifest.json`);
  const slash = resource.lastIndexOf('/');
  const type = resource.slice(0, slash);
  const id = resource.slice(slash + 1);
  const entry = manifest?.resources.find((r) => r.type === type && r.id === id);
  if (!entry) throw new ExportError(`run ${runId} has no resource ${resource}`);
  const data = await archive.read(`${runPrefix(runId)}/snapshot/${entry.path}`);
  if (!data) throw new ExportError(`run ${runId}: ${entry.path} is missing from the archive`);
  return Buffer.from(data).toString('utf8');
}

function checkRunId(runId: string): void {
  if (!/^[A-Za-z0-9-]{1,80}$/.test(runId)) throw new UsageError(`'${runId.slice(0, 80)}' is not a run ID`);
}

async function snapshotHashes(archive: SnapshotStore, runId: string): Promise<Map<string, string>> {
  const prefix = `${runPrefix(runId)}/snapshot`;
  const keys = await archive.list(prefix);
  if (keys.length === 0) throw new ExportError(`run ${runId} has no archived snapshot`);
  const out = new Map<string, string>();
  for (const k of keys) {
    const data = await archive.read(k);
    if (data) out.set(k.slice(prefix.length + 1), Buffer.from(data).toString('base64'));
  }
  return out;
}

/** What changed from `older` to `newer`, per type with names: the same lines the Git commit carries. */
export async function diffRuns(archive: SnapshotStore, newer: string, older?: string): Promise<string> {
  checkRunId(newer);
  let base = older;
  if (!base) {
    const ids = (await archive.list('runs'))
      .filter((k) => k.endsWith('/export-manifest.json'))
      .map((k) => k.split('/')[1] as string)
      .sort();
    base = ids.filter((id) => id < newer).at(-1);
    if (!base) throw new ExportError(`no run before ${newer} to compare with`);
  }
  checkRunId(base);
  const [a, b] = [await snapshotHashes(archive, base), await snapshotHashes(archive, newer)];
  const names = new Map<string, string>();
  for (const id of [base, newer])
    for (const r of (await readJson<Manifest>(archive, `${runPrefix(id)}/export-manifest.json`))?.resources ??
      [])
      names.set(`${r.type}/${r.id}`, r.name);
  const changes = diffSnapshots(a, b, (type, id) => names.get(`${type}/${id}`) ?? id);
  return [`${base} -> ${newer}: ${describeCounts(countChanges(changes))}`, ...changeLines(changes)].join(
    '\n',
  );
}
