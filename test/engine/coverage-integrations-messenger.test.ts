import { afterEach, describe, expect, it } from 'vitest';
import { expectSelectable } from '../cli/harness.ts';
import {
  cleanup,
  exportedOrg,
  exportOnce,
  filesOfTwoRuns,
  readManifest,
  readSnapshotJson,
  snapshotFiles,
  startSimulator,
  tempDir,
} from '../helpers.ts';

afterEach(cleanup);

const TYPES = [
  'integration:credential',
  'integration:integration',
  'webdeployments:configuration',
  'webdeployments:deployment',
] as const;

type Json = Record<string, unknown>;
const readJson = readSnapshotJson;

describe('Coverage: integrations, credentials, Messenger (issue 15)', () => {
  it('exports integrations with their configuration, redacted, pointing at credential records without values', async () => {
    const { sim, dir, m } = await exportedOrg();
    const enabled = sim.org.integrations.filter((i) => i.intendedState === 'ENABLED');
    const exported = m.resources.filter((r) => r.type === 'integration:integration').map((r) => r.id);
    for (const i of enabled) expect(exported).toContain(i.id);
    const one = enabled[0];
    const file = readJson(dir, `integration/integration/${one?.id}.json`);
    const configuration = file.configuration as { properties: Json; advanced: Json; credentials: Json };
    expect(JSON.stringify(configuration.properties)).toContain('<redacted>');
    expect(configuration.advanced.webhookSecret).toBe('<redacted>');
    const credential = Object.values(sim.org.integrationConfigs.get(one?.id as string)?.credentials ?? {})[0];
    const entry = m.resources.find((r) => r.id === one?.id);
    expect(entry?.dependsOn).toContain(`integration:credential/${credential?.id}`);
    expect(readJson(dir, `integration/credential/${credential?.id}.json`)).toEqual({
      id: credential?.id,
      name: credential?.name,
      type: sim.org.integrationCredentials.find((c) => c.id === credential?.id)?.type,
    });
    // Credential values live only behind GET /credentials/{id}: never requested.
    expect(sim.log.some((e) => /^\/api\/v2\/integrations\/credentials\/[^/?]+/.test(e.path))).toBe(false);
    const all = [...snapshotFiles(dir).values()].join('\n');
    for (const secret of sim.org.plantedSecrets) expect(all).not.toContain(secret);
    // Data actions now point at an exported integration, ordered before them.
    const action = sim.org.dataActions[0];
    const a = m.resources.find((r) => r.id === action?.id);
    expect(a?.dependsOn).toContain(`integration:integration/${action?.integrationId}`);
    expect(a?.externalReferences ?? []).toEqual([]);
    const pos = new Map(m.importOrder.map((k, i) => [k, i]));
    expect(pos.get(`integration:integration/${action?.integrationId}`) as number).toBeLessThan(
      pos.get(`integration:action/${action?.id}`) as number,
    );
  });

  it('never reads a credential by ID: a credential referenced from a run that does not list them is found by listing', async () => {
    const sim = await startSimulator();
    const one = sim.org.integrations.find((i) => i.intendedState === 'ENABLED');
    const credential = Object.values(sim.org.integrationConfigs.get(one?.id as string)?.credentials ?? {})[0];
    const dir = tempDir();
    // Only integrations are selected: the credentials they name are followed as references.
    await exportOnce(sim, dir, { resourceTypes: ['integration:integration'] });
    expect(sim.log.some((e) => /^\/api\/v2\/integrations\/credentials\/[^/?]+/.test(e.path))).toBe(false);
    const m = readManifest(dir);
    expect(m.resources.map((r) => `${r.type}/${r.id}`)).toContain(`integration:credential/${credential?.id}`);
    expect(m.unresolvedReferences.filter((u) => u.to.startsWith('integration:credential/'))).toEqual([]);
  });

  it('exports Messenger deployments after the configuration and flow they serve', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const m = readManifest(dir);
    const pos = new Map(m.importOrder.map((k, i) => [k, i]));
    expect(sim.org.webDeployments.length).toBeGreaterThan(1);
    for (const d of sim.org.webDeployments) {
      const key = `webdeployments:deployment/${d.id}`;
      const r = m.resources.find((x) => `${x.type}/${x.id}` === key);
      expect(r?.dependsOn).toContain(`webdeployments:configuration/${d.configuration.id}`);
      expect(r?.dependsOn).toContain(`routing:flow/${d.flow?.id}`);
      for (const dep of r?.dependsOn ?? [])
        expect(pos.get(dep) as number).toBeLessThan(pos.get(key) as number);
      const file = readJson(dir, `webdeployments/deployment/${d.id}.json`);
      expect(file).not.toHaveProperty('dateModified');
      expect((file.configuration as Json).version).toBe(d.configuration.version);
    }
    const listed = sim.log.filter((e) => e.endpoint === 'GET /api/v2/webdeployments/configurations');
    expect(listed.map((e) => e.query)).toEqual(['?pageSize=300&showOnlyPublished=true']);
  });

  it('writes the same files on every run', async () => {
    const [first, second] = await filesOfTwoRuns(await startSimulator(), ['integration/', 'webdeployments/']);
    expect(first.size).toBeGreaterThan(10);
    expect(second).toEqual(first);
  });

  it('--resourceTypes takes the names and the Terraform aliases', async () => {
    await expectSelectable(await startSimulator(), TYPES, [
      TYPES.join(','),
      'genesyscloud_integration_credential,genesyscloud_integration,genesyscloud_webdeployments_configuration,genesyscloud_webdeployments_deployment',
    ]);
  });
});
