/**
 * The interruption matrix (issue 11, item 1): runs stopped part-way (after plan, mid-listing, mid-batch,
 * mid-finalize), by SIGINT and by SIGKILL, on a local folder (the CLI as a child process) and on S3
 * (s3rver; the workflow's steps as a child process, stopped the way a Lambda is). After each: no secret in
 * any byte of the folder or the bucket, staging included; a SIGINT leaves no staging, prints one line,
 * exits 130 and, before finalize, leaves the earlier snapshot byte for byte; then a clean run leaves no
 * staging and the very snapshot an uninterrupted run makes.
 *
 * Every interruption point is an event, not a delay: the simulator sees the request that marks the point
 * (each case logs in with a client of its own, so requests are told apart), or, for finalize (which makes
 * no API call), the child holds its second file promotion and says so on fd 3 (see interrupt-children.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clock, createClock } from '../../lambdas/engine/clock.ts';
import { mapLimit } from '../../lambdas/engine/concurrency.ts';
import { MANIFEST_KEY, STAGING_PREFIX } from '../../lambdas/engine/model.ts';
import { runExport } from '../../lambdas/engine/run.ts';
import { executionOwner, type RunOwner, stagedRuns } from '../../lambdas/engine/staging.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { S3Store } from '../../lambdas/engine/storage/s3.ts';
import type { SnapshotStore } from '../../lambdas/engine/storage/types.ts';
import { recordFailureStep } from '../../lambdas/handlers/steps.ts';
import { localDeps } from '../../lambdas/local/deps.ts';
import { sipPassword } from '../../lambdas/simulator/org.ts';
import {
  DEFAULT_CLIENT,
  type GenesysSimulator,
  type RequestLogEntry,
  type SimClient,
} from '../../lambdas/simulator/server.ts';
import { cleanup, harness, options, startSimulator, TEST_TIME_SCALE, tempDir } from '../helpers.ts';
import { startS3 } from '../s3.ts';
import { runSteps } from './interrupt-children.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CLI_CHILD = join(ROOT, 'test/cli-child.ts');
const GATED_CLI_CHILD = join(ROOT, 'test/faults/gated-cli-child.ts');
const WORKFLOW_CHILD = join(ROOT, 'test/faults/workflow-child.ts');
const BUCKET = 'cx-export-interrupt';
/** Finalize is held at this promotion: one file is in place, the rest and the manifest are not. */
const GATE_MOVE = 2;

type Point = 'after plan' | 'mid-listing' | 'mid-batch' | 'mid-finalize';
const POINTS: readonly Point[] = ['after plan', 'mid-listing', 'mid-batch', 'mid-finalize'];

/** Endpoints only the export-batch step calls: the first one seen means the plan is done. */
const BATCH_ENDPOINTS = new Set([
  'GET /api/v2/routing/queues/{queueId}/members',
  'GET /api/v2/routing/queues/{queueId}/wrapupcodes',
  'GET /api/v2/architect/dependencytracking/consumedresources',
  'GET /api/v2/integrations/actions/{actionId}',
  'POST /api/v2/flows/export/jobs',
]);
const MID_BATCH_ENDPOINTS = new Set([
  'GET /api/v2/routing/queues/{queueId}/members',
  'GET /api/v2/integrations/actions/{actionId}',
  'GET /api/v2/architect/dependencytracking/consumedresources',
]);

/** When a request marks the point (finalize is marked by the child itself). */
function requestTrigger(point: Exclude<Point, 'mid-finalize'>): (e: RequestLogEntry) => boolean {
  if (point === 'after plan') return (e) => BATCH_ENDPOINTS.has(e.endpoint);
  // Languages are listed in pages of 100 and the org has 130: page 2 asked means page 1 arrived.
  if (point === 'mid-listing')
    return (e) =>
      e.endpoint === 'GET /api/v2/routing/languages' &&
      new URLSearchParams(e.query).get('pageNumber') === '2';
  let n = 0;
  return (e) => MID_BATCH_ENDPOINTS.has(e.endpoint) && ++n === 3;
}

// ---------------------------------------------------------------------------------------------------------
// The world every case shares: one org, the earlier snapshot of it, the change since, and the reference.

/**
 * The S3 cases export the types that hold credentials (SIP passwords, data-action credentials) and a few
 * more: s3rver takes milliseconds per request, and a snapshot of every type would cost seconds per case.
 */
const S3_TYPES = [
  'integration:action',
  'organization:wrapupcode',
  'routing:language',
  'routing:skill',
  'telephony:trunk',
  'telephony:trunkbasesettings',
];

let sim: GenesysSimulator;
/** A clean run's snapshot of the org before it changed: every case starts from a copy. */
let earlier: string;
/** What an uninterrupted run makes of the changed org, starting from the earlier snapshot. */
let reference: string;
/** The same two for the S3 cases: the workflow's steps, S3_TYPES only. */
let earlierS3: string;
let referenceS3: string;
const listeners = new Map<string, (e: RequestLogEntry) => void>();
let clientSerial = 0;

/** Each case logs in with its own client: its requests are its own, and its secret is one more to find. */
function caseClient(): SimClient {
  clientSerial++;
  const client = {
    clientId: `interrupt-case-${clientSerial}`,
    clientSecret: `case-secret-${clientSerial}-${Math.random().toString(36).slice(2)}`,
    permissions: ['*'],
  };
  sim.clients.set(client.clientId, client);
  return client;
}

/** A scaled clock that starts now (ownership deadlines are compared across processes). */
const freshClock = (offsetMs = 0): Clock => {
  const c = createClock(TEST_TIME_SCALE);
  return { scale: c.scale, sleep: c.sleep, now: () => c.now() + offsetMs };
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const orgId = () => String(sim.org.organization.id);

/** An uninterrupted run of the engine, as `export run` does it (its client is closed by `cleanup`). */
async function cleanLocalRun(dir: string): Promise<void> {
  const h = harness(sim, dir, DEFAULT_CLIENT, freshClock());
  const r = await runExport(h.ctx, options(sim));
  expect(r.complete).toBe(true);
}

/** An uninterrupted run of the workflow's steps, S3_TYPES only, on any pair of stores. */
async function cleanWorkflowRun(
  snapshot: SnapshotStore,
  archive: SnapshotStore,
  clock = freshClock(),
  owner?: (nowMs: number) => RunOwner,
): Promise<void> {
  const deps = localDeps({
    apiBaseUrl: sim.url,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    clock,
    snapshot,
    archive,
  });
  try {
    const r = await runSteps(owner ? { ...deps, owner } : deps, {
      options: { organizationId: orgId(), resourceTypes: S3_TYPES },
      trigger: 'schedule',
    });
    expect(r.outcome).toBe('complete');
  } finally {
    await deps.client.close();
  }
}

const s3Stores = (s3: S3Client) => ({
  snapshot: new S3Store(s3, BUCKET, 'latest'),
  archive: new S3Store(s3, BUCKET, ''),
});

beforeAll(async () => {
  // 130 languages: their listing takes two pages of 100, so a run can be stopped with one page read. Only
  // four are in use; the others are exported only where a user still names them.
  sim = await startSimulator({ size: { languages: 130 } });
  for (const l of sim.org.languages.slice(4)) l.state = 'inactive';
  sim.onRequest = (e) => {
    if (e.clientId) listeners.get(e.clientId)?.(e);
  };
  earlier = tempDir('cx-interrupt-earlier-');
  earlierS3 = tempDir('cx-interrupt-earlier-s3-');
  await cleanLocalRun(earlier);
  await cleanWorkflowRun(new LocalStore(earlierS3), new LocalStore(tempDir()));
  // The org changes a little, so that the interrupted run would change the snapshot.
  sim.addResource('skills');
  sim.addResource('queues');
  sim.addResource('wrapupCodes');
  const language = sim.org.languages[1];
  if (!language?.id) throw new Error('the org has too few languages');
  sim.removeResource('languages', language.id);
  reference = tempDir('cx-interrupt-reference-');
  cpSync(earlier, reference, { recursive: true });
  await cleanLocalRun(reference);
  referenceS3 = tempDir('cx-interrupt-reference-s3-');
  cpSync(earlierS3, referenceS3, { recursive: true });
  await cleanWorkflowRun(new LocalStore(referenceS3), new LocalStore(tempDir()));
});

afterAll(cleanup);

// ---------------------------------------------------------------------------------------------------------
// Reading everything back.

/** Every file under `dir`, staging and temporary files included, as bytes. */
function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out.set(relative(dir, p).split(sep).join('/'), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Every object in the bucket (snapshot, staging, archive, run records), as bytes. */
async function readBucket(s3: S3Client): Promise<Map<string, Buffer>> {
  const all = new S3Store(s3, BUCKET, '');
  const out = new Map<string, Buffer>();
  await mapLimit(await all.list(''), 16, async (key) => {
    out.set(key, Buffer.from((await all.read(key)) ?? new Uint8Array()));
  });
  return out;
}

const text = (files: Map<string, Buffer>) =>
  new Map([...files].map(([k, v]) => [k, v.toString('utf8')] as const).sort(([a], [b]) => (a < b ? -1 : 1)));

const outsideStaging = (files: Map<string, Buffer>) =>
  new Map([...files].filter(([k]) => !k.startsWith(`${STAGING_PREFIX}/`)));

/** The SIP passwords of the org's trunk base settings (the platform's EDGE ones have none). */
const sipPasswords = () => sim.org.trunkBaseSettings.map((t) => sipPassword(t)).filter(Boolean);

/**
 * Every credential the org and the simulator hold: planted secrets (SIP passwords, data-action credentials,
 * every client's secret), each client's Basic credentials, and every access token issued so far.
 */
function secrets(): string[] {
  const planted = sim.plantedSecrets();
  const sip = sipPasswords();
  const clients = [...sim.clients.values()];
  const basic = clients.map((c) => Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64'));
  return [
    ...new Set([...planted, ...sip, ...clients.map((c) => c.clientSecret), ...basic, ...sim.issuedTokens()]),
  ];
}

/** `<secret's first 4 characters>... in <where>` for each secret found, in names or in bytes. */
function findSecrets(files: Map<string, Buffer | string>, where = ''): string[] {
  const found: string[] = [];
  for (const s of secrets())
    for (const [name, bytes] of files)
      if (name.includes(s) || (typeof bytes === 'string' ? bytes.includes(s) : bytes.includes(s)))
        found.push(`${s.slice(0, 4)}... in ${where}${name}`);
  return found;
}

/** Files that say which run wrote the snapshot and when: the same but for those two fields. */
const STAMPED = new Set([MANIFEST_KEY, '.genesys/last-run.json']);

/** The same files, byte for byte, as the reference, but for the run's ID and time where they are kept. */
function expectSameSnapshot(files: Map<string, Buffer>, referenceDir: string): void {
  const expected = readTree(referenceDir);
  expect(new Set(files.keys())).toEqual(new Set(expected.keys()));
  // `export run` records its --concurrency in the manifest's options, the engine and the workflow do not
  // (reported to the lead): not a difference of snapshot.
  const unstamped = (f: Map<string, Buffer>) =>
    new Map<string, unknown>(
      [...text(f)].map(([k, v]): [string, unknown] => {
        if (!STAMPED.has(k)) return [k, v];
        const { runId: _r, exportTime: _t, ...rest } = JSON.parse(v) as Record<string, unknown>;
        const options = rest.options as Record<string, unknown> | undefined;
        if (options) delete options.concurrency;
        // The run stamp's change tracking names runs too (the last full one, an incremental run's base),
        // and hashes the catalog's functions as the runtime compiled them (tsx in a child, vitest here).
        const tracking = rest.changeTracking as Record<string, unknown> | undefined;
        if (tracking) {
          delete tracking.lastFullRun;
          delete tracking.baseRun;
          delete tracking.catalog;
          // ...and when it started, when the last full run did, and the audit window: times of the run.
          delete tracking.startedAt;
          delete tracking.lastFullAt;
          delete tracking.auditWindow;
        }
        return [k, rest];
      }),
    );
  expect(unstamped(files)).toEqual(unstamped(expected));
}

/**
 * What a killed run left in its staging says where it stopped: mid-listing, before the plan record; later,
 * after it, with the trunk base settings listing (SIP passwords, in the API's bodies) among what was
 * scanned.
 */
function expectStagedAt(point: Point, keys: string[]): void {
  const has = (suffix: string) => keys.some((k) => k.endsWith(suffix));
  expect(has('/owner.json')).toBe(true);
  expect(has('/run.json'), `plan record at ${point}`).toBe(point !== 'mid-listing');
  if (point !== 'mid-listing') expect(has('/listings/telephony_trunkbasesettings.json')).toBe(true);
}

// ---------------------------------------------------------------------------------------------------------
// Child processes.

interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly reports: Array<Record<string, unknown>>;
  readonly fired: boolean;
}

/**
 * Runs a child until it exits, sending `signal` when the point is reached: a request of the child's client
 * that marks it, or the child's report that finalize is held.
 */
function runChild(
  script: string,
  args: string[],
  env: Record<string, string>,
  client: SimClient,
  point: Point,
  signal: NodeJS.Signals,
): Promise<ChildRun> {
  const cwd = mkdtempSync(join(tmpdir(), 'cx-interrupt-cwd-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', TSX, script, ...args], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TMPDIR: tmpdir(),
      TEST_TIME_SCALE: String(TEST_TIME_SCALE),
      GENESYS_CLOUD_BASE_URL: sim.url,
      GENESYS_CLOUD_OAUTH_CLIENT_ID: client.clientId,
      GENESYS_CLOUD_OAUTH_CLIENT_SECRET: client.clientSecret,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let fd3 = '';
  const reports: Array<Record<string, unknown>> = [];
  let fired = false;
  const fire = () => {
    if (fired) return;
    fired = true;
    child.kill(signal);
  };
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => {
    fd3 += d.toString();
    for (let i = fd3.indexOf('\n'); i >= 0; i = fd3.indexOf('\n')) {
      const r = JSON.parse(fd3.slice(0, i)) as Record<string, unknown>;
      fd3 = fd3.slice(i + 1);
      reports.push(r);
      if (point === 'mid-finalize' && r.gate === 'finalize') fire();
    }
  });
  if (point !== 'mid-finalize') {
    const marks = requestTrigger(point);
    listeners.set(client.clientId, (e) => {
      if (marks(e)) fire();
    });
  }
  return new Promise((resolveRun, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child ${script} did not finish (${point}, fired: ${fired}): ${stderr.slice(-500)}`));
    }, 45_000);
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      listeners.delete(client.clientId);
      rmSync(cwd, { recursive: true, force: true });
      // The exit event can come before the pipes drain.
      setImmediate(() => resolveRun({ code, signal: sig, stdout, stderr, reports, fired }));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------

describe('Interruptions: the world the cases share', () => {
  it('has earlier snapshots that the changed org would change, and secrets the scan can find', () => {
    for (const [from, to] of [
      [earlier, reference],
      [earlierS3, referenceS3],
    ] as const) {
      const before = text(readTree(from));
      const after = text(readTree(to));
      const changed = [...after].filter(([k, v]) => k !== MANIFEST_KEY && before.get(k) !== v);
      const removed = [...before.keys()].filter((k) => !after.has(k));
      // Finalize is held at its GATE_MOVE-th promotion: there must be that many files to promote.
      expect(changed.length).toBeGreaterThanOrEqual(GATE_MOVE);
      expect(removed).toHaveLength(1);
      expect(existsSync(join(from, STAGING_PREFIX))).toBe(false);
      expect(existsSync(join(to, STAGING_PREFIX))).toBe(false);
    }
    // The scan looks for real credentials, and finds one wherever it is.
    const planted = sim.plantedSecrets();
    expect(sipPasswords().length).toBeGreaterThan(0);
    for (const p of sipPasswords()) expect(planted).toContain(p);
    expect(planted.length).toBeGreaterThan(sipPasswords().length + 1);
    expect(sim.issuedTokens().length).toBeGreaterThan(0);
    const token = sim.issuedTokens()[0] ?? '';
    expect(findSecrets(new Map([['x.json', Buffer.from(`{"t":"${token}"}`)]]))).toHaveLength(1);
    for (const dir of [earlier, reference, earlierS3, referenceS3])
      expect(findSecrets(readTree(dir))).toEqual([]);
  });
});

describe('Interruptions on a local folder: the CLI as a child process', () => {
  const cases: Array<{ signal: NodeJS.Signals; point: Point }> = [
    ...(['SIGINT', 'SIGKILL'] as const).flatMap((signal) => POINTS.map((point) => ({ signal, point }))),
    // SIGTERM (a service manager, a container stop) takes the SIGINT path.
    { signal: 'SIGTERM', point: 'mid-batch' },
  ];
  for (const { signal, point } of cases) {
    it(`${signal} ${point}`, async () => {
      const dir = tempDir('cx-interrupt-local-');
      cpSync(earlier, dir, { recursive: true });
      const before = text(readTree(dir));
      const gated = point === 'mid-finalize';
      const run = await runChild(
        gated ? GATED_CLI_CHILD : CLI_CHILD,
        ['export', 'run', '--organizationId', orgId(), '--outputDir', dir],
        gated ? { GATE_MOVE: String(GATE_MOVE) } : {},
        caseClient(),
        point,
        signal,
      );
      expect(run.fired, `the run finished before ${point}: ${run.stderr}`).toBe(true);

      const after = readTree(dir);
      expect(findSecrets(after, `${dir}/`)).toEqual([]);
      expect(
        findSecrets(
          new Map([
            ['stdout', run.stdout],
            ['stderr', run.stderr],
          ]),
        ),
      ).toEqual([]);
      if (signal !== 'SIGKILL') {
        expect(run.code).toBe(130);
        expect(run.stdout).toBe('');
        // Progress lines come first; the interruption is told in one line, then what stopped and what was kept.
        const all = run.stderr.trimEnd().split('\n');
        const lines = all.slice(all.findIndex((l) => l.startsWith('Interrupted')));
        expect(lines).toHaveLength(point === 'mid-finalize' ? 2 : 3);
        expect(existsSync(join(dir, STAGING_PREFIX)), `staging left by ${signal}`).toBe(false);
        if (point === 'mid-finalize') {
          // Finalize had started: it completes (never half a snapshot), then the command stops.
          expect(lines[0]).toMatch(
            new RegExp(
              `^Interrupted while finalizing: run \\S+ completed its snapshot in ${escapeRegExp(dir)}`,
            ),
          );
          expectSameSnapshot(after, reference);
        } else {
          expect(lines[0]).toMatch(
            new RegExp(`^Interrupted: run \\S+ .*the earlier snapshot in ${escapeRegExp(dir)} is intact$`),
          );
          expect(text(after)).toEqual(before);
        }
      } else {
        expect(run.signal).toBe('SIGKILL');
        // The killed run's staging is left for the next run to remove; outside it, before finalize, nothing
        // changed, and mid-finalize exactly the files promoted before the hold.
        const staged = await stagedRuns(new LocalStore(dir));
        expect(staged).toHaveLength(1);
        expectStagedAt(point, await new LocalStore(dir).list(`${STAGING_PREFIX}/${staged[0]}`));
        const changed = [...text(outsideStaging(after))].filter(([k, v]) => before.get(k) !== v);
        expect(changed.map(([k]) => k)).toHaveLength(point === 'mid-finalize' ? GATE_MOVE - 1 : 0);
      }

      await cleanLocalRun(dir);
      const clean = readTree(dir);
      expect(existsSync(join(dir, STAGING_PREFIX)), 'staging left after the clean run').toBe(false);
      expectSameSnapshot(clean, reference);
      expect(findSecrets(clean, `${dir}/`)).toEqual([]);
    });
  }
});

type S3Flavor = 'stopped' | 'killed';

describe('Interruptions on S3: the workflow steps as a child process, stopped as a Lambda is', () => {
  /** Kills the workflow at the point, runs its Catch when stopped, scans the whole bucket. */
  async function s3Case(
    point: Point,
    flavor: S3Flavor,
    owner: 'process' | 'execution',
  ): Promise<{ s3: S3Client; stop: () => Promise<void>; runId: string }> {
    const { s3, stop } = await startS3(BUCKET);
    const { snapshot } = s3Stores(s3);
    await mapLimit([...readTree(earlierS3)], 16, ([k, v]) => snapshot.write(k, v));
    const ep = await s3.config.endpoint?.();
    if (!ep) throw new Error('no S3 endpoint');
    const run = await runChild(
      WORKFLOW_CHILD,
      [],
      {
        S3_ENDPOINT: `${ep.protocol}//${ep.hostname}:${ep.port}`,
        BUCKET,
        ORG_ID: orgId(),
        RESOURCE_TYPES: S3_TYPES.join(','),
        ...(owner === 'execution' ? { RUN_OWNER: 'execution' } : {}),
        ...(point === 'mid-finalize' ? { GATE_MOVE: String(GATE_MOVE) } : {}),
      },
      caseClient(),
      point,
      'SIGKILL',
    );
    expect(run.fired, `the run finished before ${point}: ${run.stderr}`).toBe(true);
    expect(run.signal).toBe('SIGKILL');
    const entered = run.reports.filter((r) => r.enter).at(-1) as { enter: string; input: object };
    const state = { 'after plan': 'ExportBatch', 'mid-listing': 'Plan', 'mid-batch': 'ExportBatch' };
    expect(entered.enter).toBe(point === 'mid-finalize' ? 'Finalize' : state[point]);
    const objects = await readBucket(s3);
    expect(findSecrets(objects, `s3://${BUCKET}/`)).toEqual([]);
    // The states' payloads (what Step Functions would keep in its history) and the output too.
    const payloads = JSON.stringify(run.reports);
    const output = new Map([
      ['state payloads', payloads],
      ['stdout', run.stdout],
      ['stderr', run.stderr],
    ]);
    expect(findSecrets(output)).toEqual([]);
    const staged = await stagedRuns(snapshot);
    expect(staged).toHaveLength(1);
    const runId = staged[0] ?? '';
    // Outside staging, nothing changed before finalize; mid-finalize, the files promoted before the hold.
    const before = text(readTree(earlierS3));
    const latest = outsideStaging(
      new Map([...objects].filter(([k]) => k.startsWith('latest/')).map(([k, v]) => [k.slice(7), v])),
    );
    const changed = [...text(latest)].filter(([k, v]) => before.get(k) !== v);
    expect(changed.map(([k]) => k)).toHaveLength(point === 'mid-finalize' ? GATE_MOVE - 1 : 0);
    expectStagedAt(point, await snapshot.list(`${STAGING_PREFIX}/${runId}`));

    if (flavor === 'stopped') {
      // The state's Catch: RecordFailure gets the state's input and the error; after Plan it knows the run.
      const deps = localDeps({
        apiBaseUrl: sim.url,
        clientId: DEFAULT_CLIENT.clientId,
        clientSecret: DEFAULT_CLIENT.clientSecret,
        clock: freshClock(),
        ...s3Stores(s3),
      });
      const record = await recordFailureStep(
        {
          ...(entered.input as { runId?: string }),
          error: { Error: 'States.Timeout', Cause: 'Task timed out after 900.00 seconds' },
        },
        deps,
      );
      await deps.client.close();
      expect(record.outcome).toBe('failed');
      if (entered.enter === 'Plan') {
        // Plan's Catch has no run ID (the plan never returned): the next run removes what it left.
        expect(await stagedRuns(snapshot)).toEqual([runId]);
      } else {
        expect(record.runId).toBe(runId);
        expect(await stagedRuns(snapshot)).toEqual([]);
      }
    }
    return { s3, stop, runId };
  }

  /** No staging anywhere in the bucket, the reference snapshot under latest/, no secret. */
  async function expectCleanBucket(s3: S3Client): Promise<void> {
    const all = s3Stores(s3).archive;
    const keys = await all.list('');
    expect(
      keys.filter((k) => k.includes(STAGING_PREFIX)),
      'staging left after the clean run',
    ).toEqual([]);
    const latest = new Map<string, Buffer>();
    await mapLimit(
      keys.filter((k) => k.startsWith('latest/')),
      16,
      async (k) => {
        latest.set(k.slice('latest/'.length), Buffer.from((await all.read(k)) ?? new Uint8Array()));
      },
    );
    expectSameSnapshot(latest, referenceS3);
    expect(findSecrets(latest, `s3://${BUCKET}/latest/`)).toEqual([]);
  }

  const cases = (['stopped', 'killed'] as const).flatMap((flavor) =>
    POINTS.map((point) => ({ flavor, point })),
  );
  for (const { flavor, point } of cases) {
    const label =
      flavor === 'stopped'
        ? `a Lambda stopped ${point}, then its Catch (RecordFailure)`
        : `the workflow killed ${point}, no Catch`;
    it(label, async () => {
      const { s3, stop } = await s3Case(point, flavor, 'process');
      try {
        const { snapshot, archive } = s3Stores(s3);
        await cleanWorkflowRun(snapshot, archive);
        await expectCleanBucket(s3);
      } finally {
        await stop();
      }
    });
  }

  it('an execution killed mid-batch keeps its staging while it may still run, and loses it after its deadline', async () => {
    const { s3, stop, runId } = await s3Case('mid-batch', 'killed', 'execution');
    try {
      const { snapshot, archive } = s3Stores(s3);
      await cleanWorkflowRun(snapshot, archive, freshClock(), executionOwner);
      expect(await stagedRuns(snapshot)).toEqual([runId]);
      await cleanWorkflowRun(snapshot, archive, freshClock(7 * 3_600_000), executionOwner);
      await expectCleanBucket(s3);
    } finally {
      await stop();
    }
  });
});
