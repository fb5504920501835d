/**
 * `import run` for Messenger: the small org's configurations and deployments restored into a new org
 * (compared through names, without the version numbers each org keeps), a second apply with nothing to
 * do, and a configuration changed in org A that republishes it in org B and moves the deployment serving
 * it to the new version. The deployments' inbound flow is taken out of the source (flows are covered by
 * their own tests).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Models } from 'purecloud-platform-client-v2';
import { afterEach, describe, expect, it } from 'vitest';
import type { Entity } from '../../lambdas/engine/catalog/types.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { cleanup, exportOnce, readManifest, startSimulator, tempDir } from '../helpers.ts';
import { importInto, writes } from './fixtures.ts';

afterEach(cleanup);

const AREA = { resourceTypes: ['webdeployments:configuration', 'webdeployments:deployment'] };

async function messengerOrg(): Promise<GenesysSimulator> {
  const sim = await startSimulator();
  for (const d of sim.org.webDeployments) delete d.flow;
  return sim;
}

/** Each file by `type/name`, IDs replaced by `<type:name>`, without the org's own version numbers. */
function byName(dir: string): Map<string, unknown> {
  const m = readManifest(dir);
  const names = new Map(m.resources.map((r) => [r.id, `<${r.type}:${r.name}>`]));
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return names.get(v) ?? v;
    if (Array.isArray(v)) return v.map(swap);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k !== 'version')
          .map(([k, x]) => [k, swap(x)]),
      );
    return v;
  };
  return new Map(
    m.resources.map((r) => [
      `${r.type}/${r.name}`,
      swap(JSON.parse(readFileSync(join(dir, r.path), 'utf8')) as Entity),
    ]),
  );
}

const actions = (out: string) => out.split('\n').filter((l) => /^(create|update|blocked|failed)/.test(l));

describe('import run: Messenger configurations and deployments', () => {
  it('restores every configuration (published) and deployment into a new org; a second apply does nothing', async () => {
    const a = await messengerOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    await exportOnce(a, dir, AREA);
    const applied = await importInto(b, ['--inputDir', dir], '--apply');
    expect(applied.code).toBe(0);
    expect(writes(b).filter((e) => e.status >= 400)).toEqual([]);
    const n = a.org.webDeployments.length;
    expect(n).toBeGreaterThan(1);
    expect(writes(b).filter((e) => e.endpoint.endsWith('/versions/draft/publish'))).toHaveLength(n);
    // Each deployment serves the version its configuration got in the target.
    for (const d of b.org.webDeployments)
      expect(d.configuration.version).toBe(
        b.org.webDeploymentConfigurations.find((c) => c.id === d.configuration.id)?.version,
      );

    const restored = tempDir();
    await exportOnce(b, restored, AREA);
    const want = byName(dir);
    expect([...want.keys()].filter((k) => k.startsWith('webdeployments:deployment/'))).toHaveLength(n);
    expect(byName(restored)).toEqual(want);

    const before = writes(b).length;
    const again = await importInto(b, ['--inputDir', dir], '--apply');
    expect(again.code).toBe(0);
    expect(actions(again.out)).toEqual([]);
    expect(writes(b).length).toBe(before);
  });

  it('a configuration changed in org A is republished in org B, and the deployment serving it moved to the new version', async () => {
    const a = await messengerOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    await exportOnce(a, dir, AREA);
    expect((await importInto(b, ['--inputDir', dir], '--apply')).code).toBe(0);

    const changed = a.org.webDeploymentConfigurations[0] as Models.WebDeploymentConfigurationVersion;
    changed.languages = ['en-us', 'fr'];
    changed.version = String(Number(changed.version) + 1);
    const served = a.org.webDeployments.find(
      (d) => d.configuration.id === changed.id,
    ) as Models.WebDeployment;
    served.configuration.version = changed.version;
    await exportOnce(a, dir, AREA);

    const plan = await importInto(b, ['--inputDir', dir]);
    expect(actions(plan.out)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^update: webdeployments:configuration/${changed.id} \\(${changed.name}\\) -> [\\w-]+: languages$`,
        ),
      ),
    ]);
    const target = b.org.webDeploymentConfigurations.find((c) => c.name === changed.name);
    const deployment = b.org.webDeployments.find((d) => d.name === served.name) as Models.WebDeployment;
    expect(deployment.configuration.version).toBe(target?.version);
    const before = writes(b).length;
    expect((await importInto(b, ['--inputDir', dir], '--apply')).code).toBe(0);
    expect(
      writes(b)
        .slice(before)
        .map((e) => e.endpoint),
    ).toEqual([
      'PUT /api/v2/webdeployments/configurations/{configurationId}/versions/draft',
      'POST /api/v2/webdeployments/configurations/{configurationId}/versions/draft/publish',
      'PUT /api/v2/webdeployments/deployments/{deploymentId}',
    ]);
    const republished = b.org.webDeploymentConfigurations.find((c) => c.name === changed.name);
    expect(republished?.languages).toEqual(['en-us', 'fr']);
    expect(republished?.version).toBe(String(Number(target?.version) + 1));
    expect(deployment.configuration.version).toBe(republished?.version);

    const last = writes(b).length;
    expect(actions((await importInto(b, ['--inputDir', dir], '--apply')).out)).toEqual([]);
    expect(writes(b).length).toBe(last);
  });
});
