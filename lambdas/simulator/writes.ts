/**
 * What the simulator's write endpoints (POST, PUT, PATCH, DELETE) share: the answers the real API gives
 * to a body that lacks a required field (400), names an ID that does not exist (400), takes a name that
 * is already used where the API keeps names unique (409) or carries a stale version (409).
 */
import { randomUUID } from 'node:crypto';
import type { Models } from 'purecloud-platform-client-v2';
import { apiError, notFound, type SimResponse } from './errors.ts';
import type { SimOrg } from './model.ts';
import type { Route, RouteContext } from './route.ts';

export type Body = Record<string, unknown>;
type Named = { id?: string; name?: string };

/** The request body as an object, or the 400 the API answers to anything else. */
export function objectBody(body: unknown): Body | SimResponse {
  if (body && typeof body === 'object' && !Array.isArray(body)) return body as Body;
  return apiError(400, 'bad.request', 'The request body must be a JSON object.');
}

/** An array body (`[{ "id": ... }]`), or the 400. */
export function arrayBody(body: unknown): Body[] | SimResponse {
  if (Array.isArray(body) && body.every((x) => x && typeof x === 'object')) return body as Body[];
  return apiError(400, 'bad.request', 'The request body must be a JSON array of objects.');
}

export function isResponse(x: unknown): x is SimResponse {
  return !!x && typeof x === 'object' && 'status' in x && typeof (x as SimResponse).status === 'number';
}

/** 400 naming the first required field the body lacks (absent, null or an empty string). */
export function missingField(body: Body, fields: readonly string[]): SimResponse | undefined {
  const missing = fields.find((f) => body[f] === undefined || body[f] === null || body[f] === '');
  return missing === undefined
    ? undefined
    : apiError(400, 'bad.request', `The field '${missing}' is required.`, {
        messageWithParams: 'The field {field} is required.',
        messageParams: { field: missing },
      });
}

/** 409 when another resource of the list (not `exceptId`) has this name, compared without case. */
export function duplicateName(
  list: readonly Named[],
  name: unknown,
  what: string,
  exceptId?: string,
): SimResponse | undefined {
  const lower = String(name).toLowerCase();
  const other = list.find((x) => x.id !== exceptId && String(x.name).toLowerCase() === lower);
  return other
    ? apiError(409, 'general.conflict', `A ${what} with the name '${String(name)}' already exists.`)
    : undefined;
}

/** 400 for the first ID that is not in `list`. */
export function unknownReference(
  list: readonly Named[],
  ids: readonly unknown[],
  what: string,
): SimResponse | undefined {
  const known = new Set(list.map((x) => x.id));
  const bad = ids.find((id) => typeof id !== 'string' || !known.has(id));
  return bad === undefined
    ? undefined
    : apiError(400, 'bad.request', `The ${what} with id '${String(bad)}' does not exist.`);
}

/** 409 unless the body's `version` is the resource's current one (stale or absent). */
export function staleVersion(current: unknown, given: unknown): SimResponse | undefined {
  if (given !== undefined && String(given) === String(current)) return undefined;
  return apiError(
    409,
    'general.conflict',
    `The version supplied [${String(given)}] does not match the current version [${String(current)}].`,
  );
}

/** `{ id, name }` of each referenced resource, as the API answers references. */
export function refTo(list: readonly Named[], id: unknown): { id?: string; name?: string } {
  const found = list.find((x) => x.id === id);
  return { id: String(id), name: found?.name };
}

/** The division a resource goes to: the one named by ID (400 when unknown), else the Home division. */
export function divisionOf(org: SimOrg, id: unknown): Models.Division | SimResponse {
  const division =
    id === undefined || id === null
      ? org.divisions.find((d) => d.homeDivision)
      : org.divisions.find((d) => d.id === id);
  if (!division) return apiError(400, 'bad.request', `The division with id '${String(id)}' does not exist.`);
  return {
    id: division.id,
    name: division.name,
    selfUri: `/api/v2/authorization/divisions/${division.id}`,
  };
}

/** The `{id}` objects of a field (`[{ "id": ... }]`), their IDs. */
export function idsOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? (x as Named).id : x)) : [];
}

export const newId = (): string => randomUUID();

export const stamp = (ctx: Pick<RouteContext, 'now'>): string => new Date(ctx.now).toISOString();

/** The resource of `list` with the path parameter's ID, or the 404. */
export function existing<T extends Named>(
  list: readonly T[],
  ctx: RouteContext,
  param: string,
): T | SimResponse {
  return list.find((x) => x.id === ctx.params[param]) ?? notFound(ctx.path);
}

/** Removes the resource with the path parameter's ID: 204, or 404 when there is none. */
export function remove(list: Named[], ctx: RouteContext, param: string): SimResponse {
  const i = list.findIndex((x) => x.id === ctx.params[param]);
  if (i < 0) return notFound(ctx.path);
  list.splice(i, 1);
  return { status: 204 };
}

/** The first answer that is an error, if any. */
export function firstError(...checks: ReadonlyArray<SimResponse | undefined>): SimResponse | undefined {
  return checks.find((c) => c !== undefined);
}

/** A write handler given the request's JSON object body; anything else is answered 400 first. */
export function withBody(
  handle: (ctx: RouteContext, body: Body) => ReturnType<Route['handle']>,
): Route['handle'] {
  return (ctx) => {
    const body = objectBody(ctx.body);
    return isResponse(body) ? body : handle(ctx, body);
  };
}

/** A string field's value, or undefined. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
