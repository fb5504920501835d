/**
 * Step 1 of the workflow: log in, check the organization, list each chosen type once at its largest page
 * size (finding missing permissions before anything is exported), stage the listings and cut them into
 * batches.
 */

import { randomUUID } from 'node:crypto';
import { AUDIT_MARGIN_MS, type AuditedChanges, auditedChanges } from './audit-changes.ts';
import { batchSize, stageBatches } from './batching.ts';
import { CATALOG, requireType } from './catalog/index.ts';
import type { Entity, ResourceTypeDefinition } from './catalog/types.ts';
import { allSettledOrThrow } from './concurrency.ts';
import type { EngineContext } from './context.ts';
import { errorMessage, OrganizationMismatchError, PermissionDeniedError } from './errors.ts';
import { fetchByIds, type ListingMemo, listType } from './fetch.ts';
import { type NamePredicate, nameFilter } from './filters.ts';
import {
  type ChangeRequest,
  type ChangeTracking,
  copiedTypes,
  decideMode,
  declaredMethod,
  fallbackReason,
  fingerprint,
  type ListedCopies,
  type PlannedTracking,
  type ReuseInput,
  reusable,
  type TypeMethod,
} from './incremental.ts';
import { listingKey, MANIFEST_KEY, planRecordKey, presentKey, RUN_STAMP_KEY, reuseKey } from './keys.ts';
import type { BatchDescriptor, ExportOptions, Manifest, RunRecord, RunStamp, TypeStatus } from './model.ts';
import { byKeys, sortedEntries } from './order.ts';
import { claimStaging, ensureGitignore } from './staging.ts';
import { readJson, writeJson } from './storage/types.ts';

// For bench/run.ts until it imports from batching.ts.
export { batchSize } from './batching.ts';

export interface PlanOutput {
  readonly runId: string;
  readonly batches: BatchDescriptor[];
  readonly skipped: number;
}

/** What planning one type needs to know about the run. */
interface PlanScope {
  readonly runId: string;
  readonly options: ExportOptions;
  /** The snapshot's manifest before this run. */
  readonly previous: Manifest | undefined;
  readonly keep: NamePredicate;
  /** IDs of `--resourceIds` some type has, filled in as types are planned. */
  readonly found: Set<string>;
  /** Each type is listed once, even where another type lists per resource of it. */
  readonly listings: ListingMemo;
  /** Fingerprints of the resources of each completely listed type, by ID. */
  readonly listed: Map<string, Map<string, string>>;
}

interface PlannedType {
  readonly status: TypeStatus;
  readonly batches: BatchDescriptor[];
}

export async function planExport(
  ctx: EngineContext,
  options: ExportOptions,
  runId: string = runIdAt(ctx.clock.now()),
  request?: ChangeRequest,
): Promise<PlanOutput> {
  const org = await checkOrganization(ctx, options);
  await claimStaging(ctx, runId);
  await ensureGitignore(ctx.store);
  const chosen = options.resourceTypes.length ? options.resourceTypes.map(requireType) : [...CATALOG];
  const scope: PlanScope = {
    runId,
    options,
    previous: await readJson<Manifest>(ctx.store, MANIFEST_KEY),
    keep: nameFilter(options),
    found: new Set<string>(),
    listings: new Map(),
    listed: new Map(),
  };
  const stamp = await readJson<RunStamp>(ctx.store, RUN_STAMP_KEY);
  const mode = decideMode(request, runId, options, scope.previous, stamp, ctx.clock.now());
  const planned = await allSettledOrThrow(chosen.map((t) => planType(ctx, scope, t)));
  const notFound = options.resourceIds.filter((id) => !scope.found.has(id));
  for (const id of notFound)
    ctx.emit?.({
      kind: 'warning',
      message: `--resourceIds: ${id} was not found in ${chosen.length === CATALOG.length ? 'any type' : `the types ${chosen.map((t) => t.name).join(', ')}`}`,
    });
  const types = Object.fromEntries(
    sortedEntries(Object.fromEntries(planned.map((p) => [p.status.type, p.status]))),
  );
  const record: RunRecord = {
    schemaVersion: 1,
    runId,
    startedAt: new Date(ctx.clock.now()).toISOString(),
    options,
    organization: { id: org.id, name: org.name },
    types,
    ...(notFound.length ? { notFound } : {}),
    changeTracking: await planReuse(ctx, scope, chosen, types, {
      ...mode,
      before: mode.mode === 'incremental' ? stamp?.changeTracking : undefined,
    }),
  };
  await writeJson(ctx.store, planRecordKey(runId), record);
  const batches = planned.flatMap((p) => p.batches).sort(byKeys((b) => [b.batchId]));
  ctx.emit?.({ kind: 'planned', batches: batches.length, round: 0 });
  return { runId, batches, skipped: Object.values(types).filter((s) => s.outcome === 'skipped').length };
}

/** The organization the credentials belong to, which must be the one `--organizationId` names. */
async function checkOrganization(
  ctx: EngineContext,
  options: ExportOptions,
): Promise<{ id: string; name: string }> {
  const org = await ctx.client.get<{ id: string; name: string }>('/api/v2/organizations/me');
  if (options.organizationId && org.id !== options.organizationId) {
    throw new OrganizationMismatchError(
      `--organizationId ${options.organizationId} does not match the organization these credentials belong to (${org.id}, '${org.name}'); nothing was exported`,
    );
  }
  return org;
}

/**
 * Lists (or reads by ID) one type, stages its listing and present IDs, and cuts its selection into
 * batches. A missing permission skips the type and any other failure fails it; neither stops the run.
 */
async function planType(
  ctx: EngineContext,
  scope: PlanScope,
  t: ResourceTypeDefinition,
): Promise<PlannedType> {
  const status: TypeStatus = {
    type: t.name,
    outcome: 'complete',
    listedCompletely: false,
    listingCoversAll: false,
    listed: 0,
    selected: 0,
    pages: 0,
    changedDuringListing: false,
  };
  try {
    const found =
      scope.options.resourceIds.length && t.list.idFilter
        ? await readSelection(ctx, scope, t, status)
        : await listSelection(ctx, scope, t, status);
    for (const e of found) scope.found.add(String(e.id));
    const selected = found.filter((e) => scope.keep(t.name, e)).sort(byKeys((e) => [String(e.id)]));
    status.selected = selected.length;
    const batches = await stageBatches(ctx, scope.runId, t.name, 'listing', '', selected, batchSize(t));
    ctx.emit?.({ kind: 'listed', type: t.name, selected: selected.length, pages: status.pages });
    return { status, batches };
  } catch (err) {
    if (err instanceof OrganizationMismatchError) throw err;
    recordTypeFailure(ctx, t, status, err);
    return { status, batches: [] };
  }
}

/** `--resourceIds` of a type that can be read by ID: read them, nothing is listed. */
async function readSelection(
  ctx: EngineContext,
  scope: PlanScope,
  t: ResourceTypeDefinition,
  status: TypeStatus,
): Promise<Entity[]> {
  const { entities } = await fetchByIds(ctx.client, t, scope.options.resourceIds);
  status.listed = entities.length;
  return entities;
}

/** Lists the whole type, stages the listing (and, when complete, the IDs present) and selects from it. */
async function listSelection(
  ctx: EngineContext,
  scope: PlanScope,
  t: ResourceTypeDefinition,
  status: TypeStatus,
): Promise<Entity[]> {
  const { options, runId } = scope;
  const listing = await listType(ctx.client, t, options.includeAllResources, undefined, scope.listings);
  status.pages = listing.pages;
  status.listed = listing.entities.length;
  status.changedDuringListing = listing.changedDuringListing;
  status.listingCoversAll =
    options.includeAllResources || (!t.list.includeAllQuery && !t.list.includeAllPasses);
  if (listing.incomplete) {
    status.outcome = 'partial';
    status.reason = listing.incomplete;
    ctx.emit?.({ kind: 'warning', message: `Resource type '${t.name}': ${listing.incomplete}` });
  } else {
    status.listedCompletely = true;
    scope.listed.set(t.name, new Map(listing.entities.map((e) => [String(e.id), fingerprint(t, e)])));
    const present = await presentIds(ctx, t, listing.entities, status.listingCoversAll, scope.previous);
    await writeJson(ctx.store, presentKey(runId, t.name), present, true);
  }
  await writeJson(ctx.store, listingKey(runId, t.name), listing.entities, true);
  const ids = new Set(options.resourceIds);
  const selected = listing.entities.filter((e) =>
    ids.size ? ids.has(String(e.id)) : options.includeAllResources || (t.isActive ? t.isActive(e) : true),
  );
  if (listing.changedDuringListing)
    ctx.emit?.({
      kind: 'warning',
      message: `Resource type '${t.name}' changed while it was being listed; it was listed again`,
    });
  return selected;
}

/**
 * Each type's method this run and, in an incremental run, the resources of each `stamp` type whose earlier
 * files its batches keep (staged per type); a type that cannot be sure falls back to full reads, and says so.
 */
async function planReuse(
  ctx: EngineContext,
  scope: PlanScope,
  chosen: readonly ResourceTypeDefinition[],
  types: Record<string, TypeStatus>,
  mode: Omit<PlannedTracking, 'methods' | 'fallbacks'> & { before: ChangeTracking | undefined },
): Promise<PlannedTracking> {
  const { before, ...decided } = mode;
  const methods: Record<string, TypeMethod> = {};
  const fallbacks: Record<string, string> = {};
  const input: ReuseInput | undefined =
    scope.previous && before ? { previous: scope.previous, before, listed: scope.listed } : undefined;
  const audit = input ? await readAudit(ctx, chosen, input.before) : undefined;
  for (const t of chosen) {
    const declared = declaredMethod(t);
    const reuses = declared === 'stamp' || declared === 'audit';
    methods[t.name] = reuses && !input ? 'full' : declared;
    if (!reuses || !input) continue;
    const status = types[t.name];
    const changes = t.changes?.method === 'audit' ? t.changes : undefined;
    const why =
      fallbackReason(input, t.name, status?.outcome === 'complete' && status.listedCompletely) ??
      (changes && audit && !audit.changes.ok ? audit.changes.reason : undefined);
    if (why) {
      methods[t.name] = 'full';
      fallbacks[t.name] = why;
      ctx.emit?.({ kind: 'warning', message: `Resource type '${t.name}' read in full this run: ${why}` });
      continue;
    }
    const present = new Set(await ctx.store.list(t.folder));
    const ids = audit ? ok(audit.changes) : undefined;
    const named = new Set(changes && ids ? changes.entityTypes.flatMap((e) => [...(ids.get(e) ?? [])]) : []);
    const copies = changes ? await listedCopies(scope, t) : undefined;
    await writeJson(
      ctx.store,
      reuseKey(scope.runId, t.name),
      reusable(input, t.name, present, named, copies),
      true,
    );
  }
  return { ...decided, methods, fallbacks, ...(audit ? { auditWindow: audit.window } : {}) };
}

const ok = (c: AuditedChanges) => (c.ok ? c.ids : undefined);

/**
 * The fields the type's sub-resource items copy, as this run listed them, for each type they copy from:
 * empty for a type not listed completely this run (nothing can be refreshed from it).
 */
async function listedCopies(scope: PlanScope, t: ResourceTypeDefinition): Promise<ListedCopies> {
  const out = new Map<string, Map<string, Entity>>();
  for (const [type, fields] of copiedTypes(t)) {
    const byId = new Map<string, Entity>();
    out.set(type, byId);
    const listing = scope.listings.get(`${type}|${scope.options.includeAllResources}`);
    if (!scope.listed.has(type) || !listing) continue;
    for (const e of (await listing).entities)
      byId.set(String(e.id), Object.fromEntries(fields.filter((f) => f in e).map((f) => [f, e[f]])));
  }
  return out;
}

/**
 * The audit log's changes for the chosen `audit` types, since the base run started (less the margin for
 * late entries); undefined when no chosen type uses the audit.
 */
async function readAudit(
  ctx: EngineContext,
  chosen: readonly ResourceTypeDefinition[],
  before: ChangeTracking,
): Promise<{ window: string; changes: AuditedChanges } | undefined> {
  const services = new Map<string, string[]>();
  for (const t of chosen)
    if (t.changes?.method === 'audit')
      services.set(t.changes.service, [...(services.get(t.changes.service) ?? []), ...t.changes.entityTypes]);
  if (!services.size) return undefined;
  const from = Date.parse(before.startedAt) - AUDIT_MARGIN_MS;
  const to = ctx.clock.now();
  const changes = await auditedChanges(ctx.client, ctx.clock, services, from, to);
  return { window: `${new Date(from).toISOString()}/${new Date(to).toISOString()}`, changes };
}

/** A type that could not be planned: skipped for a missing permission, failed for anything else. */
function recordTypeFailure(
  ctx: EngineContext,
  t: ResourceTypeDefinition,
  status: TypeStatus,
  err: unknown,
): void {
  if (err instanceof PermissionDeniedError) {
    status.outcome = 'skipped';
    status.permissions = [...(err.permissions.length ? err.permissions : t.permissions)];
    status.reason = `missing permission ${status.permissions.join(', ')}`;
    ctx.emit?.({ kind: 'warning', message: `Resource type '${t.name}' skipped: ${status.reason}` });
  } else {
    status.outcome = 'failed';
    status.reason = errorMessage(err);
    ctx.emit?.({ kind: 'warning', message: `Resource type '${t.name}' failed: ${status.reason}` });
  }
}

/**
 * IDs of the type known to exist in the org: the listing's, plus resources of the earlier snapshot that
 * a listing of active resources only did not show but that still exist (read by ID). Finalize removes a
 * resource only when it is absent from this set: gone from the org, whatever else failed in the run.
 */
async function presentIds(
  ctx: EngineContext,
  t: ResourceTypeDefinition,
  listed: readonly Entity[],
  coversAll: boolean,
  previous: Manifest | undefined,
): Promise<string[]> {
  const ids = new Set(listed.map((e) => String(e.id)));
  const missing = (previous?.resources ?? [])
    .filter((r) => r.type === t.name && !ids.has(r.id))
    .map((r) => r.id);
  if (!coversAll && missing.length) {
    const { entities } = await fetchByIds(ctx.client, t, missing);
    for (const e of entities) if (!isDeleted(e)) ids.add(String(e.id));
  }
  return [...ids].sort();
}

const isDeleted = (e: Entity) => e.deleted === true || e.state === 'deleted';

/** Run IDs start with the UTC time, so that their order is time order (`export runs` relies on it). */
export function runIdAt(ms: number, suffix: string = randomUUID().slice(0, 8)): string {
  return `${new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${suffix}`;
}
