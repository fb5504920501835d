/**
 * What the AWS and history commands print: an execution's progress line, the table of archived runs, the
 * changes between two runs, and one clear line for the AWS errors a user meets.
 */
import { countChanges, describeCounts } from '../engine/changes.ts';
import { sortedEntries } from '../engine/order.ts';
import type { RunRecordSummary } from '../engine/run-record.ts';
import { changeLines } from '../engine/snapshot-diff.ts';
import type { Progress } from './aws.ts';
import { totalResources } from './report.ts';
import { DEFAULT_ARCHIVE_DIR, type RunDiff } from './run-archive.ts';

/** `RUNNING: batches 3/10 (routing:queue 40, ...)`. */
export function progressLine(p: Progress): string {
  const types = sortedEntries(p.perType)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  return `${p.status}: batches ${p.batchesDone}/${p.batchesTotal}${types ? ` (${types})` : ''}`;
}

/** An ended (or running) execution: the progress line, its output as JSON, its cause. */
export function executionText(p: Progress): string {
  return `${progressLine(p)}\n${endText(p)}`;
}

/** What an ended execution left: its output as JSON and the cause of a failure, each on its own lines. */
export function endText(p: Progress): string {
  return `${p.output ? `${JSON.stringify(p.output, null, 2)}\n` : ''}${p.cause ? `cause: ${p.cause}\n` : ''}`;
}

export function runsTable(records: readonly RunRecordSummary[]): string {
  const rows = records.map((r) => [
    r.runId,
    r.finishedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    r.trigger,
    r.outcome,
    String(totalResources(r.counts)),
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

/** `<older> -> <newer>: 1 added, ...`, then per type the changed resources: the lines a Git commit carries. */
export function diffText(d: RunDiff): string {
  return [
    `${d.older} -> ${d.newer}: ${describeCounts(countChanges(d.changes))}`,
    ...changeLines(d.changes),
  ].join('\n');
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
