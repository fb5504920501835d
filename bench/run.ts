/**
 * `npm run bench`: exports the small and the large simulated org at 300 requests per minute with 50-150 ms
 * latency, and does the same export the usual way (the official SDK paging each type at its default page
 * size, then reading every resource again by ID, retrying 429 and 5xx after Retry-After as the SDKs do)
 * against the same simulator settings. Prints figures; never fails on speed, but fails loudly when a
 * measurement is not valid (a partial export, exit 3, is a failed measurement, not a result).
 *
 * Time-scaled: the simulator's clock and every client wait run SCALE times faster than real time, on both
 * sides alike, so the minutes a rate-limited export takes pass in seconds. Figures are in virtual time.
 * Real CPU time is multiplied by the scale too, so the headline figures are taken at x5 (the default;
 * BENCH_TIME_SCALE overrides it) and the scale is printed next to them. The product reads no time scale:
 * bench/child.ts injects the scaled clock into the CLI.
 *
 * BENCH_FINISH=1 adds the S3 requests and time of Promote, Publish and Archive (bench/finish.ts).
 * With the large org, an incremental scenario follows (bench/incremental.ts: 1% of the org changed
 * overnight, full and incremental requests and time side by side); BENCH_SKIP_INCREMENTAL=1 leaves it out.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import platformClient from 'purecloud-platform-client-v2';
import { createClock } from '../lambdas/engine/clock.ts';
import type { Manifest } from '../lambdas/engine/model.ts';
import { LocalStore } from '../lambdas/engine/storage/local.ts';
import { exportBatchStep, type RunState } from '../lambdas/handlers/steps.ts';
import { localDeps } from '../lambdas/local/deps.ts';
import type { OrgCounts } from '../lambdas/simulator/org.ts';
import { DEFAULT_CLIENT, GenesysSimulator } from '../lambdas/simulator/server.ts';
import { GitHttpServer } from '../test/git/server.ts';
import { minimumRequests } from './minimum.ts';

const SCALE = Number(process.env.BENCH_TIME_SCALE ?? 5);
if (!(SCALE > 0))
  throw new Error(`BENCH_TIME_SCALE must be a positive number, got ${process.env.BENCH_TIME_SCALE}`);
const RATE = 300;
const LATENCY = { min: 50, max: 150 };
const scenarios = (process.env.BENCH_SCENARIOS ?? 'small,large').split(',') as Array<'small' | 'large'>;

interface Figures {
  /** API requests, 429s included. */
  requests: number;
  rateLimited: number;
  /** Requests that arrived while a Retry-After the simulator had sent was still running. */
  earlyRetries: number;
  virtualSeconds: number;
  maxRssMb?: number;
}

/** A run that did not measure what it claims to: the benchmark stops rather than print it. */
class InvalidMeasurement extends Error {}

/** From the first request the simulator saw to the last: process start-up is not export time. */
function activeSeconds(sim: GenesysSimulator): number {
  const first = sim.log[0]?.at ?? 0;
  const last = sim.log.at(-1)?.at ?? first;
  return (last - first) / 1000;
}

function simulator(size: 'small' | 'large' | Partial<OrgCounts>): GenesysSimulator {
  return new GenesysSimulator({
    size,
    clock: createClock(SCALE),
    rateLimitPerMinute: RATE,
    latencyMs: LATENCY,
  });
}

async function ours(
  size: 'small' | 'large',
): Promise<Figures & { manifest: Manifest; sim: GenesysSimulator }> {
  const sim = simulator(size);
  await sim.start();
  const out = mkdtempSync(join(tmpdir(), 'cx-bench-'));
  const env = {
    ...process.env,
    GENESYS_CLOUD_BASE_URL: sim.url,
    GENESYS_CLOUD_OAUTH_CLIENT_ID: DEFAULT_CLIENT.clientId,
    GENESYS_CLOUD_OAUTH_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
    BENCH_TIME_SCALE: String(SCALE),
  };
  const stderr = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/child.ts',
        'export',
        'run',
        '--organizationId',
        String(sim.org.organization.id),
        '--outputDir',
        out,
      ],
      { env, maxBuffer: 64 << 20 },
      (err, stdout, se) => {
        if (!err) return resolve(se);
        const why =
          child.exitCode === 3
            ? 'exited 3: a PARTIAL snapshot is a failed measurement, not a result'
            : `failed (${err.message.split('\n')[0]})`;
        reject(new InvalidMeasurement(`cx-export on the ${size} org ${why}\n${stdout}\n${se}`));
      },
    );
  });
  const virtualSeconds = activeSeconds(sim);
  const { maxRssMb } = JSON.parse(stderr.trim().split('\n').at(-1) ?? '{}') as { maxRssMb: number };
  const manifest = JSON.parse(
    readFileSync(join(out, '.genesys', 'export-manifest.json'), 'utf8'),
  ) as Manifest;
  if (!manifest.complete)
    throw new InvalidMeasurement(`cx-export on the ${size} org wrote a partial manifest: not a result`);
  const { total, rateLimited } = sim.apiRequestCount();
  await sim.stop();
  rmSync(out, { recursive: true, force: true });
  return {
    requests: total,
    rateLimited,
    earlyRetries: sim.earlyRetries,
    virtualSeconds,
    maxRssMb,
    manifest,
    sim,
  };
}

/** The usual way: the official SDK, default page size (25), list every type then read each resource by ID. */
async function baseline(size: 'small' | 'large'): Promise<Figures> {
  const sim = simulator(size);
  await sim.start();
  const clock = sim.clock;
  const client = platformClient.ApiClient.instance;
  client.setGateway({ host: '127.0.0.1', protocol: 'http', port: Number(new URL(sim.url).port) } as never);
  await client.loginClientCredentialsGrant(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret);
  // Extended responses carry the status and headers, so that a retry can read Retry-After.
  client.setReturnExtendedResponses(true);
  // The SDK does not retry; a careful script (the Terraform exporter does the same) retries 429 and 5xx
  // after Retry-After, 3 s when the header is absent, as the official SDKs' own retry does.
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        const r = (await fn()) as unknown;
        // An SDK call answers { status, headers, body }; a composite read (queue + its pages) answers nothing.
        return (r && typeof r === 'object' && 'status' in r && 'body' in r ? r.body : r) as T;
      } catch (e) {
        const { status, headers } = e as { status?: number; headers?: Record<string, string> };
        if (status !== 429 && status !== 502 && status !== 503 && status !== 504) throw e;
        const retryAfter = Number(headers?.['retry-after']);
        await clock.sleep((Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : 3) * 1000);
      }
    }
  };
  const pool = async <T>(items: T[], fn: (x: T) => Promise<unknown>) => {
    let i = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (i < items.length) await fn(items[i++] as T);
      }),
    );
  };
  const pages = async (
    fetchPage: (
      n: number,
    ) => Promise<{ entities?: Array<{ id?: string }>; pageCount?: number; nextUri?: string }>,
  ) => {
    const ids: string[] = [];
    for (let n = 1; ; n++) {
      const p = await call(() => fetchPage(n));
      ids.push(...(p.entities ?? []).map((e) => e.id as string));
      if (!p.nextUri) return ids;
    }
  };
  const r = new platformClient.RoutingApi();
  const a = new platformClient.ArchitectApi();
  const t = new platformClient.TelephonyProvidersEdgeApi();
  const z = new platformClient.AuthorizationApi();
  const u = new platformClient.UsersApi();
  const g = new platformClient.GroupsApi();
  const l = new platformClient.LocationsApi();
  const i = new platformClient.IntegrationsApi();
  const teams = new platformClient.TeamsApi();
  const types: Array<[(n: number) => Promise<never>, (id: string) => Promise<unknown>]> = [
    [(n) => z.getAuthorizationDivisions({ pageNumber: n }) as never, (id) => z.getAuthorizationDivision(id)],
    [(n) => z.getAuthorizationRoles({ pageNumber: n }) as never, (id) => z.getAuthorizationRole(id)],
    [(n) => r.getRoutingSkills({ pageNumber: n }) as never, (id) => r.getRoutingSkill(id)],
    [(n) => r.getRoutingLanguages({ pageNumber: n }) as never, (id) => r.getRoutingLanguage(id)],
    [(n) => r.getRoutingWrapupcodes({ pageNumber: n }) as never, (id) => r.getRoutingWrapupcode(id)],
    [(n) => l.getLocations({ pageNumber: n }) as never, (id) => l.getLocation(id)],
    [(n) => g.getGroups({ pageNumber: n }) as never, (id) => g.getGroup(id)],
    [
      (n) => u.getUsers({ pageNumber: n }) as never,
      (id) => u.getUser(id, { expand: ['skills', 'languages', 'locations', 'groups', 'team'] }),
    ],
    [(n) => a.getArchitectSchedules({ pageNumber: n }) as never, (id) => a.getArchitectSchedule(id)],
    [
      (n) => a.getArchitectSchedulegroups({ pageNumber: n }) as never,
      (id) => a.getArchitectSchedulegroup(id),
    ],
    [(n) => a.getArchitectPrompts({ pageNumber: n }) as never, (id) => a.getArchitectPrompt(id)],
    [(n) => i.getIntegrationsActions({ pageNumber: n }) as never, (id) => i.getIntegrationsAction(id)],
    [
      (n) => t.getTelephonyProvidersEdgesTrunkbasesettings({ pageNumber: n }) as never,
      (id) => t.getTelephonyProvidersEdgesTrunkbasesetting(id),
    ],
    [
      (n) => t.getTelephonyProvidersEdgesTrunks({ pageNumber: n }) as never,
      (id) => t.getTelephonyProvidersEdgesTrunk(id),
    ],
    [
      (n) => r.getRoutingQueues({ pageNumber: n }) as never,
      async (id) => {
        await call(() => r.getRoutingQueue(id));
        await pages((n) => r.getRoutingQueueWrapupcodes(id, { pageNumber: n }) as never);
        await pages((n) => r.getRoutingQueueMembers(id, { pageNumber: n }) as never);
      },
    ],
    [(n) => a.getFlows({ pageNumber: n }) as never, (id) => a.getFlow(id)],
  ];
  for (const [list, read] of types) {
    const ids = await pages(list);
    await pool(ids, (id) => call(() => read(id)));
  }
  let after: string | undefined;
  const teamIds: string[] = [];
  do {
    const p = await call(() => teams.getTeams({ after }));
    teamIds.push(...(p.entities ?? []).map((e) => e.id as string));
    after = p.nextUri ? (new URL(p.nextUri, sim.url).searchParams.get('after') ?? undefined) : undefined;
  } while (after);
  await pool(teamIds, (id) => call(() => teams.getTeam(id)));
  const virtualSeconds = activeSeconds(sim);
  const { total, rateLimited } = sim.apiRequestCount();
  await sim.stop();
  return { requests: total, rateLimited, earlyRetries: sim.earlyRetries, virtualSeconds };
}

/**
 * The fewest seconds N requests can take under a fixed window of `limit` requests per `windowSeconds`:
 * the first request opens a window, and the last can go no sooner than the start of the window it falls
 * in, floor((N - 1) / limit) windows later. (N / rate is no lower bound: a run that starts early in a
 * window and ends early in its last one beats it.)
 */
function fixedWindowBound(n: number, limit: number, windowSeconds = 60): number {
  return Math.floor((n - 1) / limit) * windowSeconds;
}

const LAMBDA_MEMORY_MB: Record<string, number> = {
  plan: 1024,
  exportBatch: 512,
  resolve: 512,
  finalize: 2048,
  publish: 2048,
};

/**
 * Each Lambda handler in its own process, as on AWS: plan, the first (largest) batch of every type,
 * resolve, finalize, and the Git publish of the snapshot to a git http-backend remote on loopback.
 * The other batches run in this process (not measured).
 */
async function lambdaHandlers(size: 'small' | 'large'): Promise<void> {
  const sim = simulator(size);
  await sim.start();
  const root = mkdtempSync(join(tmpdir(), 'cx-bench-lambda-'));
  const snapshotDir = join(root, 'snapshot');
  const archiveDir = join(root, 'archive');
  const git = new GitHttpServer('git', 'bench-token');
  await git.start();
  const remote = git.createRepo('snapshot.git');
  const env = {
    ...process.env,
    SIM_URL: sim.url,
    SNAPSHOT_DIR: snapshotDir,
    ARCHIVE_DIR: archiveDir,
    TIME_SCALE: String(SCALE),
    GIT_REMOTE_URL: remote,
    GIT_TOKEN: 'git:bench-token',
  };
  const rows: Array<[string, string, number, number]> = [];
  let n = 0;
  const invoke = async <T>(step: string, input: unknown, label = ''): Promise<T> => {
    const file = join(root, `input-${n++}.json`);
    writeFileSync(file, JSON.stringify(input));
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', 'bench/invoke.ts', step, file],
        { env, maxBuffer: 64 << 20 },
        (err, so, se) => (err ? reject(new Error(`${step}: ${se}`)) : resolve({ stdout: so, stderr: se })),
      ),
    );
    const { maxRssMb, ms } = JSON.parse(stderr.trim().split('\n').at(-1) ?? '{}') as {
      maxRssMb: number;
      ms: number;
    };
    rows.push([step, label, maxRssMb, ms]);
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as T;
  };
  const deps = localDeps({
    apiBaseUrl: sim.url,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    clock: sim.clock,
    snapshot: new LocalStore(snapshotDir),
    archive: new LocalStore(archiveDir),
  });
  let state = await invoke<RunState>('plan', { options: { organizationId: sim.org.organization.id } });
  const measured = new Set<string>();
  for (;;) {
    for (const b of state.batches) {
      if (!measured.has(b.type)) {
        measured.add(b.type);
        await invoke('exportBatch', b, b.type);
      } else await exportBatchStep(b, deps);
    }
    state = await invoke<RunState>('resolve', state, `round ${state.round}`);
    if (state.batches.length === 0) break;
  }
  const final = await invoke<{ counts: Record<string, number> }>('finalize', state);
  const files = Object.values(final.counts).reduce((a, b) => a + b, 0);
  await invoke('publish', {}, `${files} resources`);
  await deps.client.close();
  await git.stop();
  await sim.stop();
  rmSync(root, { recursive: true, force: true });
  console.log(
    `== Lambda handlers, ${size} org (each in its own process; memory as configured in lib/export-functions.ts)`,
  );
  const worst = new Map<string, [string, string, number, number]>();
  for (const r of rows)
    if (!worst.has(r[0]) || (worst.get(r[0]) as [string, string, number, number])[2] < r[2])
      worst.set(r[0], r);
  for (const r of rows) {
    const isWorst = worst.get(r[0]) === r;
    if (r[0] === 'exportBatch' && !isWorst && !process.env.BENCH_VERBOSE) continue;
    const limit = LAMBDA_MEMORY_MB[r[0]] ?? 0;
    console.log(
      `  ${r[0].padEnd(12)} ${r[1].padEnd(28)} peak RSS ${String(r[2]).padStart(4)} MB of ${limit} MB (${Math.round((100 * r[2]) / limit)}%), ${(r[3] / 1000).toFixed(1)} s real`,
    );
  }
  console.log('');
}

const fmt = (n: number, d = 0) => n.toFixed(d);
const useful = (f: Figures) => f.requests - f.rateLimited;
console.log(
  `cx-export benchmark: ${RATE} requests/min per token (fixed 60 s windows), latency ${LATENCY.min}-${LATENCY.max} ms, time scale x${SCALE} (virtual time, applied to both sides; real CPU time counts ${SCALE}x)\n`,
);
try {
  for (const size of scenarios) {
    const o = await ours(size);
    const { total: min, byType } = minimumRequests(o.sim.org, o.manifest);
    const bound = fixedWindowBound(min, RATE);
    const b = process.env.BENCH_SKIP_BASELINE ? undefined : await baseline(size);
    const resources = o.manifest.resources.length;
    console.log(`== ${size} org: ${resources} resources exported, time scale x${SCALE}`);
    console.log(
      `  cx-export   requests ${o.requests} (${useful(o)} without 429s; minimum ${min}, ${fmt(o.requests / min, 3)}x), 429s ${o.rateLimited}, early retries ${o.earlyRetries}, time ${fmt(o.virtualSeconds, 1)} s (fixed-window bound floor((${min} - 1) / ${RATE}) x 60 s = ${fmt(bound, 0)} s${bound > 0 ? `, ${fmt(o.virtualSeconds / bound, 2)}x` : ''}), peak RSS ${o.maxRssMb} MB`,
    );
    console.log(
      `  minimum by type: ${Object.entries(byType)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}`,
    );
    if (process.env.BENCH_DETAIL) {
      const byEndpoint = new Map<string, number>();
      for (const e of o.sim.log)
        if (e.path.startsWith('/api/')) byEndpoint.set(e.endpoint, (byEndpoint.get(e.endpoint) ?? 0) + 1);
      for (const [endpoint, n] of [...byEndpoint].sort((x, y) => y[1] - x[1]))
        console.log(`    ${String(n).padStart(6)}  ${endpoint}`);
    }
    if (b) {
      console.log(
        `  SDK list+read requests ${b.requests} (${useful(b)} without 429s), 429s ${b.rateLimited}, early retries ${b.earlyRetries}, time ${fmt(b.virtualSeconds, 1)} s (no flow definitions)`,
      );
      console.log(
        `  ratio       requests ${fmt(useful(b) / useful(o), 1)}x fewer without 429s (${fmt(b.requests / o.requests, 1)}x with), time ${fmt(b.virtualSeconds / o.virtualSeconds, 1)}x (SDK time / cx-export time)`,
      );
    }
    console.log('');
    if (!process.env.BENCH_SKIP_LAMBDA) await lambdaHandlers(size);
  }
  if (scenarios.includes('large') && !process.env.BENCH_SKIP_INCREMENTAL)
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', 'bench/incremental.ts', 'large'],
        { maxBuffer: 64 << 20, env: { ...process.env, BENCH_TIME_SCALE: String(SCALE) } },
        (err, stdout, stderr) => {
          process.stdout.write(stdout);
          if (err) reject(new Error(`bench/incremental.ts: ${stderr}`));
          else resolve();
        },
      ),
    );
  // In a child: s3rver signs listing continuation tokens with DES, which Node's OpenSSL 3 only has in its
  // legacy provider, so a listing past 1,000 keys needs --openssl-legacy-provider.
  if (process.env.BENCH_FINISH)
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--openssl-legacy-provider', '--import', 'tsx', 'bench/finish.ts'],
        { maxBuffer: 64 << 20 },
        (err, stdout, stderr) => {
          process.stdout.write(stdout);
          if (err) reject(new Error(`bench/finish.ts: ${stderr}`));
          else resolve();
        },
      ),
    );
} catch (err) {
  if (!(err instanceof InvalidMeasurement)) throw err;
  console.error(`\nBENCHMARK FAILED: ${err.message}`);
  process.exit(1);
}
