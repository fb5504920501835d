/**
 * HTTP client for the Genesys Cloud Platform API: client-credentials login with refresh before expiry
 * and once on 401, pacing to the rate limit, bounded concurrency, and retries as `retry-policy.ts` says
 * (429 after Retry-After, 5xx, dropped connections and unreadable bodies, for requests safe to repeat).
 * Secrets never appear in errors or logs.
 */

import { Agent, request } from 'undici';
import type { Clock } from '../clock.ts';
import { assertTimeFor, pastDeadline } from '../deadline.ts';
import { DEFAULT_CONCURRENCY } from '../defaults.ts';
import {
  ApiError,
  AuthenticationError,
  DeadlineError,
  errorMessage,
  NetworkError,
  PermissionDeniedError,
} from '../errors.ts';
import type { GenesysConnection } from './config.ts';
import { RateLimitPacer } from './pacer.ts';
import { nextStep, type RetryPolicy, retryPolicy, retryWaitMs } from './retry-policy.ts';

export interface ApiCallEvent {
  readonly method: string;
  readonly path: string;
  readonly status: number | 'network-error';
  readonly ms: number;
  readonly attempt: number;
}

export interface ClientStats {
  requests: number;
  retries: number;
  rateLimited: number;
  tokenRequests: number;
}

export interface GenesysClientOptions {
  readonly connection: GenesysConnection;
  readonly clock: Clock;
  readonly concurrency?: number;
  /** Attempts of a request that is safe to repeat (default 8, see `retry-policy.ts`). */
  readonly maxAttempts?: number;
  /** Real-time limit on one request (headers and body). */
  readonly requestTimeoutMs?: number;
  readonly onCall?: (e: ApiCallEvent) => void;
  readonly random?: () => number;
}

type Headers = Record<string, string | string[] | undefined>;

interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Idle time after which the client drops a pooled connection (below Node's and most servers' 5 s). */
const KEEP_ALIVE_MS = 4_000;

export class GenesysClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, rateLimited: 0, tokenRequests: 0 };
  private readonly pacer: RateLimitPacer;
  private agent: Agent;
  /** Requests on the wire, and when the last one settled (wall clock: sockets time out in real time). */
  private onWire = 0;
  private settledAt = performance.now();
  private readonly concurrency: number;
  private readonly retry: RetryPolicy;
  private readonly waiting: Array<() => void> = [];
  private active = 0;
  private token: { value: string; expiresAt: number; lifetimeMs: number } | undefined;
  private tokenPromise: Promise<string> | undefined;

  constructor(private readonly opts: GenesysClientOptions) {
    this.concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
    this.pacer = new RateLimitPacer(opts.clock);
    this.retry = retryPolicy({ maxAttempts: opts.maxAttempts });
    this.agent = this.newAgent();
  }

  private newAgent(): Agent {
    return new Agent({
      connections: this.concurrency + 2,
      keepAliveTimeout: KEEP_ALIVE_MS,
      headersTimeout: this.opts.requestTimeoutMs ?? 30_000,
      bodyTimeout: this.opts.requestTimeoutMs ?? 30_000,
    });
  }

  /**
   * The connection pool for the next request. After the client sat idle past its keep-alive time (the
   * event loop busy with a long computation, an import plan, so that the idle sockets' timers could not
   * fire), the server may be closing those sockets: a fresh pool, rather than a request (a create, sent
   * once) reset on a stale socket.
   */
  private dispatcher(): Agent {
    if (this.onWire === 0 && performance.now() - this.settledAt > KEEP_ALIVE_MS) {
      const stale = this.agent;
      this.agent = this.newAgent();
      void stale.close();
    }
    return this.agent;
  }

  /** Sends through the pool, counting what is on the wire. */
  private async dispatch<T>(send: (dispatcher: Agent) => Promise<T>): Promise<T> {
    const dispatcher = this.dispatcher();
    this.onWire++;
    try {
      return await send(dispatcher);
    } finally {
      this.onWire--;
      this.settledAt = performance.now();
    }
  }

  get baseUrl(): string {
    return this.opts.connection.apiBaseUrl;
  }

  /**
   * Caps this client at a share of a budget other processes spend too (the OAuth client's, split among
   * the workflow's parallel batches), in requests per minute; undefined lifts the cap. 429s still lower
   * the pace on their own (see `RateLimitPacer`).
   */
  limitRate(requestsPerMinute: number | undefined): void {
    this.pacer.limitTo(requestsPerMinute);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  async get<T>(pathAndQuery: string): Promise<T> {
    return this.call<T>('GET', pathAndQuery);
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  /** Writes (import): sent once, except after a 429, which the platform answers without acting. */
  async put<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PUT', path, body);
  }

  async patch<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PATCH', path, body);
  }

  async delete(path: string): Promise<void> {
    await this.call<unknown>('DELETE', path);
  }

  /** Fetches a signed URL (flow export downloads) without the bearer token, with the same retries. */
  async download(url: string): Promise<Uint8Array> {
    const path = new URL(url).pathname;
    const res = await this.withRetries('GET', path, { paced: false, counter: 'requests' }, async () => {
      return this.dispatch(async (dispatcher) => {
        const r = await request(url, { method: 'GET', dispatcher });
        return {
          status: r.statusCode,
          headers: r.headers,
          bytes: new Uint8Array(await r.body.arrayBuffer()),
        };
      });
    });
    if (res.status !== 200)
      throw new ApiError({ status: res.status, method: 'GET', path, message: 'download failed' });
    return res.bytes;
  }

  /**
   * Sends a file to a signed URL (Architect import jobs) with the headers the platform gave, without the
   * bearer token; retried like a download.
   */
  async upload(url: string, headers: Readonly<Record<string, string>>, body: string): Promise<void> {
    const path = new URL(url).pathname;
    const res = await this.withRetries('PUT', path, { paced: false, counter: 'requests' }, async () => {
      return this.dispatch(async (dispatcher) => {
        const r = await request(url, { method: 'PUT', headers: { ...headers }, body, dispatcher });
        await r.body.dump();
        return { status: r.statusCode, headers: r.headers };
      });
    });
    if (res.status < 200 || res.status >= 300)
      throw new ApiError({ status: res.status, method: 'PUT', path, message: 'upload failed' });
  }

  /** The clock requests are paced by (polling jobs waits on it). */
  get clock(): Clock {
    return this.opts.clock;
  }

  private async call<T>(method: string, pathAndQuery: string, body?: unknown): Promise<T> {
    const path = pathAndQuery.split('?')[0] ?? pathAndQuery;
    // A 401 means the token expired or was revoked: log in again once and resend.
    for (let loggedInAgain = false; ; loggedInAgain = true) {
      const res = await this.withRetries(method, path, { paced: true, counter: 'requests' }, async () => {
        const r = await this.send(method, pathAndQuery, await this.accessToken(), body);
        // Parsed inside the attempt, so that a short or malformed body is retried like a dropped connection.
        return r.status >= 200 && r.status < 300
          ? { ...r, json: JSON.parse(r.text || 'null') as unknown }
          : r;
      });
      if (res.status === 401 && !loggedInAgain) {
        this.token = undefined;
        continue;
      }
      if ('json' in res) return res.json as T;
      throw this.toError(method, path, res);
    }
  }

  private toError(method: string, path: string, res: RawResponse): ApiError {
    let code: string | undefined;
    let message = res.text.slice(0, 300);
    try {
      const b = JSON.parse(res.text) as { code?: string; message?: string };
      code = b.code;
      message = b.message ?? message;
    } catch {
      /* a non-JSON error body: keep the text */
    }
    if (res.status === 403) {
      const perms =
        /\[([^\]]+)\]/
          .exec(message)?.[1]
          ?.split(',')
          .map((p) => p.trim())
          .filter(Boolean) ?? [];
      return new PermissionDeniedError({
        status: res.status,
        code,
        method,
        path,
        message,
        permissions: perms,
      });
    }
    return new ApiError({ status: res.status, code, method, path, message });
  }

  private async send(
    method: string,
    pathAndQuery: string,
    token: string,
    body: unknown,
  ): Promise<RawResponse> {
    return this.dispatch(async (dispatcher) => {
      const res = await request(`${this.opts.connection.apiBaseUrl}${pathAndQuery}`, {
        method: method as 'GET',
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher,
      });
      return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
    });
  }

  /**
   * Runs one logical request: waits for a concurrency slot (and the pacer, for API calls), and sends it
   * again while the retry policy says so. A wait imposed by Retry-After holds back every paced request.
   */
  private async withRetries<R extends { status: number; headers: Headers }>(
    method: string,
    path: string,
    how: {
      readonly paced: boolean;
      readonly counter: 'requests' | 'tokenRequests';
      /** Login runs inside an API call's slot, so it must not wait for one (deadlock at concurrency 1). */
      readonly slotted?: boolean;
    },
    attempt: () => Promise<R>,
  ): Promise<R> {
    const random = this.opts.random ?? Math.random;
    for (let n = 1; ; n++) {
      const slotted = how.slotted ?? true;
      if (slotted) await this.slot();
      if (how.paced) await this.pacer.acquire();
      // Waiting for a slot or the pacer ran past the step's deadline: do not send.
      if (pastDeadline(this.opts.clock)) {
        if (how.paced) this.pacer.release(undefined);
        if (slotted) this.release();
        throw new DeadlineError(`${method} ${path}: not sent, the step's deadline has passed`);
      }
      const started = this.opts.clock.now();
      let res: R | undefined;
      let failure: unknown;
      try {
        this.stats[how.counter]++;
        res = await attempt();
      } catch (err) {
        failure = err;
      } finally {
        if (how.paced) this.pacer.release(res?.headers);
        if (slotted) this.release();
      }
      const ms = Math.round(this.opts.clock.now() - started);
      this.opts.onCall?.({ method, path, status: res ? res.status : 'network-error', ms, attempt: n });
      const step = nextStep(this.retry, { method, path }, n, res ? { status: res.status } : { failure });
      if (step === 'rethrow') throw failure;
      if (step === 'accept') return res as R;
      if (step === 'give-up') {
        if (res) return res;
        throw new NetworkError(
          `${method} ${path}: ${errorMessage(failure)} (gave up after ${n} attempt${n === 1 ? '' : 's'})`,
          { cause: failure },
        );
      }
      this.stats.retries++;
      if (res?.status === 429) {
        this.stats.rateLimited++;
        if (how.paced) this.pacer.throttled();
      }
      const waitMs = retryWaitMs(this.retry, {
        attempt: n,
        status: res?.status,
        retryAfter: res && header(res.headers, 'retry-after'),
        nowMs: this.opts.clock.now(),
        random,
      });
      // A Retry-After (or backoff) longer than the step has left ends the request instead.
      assertTimeFor(
        this.opts.clock,
        waitMs,
        `${method} ${path} (attempt ${n}, status ${res?.status ?? 'none'})`,
      );
      if (res && this.retry.retryAfterStatuses.has(res.status) && how.paced) this.pacer.backOff(waitMs);
      await this.opts.clock.sleep(waitMs);
    }
  }

  private async slot(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  private async accessToken(): Promise<string> {
    const t = this.token;
    // Refresh ahead of expiry: a minute early, or a tenth of the lifetime for short-lived tokens.
    if (t && t.expiresAt - this.opts.clock.now() > Math.min(60_000, t.lifetimeMs / 10)) return t.value;
    this.tokenPromise ??= this.login().finally(() => {
      this.tokenPromise = undefined;
    });
    return this.tokenPromise;
  }

  private async login(): Promise<string> {
    const { authUrl, clientId, clientSecret } = this.opts.connection;
    let res: RawResponse;
    try {
      res = await this.withRetries(
        'POST',
        '/oauth/token',
        { paced: false, counter: 'tokenRequests', slotted: false },
        async () => {
          return this.dispatch(async (dispatcher) => {
            const r = await request(`${authUrl}/oauth/token`, {
              method: 'POST',
              headers: {
                authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
                'content-type': 'application/x-www-form-urlencoded',
              },
              body: 'grant_type=client_credentials',
              dispatcher,
            });
            return { status: r.statusCode, headers: r.headers, text: await r.body.text() };
          });
        },
      );
    } catch (err) {
      throw new AuthenticationError(
        `Could not reach the Genesys Cloud login service at ${authUrl}: ${errorMessage(err)}`,
        { cause: err },
      );
    }
    if (res.status !== 200) {
      let reason = `HTTP ${res.status}`;
      try {
        const b = JSON.parse(res.text) as { error?: string; error_description?: string };
        reason = [b.error, b.error_description].filter(Boolean).join(': ') || reason;
      } catch {
        /* keep the status */
      }
      throw new AuthenticationError(`Login to Genesys Cloud failed for OAuth client ${clientId}: ${reason}`);
    }
    const body = JSON.parse(res.text) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new AuthenticationError('Login to Genesys Cloud returned no access token');
    const lifetimeMs = (body.expires_in ?? 86_400) * 1000;
    this.token = { value: body.access_token, expiresAt: this.opts.clock.now() + lifetimeMs, lifetimeMs };
    return body.access_token;
  }
}

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
