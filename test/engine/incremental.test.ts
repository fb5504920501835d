/**
 * Incremental exports: after random changes to the org, an incremental run into one folder and a full run
 * into another give byte-identical snapshots (files and manifest), and the incremental run reads less.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Clock, createClock } from '../../lambdas/engine/clock.ts';
import {
  type ChangeRequest,
  type ChangeTracking,
  catalogHash,
  changeRequestOf,
  type ReuseInput,
  reusable,
} from '../../lambdas/engine/incremental.ts';
import type { Manifest, RunStamp } from '../../lambdas/engine/model.ts';
import { runExport } from '../../lambdas/engine/run.ts';
import { CONTROL_PATH } from '../../lambdas/simulator/control.ts';
import { createRandom, type Random } from '../../lambdas/simulator/random.ts';
import { buildRoutes } from '../../lambdas/simulator/routes.ts';
import { DEFAULT_CLIENT, type GenesysSimulator } from '../../lambdas/simulator/server.ts';
import {
  cleanup,
  harness,
  options,
  snapshotFiles,
  startSimulator,
  TEST_TIME_SCALE,
  tempDir,
} from '../helpers.ts';

afterEach(cleanup);

const INCREMENTAL: ChangeRequest = { incremental: true, fullEvery: 100 };

const MEMBERS = 'GET /api/v2/routing/queues/{queueId}/members';
const SKILL_GROUP = 'GET /api/v2/routing/skillgroups/{skillGroupId}';

/** Runs one export into `dir` and returns its outcome, the API requests it made and its member reads. */
async function exportInto(sim: GenesysSimulator, dir: string, changes?: ChangeRequest) {
  const before = sim.apiRequestCount().total;
  const counts = sim.counts();
  const { ctx } = harness(sim, dir);
  const result = await runExport(ctx, options(sim), undefined, undefined, changes);
  const readsOf = (endpoint: string) => (sim.counts()[endpoint] ?? 0) - (counts[endpoint] ?? 0);
  return {
    result,
    requests: sim.apiRequestCount().total - before,
    memberReads: readsOf(MEMBERS),
    skillGroupReads: readsOf(SKILL_GROUP),
  };
}

/** The test clock, which a test moves on: the night between two runs, the minutes an audit entry lags. */
function movableClock(): Clock & { advance(ms: number): void } {
  const base = createClock(TEST_TIME_SCALE);
  let offset = 0;
  return {
    scale: base.scale,
    now: () => base.now() + offset,
    sleep: base.sleep,
    advance: (ms) => {
      offset += ms;
    },
  };
}

const stampOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, '.genesys', 'last-run.json'), 'utf8')) as RunStamp;

const manifestText = (dir: string) => readFileSync(join(dir, '.genesys', 'export-manifest.json'), 'utf8');

/** The collections the random changes touch: types with and without per-resource reads. */
const COLLECTIONS = [
  'queues',
  'flows',
  'skills',
  'users',
  'wrapupCodes',
  'dataActions',
  'scripts',
  'groups',
  'schedules',
  'skillGroups',
  'dataTables',
] as const;

async function control(sim: GenesysSimulator, body: Record<string, string>): Promise<void> {
  const res = await fetch(`${sim.url}${CONTROL_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
}

/** The API as a user's other tools write to it (audited like any write). */
function apiWriter(sim: GenesysSimulator) {
  return harness(sim, tempDir()).client;
}

/**
 * A few random changes through the control endpoint, a flow published anew (one reference moved), and
 * queue membership and wrap-up code changes through the queue's own endpoints: every change is audited.
 */
async function mutate(sim: GenesysSimulator, rnd: Random, round: number): Promise<string[]> {
  const done: string[] = [];
  for (let i = 0; i < 3; i++) {
    const collection = rnd.pick(COLLECTIONS);
    const items = sim.org[collection] as Array<{ id?: string }>;
    const action = rnd.pick(['rename', 'rename', 'delete', 'add'] as const);
    if (action === 'add' || items.length < 3) {
      await control(sim, { action: 'add', collection });
    } else {
      const id = String(rnd.pick(items).id);
      await control(
        sim,
        action === 'rename'
          ? { action, collection, id, name: `Renamed ${round}.${i}` }
          : { action, collection, id },
      );
    }
    done.push(`${action} ${collection}`);
  }
  // A flow published anew, one of its references moved to another queue: a new version, a new definition.
  const flow = rnd.pick(sim.org.flows.filter((f) => f.active && !f.system && f.publishedVersion));
  const deps = sim.org.flowDependencies.get(String(flow.id)) ?? [];
  const queue2 = rnd.pick(sim.org.queues);
  const moved = [
    ...deps.filter((d) => d.type !== 'QUEUE'),
    { id: queue2.id, name: queue2.name, type: 'QUEUE' },
  ];
  sim.org.flowDependencies.set(String(flow.id), moved);
  const version = `${100 + round}.0`;
  sim.org.flowVersions
    .get(String(flow.id))
    ?.set(
      version,
      `inboundCall:\n  name: ${JSON.stringify(flow.name)}\n  description: "published in round ${round}"\n`,
    );
  flow.publishedVersion = { id: version, name: 'published' };
  flow.checkedInVersion = { id: version };
  sim.audit.record({ entityType: 'Flow', id: String(flow.id), action: 'Publish' });
  done.push('flow publish');
  // Queue membership and wrap-up codes: change no queue's own fields, which the listing cannot show.
  const api = apiWriter(sim);
  const queue = rnd.pick(sim.org.queues);
  const members = `/api/v2/routing/queues/${queue.id}/members`;
  const [leaving] = sim.org.queueMembers.get(String(queue.id)) ?? [];
  if (leaving) await api.post(`${members}?delete=true`, [{ id: leaving }]);
  const user = rnd.pick(sim.org.users.filter((u) => u.state === 'active'));
  await api.post(members, [{ id: user.id }]);
  done.push(`member swap ${queue.id}`);
  const other = rnd.pick(sim.org.queues);
  const codes = sim.org.queueWrapupCodes.get(String(other.id)) ?? [];
  if (codes.length && rnd.chance(0.5))
    await api.delete(`/api/v2/routing/queues/${other.id}/wrapupcodes/${rnd.pick(codes)}`);
  else
    await api.post(`/api/v2/routing/queues/${other.id}/wrapupcodes`, [
      { id: rnd.pick(sim.org.wrapupCodes).id },
    ]);
  done.push(`wrap-up codes of ${other.id}`);
  // A skill group's conditions (its dateModified moves) or its member divisions (no stamp moves).
  const group = rnd.pick(sim.org.skillGroups);
  const groupPath = `/api/v2/routing/skillgroups/${group.id}`;
  if (rnd.chance(0.5)) {
    const conditions = rnd.pick(sim.org.skillGroups.filter((g) => g.id !== group.id)).skillConditions;
    await api.patch(groupPath, { skillConditions: [...conditions, ...group.skillConditions] });
    done.push(`skill group conditions ${group.id}`);
  } else {
    const have = new Set(sim.org.skillGroupMemberDivisions.get(String(group.id)) ?? []);
    const division = String(rnd.pick(sim.org.divisions).id);
    await api.post(`${groupPath}/members/divisions`, {
      [have.has(division) && division !== group.division?.id ? 'removeDivisionIds' : 'addDivisionIds']: [
        division,
      ],
    });
    done.push(`skill group member divisions ${group.id}`);
  }
  if (round % 2 === 0) sim.advanceVolatileState();
  return done;
}

describe('Incremental exports', () => {
  it('gives the snapshot a full export gives, round after round of random changes', async () => {
    const clock = movableClock();
    const sim = await startSimulator({ size: 'small', seed: 17, clock });
    const incDir = tempDir();
    const fullDir = tempDir();
    const rnd = createRandom(1717);
    const first = await exportInto(sim, incDir, INCREMENTAL);
    await exportInto(sim, fullDir);
    expect(first.result.tracking?.mode).toBe('full');
    expect(first.result.tracking?.reason).toBe('no earlier snapshot with change stamps');
    const counts: Array<{ incremental: number; full: number; reused: number }> = [];
    for (let round = 1; round <= 8; round++) {
      // Every third round, the audit entries arrive minutes late: an incremental run right after the
      // changes cannot see them (its snapshot may miss them); the next run's window still covers them.
      const late = round % 3 === 0;
      sim.audit.forcedDelayMs = late ? 4 * 60_000 : undefined;
      const changes = await mutate(sim, rnd, round);
      sim.audit.forcedDelayMs = undefined;
      if (late) {
        clock.advance(30_000);
        expect((await exportInto(sim, incDir, INCREMENTAL)).result.tracking?.mode).toBe('incremental');
      }
      clock.advance(10 * 60_000);
      const inc = await exportInto(sim, incDir, INCREMENTAL);
      const full = await exportInto(sim, fullDir);
      expect(inc.result.tracking?.mode, `round ${round}`).toBe('incremental');
      expect(full.result.tracking?.mode).toBe('full');
      expect(snapshotFiles(incDir), `round ${round}: ${changes.join(', ')}`).toEqual(snapshotFiles(fullDir));
      expect(manifestText(incDir), `round ${round} manifest`).toBe(manifestText(fullDir));
      // (After a late round the incremental folder had one more run: its changes started from there.)
      if (!late) expect(inc.result.changes, `round ${round} changes`).toEqual(full.result.changes);
      // Queue members are read only for the queues the audit names (and those whose users changed).
      expect(inc.memberReads, `round ${round} member reads`).toBeLessThan(full.memberReads);
      // A skill group's detail is read only when its dateModified moved (one group at most per round).
      expect(inc.skillGroupReads, `round ${round} skill group reads`).toBeLessThan(full.skillGroupReads);
      counts.push({
        incremental: inc.requests,
        full: full.requests,
        reused: inc.result.tracking?.reused ?? 0,
      });
    }
    // Reads were saved in every round: fewer requests than the full run each time.
    for (const c of counts) expect(c.incremental).toBeLessThan(c.full);
    const stamp = stampOf(incDir).changeTracking as ChangeTracking;
    expect(stamp.mode).toBe('incremental');
    expect(stamp.runsSinceFull).toBe(10);
    expect(stamp.baseRun).toBeTruthy();
    expect(stamp.fallbacks).toEqual({});
    expect(stamp.auditWindow).toBeTruthy();
    expect(stamp.methods['routing:flow']).toBe('stamp');
    expect(stamp.methods['routing:queue']).toBe('audit');
    expect(stamp.methods['routing:skill']).toBe('listing');
    expect(stamp.methods['routing:skillgroup']).toBe('stamp');
  }, 240_000);

  it('makes far fewer requests than a full export after 1% of the org changed', async () => {
    const sim = await startSimulator({ size: 'small', seed: 3 });
    const dir = tempDir();
    const full = await exportInto(sim, dir, INCREMENTAL);
    const flow = sim.org.flows.find((f) => f.active && !f.system);
    await control(sim, { action: 'rename', collection: 'flows', id: String(flow?.id), name: 'Main IVR v2' });
    const inc = await exportInto(sim, dir, INCREMENTAL);
    expect(inc.result.tracking).toMatchObject({ mode: 'incremental' });
    expect(inc.result.changes.map((c) => `${c.type} ${c.change}`)).toEqual(['routing:flow changed']);
    console.log(
      `small org, one flow renamed: full ${full.requests} requests, incremental ${inc.requests} (${inc.result.tracking?.reused} resources kept)`,
    );
    expect(inc.requests).toBeLessThan(full.requests * 0.8);
  }, 120_000);

  it('runs in full every N runs, on --full, and when the options change', async () => {
    const sim = await startSimulator({ size: 'small', seed: 5 });
    const dir = tempDir();
    const modes: string[] = [];
    const run = async (changes: ChangeRequest, over = {}) => {
      const { ctx } = harness(sim, dir);
      const r = await runExport(ctx, options(sim, over), undefined, undefined, changes);
      modes.push(`${r.tracking?.mode}${r.tracking?.reason ? ` (${r.tracking.reason})` : ''}`);
    };
    const every3 = { incremental: true, fullEvery: 3 };
    for (let i = 0; i < 4; i++) await run(every3);
    await run({ incremental: true, full: true });
    await run(every3, { format: 'yaml' });
    await run(every3, { format: 'yaml' });
    expect(modes).toEqual([
      'full (no earlier snapshot with change stamps)',
      'incremental',
      'incremental',
      'full (a full run every 3 runs)',
      'full (--full)',
      'full (the options changed)',
      'incremental',
    ]);
  }, 120_000);
});

describe('Incremental exports: queues whose users or wrap-up codes changed', () => {
  it('refreshes renamed members and codes without reading them; reads only the members of a queue whose member user is gone', async () => {
    const clock = movableClock();
    const sim = await startSimulator({ size: 'small', seed: 23, clock });
    const incDir = tempDir();
    const fullDir = tempDir();
    await exportInto(sim, incDir, INCREMENTAL);
    await exportInto(sim, fullDir);
    const queuesOf = (userId: string) =>
      [...sim.org.queueMembers].filter(([, ids]) => ids.includes(userId)).map(([q]) => q);
    const members = [...new Set([...sim.org.queueMembers.values()].flat())].sort();
    const [gone, renamed] = members.filter((u) => queuesOf(u).length > 0);
    const code = sim.org.queueWrapupCodes.values().next().value?.[0];
    const goneFrom = queuesOf(String(gone)).length;
    await control(sim, { action: 'delete', collection: 'users', id: String(gone) });
    await control(sim, {
      action: 'rename',
      collection: 'users',
      id: String(renamed),
      name: 'Renamed member',
    });
    await control(sim, {
      action: 'rename',
      collection: 'wrapupCodes',
      id: String(code),
      name: 'Renamed code',
    });
    clock.advance(10 * 60_000);
    const codesRead = () => sim.counts()['GET /api/v2/routing/queues/{queueId}/wrapupcodes'] ?? 0;
    const codesBefore = codesRead();
    const inc = await exportInto(sim, incDir, INCREMENTAL);
    const codeReads = codesRead() - codesBefore;
    await exportInto(sim, fullDir);
    expect(inc.result.tracking?.mode).toBe('incremental');
    expect(snapshotFiles(incDir)).toEqual(snapshotFiles(fullDir));
    expect(manifestText(incDir)).toBe(manifestText(fullDir));
    expect(goneFrom).toBeGreaterThan(0);
    expect(inc.memberReads).toBe(goneFrom);
    expect(codeReads).toBe(0);
  }, 120_000);
});

describe('Incremental exports: the safety net', () => {
  it('reads audit types in full, and says why, when the audit log cannot be read; runs in full past --fullAfterDays', async () => {
    const clock = movableClock();
    const sim = await startSimulator({ size: 'small', seed: 7, clock });
    const dir = tempDir();
    const first = await exportInto(sim, dir, INCREMENTAL);
    const allButAudit = [...new Set(buildRoutes().flatMap((r) => r.permissions))].filter(
      (p) => p !== 'audits:audit:view',
    );
    sim.setPermissions(DEFAULT_CLIENT.clientId, allButAudit);
    clock.advance(10 * 60_000);
    const denied = await exportInto(sim, dir, INCREMENTAL);
    expect(denied.result.tracking?.mode).toBe('incremental');
    const tracking = stampOf(dir).changeTracking as ChangeTracking;
    expect(tracking.methods['routing:queue']).toBe('full');
    expect(tracking.fallbacks['routing:queue']).toMatch(/the audit log could not be read/);
    expect(denied.memberReads).toBe(first.memberReads);
    sim.setPermissions(DEFAULT_CLIENT.clientId, ['*']);
    clock.advance(10 * 60_000);
    const audited = await exportInto(sim, dir, INCREMENTAL);
    expect(audited.memberReads).toBe(0);
    clock.advance(3 * 86_400_000);
    const old = await exportInto(sim, dir, { ...INCREMENTAL, fullAfterDays: 2 });
    expect(old.result.tracking).toMatchObject({
      mode: 'full',
      reason: 'the last full run is older than 2 days',
    });
  }, 120_000);

  it('hashes the catalog the same under vitest and tsx (no spurious full run after a change of runtime)', () => {
    const script = "import('./lambdas/engine/incremental.ts').then((m) => console.log(m.catalogHash()))";
    const underTsx = execFileSync('npx', ['tsx', '-e', script], { encoding: 'utf8' }).trim();
    expect(underTsx).toBe(catalogHash());
  }, 60_000);
});

describe('Which earlier files an incremental run keeps', () => {
  const entry = (id: string, dependsOn: string[] = [], more = {}) => ({
    type: 'routing:flow',
    id,
    name: id,
    path: `routing/flow/${id}.json`,
    dependsOn,
    ...more,
  });
  const input = (listed: Record<string, Record<string, string>>): ReuseInput => ({
    previous: {
      resources: [
        entry('same'),
        entry('renamed'),
        entry('needs-q1', ['routing:queue/q1']),
        entry('needs-q2', ['routing:queue/q2']),
        entry('external', [], { externalReferences: ['BOTCONNECTORBOT/b1'] }),
        entry('carried', [], { carriedOver: true }),
        entry('file-gone'),
      ],
    } as unknown as Manifest,
    before: {
      fingerprints: {
        'routing:flow/same': 'a',
        'routing:flow/renamed': 'a',
        'routing:flow/needs-q1': 'a',
        'routing:flow/needs-q2': 'a',
        'routing:flow/external': 'a',
        'routing:flow/carried': 'a',
        'routing:flow/file-gone': 'a',
        'routing:queue/q1': 'q',
        'routing:queue/q2': 'q',
      },
    } as unknown as ChangeTracking,
    listed: new Map(Object.entries(listed).map(([t, m]) => [t, new Map(Object.entries(m))])),
  });
  it('keeps only unchanged resources whose references are unchanged, files there, nothing external', () => {
    const flows = {
      same: 'a',
      renamed: 'b',
      'needs-q1': 'a',
      'needs-q2': 'a',
      external: 'a',
      carried: 'a',
      'file-gone': 'a',
    };
    const present = new Set(
      Object.keys(flows)
        .filter((id) => id !== 'file-gone')
        .map((id) => `routing/flow/${id}.json`),
    );
    const kept = reusable(
      input({ 'routing:flow': flows, 'routing:queue': { q1: 'q', q2: 'changed' } }),
      'routing:flow',
      present,
    );
    expect(Object.keys(kept).sort()).toEqual(['needs-q1', 'same']);
    // A referenced type not listed this run counts as changed.
    const unlisted = reusable(input({ 'routing:flow': flows }), 'routing:flow', present);
    expect(Object.keys(unlisted)).toEqual(['same']);
  });
});

describe('Which queues an incremental run rebuilds from their earlier files', () => {
  const queue = (id: string, dependsOn: string[]) => ({
    type: 'routing:queue',
    id,
    name: id,
    path: `routing/queue/${id}.json`,
    dependsOn,
  });
  const input: ReuseInput = {
    previous: {
      resources: [
        queue('same', ['admin:user/u1', 'routing:flow/f1']),
        queue('member-renamed', ['admin:user/u2', 'organization:wrapupcode/w1']),
        queue('member-gone', ['admin:user/u3']),
        queue('flow-changed', ['routing:flow/f2']),
        queue('audited', ['admin:user/u1']),
      ],
    } as unknown as Manifest,
    before: {
      fingerprints: {
        'routing:queue/same': 'q',
        'routing:queue/member-renamed': 'q',
        'routing:queue/member-gone': 'q',
        'routing:queue/flow-changed': 'q',
        'routing:queue/audited': 'q',
        'admin:user/u1': 'u',
        'admin:user/u2': 'u',
        'admin:user/u3': 'u',
        'organization:wrapupcode/w1': 'w',
        'routing:flow/f1': 'f',
        'routing:flow/f2': 'f',
      },
    } as unknown as ChangeTracking,
    listed: new Map([
      [
        'routing:queue',
        new Map(['same', 'member-renamed', 'member-gone', 'flow-changed', 'audited'].map((id) => [id, 'q'])),
      ],
      [
        'admin:user',
        new Map([
          ['u1', 'u'],
          ['u2', 'renamed'],
        ]),
      ],
      ['organization:wrapupcode', new Map([['w1', 'w']])],
      [
        'routing:flow',
        new Map([
          ['f1', 'f'],
          ['f2', 'published anew'],
        ]),
      ],
    ]),
  };
  const copies = new Map([
    [
      'admin:user',
      new Map([
        ['u1', { name: 'Ann' }],
        ['u2', { name: 'Bob Renamed' }],
      ]),
    ],
    ['organization:wrapupcode', new Map([['w1', { name: 'Sale' }]])],
  ]);
  it('keeps unchanged ones, refreshes copied names of listed users, reads members again when a user is not listed, everything when the audit names the queue', () => {
    const present = new Set([...input.previous.resources].map((r) => r.path));
    const kept = reusable(input, 'routing:queue', present, new Set(['audited']), copies);
    expect(Object.keys(kept).sort()).toEqual(['flow-changed', 'member-gone', 'member-renamed', 'same']);
    // Its user not listed (deleted, inactive): the members are read again, the wrap-up codes are kept.
    expect(kept['member-gone']?.reread).toEqual(['admin:user']);
    expect(kept['member-renamed']?.reread).toBeUndefined();
    expect(kept.same?.refresh).toBeUndefined();
    expect(kept['member-renamed']?.refresh).toEqual({ 'admin:user': { u2: { name: 'Bob Renamed' } } });
    // A changed flow is in the queue's listed body: nothing of the sub-resources to refresh.
    expect(kept['flow-changed']?.refresh).toEqual({});
  });
});

describe('The state machine input', () => {
  it('takes {"incremental": true, "fullEvery": n} and refuses anything else in one message', () => {
    expect(changeRequestOf(undefined)).toBeUndefined();
    expect(changeRequestOf({ incremental: true, fullEvery: 3 })).toEqual({
      incremental: true,
      full: false,
      fullEvery: 3,
      fullAfterDays: 7,
    });
    expect(changeRequestOf({ incremental: true, fullAfterDays: 2 })?.fullAfterDays).toBe(2);
    expect(changeRequestOf({ incremental: true })?.fullEvery).toBe(7);
    for (const bad of [
      'yes',
      { incremental: 'true' },
      { incremental: true, fullEvery: 0 },
      { incremental: true, fullAfterDays: 0 },
      { incremental: true, fullAfterDays: 30 },
    ])
      expect(() => changeRequestOf(bad)).toThrow(/changes must be/);
  });
});
