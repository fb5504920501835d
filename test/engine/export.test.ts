/** The export engine against the simulator: selection, closure, ordering, determinism, data safety. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOG } from '../../lambdas/engine/catalog/index.ts';
import { sipPassword } from '../../lambdas/simulator/org.ts';
import {
  cleanup,
  everyPermissionExcept,
  exportOnce,
  readManifest,
  snapshotFiles,
  startSimulator,
  tempDir,
} from '../helpers.ts';

afterEach(cleanup);

describe('Export: a whole small org', () => {
  it('writes one file per resource under <area>/<type>/<id>.json, the manifest, and flow definitions', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    const { result } = await exportOnce(sim, dir);
    expect(result.complete).toBe(true);
    const m = readManifest(dir);
    expect(m.organizationId).toBe(sim.org.organization.id);
    expect(Object.keys(m.types).sort()).toEqual(CATALOG.map((t) => t.name).sort());
    for (const r of m.resources) expect(existsSync(join(dir, r.path)), r.path).toBe(true);
    const queue = sim.org.queues[0];
    const file = JSON.parse(readFileSync(join(dir, 'routing', 'queue', `${queue?.id}.json`), 'utf8'));
    expect(file.name).toBe(queue?.name);
    // Sub-resources the list cannot give are read and embedded.
    expect(file.wrapupCodes.map((w: { id: string }) => w.id).sort()).toEqual(
      [...(sim.org.queueWrapupCodes.get(queue?.id as string) ?? [])].sort(),
    );
    expect(file.members).toHaveLength(sim.org.queueMembers.get(queue?.id as string)?.length ?? -1);
    // Volatile fields are gone.
    expect(file).not.toHaveProperty('memberCount');
    expect(file).not.toHaveProperty('dateModified');
    expect(JSON.stringify(file)).not.toContain('selfUri');
    // The definition is the published version's, not a newer draft saved since.
    const flow = sim.org.flows.find((f) => !f.system && f.active && f.savedVersion);
    const published = sim.org.flowVersions.get(flow?.id as string)?.get(flow?.publishedVersion?.id as string);
    const yaml = readFileSync(join(dir, 'routing', 'flow', `${flow?.id}.definition.yaml`), 'utf8');
    expect(yaml).toBe(published);
    expect(yaml).not.toBe(sim.org.flowDefinitions.get(flow?.id as string));
    expect(existsSync(join(dir, '.genesys', 'staging'))).toBe(false);
  });

  it('orders the import dependencies first and reports the flow cycle with the edge it breaks', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const m = readManifest(dir);
    const pos = new Map(m.importOrder.map((k, i) => [k, i]));
    expect(m.importOrder).toHaveLength(m.resources.length);
    const inCycle = new Set(m.cycles.flatMap((c) => c.members));
    for (const r of m.resources) {
      for (const d of r.dependsOn) {
        if (inCycle.has(d) && inCycle.has(`${r.type}/${r.id}`)) continue;
        expect(pos.get(d), `${d} before ${r.type}/${r.id}`).toBeLessThan(
          pos.get(`${r.type}/${r.id}`) as number,
        );
      }
    }
    const [f0, f1] = sim.org.flows.filter((f) => !f.system);
    const flowCycle = m.cycles.find(
      (c) => c.members.includes(`routing:flow/${f0?.id}`) && c.members.includes(`routing:flow/${f1?.id}`),
    );
    expect(flowCycle).toBeDefined();
    expect(flowCycle?.brokenEdges.length).toBeGreaterThan(0);
    const skill = m.resources.find((r) => r.type === 'routing:skill');
    const queue = m.resources.find(
      (r) => r.type === 'routing:queue' && r.dependsOn.some((d) => d.startsWith('routing:skill/')),
    );
    expect(pos.get(`routing:skill/${skill?.id}`)).toBeDefined();
    const usedSkill = queue?.dependsOn.find((d) => d.startsWith('routing:skill/')) as string;
    expect(pos.get(usedSkill)).toBeLessThan(pos.get(`routing:queue/${queue?.id}`) as number);
  });

  it('writes byte-identical files when an unchanged org (only runtime state moved) is exported again', async () => {
    const sim = await startSimulator();
    const a = tempDir();
    const b = tempDir();
    await exportOnce(sim, a);
    sim.advanceVolatileState();
    const second = await exportOnce(sim, b);
    expect(snapshotFiles(b)).toEqual(snapshotFiles(a));
    // Exporting again into the same folder reports no change at all.
    sim.advanceVolatileState();
    const third = await exportOnce(sim, a);
    expect(third.result.changes).toEqual([]);
    expect(second.result.complete).toBe(true);
  });

  it('redacts credentials in trunk base settings', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const tbs = sim.org.trunkBaseSettings[0];
    const text = readFileSync(join(dir, 'telephony', 'trunkbasesettings', `${tbs?.id}.json`), 'utf8');
    const secret = sipPassword(tbs as never);
    expect(text).not.toContain(secret);
    expect(text).toContain('<redacted>');
    for (const [, content] of snapshotFiles(dir, false)) expect(content).not.toContain(secret);
  });

  it('writes YAML with --format yaml', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir, { format: 'yaml' });
    const skill = sim.org.skills[0];
    const text = readFileSync(join(dir, 'routing', 'skill', `${skill?.id}.yaml`), 'utf8');
    expect(text).toContain(`name: ${skill?.name}`);
  });
});

describe('Export: selection', () => {
  it('--resourceTypes exports the chosen types plus everything they reference, transitively', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    const { result } = await exportOnce(sim, dir, { resourceTypes: ['routing:queue'] });
    const m = readManifest(dir);
    expect(m.types['routing:queue']?.count).toBe(sim.org.queues.length);
    // Skills through bullseye rings, wrap-up codes, member users, and the users' own references.
    const q = sim.org.queues.find((x) => x.bullseye?.rings?.[0]?.actions?.skillsToRemove?.length);
    const skillId = q?.bullseye?.rings?.[0]?.actions?.skillsToRemove?.[0]?.id;
    expect(existsSync(join(dir, 'routing', 'skill', `${skillId}.json`))).toBe(true);
    const member = sim.org.users.find((u) => u.id === sim.org.queueMembers.get(q?.id as string)?.[0]);
    expect(existsSync(join(dir, 'admin', 'user', `${member?.id}.json`))).toBe(true);
    if (member?.division?.id)
      expect(existsSync(join(dir, 'authorization', 'division', `${member.division.id}.json`))).toBe(true);
    const flowId = q?.queueFlow?.id;
    expect(existsSync(join(dir, 'routing', 'flow', `${flowId}.json`))).toBe(true);
    // Nothing dangles: every dependency is in the snapshot.
    const keys = new Set(m.resources.map((r) => `${r.type}/${r.id}`));
    for (const r of m.resources) for (const d of r.dependsOn) expect(keys.has(d), d).toBe(true);
    expect(result.complete).toBe(true);
    // Types that nothing references are not exported.
    expect(m.types['telephony:trunk']).toBeUndefined();
  });

  it('--resourceIds narrows to those IDs and still brings their references', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    const user = sim.org.users.find((u) => u.state === 'active' && (u.skills?.length ?? 0) > 0);
    const queue = sim.org.queues[2];
    await exportOnce(sim, dir, { resourceIds: [user?.id as string, queue?.id as string] });
    const m = readManifest(dir);
    expect(m.resources.filter((r) => r.type === 'admin:user').map((r) => r.id)).toContain(user?.id);
    expect(m.resources.filter((r) => r.type === 'routing:queue').map((r) => r.id)).toContain(queue?.id);
    expect(existsSync(join(dir, 'routing', 'skill', `${user?.skills?.[0]?.id}.json`))).toBe(true);
    expect(m.types['routing:queue']?.count).toBeLessThan(sim.org.queues.length);
  });

  it('leaves inactive users and unpublished or system flows out unless referenced, and includes them with includeAllResources', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir, { resourceTypes: ['admin:user'] });
    const inactiveIds = sim.org.users.filter((u) => u.state !== 'active').map((u) => u.id as string);
    const managers = new Set(sim.org.users.filter((u) => u.state === 'active').map((u) => u.manager?.id));
    const m = readManifest(dir);
    const exportedUsers = new Set(m.resources.filter((r) => r.type === 'admin:user').map((r) => r.id));
    for (const id of inactiveIds) expect(exportedUsers.has(id), id).toBe(managers.has(id));
    const all = tempDir();
    await exportOnce(sim, all, { resourceTypes: ['admin:user'], includeAllResources: true });
    expect(readManifest(all).types['admin:user']?.count).toBe(sim.org.users.length);
  });
});

describe('Export: never losing data', () => {
  it('keeps the files of a type skipped for a missing permission, exits partial, and exports the rest', async () => {
    const sim = await startSimulator({ clients: [{ clientId: 'c', clientSecret: 's', permissions: ['*'] }] });
    const dir = tempDir();
    const client = { clientId: 'c', clientSecret: 's', permissions: [] };
    await exportOnce(sim, dir, {}, client);
    const before = snapshotFiles(dir);
    sim.setPermissions('c', everyPermissionExcept('architect:flow:view'));
    const { result, events } = await exportOnce(sim, dir, {}, client);
    expect(result.complete).toBe(false);
    expect(result.skipped).toEqual([
      {
        type: 'routing:flow',
        reason: 'missing permission architect:flow:view',
        permissions: ['architect:flow:view'],
      },
    ]);
    expect(
      events.some(
        (e) =>
          e.kind === 'warning' &&
          e.message === "Resource type 'routing:flow' skipped: missing permission architect:flow:view",
      ),
    ).toBe(true);
    expect(snapshotFiles(dir)).toEqual(before);
    const m = readManifest(dir);
    expect(m.complete).toBe(false);
    expect(m.resources.filter((r) => r.type === 'routing:flow').every((r) => r.carriedOver)).toBe(true);
    expect(m.types['routing:queue']?.outcome).toBe('complete');
  });

  it('removes the file of a resource deleted from the org, only once its type was listed completely', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const gone = sim.org.wrapupCodes.at(-1);
    // Unassign it from queues first so nothing references it any more, then delete it.
    for (const [q, ids] of sim.org.queueWrapupCodes)
      sim.org.queueWrapupCodes.set(
        q,
        ids.filter((id) => id !== gone?.id),
      );
    sim.removeResource('wrapupCodes', gone?.id as string);
    const path = join(dir, 'organization', 'wrapupcode', `${gone?.id}.json`);
    expect(existsSync(path)).toBe(true);
    await exportOnce(sim, dir, { resourceTypes: ['routing:skill'] });
    expect(existsSync(path)).toBe(true);
    const { result } = await exportOnce(sim, dir);
    expect(existsSync(path)).toBe(false);
    expect(result.changes.filter((c) => c.change === 'removed').map((c) => c.id)).toContain(gone?.id);
  });

  it('refuses IDs that are not safe file names and never writes outside the output folder', async () => {
    const { mkdirSync, readdirSync, writeFileSync } = await import('node:fs');
    const { relative, resolve } = await import('node:path');
    const sim = await startSimulator();
    // The output folder sits two levels down, so that every escape below lands somewhere we can look.
    const outside = tempDir();
    const dir = join(outside, 'a', 'out');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(outside, 'a', 'neighbour.json'), '{"keep":true}');
    const everything = () => {
      const files = new Map<string, string>();
      const walk = (d: string) => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          const p = join(d, e.name);
          if (e.isDirectory()) walk(p);
          else files.set(relative(outside, p), readFileSync(p, 'utf8'));
        }
      };
      walk(outside);
      return files;
    };
    const outsideBefore = everything();
    const evil = [
      '../../escaped', // routing/skill/../../escaped.json is <dir>/escaped.json
      '../../../escaped-up1', // <dir>/../escaped-up1.json
      '../../../../escaped-up2', // two levels above the output folder
      'a/b\u0007c',
    ];
    evil.forEach((id, i) => {
      (sim.org.skills[i] as { id?: string }).id = id;
    });
    const { result } = await exportOnce(sim, dir, { resourceTypes: ['routing:skill'] });
    expect(result.complete).toBe(false);
    for (const id of evil) {
      const landing = resolve(dir, 'routing', 'skill', `${id}.json`);
      expect(existsSync(landing), `${id} -> ${landing}`).toBe(false);
    }
    const after = everything();
    expect([...after.keys()].filter((k) => k.includes('escaped'))).toEqual([]);
    // Nothing outside the output folder changed: the same files with the same bytes.
    const outsideOf = (files: Map<string, string>) =>
      [...files].filter(([k]) => !k.startsWith(`${join('a', 'out')}/`));
    expect(outsideOf(after)).toEqual(outsideOf(outsideBefore));
    const m = readManifest(dir);
    expect(m.errors.filter((e) => e.message.includes('not a safe file name'))).toHaveLength(evil.length);
    expect(m.types['routing:skill']?.count).toBe(sim.org.skills.length - evil.length);
  });
});
