/**
 * Coverage of issue 14's routing and Architect types end to end: IVRs, emergency groups, data tables
 * (schema and rows), flow milestones and outcomes, utilization labels, skill groups, SMS addresses and
 * response libraries, exported from the small org with their files, references and import order, the
 * same on every run, and selectable by name and alias.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Manifest } from '../../lambdas/engine/model.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { exportTypes } from '../cli/harness.ts';
import { cleanup, exportOnce, readManifest, snapshotFiles, startSimulator, tempDir } from '../helpers.ts';

afterEach(cleanup);

const NEW_TYPES = [
  'routing:utilizationlabel',
  'routing:skillgroup',
  'routing:smsaddress',
  'responsemanagement:library',
  'architect:datatable',
  'architect:flowmilestone',
  'architect:flowoutcome',
  'architect:ivr',
  'architect:emergencygroup',
] as const;

type Json = Record<string, unknown>;

function read(dir: string, m: Manifest, key: string): Json {
  const r = m.resources.find((x) => `${x.type}/${x.id}` === key);
  if (!r) throw new Error(`${key} not exported`);
  return JSON.parse(readFileSync(join(dir, r.path), 'utf8')) as Json;
}

/** What the small org should export of each new type: active ones, plus what a flow references. */
function expectedIds(sim: GenesysSimulator): Record<(typeof NEW_TYPES)[number], string[]> {
  const o = sim.org;
  const ids = (xs: Array<{ id?: string }>) => xs.map((x) => x.id as string).sort();
  return {
    // The System Default Label is exported only when referenced; no flow of the small org uses it.
    'routing:utilizationlabel': ids(o.utilizationLabels.filter((l) => l.name !== 'System Default Label')),
    'routing:skillgroup': ids(o.skillGroups),
    'routing:smsaddress': ids(o.smsAddresses),
    'responsemanagement:library': ids(o.responseLibraries),
    'architect:datatable': ids(o.dataTables),
    'architect:flowmilestone': ids(o.flowMilestones),
    'architect:flowoutcome': ids(o.flowOutcomes),
    'architect:ivr': ids(o.ivrs),
    'architect:emergencygroup': ids(o.emergencyGroups),
  };
}

describe('Coverage: routing and Architect configuration (issue 14)', () => {
  it('exports every new type of the small org, one file each, with what the listing alone lacks', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    const { result } = await exportOnce(sim, dir);
    expect(result.complete).toBe(true);
    const m = readManifest(dir);
    const expected = expectedIds(sim);
    for (const type of NEW_TYPES) {
      expect(expected[type].length, type).toBeGreaterThan(0);
      expect(
        m.resources
          .filter((r) => r.type === type)
          .map((r) => r.id)
          .sort(),
        type,
      ).toEqual(expected[type]);
      expect(m.types[type]?.count, type).toBe(expected[type].length);
      for (const id of expected[type]) expect(read(dir, m, `${type}/${id}`).id).toBe(id);
    }
    expect(m.errors).toEqual([]);

    // IVR: flows and schedule group kept, audit fields gone.
    const ivr = sim.org.ivrs[0];
    const ivrFile = read(dir, m, `architect:ivr/${ivr?.id}`);
    expect(ivrFile.dnis).toEqual(ivr?.dnis);
    expect(ivrFile.openHoursFlow).toMatchObject({ id: ivr?.openHoursFlow?.id });
    for (const f of ['dateCreated', 'dateModified', 'createdBy', 'modifiedBy', 'version', 'state', 'selfUri'])
      expect(ivrFile, f).not.toHaveProperty(f);

    // Data table: schema from expand=schema, every row in full (showbrief=false).
    const table = sim.org.dataTables[0];
    const tableFile = read(dir, m, `architect:datatable/${table?.id}`);
    expect((tableFile.schema as Json).properties).toHaveProperty('key');
    expect(tableFile.rows).toEqual(sim.org.dataTableRows.get(table?.id as string));

    // Skill group: conditions from the by-ID read, member divisions from their own endpoint.
    const group = sim.org.skillGroups[0];
    const groupFile = read(dir, m, `routing:skillgroup/${group?.id}`);
    expect(groupFile.skillConditions).toEqual(group?.skillConditions);
    expect((groupFile.memberDivisions as Json[]).map((d) => d.id)).toEqual(
      sim.org.skillGroupMemberDivisions.get(group?.id as string),
    );
    expect(groupFile).not.toHaveProperty('memberCount');
  });

  it('resolves references both ways and orders them for import: an IVR after its flows and schedule group', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const m = readManifest(dir);
    const pos = new Map(m.importOrder.map((k, i) => [k, i]));
    const byKey = new Map(m.resources.map((r) => [`${r.type}/${r.id}`, r]));
    const inCycle = new Set(m.cycles.flatMap((c) => c.members));
    for (const r of m.resources.filter((x) => (NEW_TYPES as readonly string[]).includes(x.type))) {
      const key = `${r.type}/${r.id}`;
      expect(inCycle.has(key), key).toBe(false);
      expect(r.externalReferences ?? [], key).toEqual([]);
      for (const d of r.dependsOn) {
        expect(byKey.has(d), `${key} -> ${d}`).toBe(true);
        expect(pos.get(d) as number, `${d} before ${key}`).toBeLessThan(pos.get(key) as number);
      }
    }
    for (const ivr of sim.org.ivrs) {
      const deps = byKey.get(`architect:ivr/${ivr.id}`)?.dependsOn ?? [];
      for (const f of [ivr.openHoursFlow, ivr.closedHoursFlow, ivr.holidayHoursFlow].filter(Boolean))
        expect(deps).toContain(`routing:flow/${f?.id}`);
      expect(deps).toContain(`architect:schedulegroup/${ivr.scheduleGroup?.id}`);
      expect(deps).toContain(`authorization:division/${ivr.division?.id}`);
    }
    const group = sim.org.emergencyGroups[0];
    const groupDeps = byKey.get(`architect:emergencygroup/${group?.id}`)?.dependsOn ?? [];
    for (const i of group?.emergencyCallFlows?.[0]?.ivrs ?? [])
      expect(groupDeps).toContain(`architect:ivr/${i.id}`);
    expect(groupDeps).toContain(`routing:flow/${group?.emergencyCallFlows?.[0]?.emergencyFlow?.id}`);

    // Flows to what they consume (dependency tracking), now resolved instead of reported.
    const flowDeps = m.resources.filter((r) => r.type === 'routing:flow').flatMap((r) => r.dependsOn);
    for (const type of NEW_TYPES.filter(
      (t) => !['routing:skillgroup', 'routing:smsaddress', 'responsemanagement:library'].includes(t),
    ))
      expect(
        flowDeps.some((d) => d.startsWith(`${type}/`)),
        type,
      ).toBe(true);
    // A queue's SKILLGROUP member group is a skill group resource.
    const sgQueue = sim.org.queues.find((q) => q.memberGroups?.some((g) => g.type === 'SKILLGROUP'));
    const sg = sgQueue?.memberGroups?.find((g) => g.type === 'SKILLGROUP');
    expect(byKey.get(`routing:queue/${sgQueue?.id}`)?.dependsOn).toContain(`routing:skillgroup/${sg?.id}`);
    expect(
      m.unresolvedReferences.filter((u) =>
        /SKILLGROUP|DATATABLE|IVRCONFIGURATION|FLOW(MILESTONE|OUTCOME)|EMERGENCYGROUP|UTILIZATIONLABEL/.test(
          u.to,
        ),
      ),
    ).toEqual([]);
  });

  it('writes the same files and order on every run', async () => {
    const sim = await startSimulator();
    const a = tempDir();
    const b = tempDir();
    await exportOnce(sim, a);
    sim.advanceVolatileState();
    await exportOnce(sim, b);
    const folders = NEW_TYPES.map((t) => t.replace(':', '/'));
    const pick = (dir: string) =>
      new Map([...snapshotFiles(dir)].filter(([p]) => folders.some((f) => p.startsWith(`${f}/`))));
    const first = pick(a);
    expect(first.size).toBeGreaterThan(NEW_TYPES.length);
    expect(pick(b)).toEqual(first);
    expect(readManifest(b).importOrder).toEqual(readManifest(a).importOrder);
  });

  it('--resourceTypes takes the names and the Terraform aliases', async () => {
    const sim = await startSimulator();
    const r = await exportTypes(
      sim,
      'genesyscloud_architect_ivr,architect:datatable,genesyscloud_routing_skill_group,genesyscloud_flow_milestone,architect:flowoutcome,genesyscloud_architect_emergencygroup,genesyscloud_routing_utilization_label,routing:smsaddress,genesyscloud_responsemanagement_library',
    );
    expect(r.code, r.err).toBe(0);
    const m = r.manifest as Manifest;
    expect(Object.keys(m.types).sort()).toEqual([...NEW_TYPES].sort());
    const expected = expectedIds(sim);
    for (const type of NEW_TYPES) expect(m.types[type]?.count, type).toBe(expected[type].length);
  });
});
