/**
 * Carries an import plan out in its order with the engine's Genesys client (pacing, retries): creates,
 * then each created resource's lists (a queue's wrap-up codes and members); updates with the resource's
 * current version where the API wants it. A reference to a resource this run creates later (a cycle the
 * manifest's order breaks) is left out of the create and added back by an update once everything exists.
 * A failure is recorded on its resource and the rest goes on.
 */
import { requireType } from '../engine/catalog/index.ts';
import type { Entity } from '../engine/catalog/types.ts';
import { errorMessage } from '../engine/errors.ts';
import type { GenesysClient } from '../engine/genesys/client.ts';
import { compare } from '../engine/order.ts';
import { type Body, IMPORTABLE, type ImportableType } from './importable.ts';
import type { ImportPlan, Matcher, PlannedResource } from './plan.ts';
import { deletePath } from './prune.ts';
import { rewriteReferences } from './rewrite.ts';
import type { SecretValues } from './secrets-file.ts';
import type { IdMap, Snapshot } from './snapshot.ts';
import type { TargetState } from './target.ts';

export type ApplyOutcome =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'blocked'
  | 'deleted'
  | 'failed'
  /** Not carried out: the run was interrupted (Ctrl-C) before it; a rerun picks it up. */
  | 'interrupted';

export interface AppliedResource extends PlannedResource {
  outcome: ApplyOutcome;
  error?: string;
}

export interface ApplyContext {
  readonly client: GenesysClient;
  readonly snapshot: Snapshot;
  readonly target: TargetState;
  readonly matcher: Matcher;
  readonly idMap: IdMap;
  readonly ignoreMissingResources: boolean;
  /** Values of redacted credentials (--secretsFile): put into request bodies only. */
  readonly secrets?: SecretValues;
  /** Aborted (Ctrl-C): the run stops between resources. */
  readonly signal?: AbortSignal;
  /** Called after each resource, with what happened. */
  readonly onResource?: (r: AppliedResource) => void;
}

export async function applyPlan(plan: ImportPlan, ctx: ApplyContext): Promise<AppliedResource[]> {
  const results: AppliedResource[] = plan.resources.map((p) => ({
    ...p,
    outcome: p.action === 'blocked' ? 'blocked' : p.action === 'unchanged' ? 'unchanged' : 'interrupted',
  }));
  const stopped = () => ctx.signal?.aborted === true;
  const failed = (r: AppliedResource, err: unknown, prefix = '') => {
    r.outcome = 'failed';
    r.error = `${prefix}${scrub(ctx, errorMessage(err))}`;
  };
  const deferred: AppliedResource[] = [];
  for (const r of results) {
    if (r.action !== 'create' && r.action !== 'update') continue;
    if (stopped()) break;
    try {
      const pending = r.action === 'create' ? await create(r, ctx) : await update(r, ctx);
      r.outcome = r.action === 'create' ? 'created' : 'updated';
      if (pending) deferred.push(r);
    } catch (err) {
      failed(r, err);
      ctx.matcher.unavailable.add(r.key);
      ctx.matcher.toCreate.delete(r.key);
    }
    if (!deferred.includes(r)) ctx.onResource?.(r);
  }
  // Every resource exists now: add back the references left out of the creates.
  for (const r of deferred) {
    if (stopped()) {
      r.outcome = 'interrupted';
      r.error = `created without its references to ${(r.deferred ?? []).join(', ')}: a rerun adds them`;
    } else
      try {
        await update({ ...r, action: 'update' }, ctx, true);
      } catch (err) {
        failed(r, err, 'created, but its references to resources created after it could not be added: ');
      }
    ctx.onResource?.(r);
  }
  // --prune: last, once nothing the snapshot keeps depends on what goes.
  for (const r of results) {
    if (r.action !== 'delete' || stopped()) continue;
    try {
      await ctx.client.delete(deletePath(r.type, String(r.targetId)) as string);
      r.outcome = 'deleted';
    } catch (err) {
      failed(r, err);
    }
    ctx.onResource?.(r);
  }
  return results;
}

const scrub = (ctx: ApplyContext, text: string) => ctx.secrets?.scrub(text) ?? text;

/** The snapshot form with the target's IDs: `pending` says some reference was left out until later. */
export function desired(r: PlannedResource, ctx: ApplyContext): { body: Entity; pending: boolean } {
  const source = ctx.snapshot.resources.get(r.key)?.body as Entity;
  const { body, dropped } = rewriteReferences(requireType(r.type), source, (ref) => ctx.matcher.resolve(ref));
  const missing = dropped.filter((d) => d.why === 'missing');
  if (missing.length && !ctx.ignoreMissingResources)
    throw new Error(
      `references what the target org does not have: ${missing.map((d) => `${d.type}/${d.id}`).join(', ')}`,
    );
  const withSecrets = ctx.secrets ? ctx.secrets.inject(r.key, body) : body;
  return { body: withSecrets, pending: dropped.some((d) => d.why === 'pending') };
}

async function create(r: AppliedResource, ctx: ApplyContext): Promise<boolean> {
  const t = IMPORTABLE.get(r.type) as ImportableType;
  if (t.writer) {
    const written = await t.writer.write(r, ctx);
    r.targetId = written.id;
    ctx.matcher.targetIds.set(r.key, written.id);
    ctx.matcher.toCreate.delete(r.key);
    record(ctx.idMap, r, written.id);
    return written.pending;
  }
  const { body, pending } = desired(r, ctx);
  const created = await ctx.client.post<Entity>(t.create.path, t.create.body(body));
  const id = String(created.id);
  r.targetId = id;
  ctx.matcher.targetIds.set(r.key, id);
  ctx.matcher.toCreate.delete(r.key);
  record(ctx.idMap, r, id);
  await syncChildren(t, id, body, {}, ctx.client);
  return pending;
}

async function update(r: AppliedResource, ctx: ApplyContext, full = false): Promise<boolean> {
  const t = IMPORTABLE.get(r.type) as ImportableType;
  const id = String(r.targetId);
  if (t.writer) {
    const written = await t.writer.write(r, ctx);
    // A write can move the resource to a new ID (publishing an evaluation form makes a new draft of it).
    if (written.id !== id) {
      r.targetId = written.id;
      ctx.matcher.targetIds.set(r.key, written.id);
    }
    if (r.matchedBy !== 'id' || written.id !== id) record(ctx.idMap, r, written.id);
    return written.pending;
  }
  const { body, pending } = desired(r, ctx);
  const current = (ctx.target.get(r.type) ?? []).find((e) => e.id === id) ?? ({} as Entity);
  const childFields = new Set((t.children ?? []).map((c) => c.field));
  const ownChanges = full || (r.changes ?? []).some((c) => !childFields.has(c));
  if (ownChanges && t.update) {
    const live =
      t.update.versioned && t.update.read ? await ctx.client.get<Entity>(t.update.read(id)) : current;
    const send = t.update.body(body, live);
    if (t.update.method === 'PUT') await ctx.client.put(t.update.path(id), send);
    else await ctx.client.patch(t.update.path(id), send);
  }
  if (r.matchedBy !== 'id') record(ctx.idMap, r, id);
  await syncChildren(t, id, body, full ? {} : current, ctx.client, full);
  return pending;
}

/** Adds and removes the members of each list (by ID) so that the target's equal the snapshot's. */
async function syncChildren(
  t: ImportableType,
  id: string,
  desiredBody: Entity,
  current: Entity,
  client: GenesysClient,
  onlyAdd = false,
): Promise<void> {
  for (const child of t.children ?? []) {
    const ids = (v: unknown) =>
      new Set(
        (Array.isArray(v) ? v : []).map((x) => String((x as Entity).id)).filter((x) => x !== 'undefined'),
      );
    const want = ids(desiredBody[child.field]);
    const have = ids(current[child.field]);
    const add = [...want].filter((x) => !have.has(x)).sort(compare);
    const remove = onlyAdd ? [] : [...have].filter((x) => !want.has(x)).sort(compare);
    if (add.length) {
      const req = child.add(id, add);
      await client.post(req.path, req.body);
    }
    if (remove.length)
      for (const req of child.remove(id, remove))
        if (req.method === 'DELETE') await client.delete(req.path);
        else await client.post(req.path, req.body as Body);
  }
}

function record(map: IdMap, r: PlannedResource, targetId: string): void {
  let ids = map.get(r.type);
  if (!ids) {
    ids = new Map();
    map.set(r.type, ids);
  }
  ids.set(r.sourceId, targetId);
}
