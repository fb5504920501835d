/**
 * Coverage of issue 15's telephony types end to end: sites with their outbound routes and number plans,
 * edge groups, DID and extension pools, phone templates and phones; trunks pointing at edge groups;
 * references, import order, runtime state left out, determinism, names and aliases.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectSelectable } from '../cli/harness.ts';
import { cleanup, exportedOrg, filesOfTwoRuns, readSnapshotJson, startSimulator } from '../helpers.ts';

afterEach(cleanup);

const TYPES = [
  'telephony:site',
  'telephony:edgegroup',
  'telephony:didpool',
  'telephony:extensionpool',
  'telephony:phonebasesettings',
  'telephony:phone',
] as const;

describe('Coverage: telephony (issue 15)', () => {
  it('exports sites with their routes and number plans, after their location and trunk base settings', async () => {
    const { sim, dir, m } = await exportedOrg();
    const own = sim.org.sites.filter((s) => !s.managed);
    const sites = m.resources.filter((r) => r.type === 'telephony:site').map((r) => r.id);
    expect(sites.sort()).toEqual(own.map((s) => s.id).sort());
    const site = own[1];
    const file = readSnapshotJson(dir, `telephony/site/${site?.id}.json`);
    const routes = sim.org.siteOutboundRoutes.get(site?.id as string) ?? [];
    expect((file.outboundRoutes as Array<{ id: string }>).map((r) => r.id).sort()).toEqual(
      routes.map((r) => r.id).sort(),
    );
    expect((file.numberPlans as Array<{ name: string }>).map((p) => p.name).sort()).toEqual([
      'Emergency',
      'Extension',
    ]);
    const entry = m.resources.find((r) => r.id === site?.id);
    expect(entry?.dependsOn).toContain(`organization:location/${site?.location.id}`);
    expect(entry?.dependsOn).toContain(`telephony:site/${own[0]?.id}`);
    for (const b of routes.flatMap((r) => r.externalTrunkBases ?? []))
      expect(entry?.dependsOn).toContain(`telephony:trunkbasesettings/${b.id}`);
    const pos = new Map(m.importOrder.map((k, i) => [k, i]));
    for (const dep of entry?.dependsOn ?? [])
      expect(pos.get(dep) as number).toBeLessThan(pos.get(`telephony:site/${site?.id}`) as number);
    expect(m.unresolvedReferences.filter((u) => u.from.startsWith('telephony:'))).toEqual([]);
  });

  it('exports phones after their site, template and WebRTC user, without their runtime state', async () => {
    const { sim, dir, m } = await exportedOrg();
    const phones = m.resources.filter((r) => r.type === 'telephony:phone');
    expect(phones.length).toBe(sim.org.phones.length);
    const phone = sim.org.phones[0];
    const file = readSnapshotJson(dir, `telephony/phone/${phone?.id}.json`);
    expect(file).not.toHaveProperty('status');
    expect((file.lines as Array<Record<string, unknown>>)[0]).not.toHaveProperty('loggedInUser');
    const entry = phones.find((r) => r.id === phone?.id);
    expect(entry?.dependsOn).toEqual(
      expect.arrayContaining([
        `telephony:site/${phone?.site.id}`,
        `telephony:phonebasesettings/${phone?.phoneBaseSettings.id}`,
        `admin:user/${phone?.webRtcUser?.id}`,
      ]),
    );
    // Trunks now point at their edge group.
    const trunk = sim.org.trunks.find((t) => t.edgeGroup);
    expect(m.resources.find((r) => r.id === trunk?.id)?.dependsOn).toContain(
      `telephony:edgegroup/${trunk?.edgeGroup?.id}`,
    );
    for (const t of ['telephony:didpool', 'telephony:extensionpool', 'telephony:edgegroup'])
      expect(m.types[t]?.count, t).toBeGreaterThan(0);
  });

  it('writes the same files on every run, whatever the phones report', async () => {
    const [first, second] = await filesOfTwoRuns(await startSimulator(), ['telephony/']);
    expect(first.size).toBeGreaterThan(15);
    expect(second).toEqual(first);
  });

  it('--resourceTypes takes the names and the Terraform aliases', async () => {
    await expectSelectable(await startSimulator(), TYPES, [
      TYPES.join(','),
      'genesyscloud_telephony_providers_edges_site,genesyscloud_telephony_providers_edges_edge_group,genesyscloud_telephony_providers_edges_did_pool,genesyscloud_telephony_providers_edges_extension_pool,genesyscloud_telephony_providers_edges_phonebasesettings,genesyscloud_telephony_providers_edges_phone',
    ]);
  });
});
