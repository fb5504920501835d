/**
 * The two paging envelopes the Platform API uses: page numbers (`pageNumber`, `pageCount`, `nextUri`...)
 * and cursors (`after`/`before`, `nextUri` only). URIs are relative, as the real API returns them.
 */
import { apiError, type SimResponse } from './errors.ts';

/**
 * The largest page a listing accepts: a number where the SDK documents one (or the notes record one), or
 * `'undocumented'` where no source pins it down: then every positive page size is served, since refusing
 * one would be an invented behaviour the engine could come to depend on.
 */
export type PageSizeLimit = number | 'undocumented';

export interface PageNumberOptions {
  readonly maxPageSize: PageSizeLimit;
  /** Queue members and a few other lists return neither `total` nor `pageCount`. */
  readonly omitTotals?: boolean;
  /** Telephony lists add `totalNumberOfEntities`. */
  readonly totalNumberOfEntities?: boolean;
}

function pageSizeOf(query: URLSearchParams, maxPageSize: PageSizeLimit): number | SimResponse {
  const raw = query.get('pageSize');
  const size = raw === null ? 25 : Number(raw);
  const tooLarge = maxPageSize !== 'undocumented' && size > maxPageSize;
  if (!Number.isInteger(size) || size < 1 || tooLarge) {
    const allowed = maxPageSize === 'undocumented' ? 'a positive integer' : `1 - ${maxPageSize}`;
    return apiError(
      400,
      'bad.request',
      `Value [${raw}] is not valid for field type [pageSize]. Allowable values are: ${allowed}`,
    );
  }
  return size;
}

function uri(path: string, query: URLSearchParams, overrides: Record<string, string>): string {
  const q = new URLSearchParams();
  for (const [k, v] of query) if (!(k in overrides)) q.append(k, v);
  for (const [k, v] of Object.entries(overrides)) q.set(k, v);
  return `${path}?${q.toString()}`;
}

export function pageByNumber<T>(
  items: readonly T[],
  path: string,
  query: URLSearchParams,
  opts: PageNumberOptions,
): SimResponse {
  const size = pageSizeOf(query, opts.maxPageSize);
  if (typeof size !== 'number') return size;
  const rawNumber = query.get('pageNumber');
  const pageNumber = rawNumber === null ? 1 : Number(rawNumber);
  if (!Number.isInteger(pageNumber) || pageNumber < 1) {
    return apiError(400, 'bad.request', `Value [${rawNumber}] is not valid for field type [pageNumber].`);
  }
  const total = items.length;
  const pageCount = Math.ceil(total / size);
  const entities = items.slice((pageNumber - 1) * size, pageNumber * size);
  const at = (n: number) => uri(path, query, { pageSize: String(size), pageNumber: String(n) });
  const body: Record<string, unknown> = { entities, pageSize: size, pageNumber };
  if (!opts.omitTotals) {
    body.total = total;
    if (opts.totalNumberOfEntities) body.totalNumberOfEntities = total;
  }
  body.firstUri = at(1);
  body.selfUri = at(pageNumber);
  if (pageNumber * size < total) body.nextUri = at(pageNumber + 1);
  if (pageNumber > 1) body.previousUri = at(pageNumber - 1);
  if (!opts.omitTotals) {
    body.lastUri = at(Math.max(1, pageCount));
    body.pageCount = pageCount;
  }
  return { status: 200, body };
}

/** Cursor paging anchored on the last entity's ID, so an insert or delete never shifts later pages. */
export function pageByCursor<T extends { id?: string }>(
  items: readonly T[],
  path: string,
  query: URLSearchParams,
  maxPageSize: PageSizeLimit,
): SimResponse {
  const size = pageSizeOf(query, maxPageSize);
  if (typeof size !== 'number') return size;
  const after = query.get('after');
  let start = 0;
  if (after) {
    const decoded = decodeCursor(after);
    if (!decoded) return apiError(400, 'bad.request', 'The cursor provided is invalid.');
    const idx = items.findIndex((x) => x.id === decoded.id);
    start = idx >= 0 ? idx + 1 : Math.min(decoded.offset, items.length);
  }
  const entities = items.slice(start, start + size);
  const body: Record<string, unknown> = { entities, selfUri: uri(path, query, { pageSize: String(size) }) };
  const last = entities.at(-1);
  if (last && start + size < items.length) {
    body.nextUri = uri(path, query, {
      pageSize: String(size),
      after: encodeCursor(last.id ?? '', start + size),
    });
  }
  if (start > 0 && entities[0])
    body.previousUri = uri(path, query, {
      pageSize: String(size),
      before: encodeCursor(entities[0].id ?? '', start),
    });
  return { status: 200, body };
}

function encodeCursor(id: string, offset: number): string {
  return Buffer.from(JSON.stringify({ id, offset })).toString('base64url');
}

function decodeCursor(cursor: string): { id: string; offset: number } | undefined {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      id?: unknown;
      offset?: unknown;
    };
    return typeof v.id === 'string' && typeof v.offset === 'number'
      ? { id: v.id, offset: v.offset }
      : undefined;
  } catch {
    return undefined;
  }
}
