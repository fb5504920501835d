/**
 * Coverage of issue 14's last three types end to end: role grants (read per role, one file per subject),
 * published scripts with their export files, evaluation forms with their latest published versions;
 * their references, import order, request costs, determinism, and `--resourceTypes` names and aliases.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

const TYPES = ['authorization:rolegrant', 'script:script', 'quality:evaluationform'] as const;
const BUILT_IN_SCRIPTS = 3;

type Json = Record<string, unknown>;
const readJson = readSnapshotJson;

describe('Coverage: role grants, scripts, evaluation forms (issue 14)', () => {
  it('writes one grant file per subject from one listing per role, never a request per user', async () => {
    const { sim, dir, m } = await exportedOrg();
    const subjects = new Map<string, Array<{ role: string; divisions: string[] }>>();
    for (const [role, held] of sim.org.roleGrants)
      for (const g of held)
        subjects.set(g.id as string, [
          ...(subjects.get(g.id as string) ?? []),
          { role, divisions: (g.divisions ?? []).map((d) => d.id as string).sort() },
        ]);
    const files = m.resources.filter((r) => r.type === 'authorization:rolegrant');
    expect(files.map((r) => r.id).sort()).toEqual([...subjects.keys()].sort());
    // A user holding several roles: one file listing each role with its divisions.
    const [userId, held] = [...subjects].find(([, h]) => h.length > 2) ?? [];
    expect(held).toBeDefined();
    const file = readJson(dir, `authorization/rolegrant/${userId}.json`);
    const grants = file.grants as Array<{ role: Json; divisions: Json[] }>;
    expect(grants.map((g) => [g.role.id, g.divisions.map((d) => d.id)]).sort()).toEqual(
      (held ?? []).map((h) => [h.role, h.divisions]).sort(),
    );
    expect(file.subject).toEqual({ id: userId, type: 'PC_USER' });
    const entry = m.resources.find((r) => r.id === userId && r.type === 'authorization:rolegrant');
    expect(entry?.dependsOn).toContain(`admin:user/${userId}`);
    for (const h of held ?? []) expect(entry?.dependsOn).toContain(`authorization:role/${h.role}`);
    // Roles come before the grants in the import order, and so do the users and divisions.
    const pos = new Map(m.importOrder.map((k, i) => [k, i]));
    for (const dep of entry?.dependsOn ?? [])
      expect(pos.get(dep) as number).toBeLessThan(pos.get(`authorization:rolegrant/${userId}`) as number);
    // The OAuth client is not exported: its grant names it as an unresolved reference.
    const client = [...sim.org.roleGrants.values()].flat().find((g) => g.type === 'PC_OAUTH_CLIENT');
    const clientEntry = m.resources.find((r) => r.id === client?.id);
    expect(clientEntry?.externalReferences).toEqual([`PC_OAUTH_CLIENT/${client?.id}`]);
    // The default `admin` and `employee` roles are exported because grants point at them.
    for (const name of ['admin', 'employee']) {
      const role = sim.org.roles.find((r) => r.name === name);
      expect(existsSync(join(dir, `authorization/role/${role?.id}.json`)), name).toBe(true);
    }
    const pages = sim.log.filter(
      (e) => e.endpoint === 'GET /api/v2/authorization/roles/{roleId}/subjectgrants',
    );
    const minimum = [...sim.org.roleGrants.values()].reduce(
      (n, h) => n + Math.max(1, Math.ceil(h.length / 100)),
      0,
    );
    expect(pages.length).toBe(minimum);
    expect(sim.log.some((e) => e.path.startsWith('/api/v2/authorization/subjects/'))).toBe(false);
    // The roles are listed once, for the roles and for their grants.
    expect(sim.log.filter((e) => e.endpoint === 'GET /api/v2/authorization/roles').length).toBe(1);
  });

  it('exports published scripts with their export files, skips the built-in ones, and follows queues and flows to them', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const m = readManifest(dir);
    const custom = sim.org.scripts.slice(BUILT_IN_SCRIPTS);
    const scripts = m.resources.filter((r) => r.type === 'script:script');
    // Built-in scripts only where something points at them (the first outbound campaign does).
    const referenced = new Set(m.resources.flatMap((r) => r.dependsOn));
    const builtIn = sim.org.scripts
      .slice(0, BUILT_IN_SCRIPTS)
      .filter((s) => referenced.has(`script:script/${s.id}`));
    expect(builtIn.map((s) => s.name)).toEqual(['Default Outbound Script']);
    expect(scripts.map((r) => r.id).sort()).toEqual([...custom, ...builtIn].map((s) => s.id).sort());
    const s = custom[0];
    const entry = scripts.find((r) => r.id === s?.id);
    expect(entry?.definitionPath).toBe(`script/script/${s?.id}.definition.json`);
    const exported = JSON.parse(readFileSync(join(dir, entry?.definitionPath as string), 'utf8'));
    expect(exported.pages).toEqual(sim.org.scriptContents.get(s?.id as string)?.pages);
    // The API key pasted into a custom action is redacted in the export file.
    expect(exported.customActions.lookupOrder.url).toMatch(/api_key=<redacted>/);
    const all = [...snapshotFiles(dir).values()].join('\n');
    for (const secret of sim.org.plantedSecrets) expect(all).not.toContain(secret);
    const body = readJson(dir, `script/script/${s?.id}.json`);
    for (const volatile of ['versionId', 'modifiedDate', 'publishedDate'])
      expect(body).not.toHaveProperty(volatile);
    // The export asked for the published version.
    const posts = sim.log.filter((e) => e.endpoint === 'POST /api/v2/scripts/{scriptId}/export');
    expect(posts.length).toBe(scripts.length);
    // A queue's default script and a flow's consumed script are references, ordered before them.
    const queue = sim.org.queues.find((q) => q.defaultScripts?.CALL);
    const q = m.resources.find((r) => r.id === queue?.id);
    expect(q?.dependsOn).toContain(`script:script/${queue?.defaultScripts?.CALL?.id}`);
    const flow = [...sim.org.flowDependencies].find(([, d]) => d.some((x) => x.type === 'COMPOSERSCRIPT'));
    const f = m.resources.find((r) => r.id === flow?.[0]);
    expect(f?.dependsOn.some((k) => k.startsWith('script:script/'))).toBe(true);
    const pos = new Map(m.importOrder.map((k, i) => [k, i]));
    for (const dep of q?.dependsOn.filter((k) => k.startsWith('script:')) ?? [])
      expect(pos.get(dep) as number).toBeLessThan(pos.get(`routing:queue/${queue?.id}`) as number);
  });

  it('keeps a script whose export fails, reporting it, and its earlier export file', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir, { resourceTypes: ['script:script'] });
    const s = sim.org.scripts[BUILT_IN_SCRIPTS];
    const path = join(dir, `script/script/${s?.id}.definition.json`);
    const before = readFileSync(path, 'utf8');
    sim.faults.add({
      kind: 'status',
      status: 503,
      match: 'POST /api/v2/scripts/{scriptId}/export',
      times: 100,
    });
    const { result } = await exportOnce(sim, dir, {
      resourceTypes: ['script:script'],
      maxRetries: 0,
    } as never);
    expect(result.complete).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readManifest(dir).errors.some((e) => /export file not exported/.test(e.message))).toBe(true);
  });

  it('exports evaluation forms with their latest published version from one bulk read', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const m = readManifest(dir);
    expect(
      m.resources
        .filter((r) => r.type === 'quality:evaluationform')
        .map((r) => r.id)
        .sort(),
    ).toEqual(sim.org.evaluationForms.map((f) => f.id).sort());
    for (const form of sim.org.evaluationForms) {
      const file = readJson(dir, `quality/evaluationform/${form.id}.json`);
      const published = sim.org.publishedEvaluationForms.get(form.contextId as string);
      expect(file).not.toHaveProperty('questionGroups');
      if (!published) {
        expect(file).not.toHaveProperty('publishedVersion');
        continue;
      }
      const version = file.publishedVersion as Json;
      expect(version.id).toBe(published.id);
      expect(version.questionGroups).toEqual(published.questionGroups);
      expect(version).not.toHaveProperty('modifiedDate');
    }
    expect(
      sim.log.filter((e) => e.endpoint.includes('/quality/forms/evaluations/bulk/contexts')).length,
    ).toBe(1);
    expect(
      sim.log.filter((e) => e.endpoint === 'GET /api/v2/quality/forms/evaluations/{formId}').length,
    ).toBe(0);
  });

  it('writes the same files on every run', async () => {
    const [first, second] = await filesOfTwoRuns(await startSimulator(), [
      'authorization/rolegrant/',
      'script/script/',
      'quality/evaluationform/',
    ]);
    expect(first.size).toBeGreaterThan(20);
    expect(second).toEqual(first);
  });

  it('--resourceTypes takes the names and the Terraform aliases', async () => {
    await expectSelectable(await startSimulator(), TYPES, [
      TYPES.join(','),
      'genesyscloud_user_roles,genesyscloud_script,genesyscloud_quality_forms_evaluation',
      'genesyscloud_group_roles,script,evaluationform',
    ]);
  });
});
