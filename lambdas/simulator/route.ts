/** What a simulator route is: an SDK path template, the permissions it needs and its handler. */
import type { AuditLog } from './audit-log.ts';
import type { SimResponse } from './errors.ts';
import type { ExportJobs } from './export-jobs.ts';
import type { CollectionName, SimOrg } from './model.ts';
import type { PageSizeLimit } from './paging.ts';

export interface RouteContext {
  readonly org: SimOrg;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly path: string;
  readonly body: unknown;
  readonly jobs: ExportJobs;
  readonly origin: string;
  /** The simulator's clock, in virtual ms (creation and modification stamps of writes). */
  readonly now: number;
  /** The org's audit log (the audit API's routes read it). */
  readonly audit: AuditLog;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** SDK path template, e.g. `/api/v2/routing/queues/{queueId}/members`. */
  readonly template: string;
  readonly permissions: readonly string[];
  /** The SDK's "Requires ANY permissions": one of `permissions` is enough (otherwise every one is needed). */
  readonly anyPermission?: boolean;
  /** Listing routes: the collection they page through (for mid-listing mutations). */
  readonly collection?: CollectionName;
  readonly handle: (ctx: RouteContext) => SimResponse;
}

/** A collection served as a listing and, where `single`, by ID (see listing.ts). */
export interface ListSpec {
  readonly base: string;
  readonly idParam: string;
  readonly collection: CollectionName;
  readonly permissions: readonly string[];
  readonly maxPageSize: PageSizeLimit;
  readonly paging: 'pageNumber' | 'cursor';
  /** Whether the SDK lists a repeated `id` query parameter for this endpoint. */
  readonly idFilter: boolean;
  readonly sortBy: 'name' | 'id';
  readonly totalNumberOfEntities?: boolean;
  readonly filter?: (e: Record<string, unknown>, q: URLSearchParams) => boolean;
  /** Whether `filter` applies to the single-resource GET too (a user of another state is not found). */
  readonly filterSingle?: boolean;
  /** When the `id` filter is given, the other filters are ignored (GET /api/v2/flows). */
  readonly idsOverrideFilters?: boolean;
  /** Rejects a listing request (400) before anything is served. */
  readonly validate?: (q: URLSearchParams) => SimResponse | undefined;
  /** Shapes each listed entity. */
  readonly project?: (e: Record<string, unknown>, q: URLSearchParams) => Record<string, unknown>;
  /** Shapes the single-resource GET (defaults to `project`). */
  readonly projectSingle?: (e: Record<string, unknown>, q: URLSearchParams) => Record<string, unknown>;
  /** Single-resource GET; false where the API has none we need. */
  readonly single?: boolean;
}

/** Matches a concrete path against the route templates; more specific (literal) templates win. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  const parts = path.split('/');
  let best: { route: Route; params: Record<string, string>; literals: number } | undefined;
  for (const route of routes) {
    if (route.method !== method) continue;
    const tparts = route.template.split('/');
    if (tparts.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let ok = true;
    for (let i = 0; i < tparts.length && ok; i++) {
      const t = tparts[i] ?? '';
      const p = parts[i] ?? '';
      if (t.startsWith('{')) params[t.slice(1, -1)] = decodeURIComponent(p);
      else if (t === p) literals++;
      else ok = false;
    }
    if (ok && (!best || literals > best.literals)) best = { route, params, literals };
  }
  return best && { route: best.route, params: best.params };
}
