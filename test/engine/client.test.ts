/**
 * The Genesys client on its own: Retry-After, pacing, token refresh, retries, errors, paging and
 * connection settings. Most cases run against a scripted server or the simulator with a clock that jumps
 * forward on every wait, so that timings are exact and nothing depends on the machine's speed; the 429
 * storms run a whole export against the simulator at the tests' usual time scale.
 */

import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../lambdas/engine/clock.ts';
import { DEFAULT_CONCURRENCY } from '../../lambdas/engine/defaults.ts';
import {
  ApiError,
  AuthenticationError,
  NetworkError,
  PermissionDeniedError,
  UsageError,
} from '../../lambdas/engine/errors.ts';
import {
  type ApiCallEvent,
  GenesysClient,
  type GenesysClientOptions,
} from '../../lambdas/engine/genesys/client.ts';
import { connectionFromEnv, deriveAuthUrl, REGION_DOMAINS } from '../../lambdas/engine/genesys/config.ts';
import { RateLimitPacer } from '../../lambdas/engine/genesys/pacer.ts';
import { listAll, withQuery } from '../../lambdas/engine/genesys/paging.ts';
import { runExport } from '../../lambdas/engine/run.ts';
import type { FaultRule } from '../../lambdas/simulator/faults.ts';
import { DEFAULT_CLIENT, GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { cleanup, harness, options, startSimulator, tempDir } from '../helpers.ts';
import { allArrived, isSettled, JumpClock, StepClock } from './virtual-clock.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
  await cleanup();
});

// ---------------------------------------------------------------------------------------------------------
// A scripted HTTP server: login plus whatever each test answers.

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'drop';

async function scripted(
  clock: Clock,
  answer: (req: Seen, n: number) => Reply | Promise<Reply>,
): Promise<{ url: string; seen: Seen[]; api: () => Seen[] }> {
  const seen: Seen[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const s: Seen = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: clock.now(),
    };
    seen.push(s);
    const r = await answer(s, seen.filter((x) => x.url.startsWith('/api/')).length);
    if (r === 'drop') {
      req.socket.destroy();
      return;
    }
    res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
    res.end(r.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, api: () => seen.filter((s) => s.url.startsWith('/api/')) };
}

let tokenSerial = 0;
/** Answers the login with a fresh token (lifetime in seconds), everything else with `api`. */
function withLogin(
  api: (req: Seen, n: number) => Reply | Promise<Reply>,
  expiresIn: number | undefined = 86_400,
): (req: Seen, n: number) => Reply | Promise<Reply> {
  return (req, n) =>
    req.url === '/oauth/token'
      ? { status: 200, body: JSON.stringify({ access_token: `tok-${++tokenSerial}`, expires_in: expiresIn }) }
      : api(req, n);
}

const ok = (body: unknown = { ok: true }, headers: Record<string, string> = {}): Reply => ({
  status: 200,
  headers,
  body: JSON.stringify(body),
});

function clientFor(
  url: string,
  clock: Clock,
  over: Partial<GenesysClientOptions> = {},
): GenesysClient & { calls: ApiCallEvent[] } {
  const calls: ApiCallEvent[] = [];
  const c = new GenesysClient({
    connection: { apiBaseUrl: url, authUrl: url, clientId: 'client-1', clientSecret: 'secret-shh-1' },
    clock,
    random: () => 1,
    onCall: (e) => calls.push(e),
    ...over,
  });
  closers.push(() => c.close().catch(() => {}));
  return Object.assign(c, { calls });
}

/** A client of the simulator's default OAuth client. */
function simClientFor(
  sim: GenesysSimulator,
  clock: Clock,
  over: Partial<GenesysClientOptions> = {},
): GenesysClient & { calls: ApiCallEvent[] } {
  return clientFor(sim.url, clock, {
    connection: {
      apiBaseUrl: sim.url,
      authUrl: sim.url,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
    },
    ...over,
  });
}

// ---------------------------------------------------------------------------------------------------------

describe('Retry-After, exactly', () => {
  it('waits the Retry-After of a 429 before sending the request again', async () => {
    const clock = new JumpClock();
    const srv = await scripted(
      clock,
      withLogin((_r, n) =>
        n === 1 ? { status: 429, headers: { 'retry-after': '42' }, body: '{}' } : ok({ n }),
      ),
    );
    const c = clientFor(srv.url, clock);
    expect(await c.get('/api/v2/x')).toEqual({ n: 2 });
    const [first, second] = srv.api();
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBe(42_000);
    expect(c.stats).toEqual({ requests: 2, retries: 1, rateLimited: 1, tokenRequests: 1 });
  });

  it('sends nothing else either until Retry-After has passed: the pacer holds every request back', async () => {
    const clock = new StepClock();
    const sim = new GenesysSimulator({
      clock,
      size: { users: 3 },
      faults: [{ kind: 'status', status: 429, after: 1, times: 1, retryAfterSeconds: 75 }],
    });
    await sim.start();
    closers.push(() => sim.stop());
    const c = simClientFor(sim, clock, { concurrency: 2 });
    const quiet = allArrived(sim);
    await clock.drive(c.get('/api/v2/organizations/me'), quiet);
    const started = clock.now();
    // Two at once: one is answered 429; the other, and everything queued behind them, waits it out.
    await clock.drive(
      Promise.all(
        ['/api/v2/users', '/api/v2/groups', '/api/v2/locations', '/api/v2/routing/skills'].map((p) =>
          c.get(p),
        ),
      ),
      quiet,
    );
    const api = sim.log.filter((e) => e.path.startsWith('/api/')).slice(1);
    // The two sent together arrive at once (one 429); the retry and the two queued ones 75 s later.
    expect(api.map((e) => [e.at - started, e.status]).sort()).toEqual([
      [0, 200],
      [0, 429],
      [75_000, 200],
      [75_000, 200],
      [75_000, 200],
    ]);
    expect(sim.earlyRetries).toBe(0);
  });

  it('waits 3 s when Retry-After is absent or unreadable, and not at all for Retry-After: 0', async () => {
    for (const [retryAfter, wait] of [
      [undefined, 3_000],
      ['soon', 3_000],
      ['-5', 3_000],
      ['0', 0],
      ['1.5', 1_500],
    ] as const) {
      const clock = new JumpClock();
      const srv = await scripted(
        clock,
        withLogin((_r, n) =>
          n === 1
            ? { status: 429, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } }
            : ok(),
        ),
      );
      const c = clientFor(srv.url, clock);
      await c.get('/api/v2/x');
      const [first, second] = srv.api();
      expect((second?.at ?? 0) - (first?.at ?? 0), `Retry-After ${retryAfter}`).toBe(wait);
      expect(clock.sleeps, `Retry-After ${retryAfter}`).toEqual([wait]);
    }
  });
});

describe('Retries: 5xx, dropped connections and unreadable bodies', () => {
  it('backs off exponentially with jitter, capped at 30 s, and gives up after maxAttempts with the last error', async () => {
    for (const [random, expected] of [
      [() => 1, [500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]],
      [() => 0, [250, 500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]],
    ] as const) {
      const clock = new JumpClock();
      const srv = await scripted(
        clock,
        withLogin(() => ({ status: 503, body: '{"code":"service.unavailable","message":"down"}' })),
      );
      const c = clientFor(srv.url, clock, { random, maxAttempts: 10 });
      const err = await c.get('/api/v2/things?pageSize=1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(503);
      expect((err as Error).message).toBe('GET /api/v2/things failed with 503 service.unavailable: down');
      expect(clock.sleeps).toEqual(expected);
      expect(srv.api()).toHaveLength(10);
      expect(c.stats).toEqual({ requests: 10, retries: 9, rateLimited: 0, tokenRequests: 1 });
    }
  });

  it('takes only 2xx as success: a 3xx with a JSON body is an error', async () => {
    for (const [status, succeeds] of [
      [200, true],
      [299, true],
      [300, false],
      [304, false],
    ] as const) {
      const clock = new JumpClock();
      const srv = await scripted(
        clock,
        withLogin(() => ({ status, body: status === 304 ? '' : '{"code":"x","message":"m"}' })),
      );
      const c = clientFor(srv.url, clock);
      const r = await c.get('/api/v2/x').then(
        (v) => ({ ok: true, v }),
        (e: unknown) => ({ ok: false, v: e }),
      );
      expect(r.ok, String(status)).toBe(succeeds);
      if (!succeeds) expect((r.v as ApiError).status, String(status)).toBe(status);
    }
  });

  it('retries 500, 502, 503, 504 and 429, and nothing else', async () => {
    for (const status of [500, 502, 503, 504, 429]) {
      const clock = new JumpClock();
      const srv = await scripted(
        clock,
        withLogin((_r, n) => (n === 1 ? { status } : ok())),
      );
      const c = clientFor(srv.url, clock);
      await expect(c.get('/api/v2/x'), String(status)).resolves.toEqual({ ok: true });
      expect(c.stats.retries).toBe(1);
    }
    for (const status of [400, 404, 409, 501]) {
      const clock = new JumpClock();
      const srv = await scripted(
        clock,
        withLogin(() => ({ status, body: '{}' })),
      );
      const c = clientFor(srv.url, clock);
      await expect(c.get('/api/v2/x'), String(status)).rejects.toMatchObject({ status });
      expect(srv.api()).toHaveLength(1);
      expect(c.stats.retries).toBe(0);
    }
  });

  it('defaults to 8 attempts', async () => {
    const clock = new JumpClock();
    const srv = await scripted(
      clock,
      withLogin(() => ({ status: 502 })),
    );
    const c = clientFor(srv.url, clock, { maxAttempts: undefined });
    await expect(c.get('/api/v2/x')).rejects.toMatchObject({ status: 502 });
    expect(srv.api()).toHaveLength(8);
  });

  it('retries creating a flow export job (harmless twice), but sends any other POST once', async () => {
    const clock = new JumpClock();
    const srv = await scripted(
      clock,
      withLogin((r, n) => {
        if (r.url === '/api/v2/flows/export/jobs') return n === 1 ? { status: 503 } : ok({ id: 'job-1' });
        return r.url === '/api/v2/drop' ? 'drop' : { status: 503, body: '{"message":"down"}' };
      }),
    );
    const c = clientFor(srv.url, clock);
    expect(await c.post('/api/v2/flows/export/jobs', { flows: [] })).toEqual({ id: 'job-1' });
    expect(c.stats.retries).toBe(1);
    const err = (await c.post('/api/v2/things', {}).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe('POST /api/v2/things failed with 503: down');
    const dropped = (await c.post('/api/v2/drop', {}).catch((e: unknown) => e)) as Error;
    expect(dropped).toBeInstanceOf(NetworkError);
    expect(dropped.message).toMatch(/^POST \/api\/v2\/drop: .+ \(gave up after 1 attempt\)$/);
    expect(srv.api().map((r) => r.url)).toEqual([
      '/api/v2/flows/export/jobs',
      '/api/v2/flows/export/jobs',
      '/api/v2/things',
      '/api/v2/drop',
    ]);
    expect(c.stats.retries).toBe(1);
  });

  it('retries dropped connections, short bodies and malformed JSON, then gives up with a NetworkError', async () => {
    const clock = new JumpClock();
    const srv = await scripted(
      clock,
      withLogin((_r, n) => {
        if (n === 1) return 'drop';
        if (n === 2) return { status: 200, body: '{"entities": [' };
        if (n === 3) return { status: 200, body: '<html>bad gateway</html>' };
        return ok({ fine: 1 });
      }),
    );
    const c = clientFor(srv.url, clock);
    expect(await c.get('/api/v2/x')).toEqual({ fine: 1 });
    expect(c.stats.retries).toBe(3);
    expect(c.calls.filter((e) => e.path === '/api/v2/x').map((e) => [e.status, e.attempt])).toEqual([
      ['network-error', 1],
      // An unreadable body counts as a failed attempt, like a dropped connection.
      ['network-error', 2],
      ['network-error', 3],
      [200, 4],
    ]);

    const clock2 = new JumpClock();
    const dead = await scripted(
      clock2,
      withLogin(() => 'drop'),
    );
    const c2 = clientFor(dead.url, clock2, { maxAttempts: 3 });
    const err = await c2.get('/api/v2/gone?x=1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(/^GET \/api\/v2\/gone: .+ \(gave up after 3 attempts\)$/);
    expect((err as Error).cause).toBeDefined();
    expect(dead.api()).toHaveLength(3);
  });

  it('does not retry what is not a network or HTTP failure (connection refused is final)', async () => {
    const clock = new JumpClock();
    const srv = await scripted(
      clock,
      withLogin(() => ok()),
    );
    const c = clientFor(srv.url, clock);
    await c.get('/api/v2/x');
    const port = new URL(srv.url).port;
    await closers.pop()?.(); // the client's own close
    await closers.pop()?.(); // the server
    const again = clientFor(`http://127.0.0.1:${port}`, clock);
    const err = await again.get('/api/v2/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as Error).message).toMatch(
      new RegExp(`^Could not reach the Genesys Cloud login service at http://127.0.0.1:${port}: `),
    );
    expect((err as Error).cause).toBeDefined();
    expect(again.stats.tokenRequests).toBe(1);
    expect(again.stats.retries).toBe(0);
  });
});

describe('Errors say what failed, without secrets', () => {
  it('turns a 403 into PermissionDeniedError naming the missing permissions', async () => {
    const clock = new JumpClock();
    const srv = await scripted(
      clock,
      withLogin(() => ({
        status: 403,
        body: JSON.stringify({
          code: 'missing.permissions',
          message: 'You are missing the following permission(s): [routing:queue:view, , architect:flow:view]',
        }),
      })),
    );
    const c = clientFor(srv.url, clock);
    const err = (await c
      .get('/api/v2/routing/queues?pageSize=5')
      .catch((e: unknown) => e)) as PermissionDeniedError;
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect(err.permissions).toEqual(['routing:queue:view', 'architect:flow:view']);
    expect(err.code).toBe('missing.permissions');
    expect(err.path).toBe('/api/v2/routing/queues');
    expect(err.method).toBe('GET');
    expect(srv.api()).toHaveLength(1);
  });

  it('a 403 without a bracketed list names no permission', async () => {
    const clock = new JumpClock();
    const srv = await scripted(
      clock,
      withLogin(() => ({ status: 403, body: '{"message":"Forbidden"}' })),
    );
    const err = (await clientFor(srv.url, clock)
      .get('/api/v2/x')
      .catch((e: unknown) => e)) as PermissionDeniedError;
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect(err.permissions).toEqual([]);
    expect(err.code).toBeUndefined();
  });

  it('keeps the first 300 characters of a non-JSON error body, and the message of a JSON one', async () => {
    const clock = new JumpClock();
    const long = `<html>${'x'.repeat(400)}</html>`;
    const srv = await scripted(
      clock,
      withLogin((r) =>
        r.url.startsWith('/api/v2/html')
          ? { status: 404, body: long }
          : { status: 400, body: '{"code":"bad.request"}' },
      ),
    );
    const c = clientFor(srv.url, clock);
    const html = (await c.get('/api/v2/html').catch((e: unknown) => e)) as ApiError;
    expect(html.message).toBe(`GET /api/v2/html failed with 404: ${long.slice(0, 300)}`);
    expect(html.code).toBeUndefined();
    expect(html).toBeInstanceOf(ApiError);
    expect(html).not.toBeInstanceOf(PermissionDeniedError);
    const noMessage = (await c.post('/api/v2/json', {}).catch((e: unknown) => e)) as ApiError;
    expect(noMessage.message).toBe('POST /api/v2/json failed with 400 bad.request: {"code":"bad.request"}');
  });

  it('reports a failed login with the OAuth error and the client ID, never the secret', async () => {
    const cases: Array<[Reply, string]> = [
      [
        { status: 401, body: '{"error":"invalid_client","error_description":"client not found"}' },
        'Login to Genesys Cloud failed for OAuth client client-1: invalid_client: client not found',
      ],
      [
        { status: 400, body: '{"error":"unsupported_grant_type"}' },
        'failed for OAuth client client-1: unsupported_grant_type',
      ],
      [{ status: 400, body: '{}' }, 'failed for OAuth client client-1: HTTP 400'],
      [{ status: 403, body: 'nope' }, 'failed for OAuth client client-1: HTTP 403'],
      [{ status: 200, body: '{"expires_in":300}' }, 'Login to Genesys Cloud returned no access token'],
    ];
    for (const [reply, message] of cases) {
      const clock = new JumpClock();
      const srv = await scripted(clock, (r) => (r.url === '/oauth/token' ? reply : ok()));
      const c = clientFor(srv.url, clock);
      const err = (await c.get('/api/v2/x').catch((e: unknown) => e)) as Error;
      expect(err).toBeInstanceOf(AuthenticationError);
      expect(err.message).toContain(message);
      expect(err.message).not.toContain('secret-shh-1');
      expect(srv.api()).toHaveLength(0);
    }
  });

  it('logs in with client credentials: Basic auth, form body, at the auth URL', async () => {
    const clock = new JumpClock();
    const srv = await scripted(
      clock,
      withLogin(() => ok()),
    );
    const c = clientFor(srv.url, clock);
    await c.get('/api/v2/x');
    const login = srv.seen[0];
    expect(login?.method).toBe('POST');
    expect(login?.url).toBe('/oauth/token');
    expect(login?.headers.authorization).toBe(
      `Basic ${Buffer.from('client-1:secret-shh-1').toString('base64')}`,
    );
    expect(login?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(login?.body).toBe('grant_type=client_credentials');
    expect(srv.api()[0]?.headers.authorization).toBe(`Bearer tok-${tokenSerial}`);
  });

  it('retries a login answered 503, counting token requests apart from API requests', async () => {
    const clock = new JumpClock();
    let logins = 0;
    const srv = await scripted(clock, (r) =>
      r.url === '/oauth/token'
        ? ++logins === 1
          ? { status: 503 }
          : { status: 200, body: '{"access_token":"t","expires_in":100}' }
        : ok(),
    );
    const c = clientFor(srv.url, clock);
    await c.get('/api/v2/x');
    expect(c.stats).toEqual({ requests: 1, retries: 1, rateLimited: 0, tokenRequests: 2 });
    expect(c.calls.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'POST /oauth/token 503',
      'POST /oauth/token 200',
      'GET /api/v2/x 200',
    ]);
  });
});

describe('Requests', () => {
  it('GET sends the bearer token and no body; POST sends JSON; an empty 2xx body is null', async () => {
    const clock = new JumpClock();
    const srv = await scripted(
      clock,
      withLogin((r) => (r.method === 'POST' ? { status: 204 } : ok({ got: r.url }))),
    );
    const c = clientFor(srv.url, clock);
    expect(c.baseUrl).toBe(srv.url);
    expect(await c.get('/api/v2/a?b=1&c=2')).toEqual({ got: '/api/v2/a?b=1&c=2' });
    expect(await c.post('/api/v2/jobs', { flows: [1] })).toBeNull();
    const [get, post] = srv.api();
    expect(get?.headers.accept).toBe('application/json');
    expect(get?.headers['content-type']).toBeUndefined();
    expect(get?.body).toBe('');
    expect(post?.headers['content-type']).toBe('application/json');
    expect(post?.body).toBe('{"flows":[1]}');
    expect(post?.headers.authorization).toMatch(/^Bearer tok-/);
  });

  it('reports each call: method, path without query, status, virtual ms and attempt', async () => {
    const clock = new JumpClock();
    const srv = await scripted(
      clock,
      withLogin(async (_r, n) => {
        await clock.sleep(250);
        return n === 1 ? { status: 502 } : ok();
      }),
    );
    const c = clientFor(srv.url, clock);
    await c.get('/api/v2/users?pageSize=500');
    expect(c.calls).toEqual([
      { method: 'POST', path: '/oauth/token', status: 200, ms: 0, attempt: 1 },
      { method: 'GET', path: '/api/v2/users', status: 502, ms: 250, attempt: 1 },
      { method: 'GET', path: '/api/v2/users', status: 200, ms: 250, attempt: 2 },
    ]);
  });

  it('downloads a signed URL without the bearer token, retrying failures, and refuses a non-200', async () => {
    const clock = new JumpClock();
    let downloads = 0;
    const srv = await scripted(clock, (r) => {
      if (r.url.startsWith('/dl/ok'))
        return ++downloads === 1 ? { status: 503 } : { status: 200, body: 'flow: yaml' };
      if (r.url.startsWith('/dl/missing')) return { status: 404, body: 'no' };
      return ok();
    });
    const c = clientFor(srv.url, clock);
    const bytes = await c.download(`${srv.url}/dl/ok?X-Amz-Signature=abc`);
    expect(Buffer.from(bytes).toString()).toBe('flow: yaml');
    expect(srv.seen.every((s) => s.headers.authorization === undefined)).toBe(true);
    expect(srv.seen.some((s) => s.url === '/oauth/token')).toBe(false);
    expect(c.stats).toMatchObject({ requests: 2, retries: 1, tokenRequests: 0 });
    expect(c.calls.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'GET /dl/ok 503',
      'GET /dl/ok 200',
    ]);
    const err = (await c.download(`${srv.url}/dl/missing`).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe('GET /dl/missing failed with 404: download failed');
  });

  it('downloads are not API calls: a 429 on one does not hold the API back, nor an API 429 the downloads', async () => {
    const clock = new StepClock();
    const seen = new Set<string>();
    const srv = await scripted(
      clock,
      withLogin((r) => {
        const again = seen.has(r.url);
        seen.add(r.url);
        if (r.url === '/dl/first' && !again) return { status: 429, headers: { 'retry-after': '60' } };
        if (r.url === '/api/v2/first' && !again)
          return { status: 429, headers: { 'retry-after': '60' }, body: '{}' };
        return r.url.startsWith('/dl/') ? { status: 200, body: 'yaml' } : ok();
      }),
    );
    const c = clientFor(srv.url, clock);
    await clock.drive(c.get('/api/v2/warm-up'));
    const started = clock.now();
    const refused = async (n: number) => {
      while (c.stats.rateLimited < n) await new Promise((r) => setTimeout(r, 2));
    };
    const first = c.download(`${srv.url}/dl/first`);
    await refused(1);
    await clock.drive(c.get('/api/v2/during-download-back-off'));
    expect(clock.now()).toBe(started);
    const api = c.get('/api/v2/first');
    await refused(2);
    await clock.drive(c.download(`${srv.url}/dl/during-api-back-off`));
    expect(clock.now()).toBe(started);
    await clock.drive(Promise.all([first, api]));
    expect(srv.seen.map((x) => [x.url, x.at - started]).filter(([u]) => u !== '/oauth/token')).toEqual([
      ['/api/v2/warm-up', 0],
      ['/dl/first', 0],
      ['/api/v2/during-download-back-off', 0],
      ['/api/v2/first', 0],
      ['/dl/during-api-back-off', 0],
      ['/dl/first', 60_000],
      ['/api/v2/first', 60_000],
    ]);
  });

  it('cannot be used once closed', async () => {
    const clock = new JumpClock();
    const srv = await scripted(
      clock,
      withLogin(() => ok()),
    );
    const c = clientFor(srv.url, clock, { maxAttempts: 2 });
    await c.get('/api/v2/x');
    await c.close();
    await expect(c.get('/api/v2/x')).rejects.toThrow(/destroyed|closed/i);
    expect(srv.api()).toHaveLength(1);
  });

  it('keeps at most `concurrency` requests in flight, and at least one', async () => {
    for (const [concurrency, expected] of [
      [3, 3],
      [0, 1],
    ] as const) {
      const clock = new JumpClock();
      let inFlight = 0;
      let peak = 0;
      const srv = await scripted(
        clock,
        withLogin(async () => {
          peak = Math.max(peak, ++inFlight);
          await new Promise((r) => setTimeout(r, 15));
          inFlight--;
          return ok();
        }),
      );
      const c = clientFor(srv.url, clock, { concurrency });
      await Promise.all(Array.from({ length: 8 }, (_, i) => c.get(`/api/v2/x/${i}`)));
      expect(peak).toBe(expected);
      expect(srv.api()).toHaveLength(8);
      expect(c.stats.tokenRequests).toBe(1);
    }
  });

  it('defaults to the shared DEFAULT_CONCURRENCY requests in flight (the CLI and the Lambdas use the same)', async () => {
    const clock = new JumpClock();
    let inFlight = 0;
    let peak = 0;
    const srv = await scripted(
      clock,
      withLogin(async () => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 15));
        inFlight--;
        return ok();
      }),
    );
    const c = clientFor(srv.url, clock);
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.get(`/api/v2/x/${i}`)));
    expect(peak).toBe(DEFAULT_CONCURRENCY);
  });
});

describe('Token: refreshed before it expires, once again after a 401', () => {
  async function simWithJumpClock(tokenLifetimeSeconds: number) {
    const clock = new JumpClock();
    const sim = new GenesysSimulator({ clock, size: { users: 3 }, tokenLifetimeSeconds });
    await sim.start();
    closers.push(() => sim.stop());
    return { clock, sim, c: simClientFor(sim, clock) };
  }

  it('refreshes a short-lived token inside the last tenth of its lifetime, before it expires', async () => {
    const { clock, sim, c } = await simWithJumpClock(300);
    const loggedIn = clock.now();
    await c.get('/api/v2/organizations/me');
    clock.t = loggedIn + 269_999; // 30.001 s left: still good
    await c.get('/api/v2/organizations/me');
    expect(c.stats.tokenRequests).toBe(1);
    clock.t = loggedIn + 270_000; // 30 s left: the last tenth has begun
    await c.get('/api/v2/organizations/me');
    expect(c.stats.tokenRequests).toBe(2);
    const second = loggedIn + 270_000;
    clock.t = second + 269_000;
    await c.get('/api/v2/organizations/me');
    expect(c.stats.tokenRequests).toBe(2);
    clock.t = second + 299_000; // one second before the second token expires
    await c.get('/api/v2/organizations/me');
    expect(c.stats.tokenRequests).toBe(3);
    expect(sim.log.filter((e) => e.status === 401)).toEqual([]);
  });

  it('refreshes a day-long token a minute before it expires', async () => {
    const { clock, sim, c } = await simWithJumpClock(86_400);
    const loggedIn = clock.now();
    await c.get('/api/v2/organizations/me');
    clock.t = loggedIn + 86_339_000;
    await c.get('/api/v2/organizations/me');
    expect(c.stats.tokenRequests).toBe(1);
    clock.t = loggedIn + 86_341_000;
    await c.get('/api/v2/organizations/me');
    expect(c.stats.tokenRequests).toBe(2);
    expect(sim.log.filter((e) => e.status === 401)).toEqual([]);
  });

  it('never sends an expired token, even after a long pause', async () => {
    const { clock, sim, c } = await simWithJumpClock(300);
    await c.get('/api/v2/organizations/me');
    clock.t += 10 * 300_000;
    await c.get('/api/v2/organizations/me');
    expect(c.stats.tokenRequests).toBe(2);
    expect(sim.log.filter((e) => e.status === 401)).toEqual([]);
  });

  it('assumes a day when the login does not say how long the token lives', async () => {
    const clock = new JumpClock();
    const srv = await scripted(
      clock,
      withLogin(() => ok(), undefined),
    );
    const c = clientFor(srv.url, clock);
    const loggedIn = clock.now();
    await c.get('/api/v2/x');
    clock.t = loggedIn + 86_339_000;
    await c.get('/api/v2/x');
    expect(c.stats.tokenRequests).toBe(1);
    clock.t = loggedIn + 86_341_000;
    await c.get('/api/v2/x');
    expect(c.stats.tokenRequests).toBe(2);
  });

  it('logs in once for many concurrent first requests', async () => {
    const { c } = await simWithJumpClock(300);
    await Promise.all(Array.from({ length: 6 }, () => c.get('/api/v2/organizations/me')));
    expect(c.stats.tokenRequests).toBe(1);
  });

  it('logs in again once after a 401 and resends; a second 401 is an error', async () => {
    const { sim, c } = await simWithJumpClock(86_400);
    await c.get('/api/v2/organizations/me');
    sim.revokeTokens();
    await c.get('/api/v2/organizations/me');
    expect(c.stats.tokenRequests).toBe(2);
    expect(sim.log.map((e) => e.status)).toEqual([200, 200, 401, 200, 200]);

    const clock = new JumpClock();
    const srv = await scripted(
      clock,
      withLogin(() => ({
        status: 401,
        body: '{"code":"bad.credentials","message":"Invalid login credentials."}',
      })),
    );
    const c2 = clientFor(srv.url, clock);
    const err = (await c2.get('/api/v2/x').catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(401);
    expect(c2.stats.tokenRequests).toBe(2);
    expect(srv.api()).toHaveLength(2);
    expect(srv.api()[1]?.headers.authorization).not.toBe(srv.api()[0]?.headers.authorization);
  });

  it('logs in from inside a request at concurrency 1 without waiting for a slot', async () => {
    const { clock, c: _unused } = await simWithJumpClock(300);
    void _unused;
    const sim2 = new GenesysSimulator({ clock, size: { users: 3 }, tokenLifetimeSeconds: 300 });
    await sim2.start();
    closers.push(() => sim2.stop());
    const c = simClientFor(sim2, clock, { concurrency: 1 });
    await c.get('/api/v2/organizations/me');
    clock.t += 290_000;
    await c.get('/api/v2/organizations/me');
    expect(c.stats.tokenRequests).toBe(2);
  });
});

describe('Pacer: spends the window, waits for its reset, backs off after a 429', () => {
  const headers = (count: number, allowed: number, reset: number) => ({
    'inin-ratelimit-count': String(count),
    'inin-ratelimit-allowed': String(allowed),
    'inin-ratelimit-reset': String(reset),
  });

  it('sends the allowance at once, then waits for the reset the headers announce (+20 ms)', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock, 3);
    for (let i = 0; i < 3; i++) await pacer.acquire();
    expect(clock.sleeps).toEqual([]);
    for (let i = 0; i < 3; i++) pacer.release(headers(i + 1, 3, 7));
    const next = pacer.acquire();
    expect(await isSettled(next)).toBe(false);
    expect(clock.sleeps).toEqual([7_020]);
    await clock.advance(7_019);
    expect(await isSettled(next)).toBe(false);
    await clock.advance(1);
    expect(await isSettled(next)).toBe(true);
  });

  it('defaults to 300 a minute, and waits a second at a time before any response said when the window resets', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock);
    for (let i = 0; i < 300; i++) await pacer.acquire();
    expect(clock.sleeps).toEqual([]);
    const next = pacer.acquire();
    await clock.advance(2_500);
    expect(await isSettled(next)).toBe(false);
    expect(clock.sleeps).toEqual([1_000, 1_000, 1_000]);
    pacer.release(headers(0, 300, 0)); // the window has just reset
    await clock.advance(500);
    expect(await isSettled(next)).toBe(true);
  });

  it('takes the allowance from the headers', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock, 300);
    await pacer.acquire();
    pacer.release(headers(1, 2, 60));
    await pacer.acquire();
    const third = pacer.acquire();
    expect(await isSettled(third)).toBe(false);
    expect(clock.sleeps).toEqual([60_020]);
  });

  it('ignores an allowance of zero or garbage, and a reset that is not a number', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock, 2);
    await pacer.acquire();
    pacer.release({ 'inin-ratelimit-allowed': '0', 'inin-ratelimit-reset': 'soon' });
    pacer.release({ 'inin-ratelimit-allowed': 'lots' });
    await pacer.acquire();
    const third = pacer.acquire(); // the allowance of 2 still holds; no reset known: a second at a time
    expect(await isSettled(third)).toBe(false);
    expect(clock.sleeps).toEqual([1_000]);
  });

  it('counts requests still in flight against the new window when it resets', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock, 2);
    await pacer.acquire();
    await pacer.acquire();
    pacer.release(headers(1, 2, 1)); // one answered; the other is still on its way
    await clock.advance(1_000); // the window resets
    await pacer.acquire(); // one left in the new window: the request in flight counts as the other
    expect(clock.sleeps).toEqual([]);
    expect(await isSettled(pacer.acquire())).toBe(false);
  });

  it('a window reset with nothing in flight frees the whole allowance (releases never go below zero)', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock, 2);
    await pacer.acquire();
    pacer.release(headers(1, 2, 1));
    pacer.release();
    pacer.release();
    await pacer.acquire();
    pacer.release(headers(2, 2, 1));
    await clock.advance(1_000);
    await pacer.acquire();
    await pacer.acquire();
    expect(clock.sleeps).toEqual([]);
    expect(await isSettled(pacer.acquire())).toBe(false);
  });

  it('counts what the server counted plus what is in flight', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock, 10);
    for (let i = 0; i < 4; i++) await pacer.acquire();
    pacer.release(headers(8, 10, 30)); // another process shares the token: 8 counted, 3 of ours in flight
    expect(await isSettled(pacer.acquire())).toBe(false);
    expect(clock.sleeps).toEqual([30_020]);
  });

  it('believes a lower count after the server window rolled over before ours', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock, 5);
    for (let i = 0; i < 5; i++) await pacer.acquire();
    pacer.release(headers(5, 5, 30));
    pacer.release(headers(1, 5, 59)); // a new server window: 1 counted, 3 of ours still in flight
    await pacer.acquire(); // 1 + 3 < 5
    expect(clock.sleeps).toEqual([]);
    expect(await isSettled(pacer.acquire())).toBe(false);
    expect(clock.sleeps).toEqual([59_020]);
  });

  it('an equal or higher count never lowers what it already counted', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock, 5);
    for (let i = 0; i < 3; i++) await pacer.acquire();
    pacer.release(headers(1, 5, 30)); // used 3 (ours); the server says 1 + 2 in flight
    pacer.release(headers(1, 5, 30));
    await pacer.acquire();
    await pacer.acquire();
    expect(clock.sleeps).toEqual([]);
    expect(await isSettled(pacer.acquire())).toBe(false);
  });

  it('after a 429 lets nobody through until Retry-After has passed, and never shortens a wait', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock, 100);
    pacer.backOff(30_000);
    pacer.backOff(5_000);
    const first = pacer.acquire();
    await clock.advance(29_999);
    expect(await isSettled(first)).toBe(false);
    await clock.advance(1);
    expect(await isSettled(first)).toBe(true);
    pacer.backOff(10_000);
    await clock.advance(4_000);
    const second = pacer.acquire();
    await clock.advance(5_999);
    expect(await isSettled(second)).toBe(false);
    await clock.advance(1);
    expect(await isSettled(second)).toBe(true);
    expect(clock.sleeps).toEqual([30_000, 6_000]);
    await pacer.acquire();
    expect(clock.sleeps).toHaveLength(2);
  });

  it('through the client: paces a burst to the announced window instead of provoking 429s', async () => {
    const clock = new StepClock(5);
    let count = 0;
    let windowStart = clock.now();
    const srv = await scripted(
      clock,
      withLogin(() => {
        if (clock.now() - windowStart >= 10_000) {
          windowStart = clock.now();
          count = 0;
        }
        count++;
        const reset = String(Math.max(1, Math.ceil((windowStart + 10_000 - clock.now()) / 1000)));
        if (count > 4) return { status: 429, headers: { 'retry-after': reset }, body: '{}' };
        return ok(
          {},
          {
            'inin-ratelimit-count': String(count),
            'inin-ratelimit-allowed': '4',
            'inin-ratelimit-reset': reset,
          },
        );
      }),
    );
    const c = clientFor(srv.url, clock, { concurrency: 1 });
    await clock.drive(Promise.all(Array.from({ length: 10 }, (_, i) => c.get(`/api/v2/x/${i}`))));
    expect(c.stats.rateLimited).toBe(0);
    const started = srv.api()[0]?.at ?? 0;
    expect(srv.api().map((s) => Math.floor((s.at - started) / 10_000))).toEqual([
      0, 0, 0, 0, 1, 1, 1, 1, 2, 2,
    ]);
  });
});

describe('Paging: follows nextUri whatever the style, and notices changes', () => {
  type Page = {
    entities?: Array<{ id?: string; n?: number }>;
    pageNumber?: number;
    pageCount?: number;
    total?: number;
    nextUri?: string;
  };

  async function pager(pages: (url: URL) => Page) {
    const clock = new JumpClock();
    const srv = await scripted(
      clock,
      withLogin((r) => ok(pages(new URL(r.url, 'http://x')))),
    );
    return { c: clientFor(srv.url, clock), srv, paths: () => srv.api().map((s) => s.url) };
  }

  it('builds queries with repeated keys and no empty ones', () => {
    expect(withQuery('/api/v2/users', { id: ['a', 'b'], pageSize: '500', state: undefined })).toBe(
      '/api/v2/users?id=a&id=b&pageSize=500',
    );
    expect(withQuery('/api/v2/users', {})).toBe('/api/v2/users');
    expect(withQuery('/api/v2/users', { x: undefined })).toBe('/api/v2/users');
    expect(withQuery('/p', { q: 'a b&c' })).toBe('/p?q=a+b%26c');
  });

  it('follows relative and absolute nextUri links, counting pages', async () => {
    const { c, paths } = await pager((u) => {
      const after = u.searchParams.get('after');
      if (!after) return { entities: [{ id: 'a' }], nextUri: '/api/v2/teams?after=x1' };
      if (after === 'x1')
        return { entities: [{ id: 'b' }], nextUri: 'https://api.example.com/api/v2/teams?after=x2' };
      return { entities: [{ id: 'c' }] };
    });
    const seen: number[] = [];
    const r = await listAll(c, '/api/v2/teams?pageSize=1', (n) => seen.push(n));
    expect(r).toEqual({ entities: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], pages: 3, changed: false });
    expect(paths()).toEqual(['/api/v2/teams?pageSize=1', '/api/v2/teams?after=x1', '/api/v2/teams?after=x2']);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('pages by number when there is no nextUri, up to pageCount', async () => {
    const { c, paths } = await pager((u) => {
      const n = Number(u.searchParams.get('pageNumber') ?? 1);
      return { entities: [{ id: `e${n}` }], pageNumber: n, pageCount: 3, total: 3 };
    });
    const r = await listAll(c, '/api/v2/routing/skills?pageSize=1');
    expect(r.entities.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(r.pages).toBe(3);
    expect(paths()).toEqual([
      '/api/v2/routing/skills?pageSize=1',
      '/api/v2/routing/skills?pageSize=1&pageNumber=2',
      '/api/v2/routing/skills?pageSize=1&pageNumber=3',
    ]);
  });

  it('stops at an empty page, and when neither a link nor a page count says more', async () => {
    const empty = await pager(() => ({
      entities: [],
      nextUri: '/api/v2/x?pageNumber=2',
      pageNumber: 1,
      pageCount: 9,
    }));
    expect(await listAll(empty.c, '/api/v2/x')).toEqual({ entities: [], pages: 1, changed: false });
    const missing = await pager(() => ({ pageNumber: 1, pageCount: 9 }));
    expect((await listAll(missing.c, '/api/v2/x')).pages).toBe(1);
    const noCount = await pager(() => ({ entities: [{ id: 'a' }], pageNumber: 1 }));
    expect((await listAll(noCount.c, '/api/v2/x')).pages).toBe(1);
    const noNumber = await pager(() => ({ entities: [{ id: 'a' }], pageCount: 3 }));
    expect((await listAll(noNumber.c, '/api/v2/x')).pages).toBe(1);
    const last = await pager(() => ({ entities: [{ id: 'a' }], pageNumber: 3, pageCount: 3 }));
    expect((await listAll(last.c, '/api/v2/x')).pages).toBe(1);
  });

  it('says the list changed when the total moves or an entity comes twice, and keeps the first copy', async () => {
    const moved = await pager((u) => {
      const n = Number(u.searchParams.get('pageNumber') ?? 1);
      return { entities: [{ id: `e${n}` }], pageNumber: n, pageCount: 2, total: n === 1 ? 2 : 3 };
    });
    expect((await listAll(moved.c, '/api/v2/x')).changed).toBe(true);
    const twice = await pager((u) => {
      const n = Number(u.searchParams.get('pageNumber') ?? 1);
      return { entities: [{ id: 'same', n }], pageNumber: n, pageCount: 2, total: 2 };
    });
    const r = await listAll(twice.c, '/api/v2/x');
    expect(r.changed).toBe(true);
    expect(r.entities).toEqual([{ id: 'same', n: 1 }]);
    const steady = await pager((u) => {
      const n = Number(u.searchParams.get('pageNumber') ?? 1);
      return { entities: [{ id: `e${n}` }], pageNumber: n, pageCount: 2, total: 2 };
    });
    expect((await listAll(steady.c, '/api/v2/x')).changed).toBe(false);
    const untotalled = await pager((u) => {
      const n = Number(u.searchParams.get('pageNumber') ?? 1);
      return { entities: [{ id: `e${n}` }], pageNumber: n, pageCount: 2, ...(n === 1 ? { total: 2 } : {}) };
    });
    expect((await listAll(untotalled.c, '/api/v2/x')).changed).toBe(false);
  });

  it("reports the first page's total when there is one", async () => {
    const { c } = await pager((u) => {
      const n = Number(u.searchParams.get('pageNumber') ?? 1);
      return { entities: [{ id: `e${n}` }], pageNumber: n, pageCount: 2, total: n === 1 ? 7 : 8 };
    });
    expect(await listAll(c, '/api/v2/x')).toMatchObject({ total: 7, changed: true });
    const none = await pager(() => ({ entities: [{ id: 'a' }] }));
    expect('total' in (await listAll(none.c, '/api/v2/x'))).toBe(false);
    const zero = await pager(() => ({ entities: [], total: 0 }));
    expect(await listAll(zero.c, '/api/v2/x')).toEqual({ entities: [], pages: 1, changed: false, total: 0 });
  });

  it('stops after maxPages pages when asked to', async () => {
    const { c, paths } = await pager((u) => {
      const n = Number(u.searchParams.get('pageNumber') ?? 1);
      return { entities: [{ id: `e${n}` }], pageNumber: n, pageCount: 10 };
    });
    const r = await listAll(c, '/api/v2/x', undefined, 2);
    expect(r.pages).toBe(2);
    expect(r.entities).toHaveLength(2);
    expect(paths()).toHaveLength(2);
    expect((await listAll(c, '/api/v2/x', undefined, 1)).pages).toBe(1);
  });

  it('keeps entities without an ID, after the others', async () => {
    const { c } = await pager(() => ({ entities: [{ n: 1 }, { id: 'a' }, { n: 2 }] }));
    expect((await listAll(c, '/api/v2/x')).entities).toEqual([{ id: 'a' }, { n: 1 }, { n: 2 }]);
  });
});

describe('Config: connection settings from the environment', () => {
  const env = { GENESYS_CLOUD_OAUTH_CLIENT_ID: ' id ', GENESYS_CLOUD_OAUTH_CLIENT_SECRET: ' secret ' };

  it('knows every region of the official SDK, with its domain', () => {
    const sdk = readFileSync(
      'node_modules/purecloud-platform-client-v2/src/purecloud-platform-client-v2/PureCloudRegionHosts.js',
      'utf8',
    );
    const hosts = Object.fromEntries([...sdk.matchAll(/(\w+): '([^']+)'/g)].map((m) => [m[1], m[2]]));
    expect(Object.keys(hosts).length).toBeGreaterThan(15);
    expect(REGION_DOMAINS).toEqual(hosts);
    for (const [region, domain] of Object.entries(hosts)) {
      const c = connectionFromEnv({ ...env, GENESYS_CLOUD_REGION: region });
      expect(c.apiBaseUrl).toBe(`https://api.${domain}`);
      expect(c.authUrl).toBe(`https://login.${domain}`);
    }
  });

  it('trims values, accepts region names with dashes or in capitals, and defaults to us_east_1', () => {
    expect(connectionFromEnv(env)).toEqual({
      apiBaseUrl: 'https://api.mypurecloud.com',
      authUrl: 'https://login.mypurecloud.com',
      clientId: 'id',
      clientSecret: 'secret',
    });
    expect(connectionFromEnv({ ...env, GENESYS_CLOUD_REGION: ' EU-WEST-1 ' }).apiBaseUrl).toBe(
      'https://api.mypurecloud.ie',
    );
    expect(connectionFromEnv({ ...env, GENESYS_CLOUD_REGION: '  ' }).apiBaseUrl).toBe(
      'https://api.mypurecloud.com',
    );
    expect(
      connectionFromEnv({ ...env, GENESYS_CLOUD_OAUTH_GRANT_TYPE: ' client_credentials ' }).clientId,
    ).toBe('id');
  });

  it('takes the base URL before the region, keeping only its origin, and logs in at the same origin off api.*', () => {
    const c = connectionFromEnv({
      ...env,
      GENESYS_CLOUD_REGION: 'eu_west_1',
      GENESYS_CLOUD_BASE_URL: ' http://127.0.0.1:4010/some/path?q=1 ',
    });
    expect(c.apiBaseUrl).toBe('http://127.0.0.1:4010');
    expect(c.authUrl).toBe('http://127.0.0.1:4010');
    expect(connectionFromEnv({ ...env, GENESYS_CLOUD_AUTH_URL: ' https://sso.example.com/x ' }).authUrl).toBe(
      'https://sso.example.com',
    );
  });

  it('derives login.<domain> from api.<domain>, keeping the scheme and port', () => {
    expect(deriveAuthUrl('https://api.mypurecloud.de')).toBe('https://login.mypurecloud.de');
    expect(deriveAuthUrl('http://api.local.test:8443/x')).toBe('http://login.local.test:8443');
    expect(deriveAuthUrl('https://apis.example.com')).toBe('https://apis.example.com');
    expect(deriveAuthUrl('https://gateway.api.example.com')).toBe('https://gateway.api.example.com');
  });

  it('names the missing or bad variable', () => {
    expect(() => connectionFromEnv({})).toThrow(
      'GENESYS_CLOUD_OAUTH_CLIENT_ID (or GENESYSCLOUD_OAUTHCLIENT_ID) is not set (environment or .env)',
    );
    expect(() =>
      connectionFromEnv({ GENESYS_CLOUD_OAUTH_CLIENT_ID: 'a', GENESYS_CLOUD_OAUTH_CLIENT_SECRET: ' ' }),
    ).toThrow(
      'GENESYS_CLOUD_OAUTH_CLIENT_SECRET (or GENESYSCLOUD_OAUTHCLIENT_SECRET) is not set (environment or .env)',
    );
    expect(() => connectionFromEnv({ ...env, GENESYS_CLOUD_OAUTH_GRANT_TYPE: 'password' })).toThrow(
      "GENESYS_CLOUD_OAUTH_GRANT_TYPE must be client_credentials, got 'password'",
    );
    expect(() => connectionFromEnv({ ...env, GENESYS_CLOUD_REGION: 'mars_1' })).toThrow(
      "GENESYS_CLOUD_REGION 'mars_1' is not a Genesys Cloud region (e.g. us_east_1, eu-west-1)",
    );
    expect(() => connectionFromEnv({ ...env, GENESYS_CLOUD_BASE_URL: 'not a url' })).toThrow(
      "GENESYS_CLOUD_BASE_URL is not a valid http(s) URL: 'not a url'",
    );
    expect(() => connectionFromEnv({ ...env, GENESYS_CLOUD_BASE_URL: 'ftp://x.example.com' })).toThrow(
      "GENESYS_CLOUD_BASE_URL is not a valid http(s) URL: 'ftp://x.example.com'",
    );
    expect(() => connectionFromEnv({ ...env, GENESYS_CLOUD_AUTH_URL: 'file:///etc' })).toThrow(
      "GENESYS_CLOUD_AUTH_URL is not a valid http(s) URL: 'file:///etc'",
    );
    expect(() => connectionFromEnv({ ...env, GENESYS_CLOUD_REGION: 'mars_1' })).toThrow(UsageError);
  });
});

/** Whole exports: the slowest tests come last, so that mutation runs stop at a quicker failing test. */
describe('Retry-After is honoured', () => {
  const storms: Array<[string, FaultRule[]]> = [
    [
      'a 429 storm with Retry-After 30 s',
      [{ kind: 'status', status: 429, after: 3, times: 6, retryAfterSeconds: 30 }],
    ],
    [
      '429 storms with Retry-After 45 s and 90 s',
      [
        { kind: 'status', status: 429, after: 2, times: 4, retryAfterSeconds: 45 },
        { kind: 'status', status: 429, after: 14, times: 5, retryAfterSeconds: 90 },
      ],
    ],
    [
      'scattered 429s with Retry-After 60 s',
      [{ kind: 'status', status: 429, probability: 0.15, retryAfterSeconds: 60 }],
    ],
  ];
  for (const [label, faults] of storms) {
    it(`sends nothing before Retry-After has elapsed through ${label}, and completes`, async () => {
      const clock = new StepClock();
      // Latency makes virtual time pass while requests are served, as it does against the real API.
      const sim = await startSimulator({
        clock,
        faults,
        latencyMs: { min: 50, max: 150 },
      });
      const h = harness(sim, tempDir());
      const result = await clock.drive(
        runExport(
          h.ctx,
          options(sim, { resourceTypes: ['admin:user', 'routing:skill', 'organization:wrapupcode'] }),
        ),
        allArrived(sim),
      );
      const client = h.client;
      expect(result.complete).toBe(true);
      expect(client.stats.rateLimited).toBeGreaterThan(1);
      expect(sim.apiRequestCount().rateLimited).toBe(client.stats.rateLimited);
      expect(sim.earlyRetries).toBe(0);
    });
  }
});

describe('Slow: real-time limits', () => {
  it('times a request out after requestTimeoutMs (real time) and retries it', async () => {
    const clock = new JumpClock();
    const srv = await scripted(
      clock,
      withLogin(async (_r, n) => {
        // undici checks this timeout about once a second
        if (n === 1) await new Promise((r) => setTimeout(r, 1_600));
        return ok({ n });
      }),
    );
    const c = clientFor(srv.url, clock, { requestTimeoutMs: 100 });
    expect(await c.get('/api/v2/slow')).toEqual({ n: 2 });
    // ...and a body that stops half-way: the same limit applies between its chunks.
    const body = await new Promise<Server>((resolve) => {
      let n = 0;
      const server = createServer((req, res) => {
        if (req.url === '/oauth/token') {
          res.end('{"access_token":"t","expires_in":3600}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"n":');
        if (++n === 1) setTimeout(() => res.end('1}'), 1_600);
        else res.end('2}');
      });
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
    closers.push(async () => {
      body.closeAllConnections();
      await new Promise<void>((r) => body.close(() => r()));
    });
    const url = `http://127.0.0.1:${(body.address() as AddressInfo).port}`;
    const c2 = clientFor(url, clock, { requestTimeoutMs: 100 });
    expect(await c2.get('/api/v2/stalls')).toEqual({ n: 2 });
    expect(c.calls.filter((e) => e.path === '/api/v2/slow').map((e) => e.status)).toEqual([
      'network-error',
      200,
    ]);
  });
});
