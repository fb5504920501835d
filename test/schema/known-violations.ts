/**
 * Departures from the SDK models the simulator still has. Tests fail on any violation not listed here;
 * test/simulator/conformance.test.ts has one expected-to-fail test per entry ("KNOWN VIOLATION ..."),
 * which starts failing once the simulator is fixed: then delete the entry.
 */
import { summaryKey, type ViolationSummary } from './strict.ts';

export const KNOWN_VIOLATIONS: readonly ViolationSummary[] = [];

/** The violations that are not known ones: what a test asserts to be empty. */
export function unexpectedViolations(found: readonly ViolationSummary[]): ViolationSummary[] {
  const known = new Set(KNOWN_VIOLATIONS.map(summaryKey));
  return found.filter((v) => !known.has(summaryKey(v)));
}
