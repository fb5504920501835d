/**
 * Attaches SDK-model validation to a simulator: every JSON response it sends (through its `onResponse`
 * hook) is checked by ./validate.ts, and the violations are collected for the test to assert on:
 *
 *   const check = strictSchema(sim);
 *   ... run the exporter against sim ...
 *   expect(check.violations()).toEqual([]);
 */
import type { SimResponseEntry } from '../../lambdas/simulator/server.ts';
import { type Violation, validateSimResponse } from './validate.ts';

export interface ViolationSummary {
  readonly endpoint: string;
  readonly status: number;
  /** JSON pointer with array indices written `*`, e.g. `/entities/*\/division/foo`. */
  readonly path: string;
  readonly message: string;
}

export interface SchemaCheck {
  /** Distinct violations (array indices folded), sorted; what tests assert to be empty. */
  violations(): ViolationSummary[];
  /** Every violation as found, with its exact path. */
  all(): readonly Violation[];
  /** How many responses were checked. */
  responses(): number;
  /** Endpoints (`METHOD /template`) whose responses were checked, sorted. */
  endpoints(): string[];
  /** Forgets what was collected so far. */
  reset(): void;
  /** Restores the simulator's previous hook. */
  detach(): void;
}

interface HasResponseHook {
  onResponse?: (r: SimResponseEntry) => void;
}

export function summaryKey(v: ViolationSummary): string {
  return `${v.endpoint} [${v.status}] ${v.path}: ${v.message}`;
}

/** Folds array indices and duplicates: one line per endpoint, status, path shape and message. */
export function summarize(violations: readonly Violation[]): ViolationSummary[] {
  const byKey = new Map<string, ViolationSummary>();
  for (const v of violations) {
    const s = {
      endpoint: v.endpoint,
      status: v.status,
      path: v.path.replace(/\/\d+(?=\/|$)/g, '/*'),
      message: v.message,
    };
    byKey.set(summaryKey(s), s);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

export function strictSchema(sim: HasResponseHook): SchemaCheck {
  const previous = sim.onResponse;
  let found: Violation[] = [];
  let count = 0;
  const seen = new Set<string>();
  sim.onResponse = (r) => {
    previous?.(r);
    count++;
    seen.add(r.endpoint);
    found.push(...validateSimResponse(r));
  };
  return {
    violations: () => summarize(found),
    all: () => found,
    responses: () => count,
    endpoints: () => [...seen].sort(),
    reset: () => {
      found = [];
      count = 0;
      seen.clear();
    },
    detach: () => {
      sim.onResponse = previous;
    },
  };
}
