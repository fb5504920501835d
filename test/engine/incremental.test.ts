/**
 * Incremental exports: after random changes to the org, an incremental run into one folder and a full run
 * into another give byte-identical snapshots (files and manifest), and the incremental run reads less.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ChangeRequest,
  type ChangeTracking,
  changeRequestOf,
  type ReuseInput,
  reusable,
} from '../../lambdas/engine/incremental.ts';
import type { Manifest, RunStamp } from '../../lambdas/engine/model.ts';
import { runExport } from '../../lambdas/engine/run.ts';
import { CONTROL_PATH } from '../../lambdas/simulator/control.ts';
import { createRandom, type Random } from '../../lambdas/simulator/random.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { cleanup, harness, options, snapshotFiles, startSimulator, tempDir } from '../helpers.ts';

afterEach(cleanup);

const INCREMENTAL: ChangeRequest = { incremental: true, fullEvery: 100 };

/** Runs one export into `dir` and returns its outcome and the API requests it made. */
async function exportInto(sim: GenesysSimulator, dir: string, changes?: ChangeRequest) {
  const before = sim.apiRequestCount().total;
  const { ctx } = harness(sim, dir);
  const result = await runExport(ctx, options(sim), undefined, undefined, changes);
  return { result, requests: sim.apiRequestCount().total - before };
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

/** A few random changes through the control endpoint, plus direct queue membership changes. */
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
  done.push('flow publish');
  // Queue membership: changes no queue's own fields, which the listing cannot show.
  const queue = rnd.pick(sim.org.queues);
  const members = sim.org.queueMembers.get(String(queue.id)) ?? [];
  const user = rnd.pick(sim.org.users.filter((u) => u.state === 'active'));
  sim.org.queueMembers.set(String(queue.id), [...members.slice(1), String(user.id)]);
  done.push('member swap');
  if (round % 2 === 0) sim.advanceVolatileState();
  return done;
}

describe('Incremental exports', () => {
  it('gives the snapshot a full export gives, round after round of random changes', async () => {
    const sim = await startSimulator({ size: 'small', seed: 17 });
    const incDir = tempDir();
    const fullDir = tempDir();
    const rnd = createRandom(1717);
    const first = await exportInto(sim, incDir, INCREMENTAL);
    await exportInto(sim, fullDir);
    expect(first.result.tracking?.mode).toBe('full');
    expect(first.result.tracking?.reason).toBe('no earlier snapshot with change stamps');
    const counts: Array<{ incremental: number; full: number; reused: number }> = [];
    for (let round = 1; round <= 8; round++) {
      const changes = await mutate(sim, rnd, round);
      const inc = await exportInto(sim, incDir, INCREMENTAL);
      const full = await exportInto(sim, fullDir);
      expect(inc.result.tracking?.mode, `round ${round}`).toBe('incremental');
      expect(full.result.tracking?.mode).toBe('full');
      expect(snapshotFiles(incDir), `round ${round}: ${changes.join(', ')}`).toEqual(snapshotFiles(fullDir));
      expect(manifestText(incDir), `round ${round} manifest`).toBe(manifestText(fullDir));
      expect(inc.result.changes, `round ${round} changes`).toEqual(full.result.changes);
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
    expect(stamp.runsSinceFull).toBe(8);
    expect(stamp.baseRun).toBeTruthy();
    expect(stamp.methods['routing:flow']).toBe('stamp');
    expect(stamp.methods['routing:queue']).toBe('full');
    expect(stamp.methods['routing:skill']).toBe('listing');
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

describe('The state machine input', () => {
  it('takes {"incremental": true, "fullEvery": n} and refuses anything else in one message', () => {
    expect(changeRequestOf(undefined)).toBeUndefined();
    expect(changeRequestOf({ incremental: true, fullEvery: 3 })).toEqual({
      incremental: true,
      full: false,
      fullEvery: 3,
    });
    expect(changeRequestOf({ incremental: true })?.fullEvery).toBe(7);
    for (const bad of ['yes', { incremental: 'true' }, { incremental: true, fullEvery: 0 }])
      expect(() => changeRequestOf(bad)).toThrow(/changes must be/);
  });
});
