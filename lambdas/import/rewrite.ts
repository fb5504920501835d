/**
 * Rewrites the references of a snapshot resource (its catalog type's reference rules) from the source
 * org's IDs to the target's. A reference that cannot be mapped is dropped where it stands: the element of
 * the innermost list holding it (a skill of a bullseye ring, a conditional routing rule), or the field.
 */
import type { Entity, ResourceTypeDefinition } from '../engine/catalog/types.ts';
import { referencesOf } from '../engine/references.ts';
import { matchingKeys } from '../engine/select.ts';

export interface SourceReference {
  /** Catalog type name, or the object's own type when it is not a catalog type. */
  readonly type: string;
  readonly id: string;
  /** The name the reference carries, if any. */
  readonly name?: string;
  /** The rule's path, e.g. `bullseye.rings[].actions.skillsToRemove[]`. */
  readonly path: string;
}

/**
 * The target ID of a reference, or why there is none: `missing` (dropped only with
 * --ignoreMissingResources), `gone` (deleted in the source org: always dropped), or `pending` (kept back
 * until this run creates it).
 */
export type DropReason = 'missing' | 'gone' | 'pending';
export type Resolution = { readonly id: string } | { readonly drop: DropReason };

export interface Rewritten {
  readonly body: Entity;
  readonly dropped: ReadonlyArray<SourceReference & { readonly why: DropReason }>;
}

type Node = Record<string, unknown>;

/** Visits every value at `path`, with the list and index holding the nearest element, to replace or drop. */
function visit(
  root: unknown,
  path: string,
  fn: (value: unknown, replace: (v: unknown) => void, drop: () => void) => void,
): void {
  const segments = path.split('.');
  const walk = (node: unknown, i: number, holder: (() => void) | undefined): void => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const raw = segments[i] as string;
    const many = raw.endsWith('[]');
    const keyed = raw.endsWith('{}');
    const key = many || keyed ? raw.slice(0, -2) : raw;
    const last = i === segments.length - 1;
    for (const k of matchingKeys(node as Node, key)) {
      const v = (node as Node)[k];
      if (keyed && last) {
        // A map keyed by IDs (`labelUtilizations{}`): the key is renamed or the entry dropped.
        if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
        const map = v as Node;
        const entries = Object.entries(map);
        for (const [id] of entries) delete map[id];
        for (const [id, entry] of entries) {
          let keep: string | undefined = id;
          fn(
            id,
            (x) => {
              keep = String(x);
            },
            () => {
              keep = undefined;
            },
          );
          if (keep !== undefined) map[keep] = entry;
        }
      } else if (many) {
        if (!Array.isArray(v)) continue;
        // Backwards, so that dropping an element does not skip the next one.
        for (let j = v.length - 1; j >= 0; j--) {
          const dropElement = () => v.splice(j, 1);
          if (last)
            fn(
              v[j],
              (x) => {
                v[j] = x;
              },
              dropElement,
            );
          else walk(v[j], i + 1, dropElement);
        }
      } else if (last)
        fn(
          v,
          (x) => {
            (node as Node)[k] = x;
          },
          holder ??
            (() => {
              delete (node as Node)[k];
            }),
        );
      else walk(v, i + 1, holder);
    }
  };
  walk(root, 0, undefined);
}

/** The references of a resource with the name each carries and the rule's path. */
export function sourceReferences(t: ResourceTypeDefinition, e: Entity): SourceReference[] {
  const out: SourceReference[] = [];
  for (const rule of t.references) {
    const single = { ...t, references: [rule] };
    const names = new Map<string, string | undefined>();
    visit(e, rule.path, (v) => {
      if (v && typeof v === 'object') names.set(String((v as Entity).id), (v as Entity).name);
    });
    for (const r of referencesOf(single, e))
      out.push({ type: r.type, id: r.id, name: names.get(r.id), path: rule.path });
  }
  return out;
}

/** A copy of `e` with every reference rewritten through `resolve`; unresolved ones dropped and listed. */
export function rewriteReferences(
  t: ResourceTypeDefinition,
  e: Entity,
  resolve: (r: SourceReference) => Resolution,
): Rewritten {
  const body = structuredClone(e);
  const dropped: Array<SourceReference & { why: DropReason }> = [];
  const refs = new Map(sourceReferences(t, e).map((r) => [`${r.path}\u0000${r.id}`, r]));
  for (const rule of t.references) {
    visit(body, rule.path, (v, replace, drop) => {
      const obj = v && typeof v === 'object' ? (v as Entity) : undefined;
      if (rule.ids) {
        if (obj) rewriteHeld(obj, rule.ids(obj), rule.path, refs, resolve, replace, drop, dropped);
        return;
      }
      const id = typeof v === 'string' ? v : obj?.id;
      if (typeof id !== 'string' || id === '') return;
      const r = refs.get(`${rule.path}\u0000${id}`);
      if (!r) return;
      const res = resolve(r);
      if ('id' in res) replace(obj ? { ...obj, id: res.id } : res.id);
      else {
        dropped.push({ ...r, why: res.drop });
        drop();
      }
    });
  }
  return { body, dropped };
}

/**
 * The IDs an object holds where they are not its `id` (a rule's `ids`: a wrap-up condition's codes, a
 * reaction's flow, skills in a JSON string): each replaced wherever it occurs in the object (IDs are
 * unique strings); one that cannot be mapped drops the object.
 */
function rewriteHeld(
  obj: Entity,
  held: readonly unknown[],
  path: string,
  refs: ReadonlyMap<string, SourceReference>,
  resolve: (r: SourceReference) => Resolution,
  replace: (v: unknown) => void,
  drop: () => void,
  dropped: Array<SourceReference & { why: DropReason }>,
): void {
  let text = JSON.stringify(obj);
  const unmapped: Array<SourceReference & { why: DropReason }> = [];
  for (const id of held) {
    const r = typeof id === 'string' ? refs.get(`${path}\u0000${id}`) : undefined;
    if (!r) continue;
    const res = resolve(r);
    if ('id' in res) text = text.split(r.id).join(res.id);
    else unmapped.push({ ...r, why: res.drop });
  }
  if (unmapped.length) {
    dropped.push(...unmapped);
    drop();
  } else replace(JSON.parse(text));
}

/** A copy of `e` whose references carry only their ID: what a comparison of two orgs' resources needs. */
export function withoutReferenceNames(t: ResourceTypeDefinition, e: Entity): Entity {
  const body = structuredClone(e);
  for (const rule of t.references)
    visit(body, rule.path, (v, replace) => {
      if (v && typeof v === 'object' && 'name' in v) {
        const { name: _name, ...rest } = v as Entity;
        replace(rest);
      }
    });
  return body;
}
