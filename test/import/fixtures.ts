/** What the tests of `import run`'s flags share: an org import covers whole, and the CLI against a target. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IMPORTABLE } from '../../lambdas/import/importable.ts';
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
