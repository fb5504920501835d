/**
 * The simulator's rate limits: per token (with `inin-ratelimit-*` headers, or without them as the real API
 * has been since 2021) and, when asked, per OAuth client across all its tokens, which shows only as a 429
 * with `Retry-After`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClock } from '../../lambdas/engine/clock.ts';
import { DEFAULT_CLIENT, type GenesysSimulator, type SimClient } from '../../lambdas/simulator/server.ts';
import { cleanup, startSimulator } from '../helpers.ts';

afterEach(cleanup);

const OTHER: SimClient = { clientId: 'other-client', clientSecret: 'other-secret', permissions: ['*'] };

async function tokenOf(sim: GenesysSimulator, c: SimClient): Promise<string> {
  const res = await fetch(`${sim.url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function get(sim: GenesysSimulator, token: string) {
  const res = await fetch(`${sim.url}/api/v2/routing/skills`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await res.arrayBuffer();
  const rate = [...res.headers.keys()].filter((k) => k.startsWith('inin-ratelimit-'));
  return { status: res.status, retryAfter: res.headers.get('retry-after'), rate };
}

/** A clock that stands still unless moved: windows end only when a test says so. */
function stillClock() {
  let t = Date.UTC(2026, 0, 1);
  return {
    clock: { scale: 1, now: () => t, sleep: async () => {} },
    move: (ms: number) => {
      t += ms;
    },
  };
}

describe('Simulator: rate limits per token and per OAuth client', () => {
  it('limits a client across its tokens: a 429 with Retry-After to the end of the window, and no rate-limit headers', async () => {
    const { clock, move } = stillClock();
    const sim = await startSimulator({
      clock,
      clients: [DEFAULT_CLIENT, OTHER],
      rateLimitPerMinute: 3,
      clientRateLimitPerMinute: 4,
      rateLimitHeaders: true,
    });
    const [a, b, other] = [
      await tokenOf(sim, DEFAULT_CLIENT),
      await tokenOf(sim, DEFAULT_CLIENT),
      await tokenOf(sim, OTHER),
    ];
    const answers = [];
    for (const t of [a, a, b, b]) answers.push(await get(sim, t));
    expect(answers.map((x) => x.status)).toEqual([200, 200, 200, 200]);
    expect(answers[0]?.rate.sort()).toEqual([
      'inin-ratelimit-allowed',
      'inin-ratelimit-count',
      'inin-ratelimit-reset',
    ]);
    move(20_000);
    // Each token is under its 3, the client is at its 4.
    const refused = await get(sim, b);
    expect(refused).toEqual({ status: 429, retryAfter: '40', rate: [] });
    expect((await get(sim, other)).status).toBe(200);
    move(40_000);
    expect((await get(sim, b)).status).toBe(200);
  });

  it('refuses a token past its own limit with the token headers, whatever the client has left', async () => {
    const { clock } = stillClock();
    const sim = await startSimulator({
      clock,
      rateLimitPerMinute: 2,
      clientRateLimitPerMinute: 100,
      rateLimitHeaders: true,
    });
    const a = await tokenOf(sim, DEFAULT_CLIENT);
    await get(sim, a);
    await get(sim, a);
    const refused = await get(sim, a);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('60');
    expect(refused.rate).toHaveLength(3);
  });

  it('sends no inin-ratelimit-* headers when told to (today’s API), and no client limit unless asked', async () => {
    const sim = await startSimulator({
      clock: createClock(1),
      rateLimitHeaders: false,
      rateLimitPerMinute: 2,
    });
    const a = await tokenOf(sim, DEFAULT_CLIENT);
    const b = await tokenOf(sim, DEFAULT_CLIENT);
    const answers = [await get(sim, a), await get(sim, a), await get(sim, b), await get(sim, b)];
    expect(answers.map((x) => [x.status, x.rate.length])).toEqual([
      [200, 0],
      [200, 0],
      [200, 0],
      [200, 0],
    ]);
    const refused = await get(sim, a);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).not.toBeNull();
    expect(refused.rate).toEqual([]);
  });
});
