/**
 * `import run` for flows (Architect import jobs with their YAML) and the other types added after the
 * first slice: restore into an empty org and export back the same configuration (compared through names),
 * a second apply with nothing to do, a flow edited in org A that changes exactly that flow in org B, and
 * flows that reference each other (created without the reference, then imported again).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Models } from 'purecloud-platform-client-v2';
import { afterEach, describe, expect, it } from 'vitest';
import type { Entity } from '../../lambdas/engine/catalog/types.ts';
import { IMPORTABLE } from '../../lambdas/import/importable.ts';
import { flowYaml } from '../../lambdas/simulator/families/flow-yaml.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { cli, envFor } from '../cli/harness.ts';
import { cleanup, exportOnce, readManifest, startSimulator, tempDir } from '../helpers.ts';
import { COVERED_DEPENDENCIES, stripQueueReferences } from './fixtures.ts';

afterEach(cleanup);

/**
 * Integrations and data actions need --secretsFile values and the target's credentials, outbound what a
 * new org lacks (its settings, scripts): each has its own round trip.
 */
const COVERED = [...IMPORTABLE.keys()].filter(
  (t) => !t.startsWith('integration:') && !t.startsWith('outbound:'),
);
/**
 * Set by the platform when a resource is created or published: never the same in two orgs. `active`: an
 * import job publishes, so a flow never published in the source (exported because another references it)
 * is published in the target.
 */
const SERVER_ASSIGNED = [
  'dateCreated',
  'createdBy',
  'createdByApp',
  'publishedVersion',
  'checkedInVersion',
  'active',
  'chat',
  // An evaluation form's context (its versions' common ID).
  'contextId',
];
const isFlowDependency = (t: string | undefined) => !!t && (t.endsWith('FLOW') || t === 'WORKFLOW');

/** Flow's YAML at every version (as a published flow with no draft), from what it consumes. */
function publishAs(sim: GenesysSimulator, f: Models.Flow, deps: Models.Dependency[]): void {
  const id = String(f.id);
  sim.org.flowDependencies.set(id, deps);
  const yaml = flowYaml(f, deps);
  sim.org.flowDefinitions.set(id, yaml);
  sim.org.flowVersions.set(
    id,
    new Map([f.publishedVersion?.id, f.checkedInVersion?.id].flatMap((v) => (v ? [[v, yaml]] : []))),
  );
}

/**
 * The small org reduced to what import covers: queues without flows, prompts or groups, published flows
 * that consume only covered types (and each other: the fixture's first two flows are a cycle), trunk base
 * settings without SIP credentials (those need --secretsFile: import-telephony.test.ts).
 */
async function coveredOrg(): Promise<GenesysSimulator> {
  const sim = await startSimulator();
  stripQueueReferences(sim, { members: false });
  for (const t of sim.org.trunkBaseSettings) {
    delete t.properties?.trunk_sip_authentication_credentials_username;
    delete t.properties?.trunk_sip_authentication_credentials_password;
  }
  // An OAuth client's grants are not imported (OAuth clients are not exported): blocked, exit 3.
  for (const [role, grants] of sim.org.roleGrants)
    sim.org.roleGrants.set(
      role,
      grants.filter((g) => g.type !== 'PC_OAUTH_CLIENT'),
    );
  for (const f of sim.org.flows) {
    f.savedVersion = undefined;
    delete f.lockedUser;
    const deps = (sim.org.flowDependencies.get(String(f.id)) ?? []).filter(
      (d) => COVERED_DEPENDENCIES.has(String(d.type)) || isFlowDependency(d.type),
    );
    publishAs(sim, f, deps);
  }
  // A form never published is blocked (its questions are not in a snapshot).
  for (const f of sim.org.evaluationForms)
    if (!sim.org.publishedEvaluationForms.has(String(f.contextId)))
      sim.org.publishedEvaluationForms.set(String(f.contextId), { ...f, id: `${f.id}-v1`, published: true });
  return sim;
}

/** Each covered resource by `type/name`, IDs replaced by `<type:name>`, with a flow's YAML beside it. */
function byName(dir: string): Map<string, unknown> {
  const m = readManifest(dir);
  // Covered types only: a role grant has its subject's ID.
  const names = new Map(
    m.resources.filter((r) => COVERED.includes(r.type)).map((r) => [r.id, `<${r.type}:${r.name}>`]),
  );
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return names.get(v) ?? v;
    if (Array.isArray(v))
      return v.map(swap).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !SERVER_ASSIGNED.includes(k))
          // Keys too: a utilization's label utilizations are keyed by label ID.
          .map(([k, x]) => [names.get(k) ?? k, swap(x)]),
      );
    return v;
  };
  const out = new Map<string, unknown>();
  for (const r of m.resources.filter((x) => COVERED.includes(x.type))) {
    const json = JSON.parse(readFileSync(join(dir, r.path), 'utf8')) as Entity;
    // A data table is imported without its rows (data, not configuration).
    if (r.type === 'architect:datatable') delete json.rows;
    // What import compares: without what the platform sets (a phone's line IDs, an edge group's edge trunk).
    const t = IMPORTABLE.get(r.type);
    const file = t?.comparable ? t.comparable(json) : json;
    for (const f of t?.readOnly ?? []) delete file[f];
    // Each org numbers its Messenger configurations' versions.
    if (r.type === 'webdeployments:deployment' && file.configuration)
      delete (file.configuration as Entity).version;
    const body = swap(file);
    const yaml = r.definitionPath ? readFileSync(join(dir, r.definitionPath), 'utf8') : undefined;
    out.set(`${r.type}/${r.name}`, yaml === undefined ? body : { body, yaml });
  }
  return out;
}

/** Changes made to an org (an export job reads the target's flow definitions: not a change). */
const writes = (sim: GenesysSimulator) =>
  sim.log.filter(
    (e) =>
      e.method !== 'GET' && e.path.startsWith('/api/') && e.endpoint !== 'POST /api/v2/flows/export/jobs',
  );

async function importInto(target: GenesysSimulator, dir: string, ...flags: string[]) {
  const types = ['--resourceTypes', COVERED.join(',')];
  return cli(
    [
      'import',
      'run',
      '--inputDir',
      dir,
      '--organizationId',
      String(target.org.organization.id),
      ...types,
      ...flags,
    ],
    envFor(target),
  );
}

const exportedFlows = (dir: string) => readManifest(dir).resources.filter((r) => r.type === 'routing:flow');

describe('import run: flows through Architect import jobs', () => {
  it('restores every importable type of a snapshot (flows with their YAML, what they consume and the cycle between two; users, groups, teams, locations) and a second apply does nothing', async () => {
    const a = await coveredOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const source = tempDir();
    await exportOnce(a, source);
    const flows = exportedFlows(source);
    expect(flows.length).toBeGreaterThan(10);
    const cycle = readManifest(source).cycles.find((c) =>
      c.members.every((k) => k.startsWith('routing:flow/')),
    );
    expect(cycle).toBeDefined();

    const plan = await importInto(b, source);
    expect(plan.err).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.out).toMatch(new RegExp(`routing:flow +${flows.length} +0 +0 +0`));
    expect(writes(b)).toEqual([]);

    const applied = await importInto(b, source, '--apply');
    expect(applied.code).toBe(0);
    expect(applied.out).toMatch(/created: routing:flow\/.+; then updated to reference routing:flow\//);
    expect(writes(b).filter((e) => e.status >= 400)).toEqual([]);
    // Every flow through a job, none through a JSON create.
    expect(writes(b).filter((e) => e.endpoint === 'POST /api/v2/flows')).toEqual([]);
    expect(writes(b).filter((e) => e.endpoint === 'POST /api/v2/flows/jobs').length).toBe(flows.length + 1);

    const restored = tempDir();
    await exportOnce(b, restored);
    const want = byName(source);
    const types = new Set([...want.keys()].map((k) => k.slice(0, k.indexOf('/'))));
    expect([...types].sort()).toEqual([...COVERED].sort());
    expect(byName(restored)).toEqual(want);

    const before = writes(b).length;
    const again = await importInto(b, source, '--apply');
    expect(again.out.split('\n').filter((l) => /^(created|updated|failed|blocked)/.test(l))).toEqual([]);
    expect(again.code).toBe(0);
    expect(writes(b).length).toBe(before);
    expect(again.out).toMatch(new RegExp(`routing:flow +0 +0 +${flows.length} +0 +0`));
  });

  it('a flow edited in org A changes exactly that flow in org B, through the ID map', async () => {
    const a = await coveredOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    await exportOnce(a, dir);
    expect((await importInto(b, dir, '--apply')).code).toBe(0);

    const edited = a.org.flows.find((f) => !f.system && f.active && f.type === 'INBOUNDCALL') as Models.Flow;
    const queue = a.org.queues.at(-1) as Models.Queue;
    const deps = [...(a.org.flowDependencies.get(String(edited.id)) ?? [])];
    deps.push({ id: queue.id, name: queue.name, type: 'QUEUE' });
    edited.publishedVersion = { id: '99.0', name: 'published' };
    edited.checkedInVersion = { id: '99.0' };
    publishAs(a, edited, deps);
    await exportOnce(a, dir);

    const plan = await importInto(b, dir);
    expect(plan.code).toBe(0);
    expect(plan.out.split('\n').filter((l) => /^(create|update|blocked)/.test(l))).toEqual([
      expect.stringMatching(
        new RegExp(`^update: routing:flow/${edited.id} \\(${edited.name}\\) -> [\\w-]+: definition$`),
      ),
    ]);
    const before = writes(b).length;
    const targetFlow = b.org.flows.find((f) => f.name === edited.name && f.type === edited.type);
    const versionBefore = targetFlow?.publishedVersion?.id;
    expect((await importInto(b, dir, '--apply')).code).toBe(0);
    expect(
      writes(b)
        .slice(before)
        .map((e) => e.endpoint),
    ).toEqual(['POST /api/v2/flows/jobs']);
    expect(targetFlow?.publishedVersion?.id).not.toBe(versionBefore);
    expect(b.org.flowDefinitions.get(String(targetFlow?.id))).toContain(`QUEUE:${queue.name}`);
    expect(b.org.flowDependencies.get(String(targetFlow?.id))?.map((d) => d.name)).toContain(queue.name);
    const idMap = JSON.parse(
      readFileSync(join(dir, '.genesys', 'id-map', `${b.org.organization.id}.json`), 'utf8'),
    );
    expect(idMap.ids['routing:flow'][String(edited.id)]).toBe(targetFlow?.id);

    const last = writes(b).length;
    expect((await importInto(b, dir, '--apply')).code).toBe(0);
    expect(writes(b).length).toBe(last);
  });

  it("a flow whose import job fails is recorded as failed (with the job's message), the rest goes on (exit 3)", async () => {
    const a = await coveredOrg();
    const dir = tempDir();
    await exportOnce(a, dir);
    const victim = exportedFlows(dir).find((r) => r.name === 'Callback Workflow');
    expect(victim).toBeDefined();
    const path = join(dir, String(victim?.definitionPath));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/division: .*/, 'division: "Nowhere"'));
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const applied = await importInto(b, dir, '--apply');
    expect(applied.code).toBe(3);
    expect(applied.out).toContain(
      `failed: routing:flow/${victim?.id} (Callback Workflow): Architect import job`,
    );
    expect(applied.out).toContain("Unable to find a division named 'Nowhere'");
    expect(b.org.flows.filter((f) => f.name === 'Callback Workflow')).toEqual([]);
    // The target's own system flows aside.
    expect(b.org.flows.filter((f) => !f.system).length).toBe(exportedFlows(dir).length - 1);
  });
});

describe('import run: a flow that references what import cannot create', () => {
  it('is blocked, naming the reference; with --ignoreMissingResources its YAML is imported without that choice', async () => {
    const a = await coveredOrg();
    const flow = a.org.flows.find((f) => !f.system && f.active && f.type === 'INBOUNDCALL') as Models.Flow;
    const action = a.org.dataActions[0] as Models.Action;
    const deps = [...(a.org.flowDependencies.get(String(flow.id)) ?? [])];
    publishAs(a, flow, [...deps, { id: action.id, name: action.name, type: 'DATAACTION' }]);
    const dir = tempDir();
    await exportOnce(a, dir);
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const plan = await importInto(b, dir);
    expect(plan.code).toBe(3);
    expect(plan.out).toContain(
      `blocked: routing:flow/${flow.id} (${flow.name}): references what the target org does not have and this import cannot create: consumedResources[] -> integration:action/${action.id} (${action.name})`,
    );
    const applied = await importInto(b, dir, '--apply', '--ignoreMissingResources');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain(
      `dropped (--ignoreMissingResources): routing:flow/${flow.id} (${flow.name}): consumedResources[] -> integration:action/${action.id} (${action.name})`,
    );
    const imported = b.org.flows.find((f) => f.name === flow.name && f.type === flow.type);
    const yaml = b.org.flowDefinitions.get(String(imported?.id)) ?? '';
    expect(yaml).not.toContain('DATAACTION:');
    for (const d of deps) expect(yaml).toContain(`${d.type}:${d.name}`);
  });
});

describe('import run: users, groups, teams and locations', () => {
  it('promotes a user given a skill and moved to another group and team, and a renamed group, and nothing else', async () => {
    const a = await coveredOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    await exportOnce(a, dir);
    expect((await importInto(b, dir, '--apply')).code).toBe(0);

    const exported = new Set(readManifest(dir).resources.map((r) => r.id));
    const person = a.org.users.find(
      (u) => u.state === 'active' && exported.has(String(u.id)) && (u.groups ?? []).length === 1 && u.team,
    ) as Models.User;
    const skill = a.org.skills.find((s) => !person.skills?.some((x) => x.id === s.id)) as Models.RoutingSkill;
    person.skills = [...(person.skills ?? []), { id: skill.id, name: skill.name, proficiency: 3 }];
    const oldGroup = person.groups?.[0] as Models.Group;
    const newGroup = a.org.groups.find((g) => g.id !== oldGroup.id) as Models.Group;
    person.groups = [
      { id: newGroup.id, name: newGroup.name, type: newGroup.type, rulesVisible: true, visibility: 'public' },
    ];
    const newTeam = a.org.teams.find((t) => t.id !== person.team?.id) as Models.Team;
    person.team = { id: newTeam.id, name: newTeam.name };
    const renamed = a.org.groups.find((g) => g.id !== oldGroup.id && g.id !== newGroup.id) as Models.Group;
    const oldName = String(renamed.name);
    renamed.name = `${oldName} EMEA`;
    for (const u of a.org.users)
      u.groups = u.groups?.map((g) => (g.id === renamed.id ? { ...g, name: renamed.name } : g));
    await exportOnce(a, dir);

    const plan = await importInto(b, dir);
    expect(plan.code).toBe(0);
    expect(plan.out.split('\n').filter((l) => /^(create|update|blocked)/.test(l))).toEqual([
      expect.stringMatching(
        new RegExp(`^update: admin:group/${renamed.id} \\(${renamed.name}\\) -> [\\w-]+: name$`),
      ),
      expect.stringMatching(
        new RegExp(`^update: admin:user/${person.id} \\(${person.name}\\) -> [\\w-]+: groups, skills, team$`),
      ),
    ]);
    const before = writes(b).length;
    expect((await importInto(b, dir, '--apply')).code).toBe(0);
    expect(
      writes(b)
        .slice(before)
        .map((e) => e.endpoint)
        .sort(),
    ).toEqual(
      [
        'PUT /api/v2/groups/{groupId}',
        'PUT /api/v2/users/{userId}/routingskills/bulk',
        'POST /api/v2/groups/{groupId}/members',
        'DELETE /api/v2/groups/{groupId}/members',
        'POST /api/v2/teams/{teamId}/members',
      ].sort(),
    );
    const target = b.org.users.find((u) => u.email === person.email) as Models.User;
    expect(b.org.users.filter((u) => u.email === person.email)).toHaveLength(1);
    expect(target.skills?.map((s) => s.name)).toContain(skill.name);
    expect(target.groups?.map((g) => g.name)).toEqual([newGroup.name]);
    expect(target.team?.name).toBe(newTeam.name);
    expect(b.org.groups.map((g) => g.name)).toContain(renamed.name);
    expect(b.org.groups.map((g) => g.name)).not.toContain(oldName);

    const last = writes(b).length;
    expect((await importInto(b, dir, '--apply')).code).toBe(0);
    expect(writes(b).length).toBe(last);
  });
});

describe('import run: a user moved to another division in org A', () => {
  it('is reported as blocked (the user API cannot move it), not updated again on every apply', async () => {
    const a = await coveredOrg();
    const dir = tempDir();
    await exportOnce(a, dir);
    const b = await startSimulator({ size: 'empty', seed: 2 });
    expect((await importInto(b, dir, '--apply')).code).toBe(0);
    const exported = new Set(readManifest(dir).resources.map((r) => r.id));
    const person = a.org.users.find((u) => u.state === 'active' && exported.has(String(u.id))) as Models.User;
    const other = a.org.divisions.find((d) => d.id !== person.division?.id) as Models.Division;
    person.division = { id: other.id, name: other.name };
    await exportOnce(a, dir);
    const before = writes(b).length;
    const plan = await importInto(b, dir, '--apply');
    expect(plan.code).toBe(3);
    expect(plan.out).toMatch(
      new RegExp(
        `^blocked: admin:user/${person.id} \\(${person.name}\\): the API can change only .* of a admin:user \\(division differ\\)$`,
        'm',
      ),
    );
    expect(writes(b).length).toBe(before);
  });
});

describe('import run: a user deleted in the target org', () => {
  it('is restored (PATCH with the snapshot state, as Terraform does after the 409), not created again', async () => {
    const a = await coveredOrg();
    const dir = tempDir();
    await exportOnce(a, dir);
    const b = await startSimulator({ size: 'empty', seed: 2 });
    expect((await importInto(b, dir, '--apply')).code).toBe(0);
    const person = b.org.users.find((u) => u.state === 'active' && !u.manager) as Models.User;
    person.state = 'deleted';
    const plan = await importInto(b, dir);
    expect(plan.out).toMatch(
      new RegExp(`^update: admin:user/.+ \\(${person.name}\\) -> ${person.id}: state$`, 'm'),
    );
    const before = writes(b).length;
    const applied = await importInto(b, dir, '--apply');
    expect(applied.code).toBe(0);
    expect(
      writes(b)
        .slice(before)
        .map((e) => `${e.endpoint} ${e.status}`),
    ).toEqual(['PATCH /api/v2/users/{userId} 200']);
    expect(b.org.users.filter((u) => u.email === person.email).map((u) => [u.id, u.state])).toEqual([
      [person.id, 'active'],
    ]);
  });
});

describe('import run: a user whose manager was deleted in org A', () => {
  it('is created without the manager in org B, and the plan names the dropped reference (no flag needed)', async () => {
    const a = await coveredOrg();
    const manager = a.org.users.find((u) => u.state === 'active' && !u.manager) as Models.User;
    const reports = a.org.users.filter((u) => u.state === 'active' && u.id !== manager.id).slice(0, 2);
    for (const u of reports)
      u.manager = { id: manager.id, version: 0, selfUri: `/api/v2/users/${manager.id}` };
    manager.state = 'deleted';
    const dir = tempDir();
    await exportOnce(a, dir);
    const b = await startSimulator({ size: 'empty', seed: 2 });

    const plan = await importInto(b, dir);
    const lines = plan.out.split('\n');
    expect(lines.filter((l) => l.includes(`admin:user/${manager.id}`) && !l.startsWith('  '))).toEqual([
      `blocked: admin:user/${manager.id} (${manager.name}): a deleted user cannot be created or changed`,
      `blocked: authorization:rolegrant/${manager.id} (${manager.name}): its subject, admin:user/${manager.id} (${manager.name}), was deleted in the source org`,
    ]);
    for (const u of reports) {
      expect(lines).toContain(`create: admin:user/${u.id} (${u.name})`);
      expect(lines).toContain(
        `  dropped (deleted in the source org): admin:user/${u.id} (${u.name}): manager -> admin:user/${manager.id} (${manager.name})`,
      );
    }
    expect((await importInto(b, dir, '--apply')).code).toBe(3);
    for (const u of reports) {
      const created = b.org.users.find((x) => x.email === u.email) as Models.User;
      expect(created.state).toBe(u.state);
      expect(created.manager).toBeUndefined();
    }
    const before = writes(b).length;
    const again = await importInto(b, dir, '--apply');
    expect(again.out.split('\n').filter((l) => /^(created|updated|failed)/.test(l))).toEqual([]);
    expect(writes(b).length).toBe(before);
  });
});
