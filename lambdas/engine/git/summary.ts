/**
 * The commit message of a published snapshot: counts, one line per changed type with names (as
 * `export diff` says it, snapshot-diff.ts), and the run it came from.
 */
import { countChanges, describeCounts, type ResourceChange } from '../changes.ts';
import type { Manifest, RunStamp } from '../model.ts';
import { changeLines } from '../snapshot-diff.ts';

// The comparison of snapshots moved to snapshot-diff.ts; re-exported for the CLI's `export diff`.
export { changeLines, diffSnapshots, resourceOfPath } from '../snapshot-diff.ts';

export function commitMessage(
  changes: readonly ResourceChange[],
  manifest: Manifest,
  stamp: RunStamp,
): string {
  const title = `Genesys Cloud export: ${describeCounts(countChanges(changes))}`;
  const body = changeLines(changes);
  const footer = [
    `Organization: ${manifest.organizationName} (${manifest.organizationId})`,
    `Run: ${stamp.runId}`,
    `Time: ${stamp.exportTime}`,
    `Snapshot: ${manifest.complete ? 'complete' : `partial${manifest.skipped.length ? ` (skipped: ${manifest.skipped.map((s) => s.type).join(', ')})` : ''}`}`,
  ];
  return `${title}\n\n${body.length ? `${body.join('\n')}\n\n` : ''}${footer.join('\n')}\n`;
}
