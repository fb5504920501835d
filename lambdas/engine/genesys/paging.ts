/**
 * Walks a paged list by following `nextUri`, whatever the endpoint's paging style (page numbers or
 * cursors), and reports whether the list changed under it (the total moved, or an entity came twice).
 */
import type { GenesysClient } from './client.ts';

export interface PageEnvelope<T> {
  readonly entities?: T[];
  readonly pageNumber?: number;
  readonly pageCount?: number;
  readonly total?: number;
  readonly nextUri?: string;
}

export interface Listing<T> {
  readonly entities: T[];
  readonly pages: number;
  /** The total moved between the first and last page, or an ID was seen twice. */
  readonly changed: boolean;
  /** The first page's `total`, when the endpoint gives one. */
  readonly total?: number;
}

const MAX_PAGES = 100_000;

export function withQuery(
  path: string,
  query: Readonly<Record<string, string | readonly string[] | undefined>>,
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v as string]) q.append(k, item);
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** The path-and-query part of a `nextUri`, which the API may give relative or absolute. */
function nextPath(nextUri: string, baseUrl: string): string {
  const u = new URL(nextUri, baseUrl);
  return `${u.pathname}${u.search}`;
}

export async function listAll<T extends { id?: string }>(
  client: GenesysClient,
  firstPath: string,
  onPage?: (n: number) => void,
  maxPages = MAX_PAGES,
): Promise<Listing<T>> {
  const byId = new Map<string, T>();
  const anonymous: T[] = [];
  let changed = false;
  let firstTotal: number | undefined;
  let path: string | undefined = firstPath;
  let pages = 0;
  while (path && pages < maxPages) {
    const answer = await client.get<PageEnvelope<T> | T[]>(path);
    // A few listings answer a bare array (a site's number plans): one page, no envelope.
    const page: PageEnvelope<T> = Array.isArray(answer) ? { entities: answer } : answer;
    pages++;
    onPage?.(pages);
    const entities = page.entities ?? [];
    if (firstTotal === undefined) firstTotal = page.total;
    else if (page.total !== undefined && page.total !== firstTotal) changed = true;
    for (const e of entities) {
      if (e.id === undefined) anonymous.push(e);
      else if (byId.has(e.id)) changed = true;
      else byId.set(e.id, e);
    }
    if (entities.length === 0) break;
    if (page.nextUri) path = nextPath(page.nextUri, client.baseUrl);
    else if (
      page.pageNumber !== undefined &&
      page.pageCount !== undefined &&
      page.pageNumber < page.pageCount
    ) {
      const u = new URL(path, client.baseUrl);
      u.searchParams.set('pageNumber', String(page.pageNumber + 1));
      path = `${u.pathname}${u.search}`;
    } else path = undefined;
  }
  return {
    entities: [...byId.values(), ...anonymous],
    pages,
    changed,
    ...(firstTotal === undefined ? {} : { total: firstTotal }),
  };
}
