/**
 * The audit API (`AuditApi`, permission `audits:audit:view` on every route per the SDK's AuditApi.md):
 * - `POST /api/v2/audits/query` (`AuditQueryRequest`) starts an asynchronous query
 *   (`AuditQueryExecutionStatusResponse`, state `Queued`/`Running`/`Succeeded`/`Failed`/`Cancelled` per
 *   the Python SDK's allowed values); `GET .../{transactionId}` its state, `GET .../{transactionId}/results`
 *   its results (`AuditQueryExecutionResultsResponse`): cursor paging, `pageSize` default 25, maximum 500
 *   (both documented in AuditApi.js). The query sees the entries visible when it was created.
 * - `POST /api/v2/audits/query/realtime` (`AuditRealtimeQueryRequest` -> `AuditRealtimeQueryResultsResponse`):
 *   synchronous, page numbers, "only 14 days worth of audits" (AuditApi.js); its maximum page size is
 *   not documented.
 * - `GET /api/v2/audits/query/servicemapping` (`AuditQueryServiceMapping`).
 * Filter properties (`UserId`, `TrusteeOrganizationId`, `ClientId`, `Action`, `EntityType`, `EntityId`)
 * and sort (`Timestamp`, `ascending`/`descending`) are the Python SDK's allowed values.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { AUDITED, serviceMapping } from '../audit-log.ts';
import { apiError, notFound, type SimResponse } from '../errors.ts';
import type { Route, RouteContext } from '../route.ts';
import type { Family } from './family.ts';

const PERMISSION = 'audits:audit:view';
const FILTER_PROPERTIES = ['UserId', 'TrusteeOrganizationId', 'ClientId', 'Action', 'EntityType', 'EntityId'];
const REALTIME_DAYS = 14;
/** How long an asynchronous query takes to run (virtual ms). */
const QUERY_RUN_MS = 1_000;
const bad = (message: string) => apiError(400, 'bad.request', message);

interface ParsedQuery {
  readonly from: number;
  readonly to: number;
  readonly request: Models.AuditQueryRequest;
}

/** Checks an `AuditQueryRequest`/`AuditRealtimeQueryRequest` body: interval, service, filters, sort. */
function parseRequest(body: unknown): ParsedQuery | SimResponse {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return bad('The request body must be a JSON object.');
  const r = body as Models.AuditRealtimeQueryRequest;
  const [start, end] = typeof r.interval === 'string' ? r.interval.split('/') : [];
  const from = Date.parse(String(start));
  const to = Date.parse(String(end));
  if (!start || !end || Number.isNaN(from) || Number.isNaN(to) || to <= from)
    return bad(
      `The field 'interval' must be an ISO-8601 interval <start>/<end>, got ${JSON.stringify(r.interval)}.`,
    );
  if (r.serviceName !== undefined && !(r.serviceName in AUDITED))
    return bad(`The serviceName '${r.serviceName}' is not valid; see /api/v2/audits/query/servicemapping.`);
  for (const f of r.filters ?? [])
    if (!FILTER_PROPERTIES.includes(f?.property) || typeof f?.value !== 'string')
      return bad(`Filter property must be one of ${FILTER_PROPERTIES.join(', ')} with a string value.`);
  for (const s of r.sort ?? [])
    if (s?.name !== 'Timestamp' || !['ascending', 'descending'].includes(s?.sortOrder))
      return bad(`Sort must be {"name": "Timestamp", "sortOrder": "ascending" | "descending"}.`);
  const request: Models.AuditQueryRequest = {
    interval: r.interval,
    ...(r.serviceName !== undefined ? { serviceName: r.serviceName } : {}),
    ...(r.filters ? { filters: r.filters } : {}),
    ...(r.sort ? { sort: r.sort } : {}),
  };
  return { from, to, request };
}

const FILTER_FIELD: Record<string, (m: Models.AuditLogMessage) => string | undefined> = {
  UserId: (m) => m.user?.id,
  TrusteeOrganizationId: () => undefined,
  ClientId: (m) => m.client?.id,
  Action: (m) => m.action,
  EntityType: (m) => m.entityType,
  EntityId: (m) => m.entity?.id,
};

/** The messages visible now that a query selects, in its order (by event date, ascending by default). */
function select(ctx: RouteContext, q: ParsedQuery, asOf: number): Models.AuditLogMessage[] {
  const { serviceName, filters = [], sort = [] } = q.request;
  const found = ctx.audit
    .visible(asOf, q.from, q.to)
    .filter((m) => serviceName === undefined || m.serviceName === serviceName)
    .filter((m) => filters.every((f) => FILTER_FIELD[f.property]?.(m) === f.value));
  const descending = sort[0]?.sortOrder === 'descending';
  return found.sort((a, b) => String(a.eventDate).localeCompare(String(b.eventDate)) * (descending ? -1 : 1));
}

function pageSizeOf(raw: string | null, max: number | undefined): number | SimResponse {
  const size = raw === null ? 25 : Number(raw);
  if (!Number.isInteger(size) || size < 1 || (max !== undefined && size > max))
    return bad(`Value [${raw}] is not valid for field type [pageSize].`);
  return size;
}

export const auditsFamily: Family = {
  name: 'audits (AuditApi)',
  listings: [],
  routes: (): Route[] => [
    {
      method: 'GET',
      template: '/api/v2/audits/query/servicemapping',
      permissions: [PERMISSION],
      handle: () => ({ status: 200, body: serviceMapping() }),
    },
    {
      method: 'POST',
      template: '/api/v2/audits/query',
      permissions: [PERMISSION],
      handle: (ctx) => {
        const q = parseRequest(ctx.body);
        if ('status' in q) return q;
        const job = ctx.audit.startQuery(ctx.now, q.request, select(ctx, q, ctx.now));
        return { status: 202, body: statusOf(job, ctx.now) };
      },
    },
    {
      method: 'GET',
      template: '/api/v2/audits/query/{transactionId}',
      permissions: [PERMISSION],
      handle: (ctx) => {
        const job = ctx.audit.queries.get(ctx.params.transactionId ?? '');
        return job ? { status: 200, body: statusOf(job, ctx.now) } : notFound(ctx.path);
      },
    },
    {
      method: 'GET',
      template: '/api/v2/audits/query/{transactionId}/results',
      permissions: [PERMISSION],
      handle: (ctx) => {
        const job = ctx.audit.queries.get(ctx.params.transactionId ?? '');
        if (!job) return notFound(ctx.path);
        if (ctx.now < job.startedAt + QUERY_RUN_MS)
          return bad(`The query ${job.id} has not completed yet; check its state first.`);
        const size = pageSizeOf(ctx.query.get('pageSize'), 500);
        if (typeof size !== 'number') return size;
        const cursor = ctx.query.get('cursor');
        const offset = cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString('utf8'));
        if (!Number.isInteger(offset) || offset < 0) return bad(`The cursor '${cursor}' is not valid.`);
        const entities = job.results.slice(offset, offset + size);
        const next = offset + size < job.results.length ? offset + size : undefined;
        const body: Models.AuditQueryExecutionResultsResponse = {
          id: job.id,
          pageSize: size,
          entities,
          ...(next !== undefined ? { cursor: Buffer.from(String(next)).toString('base64url') } : {}),
        };
        return { status: 200, body };
      },
    },
    {
      method: 'POST',
      template: '/api/v2/audits/query/realtime',
      permissions: [PERMISSION],
      handle: (ctx) => {
        const q = parseRequest(ctx.body);
        if ('status' in q) return q;
        if (q.from < ctx.now - REALTIME_DAYS * 86_400_000)
          return bad(
            `The realtime query reaches back ${REALTIME_DAYS} days at most; use /api/v2/audits/query.`,
          );
        const r = ctx.body as Models.AuditRealtimeQueryRequest;
        const size = pageSizeOf(r.pageSize === undefined ? null : String(r.pageSize), undefined);
        if (typeof size !== 'number') return size;
        const pageNumber = r.pageNumber ?? 1;
        if (!Number.isInteger(pageNumber) || pageNumber < 1)
          return bad(`The pageNumber ${pageNumber} is not valid.`);
        const all = select(ctx, q, ctx.now);
        const body: Models.AuditRealtimeQueryResultsResponse = {
          entities: all.slice((pageNumber - 1) * size, pageNumber * size),
          pageSize: size,
          pageNumber,
          total: all.length,
          pageCount: Math.ceil(all.length / size),
        };
        return { status: 200, body };
      },
    },
  ],
};

function statusOf(
  job: { id: string; startedAt: number; request: Models.AuditQueryRequest },
  now: number,
): Models.AuditQueryExecutionStatusResponse {
  return {
    id: job.id,
    state: now < job.startedAt + QUERY_RUN_MS ? 'Running' : 'Succeeded',
    startDate: new Date(job.startedAt).toISOString(),
    ...job.request,
  };
}
