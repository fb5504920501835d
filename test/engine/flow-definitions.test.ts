/**
 * Flow definitions end to end: every flow comes back with its definition whatever the download's naming,
 * or an error names the flow; failed jobs are retried, and a batch with one broken flow is split.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportFileNaming } from '../../lambdas/simulator/routes.ts';
import { cleanup, exportOnce, readManifest, startSimulator, tempDir } from '../helpers.ts';

afterEach(cleanup);

const definitionFile = (dir: string, id: string) => join(dir, 'routing', 'flow', `${id}.definition.yaml`);

describe('Flow definitions', () => {
  const namings: ExportFileNaming[] = [
    'fileNameYaml',
    'fileName',
    'nameAndId',
    'containsId',
    'flowName',
    'opaque',
  ];
  for (const naming of namings)
    it(`writes every exported flow's published definition when the download names files '${naming}'`, async () => {
      const sim = await startSimulator({ exportFileNaming: naming });
      const dir = tempDir();
      const { result } = await exportOnce(sim, dir, { resourceTypes: ['routing:flow'] });
      const m = readManifest(dir);
      const flows = m.resources.filter((r) => r.type === 'routing:flow');
      expect(flows.length).toBeGreaterThan(3);
      for (const r of flows) {
        const flow = sim.org.flows.find((f) => f.id === r.id);
        const published = flow?.publishedVersion?.id ?? flow?.checkedInVersion?.id;
        expect(r.definitionPath, r.name).toBe(`routing/flow/${r.id}.definition.yaml`);
        expect(readFileSync(definitionFile(dir, r.id), 'utf8')).toBe(
          sim.org.flowVersions.get(r.id)?.get(published as string),
        );
      }
      expect(m.errors).toEqual([]);
      expect(result.complete).toBe(true);
    });

  it('names every flow the download left out, and the run is partial', async () => {
    const sim = await startSimulator({ exportFileNaming: 'opaque' });
    const dir = tempDir();
    // The flow's name inside its YAML no longer matches: nothing in the download identifies it.
    const flow = sim.org.flows.find((f) => f.active && !f.system && f.publishedVersion);
    const version = flow?.publishedVersion?.id as string;
    sim.org.flowVersions.get(flow?.id as string)?.set(version, 'inboundCall:\n  name: Someone else\n');
    const { result } = await exportOnce(sim, dir, { resourceTypes: ['routing:flow'] });
    expect(result.complete).toBe(false);
    expect(readManifest(dir).errors).toEqual([
      {
        type: 'routing:flow',
        id: flow?.id,
        message:
          'flow definition not exported: the export job succeeded but its download holds no definition for this flow',
      },
    ]);
    expect(existsSync(definitionFile(dir, flow?.id as string))).toBe(false);
  });

  it('retries a job that fails with "could not find the flow" (throttling) and gets every definition', async () => {
    const sim = await startSimulator({ exportFlowNotFound: { attempts: 2 } });
    const dir = tempDir();
    const { result } = await exportOnce(sim, dir, { resourceTypes: ['routing:flow'] });
    expect(result.complete).toBe(true);
    const posts = sim.log.filter((e) => e.endpoint === 'POST /api/v2/flows/export/jobs');
    expect(posts.length).toBeGreaterThan(2);
    for (const r of readManifest(dir).resources.filter((x) => x.type === 'routing:flow'))
      expect(existsSync(definitionFile(dir, r.id))).toBe(true);
  });

  it('splits a batch whose job keeps failing, so one broken flow costs only its own definition', async () => {
    const probe = await startSimulator();
    const broken = probe.org.flows.find((f) => f.active && !f.system)?.id as string;
    const sim = await startSimulator({ exportFailFlowIds: [broken] });
    const dir = tempDir();
    const { result } = await exportOnce(sim, dir, { resourceTypes: ['routing:flow'] });
    expect(result.complete).toBe(false);
    const m = readManifest(dir);
    expect(m.errors.map((e) => e.id)).toEqual([broken]);
    expect(m.errors[0]?.message).toMatch(/^flow definition not exported: flow export job .* failed/);
    const others = m.resources.filter((r) => r.type === 'routing:flow' && r.id !== broken);
    expect(others.length).toBeGreaterThan(3);
    for (const r of others) expect(existsSync(definitionFile(dir, r.id)), r.name).toBe(true);
    expect(existsSync(definitionFile(dir, broken))).toBe(false);
  });

  it('requests each flow at its published version', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir, { resourceTypes: ['routing:flow'] });
    const m = readManifest(dir);
    const drafted = sim.org.flows.find((f) => f.savedVersion && m.resources.some((r) => r.id === f.id));
    expect(drafted).toBeDefined();
    expect(readFileSync(definitionFile(dir, drafted?.id as string), 'utf8')).not.toBe(
      sim.org.flowDefinitions.get(drafted?.id as string),
    );
  });
});
