/**
 * Progress that can be believed, as a user sees it on stderr: off a terminal, plain lines (the listing,
 * each type as it finishes, each round of references, a heartbeat, finalize); on a terminal, a block
 * redrawn in place. Exported never passes the total stated; totals grow as rounds add references; an
 * ETA from the rate limit and the requests left; Ctrl-C says what it stopped and what was kept.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProgressDisplay } from '../../lambdas/cli/progress.ts';
import { CATALOG } from '../../lambdas/engine/catalog/index.ts';
import type { Clock } from '../../lambdas/engine/clock.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { captureStream, cleanup, readManifest, snapshotFiles, startSimulator, tempDir } from '../helpers.ts';
import { cli, envFor } from './harness.ts';

afterEach(cleanup);

type Captured = ReturnType<typeof captureStream>;

const exportArgs = (sim: GenesysSimulator, ...more: string[]) => [
  'export',
  'run',
  '--organizationId',
  String(sim.org.organization.id),
  '--outputDir',
  'out',
  ...more,
];

const ESC = String.fromCharCode(27);
const DONE =
  /^(\S+) done: (\d+) of (\d+) exported(?:, (\d+) by reference)?(; a batch FAILED \(see the manifest\))? \((\d+m \d\ds|\d+s|\d+h \d\dm)\)$/;
const HEARTBEAT =
  /^\[(?:\d+s|\d+m \d\ds|\d+h \d\dm)\] (?:listing: \d+ of \d+ type\(s\) listed, \d+ API requests|exporting: batches (\d+)\/(\d+), (\d+) of (\d+) resources, \d+ API requests(?:, ETA ~\S+(?: \S+)?)?|finalizing: \d+ resources exported)$/;
const LISTED =
  /^Listed (\d+) type\(s\) in \S+(?: \S+)?: (\d+) resources selected in (\d+) batch\(es\)(?:, ETA ~\S+(?: \S+)?)?$/;
const ROUND =
  /^Round (\d+): (\d+) referenced resource\(s\) \((.+)\) in (\d+) batch\(es\)(?:, ETA ~\S+(?: \S+)?)?$/;
const FINALIZING =
  /^Finalizing after \S+(?: \S+)?: (\d+) resources exported; promoting files and writing the manifest$/;

describe('CLI progress off a terminal (CI, | tee)', () => {
  it('prints the listing, each type as it finishes, each round, a heartbeat and finalize; never more exported than stated', async () => {
    const sim = await startSimulator();
    const cwd = tempDir();
    const r = await cli(exportArgs(sim), envFor(sim), cwd, { heartbeatMs: 25 });
    expect(r.code, r.err).toBe(0);
    const m = readManifest(join(cwd, 'out'));
    const lines = r.err.trimEnd().split('\n');

    // Every line is one of the documented kinds.
    for (const line of lines)
      expect(
        [DONE, HEARTBEAT, LISTED, ROUND, FINALIZING].some((re) => re.test(line)),
        line,
      ).toBe(true);

    const listed = lines.map((l) => LISTED.exec(l)).filter((x) => !!x);
    expect(listed).toHaveLength(1);
    const byReference = Object.values(m.types).reduce((a, t) => a + t.byReference, 0);
    expect(Number(listed[0]?.[1])).toBe(CATALOG.length);
    expect(Number(listed[0]?.[2])).toBe(m.resources.length - byReference);
    expect(byReference).toBeGreaterThan(0);

    // A type's total is never passed, and its last line agrees with the manifest.
    const done = new Map<string, Array<{ exported: number; total: number; byRef: number }>>();
    for (const line of lines) {
      const d = DONE.exec(line);
      if (!d) continue;
      const entry = { exported: Number(d[2]), total: Number(d[3]), byRef: Number(d[4] ?? 0) };
      expect(entry.exported, line).toBeLessThanOrEqual(entry.total);
      done.set(String(d[1]), [...(done.get(String(d[1])) ?? []), entry]);
    }
    for (const [type, t] of Object.entries(m.types)) {
      if (t.count === 0) continue;
      const last = done.get(type)?.at(-1);
      expect(last, type).toEqual({ exported: t.count, total: t.count, byRef: t.byReference });
    }
    // A type selected by the plan that references brought more of (inactive users, unpublished flows):
    // finished once, then its total grew with the round, and it finished again.
    const grown = [...done].filter(([, e]) => e.length > 1);
    expect(grown.length).toBeGreaterThan(0);
    for (const [, entries] of grown) expect(entries[0]?.total ?? 0).toBeLessThan(entries.at(-1)?.total ?? 0);

    // Rounds name what they add; the heartbeat's counts stay within its totals.
    const rounds = lines.map((l) => ROUND.exec(l)).filter((x) => !!x);
    expect(rounds.length).toBeGreaterThan(0);
    expect(rounds[0]?.[1]).toBe('1');
    const heartbeats = lines.filter((l) => HEARTBEAT.test(l));
    expect(heartbeats.length).toBeGreaterThan(0);
    for (const h of heartbeats) {
      const x = HEARTBEAT.exec(h);
      if (!x?.[1]) continue;
      expect(Number(x[1]), h).toBeLessThanOrEqual(Number(x[2]));
      expect(Number(x[3]), h).toBeLessThanOrEqual(Number(x[4]));
    }
    const finalizing = lines.map((l) => FINALIZING.exec(l)).filter((x) => !!x);
    expect(finalizing.map((f) => Number(f[1]))).toEqual([m.resources.length]);
    // The summary stays on stdout.
    expect(r.out).toMatch(/^Exported \d+ resources to /);
  });

  it('without a heartbeat interval given, none in a run shorter than 10 s', async () => {
    const sim = await startSimulator();
    const r = await cli(
      exportArgs(sim, '--resourceTypes=routing:skill', '--followReferences=false'),
      envFor(sim),
      tempDir(),
    );
    expect(r.code).toBe(0);
    expect(r.err.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^Listed 1 type\(s\) in \S+: 12 resources selected in 1 batch\(es\)$/),
      expect.stringMatching(/^routing:skill done: 12 of 12 exported \(\S+\)$/),
      expect.stringMatching(FINALIZING),
    ]);
  });
});

describe('CLI progress on a terminal', () => {
  it('redraws one block in place (elapsed, batches, counts within totals) and clears it before the summary', async () => {
    const sim = await startSimulator();
    const stderr = captureStream();
    (stderr as { isTTY?: boolean }).isTTY = true;
    const r = await cli(exportArgs(sim), envFor(sim), tempDir(), { stderr });
    expect(r.code).toBe(0);
    // Each redraw moves the cursor up over the last block and clears to the end of the screen.
    const frames = r.err.split(new RegExp(`${ESC}\\[\\d+A${ESC}\\[0J`)).filter(Boolean);
    expect(frames.length).toBeGreaterThan(1);
    expect(r.err.endsWith(`${ESC}[0J`)).toBe(true);
    for (const frame of frames) {
      const [status, ...rows] = frame.trimEnd().split('\n');
      expect(status).toMatch(HEARTBEAT);
      for (const row of rows) {
        const x = /^ {2}(\S+)\s+(\d+)(?: of (\d+)| exported)(?: {2}done)?(?: {2}\(failed batch\))?$/.exec(
          row,
        );
        expect(x, row).not.toBeNull();
        if (x?.[3]) expect(Number(x[2]), row).toBeLessThanOrEqual(Number(x[3]));
      }
    }
    expect(frames.some((f) => /exporting: batches/.test(f))).toBe(true);
  });
});

describe('ETA from the rate limit and the requests left', () => {
  function fakeClock(): Clock & { advance: (ms: number) => void } {
    let t = 1_000_000;
    return { scale: 1, now: () => t, sleep: async () => {}, advance: (ms) => (t += ms) };
  }

  it('assumes 300 requests a minute, or the last minute rate when slower; covers sub-resources, flow jobs, reads by ID', () => {
    const clock = fakeClock();
    let requests = 0;
    const out = captureStream();
    const p = new ProgressDisplay(out, {
      mode: 'plain',
      clock,
      heartbeatMs: 3_600_000,
      requests: () => requests,
    });
    // 100 queues (two sub-resource pages each) and 100 flows (one dependency page each, a 3-request
    // export job per 50): 200 + 106 requests at 5 a second.
    for (const [type, n, size] of [
      ['routing:queue', 100, 50],
      ['routing:flow', 100, 50],
    ] as const) {
      for (let i = 0; i < n / size; i++) p.staged(type, size, 0, false);
      p.on({ kind: 'listed', type, selected: n, pages: 1 });
    }
    p.on({ kind: 'planned', batches: 4, round: 0 });
    expect(out.text()).toContain(
      'Listed 2 type(s) in 0s: 200 resources selected in 4 batch(es), ETA ~1m 01s\n',
    );
    // A minute later only 60 requests went out (latency-bound): the ETA follows the slower rate.
    clock.advance(60_000);
    requests = 60;
    for (const type of ['routing:queue', 'routing:flow'])
      p.on({ kind: 'batch-done', type, exported: 50, failed: false });
    expect(p.snapshot().etaMs).toBeCloseTo((100 + 53) * 1000, 3);
    // A round of 150 users read by ID (100 IDs per filtered listing request): two more requests.
    p.staged('admin:user', 100, 1, true);
    p.staged('admin:user', 50, 1, true);
    p.on({ kind: 'planned', batches: 2, round: 1 });
    expect(out.text()).toContain(
      'Round 1: 150 referenced resource(s) (admin:user 150) in 2 batch(es), ETA ~2m 35s\n',
    );
    expect(p.snapshot()).toMatchObject({ selected: 350, exported: 100, batchesDone: 2, batchesPlanned: 6 });
    p.stop();
  });

  it('exported never passes the total, even when batches report more than was staged', () => {
    const out = captureStream();
    const p = new ProgressDisplay(out, { mode: 'plain', clock: fakeClock(), heartbeatMs: 3_600_000 });
    p.staged('admin:user', 2, 0, false);
    p.on({ kind: 'listed', type: 'admin:user', selected: 2, pages: 1 });
    p.on({ kind: 'planned', batches: 1, round: 0 });
    p.on({ kind: 'batch-done', type: 'admin:user', exported: 3, failed: false });
    expect(out.text()).toContain('admin:user done: 3 of 3 exported (0s)\n');
    p.stop();
  });
});

describe('a feed without totals (the demo passes only planned and finished batches)', () => {
  it('states no total rather than a made-up one', () => {
    const out = captureStream();
    const p = new ProgressDisplay(out, { mode: 'plain', heartbeatMs: 3_600_000 });
    p.on({ kind: 'planned', batches: 3, round: 0 });
    p.on({ kind: 'batch-done', type: 'routing:queue', exported: 5, failed: false });
    expect(p.snapshot()).toMatchObject({
      selected: undefined,
      exported: 5,
      batchesDone: 1,
      batchesPlanned: 3,
    });
    expect(p.stoppedLine()).toMatch(/^Stopped after \d+s: batches 1 of 3 done, 5 resources exported$/);
    expect(out.text()).not.toContain(' done: ');
    p.stop();
  });
});

describe('Ctrl-C says what it stopped and what was kept', () => {
  function interruptWhen(stderr: Captured, when: (text: string) => boolean): AbortSignal {
    const ac = new AbortController();
    stderr.on('data', () => {
      if (!ac.signal.aborted && when(stderr.text())) ac.abort();
    });
    return ac.signal;
  }

  it('mid-batch, with an earlier snapshot: the one-line message first, then what stopped and what was kept', async () => {
    const sim = await startSimulator();
    const cwd = tempDir();
    const first = await cli(exportArgs(sim), envFor(sim), cwd);
    expect(first.code).toBe(0);
    const earlier = readManifest(join(cwd, 'out'));
    const stamp = JSON.parse(
      snapshotFiles(join(cwd, 'out'), false).get(join('.genesys', 'last-run.json')) ?? '{}',
    ) as { runId: string; exportTime: string };
    const before = snapshotFiles(join(cwd, 'out'), false);

    const stderr = captureStream();
    const interrupt = interruptWhen(stderr, (t) => / done: /.test(t));
    const r = await cli(exportArgs(sim), envFor(sim), cwd, { stderr, interrupt });
    expect(r.code).toBe(130);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    const at = lines.findIndex((l) => l.startsWith('Interrupted'));
    const out = join(cwd, 'out');
    expect(lines.slice(at)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Interrupted: run \\S+ stopped and its work in progress removed; the earlier snapshot in ${out} is intact$`,
        ),
      ),
      expect.stringMatching(
        /^Stopped after \S+(?: \S+)?: batches \d+ of \d+ done, \d+ of \d+ resources exported, \d+ API requests; unfinished: \S+ \d+ of \d+/,
      ),
      `Kept: the earlier complete snapshot of run ${stamp.runId} (${stamp.exportTime}), ${earlier.resources.length} resources, unchanged`,
    ]);
    const stopped = /batches (\d+) of (\d+) done, (\d+) of (\d+) resources/.exec(lines[at + 1] ?? '');
    expect(Number(stopped?.[1])).toBeLessThan(Number(stopped?.[2]));
    expect(Number(stopped?.[3])).toBeLessThan(Number(stopped?.[4]));
    expect(snapshotFiles(out, false)).toEqual(before);
  });

  it('while listing, into an empty folder: nothing exported, nothing kept', async () => {
    const sim = await startSimulator();
    const cwd = tempDir();
    const stderr = captureStream();
    const interrupt = interruptWhen(stderr, (t) => /listing: /.test(t));
    const r = await cli(exportArgs(sim), envFor(sim), cwd, { stderr, interrupt, heartbeatMs: 5 });
    expect(r.code).toBe(130);
    const lines = r.err.trimEnd().split('\n');
    const at = lines.findIndex((l) => l.startsWith('Interrupted'));
    expect(lines.slice(at + 1)).toEqual([
      expect.stringMatching(
        /^Stopped while listing, after \S+(?: \S+)?, \d+ API requests; nothing was exported$/,
      ),
      `Kept: nothing; ${join(cwd, 'out')} held no earlier snapshot`,
    ]);
  });
});
