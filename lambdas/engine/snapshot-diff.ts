/**
 * What changed between two snapshots, resource by resource, with names: the Git commit message and
 * `export diff` both compute and say it this way. Works on flat `path -> content hash` maps, so it needs
 * neither Git nor a store.
 */
import { CATALOG } from './catalog/index.ts';
import { type ResourceChange, sortChanges } from './changes.ts';
import { parseResourcePath, type ResourceRef, resourceKey } from './keys.ts';
import { compare } from './order.ts';

/** `routing/queue/<id>.json` -> `{ type, id }`; undefined for files that are not resources. */
export function resourceOfPath(path: string): ResourceRef | undefined {
  return parseResourcePath(path, CATALOG);
}

/**
 * Compares two flat `path -> content hash` maps of snapshots. A resource counts once even when both its
 * JSON and its flow definition changed.
 */
export function diffSnapshots(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  names: (type: string, id: string) => string,
): ResourceChange[] {
  const state = new Map<
    string,
    { type: string; id: string; before: boolean; after: boolean; differs: boolean }
  >();
  const touch = (path: string) => {
    const r = resourceOfPath(path);
    if (!r) return undefined;
    const key = resourceKey(r.type, r.id);
    let s = state.get(key);
    if (!s) {
      s = { ...r, before: false, after: false, differs: false };
      state.set(key, s);
    }
    return s;
  };
  for (const [path, hash] of before) {
    const s = touch(path);
    if (!s) continue;
    s.before = true;
    if (after.get(path) !== hash) s.differs = true;
  }
  for (const [path] of after) {
    const s = touch(path);
    if (!s) continue;
    s.after = true;
    if (!before.has(path)) s.differs = true;
  }
  const out: ResourceChange[] = [];
  for (const s of state.values()) {
    if (!s.differs) continue;
    const change = s.before && s.after ? 'changed' : s.after ? 'added' : 'removed';
    out.push({ type: s.type, id: s.id, name: names(s.type, s.id), change });
  }
  return sortChanges(out);
}

const MAX_NAMES = 5;

function namesList(items: readonly ResourceChange[]): string {
  const shown = items.slice(0, MAX_NAMES).map((c) => c.name || c.id);
  const more = items.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** One line per type: `routing:queue: 1 added (Billing), 2 changed (Sales, Support)`. */
export function changeLines(changes: readonly ResourceChange[]): string[] {
  const types = [...new Set(changes.map((c) => c.type))].sort(compare);
  return types.map((type) => {
    const parts = (['added', 'changed', 'removed'] as const)
      .map((kind) => {
        const items = changes.filter((c) => c.type === type && c.change === kind);
        return items.length ? `${items.length} ${kind} (${namesList(items)})` : '';
      })
      .filter(Boolean);
    return `${type}: ${parts.join(', ')}`;
  });
}
