/** What the tests of `import run`'s flags share: an org import covers whole, and the CLI against a target. */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dependencyType } from '../../lambdas/engine/catalog/dependency-types.ts';
import { requireType } from '../../lambdas/engine/catalog/index.ts';
import type { Entity } from '../../lambdas/engine/catalog/types.ts';
import { MANIFEST_KEY } from '../../lambdas/engine/keys.ts';
import type { Manifest } from '../../lambdas/engine/model.ts';
import { REDACTED } from '../../lambdas/engine/redact.ts';
import { IMPORTABLE } from '../../lambdas/import/importable.ts';
import { redactedPaths } from '../../lambdas/import/plan.ts';
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
 * The first slice import covered, flows and users included: the first whole-org round trip
 * (bench/import.ts without `all`, round-trip.test.ts). The areas added after it (telephony, outbound,
 * integrations, access, Messenger, routing configuration, forms) are in the round trip of every importable
 * type, their credentials supplied by `secretsFromSource`.
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
 * Takes out of the org what refers to types not in `kept` (with every importable type kept: the
 * export-only ones, scripts and integration credentials), and nothing else: a queue keeps its flows,
 * prompts, groups, teams and members, a flow what it consumes of kept types (its YAML written again from
 * those), an integration its configuration without its credentials, a campaign everything but its script.
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
  // Integrations name credentials (export-only: their values cannot be read), campaigns a script
  // (export-only; matched by name, and an empty org has none): unless kept, both are taken out.
  if (!kept.has('integration:credential'))
    for (const config of sim.org.integrationConfigs.values()) config.credentials = {};
  if (!kept.has('script:script')) for (const c of sim.org.campaigns) delete c.script;
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

/** The value at `a.b[0].c` of `node`, if any. */
function at(node: unknown, path: string): unknown {
  let out = node;
  for (const s of path.split(/\.|\[(\d+)\]/).filter(Boolean))
    out = out && typeof out === 'object' ? (out as Record<string, unknown>)[s] : undefined;
  return out;
}

/**
 * The org's own form of a resource, credentials and all (the simulator keeps what an export redacts): an
 * integration with its current configuration, otherwise the first object of the org's lists with that ID.
 */
function sourceForm(sim: GenesysSimulator, type: string, id: string): unknown {
  if (type === 'integration:integration') return { configuration: sim.org.integrationConfigs.get(id) };
  for (const list of Object.values(sim.org))
    if (Array.isArray(list)) {
      const hit = list.find((x) => (x as Entity | undefined)?.id === id);
      if (hit) return hit;
    }
  return undefined;
}

/**
 * Writes `--secretsFile` with the source org's value of every field the snapshot in `dir` holds redacted
 * (what the administrator who exported the org supplies) and returns its path and the values; a
 * redacted field the source org has no value for is left out (its resource stays blocked).
 */
export function secretsFromSource(
  sim: GenesysSimulator,
  dir: string,
  file: string,
): { file: string; values: string[] } {
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_KEY), 'utf8')) as Manifest;
  const out: Record<string, Record<string, string>> = {};
  const values: string[] = [];
  for (const r of manifest.resources) {
    const body = JSON.parse(readFileSync(join(dir, r.path), 'utf8')) as Entity;
    const paths = redactedPaths(body);
    if (!paths.length) continue;
    const source = sourceForm(sim, r.type, r.id);
    for (const path of paths) {
      const value = at(source, path);
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      if (String(value) === '' || String(value).includes(REDACTED)) continue;
      const key = `${r.type}/${r.id}`;
      out[key] = { ...out[key], [path]: String(value) };
      values.push(String(value));
    }
  }
  writeFileSync(file, JSON.stringify(out));
  return { file, values };
}
