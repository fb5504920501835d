/**
 * Fault injection rules. Each rule matches an endpoint (template or path prefix) and fires on a
 * deterministic schedule: skip the first `after` matches, then fire `times` times (or with a seeded
 * `probability`).
 */
import { createRandom, type Random } from './random.ts';

export type FaultKind = 'status' | 'drop' | 'slow' | 'truncate' | 'malformed';

export interface FaultRule {
  readonly kind: FaultKind;
  /** HTTP status for `status` faults: 429, 500, 502, 503, 504. */
  readonly status?: number;
  /** Endpoint template (`GET /api/v2/users`) or path prefix (`/api/v2/routing`); all API calls when absent. */
  readonly match?: string;
  readonly after?: number;
  readonly times?: number;
  readonly probability?: number;
  readonly retryAfterSeconds?: number;
  readonly delayMs?: number;
}

export class FaultSchedule {
  private readonly rules: Array<{ rule: FaultRule; seen: number; fired: number }>;
  private readonly rnd: Random;

  constructor(rules: readonly FaultRule[], seed: number) {
    this.rules = rules.map((rule) => ({ rule, seen: 0, fired: 0 }));
    this.rnd = createRandom(seed + 13);
  }

  add(rule: FaultRule): void {
    this.rules.push({ rule, seen: 0, fired: 0 });
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** The fault to apply to this request, if any. Token requests are only hit by rules that name them. */
  next(endpoint: string, path: string): FaultRule | undefined {
    for (const r of this.rules) {
      const { rule } = r;
      const matches = rule.match
        ? endpoint === rule.match || path.startsWith(rule.match)
        : path.startsWith('/api/');
      if (!matches) continue;
      r.seen++;
      if (r.seen <= (rule.after ?? 0)) continue;
      if (r.fired >= (rule.times ?? Number.POSITIVE_INFINITY)) continue;
      if (rule.probability !== undefined && !(this.rnd.next() < rule.probability)) continue;
      r.fired++;
      return rule;
    }
    return undefined;
  }
}
