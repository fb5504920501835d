/**
 * The simulator's control endpoint, for people running it by hand (`npm run simulator`): change the org
 * (rename, delete, add) and watch the change flow into the next export's commit. It lives at
 * `/sim/control`, outside the Genesys Cloud API namespace, takes no OAuth token (a local demo tool on
 * 127.0.0.1 only) and stays out of the request log, rate limits, faults and schema checks.
 *
 * - `GET /sim/control[?collection=queues]`: each collection's resources as `{id, name}`.
 * - `POST /sim/control` with JSON `{"action":"rename","collection":"queues","id":"…","name":"…"}`,
 *   `{"action":"delete","collection":"skills","id":"…"}` or `{"action":"add","collection":"users"[,"name":"…"]}`.
 */
import type { IncomingMessage } from 'node:http';
import type { SimResponse } from './errors.ts';
import type { CollectionName, SimOrg } from './model.ts';

export const CONTROL_PATH = '/sim/control';

export const CONTROL_ACTIONS = ['rename', 'delete', 'add'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

export interface ControlRequest {
  readonly action: ControlAction;
  readonly collection: string;
  readonly id?: string;
  readonly name?: string;
}

export interface ControlResult {
  readonly ok: true;
  readonly action: ControlAction;
  readonly collection: CollectionName;
  readonly id: string;
  readonly name: string;
  /** The name before a rename, or of what was deleted. */
  readonly previousName?: string;
}

/** What the control endpoint needs of the simulator. */
export interface ControlTarget {
  readonly org: SimOrg;
  addResource(collection: CollectionName): { id: string; name: string };
  removeResource(collection: CollectionName, id: string): void;
  /** Called after a rename (the simulator records it in its audit log). */
  renamed?(collection: CollectionName, id: string, name: string): void;
}

type Item = { id?: string; name?: string; version?: unknown } & Record<string, unknown>;

/** The org's collections (arrays of resources with IDs), in the org's own order. */
export function controlCollections(org: SimOrg): CollectionName[] {
  return (Object.keys(org) as Array<keyof SimOrg>).filter(
    (k): k is CollectionName => Array.isArray(org[k]) && k !== 'plantedSecrets',
  );
}

export function isControlPath(pathname: string): boolean {
  return pathname === CONTROL_PATH || pathname.startsWith(`${CONTROL_PATH}/`);
}

function fail(status: number, error: string): SimResponse {
  return { status, body: { ok: false, error } };
}

/**
 * Answers a control request. Only the simulator's own loopback names are accepted as Host, and a POST must
 * be JSON: a web page in a browser can neither rebind a name to it nor post a form to it.
 */
export function handleControl(sim: ControlTarget, req: IncomingMessage, url: URL, body: string): SimResponse {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host))
    return fail(403, `the control endpoint answers on 127.0.0.1 only, not host '${host}'`);
  const method = req.method ?? 'GET';
  if (url.pathname !== CONTROL_PATH)
    return fail(404, `no control endpoint ${url.pathname}; use ${CONTROL_PATH}`);
  if (method === 'GET') return listing(sim.org, url.searchParams.get('collection') ?? undefined);
  if (method !== 'POST') return fail(405, `use GET or POST ${CONTROL_PATH}`);
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
    return fail(415, 'send the request as JSON (content-type: application/json)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return fail(400, 'the body is not JSON');
  }
  return applyControl(sim, parsed);
}

function listing(org: SimOrg, only?: string): SimResponse {
  const names = controlCollections(org);
  if (only !== undefined && !names.includes(only as CollectionName))
    return fail(404, `unknown collection '${only}'; known: ${names.join(', ')}`);
  // Each resource's ID and name; its state where it is not active (the default listings hide those).
  const collections: Record<string, Array<{ id: string; name: string; state?: string }>> = {};
  for (const c of only ? [only as CollectionName] : names)
    collections[c] = (org[c] as unknown as Item[]).map((x) => ({
      id: String(x.id),
      name: String(x.name ?? ''),
      ...(typeof x.state === 'string' && x.state !== 'active' ? { state: x.state } : {}),
    }));
  return {
    status: 200,
    body: {
      organization: { id: org.organization.id, name: org.organization.name },
      collections,
      actions: [
        { action: 'rename', collection: 'queues', id: '<id>', name: '<new name>' },
        { action: 'delete', collection: 'skills', id: '<id>' },
        { action: 'add', collection: 'users', name: '<optional name>' },
      ],
    },
  };
}

/** Applies one change to the org: the answer is the changed resource, or `{ok: false, error}`. */
export function applyControl(sim: ControlTarget, request: unknown): SimResponse {
  if (!request || typeof request !== 'object' || Array.isArray(request))
    return fail(400, 'the body must be a JSON object with action and collection');
  const r = request as Partial<Record<keyof ControlRequest, unknown>>;
  if (!CONTROL_ACTIONS.includes(r.action as ControlAction))
    return fail(400, `action must be one of ${CONTROL_ACTIONS.join(', ')}, got ${JSON.stringify(r.action)}`);
  const action = r.action as ControlAction;
  const names = controlCollections(sim.org);
  if (typeof r.collection !== 'string' || !names.includes(r.collection as CollectionName))
    return fail(400, `collection must be one of ${names.join(', ')}, got ${JSON.stringify(r.collection)}`);
  const collection = r.collection as CollectionName;
  if (r.name !== undefined && (typeof r.name !== 'string' || !r.name.trim() || r.name.length > 200))
    return fail(400, 'name must be a non-empty string of at most 200 characters');
  const name = typeof r.name === 'string' ? r.name.trim() : undefined;
  const list = sim.org[collection] as unknown as Item[];

  if (action === 'add') {
    if (!list.length) return fail(409, `${collection} is empty: nothing to copy a new resource from`);
    const added = sim.addResource(collection);
    const item = list.find((x) => x.id === added.id) as Item;
    if (name) setName(sim.org, collection, item, name);
    if (collection === 'users') giveOwnAddress(item, added.id);
    return ok({ action, collection, id: added.id, name: String(item.name) });
  }

  if (typeof r.id !== 'string' || !r.id) return fail(400, `${action} needs the id of a ${collection} entry`);
  const item = list.find((x) => x.id === r.id);
  if (!item) return fail(404, `no ${collection} entry with id ${r.id}`);
  const previousName = String(item.name ?? '');
  if (action === 'delete') {
    sim.removeResource(collection, r.id);
    return ok({ action, collection, id: r.id, name: previousName, previousName });
  }
  if (!name) return fail(400, 'rename needs a name');
  setName(sim.org, collection, item, name);
  if (typeof item.version === 'number') item.version++;
  sim.renamed?.(collection, r.id, name);
  return ok({ action, collection, id: r.id, name, previousName });
}

function ok(result: Omit<ControlResult, 'ok'>): SimResponse {
  return { status: 200, body: { ok: true, ...result } };
}

/** Renames a resource; a flow's Architect definitions carry its name too. */
function setName(org: SimOrg, collection: CollectionName, item: Item, name: string): void {
  const before = String(item.name ?? '');
  item.name = name;
  if (collection !== 'flows' || !item.id) return;
  const rename = (yaml: string) =>
    yaml.replace(`  name: ${JSON.stringify(before)}\n`, `  name: ${JSON.stringify(name)}\n`);
  const definition = org.flowDefinitions.get(item.id);
  if (definition !== undefined) org.flowDefinitions.set(item.id, rename(definition));
  const versions = org.flowVersions.get(item.id);
  for (const [v, yaml] of versions ?? []) versions?.set(v, rename(yaml));
}

/** An added user is a copy of the first one: give it an address of its own. */
function giveOwnAddress(user: Item, id: string): void {
  const email = `user-${id.slice(0, 8)}@example.com`;
  user.email = email;
  user.username = email;
  user.primaryContactInfo = [{ address: email, mediaType: 'EMAIL', type: 'PRIMARY' }];
}
