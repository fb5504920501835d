/**
 * What a resource family is: the fixtures it generates into the org and the API routes it serves. Each
 * module in `families/` is one family (e.g. routing: skills, languages, queues, skill groups).
 */
import type { OrgCounts, SimOrg } from '../model.ts';
import type { Random } from '../random.ts';
import type { ListSpec, Route } from '../route.ts';

/** What a fixture step reads and writes. */
export interface FixtureContext {
  readonly counts: OrgCounts;
  /** The org being generated: the collections of earlier steps are filled in. */
  readonly org: SimOrg;
  /** The first seeded stream (the historical steps before the data-action definitions). */
  readonly rnd: Random;
  /** The second seeded stream (the historical steps from the data-action definitions on). */
  readonly extra: Random;
  /** A stream of its own, for a step added after the historical ones: `ctx.stream('routing:utilization')`. */
  stream(name: string): Random;
  /** Records a credential planted in a fixture (tests check none leaves the simulator); returns it. */
  plant(secret: string): string;
}

/** Generates or completes some of the org's collections. */
export type FixtureStep = (ctx: FixtureContext) => void;

export interface Family {
  /** The catalog areas it covers, for readers: e.g. `routing:skill, routing:language, routing:queue`. */
  readonly name: string;
  /** Collections served as a listing (`GET base`) and, where `single`, by ID (`GET base/{id}`). */
  readonly listings: readonly ListSpec[];
  /** Other routes: sub-resources, lookups, jobs. */
  readonly routes?: () => Route[];
  /**
   * Fixture steps run after the historical ones (see `HISTORICAL_STEPS` in org.ts), in family order; each
   * draws from its own `ctx.stream(...)` so that no existing fixture changes.
   */
  readonly fixtures?: readonly FixtureStep[];
}
