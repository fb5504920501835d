/**
 * What one ExportBatch Lambda needs, measured: plans the large org as the state machine does (the default
 * client budget split over the Map's concurrency), then runs the first (largest) batch of every type in
 * its own process, each with its own token paced to its share, and prints peak RSS, virtual duration and
 * requests per batch, largest first. The figures behind ExportBatch's memory and timeout in
 * lib/export-functions.ts.
 *
 * `tsx bench/batch-limits.ts` (BENCH_TIME_SCALE, default 10; BENCH_SIZE small|large, default large).
 * Time-scaled like bench/run.ts: virtual time is what a Lambda would spend; CPU time is scaled up too,
 * so durations err long. Peak RSS is that of a tsx process (TypeScript compiled at start), above what the
 * esbuild bundle needs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClock } from '../lambdas/engine/clock.ts';
import { GenesysClient } from '../lambdas/engine/genesys/client.ts';
import type { BatchDescriptor } from '../lambdas/engine/model.ts';
import { LocalStore } from '../lambdas/engine/storage/local.ts';
import type { HandlerDeps } from '../lambdas/handlers/runtime.ts';
import { exportBatchStep, planStep } from '../lambdas/handlers/steps.ts';
import { localDeps } from '../lambdas/local/deps.ts';
import { DEFAULT_CLIENT, GenesysSimulator } from '../lambdas/simulator/server.ts';
import { DEFAULT_CLIENT_REQUESTS_PER_MINUTE, DEFAULT_MAP_CONCURRENCY } from '../lib/export-state-machine.ts';

const SCALE = Number(process.env.BENCH_TIME_SCALE ?? 10);
const SIZE = (process.env.BENCH_SIZE ?? 'large') as 'small' | 'large';
const RATE_BUDGET = {
  clientRequestsPerMinute: DEFAULT_CLIENT_REQUESTS_PER_MINUTE,
  parallelBatches: DEFAULT_MAP_CONCURRENCY,
};

/** Deps as a Lambda has them: a client of its own (its own token), stores on local folders. */
function lambdaDeps(
  simUrl: string,
  snapshotDir: string,
  scale: number,
): HandlerDeps & { client: GenesysClient } {
  const clock = createClock(scale);
  const {
    sharedClientStats: _s,
    client: _c,
    ...base
  } = localDeps({
    apiBaseUrl: simUrl,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    clock,
    snapshot: new LocalStore(snapshotDir),
    archive: new LocalStore(snapshotDir),
  });
  const client = new GenesysClient({
    connection: {
      apiBaseUrl: simUrl,
      authUrl: simUrl,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
    },
    clock,
  });
  return { ...base, client, genesysClient: async () => client };
}

async function child(inputFile: string): Promise<void> {
  const env = process.env;
  const deps = lambdaDeps(env.SIM_URL ?? '', env.SNAPSHOT_DIR ?? '', SCALE);
  const batch = JSON.parse(readFileSync(inputFile, 'utf8')) as BatchDescriptor;
  const started = Date.now();
  const cpuStart = process.cpuUsage();
  const virtualStart = deps.clock.now();
  const result = await exportBatchStep(batch, deps);
  const out = {
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    realMs: Date.now() - started,
    cpuMs: Math.round((process.cpuUsage(cpuStart).user + process.cpuUsage(cpuStart).system) / 1000),
    virtualMs: Math.round(deps.clock.now() - virtualStart),
    requests: deps.client.stats.requests,
    rateLimited: deps.client.stats.rateLimited,
    exported: result.exported,
  };
  await deps.client.close();
  process.stderr.write(`${JSON.stringify(out)}\n`);
}

interface Row {
  type: string;
  batchId: string;
  maxRssMb: number;
  virtualMs: number;
  cpuMs: number;
  requests: number;
  rateLimited: number;
}

async function parent(): Promise<void> {
  const sim = new GenesysSimulator({
    size: SIZE,
    clock: createClock(SCALE),
    rateLimitPerMinute: 300,
    clientRateLimitPerMinute: DEFAULT_CLIENT_REQUESTS_PER_MINUTE,
    latencyMs: { min: 50, max: 150 },
  });
  await sim.start();
  const root = mkdtempSync(join(tmpdir(), 'cx-batch-limits-'));
  const snapshotDir = join(root, 'snapshot');
  const deps = lambdaDeps(sim.url, snapshotDir, SCALE);
  const state = await planStep(
    {
      input: { options: { organizationId: sim.org.organization.id } },
      execution: '',
      rateBudget: RATE_BUDGET,
    },
    deps,
  );
  await deps.client.close();
  const firstOfType = new Map<string, BatchDescriptor>();
  for (const b of state.batches) if (!firstOfType.has(b.type)) firstOfType.set(b.type, b);
  console.log(
    `${SIZE} org: ${state.batches.length} batches in round 0, share ${state.batches[0]?.requestsPerMinute} requests/min each; measuring the first batch of ${firstOfType.size} types at x${SCALE}`,
  );
  const rows: Row[] = [];
  let n = 0;
  for (const b of firstOfType.values()) {
    const file = join(root, `batch-${n++}.json`);
    writeFileSync(file, JSON.stringify(b));
    const stderr = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', 'bench/batch-limits.ts', '--child', file],
        { env: { ...process.env, SIM_URL: sim.url, SNAPSHOT_DIR: snapshotDir }, maxBuffer: 64 << 20 },
        (err, _so, se) => (err ? reject(new Error(`${b.batchId}: ${se}`)) : resolve(se)),
      ),
    );
    const m = JSON.parse(stderr.trim().split('\n').at(-1) ?? '{}') as Row;
    rows.push({ ...m, type: b.type, batchId: b.batchId });
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  await sim.stop();
  rmSync(root, { recursive: true, force: true });
  const show = (r: Row) =>
    `${r.batchId.padEnd(48)} ${String(r.maxRssMb).padStart(5)} MB ${(r.virtualMs / 1000).toFixed(1).padStart(7)} s (CPU ${(r.cpuMs / 1000).toFixed(1)} s) ${String(r.requests).padStart(5)} req ${r.rateLimited} x429`;
  console.log('== longest batches (virtual time)');
  for (const r of [...rows].sort((a, b) => b.virtualMs - a.virtualMs).slice(0, 8)) console.log(show(r));
  console.log('== largest batches (peak RSS)');
  for (const r of [...rows].sort((a, b) => b.maxRssMb - a.maxRssMb).slice(0, 5)) console.log(show(r));
  console.log(
    JSON.stringify({
      maxRssMb: Math.max(...rows.map((r) => r.maxRssMb)),
      maxVirtualSeconds: Math.max(...rows.map((r) => r.virtualMs)) / 1000,
      maxRequests: Math.max(...rows.map((r) => r.requests)),
      maxCpuSeconds: Math.max(...rows.map((r) => r.cpuMs)) / 1000,
    }),
  );
}

if (process.argv[2] === '--child') await child(process.argv[3] ?? '');
else await parent();
