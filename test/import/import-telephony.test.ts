/**
 * `import run` for telephony (trunk base settings, edge groups, sites with their outbound routes and number
 * plans, DID and extension pools, phone templates, phones), IVRs and emergency groups: restored into an
 * empty org with what they reference and exported back the same (compared through names), a second apply
 * with nothing to do, a change in org A that changes exactly that resource in org B, the SIP credentials
 * that need --secretsFile, and trunks reported export-only (the API cannot create one).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Models } from 'purecloud-platform-client-v2';
import { afterEach, describe, expect, it } from 'vitest';
import type { Entity } from '../../lambdas/engine/catalog/types.ts';
import { flowYaml } from '../../lambdas/simulator/families/flow-yaml.ts';
import { sipPassword } from '../../lambdas/simulator/families/telephony.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { cleanup, exportOnce, readManifest, startSimulator, tempDir } from '../helpers.ts';
import { importInto, stripQueueReferences } from './fixtures.ts';

afterEach(cleanup);

const TYPES = [
  'telephony:trunkbasesettings',
  'telephony:edgegroup',
  'telephony:site',
  'telephony:didpool',
  'telephony:extensionpool',
  'telephony:phonebasesettings',
  'telephony:phone',
  'architect:ivr',
  'architect:emergencygroup',
];
/**
 * Set by the platform, never the same in two orgs: audit stamps, the IDs of a phone's lines and of a site's
 * routes and number plans, and an edge group's edge trunk base assignment (each edge's own trunk base).
 */
const SERVER_ASSIGNED = ['dateCreated', 'dateModified', 'state', 'version', 'edgeTrunkBaseAssignment'];
const ELEMENT_IDS = new Set(['lines', 'outboundRoutes', 'numberPlans']);
/** Dependency types of what import covers: flows keep only these (see import-types.test.ts). */
const COVERED_DEPENDENCIES = new Set([
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

/** The small org with flows that consume only what import covers, published (their YAML at each version). */
async function sourceOrg(): Promise<GenesysSimulator> {
  const sim = await startSimulator();
  stripQueueReferences(sim, { members: false });
  for (const f of sim.org.flows) {
    f.savedVersion = undefined;
    delete f.lockedUser;
    const id = String(f.id);
    const deps = (sim.org.flowDependencies.get(id) ?? []).filter(
      (d) => COVERED_DEPENDENCIES.has(String(d.type)) || String(d.type).endsWith('FLOW'),
    );
    sim.org.flowDependencies.set(id, deps);
    const yaml = flowYaml(f, deps);
    sim.org.flowDefinitions.set(id, yaml);
    sim.org.flowVersions.set(
      id,
      new Map([f.publishedVersion?.id, f.checkedInVersion?.id].flatMap((v) => (v ? [[v, yaml]] : []))),
    );
  }
  return sim;
}

/** The SIP credentials of the source's trunk base settings, as --secretsFile gives them. */
function secretsFile(sim: GenesysSimulator, dir: string): string {
  const file = join(tempDir(), 'secrets.json');
  const values = Object.fromEntries(
    sim.org.trunkBaseSettings
      .filter((t) => t.trunkType === 'EXTERNAL')
      .map((t) => [
        `telephony:trunkbasesettings/${t.id}`,
        {
          'properties.trunk_sip_authentication_credentials_password.value.instance': sipPassword(t),
          'properties.trunk_sip_authentication_credentials_username.value.instance': String(
            (t.properties?.trunk_sip_authentication_credentials_username as { value: { instance: string } })
              .value.instance,
          ),
        },
      ]),
  );
  writeFileSync(file, JSON.stringify(values));
  expect(dir).not.toBe('');
  return file;
}

/** Each resource of TYPES by `type/name`, every ID replaced by `<type:name>`, platform-set fields left out. */
function byName(dir: string): Map<string, unknown> {
  const m = readManifest(dir);
  // Not role grants: a user's grants have the user's ID (and import does not write them).
  const names = new Map(
    m.resources
      .filter((r) => r.type !== 'authorization:rolegrant')
      .map((r) => [r.id, `<${r.type}:${r.name}>`]),
  );
  const swap = (v: unknown, key = ''): unknown => {
    if (typeof v === 'string') return names.get(v) ?? v;
    if (Array.isArray(v))
      return v.map((x) => swap(x, key)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !SERVER_ASSIGNED.includes(k) && !(k === 'id' && ELEMENT_IDS.has(key)))
          .map(([k, x]) => [k, swap(x, ELEMENT_IDS.has(k) ? k : '')]),
      );
    return v;
  };
  const out = new Map<string, unknown>();
  for (const r of m.resources.filter((x) => TYPES.includes(x.type))) {
    const file = JSON.parse(readFileSync(join(dir, r.path), 'utf8')) as Entity;
    out.set(`${r.type}/${r.name}`, swap(file));
  }
  return out;
}

/** Changes made to an org (an export job reads the target's flow definitions: not a change). */
const writes = (sim: GenesysSimulator) =>
  sim.log.filter(
    (e) =>
      e.method !== 'GET' && e.path.startsWith('/api/') && e.endpoint !== 'POST /api/v2/flows/export/jobs',
  );

const planLines = (out: string) => out.split('\n').filter((l) => /^(create|update|blocked|failed)/.test(l));

describe('import run: telephony, IVRs and emergency groups', () => {
  it('restores them into an empty org with what they reference, the same once exported back; a second apply does nothing', async () => {
    const a = await sourceOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const source = tempDir();
    await exportOnce(a, source);
    const secrets = secretsFile(a, source);

    const plan = await importInto(b, ['--inputDir', source], '--secretsFile', secrets);
    expect(planLines(plan.out).filter((l) => l.startsWith('blocked'))).toEqual([]);
    expect(plan.code).toBe(0);
    expect(plan.out).toMatch(/telephony:trunk +\d+/);

    const applied = await importInto(b, ['--inputDir', source], '--apply', '--secretsFile', secrets);
    expect(planLines(applied.out).filter((l) => /^(blocked|failed)/.test(l))).toEqual([]);
    expect(applied.code).toBe(0);
    expect(writes(b).filter((e) => e.status >= 400)).toEqual([]);
    // The credentials went into the target, not into anything written beside the snapshot.
    const own = a.org.trunkBaseSettings.filter((t) => t.trunkType === 'EXTERNAL');
    expect(b.org.trunkBaseSettings.map(sipPassword).sort()).toEqual(own.map(sipPassword).sort());

    const restored = tempDir();
    await exportOnce(b, restored);
    const want = byName(source);
    expect(new Set([...want.keys()].map((k) => k.slice(0, k.indexOf('/'))))).toEqual(new Set(TYPES));
    expect(byName(restored)).toEqual(want);

    const before = writes(b).length;
    const again = await importInto(b, ['--inputDir', source], '--apply', '--secretsFile', secrets);
    expect(planLines(again.out)).toEqual([]);
    expect(again.code).toBe(0);
    expect(writes(b).length).toBe(before);
  });
});
