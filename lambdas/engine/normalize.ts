/**
 * Turns an API entity into its snapshot form: volatile fields removed, credentials redacted, keys sorted,
 * unordered lists sorted. The same configuration always yields the same bytes.
 */
import { stringify as toYaml } from 'yaml';
import type { Entity } from './catalog/types.ts';
import { compare } from './order.ts';
import { REDACTED, redactCredentials } from './redact.ts';
import { matchingKeys, select } from './select.ts';

// `compare` is re-exported for the modules that import it from here; its home is order.ts.
export { compare, REDACTED, select };

/** Removes the fields at `path` (the last segment names the field to drop). */
function removePath(root: unknown, path: string): void {
  const i = path.lastIndexOf('.');
  const parents = i < 0 ? [root] : select(root, path.slice(0, i));
  const field = i < 0 ? path : path.slice(i + 1);
  for (const p of parents.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
    if (p && typeof p === 'object')
      for (const k of matchingKeys(p as Record<string, unknown>, field))
        delete (p as Record<string, unknown>)[k];
  }
}

const NONE: ReadonlySet<string> = new Set();

/** Keys dropped at any depth: API links, derivable from the ID. */
const DROP_EVERYWHERE = new Set(['selfUri']);

/**
 * Sorts object keys; sorts arrays of `{id}` objects by id (their order carries no meaning), except the
 * arrays held by a key in `ordered` (an evaluation form's questions: their order is what the agent sees).
 */
export function canonicalize(node: unknown, ordered: ReadonlySet<string> = NONE, keepOrder = false): unknown {
  if (Array.isArray(node)) {
    const items = node.map((x) => canonicalize(x, ordered));
    const allIds =
      !keepOrder &&
      items.length > 1 &&
      items.every(
        (x) => x && typeof x === 'object' && !Array.isArray(x) && typeof (x as Entity).id === 'string',
      );
    if (allIds) items.sort((a, b) => compare(String((a as Entity).id), String((b as Entity).id)));
    return items;
  }
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(node).sort(compare)) {
      if (DROP_EVERYWHERE.has(k)) continue;
      const v = canonicalize((node as Record<string, unknown>)[k], ordered, ordered.has(k));
      if (v !== undefined && v !== null) out[k] = v;
    }
    return out;
  }
  return node;
}

export interface NormalizeRules {
  readonly volatile: readonly string[];
  readonly secrets: readonly string[];
  /** Keys whose arrays keep the API's order at any depth. */
  readonly ordered?: readonly string[];
}

export function normalizeEntity(entity: Entity, rules: NormalizeRules): Entity {
  const copy = structuredClone(entity) as Entity;
  for (const p of rules.volatile) removePath(copy, p);
  return canonicalize(redactCredentials(copy, rules.secrets), new Set(rules.ordered ?? [])) as Entity;
}

export type OutputFormat = 'json' | 'yaml';

export function serialize(entity: unknown, format: OutputFormat): string {
  if (format === 'yaml') return toYaml(entity, { sortMapEntries: true, lineWidth: 0 });
  return `${JSON.stringify(entity, null, 2)}\n`;
}
