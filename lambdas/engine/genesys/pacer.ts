/**
 * Paces requests to the per-token rate limit reported in `inin-ratelimit-*` headers: spends the window's
 * allowance, then waits for the window to reset instead of provoking 429s.
 */
import type { Clock } from '../clock.ts';

export class RateLimitPacer {
  private allowed: number;
  private used = 0;
  private lastCount = 0;
  private inFlight = 0;
  /** Virtual ms at which the current window resets; undefined until a response says. */
  private resetAt: number | undefined;
  private blockedUntil = 0;

  constructor(
    private readonly clock: Clock,
    initialAllowed = 300,
  ) {
    this.allowed = initialAllowed;
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
      }
      if (this.used < this.allowed) {
        this.used++;
        this.inFlight++;
        return;
      }
      // Allowance spent: wait for the reset (or, before any header was seen, a short while).
      await this.clock.sleep(this.resetAt !== undefined ? this.resetAt - now + 20 : 1_000);
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
    if (Number.isFinite(reset)) this.resetAt = this.clock.now() + reset * 1000;
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
}
