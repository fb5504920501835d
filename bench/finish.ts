/**
 * S3 requests, time, memory and /tmp use of the finishing steps (Promote, Publish, Archive) for a first
 * full run and a second run with about 1% of the resources renamed. The steps run as deployed: the
 * bundles `cdk synth` produces, each in a warm process of the Lambda runtime's Node major, with the
 * stack's environment; their S3 requests are counted by a front in front of s3rver (test/aws/bundles).
 * The export itself (plan, batches, resolve) runs in this process with no rate limit and is not measured.
 * `npm run bench` runs it when BENCH_FINISH=1; alone: `node --openssl-legacy-provider --import tsx
 * bench/finish.ts` (s3rver signs listing continuation tokens with DES: OpenSSL 3 keeps it in its legacy
 * provider). BENCH_FINISH_SIZES picks the orgs (`large`, `5x` = five times the large org; default `large`).
 *
 * s3rver implements no versioning: the front answers ListObjectVersions as S3 does for a bucket whose
 * versioning was never enabled (each object once, version ID `null`); the request count is the same as a
 * versioned bucket without noncurrent versions would take (one request per 1,000 keys).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { createClock } from '../lambdas/engine/clock.ts';
import { mapLimit } from '../lambdas/engine/concurrency.ts';
import type { BatchDescriptor } from '../lambdas/engine/model.ts';
import { S3Store } from '../lambdas/engine/storage/s3.ts';
import { ENV } from '../lambdas/handlers/environment.ts';
import type { HandlerDeps } from '../lambdas/handlers/runtime.ts';
import {
  exportBatchStep,
  type PromotedState,
  planStep,
  type RunState,
  resolveStep,
} from '../lambdas/handlers/steps.ts';
import { localDeps } from '../lambdas/local/deps.ts';
import type { OrgCounts } from '../lambdas/simulator/model.ts';
import { ORG_SIZES } from '../lambdas/simulator/org.ts';
import { DEFAULT_CLIENT, GenesysSimulator } from '../lambdas/simulator/server.ts';
import { LambdaPool } from '../test/aws/bundles/lambda-pool.ts';
import { S3Front } from '../test/aws/bundles/s3-front.ts';
import { MemoryS3 } from '../test/aws/bundles/s3-memory.ts';
import { SecretsManagerStandIn } from '../test/aws/bundles/secrets-manager.ts';
import { synthesizeWithBundles } from '../test/aws/bundles/synth.ts';
import { GitHttpServer } from '../test/git/server.ts';
import { startS3 } from '../test/s3.ts';

const run = promisify(execFile);

const SIZES: Record<string, OrgCounts> = {
  small: ORG_SIZES.small,
  large: ORG_SIZES.large,
  '5x': Object.fromEntries(
    Object.entries(ORG_SIZES.large).map(([k, n]) => [k, n * 5]),
  ) as unknown as OrgCounts,
};

interface StepFigures {
  readonly requests: Record<string, number>;
  readonly total: number;
  readonly ms: number;
}

async function exportThrough(deps: HandlerDeps, organizationId: string): Promise<RunState> {
  let state = await planStep({ options: { organizationId } }, deps);
  for (;;) {
    await mapLimit(state.batches, 8, (b: BatchDescriptor) => exportBatchStep(b, deps));
    state = await resolveStep(state, deps);
    if (state.batches.length === 0) return state;
  }
}

/** What counts the requests: the front of s3rver, or the S3 server in memory. */
type Counter = Pick<S3Front, 'requests' | 'url' | 'stop'>;

/**
 * s3rver with its counting front, or (BENCH_FINISH_S3=memory, the default for the 5x org, which s3rver
 * cannot serve in time) the S3 server in memory; the same requests either way.
 */
async function startStorage(
  size: string,
): Promise<{ s3: S3Client; front: Counter; stop: () => Promise<void> }> {
  const kind = process.env.BENCH_FINISH_S3 ?? (size === '5x' ? 'memory' : 's3rver');
  if (kind === 's3rver') {
    const { s3, stop } = await startS3('archive', 'staging');
    const endpoint = await s3.config.endpoint?.();
    const front = new S3Front(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`);
    await front.start();
    return { s3, front, stop };
  }
  if (kind !== 'memory') throw new Error(`BENCH_FINISH_S3: '${kind}' is neither s3rver nor memory`);
  const memory = new MemoryS3(['archive', 'staging']);
  await memory.start();
  const s3 = new S3Client({
    endpoint: memory.url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return { s3, front: memory, stop: async () => s3.destroy() };
}

async function measured<T>(front: Counter, fn: () => Promise<T>): Promise<{ out: T; figures: StepFigures }> {
  const mark = front.requests.length;
  const started = Date.now();
  const out = await fn();
  const requests: Record<string, number> = {};
  for (const r of front.requests.slice(mark)) requests[r.operation] = (requests[r.operation] ?? 0) + 1;
  const total = front.requests.length - mark;
  return { out, figures: { requests, total, ms: Date.now() - started } };
}

/** Bytes under a folder now. */
/**
 * Disk space used under `dir`, in bytes: the blocks, which is what fills /tmp (a loose Git object of 300
 * bytes takes a 4 KB block). Measured by `du` in a process of its own: a walk here would block the S3
 * server this process also runs.
 */
async function folderBytes(dir: string): Promise<number> {
  const { stdout } = await run('du', ['-s', '-B1', dir]);
  return Number(stdout.split('\t')[0]) || 0;
}

/** Samples a folder's size while `fn` runs: the peak /tmp use of a step. */
async function peakBytes<T>(dir: string, fn: () => Promise<T>): Promise<{ out: T; peak: number }> {
  let peak = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      // A file removed while it was being measured: du says so and the sample is skipped.
      peak = Math.max(peak, await folderBytes(dir).catch(() => 0));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  try {
    const out = await fn();
    return { out, peak };
  } finally {
    running = false;
    await sampler;
  }
}

/** Renames about 1% of the resources that have a name, spread over the collections. */
function changeOnePercent(sim: GenesysSimulator): number {
  const named = Object.values(sim.org as unknown as Record<string, unknown>)
    .filter((v): v is Array<{ name?: unknown }> => Array.isArray(v))
    .flatMap((items) => items.filter((i) => typeof i?.name === 'string'));
  const step = 100;
  let changed = 0;
  for (let i = 0; i < named.length; i += step) {
    (named[i] as { name: string }).name += ' (renamed)';
    changed++;
  }
  return changed;
}

const line = (step: string, f: StepFigures, timeoutSeconds = Number.POSITIVE_INFINITY) =>
  `${lineOf(step, f)}${f.ms > timeoutSeconds * 1000 ? `  (past the function's ${timeoutSeconds} s timeout on this machine)` : ''}`;

const lineOf = (step: string, f: StepFigures) =>
  `    ${step.padEnd(8)} ${String(f.total).padStart(6)} requests in ${(f.ms / 1000).toFixed(1).padStart(6)} s  ${Object.entries(
    f.requests,
  )
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([c, n]) => `${c.replace(/Command$/, '')} ${n}`)
    .join(', ')}`;

export async function finishBench(sizes: readonly string[]): Promise<void> {
  const outdir = mkdtempSync(join(tmpdir(), 'cx-bench-cdk-'));
  const tmp = mkdtempSync(join(tmpdir(), 'cx-bench-lambda-tmp-'));
  const git = new GitHttpServer('git', 'bench-token');
  await git.start();
  try {
    const stack = synthesizeWithBundles(outdir, {
      git: { remoteUrl: `${git.url}/finish.git`, tokenStyle: 'basic' },
    });
    for (const size of sizes) {
      const counts = SIZES[size];
      if (!counts) throw new Error(`BENCH_FINISH_SIZES: unknown size '${size}' (small, large, 5x)`);
      rmSync(join(git.root, 'finish.git'), { recursive: true, force: true });
      git.createRepo('finish.git');
      const sim = new GenesysSimulator({ size: counts, clock: createClock(50), rateLimitPerMinute: 1e9 });
      await sim.start();
      const { s3, front, stop } = await startStorage(size);
      const secrets = new SecretsManagerStandIn({
        [stack.functions.Publish?.environment[ENV.gitSecretArn] ?? '']: JSON.stringify({
          token: 'git:bench-token',
        }),
      });
      await secrets.start();
      const publishTmp = join(tmp, `${size}-publish`);
      mkdirSync(publishTmp, { recursive: true });
      const pool = new LambdaPool(stack.functions, {
        env: {
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'S3RVER',
          AWS_SECRET_ACCESS_KEY: 'S3RVER',
          AWS_ENDPOINT_URL_S3: front.url,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
          AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
          AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
          TMPDIR: publishTmp,
        },
        refs: { [stack.bucketId]: 'archive', [stack.stagingBucketId]: 'staging' },
        // s3rver on a shared 2-core machine is far slower than S3: the steps are let run past their Lambda
        // timeout here, and a figure above it is flagged rather than lost.
        timeoutMs: { Promote: 4 * 3600_000, Publish: 4 * 3600_000, Archive: 4 * 3600_000 },
      });
      try {
        const deps = localDeps({
          apiBaseUrl: sim.url,
          clientId: DEFAULT_CLIENT.clientId,
          clientSecret: DEFAULT_CLIENT.clientSecret,
          clock: sim.clock,
          snapshot: new S3Store(s3, 'archive', 'latest', { versioned: true, stagingBucket: 'staging' }),
          archive: new S3Store(s3, 'archive', ''),
        });
        const invoke = <T>(state: string, input: unknown) => pool.invoke(state, input as never) as Promise<T>;
        console.log(
          `== Finishing steps, ${size} org: the bundles on Node 22, S3 requests counted ${front instanceof S3Front ? 'in front of s3rver' : 'by the S3 server in memory'}`,
        );
        for (const run of ['first run', 'second run']) {
          const renamed = run === 'first run' ? 0 : changeOnePercent(sim);
          const state = await exportThrough(deps, sim.org.organization.id as string);
          const promote = await measured(front, () => invoke<PromotedState>('Promote', state));
          const publish = await peakBytes(publishTmp, () =>
            measured(front, () => invoke<PromotedState>('Publish', promote.out)),
          );
          const archive = await measured(front, () => invoke('Archive', publish.out.out));
          const c = promote.out.changes;
          const files = Object.values(promote.out.counts).reduce((a, b) => a + b, 0);
          console.log(
            `  ${run}: ${files} resources${renamed ? `, ${renamed} renamed in the org` : ''}; changes: ${c.added} added, ${c.changed} changed, ${c.removed} removed`,
          );
          console.log(line('Promote', promote.figures));
          console.log(
            `${line('Publish', publish.out.figures)}; peak /tmp ${(publish.peak / 1e6).toFixed(1)} MB`,
          );
          console.log(line('Archive', archive.figures));
        }
        const rss = pool.peakRssMb();
        console.log(
          `  peak RSS (MB, memory given): ${['Promote', 'Publish', 'Archive']
            .map((s) => `${s} ${rss[s]} (${stack.functions[s]?.memoryMb})`)
            .join(', ')}`,
        );
        await deps.client.close();
        console.log('');
      } finally {
        pool.stop();
        await secrets.stop();
        await front.stop();
        await stop();
        await sim.stop();
      }
    }
  } finally {
    await git.stop();
    rmSync(outdir, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await finishBench((process.env.BENCH_FINISH_SIZES ?? 'large').split(','));
