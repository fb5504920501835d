/**
 * `genesyscloud import run` end to end against the simulator over HTTP: a snapshot of one org restored
 * into a new org, promotion of changes from one org to another through the ID map, and the export guide's
 * import failures (order, cycles, missing skills), for the types import covers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Entity } from '../../lambdas/engine/catalog/types.ts';
import { DEFAULT_CLIENT, type GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { cli, envFor } from '../cli/harness.ts';
import {
  cleanup,
  everyPermissionExcept,
  exportOnce,
  readManifest,
  startSimulator,
  tempDir,
} from '../helpers.ts';
import { coveredOnlyOrg, writes } from './fixtures.ts';

afterEach(cleanup);

/** The types of this file's tests, the first ones import covered (flows and later: import-types.test.ts). */
const COVERED = [
  'authorization:division',
  'routing:skill',
  'routing:language',
  'organization:wrapupcode',
  'architect:schedule',
  'architect:schedulegroup',
  'routing:queue',
];
/** Set by the platform when a resource is created: never the same in two orgs. */
const SERVER_ASSIGNED = ['dateCreated', 'createdBy', 'createdByApp'];

/** Each covered resource of a snapshot by `type/name`, every ID replaced by `<type:name>` of what it is. */
function byName(dir: string): Map<string, unknown> {
  const m = readManifest(dir);
  const names = new Map(m.resources.map((r) => [r.id, `<${r.type}:${r.name}>`]));
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return names.get(v) ?? v;
    if (Array.isArray(v))
      return v.map(swap).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !SERVER_ASSIGNED.includes(k))
          .map(([k, x]) => [k, swap(x)]),
      );
    return v;
  };
  const out = new Map<string, unknown>();
  for (const r of m.resources.filter((x) => COVERED.includes(x.type)))
    out.set(`${r.type}/${r.name}`, swap(JSON.parse(readFileSync(join(dir, r.path), 'utf8')) as Entity));
  return out;
}

async function importInto(target: GenesysSimulator, dir: string, ...flags: string[]) {
  const types = flags.includes('--resourceTypes') ? [] : ['--resourceTypes', COVERED.join(',')];
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

describe('import run: restore a snapshot into a new org', () => {
  it('plans without changing anything, applies, and exports back the same configuration; a second apply does nothing', async () => {
    const a = await coveredOnlyOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const source = tempDir();
    await exportOnce(a, source);

    const plan = await importInto(b, source);
    expect(plan.err).toBe('');
    expect(plan.code).toBe(0);
    expect(writes(b)).toEqual([]);
    expect(plan.out).toMatch(/routing:queue +8 +0 +0 +0/);
    expect(plan.out).toMatch(/authorization:division +2 +0 +1 +0/); // Home is the target's Home
    expect(plan.out).toMatch(/Export-only \(import does not cover these types yet\): .*telephony:trunk 3/);
    expect(plan.out).toContain(
      `Plan written to ${join(source, '.genesys', 'import', `${b.org.organization.id}.plan.json`)}`,
    );

    const applied = await importInto(b, source, '--apply');
    expect(applied.code).toBe(0);
    expect(applied.out).toMatch(/routing:queue +8 +0 +0 +0 +0/);
    expect(writes(b).filter((e) => e.status >= 400)).toEqual([]);

    const restored = tempDir();
    await exportOnce(b, restored);
    const want = byName(source);
    expect(want.size).toBe(3 + 12 + 4 + 10 + 6 + 3 + 8);
    expect(byName(restored)).toEqual(want);

    const before = writes(b).length;
    const again = await importInto(b, source, '--apply');
    expect(again.code).toBe(0);
    expect(writes(b).length).toBe(before);
    for (const t of COVERED) expect(again.out).toMatch(new RegExp(`${t} +0 +0 +\\d+ +0 +0`));
  });
});

describe('import run: promotion from org A to org B', () => {
  it('applies exactly what changed in A (a renamed queue, a skill added to it, a new skill) and nothing else', async () => {
    const a = await coveredOnlyOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    await exportOnce(a, dir);
    expect((await importInto(b, dir, '--apply')).code).toBe(0);

    const queue = a.org.queues[0] as NonNullable<(typeof a.org.queues)[0]>;
    const oldName = String(queue.name);
    queue.name = `${oldName} Premium`;
    const skill = a.org.skills.find(
      (s) => !queue.bullseye?.rings?.[0]?.actions?.skillsToRemove?.some((x) => x.id === s.id),
    );
    queue.bullseye?.rings?.[0]?.actions?.skillsToRemove?.push({ id: skill?.id, name: skill?.name });
    const added = a.addResource('skills');
    await exportOnce(a, dir);

    const plan = await importInto(b, dir);
    expect(plan.code).toBe(0);
    const changes = plan.out.split('\n').filter((l) => /^(create|update|blocked)/.test(l));
    expect(changes).toEqual([
      `create: routing:skill/${added.id} (${added.name})`,
      expect.stringMatching(
        new RegExp(`^update: routing:queue/${queue.id} \\(${queue.name}\\) -> [\\w-]+: bullseye, name$`),
      ),
    ]);
    const before = writes(b).length;
    expect((await importInto(b, dir, '--apply')).code).toBe(0);
    expect(
      writes(b)
        .slice(before)
        .map((e) => e.endpoint),
    ).toEqual(['POST /api/v2/routing/skills', 'PUT /api/v2/routing/queues/{queueId}']);
    expect(b.org.queues.map((q) => q.name)).not.toContain(oldName);
    expect(b.org.queues.filter((q) => q.name === queue.name)).toHaveLength(1);
    const promoted = b.org.queues.find((q) => q.name === queue.name);
    const skillNames = promoted?.bullseye?.rings?.[0]?.actions?.skillsToRemove?.map(
      (s) => b.org.skills.find((x) => x.id === s.id)?.name,
    );
    expect(skillNames).toContain(skill?.name);
    const idMap = JSON.parse(
      readFileSync(join(dir, '.genesys', 'id-map', `${b.org.organization.id}.json`), 'utf8'),
    );
    expect(idMap.ids['routing:queue'][String(queue.id)]).toBe(promoted?.id);

    const last = writes(b).length;
    const again = await importInto(b, dir, '--apply');
    expect(again.code).toBe(0);
    expect(writes(b).length).toBe(last);
  });
});

describe("import run: the export guide's import failures", () => {
  it('creates what a resource references before it (no 409 or 400 for a queue created before its skills)', async () => {
    const a = await coveredOnlyOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    await exportOnce(a, dir);
    expect((await importInto(b, dir, '--apply')).code).toBe(0);
    const posts = writes(b).map((e) => e.endpoint);
    const firstQueue = posts.indexOf('POST /api/v2/routing/queues');
    expect(firstQueue).toBeGreaterThan(posts.lastIndexOf('POST /api/v2/routing/skills'));
    expect(firstQueue).toBeGreaterThan(posts.lastIndexOf('POST /api/v2/routing/wrapupcodes'));
    expect(posts.indexOf('POST /api/v2/architect/schedulegroups')).toBeGreaterThan(
      posts.lastIndexOf('POST /api/v2/architect/schedules'),
    );
    expect(writes(b).filter((e) => e.status >= 400)).toEqual([]);
  });

  it('imports a cycle (two queues routing to each other) in one run: created without the broken edge, then updated', async () => {
    const a = await coveredOnlyOrg();
    const [q1, q2] = a.org.queues.filter((q) => !q.conditionalGroupRouting);
    const rule = (to: typeof q1) => ({
      rules: [
        {
          queue: { id: to?.id, name: to?.name },
          metric: 'EstimatedWaitTime',
          operator: 'GreaterThan',
          conditionValue: 60,
          waitSeconds: 20,
          groups: [],
        },
      ],
    });
    if (!q1 || !q2) throw new Error('fixture');
    q1.conditionalGroupRouting = rule(q2);
    q2.conditionalGroupRouting = rule(q1);
    const dir = tempDir();
    await exportOnce(a, dir);
    expect(readManifest(dir).cycles.map((c) => [...c.members].sort())).toContainEqual(
      [`routing:queue/${q1.id}`, `routing:queue/${q2.id}`].sort(),
    );
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const applied = await importInto(b, dir, '--apply');
    expect(applied.code).toBe(0);
    expect(applied.out).toMatch(/created: routing:queue\/.+; then updated to reference routing:queue\//);
    const t1 = b.org.queues.find((q) => q.name === q1.name);
    const t2 = b.org.queues.find((q) => q.name === q2.name);
    expect(t1?.conditionalGroupRouting?.rules?.[0]?.queue?.id).toBe(t2?.id);
    expect(t2?.conditionalGroupRouting?.rules?.[0]?.queue?.id).toBe(t1?.id);
    expect(writes(b).filter((e) => e.status >= 400)).toEqual([]);
    const last = writes(b).length;
    expect((await importInto(b, dir, '--apply')).code).toBe(0);
    expect(writes(b).length).toBe(last);
  });

  it('blocks queues whose skills the snapshot lacks, names them, and with --ignoreMissingResources drops and reports them', async () => {
    const a = await coveredOnlyOrg();
    const dir = tempDir();
    await exportOnce(a, dir, {
      resourceTypes: ['routing:queue', 'authorization:division', 'organization:wrapupcode'],
      followReferences: false,
    });
    const withSkill = a.org.queues.find((q) => q.bullseye?.rings?.[0]?.actions?.skillsToRemove?.length);
    const skill = withSkill?.bullseye?.rings?.[0]?.actions?.skillsToRemove?.[0];
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const plan = await importInto(b, dir);
    expect(plan.code).toBe(3);
    expect(plan.out).toContain(
      `blocked: routing:queue/${withSkill?.id} (${withSkill?.name}): references what the target org does not have and this import cannot create: bullseye.rings[].actions.skillsToRemove[] -> routing:skill/${skill?.id} (${skill?.name})`,
    );
    const applied = await importInto(b, dir, '--apply', '--ignoreMissingResources');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain(
      `dropped (--ignoreMissingResources): routing:queue/${withSkill?.id} (${withSkill?.name}): bullseye.rings[].actions.skillsToRemove[] -> routing:skill/${skill?.id} (${skill?.name})`,
    );
    expect(
      b.org.queues.find((q) => q.name === withSkill?.name)?.bullseye?.rings?.[0]?.actions?.skillsToRemove,
    ).toEqual([]);
  });

  it('maps a missing skill by name when the target org has it', async () => {
    const a = await coveredOnlyOrg();
    const dir = tempDir();
    await exportOnce(a, dir, { resourceTypes: ['routing:queue'], followReferences: false });
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const full = tempDir();
    await exportOnce(a, full);
    expect(
      (
        await importInto(
          b,
          full,
          '--apply',
          '--resourceTypes',
          'routing:skill,authorization:division,wrapupcode',
        )
      ).code,
    ).toBe(0);
    const applied = await importInto(b, dir, '--apply');
    expect(applied.out).not.toMatch(/^blocked:/m);
    expect(applied.out).toMatch(/routing:queue +8 +0 +0 +0 +0/);
    expect(applied.code).toBe(0);
  });
});

describe('import run: partial failure', () => {
  it('records a refused create on its resource, goes on with the rest (exit 3), and a rerun picks up what is left', async () => {
    const a = await coveredOnlyOrg();
    const dir = tempDir();
    await exportOnce(a, dir);
    const b = await startSimulator({ size: 'empty', seed: 2 });
    b.setPermissions(DEFAULT_CLIENT.clientId, everyPermissionExcept('routing:queue:add'));
    const first = await importInto(b, dir, '--apply');
    expect(first.code).toBe(3);
    expect(first.out).toMatch(/routing:queue +0 +0 +0 +0 +8/);
    expect(first.out).toMatch(/routing:skill +12 +0 +0 +0 +0/);
    expect(first.out).toMatch(
      /^failed: routing:queue\/.+ failed with 403 missing\.permissions: .*routing:queue:add/m,
    );
    b.setPermissions(DEFAULT_CLIENT.clientId, ['*']);
    const rerun = await importInto(b, dir, '--apply');
    expect(rerun.code).toBe(0);
    expect(rerun.out).toMatch(/routing:queue +8 +0 +0 +0 +0/);
    expect(rerun.out).toMatch(/routing:skill +0 +0 +12 +0 +0/);
  });
});

describe('import run: usage', () => {
  it('refuses an export-only type, a folder without a snapshot, and another org, in one line', async () => {
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    const r1 = await importInto(b, dir, '--resourceTypes', 'telephony:trunk');
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(
      /^genesyscloud: error: --resourceTypes: telephony:trunk cannot be imported yet \(importable: /,
    );
    const r2 = await importInto(b, dir);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/holds no snapshot: \.genesys\/export-manifest\.json is missing\n$/);
    const a = await startSimulator();
    await exportOnce(a, dir);
    const r3 = await cli(['import', 'run', '--inputDir', dir, '--organizationId', 'someone-else'], envFor(b));
    expect(r3.code).toBe(1);
    expect(r3.err).toMatch(/does not match the organization of these credentials/);
    expect(writes(b)).toEqual([]);
  });
});
