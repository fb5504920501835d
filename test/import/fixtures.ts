/** What the tests of `import run`'s flags share: an org import covers whole, and the CLI against a target. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dependencyType } from '../../lambdas/engine/catalog/dependency-types.ts';
import { requireType } from '../../lambdas/engine/catalog/index.ts';
import type { Entity } from '../../lambdas/engine/catalog/types.ts';
import { IMPORTABLE } from '../../lambdas/import/importable.ts';
import { rewriteReferences } from '../../lambdas/import/rewrite.ts';
import { flowDefinitionsFromDependencies } from '../../lambdas/simulator/families/flows.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { cli, envFor } from '../cli/harness.ts';
import { startSimulator } from '../helpers.ts';

/**
 * Takes out of the org's queues what refers to flows, prompts, groups and scripts (types the first import
 * tests leave out), and with `members` their members too.
 */
export function stripQueueReferences(sim: GenesysSimulator, { members = true } = {}): void {
  for (const q of sim.org.queues) {
    for (const f of [
      'queueFlow',
      'emailInQueueFlow',
      'messageInQueueFlow',
      'whisperPrompt',
      'onHoldPrompt',
    ] as const)
      delete q[f];
    q.memberGroups = [];
    delete q.defaultScripts;
    if (members) sim.org.queueMembers.set(String(q.id), []);
  }
}

/**
 * The types of the whole-org round trip (bench/import.ts, round-trip.test.ts): the first slice import
 * covered, flows and users included. The areas added after it (telephony, outbound, integrations, access,
 * Messenger, routing configuration, forms) need credentials or what a new org lacks: each has its own
 * round trip (import-<area>.test.ts).
 */
export const ROUND_TRIP_TYPES: ReadonlySet<string> = new Set(
  [
    'authorization:division',
    'routing:skill',
    'routing:language',
    'organization:wrapupcode',
    'architect:schedule',
    'architect:schedulegroup',
    'routing:queue',
    'routing:flow',
    'organization:location',
    'admin:group',
    'admin:team',
    'admin:user',
    'architect:flowoutcome',
    'architect:flowmilestone',
    'routing:utilizationlabel',
    'architect:userprompt',
    'architect:datatable',
  ].filter((t) => IMPORTABLE.has(t)),
);

/**
 * Takes out of the org what refers to types import cannot create (export-only types: scripts, skill
 * groups, data actions, emergency groups...), and nothing else: a queue keeps its flows, prompts, groups,
 * teams and members, a flow what it consumes of importable types (its YAML written again from those).
 * Derived from IMPORTABLE: a type that becomes importable stays referenced.
 */
export function stripExportOnlyReferences(
  sim: GenesysSimulator,
  kept: ReadonlySet<string> = ROUND_TRIP_TYPES,
): void {
  const queueType = requireType('routing:queue');
  for (const q of sim.org.queues) {
    const { body } = rewriteReferences(queueType, q as Entity, (r) =>
      kept.has(r.type) ? { id: r.id } : { drop: 'missing' },
    );
    // A map of media type to script emptied of its scripts is no map.
    if (body.defaultScripts && Object.keys(body.defaultScripts as Entity).length === 0)
      delete body.defaultScripts;
    for (const k of Object.keys(q)) delete (q as Entity)[k];
    Object.assign(q, body);
  }
  for (const [id, deps] of sim.org.flowDependencies)
    sim.org.flowDependencies.set(
      id,
      deps.filter((d) => kept.has(String(dependencyType(d as Entity)))),
    );
  flowDefinitionsFromDependencies(sim);
}

/** The small org with queues that reference only covered types (no flows, prompts, users or groups). */
export async function coveredOnlyOrg(): Promise<GenesysSimulator> {
  const sim = await startSimulator();
  stripQueueReferences(sim);
  return sim;
}

/**
 * Export options for the types these tests import (faster than the whole org): the first ones import
 * covered, whose writes need no Architect job or user memberships.
 */
export const COVERED_TYPES = {
  resourceTypes: [
    'authorization:division',
    'routing:skill',
    'routing:language',
    'organization:wrapupcode',
    'architect:schedule',
    'architect:schedulegroup',
    'routing:queue',
  ].filter((t) => IMPORTABLE.has(t)),
};

/** The API writes the simulator received. */
export const writes = (sim: GenesysSimulator) =>
  sim.log.filter((e) => e.method !== 'GET' && e.path.startsWith('/api/'));

export async function importInto(target: GenesysSimulator, source: string[], ...flags: string[]) {
  return cli(
    ['import', 'run', ...source, '--organizationId', String(target.org.organization.id), ...flags],
    envFor(target),
  );
}

/** Every file under `dir` (dot folders included) with its text. */
export function everyFile(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return out;
}

/** Dependency types of the first slice import covered (flows reference each other by their own types). */
export const COVERED_DEPENDENCIES: ReadonlySet<string> = new Set([
  'QUEUE',
  'ACDSKILL',
  'ACDLANGUAGE',
  'ACDWRAPUPCODE',
  'SCHEDULE',
  'SCHEDULEGROUP',
  'USER',
  'GROUP',
  'FLOWOUTCOME',
  'FLOWMILESTONE',
  'USERPROMPT',
  'DATATABLE',
]);
