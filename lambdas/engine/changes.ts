/** What changed in the snapshot, resource by resource: finalize, Git, `export diff` and summaries share it. */
import { byKeys } from './order.ts';

export interface ResourceChange {
  readonly type: string;
  readonly id: string;
  readonly name: string;
  readonly change: 'added' | 'changed' | 'removed';
}

export interface ChangeCounts {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
}

export function countChanges(changes: readonly ResourceChange[]): ChangeCounts {
  const n = (k: ResourceChange['change']) => changes.filter((c) => c.change === k).length;
  return { added: n('added'), changed: n('changed'), removed: n('removed') };
}

/** By type, then kind of change, then name: the order every listing of changes uses. */
export function sortChanges(changes: ResourceChange[]): ResourceChange[] {
  return changes.sort(byKeys((c) => [c.type, c.change, c.name, c.id]));
}

/** `1 added, 2 changed, 0 removed`. */
export function describeCounts(c: ChangeCounts): string {
  return `${c.added} added, ${c.changed} changed, ${c.removed} removed`;
}
