/**
 * Coverage of issue 14's unpaged and singleton types end to end: presence definitions (one unpaged GET per
 * kind, active and deactivated), the org's utilization and its routing settings (singletons without an
 * ID, each one file of a stable name), exported from the small org with their references, the same on
 * every run, selectable by name and alias, and removed only when the API says they are gone.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Manifest } from '../../lambdas/engine/model.ts';
import { select } from '../../lambdas/engine/select.ts';
import { DEFAULT_CLIENT } from '../../lambdas/simulator/server.ts';
import { exportTypes } from '../cli/harness.ts';
import {
  cleanup,
  everyPermissionExcept,
  exportedOrg,
  exportOnce,
  filesOfTwoRuns,
  readManifest,
  readSnapshotJson,
  startSimulator,
  tempDir,
} from '../helpers.ts';

afterEach(cleanup);

const NEW_TYPES = ['presence:definition', 'routing:utilization', 'routing:settings'] as const;
const UTILIZATION = 'routing/utilization/utilization.json';
const SETTINGS = 'routing/settings/settings.json';

type Json = Record<string, unknown>;
const readJson = readSnapshotJson;

describe('Coverage: presence definitions and routing singletons (issue 14)', () => {
  it('exports User presence definitions, active and deactivated, from two unpaged listings', async () => {
    const { sim, dir, m } = await exportedOrg();
    const user = sim.org.presenceDefinitions.filter((d) => d.type === 'User');
    expect(user.some((d) => d.deactivated)).toBe(true);
    expect(
      m.resources
        .filter((r) => r.type === 'presence:definition')
        .map((r) => r.id)
        .sort(),
    ).toEqual(user.map((d) => d.id).sort());
    const d = user[0];
    const file = readJson(dir, `presence/definition/${d?.id}.json`);
    expect(file.languageLabels).toEqual(d?.languageLabels);
    expect(file).not.toHaveProperty('selfUri');
    const r = m.resources.find((x) => x.id === d?.id);
    expect(r?.dependsOn).toEqual([`authorization:division/${d?.divisionId}`]);
    const listings = sim.log.filter((e) => e.endpoint === 'GET /api/v2/presence/definitions');
    expect(listings.map((e) => e.query).sort()).toEqual(['?deactivated=false', '?deactivated=true']);
  });

  it('exports each singleton as one file of a stable name, with its parts and references', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const m = readManifest(dir);
    const util = readJson(dir, UTILIZATION);
    const expected = sim.org.routingUtilization;
    expect(util.id).toBe('utilization');
    expect(util.utilization).toEqual(expected?.utilization);
    const labels = Object.keys(expected?.labelUtilizations ?? {});
    expect(labels.length).toBeGreaterThan(0);
    for (const [id, l] of Object.entries(util.labelUtilizations as Record<string, Json>)) {
      expect(labels).toContain(id);
      expect(l).not.toHaveProperty('labelName');
    }
    const r = m.resources.find((x) => x.type === 'routing:utilization');
    expect(r?.path).toBe(UTILIZATION);
    const referenced = new Set([
      ...labels,
      ...Object.values(expected?.labelUtilizations ?? {}).flatMap((l) => l.interruptingLabelIds ?? []),
    ]);
    expect(r?.dependsOn).toEqual([...referenced].map((id) => `routing:utilizationlabel/${id}`).sort());
    const pos = new Map(m.importOrder.map((k, i) => [k, i]));
    for (const dep of r?.dependsOn ?? [])
      expect(pos.get(dep) as number).toBeLessThan(pos.get('routing:utilization/utilization') as number);

    const settings = readJson(dir, SETTINGS);
    const s = sim.org.routingSettings;
    expect(settings).toEqual({
      id: 'settings',
      name: 'settings',
      ...s?.settings,
      transcription: s?.transcription,
      contactCenter: s?.contactCenter,
    });
    expect(m.resources.find((x) => x.type === 'routing:settings')?.path).toBe(SETTINGS);
    for (const t of NEW_TYPES) expect(m.types[t]?.count, t).toBeGreaterThan(0);
  });

  it('writes the same files on every run', async () => {
    const sim = await startSimulator();
    const [first, second] = await filesOfTwoRuns(sim, [
      'presence/definition/',
      'routing/utilization/',
      'routing/settings/',
      'routing/emaildomain/',
      'routing/emailroute/',
      'responsemanagement/response/',
    ]);
    expect(first.size).toBeGreaterThan(NEW_TYPES.length);
    expect(second).toEqual(first);
  });

  it('keeps a singleton file when the type cannot be read, and removes it only once the API answers 404', async () => {
    const limited = {
      clientId: 'c',
      clientSecret: 's',
      permissions: everyPermissionExcept('routing:transcriptionSettings:view', 'routing:utilization:view'),
    };
    const sim = await startSimulator({ clients: [DEFAULT_CLIENT, limited] });
    const dir = tempDir();
    await exportOnce(sim, dir, { resourceTypes: [...NEW_TYPES] });
    const before = [readFileSync(join(dir, UTILIZATION), 'utf8'), readFileSync(join(dir, SETTINGS), 'utf8')];
    // Refused: both types are skipped and their files stay as they were.
    const denied = await exportOnce(sim, dir, { resourceTypes: [...NEW_TYPES] }, limited);
    expect(denied.result.complete).toBe(false);
    expect([readFileSync(join(dir, UTILIZATION), 'utf8'), readFileSync(join(dir, SETTINGS), 'utf8')]).toEqual(
      before,
    );
    // The org has none any more (404): read completely, the files go.
    sim.org.routingUtilization = undefined;
    sim.org.routingSettings = undefined;
    const { result } = await exportOnce(sim, dir, { resourceTypes: [...NEW_TYPES] });
    expect(result.complete).toBe(true);
    expect(existsSync(join(dir, UTILIZATION))).toBe(false);
    expect(existsSync(join(dir, SETTINGS))).toBe(false);
    expect(readManifest(dir).types['routing:utilization']?.count).toBe(0);
  });

  it('--resourceTypes takes the names and the Terraform aliases', async () => {
    const sim = await startSimulator();
    for (const types of [
      NEW_TYPES.join(','),
      'genesyscloud_organization_presence_definition,genesyscloud_routing_utilization,genesyscloud_routing_settings',
    ]) {
      const r = await exportTypes(sim, types);
      expect(r.code, r.err).toBe(0);
      const m = r.manifest as Manifest;
      expect(Object.keys(m.types).sort()).toEqual([...NEW_TYPES].sort());
      expect(m.types['routing:utilization']?.count).toBe(1);
      expect(m.types['routing:settings']?.count).toBe(1);
    }
  });
});

describe('Coverage: email domains and routes, canned responses (issue 14)', () => {
  const TYPES = ['routing:emaildomain', 'routing:emailroute', 'responsemanagement:response'] as const;

  it('lists routes per domain and responses per library, each once, with their references in import order', async () => {
    const { sim, dir, m } = await exportedOrg();
    const ids = (type: string) =>
      m.resources
        .filter((r) => r.type === type)
        .map((r) => r.id)
        .sort();
    const routes = [...sim.org.emailRoutes.values()].flat();
    expect(ids('routing:emaildomain')).toEqual(sim.org.emailDomains.map((d) => d.id).sort());
    expect(ids('routing:emailroute')).toEqual(routes.map((x) => x.id).sort());
    expect(ids('responsemanagement:response')).toEqual(sim.org.responses.map((x) => x.id).sort());
    const byKey = new Map(m.resources.map((r) => [`${r.type}/${r.id}`, r]));
    const pos = new Map(m.importOrder.map((k, i) => [k, i]));
    for (const [domain, list] of sim.org.emailRoutes)
      for (const x of list) {
        const key = `routing:emailroute/${x.id}`;
        const deps = byKey.get(key)?.dependsOn ?? [];
        expect(deps).toContain(`routing:emaildomain/${domain}`);
        if (x.queue) expect(deps).toContain(`routing:queue/${x.queue.id}`);
        if (x.flow) expect(deps).toContain(`routing:flow/${x.flow.id}`);
        for (const s of x.skills ?? []) expect(deps).toContain(`routing:skill/${s.id}`);
        for (const d of deps)
          expect(pos.get(d) as number, `${d} before ${key}`).toBeLessThan(pos.get(key) as number);
        const file = readJson(dir, `routing/emailroute/${x.id}.json`);
        expect(file.domain).toEqual({ id: domain });
        expect(file).not.toHaveProperty('status');
      }
    // A response in two libraries: one file naming both, after both.
    const shared = sim.org.responses[0];
    expect(shared?.libraries.length).toBe(2);
    const deps = byKey.get(`responsemanagement:response/${shared?.id}`)?.dependsOn ?? [];
    for (const l of shared?.libraries ?? []) expect(deps).toContain(`responsemanagement:library/${l.id}`);
    const listings = sim.log.filter((e) => e.endpoint === 'GET /api/v2/responsemanagement/responses');
    expect(listings).toHaveLength(sim.org.responseLibraries.length);
    for (const t of TYPES) expect(m.types[t]?.count, t).toBeGreaterThan(0);
  });

  it('--resourceTypes takes the names and the Terraform aliases', async () => {
    const sim = await startSimulator();
    const r = await exportTypes(
      sim,
      'genesyscloud_routing_email_domain,routing:emailroute,genesyscloud_responsemanagement_response',
    );
    expect(r.code, r.err).toBe(0);
    const m = r.manifest as Manifest;
    expect(Object.keys(m.types).sort()).toEqual([...TYPES].sort());
    expect(m.types['responsemanagement:response']?.count).toBe(sim.org.responses.length);
  });
});

describe('Map keys in reference paths', () => {
  it('selects the keys of a map with `{}`, and nothing of a non-map', () => {
    const body = { m: { a: { x: ['1'] }, b: { x: ['2', '3'] } }, list: [1], s: 'v' };
    expect(select(body, 'm{}')).toEqual(['a', 'b']);
    expect(select(body, 'm.*.x[]')).toEqual(['1', '2', '3']);
    expect(select(body, 'list{}')).toEqual([]);
    expect(select(body, 's{}')).toEqual([]);
    expect(select(body, 'missing{}')).toEqual([]);
  });
});
