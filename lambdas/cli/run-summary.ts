/**
 * The text `export run` prints: the summary of a finished run (stdout), and the lines after an
 * interruption saying what was stopped and what the output folder still holds (stderr).
 */
import { countChanges, describeCounts } from '../engine/changes.ts';
import type { ClientStats } from '../engine/genesys/client.ts';
import type { PublishResult } from '../engine/git/publish.ts';
import type { PublishTarget } from '../engine/git/target.ts';
import type { ExportOptions, Manifest, RunStamp } from '../engine/model.ts';
import { sortedEntries } from '../engine/order.ts';
import type { RunOutput } from '../engine/run.ts';
import { countLines, snapshotKind, totalResources } from './report.ts';

type RequestStats = Pick<ClientStats, 'requests' | 'retries' | 'rateLimited'>;

export function summary(
  r: RunOutput,
  outputDir: string,
  stats: RequestStats,
  ms: number,
  published?: PublishResult,
  options?: Pick<ExportOptions, 'followReferences'>,
): string {
  const lines: string[] = [];
  lines.push(
    `Exported ${totalResources(r.counts)} resources to ${outputDir} (${snapshotKind(r.complete)} snapshot)`,
  );
  lines.push(...countLines(r.counts));
  lines.push(`  By reference: ${byReferenceText(r, options)}`);
  const notFound = r.notFound ?? [];
  if (notFound.length) lines.push(`Not found: ${notFound.join(', ')} (--resourceIds)`);
  for (const s of r.skipped) lines.push(`Skipped ${s.type}: ${s.reason}`);
  if (r.errors) lines.push(`Errors: ${r.errors} (see .genesys/export-manifest.json)`);
  lines.push(`Changes since the last snapshot: ${describeCounts(countChanges(r.changes))}`);
  if (published) lines.push(publishedLine(published));
  lines.push(
    `API requests: ${stats.requests} (retries ${stats.retries}, 429s ${stats.rateLimited}); batches ${r.batches} in ${r.rounds} round(s); ${(ms / 1000).toFixed(1)} s`,
  );
  return `${lines.join('\n')}\n`;
}

/** Which types came in only because something selected references them, and how many of each. */
function byReferenceText(r: RunOutput, options?: Pick<ExportOptions, 'followReferences'>): string {
  const entries = sortedEntries(r.byReference ?? {}).filter(([, n]) => n > 0);
  if (entries.length) return entries.map(([type, n]) => `${type} ${n}`).join(', ');
  return options?.followReferences === false ? 'none (--followReferences=false)' : 'none';
}

function publishedLine(published: PublishResult): string {
  const where = published.enclosing
    ? ` in the repository at ${published.enclosing.root} (only ${published.enclosing.folder}/ touched)`
    : '';
  return published.commit ? `Git commit: ${published.commit}${where}` : `Git: no changes, no commit${where}`;
}

/** Interrupted before finalize: the run is gone, the earlier snapshot untouched. */
export function stoppedText(runId: string, outputDir: string): string {
  return `Interrupted: run ${runId} stopped and its work in progress removed; the earlier snapshot in ${outputDir} is intact\n`;
}

/** After an interruption before finalize: what the folder still holds. */
export function keptText(outputDir: string, manifest?: Manifest, stamp?: RunStamp): string {
  if (!manifest) return `Kept: nothing; ${outputDir} held no earlier snapshot`;
  const run = stamp ? ` of run ${stamp.runId} (${stamp.exportTime})` : '';
  return `Kept: the earlier ${snapshotKind(manifest.complete)} snapshot${run}, ${manifest.resources.length} resources, unchanged`;
}

/** Interrupted during finalize: the snapshot completed, publishing (if any) did not happen. */
export function finalizedText(runId: string, outputDir: string, r: RunOutput, target: PublishTarget): string {
  const notDone =
    target.kind === 'none'
      ? ''
      : `; not done: ${target.kind === 'local' ? 'the Git commit (--gitCommit)' : 'the push (--gitRemote)'}`;
  return (
    `Interrupted while finalizing: run ${runId} completed its snapshot in ${outputDir}; nothing was published\n` +
    `Kept: run ${runId}'s ${snapshotKind(r.complete)} snapshot, ${totalResources(r.counts)} resources${notDone}\n`
  );
}
