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

describe('Pacer: 429s lower the pace (AIMD)', () => {
  it('halves what it really sent after a 429, once for the 429s of requests already in flight', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock);
    pacer.limitTo(120);
    await sendTimes(clock, pacer, 60); // 60 in the last 30 s: 120 a minute
    pacer.throttled();
    pacer.backOff(5_000);
    pacer.throttled(); // another request of the same episode
    expect(pacer.requestsPerMinute).toBe(60);
    await clock.advance(5_000);
    pacer.throttled(); // a new episode
    pacer.backOff(1_000);
    expect(pacer.requestsPerMinute).toBe(30);
  });

  it('never below the floor, and back up a tenth of the token allowance per quiet minute, up to the share', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock, 300);
    pacer.limitTo(100);
    for (let i = 0; i < 8; i++) {
      await clock.advance(2_000);
      pacer.throttled();
      pacer.backOff(1_000);
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
    await sendTimes(clock, pacer, 20);
    pacer.throttled();
    const learnt = pacer.requestsPerMinute;
    expect(learnt).toBeLessThan(200);
    pacer.limitTo(250);
    expect(pacer.requestsPerMinute).toBe(learnt);
    pacer.limitTo(20);
    expect(pacer.requestsPerMinute).toBe(20);
  });

  it('with no share, recovers until the token window binds again', async () => {
    const clock = new StepClock();
    const pacer = new RateLimitPacer(clock, 300);
    await sendTimes(clock, pacer, 100);
    pacer.throttled();
    expect(pacer.requestsPerMinute).toBeLessThan(300);
    await clock.advance(10 * 60_000);
    expect(pacer.requestsPerMinute).toBe(Number.POSITIVE_INFINITY);
  });
});
