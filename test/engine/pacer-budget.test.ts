/**
 * The pacer's second limit, the one no header describes (the OAuth client's, shared by parallel
 * Lambdas): a share given by the workflow, spent evenly; halved after a 429, once per episode, and raised
 * a step per quiet minute. And its own window when the `inin-ratelimit-*` headers are absent, as they are
 * on the real API since 2021.
 */
import { describe, expect, it } from 'vitest';
import { MIN_REQUESTS_PER_MINUTE, RateLimitPacer } from '../../lambdas/engine/genesys/pacer.ts';
import { isSettled, StepClock } from './virtual-clock.ts';

/** Acquires `n` requests one after another, answering each at once; returns when each was let go. */
async function sendTimes(clock: StepClock, pacer: RateLimitPacer, n: number): Promise<number[]> {
  const at: number[] = [];
  const start = clock.now();
  for (let i = 0; i < n; i++) {
    const next = pacer.acquire();
    while (!(await isSettled(next))) await clock.advance(1);
    at.push(clock.now() - start);
    pacer.release({});
  }
  return at;
}

describe('Pacer: a window of its own without rate-limit headers', () => {
  it('lets the allowance go again 60 s after its window opened, with no header ever saying so', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock, 3);
    for (let i = 0; i < 3; i++) await pacer.acquire();
    for (let i = 0; i < 3; i++) pacer.release({ 'retry-after': '0' });
    const next = pacer.acquire();
    await clock.advance(59_999);
    expect(await isSettled(next)).toBe(false);
    await clock.advance(1_001);
    expect(await isSettled(next)).toBe(true);
  });
});

describe('Pacer: a share of a shared budget', () => {
  it('spends the share evenly: 60 a minute is one a second after the first', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock);
    pacer.limitTo(60);
    expect(await sendTimes(clock, pacer, 4)).toEqual([0, 1_000, 2_000, 3_000]);
    expect(pacer.requestsPerMinute).toBe(60);
  });

  it('lets at most two go at once after a quiet spell, however long', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock);
    pacer.limitTo(600);
    await clock.advance(600_000);
    const times = await sendTimes(clock, pacer, 4);
    expect(times.slice(0, 2)).toEqual([0, 0]);
    expect(times[2]).toBe(100);
  });

  it('without a share (or a share of 0) the token window alone paces', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock);
    pacer.limitTo(0);
    expect(await sendTimes(clock, pacer, 5)).toEqual([0, 0, 0, 0, 0]);
    pacer.limitTo(undefined);
    expect(pacer.requestsPerMinute).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('Pacer: repeated 429s lower the pace (AIMD)', () => {
  /** A 429 episode: the first 429 of a burst, then its Retry-After. */
  const episode = (pacer: RateLimitPacer, retryAfterMs = 1_000) => {
    pacer.throttled();
    pacer.backOff(retryAfterMs);
  };

  it('a lone 429 only waits; a second episode within two minutes halves the pace, once for the 429s already in flight', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock);
    pacer.limitTo(120);
    episode(pacer, 5_000);
    expect(pacer.requestsPerMinute).toBe(120);
    await clock.advance(30_000);
    episode(pacer, 5_000);
    pacer.throttled(); // another request of the same episode
    expect(pacer.requestsPerMinute).toBe(60);
    await clock.advance(5_000);
    episode(pacer);
    expect(pacer.requestsPerMinute).toBe(30);
  });

  it('forgets a 429 after two quiet minutes', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock);
    pacer.limitTo(120);
    episode(pacer);
    await clock.advance(120_001);
    episode(pacer);
    expect(pacer.requestsPerMinute).toBe(120);
  });

  it('never below the floor, and back up a tenth of the token allowance per quiet minute, up to the share', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock, 300);
    pacer.limitTo(100);
    for (let i = 0; i < 8; i++) {
      await clock.advance(2_000);
      episode(pacer);
    }
    expect(pacer.requestsPerMinute).toBe(MIN_REQUESTS_PER_MINUTE);
    await clock.advance(60_000);
    expect(pacer.requestsPerMinute).toBe(MIN_REQUESTS_PER_MINUTE + 30);
    await clock.advance(180_000);
    expect(pacer.requestsPerMinute).toBe(100);
  });

  it('keeps a lower pace learnt from 429s when a later batch brings a higher share (a warm Lambda)', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock);
    pacer.limitTo(200);
    episode(pacer);
    await clock.advance(2_000);
    episode(pacer);
    expect(pacer.requestsPerMinute).toBe(100);
    pacer.limitTo(250);
    expect(pacer.requestsPerMinute).toBe(100);
    pacer.limitTo(20);
    expect(pacer.requestsPerMinute).toBe(20);
  });

  it('with no share, halves the token allowance, then recovers until the token window alone paces', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock, 300);
    episode(pacer);
    await clock.advance(2_000);
    episode(pacer);
    expect(pacer.requestsPerMinute).toBe(150);
    await clock.advance(4 * 60_000);
    expect(pacer.requestsPerMinute).toBe(270);
    await clock.advance(60_000);
    expect(pacer.requestsPerMinute).toBe(Number.POSITIVE_INFINITY);
  });
});
