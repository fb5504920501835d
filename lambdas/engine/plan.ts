/**
 * Step 1 of the workflow: log in, check the organization, list each chosen type once at its largest page
 * size (finding missing permissions before anything is exported), stage the listings and cut them into
 * batches.
 */

import { randomUUID } from 'node:crypto';
import { CATALOG, requireType } from './catalog/index.ts';
import type { Entity, ResourceTypeDefinition } from './catalog/types.ts';
import { allSettledOrThrow } from './concurrency.ts';
import type { EngineContext } from './context.ts';
import { errorMessage, OrganizationMismatchError, PermissionDeniedError } from './errors.ts';
import { fetchByIds, listType } from './fetch.ts';
import { nameFilter } from './filters.ts';
import type { BatchDescriptor, ExportOptions, Manifest, RunRecord, TypeStatus } from './model.ts';
import { MANIFEST_KEY, stagingKey } from './model.ts';
import { claimStaging, ensureGitignore } from './staging.ts';
import { readJson, writeJson } from './storage/types.ts';

export interface PlanOutput {
  readonly runId: string;
  readonly batches: BatchDescriptor[];
  readonly skipped: number;
}

/** Resources per batch: fewer where each resource costs its own requests (sub-resources, definitions). */
export function batchSize(t: ResourceTypeDefinition): number {
  if (t.flowDefinition) return 50;
  if (t.subResources?.length) return 50;
  return 1000;
}

export function cut<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `routing:queue` -> `routing_queue`, for keys and batch IDs. */
const slug = (type: string) => type.replace(':', '_');

/** Where the plan keeps a type's whole listing for the rest of the run. */
export const listingKey = (runId: string, type: string) =>
  stagingKey(runId, 'listings', `${slug(type)}.json`);

/** Where the plan keeps the IDs of a completely listed type that exist in the org. */
export const presentKey = (runId: string, type: string) => stagingKey(runId, 'present', `${slug(type)}.json`);

/**
 * Cuts items into batches of `size`, stages each chunk and returns the descriptors, which carry only the
 * chunk's key (a state stays small however many IDs a batch holds).
 */
export async function stageBatches(
  ctx: Pick<EngineContext, 'store' | 'emit'>,
  runId: string,
  type: string,
  kind: BatchDescriptor['source']['kind'],
  idPrefix: string,
  items: readonly unknown[],
  size: number,
  round = 0,
): Promise<BatchDescriptor[]> {
  const out: BatchDescriptor[] = [];
  for (const [i, chunk] of cut(items, size).entries()) {
    const batchId = `${slug(type)}${idPrefix}-${String(i).padStart(4, '0')}`;
    const key = stagingKey(runId, 'selected', `${batchId}.json`);
    await writeJson(ctx.store, key, chunk, true);
    out.push({ runId, batchId, type, source: { kind, key }, round });
    ctx.emit?.({ kind: 'staged', type, resources: chunk.length, round, byId: kind === 'ids' });
  }
  return out;
}

export async function planExport(
  ctx: EngineContext,
  options: ExportOptions,
  runId: string = runIdAt(ctx.clock.now()),
): Promise<PlanOutput> {
  const org = await ctx.client.get<{ id: string; name: string }>('/api/v2/organizations/me');
  if (options.organizationId && org.id !== options.organizationId) {
    throw new OrganizationMismatchError(
      `--organizationId ${options.organizationId} does not match the organization these credentials belong to (${org.id}, '${org.name}'); nothing was exported`,
    );
  }
  await claimStaging(ctx, runId);
  await ensureGitignore(ctx.store);
  const chosen = options.resourceTypes.length ? options.resourceTypes.map(requireType) : [...CATALOG];
  const previous = await readJson<Manifest>(ctx.store, MANIFEST_KEY);
  const types: Record<string, TypeStatus> = {};
  const keep = nameFilter(options);
  const foundIds = new Set<string>();
  const batches: BatchDescriptor[] = [];

  await allSettledOrThrow(
    chosen.map(async (t) => {
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
      types[t.name] = status;
      try {
        let selected: Entity[];
        if (options.resourceIds.length && t.list.idFilter) {
          const { entities } = await fetchByIds(ctx.client, t, options.resourceIds);
          selected = entities;
          status.listed = entities.length;
        } else {
          const listing = await listType(ctx.client, t, options.includeAllResources);
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
            await writeJson(
              ctx.store,
              presentKey(runId, t.name),
              await presentIds(ctx, t, listing.entities, status.listingCoversAll, previous),
              true,
            );
          }
          await writeJson(ctx.store, listingKey(runId, t.name), listing.entities, true);
          const ids = new Set(options.resourceIds);
          selected = listing.entities.filter((e) =>
            ids.size
              ? ids.has(String(e.id))
              : options.includeAllResources || (t.isActive ? t.isActive(e) : true),
          );
          if (listing.changedDuringListing)
            ctx.emit?.({
              kind: 'warning',
              message: `Resource type '${t.name}' changed while it was being listed; it was listed again`,
            });
        }
        for (const e of selected) foundIds.add(String(e.id));
        selected = selected.filter((e) => keep(t.name, e));
        selected.sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
        status.selected = selected.length;
        batches.push(...(await stageBatches(ctx, runId, t.name, 'listing', '', selected, batchSize(t))));
        ctx.emit?.({ kind: 'listed', type: t.name, selected: selected.length, pages: status.pages });
      } catch (err) {
        if (err instanceof PermissionDeniedError) {
          status.outcome = 'skipped';
          status.permissions = [...(err.permissions.length ? err.permissions : t.permissions)];
          status.reason = `missing permission ${status.permissions.join(', ')}`;
          ctx.emit?.({ kind: 'warning', message: `Resource type '${t.name}' skipped: ${status.reason}` });
        } else if (err instanceof OrganizationMismatchError) throw err;
        else {
          status.outcome = 'failed';
          status.reason = errorMessage(err);
          ctx.emit?.({ kind: 'warning', message: `Resource type '${t.name}' failed: ${status.reason}` });
        }
      }
    }),
  );

  const notFound = options.resourceIds.filter((id) => !foundIds.has(id));
  for (const id of notFound)
    ctx.emit?.({
      kind: 'warning',
      message: `--resourceIds: ${id} was not found in ${chosen.length === CATALOG.length ? 'any type' : `the types ${chosen.map((t) => t.name).join(', ')}`}`,
    });
  const record: RunRecord = {
    schemaVersion: 1,
    runId,
    startedAt: new Date(ctx.clock.now()).toISOString(),
    options,
    organization: { id: org.id, name: org.name },
    types: sortRecord(types),
    ...(notFound.length ? { notFound } : {}),
  };
  await writeJson(ctx.store, stagingKey(runId, 'run.json'), record);
  batches.sort((a, b) => (a.batchId < b.batchId ? -1 : 1));
  ctx.emit?.({ kind: 'planned', batches: batches.length, round: 0 });
  return { runId, batches, skipped: Object.values(types).filter((s) => s.outcome === 'skipped').length };
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

function sortRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
}
