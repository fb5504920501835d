/**
 * The real API's shapes, each a defect once: data action definitions, direct queue members, dependency
 * type names, references to types the catalog does not export, platform-generated trunk bases, user
 * fields and the inactive-user cap, flows read by ID.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { flowObjectType, requireType } from '../../lambdas/engine/catalog/index.ts';
import { listType } from '../../lambdas/engine/fetch.ts';
import { queueMembersOf } from '../../lambdas/simulator/org.ts';
import { cleanup, exportOnce, harness, readManifest, startSimulator, tempDir } from '../helpers.ts';

afterEach(cleanup);

const readResource = (dir: string, folder: string, id: string) =>
  JSON.parse(readFileSync(join(dir, folder, `${id}.json`), 'utf8')) as Record<string, unknown>;

describe('Real API shapes', () => {
  it('exports each data action with its config and contract, credentials redacted', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir, { resourceTypes: ['integration:action'] });
    for (const a of sim.org.dataActions) {
      const file = readResource(dir, 'integration/action', a.id as string);
      const request = (file.config as { request?: Record<string, unknown> } | undefined)?.request;
      expect(request?.requestUrlTemplate, a.name).toBe(a.config?.request?.requestUrlTemplate);
      expect(file.contract, a.name).toBeDefined();
      const text = JSON.stringify(file);
      for (const secret of sim.plantedSecrets()) expect(text.includes(secret), a.name).toBe(false);
    }
    const detailReads = sim.log.filter((e) => e.endpoint === 'GET /api/v2/integrations/actions/{actionId}');
    expect(detailReads).toHaveLength(sim.org.dataActions.length);
    expect(
      detailReads.every((e) => /expand=contract/.test(e.query) && /includeConfig=true/.test(e.query)),
    ).toBe(true);
  });

  it("exports a queue's direct members only: members through groups are its memberGroups", async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir, { resourceTypes: ['routing:queue'] });
    let viaGroups = 0;
    for (const q of sim.org.queues) {
      const file = readResource(dir, 'routing/queue', q.id as string);
      const direct = [...(sim.org.queueMembers.get(q.id as string) ?? [])].sort();
      expect((file.members as Array<{ id: string }>).map((m) => m.id).sort(), q.name).toEqual(direct);
      viaGroups += (queueMembersOf(sim.org, q.id as string) ?? []).filter(
        (m) => m.memberBy === 'group',
      ).length;
    }
    expect(viaGroups).toBeGreaterThan(0);
  });

  it('follows dependency types by their API names (ACDWRAPUPCODE, ACDLANGUAGE) and reads every flow type', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir, { resourceTypes: ['routing:flow'], includeAllResources: true });
    const m = readManifest(dir);
    const deps = (id: string) => m.resources.find((r) => r.id === id)?.dependsOn ?? [];
    for (const [flowId, consumed] of sim.org.flowDependencies) {
      if (!m.resources.some((r) => r.id === flowId)) continue;
      for (const d of consumed) {
        const expected =
          d.type === 'ACDWRAPUPCODE'
            ? 'organization:wrapupcode'
            : d.type === 'ACDLANGUAGE'
              ? 'routing:language'
              : undefined;
        if (expected) expect(deps(flowId)).toContain(`${expected}/${d.id}`);
      }
    }
    const types = new Set(sim.org.flows.filter((f) => !f.system).map((f) => f.type));
    const read = new Set(
      sim.log
        .filter(
          (e) =>
            e.endpoint === 'GET /api/v2/architect/dependencytracking/consumedresources' && e.status === 200,
        )
        .map((e) => new URLSearchParams(e.query).get('objectType')),
    );
    for (const t of types) {
      const objectType = flowObjectType(t);
      if (objectType) expect(read.has(objectType), String(t)).toBe(true);
      else expect(t).toBe('SPEECH');
    }
    expect(m.resources.some((r) => r.type === 'organization:wrapupcode')).toBe(true);
  });

  it('lists references to types it does not export (an OAuth client) as unresolved, resolves skill-group members, and stays complete', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    const { result, events } = await exportOnce(sim, dir);
    const m = readManifest(dir);
    const q = sim.org.queues.find((x) => x.memberGroups?.some((g) => g.type === 'SKILLGROUP'));
    const sg = q?.memberGroups?.find((g) => g.type === 'SKILLGROUP');
    expect(sg).toBeDefined();
    expect(m.resources.find((r) => r.type === 'routing:queue' && r.id === q?.id)?.dependsOn).toContain(
      `routing:skillgroup/${sg?.id}`,
    );
    expect(m.unresolvedReferences.some((u) => u.to.startsWith('SKILLGROUP/'))).toBe(false);
    // A data action's integration is exported now; the OAuth client holding a role is not.
    const action = sim.org.dataActions[0];
    expect(m.resources.find((r) => r.id === action?.id)?.dependsOn).toContain(
      `integration:integration/${action?.integrationId}`,
    );
    const client = [...sim.org.roleGrants.values()].flat().find((g) => g.type === 'PC_OAUTH_CLIENT');
    expect(m.unresolvedReferences).toContainEqual({
      from: `authorization:rolegrant/${client?.id}`,
      to: `PC_OAUTH_CLIENT/${client?.id}`,
      reason: 'type PC_OAUTH_CLIENT is not exported by cx-export',
    });
    expect(events.some((e) => e.kind === 'info' && e.message.includes(`PC_OAUTH_CLIENT/${client?.id}`))).toBe(
      true,
    );
    expect(m.errors).toEqual([]);
    expect(result.complete).toBe(true);
  });

  it('leaves platform-generated (EDGE) trunk base settings out', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir, { includeAllResources: true });
    const edge = sim.org.trunkBaseSettings.filter((t) => t.trunkType === 'EDGE');
    expect(edge.length).toBeGreaterThan(0);
    const exported = readManifest(dir).resources.filter((r) => r.type === 'telephony:trunkbasesettings');
    expect(exported.length).toBe(sim.org.trunkBaseSettings.length - edge.length);
    for (const t of edge) expect(exported.some((r) => r.id === t.id)).toBe(false);
  });

  it('exports users with profile skills, certifications and employer info', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir, { resourceTypes: ['admin:user'] });
    const u = sim.org.users.find(
      (x) => x.state === 'active' && x.profileSkills?.length && x.certifications?.length,
    );
    const file = readResource(dir, 'admin/user', u?.id as string);
    expect(file.profileSkills).toEqual(u?.profileSkills);
    expect(file.certifications).toEqual(u?.certifications);
    expect(file.employerInfo).toBeDefined();
  });

  it('lists more than 10,000 inactive users, past the cap of one listing', async () => {
    const sim = await startSimulator({ size: { inactiveUsers: 10_300 } });
    const dir = tempDir();
    const h = harness(sim, dir);
    const listing = await listType(h.client, requireType('admin:user'), true);
    expect(listing.incomplete).toBeUndefined();
    expect(listing.entities.length).toBe(sim.org.users.length);
    expect(sim.log.filter((e) => e.status === 400)).toEqual([]);
  });

  it('names what cannot be listed when even both orders fall short, never losing users silently', async () => {
    const sim = await startSimulator({ size: { inactiveUsers: 2_600 } });
    const dir = tempDir();
    const h = harness(sim, dir);
    const t = requireType('admin:user');
    const narrow = { ...t, list: { ...t.list, maxResults: 1_000 } };
    const listing = await listType(h.client, narrow, true);
    const inactive = sim.org.users.filter((u) => u.state === 'inactive').length;
    expect(listing.incomplete).toBe(
      `${inactive - 2_000} of ${inactive} admin:user resources (state=inactive) could not be listed: one listing stops at 1000 results, in each order`,
    );
  });

  it('reads flows by ID through /api/v2/flows/lookup, not the deprecated id= filter', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    // A queue pointing at an unpublished flow: the flow is read by ID as a reference.
    const hidden = sim.org.flows.find((f) => !f.active && !f.system);
    const queue = sim.org.queues[0];
    if (queue && hidden) queue.queueFlow = { id: hidden.id, name: hidden.name };
    await exportOnce(sim, dir, { resourceTypes: ['routing:queue'] });
    expect(sim.log.some((e) => e.path === '/api/v2/flows/lookup')).toBe(true);
    expect(sim.log.some((e) => e.path === '/api/v2/flows' && /[?&]id=/.test(e.query))).toBe(false);
    expect(readManifest(dir).resources.some((r) => r.id === hidden?.id)).toBe(true);
  });
});
