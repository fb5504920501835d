/** Reading resources of one catalog type: a whole listing, or a set of known IDs. */

import { requireType } from './catalog/index.ts';
import type { Entity, Query, ResourceTypeDefinition } from './catalog/types.ts';
import { allSettledOrThrow } from './concurrency.ts';
import { ApiError } from './errors.ts';
import type { GenesysClient } from './genesys/client.ts';
import { listAll, withQuery } from './genesys/paging.ts';
import { byKeys, chunk } from './order.ts';
import { redactCredentials } from './redact.ts';

/** Every body is redacted as it arrives, so that no credential is ever staged, logged or passed on. */
export const received = (t: Pick<ResourceTypeDefinition, 'secrets'>, e: Entity): Entity =>
  redactCredentials(e, t.secrets ?? []);

export interface TypeListing {
  readonly entities: Entity[];
  readonly pages: number;
  readonly changedDuringListing: boolean;
  /** Why some resources could not be listed (the listing is then not complete). */
  readonly incomplete?: string;
}

function firstPage(t: ResourceTypeDefinition, extra?: Query): string {
  if (t.list.paging === 'none') return withQuery(t.list.path, { ...(t.list.query ?? {}), ...(extra ?? {}) });
  const size = { pageSize: String(t.list.pageSize) };
  const numbered = t.list.paging === 'pageNumber' ? { pageNumber: '1' } : {};
  return withQuery(t.list.path, { ...size, ...numbered, ...(t.list.query ?? {}), ...(extra ?? {}) });
}

/**
 * Listings already made in a run, by type and `includeAll`: a per-parent type reuses its parent type's
 * listing instead of listing the parents again.
 */
export type ListingMemo = Map<string, Promise<TypeListing>>;

/**
 * Lists a type at its largest page size: one pass, or with --includeAllResources one pass per state
 * where the API needs it. Entities the platform generates are left out; every body is redacted. With a
 * memo, a type is listed once however many ask for it.
 */
export function listType(
  client: GenesysClient,
  t: ResourceTypeDefinition,
  includeAll: boolean,
  onPage?: (n: number) => void,
  memo?: ListingMemo,
): Promise<TypeListing> {
  if (!memo) return listTypeOnce(client, t, includeAll, onPage, memo);
  const key = `${t.name}|${includeAll}`;
  let listing = memo.get(key);
  if (!listing) {
    listing = listTypeOnce(client, t, includeAll, onPage, memo);
    memo.set(key, listing);
  }
  return listing;
}

async function listTypeOnce(
  client: GenesysClient,
  t: ResourceTypeDefinition,
  includeAll: boolean,
  onPage: ((n: number) => void) | undefined,
  memo: ListingMemo | undefined,
): Promise<TypeListing> {
  if (t.list.singleton) {
    const entities = await readSingleton(client, t);
    onPage?.(1);
    const pages = entities.length ? 1 + (t.list.singleton.merge?.length ?? 0) : 1;
    return { entities, pages, changedDuringListing: false };
  }
  if (t.list.parent) return listPerParent(client, t, includeAll, onPage, memo);
  const passes: readonly (Query | undefined)[] =
    includeAll && t.list.includeAllPasses
      ? t.list.includeAllPasses
      : (t.list.passes ?? [includeAll ? t.list.includeAllQuery : undefined]);
  const merged = new Map<string, Entity>();
  let pages = 0;
  let changedDuringListing = false;
  const incomplete: string[] = [];
  for (const pass of passes) {
    const r = await listPass(client, t, pass, onPage);
    pages += r.pages;
    changedDuringListing ||= r.changedDuringListing;
    if (r.incomplete) incomplete.push(r.incomplete);
    for (const e of r.entities) if (!merged.has(String(e.id))) merged.set(String(e.id), e);
  }
  const exclude = t.list.exclude;
  const entities = [...merged.values()].filter((e) => !exclude?.(e)).map((e) => received(t, e));
  return {
    entities,
    pages,
    changedDuringListing,
    ...(incomplete.length ? { incomplete: incomplete.join('; ') } : {}),
  };
}

/**
 * One listing. Page-number listings can skip or repeat entities when the org changes mid-listing; when
 * that is seen, the pass is listed once more and the two are merged. Past `maxResults`, the rest is read
 * in reverse order.
 */
async function listPass(
  client: GenesysClient,
  t: ResourceTypeDefinition,
  extra: Query | undefined,
  onPage?: (n: number) => void,
): Promise<TypeListing> {
  const path = firstPage(t, extra);
  const maxPages = t.list.maxResults ? Math.floor(t.list.maxResults / t.list.pageSize) : undefined;
  const once = async () => {
    const forward = await listAll<Entity>(client, path, onPage, maxPages);
    const total = forward.total ?? forward.entities.length;
    if (!t.list.maxResults || !t.list.reverseQuery || total <= t.list.maxResults)
      return { ...forward, lost: 0 };
    const rest = total - t.list.maxResults;
    const backward = await listAll<Entity>(
      client,
      firstPage(t, { ...(extra ?? {}), ...t.list.reverseQuery }),
      onPage,
      Math.min(maxPages ?? 1, Math.ceil(rest / t.list.pageSize)),
    );
    const byId = new Map(forward.entities.map((e) => [String(e.id), e]));
    for (const e of backward.entities) if (!byId.has(String(e.id))) byId.set(String(e.id), e);
    return {
      entities: [...byId.values()],
      pages: forward.pages + backward.pages,
      changed: forward.changed || backward.changed,
      total,
      lost: Math.max(0, total - byId.size),
    };
  };
  const first = await once();
  const describe = (lost: number) =>
    lost > 0
      ? `${lost} of ${first.total} ${t.name} resources${extra ? ` (${new URLSearchParams(extra as Record<string, string>).toString()})` : ''} could not be listed: one listing stops at ${t.list.maxResults} results, in each order`
      : undefined;
  if (!first.changed) {
    const incomplete = describe(first.lost);
    return {
      entities: first.entities,
      pages: first.pages,
      changedDuringListing: false,
      ...(incomplete ? { incomplete } : {}),
    };
  }
  const second = await once();
  const merged = new Map(second.entities.map((e) => [String(e.id), e]));
  if (second.changed)
    for (const e of first.entities) if (!merged.has(String(e.id))) merged.set(String(e.id), e);
  const incomplete = describe(second.lost);
  return {
    entities: [...merged.values()],
    pages: first.pages + second.pages,
    changedDuringListing: true,
    ...(incomplete ? { incomplete } : {}),
  };
}

/** Lists the parent type, then each parent's resources of this type (see `parent` in the catalog types). */
async function listPerParent(
  client: GenesysClient,
  t: ResourceTypeDefinition,
  includeAll: boolean,
  onPage: ((n: number) => void) | undefined,
  memo: ListingMemo | undefined,
): Promise<TypeListing> {
  const parent = t.list.parent;
  if (!parent) throw new Error(`${t.name} has no parent type`);
  const parents = await listType(client, requireType(parent.type), includeAll, onPage, memo);
  const listings = await allSettledOrThrow(
    parents.entities.map(async (p) => {
      try {
        return { p, listing: await listAll<Entity>(client, parent.firstPage(p), onPage) };
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return undefined;
        throw err;
      }
    }),
  );
  const merged = new Map<string, Entity>();
  let pages = parents.pages;
  let changedDuringListing = parents.changedDuringListing;
  const collected = new Map<string, Entity[]>();
  for (const r of listings) {
    if (!r) continue;
    pages += r.listing.pages;
    changedDuringListing ||= r.listing.changed;
    for (const e of r.listing.entities) {
      const id = String(e.id);
      if (parent.collect) collected.set(id, [...(collected.get(id) ?? []), parent.collect.item(r.p, e)]);
      if (merged.has(id)) continue;
      if (parent.collect) merged.set(id, parent.collect.base(e));
      else merged.set(id, parent.field ? { ...e, [parent.field]: { id: r.p.id } } : e);
    }
  }
  if (parent.collect) {
    const field = parent.collect.field;
    for (const [id, items] of collected) {
      const sorted = [...items].sort(byKeys((item) => [JSON.stringify(item)]));
      merged.set(id, { ...merged.get(id), [field]: sorted });
    }
  }
  const exclude = t.list.exclude;
  const entities = [...merged.values()].filter((e) => !exclude?.(e)).map((e) => received(t, e));
  return {
    entities,
    pages,
    changedDuringListing,
    ...(parents.incomplete ? { incomplete: `${parent.type}: ${parents.incomplete}` } : {}),
  };
}

/**
 * A singleton type's one resource (none when its endpoint answers 404), with its merged parts, named by
 * the catalog's stable ID. The body is redacted as it arrives.
 */
export async function readSingleton(client: GenesysClient, t: ResourceTypeDefinition): Promise<Entity[]> {
  const one = t.list.singleton;
  if (!one) return [];
  let body: Entity;
  try {
    body = await client.get<Entity>(withQuery(t.list.path, { ...(t.list.query ?? {}) }));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return [];
    throw err;
  }
  const parts = await allSettledOrThrow(
    (one.merge ?? []).map(async (m) => [m.field, await client.get<Entity>(m.path)] as const),
  );
  const e: Entity = { ...body, id: one.id, name: one.id };
  for (const [field, value] of parts) e[field] = value;
  return [received(t, e)];
}

const IDS_PER_REQUEST = 100;

/** Reads known IDs: with the `id=` filter where the endpoint has one, otherwise one GET per ID. */
export async function fetchByIds(
  client: GenesysClient,
  t: ResourceTypeDefinition,
  ids: readonly string[],
): Promise<{ entities: Entity[] }> {
  const found = new Map<string, Entity>();
  if (t.list.singleton) {
    for (const e of await readSingleton(client, t)) found.set(String(e.id), e);
  } else if (t.list.parent || t.list.findByListing) {
    // Without its parent, a resource has no path of its own to read: list the type and keep the IDs.
    for (const e of (await listType(client, t, true)).entities) found.set(String(e.id), e);
  } else if (t.list.idFilter) {
    await allSettledOrThrow(
      chunk(ids, IDS_PER_REQUEST).map(async (some) => {
        const path = withQuery(t.list.byIdPath ?? t.list.path, {
          pageSize: String(Math.min(t.list.pageSize, Math.max(some.length, 1))),
          ...(t.list.query ?? {}),
          ...(t.list.byIdQuery ?? {}),
          id: some,
        });
        const listing = await listAll<Entity>(client, path);
        for (const e of listing.entities) if (!t.list.exclude?.(e)) found.set(String(e.id), received(t, e));
      }),
    );
  } else {
    await allSettledOrThrow(
      ids.map(async (id) => {
        try {
          const e = await client.get<Entity>(
            withQuery(`${t.list.path}/${encodeURIComponent(id)}`, { ...(t.list.byIdQuery ?? {}) }),
          );
          if (!t.list.exclude?.(e)) found.set(id, received(t, e));
        } catch (err) {
          if (!(err instanceof ApiError && (err.status === 404 || err.status === 400))) throw err;
        }
      }),
    );
  }
  const wanted = new Set(ids);
  return { entities: [...found.values()].filter((e) => wanted.has(String(e.id))) };
}
