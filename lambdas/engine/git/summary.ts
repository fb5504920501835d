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

/**
 * A commit message cut to fit a notification (and the state it travels in): whole lines up to `maxBytes`,
 * then a line saying how many were left out; the footer (organization, run) is always kept.
 */
export function notificationText(message: string, maxBytes = 32_000): string {
  if (Buffer.byteLength(message) <= maxBytes) return message;
  const [head = '', ...rest] = message.split('\n\n');
  const footer = rest.length > 1 ? (rest.at(-1) ?? '') : '';
  const lines = rest
    .slice(0, rest.length > 1 ? -1 : undefined)
    .join('\n\n')
    .split('\n');
  const kept: string[] = [];
  let size = Buffer.byteLength(`${head}\n\n\n\n${footer}`) + 64;
  for (const line of lines) {
    const n = Buffer.byteLength(line) + 1;
    if (size + n > maxBytes) break;
    kept.push(line);
    size += n;
  }
  const left = lines.length - kept.length;
  return `${head}\n\n${kept.join('\n')}\n... and ${left} more lines (the whole list is in the commit)\n\n${footer}`;
}
