/** The retry policy on its own: which requests repeat, which failures count, and how long each wait is. */
import { errors } from 'undici';
import { describe, expect, it } from 'vitest';
import {
  attemptsFor,
  backoffMs,
  isTransientFailure,
  nextStep,
  DEFAULT_RETRY_POLICY as policy,
  retryAfterMs,
  retryPolicy,
  retryWaitMs,
} from '../../lambdas/engine/genesys/retry-policy.ts';

const NOW = Date.parse('2025-03-01T12:00:00Z');

const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('Retry-After', () => {
  it('reads delay-seconds, fractions included', () => {
    expect(retryAfterMs(policy, '42', NOW)).toBe(42_000);
    expect(retryAfterMs(policy, ' 1.5 ', NOW)).toBe(1_500);
    expect(retryAfterMs(policy, '0', NOW)).toBe(0);
  });

  it('reads an HTTP date as the time to wait until, at once when it has passed', () => {
    expect(retryAfterMs(policy, 'Sat, 01 Mar 2025 12:00:30 GMT', NOW)).toBe(30_000);
    expect(retryAfterMs(policy, 'Sat, 01 Mar 2025 11:59:00 GMT', NOW)).toBe(0);
  });

  it('caps the wait, whether seconds or a date', () => {
    expect(policy.retryAfter.maxMs).toBe(300_000);
    expect(retryAfterMs(policy, '86400', NOW)).toBe(300_000);
    expect(retryAfterMs(policy, 'Sun, 02 Mar 2025 12:00:00 GMT', NOW)).toBe(300_000);
    expect(retryAfterMs(policy, '300', NOW)).toBe(300_000);
    expect(retryAfterMs(policy, '299', NOW)).toBe(299_000);
  });

  it('waits the default 3 s when Retry-After is absent, negative or garbage', () => {
    for (const v of [undefined, '', '  ', '-5', '-0.5', 'soon', 'Infinity', 'NaN', '12 s'])
      expect(retryAfterMs(policy, v, NOW), String(v)).toBe(3_000);
  });

  it('sets the wait after a 429 only; other answers and failures back off', () => {
    const random = () => 1;
    expect(retryWaitMs(policy, { attempt: 3, status: 429, retryAfter: '7', nowMs: NOW, random })).toBe(7_000);
    expect(retryWaitMs(policy, { attempt: 3, status: 503, retryAfter: '7', nowMs: NOW, random })).toBe(2_000);
    expect(retryWaitMs(policy, { attempt: 3, nowMs: NOW, random })).toBe(2_000);
  });
});

describe('Backoff', () => {
  it('doubles from 500 ms, is capped at 30 s, and jitters down to half', () => {
    const waits = (random: () => number) =>
      [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => backoffMs(policy, n, random));
    expect(waits(() => 1)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(waits(() => 0)).toEqual([250, 500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
    expect(backoffMs(policy, 2, () => 0.5)).toBe(750);
  });
});

describe('Failures worth another try', () => {
  it("takes undici's connection errors by their class's code", () => {
    for (const err of [
      new errors.SocketError('other side closed'),
      new errors.ConnectTimeoutError(),
      new errors.HeadersTimeoutError(),
      new errors.BodyTimeoutError(),
      new errors.ResponseContentLengthMismatchError(),
    ])
      expect(isTransientFailure(policy, err), err.code).toBe(true);
  });

  it("takes Node's dropped and timed-out connections by code, whatever the message", () => {
    for (const code of ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN'])
      expect(isTransientFailure(policy, withCode(code, 'anything at all')), code).toBe(true);
  });

  it('finds the code on a cause, as fetch wraps undici errors', () => {
    const wrapped = new TypeError('fetch failed', { cause: new errors.SocketError('other side closed') });
    expect(isTransientFailure(policy, wrapped)).toBe(true);
    const deep = new Error('outer', { cause: new Error('middle', { cause: withCode('ECONNRESET') }) });
    expect(isTransientFailure(policy, deep)).toBe(true);
    const cyclic: Error & { cause?: unknown } = new Error('cycle');
    cyclic.cause = cyclic;
    expect(isTransientFailure(policy, cyclic)).toBe(false);
  });

  it('takes a short or malformed body (a SyntaxError from JSON.parse) for a failed attempt', () => {
    const err = (() => {
      try {
        JSON.parse('{"entities": [');
      } catch (e) {
        return e;
      }
    })();
    expect(isTransientFailure(policy, err)).toBe(true);
  });

  it('does not go by message text: a message about sockets without a code is final', () => {
    for (const message of ['socket hang up', 'terminated', 'other side closed'])
      expect(isTransientFailure(policy, new Error(message)), message).toBe(false);
  });

  it('is final for a refused connection, a closed client, a bad argument and anything else', () => {
    for (const err of [
      withCode('ECONNREFUSED'),
      withCode('ENOTFOUND'),
      new errors.ClientDestroyedError(),
      new errors.ClientClosedError(),
      new errors.InvalidArgumentError('bad'),
      new TypeError('x is not a function'),
      'a string',
      undefined,
      null,
    ])
      expect(isTransientFailure(policy, err), String(err)).toBe(false);
  });
});

describe('Requests that may be sent again', () => {
  it('repeats every GET', () => {
    expect(attemptsFor(policy, 'GET', '/api/v2/users')).toBe(8);
    expect(attemptsFor(policy, 'get', '/dl/anything')).toBe(8);
  });

  it('repeats the POSTs that are harmless twice: a token, a flow export job, a script export URL', () => {
    expect(attemptsFor(policy, 'POST', '/oauth/token')).toBe(8);
    expect(attemptsFor(policy, 'POST', '/api/v2/flows/export/jobs')).toBe(8);
    expect(attemptsFor(policy, 'POST', '/api/v2/scripts/3a1b-9c/export')).toBe(8);
  });

  it('sends any other POST, and any other method, once: it may create something twice', () => {
    expect(attemptsFor(policy, 'POST', '/api/v2/routing/queues')).toBe(1);
    expect(attemptsFor(policy, 'POST', '/api/v2/flows/export/jobs/123')).toBe(1);
    expect(attemptsFor(policy, 'POST', '/api/v2/scripts/a/b/export')).toBe(1);
    expect(attemptsFor(policy, 'POST', '/api/v2/scripts/published')).toBe(1);
    expect(attemptsFor(policy, 'POST', '/x/api/v2/scripts/a/export')).toBe(1);
    expect(attemptsFor(policy, 'PUT', '/api/v2/routing/queues/1')).toBe(1);
    expect(attemptsFor(policy, 'DELETE', '/api/v2/routing/queues/1')).toBe(1);
  });

  it('retries 429 and 5xx except 501, with Retry-After for 429 only', () => {
    expect([...policy.statuses].sort()).toEqual([429, 500, 502, 503, 504]);
    expect([...policy.retryAfterStatuses]).toEqual([429]);
  });
});

describe('Attempts', () => {
  it('defaults to 8, takes an override, and never fewer than 1', () => {
    expect(retryPolicy().maxAttempts).toBe(8);
    expect(retryPolicy({ maxAttempts: undefined }).maxAttempts).toBe(8);
    expect(retryPolicy({ maxAttempts: 3 }).maxAttempts).toBe(3);
    expect(attemptsFor(retryPolicy({ maxAttempts: 3 }), 'GET', '/x')).toBe(3);
    expect(retryPolicy({ maxAttempts: 0 }).maxAttempts).toBe(1);
    expect(retryPolicy({ maxAttempts: 3 }).statuses).toBe(policy.statuses);
  });
});

describe('After an attempt', () => {
  const get = { method: 'GET', path: '/api/v2/users' };
  const create = { method: 'POST', path: '/api/v2/routing/queues' };
  const dropped = new errors.SocketError('other side closed');

  it('accepts an answer not worth another try, and rethrows a final failure, at any attempt', () => {
    for (const status of [200, 204, 400, 401, 403, 404, 501])
      expect(nextStep(policy, get, 1, { status }), String(status)).toBe('accept');
    expect(nextStep(policy, get, 1, { failure: new TypeError('bug') })).toBe('rethrow');
    expect(nextStep(policy, create, 1, { failure: withCode('ECONNREFUSED') })).toBe('rethrow');
  });

  it('retries a 429, a 5xx or a dropped connection until the attempts are exhausted', () => {
    for (const outcome of [{ status: 429 }, { status: 503 }, { failure: dropped }]) {
      for (let attempt = 1; attempt < 8; attempt++)
        expect(nextStep(policy, get, attempt, outcome)).toBe('retry');
      expect(nextStep(policy, get, 8, outcome)).toBe('give-up');
    }
    const three = retryPolicy({ maxAttempts: 3 });
    expect(nextStep(three, get, 2, { status: 502 })).toBe('retry');
    expect(nextStep(three, get, 3, { status: 502 })).toBe('give-up');
  });

  it('retries any write after a 429 (refused before anything was done), never after a 5xx', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const write = { method, path: '/api/v2/routing/queues/q1' };
      expect(nextStep(policy, write, 1, { status: 429 }), method).toBe('retry');
      expect(nextStep(policy, write, 8, { status: 429 }), method).toBe('give-up');
      expect(nextStep(policy, write, 1, { status: 502 }), method).toBe('give-up');
    }
  });

  it('gives up at once on a POST that is not safe to repeat, and retries a flow export job', () => {
    expect(nextStep(policy, create, 1, { status: 503 })).toBe('give-up');
    expect(nextStep(policy, create, 1, { failure: dropped })).toBe('give-up');
    const job = { method: 'POST', path: '/api/v2/flows/export/jobs' };
    expect(nextStep(policy, job, 1, { status: 503 })).toBe('retry');
    expect(nextStep(policy, job, 1, { failure: dropped })).toBe('retry');
  });
});
