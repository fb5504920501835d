/**
 * Turns an API entity into its snapshot form: volatile fields removed, credentials redacted, keys sorted,
 * unordered lists sorted. The same configuration always yields the same bytes.
 */
import { stringify as toYaml } from 'yaml';
import type { Entity } from './catalog/types.ts';

export const REDACTED = '<redacted>';

/** Key names whose string values are credentials wherever they appear. */
const SECRET_KEY =
  /(password|passwd|secret|apikey|api_key|private_?key|access_?token|refresh_?token|client_?secret)$/i;

/** Values selected by a path such as `a.b[].c`; a segment may be a glob (`*password*`). */
export function select(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const raw of path.split('.')) {
    const many = raw.endsWith('[]');
    const key = many ? raw.slice(0, -2) : raw;
    const next: unknown[] = [];
    for (const node of current) {
      if (!node || typeof node !== 'object' || Array.isArray(node)) continue;
      for (const k of matchingKeys(node as Record<string, unknown>, key)) {
        const v = (node as Record<string, unknown>)[k];
        if (many) {
          if (Array.isArray(v)) next.push(...v);
        } else if (v !== undefined) next.push(v);
      }
    }
    current = next;
  }
  return current;
}

function matchingKeys(node: Record<string, unknown>, pattern: string): string[] {
  if (!pattern.includes('*')) return pattern in node ? [pattern] : [];
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return Object.keys(node).filter((k) => re.test(k));
}

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

function redactLeaves(node: unknown): unknown {
  if (typeof node === 'string') return node === '' ? node : REDACTED;
  if (typeof node === 'number') return REDACTED;
  if (Array.isArray(node)) return node.map(redactLeaves);
  if (node && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, redactLeaves(v)]));
  return node;
}

function redactPath(root: unknown, path: string): void {
  const i = path.lastIndexOf('.');
  const parents = i < 0 ? [root] : select(root, path.slice(0, i));
  const field = i < 0 ? path : path.slice(i + 1);
  for (const p of parents) {
    if (!p || typeof p !== 'object' || Array.isArray(p)) continue;
    const obj = p as Record<string, unknown>;
    for (const k of matchingKeys(obj, field)) obj[k] = redactLeaves(obj[k]);
  }
}

/** Keys dropped at any depth: API links, derivable from the ID. */
const DROP_EVERYWHERE = new Set(['selfUri']);

/** Sorts object keys; sorts arrays of `{id}` objects by id (their order carries no meaning). */
export function canonicalize(node: unknown): unknown {
  if (Array.isArray(node)) {
    const items = node.map(canonicalize);
    const allIds =
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
      const v = canonicalize((node as Record<string, unknown>)[k]);
      if (v !== undefined && v !== null) out[k] = v;
    }
    return out;
  }
  return node;
}

function scrubSecretKeys(node: unknown): void {
  if (Array.isArray(node)) {
    for (const x of node) scrubSecretKeys(x);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string' && SECRET_KEY.test(k) && v !== '') obj[k] = REDACTED;
    else scrubSecretKeys(v);
  }
}

export interface NormalizeRules {
  readonly volatile: readonly string[];
  readonly secrets: readonly string[];
}

export function normalizeEntity(entity: Entity, rules: NormalizeRules): Entity {
  const copy = structuredClone(entity) as Entity;
  for (const p of rules.volatile) removePath(copy, p);
  for (const p of rules.secrets) redactPath(copy, p);
  scrubSecretKeys(copy);
  return canonicalize(copy) as Entity;
}

export type OutputFormat = 'json' | 'yaml';

export function serialize(entity: unknown, format: OutputFormat): string {
  if (format === 'yaml') return toYaml(entity, { sortMapEntries: true, lineWidth: 0 });
  return `${JSON.stringify(entity, null, 2)}\n`;
}

/** Code-unit order, independent of locale, so that output never depends on the machine. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
