/**
 * A Genesys Cloud Platform API simulator: a real HTTP server on loopback serving login and API on one
 * origin, with per-client permissions, per-token rate limits, token expiry, fault injection, mutations
 * between pages and between runs, and a request log that tests and benchmarks read.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, createClock } from '../engine/clock.ts';
import { AuditLog, recordWrite } from './audit-log.ts';
import { handleControl, isControlPath } from './control.ts';
import { apiError, missingPermissions, oauthError, type SimResponse, tooManyRequests } from './errors.ts';
import { downloadExport, type ExportFileNaming, type ExportJobs } from './export-jobs.ts';
import { downloadScript } from './families/scripts.ts';
import { sipPassword } from './families/telephony.ts';
import { type FaultRule, FaultSchedule } from './faults.ts';
import { uploadImport } from './import-jobs.ts';
import type { CollectionName, OrgCounts, SimOrg } from './model.ts';
import { generateOrg, newOrg, ORG_SIZES } from './org.ts';
import { createRandom } from './random.ts';
import { ClientRateLimits } from './rate-limits.ts';
import { matchRoute } from './route.ts';
import { buildRoutes } from './routes.ts';

export interface SimClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Permission strings; `*` grants everything. */
  permissions: readonly string[];
}

/** Adds or deletes resources of a collection right after a given page of its listing is served. */
export interface ListingMutation {
  readonly collection: CollectionName;
  readonly afterPage: number;
  readonly add?: number;
  readonly remove?: number;
}

export interface SimulatorOptions {
  /** `empty`: a new org, as a target to import into (see `newOrg`). */
  readonly size?: 'small' | 'large' | 'empty' | Partial<OrgCounts>;
  readonly seed?: number;
  readonly org?: SimOrg;
  readonly clients?: readonly SimClient[];
  readonly tokenLifetimeSeconds?: number;
  readonly rateLimitPerMinute?: number;
  /**
   * Requests per minute per OAuth client, across all of its tokens (parallel Lambdas each log in with
   * their own); exceeding it answers 429 with `Retry-After` and no other hint. Absent: no such limit.
   */
  readonly clientRateLimitPerMinute?: number;
  /**
   * Whether responses carry `inin-ratelimit-count|allowed|reset` (default false, as today's API). Genesys
   * Cloud removed them from June 2021 (developer forum, "Removal of inin-ratelimit-* response headers"):
   * only a 429's `Retry-After` tells a client about its limits. True replays the older API.
   */
  readonly rateLimitHeaders?: boolean;
  readonly clock?: Clock;
  /** Uniform latency added to every response, in virtual ms. */
  readonly latencyMs?: { readonly min: number; readonly max: number };
  readonly faults?: readonly FaultRule[];
  readonly mutations?: readonly ListingMutation[];
  readonly exportJobDurationMs?: number;
  readonly exportJobOutcome?: ExportJobs['outcome'];
  /** How entries of downloaded flow exports are named (see `ExportFileNaming`). */
  readonly exportFileNaming?: ExportFileNaming;
  /** Fault: the first N export jobs containing a flow fail with "could not find the flow". */
  readonly exportFlowNotFound?: ExportJobs['flowNotFound'];
  /** Fault: every export job containing one of these flow IDs fails. */
  readonly exportFailFlowIds?: readonly string[];
  /** The port on 127.0.0.1 to listen on; 0 or absent: any free port. */
  readonly port?: number;
}

export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** The route template, e.g. `GET /api/v2/routing/queues/{queueId}/members`. */
  readonly endpoint: string;
  readonly status: number;
  readonly at: number;
  readonly clientId?: string;
}

export interface SimResponseEntry {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** The route template, e.g. `GET /api/v2/routing/queues/{queueId}/members`. */
  readonly endpoint: string;
  readonly status: number;
  readonly body: unknown;
}

/** A response and, for API calls, who was answered and the rate-limit headers. */
interface Answer {
  readonly response: SimResponse;
  readonly clientId?: string;
  readonly rateHeaders?: Record<string, string>;
}

interface TokenInfo {
  readonly clientId: string;
  readonly expiresAt: number;
  windowStart: number;
  count: number;
}

export const DEFAULT_CLIENT: SimClient = {
  clientId: 'cx-export-demo',
  clientSecret: 'demo-secret-not-for-production',
  permissions: ['*'],
};

export class GenesysSimulator {
  readonly org: SimOrg;
  readonly clients = new Map<string, SimClient>();
  readonly log: RequestLogEntry[] = [];
  readonly clock: Clock;
  readonly faults: FaultSchedule;
  /** Every change made to the org, as the audit API serves it. */
  readonly audit: AuditLog;
  tokenLifetimeSeconds: number;
  readonly rateLimits: ClientRateLimits;
  latencyMs: { min: number; max: number } | undefined;
  mutations: ListingMutation[];
  /** Called after each request is logged; tests use it to change the world mid-run. */
  onRequest?: (entry: RequestLogEntry, sim: GenesysSimulator) => void;
  /** Called with every JSON response before it is sent (schema validation in tests). */
  onResponse?: (r: SimResponseEntry) => void;
  /**
   * Requests that arrived while a `Retry-After` this simulator sent to the same client had not elapsed:
   * a strict API would punish them, so a well-behaved client keeps this at zero.
   */
  earlyRetries = 0;
  private readonly retryNotBefore = new Map<string, { from: number; until: number }>();
  /** Requests already on their way when a 429 was sent are not early: allow this much virtual time. */
  private static readonly IN_FLIGHT_GRACE_MS = 2_000;

  private readonly tokens = new Map<string, TokenInfo>();
  private readonly routes = buildRoutes();
  private readonly jobs: ExportJobs;
  private readonly rnd;
  private server?: Server;
  private origin = '';
  private addedSerial = 0;
  private readonly port: number;

  constructor(opts: SimulatorOptions = {}) {
    const size = opts.size ?? 'small';
    this.org =
      opts.org ??
      (size === 'empty'
        ? newOrg(opts.seed ?? 1)
        : generateOrg(
            typeof size === 'object' ? { ...ORG_SIZES.small, ...size } : ORG_SIZES[size],
            opts.seed ?? 1,
          ));
    for (const c of opts.clients ?? [DEFAULT_CLIENT]) this.clients.set(c.clientId, { ...c });
    this.clock = opts.clock ?? createClock(1);
    this.tokenLifetimeSeconds = opts.tokenLifetimeSeconds ?? 86_400;
    this.rateLimits = new ClientRateLimits(
      opts.rateLimitPerMinute ?? 300,
      opts.clientRateLimitPerMinute,
      opts.rateLimitHeaders ?? false,
    );
    this.latencyMs = opts.latencyMs;
    this.faults = new FaultSchedule(opts.faults ?? [], opts.seed ?? 1);
    this.mutations = [...(opts.mutations ?? [])];
    this.rnd = createRandom((opts.seed ?? 1) + 7);
    this.audit = new AuditLog(opts.seed ?? 1, () => this.clock.now());
    this.port = opts.port ?? 0;
    this.jobs = {
      jobs: new Map(),
      durationMs: opts.exportJobDurationMs ?? 1500,
      outcome: opts.exportJobOutcome ?? 'success',
      now: () => this.clock.now(),
      naming: opts.exportFileNaming,
      flowNotFound: opts.exportFlowNotFound,
      failFlowIds: opts.exportFailFlowIds,
    };
  }

  get url(): string {
    if (!this.origin) throw new Error('simulator is not started');
    return this.origin;
  }

  set exportJobOutcome(outcome: ExportJobs['outcome']) {
    this.jobs.outcome = outcome;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ message: String(err), code: 'internal.server.error', status: 500 }));
      });
    });
    this.server.keepAliveTimeout = 5_000;
    const server = this.server;
    // Loopback only, always: the simulator (and its control endpoint) is never reachable from elsewhere.
    await new Promise<void>((resolve, reject) => {
      const failed = (err: Error) => {
        this.server = undefined;
        reject(err);
      };
      server.once('error', failed);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', failed);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    return this.origin;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Requests per endpoint template, e.g. `{"GET /api/v2/users": 20}`. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.log) out[e.endpoint] = (out[e.endpoint] ?? 0) + 1;
    return out;
  }

  /** API requests (token and download requests excluded), and how many were answered 429. */
  apiRequestCount(): { total: number; rateLimited: number } {
    const api = this.log.filter((e) => e.path.startsWith('/api/'));
    return { total: api.length, rateLimited: api.filter((e) => e.status === 429).length };
  }

  /** Every access token this simulator issued (tests scan output for them). */
  issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  /**
   * Every credential string present anywhere in the org (SIP passwords, data-action headers, templates and
   * contracts) plus each client's secret: an export must contain none of them.
   */
  plantedSecrets(): string[] {
    const sip = this.org.trunkBaseSettings.map((t) => sipPassword(t)).filter(Boolean);
    const clients = [...this.clients.values()].map((c) => c.clientSecret);
    return [...new Set([...this.org.plantedSecrets, ...sip, ...clients])];
  }

  revokeTokens(): void {
    this.tokens.clear();
  }

  setPermissions(clientId: string, permissions: readonly string[]): void {
    const c = this.clients.get(clientId);
    if (!c) throw new Error(`no such client ${clientId}`);
    c.permissions = permissions;
  }

  /**
   * What changes between two runs of an unchanged configuration: presence, routing status, member
   * counts, trunk connection times and modification stamps. An exporter must not report any of it.
   */
  advanceVolatileState(): void {
    const stamp = new Date(this.clock.now()).toISOString();
    for (const u of this.org.users) {
      u.presence = {
        presenceDefinition: {
          id: 'away',
          systemPresence: this.rnd.pick(['Available', 'Away', 'Busy', 'Offline']),
        },
        modifiedDate: stamp,
      };
      u.routingStatus = { status: this.rnd.pick(['IDLE', 'OFF_QUEUE', 'INTERACTING']), startTime: stamp };
      u.dateLastLogin = stamp;
    }
    for (const q of this.org.queues) {
      q.joinedMemberCount = this.rnd.int(10);
      q.dateModified = stamp;
    }
    for (const g of this.org.groups) g.memberCount = this.rnd.int(50);
    for (const t of this.org.trunks)
      t.connectedStatus = { connected: this.rnd.chance(0.9), connectedStateTime: stamp };
    for (const r of this.org.roles) r.userCount = this.rnd.int(80);
  }

  /** Adds a copy of an existing resource under a new ID (a configuration change). */
  addResource(collection: CollectionName): { id: string; name: string } {
    const list = this.org[collection] as unknown as Array<Record<string, unknown>>;
    const template = list[0];
    if (!template) throw new Error(`cannot add to empty collection ${collection}`);
    const id = randomUUID();
    this.addedSerial++;
    const name = `${String(template.name)} Copy ${this.addedSerial}`;
    const copy = {
      ...structuredClone(template),
      id,
      name,
      selfUri: String(template.selfUri ?? '').replace(String(template.id), id),
    };
    list.push(copy);
    this.audit.recordCollection(collection, id, 'Create', name);
    if (collection === 'queues') {
      this.org.queueWrapupCodes.set(id, []);
      this.org.queueMembers.set(id, []);
    }
    if (collection === 'flows') {
      this.org.flowDependencies.set(id, []);
      this.org.flowDefinitions.set(id, `inboundCall:\n  name: ${JSON.stringify(name)}\n`);
    }
    // What the platform creates with the resource: a new table has no rows yet, a skill group takes
    // members from its own division, a script has its pages.
    if (collection === 'dataTables') this.org.dataTableRows.set(id, []);
    if (collection === 'skillGroups') {
      const division = (copy as { division?: { id?: string } }).division?.id;
      this.org.skillGroupMemberDivisions.set(id, division ? [division] : []);
    }
    const content = collection === 'scripts' ? this.org.scriptContents.get(String(template.id)) : undefined;
    if (content) this.org.scriptContents.set(id, { ...structuredClone(content), id, name });
    return { id, name };
  }

  renamed(collection: CollectionName, id: string, name: string): void {
    this.audit.recordCollection(collection, id, 'Update', name);
  }

  removeResource(collection: CollectionName, id: string): void {
    const list = this.org[collection] as unknown as Array<{ id?: string }>;
    const i = list.findIndex((x) => x.id === id);
    if (i >= 0) list.splice(i, 1);
    if (i >= 0) this.audit.recordCollection(collection, id, 'Delete');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = this.clock.now();
    const url = new URL(req.url ?? '/', this.origin);
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    if (isControlPath(url.pathname)) {
      // The by-hand control endpoint: no token, no latency or faults, not logged, not rate limited, and
      // not passed to onResponse (it is no Genesys Cloud API: the SDK-model check must not see it).
      const answer = handleControl(this, req, url, body);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
      return;
    }
    const matched =
      url.pathname === '/oauth/token' ? undefined : matchRoute(this.routes, method, url.pathname);
    const endpoint =
      url.pathname === '/oauth/token'
        ? 'POST /oauth/token'
        : url.pathname.startsWith('/sim-downloads/scripts/')
          ? 'GET /sim-downloads/scripts/{scriptId}'
          : url.pathname.startsWith('/sim-downloads/')
            ? 'GET /sim-downloads/{jobId}'
            : url.pathname.startsWith('/sim-uploads/flows/') && method === 'PUT'
              ? 'PUT /sim-uploads/flows/{jobId}'
              : matched
                ? `${method} ${matched.route.template}`
                : `${method} ${url.pathname}`;

    if (this.latencyMs) {
      const { min, max } = this.latencyMs;
      await this.clock.sleep(min + this.rnd.next() * (max - min));
    }

    const fault = this.faults.next(endpoint, url.pathname);
    if (fault?.kind === 'drop') {
      this.record(method, url, endpoint, 0, undefined);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await this.clock.sleep(fault.delayMs ?? 5_000);

    const answer =
      endpoint === 'POST /oauth/token'
        ? { response: this.token(req, body) }
        : endpoint === 'GET /sim-downloads/scripts/{scriptId}'
          ? { response: downloadScript(this.org, url) }
          : endpoint === 'GET /sim-downloads/{jobId}'
            ? {
                response: downloadExport(
                  this.org,
                  this.jobs,
                  url.pathname.split('/')[2] ?? '',
                  url.searchParams.get('X-Amz-Signature'),
                ),
              }
            : endpoint === 'PUT /sim-uploads/flows/{jobId}'
              ? { response: uploadImport(this.org, this.jobs, url, body) }
              : this.answerApi(req, { method, url, body, arrivedAt }, matched, fault);
    this.send(req, res, { method, url, endpoint, fault, ...answer });
  }

  /** An API call's answer: authentication, early retries, rate limit, status faults, permissions, route. */
  private answerApi(
    req: IncomingMessage,
    request: { method: string; url: URL; body: string; arrivedAt: number },
    matched: ReturnType<typeof matchRoute>,
    fault: FaultRule | undefined,
  ): Answer {
    const { method, url, body, arrivedAt } = request;
    const auth = this.authenticate(req);
    if ('status' in auth) return { response: auth };
    const clientId = auth.clientId;
    const window = this.retryNotBefore.get(clientId);
    if (window && arrivedAt >= window.from && arrivedAt < window.until) this.earlyRetries++;
    const limit = this.rateLimits.decide(auth, clientId, this.clock.now());
    const answer = (response: SimResponse): Answer => ({ response, clientId, rateHeaders: limit.headers });
    if (limit.rejected) return answer(limit.rejected);
    if (fault && fault.kind === 'status')
      return answer(
        fault.status === 429
          ? tooManyRequests(fault.retryAfterSeconds ?? 3)
          : apiError(fault.status ?? 503, 'service.unavailable', 'The service is currently unavailable.'),
      );
    if (!matched)
      return answer(apiError(404, 'not.found', `No resource found for ${method} ${url.pathname}`));
    const client = this.clients.get(clientId);
    const missing = matched.route.permissions.filter(
      (p) => !client?.permissions.includes('*') && !client?.permissions.includes(p),
    );
    const enough = matched.route.anyPermission
      ? missing.length < Math.max(1, matched.route.permissions.length)
      : missing.length === 0;
    if (!enough) return answer(missingPermissions(missing));
    const response = matched.route.handle({
      org: this.org,
      params: matched.params,
      query: url.searchParams,
      path: url.pathname,
      body: parseJson(body),
      jobs: this.jobs,
      origin: this.origin,
      now: this.clock.now(),
      audit: this.audit,
    });
    if (method !== 'GET' && response.status < 300)
      recordWrite(
        this.audit,
        `${method} ${matched.route.template}`,
        matched.params,
        url.searchParams,
        response.body,
      );
    if (response.status === 200 && matched.route.collection)
      this.applyMutations(matched.route.collection, url.searchParams);
    return answer(response);
  }

  /** Logs the answer, records a 429's retry window, shows it to `onResponse` and writes it (faults too). */
  private send(
    req: IncomingMessage,
    res: ServerResponse,
    sent: Answer & { method: string; url: URL; endpoint: string; fault: FaultRule | undefined },
  ): void {
    const { method, url, endpoint, fault, response, clientId, rateHeaders = {} } = sent;
    const headers: Record<string, string> = {
      'inin-correlation-id': randomUUID(),
      ...rateHeaders,
      ...(response.headers ?? {}),
    };
    let payload: Uint8Array | string;
    if (response.raw) {
      headers['content-type'] = response.raw.contentType;
      payload = response.raw.data;
    } else {
      headers['content-type'] = 'application/json';
      payload = response.body === undefined ? '' : JSON.stringify(response.body);
    }
    this.record(method, url, endpoint, response.status, clientId);
    if (response.status === 429 && clientId) {
      const wait = Number(response.headers?.['Retry-After'] ?? response.headers?.['retry-after'] ?? 0);
      const now = this.clock.now();
      this.retryNotBefore.set(clientId, {
        from: now + GenesysSimulator.IN_FLIGHT_GRACE_MS,
        until: now + wait * 1000,
      });
    }
    if (!response.raw)
      this.onResponse?.({
        method,
        path: url.pathname,
        query: url.searchParams,
        endpoint,
        status: response.status,
        body: response.body,
      });
    if (fault?.kind === 'malformed')
      payload = `${String(payload).slice(0, Math.max(1, Math.floor(payload.length / 2)))}<html>upstream error`;
    if (fault?.kind === 'truncate') {
      // Announce the full length, send half, then cut the connection: the client sees a short body.
      const bytes = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload);
      res.writeHead(response.status, { ...headers, 'content-length': String(bytes.length) });
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      setImmediate(() => req.socket.destroy());
      return;
    }
    res.writeHead(response.status, headers);
    res.end(payload);
  }

  private record(
    method: string,
    url: URL,
    endpoint: string,
    status: number,
    clientId: string | undefined,
  ): void {
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      query: url.search,
      endpoint,
      status,
      at: this.clock.now(),
      clientId,
    };
    this.log.push(entry);
    this.onRequest?.(entry, this);
  }

  private token(req: IncomingMessage, body: string): SimResponse {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials')
      return oauthError(400, 'unsupported_grant_type', 'Unsupported grant type');
    const header = req.headers.authorization ?? '';
    const [scheme, encoded] = header.split(' ');
    if (scheme !== 'Basic' || !encoded)
      return oauthError(401, 'invalid_client', 'client authentication is required');
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const sep = decoded.indexOf(':');
    const clientId = decoded.slice(0, sep);
    const client = this.clients.get(clientId);
    if (!client || client.clientSecret !== decoded.slice(sep + 1))
      return oauthError(401, 'invalid_client', 'client not found or secret invalid');
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    this.tokens.set(token, {
      clientId,
      expiresAt: now + this.tokenLifetimeSeconds * 1000,
      windowStart: now,
      count: 0,
    });
    return {
      status: 200,
      body: { access_token: token, token_type: 'bearer', expires_in: this.tokenLifetimeSeconds },
    };
  }

  private authenticate(req: IncomingMessage): TokenInfo | SimResponse {
    const header = req.headers.authorization ?? '';
    if (!header.toLowerCase().startsWith('bearer '))
      return apiError(
        401,
        'authentication.required',
        'No authentication bearer token specified in authorization header.',
      );
    const info = this.tokens.get(header.slice(7).trim());
    if (!info || info.expiresAt <= this.clock.now())
      return apiError(401, 'bad.credentials', 'Invalid login credentials.');
    return info;
  }

  private applyMutations(collection: CollectionName, query: URLSearchParams): void {
    const page = Number(query.get('pageNumber') ?? '1');
    for (const m of this.mutations.filter((x) => x.collection === collection && x.afterPage === page)) {
      this.mutations.splice(this.mutations.indexOf(m), 1);
      const list = this.org[collection] as unknown as Array<{ id?: string }>;
      for (let i = 0; i < (m.remove ?? 0) && list.length > 0; i++) {
        // Remove from the front of the sorted order so that later pages shift, as in the real API.
        const first = list
          .slice()
          .sort((a, b) =>
            String((a as { name?: string }).name).localeCompare(String((b as { name?: string }).name)),
          )[0];
        if (first?.id) this.removeResource(collection, first.id);
      }
      for (let i = 0; i < (m.add ?? 0); i++) this.addResource(collection);
    }
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(body: string): unknown {
  if (!body) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export { ORG_SIZES };
