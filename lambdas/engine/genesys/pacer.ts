/**
 * Paces requests to two limits:
 * - the token's window (300 a minute by default): spends the window's allowance, then waits for the
 *   reset the `inin-ratelimit-*` headers announce instead of provoking 429s. Genesys Cloud withdrew those
 *   headers in 2021; without them the pacer keeps a 60-second window of its own.
 * - a rate ceiling for limits no header describes (the OAuth client's, shared by every Lambda that logs
 *   in with it): a share of the client's budget given by the workflow (`limitTo`), halved when 429s
 *   repeat and raised a step for each minute without one (AIMD), and spent evenly rather than in bursts,
 *   so that parallel processes sharing a limit do not all spend their shares at the same moment.
 */
import type { Clock } from '../clock.ts';

const WINDOW_MS = 60_000;
/** The lowest ceiling a run of 429s can push the pacer down to, in requests per minute. */
export const MIN_REQUESTS_PER_MINUTE = 10;
/** A 429 episode this soon after the last one lowers the pace. */
const REPEAT_WITHIN_MS = 2 * WINDOW_MS;
/** Requests the ceiling lets go at once after a quiet spell, at most. */
const MAX_BURST = 2;

export class RateLimitPacer {
  private allowed: number;
  private used = 0;
  private lastCount = 0;
  private inFlight = 0;
  /** Virtual ms at which the current window resets; undefined until a request opens one. */
  private resetAt: number | undefined;
  /** Whether `resetAt` came from a response header (else it is the pacer's own 60 s estimate). */
  private resetAnnounced = false;
  private blockedUntil = 0;
  /** The workflow's share of a shared budget, requests per minute; Infinity when none was given. */
  private share = Number.POSITIVE_INFINITY;
  /** The ceiling in force, requests per minute: the share, or less after 429s. */
  private ceiling = Number.POSITIVE_INFINITY;
  /** When the ceiling last went down or a step up (for the additive increase). */
  private ceilingSince = 0;
  /** Credits of the ceiling's bucket, and when they were counted. */
  private credits = MAX_BURST;
  private creditsAt = 0;
  /** When the last 429 episode began. */
  private lastEpisodeAt: number | undefined;

  constructor(
    private readonly clock: Clock,
    initialAllowed = 300,
  ) {
    this.allowed = initialAllowed;
  }

  /** Requests per minute this pacer allows itself at most, apart from the token's window. */
  get requestsPerMinute(): number {
    this.raiseCeiling(this.clock.now());
    return this.ceiling;
  }

  /**
   * Takes a share of a budget that other processes spend too (undefined: none). A lower ceiling learnt
   * from 429s is kept when it is below the new share.
   */
  limitTo(requestsPerMinute: number | undefined): void {
    const share =
      requestsPerMinute !== undefined && requestsPerMinute > 0
        ? Math.max(MIN_REQUESTS_PER_MINUTE, requestsPerMinute)
        : Number.POSITIVE_INFINITY;
    this.share = share;
    if (this.ceiling >= share) {
      this.ceiling = share;
      this.ceilingSince = this.clock.now();
    }
  }

  async acquire(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (now < this.blockedUntil) {
        await this.clock.sleep(this.blockedUntil - now);
        continue;
      }
      if (this.resetAt !== undefined && now >= this.resetAt) {
        this.used = this.inFlight;
        this.lastCount = 0;
        this.resetAt = undefined;
        this.resetAnnounced = false;
      }
      if (this.used >= this.allowed) {
        // Allowance spent: wait for the announced reset, or a second at a time while the window is only
        // our own estimate (a response may announce an earlier reset).
        await this.clock.sleep(
          this.resetAnnounced && this.resetAt !== undefined ? this.resetAt - now + 20 : 1_000,
        );
        continue;
      }
      const wait = this.ceilingWait(now);
      if (wait > 0) {
        await this.clock.sleep(wait);
        continue;
      }
      if (this.resetAt === undefined) this.resetAt = now + WINDOW_MS;
      this.used++;
      this.inFlight++;
      this.spendCredit();
      return;
    }
  }

  /** Call once per acquired request, with the response headers when there was a response. */
  release(headers?: Readonly<Record<string, string | string[] | undefined>>): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (!headers) return;
    const count = Number(headers['inin-ratelimit-count']);
    const allowed = Number(headers['inin-ratelimit-allowed']);
    const reset = Number(headers['inin-ratelimit-reset']);
    if (Number.isFinite(allowed) && allowed > 0) this.allowed = allowed;
    if (Number.isFinite(reset)) {
      this.resetAt = this.clock.now() + reset * 1000;
      this.resetAnnounced = true;
    }
    if (Number.isFinite(count)) {
      // A count lower than the last one means the server's window rolled over before ours did.
      if (count < this.lastCount) this.used = count + this.inFlight;
      else this.used = Math.max(this.used, count + this.inFlight);
      this.lastCount = count;
    }
  }

  /** After a 429: nobody sends until Retry-After has passed. */
  backOff(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + ms);
  }

  /**
   * A 429 said some limit was reached. A lone one only waits (`backOff`): they come from per-endpoint
   * limits and passing load too. A second episode within two minutes means this pace is past a limit the
   * headers do not show: halve it. The 429s of requests already in flight, arriving
   * while the first one's Retry-After runs, are the same episode. Call before `backOff`.
   */
  throttled(): void {
    const now = this.clock.now();
    if (now < this.blockedUntil) return;
    const repeated = this.lastEpisodeAt !== undefined && now - this.lastEpisodeAt <= REPEAT_WITHIN_MS;
    this.lastEpisodeAt = now;
    if (!repeated) return;
    this.raiseCeiling(now);
    this.ceiling = Math.max(MIN_REQUESTS_PER_MINUTE, Math.floor(Math.min(this.ceiling, this.allowed) / 2));
    this.ceilingSince = now;
  }

  /** Additive increase: a step (a tenth of the token's allowance) per quiet minute, up to the share. */
  private raiseCeiling(now: number): void {
    if (this.ceiling >= this.share) return;
    const minutes = Math.floor((now - this.ceilingSince) / WINDOW_MS);
    if (minutes < 1) return;
    this.ceiling += minutes * Math.max(1, Math.floor(this.allowed / 10));
    this.ceilingSince += minutes * WINDOW_MS;
    // Back at the share, or past what the token's own window allows: the ceiling no longer binds.
    if (this.ceiling >= this.share || (!Number.isFinite(this.share) && this.ceiling >= this.allowed))
      this.ceiling = this.share;
  }

  /** Virtual ms until the ceiling lets the next request go (0: now). */
  private ceilingWait(now: number): number {
    this.raiseCeiling(now);
    if (!Number.isFinite(this.ceiling)) return 0;
    const perMs = this.ceiling / WINDOW_MS;
    const burst = Math.min(MAX_BURST, Math.max(1, Math.floor(this.ceiling / 60)));
    this.credits = Math.min(burst, this.credits + (now - this.creditsAt) * perMs);
    this.creditsAt = now;
    return this.credits >= 1 ? 0 : Math.ceil((1 - this.credits) / perMs);
  }

  private spendCredit(): void {
    if (Number.isFinite(this.ceiling)) this.credits -= 1;
  }
}
