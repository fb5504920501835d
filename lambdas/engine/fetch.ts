/** Reading resources of one catalog type: a whole listing, or a set of known IDs. */

import type { Entity, ResourceTypeDefinition } from './catalog/types.ts';
import { allSettledOrThrow } from './concurrency.ts';
import { ApiError } from './errors.ts';
import type { GenesysClient } from './genesys/client.ts';
import { listAll, withQuery } from './genesys/paging.ts';

export interface TypeListing {
  readonly entities: Entity[];
  readonly pages: number;
  readonly changedDuringListing: boolean;
}

function firstPage(
  t: ResourceTypeDefinition,
  extra?: Readonly<Record<string, string | readonly string[]>>,
): string {
  const size = { pageSize: String(t.list.pageSize) };
  const numbered = t.list.paging === 'pageNumber' ? { pageNumber: '1' } : {};
  return withQuery(t.list.path, { ...size, ...numbered, ...(t.list.query ?? {}), ...(extra ?? {}) });
}

/**
 * Lists a type at its largest page size. Page-number listings can skip or repeat entities when the org
 * changes mid-listing; when that is seen, the type is listed once more and the two passes are merged.
 */
export async function listType(
  client: GenesysClient,
  t: ResourceTypeDefinition,
  includeAll: boolean,
  onPage?: (n: number) => void,
): Promise<TypeListing> {
  const path = firstPage(t, includeAll ? t.list.includeAllQuery : undefined);
  const first = await listAll<Entity>(client, path, onPage);
  if (!first.changed) return { entities: first.entities, pages: first.pages, changedDuringListing: false };
  const second = await listAll<Entity>(client, path, onPage);
  const merged = new Map(second.entities.map((e) => [String(e.id), e]));
  if (second.changed)
    for (const e of first.entities) if (!merged.has(String(e.id))) merged.set(String(e.id), e);
  return { entities: [...merged.values()], pages: first.pages + second.pages, changedDuringListing: true };
}

const IDS_PER_REQUEST = 100;

/** Reads known IDs: with the `id=` filter where the endpoint has one, otherwise one GET per ID. */
export async function fetchByIds(
  client: GenesysClient,
  t: ResourceTypeDefinition,
  ids: readonly string[],
): Promise<{ entities: Entity[] }> {
  const found = new Map<string, Entity>();
  if (t.list.idFilter) {
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) chunks.push(ids.slice(i, i + IDS_PER_REQUEST));
    await allSettledOrThrow(
      chunks.map(async (chunk) => {
        const path = withQuery(t.list.path, {
          pageSize: String(Math.min(t.list.pageSize, Math.max(chunk.length, 1))),
          ...(t.list.query ?? {}),
          ...(t.list.byIdQuery ?? {}),
          id: chunk,
        });
        const listing = await listAll<Entity>(client, path);
        for (const e of listing.entities) found.set(String(e.id), e);
      }),
    );
  } else {
    await allSettledOrThrow(
      ids.map(async (id) => {
        try {
          const e = await client.get<Entity>(
            withQuery(`${t.list.path}/${encodeURIComponent(id)}`, { ...(t.list.byIdQuery ?? {}) }),
          );
          found.set(id, e);
        } catch (err) {
          if (!(err instanceof ApiError && (err.status === 404 || err.status === 400))) throw err;
        }
      }),
    );
  }
  const wanted = new Set(ids);
  return { entities: [...found.values()].filter((e) => wanted.has(String(e.id))) };
}
