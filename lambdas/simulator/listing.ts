/**
 * Listing and single-resource GET routes built from a `ListSpec`, and the query-parameter readers the
 * families' filters share.
 */
import { compare } from '../engine/order.ts';
import { notFound } from './errors.ts';
import { pageByCursor, pageByNumber } from './paging.ts';
import type { ListSpec, Route } from './route.ts';

/** A collection parameter: repeated (`type=a&type=b`) or comma separated, as the SDK sends it (`type=a,b`). */
export function multi(q: URLSearchParams, name: string): string[] {
  return q
    .getAll(name)
    .flatMap((x) => x.split(','))
    .filter(Boolean);
}

export function bool(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  return v === null ? undefined : v.toLowerCase() === 'true';
}

/** `items` sorted by `by` in the request's `sortOrder` (ascending by default), then by ID. */
export function sorted<T extends Record<string, unknown>>(
  items: readonly T[],
  by: 'name' | 'id',
  q: URLSearchParams,
): T[] {
  const dir = ['desc', 'descending'].includes((q.get('sortOrder') ?? 'asc').toLowerCase()) ? -1 : 1;
  const key = (x: T) => String(x[by] ?? '');
  return items.slice().sort((a, b) => dir * compare(key(a), key(b)) || compare(String(a.id), String(b.id)));
}

export function listRoute(spec: ListSpec): Route {
  return {
    method: 'GET',
    template: spec.base,
    permissions: spec.permissions,
    collection: spec.collection,
    handle: ({ org, query, path }) => {
      const invalid = spec.validate?.(query);
      if (invalid) return invalid;
      const all = org[spec.collection] as unknown as Record<string, unknown>[];
      const ids = new Set(spec.idFilter ? multi(query, 'id') : []);
      const useFilter = spec.filter && !(spec.idsOverrideFilters && ids.size > 0);
      let items = all.filter(
        (e) => (ids.size === 0 || ids.has(String(e.id))) && (useFilter ? spec.filter?.(e, query) : true),
      );
      items = sorted(items, spec.sortBy, query);
      const projected = spec.project ? items.map((e) => spec.project?.(e, query) ?? e) : items;
      return spec.paging === 'cursor'
        ? pageByCursor(projected as Array<{ id?: string }>, path, query, spec.maxPageSize)
        : pageByNumber(projected, path, query, {
            maxPageSize: spec.maxPageSize,
            totalNumberOfEntities: spec.totalNumberOfEntities,
          });
    },
  };
}

export function singleRoute(spec: ListSpec): Route {
  return {
    method: 'GET',
    template: `${spec.base}/{${spec.idParam}}`,
    permissions: spec.permissions,
    handle: ({ org, params, query, path }) => {
      const all = org[spec.collection] as unknown as Record<string, unknown>[];
      const e = all.find((x) => x.id === params[spec.idParam]);
      if (!e || (spec.filterSingle && spec.filter && !spec.filter(e, query))) return notFound(path);
      const project = spec.projectSingle ?? spec.project;
      return { status: 200, body: project ? project(e, query) : e };
    },
  };
}
