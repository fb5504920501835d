/** Helpers shared by the families' fixture steps: references, timestamps, unique names. */
import type { Models } from 'purecloud-platform-client-v2';
import type { SimOrg } from '../model.ts';
import type { Random } from '../random.ts';

/** A reference as fixtures embed it (`{ id, name }`). */
export type Ref = { id?: string; name?: string; selfUri?: string };

/** The days-ago timestamp on the simulator's fixed calendar (2026-01-01 minus `daysAgo` days). */
export function ts(daysAgo: number): string {
  return new Date(Date.UTC(2026, 0, 1) - daysAgo * 86_400_000).toISOString();
}

export function ref(e: { id?: string; name?: string }): Ref {
  return { id: e.id, name: e.name, selfUri: undefined as string | undefined };
}

export function divisionRef(d: Models.AuthzDivision): Models.Division {
  return { id: d.id, name: d.name, selfUri: `/api/v2/authorization/divisions/${d.id}` };
}

/** A reference to a division picked with `r`. */
export function randomDivision(r: Random, org: Pick<SimOrg, 'divisions'>): Models.Division {
  return divisionRef(r.pick(org.divisions));
}

/** `''` for the first `base` names, then ` 2`, ` 3`...: keeps generated names unique past their word lists. */
export function suffix(i: number, base: number): string {
  return i < base ? '' : ` ${Math.floor(i / base) + 1}`;
}

export function range(n: number): number[] {
  return Array.from({ length: Math.max(0, n) }, (_, i) => i);
}

export function activeUsers(org: Pick<SimOrg, 'users'>): Models.User[] {
  return org.users.filter((u) => u.state === 'active');
}

/** The first non-system flow of a type (the flows the queues and other flows point at). */
export function flowOfType(org: Pick<SimOrg, 'flows'>, type: string): Models.Flow | undefined {
  return org.flows.find((f) => f.type === type && !f.system);
}
