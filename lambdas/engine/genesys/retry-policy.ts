/**
 * When the Genesys client sends a request again, and how long it waits first: which requests are safe to
 * repeat, which answers and failures are worth another try, the backoff (exponential, capped, jittered)
 * and Retry-After. One policy object, as ky keeps its `retry` options; the client only applies it.
 */

export interface RetryPolicy {
  /** Attempts of a repeatable request, the first included. Any other request gets one. */
  readonly maxAttempts: number;
  /** Methods that only read, so that sending them twice is harmless. */
  readonly repeatableMethods: ReadonlySet<string>;
  /** `POST` paths that are harmless to send twice (see `DEFAULT_RETRY_POLICY`). */
  readonly repeatablePosts: ReadonlySet<string>;
  /** `POST` paths with an ID in them that are harmless to send twice. */
  readonly repeatablePostPatterns: readonly RegExp[];
  /** Answers worth another try: rate limiting and transient server failures. */
  readonly statuses: ReadonlySet<number>;
  /** Answers whose `Retry-After` sets the wait instead of the backoff. */
  readonly retryAfterStatuses: ReadonlySet<number>;
  /**
   * Answers that say the request was refused before anything was done (rate limiting): any request,
   * a write included, is safe to send again after them.
   */
  readonly notActedOnStatuses: ReadonlySet<number>;
  readonly backoff: {
    /** Wait before the second attempt, doubled for each further one. */
    readonly baseMs: number;
    readonly capMs: number;
    /**
     * Share of the wait that is random (0 to 1): 0.5 waits between half and all of it, so that clients
     * that failed together do not come back together.
     */
    readonly jitter: number;
  };
  readonly retryAfter: {
    /** Wait when the answer has no readable `Retry-After` (absent, negative, garbage). */
    readonly defaultMs: number;
    /** The longest wait a `Retry-After` may impose. */
    readonly maxMs: number;
  };
  /**
   * Error codes of failures worth another try: the connection dropped or timed out (Node's codes and
   * undici's error classes). A refused connection, a closed client or a bad argument is final.
   */
  readonly transientCodes: ReadonlySet<string>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  repeatableMethods: new Set(['GET']),
  repeatablePosts: new Set([
    // Asking for a token twice only yields a second token; the client keeps the last one.
    '/oauth/token',
    // Creating a flow export job twice is harmless: a job only reads flows, and the duplicate, never
    // polled, expires on its own. Every other POST may create something twice: it is sent once.
    '/api/v2/flows/export/jobs',
  ]),
  // Asking for a script's export file twice only signs a second download URL.
  repeatablePostPatterns: [/^\/api\/v2\/scripts\/[^/]+\/export$/],
  statuses: new Set([429, 500, 502, 503, 504]),
  retryAfterStatuses: new Set([429]),
  notActedOnStatuses: new Set([429]),
  backoff: { baseMs: 500, capMs: 30_000, jitter: 0.5 },
  retryAfter: { defaultMs: 3_000, maxMs: 300_000 },
  transientCodes: new Set([
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  ]),
};

/** The default policy with the given overrides (`maxAttempts` below 1 counts as 1). */
export function retryPolicy(overrides: { readonly maxAttempts?: number | undefined } = {}): RetryPolicy {
  const maxAttempts = overrides.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts;
  return { ...DEFAULT_RETRY_POLICY, maxAttempts: Math.max(1, maxAttempts) };
}

/** Attempts allowed for one request: the policy's for a repeatable one, otherwise one. */
export function attemptsFor(policy: RetryPolicy, method: string, path: string): number {
  const m = method.toUpperCase();
  const repeatable =
    policy.repeatableMethods.has(m) ||
    (m === 'POST' &&
      (policy.repeatablePosts.has(path) || policy.repeatablePostPatterns.some((p) => p.test(path))));
  return repeatable ? policy.maxAttempts : 1;
}

/**
 * A failure worth another try: a dropped or timed-out connection, known by its error code (on the error
 * or its causes, as `fetch` wraps undici's errors), or a short or malformed body (`JSON.parse` throws a
 * SyntaxError inside the attempt). Anything else, a programming error included, is final.
 */
export function isTransientFailure(policy: RetryPolicy, err: unknown): boolean {
  if (err instanceof SyntaxError) return true;
  const seen = new Set<unknown>();
  for (let e = err; e && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && policy.transientCodes.has(code)) return true;
  }
  return false;
}

/** Backoff before attempt `attempt + 1`: base doubled per attempt, capped, then jittered down. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const { baseMs, capMs, jitter } = policy.backoff;
  return Math.min(capMs, baseMs * 2 ** (attempt - 1)) * (1 - jitter + jitter * random());
}

/**
 * The wait a `Retry-After` value asks for: delay-seconds (`42`, `1.5`) or an HTTP date (wait until then,
 * at once when it has passed), capped; absent, negative or unreadable gives the default.
 */
export function retryAfterMs(policy: RetryPolicy, value: string | undefined, nowMs: number): number {
  const { defaultMs, maxMs } = policy.retryAfter;
  const text = value?.trim();
  if (!text) return defaultMs;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.min(maxMs, seconds * 1000) : defaultMs;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.min(maxMs, Math.max(0, at - nowMs)) : defaultMs;
}

/**
 * What to do after attempt `attempt` of a request: `accept` an answer that is not worth another try,
 * `rethrow` a failure that is not either, `give-up` when the request has no attempt left, or `retry`.
 */
export function nextStep(
  policy: RetryPolicy,
  request: { readonly method: string; readonly path: string },
  attempt: number,
  outcome: { readonly status: number } | { readonly failure: unknown },
): 'accept' | 'rethrow' | 'give-up' | 'retry' {
  if ('failure' in outcome) {
    if (!isTransientFailure(policy, outcome.failure)) return 'rethrow';
  } else if (!policy.statuses.has(outcome.status)) return 'accept';
  const attempts =
    'status' in outcome && policy.notActedOnStatuses.has(outcome.status)
      ? policy.maxAttempts
      : attemptsFor(policy, request.method, request.path);
  return attempt >= attempts ? 'give-up' : 'retry';
}

/** The wait before attempt `attempt + 1`, after an answer with `status` (none after a failure). */
export function retryWaitMs(
  policy: RetryPolicy,
  next: {
    readonly attempt: number;
    readonly status?: number | undefined;
    readonly retryAfter?: string | undefined;
    readonly nowMs: number;
    readonly random: () => number;
  },
): number {
  return next.status !== undefined && policy.retryAfterStatuses.has(next.status)
    ? retryAfterMs(policy, next.retryAfter, next.nowMs)
    : backoffMs(policy, next.attempt, next.random);
}
