/**
 * The simulator's rate limits: a fixed 60-second window per access token (the documented
 * `client.credentials.token.rate.per.minute`, reported in `inin-ratelimit-*` headers) and, when asked, one
 * per OAuth client across all of its tokens. The client's limit shows only as a 429 with `Retry-After`:
 * Genesys Cloud documents no header for it (its own `inin-ratelimit-*` headers only ever described one
 * limit and were withdrawn in 2021), so a client cannot see it coming.
 */
import { type SimResponse, tooManyRequests } from './errors.ts';

export const WINDOW_MS = 60_000;

export interface RateWindow {
  windowStart: number;
  count: number;
}

export interface RateDecision {
  readonly headers: Record<string, string>;
  readonly rejected?: SimResponse;
}

/** Starts a new window when the current one has run out; returns the whole seconds until it resets. */
function roll(w: RateWindow, now: number): number {
  if (now - w.windowStart >= WINDOW_MS) {
    w.windowStart = now;
    w.count = 0;
  }
  return Math.max(1, Math.ceil((w.windowStart + WINDOW_MS - now) / 1000));
}

export class ClientRateLimits {
  private readonly clients = new Map<string, RateWindow>();

  constructor(
    /** Requests per minute per token. */
    public perToken: number,
    /** Requests per minute per OAuth client, all its tokens together; undefined: no such limit. */
    public perClient: number | undefined,
    /** Whether answers carry the `inin-ratelimit-*` headers of the token's window. */
    public sendHeaders = true,
  ) {}

  /** Counts one API request of `token` (of `clientId`), or refuses it with a 429. */
  decide(token: RateWindow, clientId: string, now: number): RateDecision {
    const tokenReset = roll(token, now);
    const client = this.perClient === undefined ? undefined : this.clientWindow(clientId, now);
    const clientReset = client ? roll(client, now) : 0;
    const headers = (count: number): Record<string, string> =>
      this.sendHeaders
        ? {
            'inin-ratelimit-count': String(count),
            'inin-ratelimit-allowed': String(this.perToken),
            'inin-ratelimit-reset': String(tokenReset),
          }
        : {};
    if (token.count >= this.perToken)
      return { headers: headers(token.count), rejected: tooManyRequests(tokenReset) };
    if (client && this.perClient !== undefined && client.count >= this.perClient)
      return { headers: {}, rejected: tooManyRequests(clientReset) };
    token.count++;
    if (client) client.count++;
    return { headers: headers(token.count) };
  }

  private clientWindow(clientId: string, now: number): RateWindow {
    let w = this.clients.get(clientId);
    if (!w) {
      w = { windowStart: now, count: 0 };
      this.clients.set(clientId, w);
    }
    return w;
  }
}
