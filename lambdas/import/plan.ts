/**
 * The import plan: for every resource of the snapshot's importable types, in the manifest's import order,
 * create / update (with the fields that differ) / unchanged / blocked (why). A resource is matched in
 * the target by ID in the same org, otherwise through the ID map of earlier applies, otherwise by its
 * natural key (the name); every reference is rewritten the same way.
 */
import { requireType, typeByName } from '../engine/catalog/index.ts';
import type { Entity } from '../engine/catalog/types.ts';
import { resourceKey } from '../engine/keys.ts';
import { canonicalize } from '../engine/normalize.ts';
import { compare } from '../engine/order.ts';
import { REDACTED } from '../engine/redact.ts';
import { IMPORTABLE, type ImportableType, naturalKeyOf } from './importable.ts';
import {
  type Resolution,
  rewriteReferences,
  type SourceReference,
  withoutReferenceNames,
} from './rewrite.ts';
import { SecretValues } from './secrets-file.ts';
import type { IdMap, Snapshot } from './snapshot.ts';
import type { TargetState } from './target.ts';

export type PlanAction = 'create' | 'update' | 'unchanged' | 'blocked' | 'delete';

export interface PlannedResource {
  readonly key: string;
  readonly type: string;
  readonly sourceId: string;
  readonly name: string;
  action: PlanAction;
  targetId?: string;
  matchedBy?: 'id' | 'id-map' | 'name';
  /** Top-level fields whose value differs (update). */
  changes?: string[];
  reason?: string;
  /** References dropped with --ignoreMissingResources: `<path> -> <type>/<id> (<name>)`. */
  dropped?: string[];
  /** References to resources deleted in the source org (no import can create them), dropped. */
  gone?: string[];
  /** References to resources created later in this run: created without them, then updated. */
  deferred?: string[];
  /** Paths of redacted credentials whose values --secretsFile supplies (the values are never here). */
  secrets?: string[];
}

export interface ImportPlan {
  readonly sourceOrganization: { readonly id: string; readonly name: string };
  readonly targetOrganization: { readonly id: string; readonly name: string };
  readonly resources: PlannedResource[];
  /** Types of the snapshot that import does not cover yet, and how many resources each holds. */
  readonly exportOnly: ReadonlyArray<{ readonly type: string; readonly count: number }>;
  /** With --prune: the selected types whose absent resources are not deleted, and why. */
  pruneSkipped?: Array<{ readonly type: string; readonly reason: string }>;
  /** --secretsFile values no redacted field of the plan asked for (`<type>/<id> <path>`, never a value). */
  unusedSecrets?: string[];
}

export interface PlanOptions {
  readonly targetOrganization: { readonly id: string; readonly name: string };
  /** Canonical type names to import; empty: every importable type of the snapshot. */
  readonly resourceTypes: readonly string[];
  readonly ignoreMissingResources: boolean;
  /** Source IDs to import (`--resourceIds`); empty: every resource of the selected types. */
  readonly resourceIds?: readonly string[];
  readonly secrets?: SecretValues;
}

/** What planning and applying share: the match of each resource, and how references resolve. */
export class Matcher {
  /** `type/sourceId` -> target ID (matched, or created during apply). */
  readonly targetIds = new Map<string, string>();
  /** `type/sourceId` of the resources this run creates, and of those that cannot be imported. */
  readonly toCreate = new Set<string>();
  readonly unavailable = new Set<string>();

  constructor(
    readonly snapshot: Snapshot,
    readonly target: TargetState,
    readonly idMap: IdMap,
    readonly sameOrg: boolean,
    readonly selected: ReadonlySet<string>,
  ) {}

  /** The target resource a source resource is, if any; `ambiguous` when its name matches several. */
  match(type: string, sourceId: string, body: Entity | undefined, name?: string): Match {
    const existing = this.target.get(type) ?? [];
    const byId = (id: string | undefined) => (id ? existing.find((e) => e.id === id) : undefined);
    if (this.sameOrg && byId(sourceId)) return { id: sourceId, by: 'id' };
    const mapped = byId(this.idMap.get(type)?.get(sourceId));
    if (mapped) return { id: String(mapped.id), by: 'id-map' };
    const t = IMPORTABLE.get(type);
    // Without the resource's own file, only the name its reference carries.
    const keyOf = (e: Entity) => (body ? naturalKeyOf(t, e) : String(e.name ?? '').toLowerCase());
    const key = body ? naturalKeyOf(t, body) : name?.toLowerCase();
    if (key === undefined) return undefined;
    const same = existing.filter((e) => keyOf(e) === key);
    if (same.length > 1) return 'ambiguous';
    return same[0] ? { id: String(same[0].id), by: 'name' } : undefined;
  }

  /**
   * A reference's target ID: the resource this run matched or created; `pending` when this run creates it
   * later; `missing` when neither the snapshot nor the target org has it.
   */
  resolve(r: SourceReference): Resolution {
    const key = resourceKey(r.type, r.id);
    const known = this.targetIds.get(key);
    if (known) return { id: known };
    const body = this.snapshot.resources.get(key)?.body;
    if (body && IMPORTABLE.get(r.type)?.gone?.(body)) return { drop: 'gone' };
    if (this.unavailable.has(key)) return { drop: 'missing' };
    if (this.toCreate.has(key)) return { drop: 'pending' };
    const m = typeByName(r.type) ? this.match(r.type, r.id, body, r.name) : undefined;
    return m && m !== 'ambiguous' ? { id: m.id } : { drop: 'missing' };
  }
}

type Match = { readonly id: string; readonly by: 'id' | 'id-map' | 'name' } | 'ambiguous' | undefined;

/** `<path> -> <type>/<id> (<name>)`: the name the reference carries, or the snapshot's resource's. */
function describe(r: SourceReference, matcher: Matcher, blocked = true): string {
  const key = resourceKey(r.type, r.id);
  const name = r.name ?? matcher.snapshot.resources.get(key)?.entry.name;
  return `${r.path} -> ${key}${name ? ` (${name})` : ''}${blocked && matcher.unavailable.has(key) ? ' (blocked itself)' : ''}`;
}

/** Catalog types a plan needs listed in the target: the selected ones and every type they reference. */
export function typesToRead(snapshot: Snapshot, selected: ReadonlySet<string>): string[] {
  const out = new Set(selected);
  for (const r of snapshot.manifest.resources)
    if (selected.has(r.type))
      for (const dep of r.dependsOn) {
        const type = dep.slice(0, dep.indexOf('/'));
        if (typeByName(type)) out.add(type);
      }
  return [...out].sort(compare);
}

export function selectedTypes(snapshot: Snapshot, resourceTypes: readonly string[]): Set<string> {
  const inSnapshot = new Set(snapshot.manifest.resources.map((r) => r.type));
  const wanted = resourceTypes.length ? resourceTypes : [...IMPORTABLE.keys()];
  return new Set(wanted.filter((t) => inSnapshot.has(t) && IMPORTABLE.has(t)));
}

/** The fields of two snapshot forms that differ, compared without IDs, read-only fields or reference names. */
export function changedFields(t: ImportableType, desired: Entity, current: Entity): string[] {
  const catalog = requireType(t.type);
  // Canonical again: rewritten IDs change the order of `{id}` lists.
  const ordered = new Set(catalog.ordered ?? []);
  const form = (e: Entity) => (t.comparable ? t.comparable(e) : e);
  const a = canonicalize(withoutReferenceNames(catalog, form(desired)), ordered) as Entity;
  const b = canonicalize(withoutReferenceNames(catalog, form(current)), ordered) as Entity;
  const ignored = new Set(['id', ...t.readOnly]);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => !ignored.has(k)));
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort(compare);
}

/** Paths of values still `<redacted>`, whole or inside text (credentials an export cannot read back). */
export function redactedPaths(node: unknown, at = ''): string[] {
  if (typeof node === 'string' && node.includes(REDACTED)) return [at || '(value)'];
  if (Array.isArray(node)) return node.flatMap((x, i) => redactedPaths(x, `${at}[${i}]`));
  if (node && typeof node === 'object')
    return Object.entries(node).flatMap(([k, v]) => redactedPaths(v, at ? `${at}.${k}` : k));
  return [];
}

export function buildPlan(
  snapshot: Snapshot,
  target: TargetState,
  idMap: IdMap,
  options: PlanOptions,
): { plan: ImportPlan; matcher: Matcher } {
  const { manifest } = snapshot;
  const selected = selectedTypes(snapshot, options.resourceTypes);
  const matcher = new Matcher(
    snapshot,
    target,
    idMap,
    manifest.organizationId === options.targetOrganization.id,
    selected,
  );
  const ids = new Set(options.resourceIds ?? []);
  const order = manifest.importOrder.filter(
    (k) =>
      selected.has(k.slice(0, k.indexOf('/'))) && (ids.size === 0 || ids.has(k.slice(k.indexOf('/') + 1))),
  );
  const items: PlannedResource[] = order.flatMap((key) => {
    const r = snapshot.resources.get(key);
    return r
      ? [
          {
            key,
            type: r.entry.type,
            sourceId: r.entry.id,
            name: r.entry.name,
            action: 'create' as PlanAction,
          },
        ]
      : [];
  });
  // Every match first, so that a reference to a resource later in the order resolves.
  for (const p of items) {
    const m = matcher.match(p.type, p.sourceId, snapshot.resources.get(p.key)?.body);
    if (m === 'ambiguous') {
      p.action = 'blocked';
      p.reason = `several ${p.type} resources of the target org are named '${p.name}'`;
      matcher.unavailable.add(p.key);
    } else if (m) {
      p.targetId = m.id;
      p.matchedBy = m.by;
      matcher.targetIds.set(p.key, m.id);
    } else matcher.toCreate.add(p.key);
  }
  // Again while something was blocked: a resource blocked later in the order (a cycle) blocks the earlier
  // ones whose reference to it was taken for one this run creates.
  for (let blockedSome = true; blockedSome; ) {
    blockedSome = false;
    const seen = new Set<string>();
    for (const p of items) {
      seen.add(p.key);
      if (p.action === 'blocked') continue;
      for (const field of ['changes', 'dropped', 'gone', 'deferred', 'secrets'] as const) delete p[field];
      const blocked = planOne(p, snapshot, target, matcher, options, seen);
      if (blocked === undefined) continue;
      p.action = 'blocked';
      p.reason = blocked;
      delete p.changes;
      // A resource the target has stays what references to it resolve to, as it is there.
      if (p.targetId !== undefined) continue;
      blockedSome = true;
      matcher.unavailable.add(p.key);
      matcher.toCreate.delete(p.key);
    }
  }
  const exportOnly = countBy(manifest.resources.filter((r) => !IMPORTABLE.has(r.type)).map((r) => r.type));
  const asked = new Set(items.flatMap((p) => (p.secrets ?? []).map((path) => `${p.key} ${path}`)));
  const unusedSecrets = (options.secrets?.supplied() ?? []).filter((s) => !asked.has(s)).sort(compare);
  return {
    plan: {
      sourceOrganization: { id: manifest.organizationId, name: manifest.organizationName },
      targetOrganization: options.targetOrganization,
      resources: items,
      exportOnly,
      ...(unusedSecrets.length ? { unusedSecrets } : {}),
    },
    matcher,
  };
}

/** Decides a resource's action; returns why it is blocked, if it is. */
function planOne(
  p: PlannedResource,
  snapshot: Snapshot,
  target: TargetState,
  matcher: Matcher,
  options: PlanOptions,
  seen: ReadonlySet<string>,
): string | undefined {
  const t = IMPORTABLE.get(p.type) as ImportableType;
  const body = snapshot.resources.get(p.key)?.body as Entity;
  // What import never creates (an OAuth client's grants, a system flow) says so first: neither a value
  // for its credentials nor --ignoreMissingResources for its references would change that.
  const refusedCreate = p.targetId === undefined ? t.refuse?.(body, undefined) : undefined;
  if (refusedCreate) return refusedCreate;
  const secrets = redactedPaths(body);
  const supplied = options.secrets ?? SecretValues.none;
  const needed = secrets.filter((path) => !supplied.has(p.key, path));
  if (needed.length)
    return `needs a value for ${needed.join(', ')} (redacted in the snapshot; --secretsFile supplies it)`;
  if (secrets.length) p.secrets = secrets;
  const { body: desired, dropped } = rewriteReferences(requireType(p.type), body, (r) => {
    const res = matcher.resolve(r);
    // At plan time a resource created later stands for itself: its ID is not known yet.
    if ('drop' in res && res.drop === 'pending') return { id: `(created: ${r.type}/${r.id})` };
    return res;
  });
  const missing = dropped.filter((d) => d.why === 'missing');
  if (missing.length && !options.ignoreMissingResources)
    return `references what the target org does not have and this import cannot create: ${missing.map((d) => describe(d, matcher)).join('; ')} (--ignoreMissingResources drops them)`;
  if (missing.length) p.dropped = missing.map((d) => describe(d, matcher));
  const gone = dropped.filter((d) => d.why === 'gone');
  const without = gone.filter((d) => t.requires?.includes(d.path));
  if (without.length)
    return without
      .map((d) => `its ${describe(d, matcher, false).replace(' -> ', ', ')}, was deleted in the source org`)
      .join('; ');
  if (gone.length) p.gone = gone.map((d) => describe(d, matcher, false));
  const deferred = laterReferences(p, body, (k) => matcher.toCreate.has(k) && !seen.has(k));
  if (p.targetId === undefined) {
    p.action = 'create';
    if (deferred.length) p.deferred = deferred;
    return undefined;
  }
  const current = (target.get(p.type) ?? []).find((e) => e.id === p.targetId) as Entity;
  const changes = changedFields(t, desired, current);
  if (changes.length === 0) {
    p.action = 'unchanged';
    return undefined;
  }
  p.changes = changes;
  if (!t.update) return `the API cannot change a ${p.type} (${changes.join(', ')} differ)`;
  const fixed = changes.filter((c) => !(t.update?.fields ?? changes).includes(c) && !isChild(t, c));
  if (fixed.length)
    return `the API can change only ${t.update.fields?.join(', ')} of a ${p.type} (${fixed.join(', ')} differ)`;
  const refused = t.refuse?.(body, current);
  if (refused) return refused;
  p.action = 'update';
  return undefined;
}

const isChild = (t: ImportableType, field: string) => (t.children ?? []).some((c) => c.field === field);

/** `type/id` of the resources this resource references that this run creates after it. */
function laterReferences(p: PlannedResource, body: Entity, later: (key: string) => boolean): string[] {
  const t = requireType(p.type);
  const out = new Set<string>();
  rewriteReferences(t, body, (r) => {
    const key = resourceKey(r.type, r.id);
    if (later(key)) out.add(key);
    return { id: r.id };
  });
  return [...out].sort(compare);
}

function countBy(types: readonly string[]): Array<{ type: string; count: number }> {
  const counts = new Map<string, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => compare(a, b)).map(([type, count]) => ({ type, count }));
}
