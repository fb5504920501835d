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
import { COVERED_DEPENDENCIES, importInto, stripQueueReferences } from './fixtures.ts';

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
/** What the tests export (with what it references): trunks too, to see them reported export-only. */
const EXPORTED = [...TYPES, 'telephony:trunk'];
/**
 * Set by the platform, never the same in two orgs: audit stamps, the IDs of a phone's lines and of a site's
 * routes and number plans, and an edge group's edge trunk base assignment (each edge's own trunk base).
 */
const SERVER_ASSIGNED = ['dateCreated', 'dateModified', 'state', 'version', 'edgeTrunkBaseAssignment'];
const ELEMENT_IDS = new Set(['lines', 'outboundRoutes', 'numberPlans']);

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

const instanceOf = (t: Models.TrunkBase, property: string): string =>
  String((t.properties?.[property] as { value?: { instance?: unknown } } | undefined)?.value?.instance);

const USERNAME = 'trunk_sip_authentication_credentials_username';
const PASSWORD = 'trunk_sip_authentication_credentials_password';

/** The SIP credentials of the source's trunk base settings, as --secretsFile gives them. */
function secretsFile(sim: GenesysSimulator): string {
  const file = join(tempDir(), 'secrets.json');
  const values = Object.fromEntries(
    sim.org.trunkBaseSettings
      .filter((t) => t.trunkType === 'EXTERNAL')
      .map((t) => [
        `telephony:trunkbasesettings/${t.id}`,
        {
          [`properties.${PASSWORD}.value.instance`]: instanceOf(t, PASSWORD),
          [`properties.${USERNAME}.value.instance`]: instanceOf(t, USERNAME),
        },
      ]),
  );
  writeFileSync(file, JSON.stringify(values));
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
    await exportOnce(a, source, { resourceTypes: EXPORTED });
    const secrets = secretsFile(a);

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

  it('a change in org A (an IVR renamed, a DID pool comment, a site outbound route, another site number plan) changes exactly that in org B', async () => {
    const a = await sourceOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    await exportOnce(a, dir, { resourceTypes: EXPORTED });
    const secrets = secretsFile(a);
    expect((await importInto(b, ['--inputDir', dir], '--apply', '--secretsFile', secrets)).code).toBe(0);

    const ivr = a.org.ivrs[0] as Models.IVR;
    const oldName = String(ivr.name);
    ivr.name = `${oldName} (new)`;
    const pool = a.org.didPools[0] as Models.DIDPool;
    pool.comments = 'Ported from the old carrier';
    const site = a.org.sites.find((s) => !s.managed && a.org.siteOutboundRoutes.get(String(s.id))?.length);
    const route = a.org.siteOutboundRoutes.get(String(site?.id))?.[0] as Models.OutboundRouteBase;
    route.distribution = route.distribution === 'RANDOM' ? 'SEQUENTIAL' : 'RANDOM';
    const other = a.org.sites.find((s) => !s.managed && s.id !== site?.id) as Models.Site;
    const plan911 = a.org.siteNumberPlans
      .get(String(other.id))
      ?.find((p) => p.classification === 'Emergency');
    (plan911 as Models.NumberPlan).match = '^(911|112|999)$';
    await exportOnce(a, dir, { resourceTypes: EXPORTED });

    const plan = await importInto(b, ['--inputDir', dir], '--secretsFile', secrets);
    expect(plan.code).toBe(0);
    const changed = planLines(plan.out).map((l) => l.replace(/\/\S+ \((.*)\) -> \S+: ([^;]*).*$/, ' $1: $2'));
    expect(changed.sort()).toEqual(
      [
        `update: architect:ivr ${ivr.name}: name`,
        `update: telephony:didpool ${pool.name}: comments`,
        `update: telephony:site ${site?.name}: outboundRoutes`,
        `update: telephony:site ${other.name}: numberPlans`,
      ].sort(),
    );
    const before = writes(b).length;
    expect((await importInto(b, ['--inputDir', dir], '--apply', '--secretsFile', secrets)).code).toBe(0);
    expect(
      writes(b)
        .slice(before)
        .map((e) => `${e.endpoint} ${e.status}`)
        .sort(),
    ).toEqual(
      [
        'PUT /api/v2/architect/ivrs/{ivrId} 200',
        'PUT /api/v2/telephony/providers/edges/didpools/{didPoolId} 200',
        'PUT /api/v2/telephony/providers/edges/sites/{siteId}/outboundroutes/{outboundRouteId} 200',
        'PUT /api/v2/telephony/providers/edges/sites/{siteId}/numberplans 200',
      ].sort(),
    );
    expect(b.org.ivrs.map((i) => i.name)).toContain(ivr.name);
    expect(b.org.ivrs.map((i) => i.name)).not.toContain(oldName);
    expect(b.org.didPools.find((p) => p.startPhoneNumber === pool.startPhoneNumber)?.comments).toBe(
      pool.comments,
    );
    const targetSite = b.org.sites.find((s) => s.name === site?.name);
    const targetRoute = b.org.siteOutboundRoutes
      .get(String(targetSite?.id))
      ?.find((r) => r.name === route.name);
    expect(targetRoute?.distribution).toBe(route.distribution);
    const otherTarget = b.org.sites.find((s) => s.name === other.name);
    expect(
      b.org.siteNumberPlans.get(String(otherTarget?.id))?.find((p) => p.classification === 'Emergency')
        ?.match,
    ).toBe(plan911?.match);

    const last = writes(b).length;
    expect((await importInto(b, ['--inputDir', dir], '--apply', '--secretsFile', secrets)).code).toBe(0);
    expect(writes(b).length).toBe(last);
  });

  it('blocks trunk base settings without their SIP credentials, and what needs them; trunks are export-only', async () => {
    const a = await sourceOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    await exportOnce(a, dir, { resourceTypes: EXPORTED });
    const plan = await importInto(b, ['--inputDir', dir, '--resourceTypes', TYPES.join(',')]);
    expect(plan.code).toBe(3);
    for (const t of a.org.trunkBaseSettings.filter((x) => x.trunkType === 'EXTERNAL'))
      expect(plan.out).toContain(
        `blocked: telephony:trunkbasesettings/${t.id} (${t.name}): needs a value for properties.${PASSWORD}.value.instance, properties.${USERNAME}.value.instance`,
      );
    const group = a.org.edgeGroups[0] as Models.EdgeGroup;
    expect(plan.out).toMatch(
      new RegExp(
        `^blocked: telephony:edgegroup/${group.id} \\(${group.name}\\): references .*phoneTrunkBases\\[\\] -> telephony:trunkbasesettings/.*\\(blocked itself\\)`,
        'm',
      ),
    );
    const trunks = readManifest(dir).resources.filter((r) => r.type === 'telephony:trunk').length;
    expect(trunks).toBeGreaterThan(0);
    expect(plan.out).toMatch(
      new RegExp(`Export-only \\(import does not cover these types yet\\):.* telephony:trunk ${trunks}`),
    );
    expect(writes(b)).toEqual([]);
  });

  it('--prune deletes the DID pools and IVRs the snapshot lacks, never a Genesys-managed site', async () => {
    const a = await sourceOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    await exportOnce(a, dir, { resourceTypes: EXPORTED });
    const secrets = secretsFile(a);
    expect((await importInto(b, ['--inputDir', dir, '--apply', '--secretsFile', secrets])).code).toBe(0);
    const ivrs = b.org.ivrs.length;
    expect(ivrs).toBeGreaterThan(0);
    const flags = ['--resourceTypes', TYPES.join(','), '--secretsFile', secrets];
    const pool: Models.DIDPool = {
      id: 'extra-pool',
      name: 'Extra pool',
      startPhoneNumber: '+13175557000',
      endPhoneNumber: '+13175557099',
      state: 'active',
    };
    const ivr: Models.IVR = { id: 'extra-ivr', name: 'Extra IVR', dnis: ['+13175557001'], state: 'active' };
    const managed: Models.Site = {
      id: 'cloud-site',
      name: 'PureCloud Voice - AWS',
      managed: true,
      state: 'active',
      location: { id: b.org.locations[0]?.id },
    };
    b.org.didPools.push(pool);
    b.org.ivrs.push(ivr);
    b.org.sites.push(managed);

    const plan = await importInto(b, ['--inputDir', dir, '--prune', ...flags]);
    const deletes = plan.out.split('\n').filter((l) => l.startsWith('delete (--prune)'));
    expect(deletes.sort()).toEqual(
      [
        'delete (--prune): architect:ivr/extra-ivr (Extra IVR): not in the snapshot',
        'delete (--prune): telephony:didpool/extra-pool (Extra pool): not in the snapshot',
      ].sort(),
    );
    const before = writes(b).length;
    await importInto(b, ['--inputDir', dir, '--apply', '--prune', ...flags]);
    expect(
      writes(b)
        .slice(before)
        .map((e) => `${e.endpoint} ${e.status}`)
        .sort(),
    ).toEqual(
      [
        'DELETE /api/v2/architect/ivrs/{ivrId} 204',
        'DELETE /api/v2/telephony/providers/edges/didpools/{didPoolId} 204',
      ].sort(),
    );
    expect(b.org.sites.map((x) => x.id)).toContain('cloud-site');
    expect(b.org.ivrs.map((x) => x.id)).not.toContain('extra-ivr');
    expect(b.org.ivrs.length).toBe(ivrs);
  });
});
