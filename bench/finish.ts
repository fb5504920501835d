/**
 * S3 requests and time of the finishing steps (Promote, Publish, Archive) for a first full run and a
 * second run with about 1% of the resources changed, on the step handlers in this process against
 * s3rver with a request counter on the S3 client, and Git publishing to a git http-backend on loopback.
 * `npm run bench` runs it when BENCH_FINISH=1; alone: `node --openssl-legacy-provider --import tsx
 * bench/finish.ts` (s3rver signs listing continuation tokens with DES: OpenSSL 3 keeps it in its legacy
 * provider). BENCH_FINISH_SIZES picks
 * the orgs (`large`, `5x` = five times the large org; default `large`). The export itself (plan, batches,
 * resolve) runs with no rate limit and is not measured.
 *
 * s3rver implements no versioning: the Archive here lists current objects with their ETags through the
 * same request count a ListObjectVersions listing would take on a bucket without noncurrent versions
 * (one request per 1,000 keys) and records the version ID `null`, as S3 does for an unversioned object.
 */
import { createClock } from '../lambdas/engine/clock.ts';
import { mapLimit } from '../lambdas/engine/concurrency.ts';
import type { PublishTarget } from '../lambdas/engine/git/target.ts';
import type { BatchDescriptor } from '../lambdas/engine/model.ts';
import { S3Store } from '../lambdas/engine/storage/s3.ts';
import type { ObjectVersion } from '../lambdas/engine/storage/types.ts';
import type { HandlerDeps } from '../lambdas/handlers/runtime.ts';
import {
  archiveStep,
  exportBatchStep,
  type PromotedState,
  planStep,
  promoteStep,
  publishStep,
  type RunState,
  resolveStep,
} from '../lambdas/handlers/steps.ts';
import { localDeps } from '../lambdas/local/deps.ts';
import type { OrgCounts } from '../lambdas/simulator/model.ts';
import { ORG_SIZES } from '../lambdas/simulator/org.ts';
import { DEFAULT_CLIENT, GenesysSimulator } from '../lambdas/simulator/server.ts';
import { GitHttpServer } from '../test/git/server.ts';
import { byCommand, recordRequests, type S3Request, startS3 } from '../test/s3.ts';

/** The versioned-bucket Archive path on s3rver, which has no versioning (see the header). */
class VersionsOnS3rver extends S3Store {
  override async currentVersions(prefix: string): Promise<Map<string, ObjectVersion>> {
    const out = new Map<string, ObjectVersion>();
    if (prefix.endsWith('/')) {
      for (const [key, tag] of await this.listTagged(prefix.slice(0, -1)))
        out.set(key, { versionId: 'null', tag });
      return out;
    }
    // One file: one request, as a ListObjectVersions of that exact prefix would be.
    const one = await this.readTagged(prefix);
    if (one) out.set(prefix, { versionId: 'null', tag: one.tag });
    return out;
  }
}

const SIZES: Record<string, OrgCounts> = {
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

async function measured<T>(
  sent: S3Request[],
  fn: () => Promise<T>,
): Promise<{ out: T; figures: StepFigures }> {
  const mark = sent.length;
  const started = Date.now();
  const out = await fn();
  const mine = sent.slice(mark);
  return { out, figures: { requests: byCommand(mine), total: mine.length, ms: Date.now() - started } };
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

const line = (step: string, f: StepFigures) =>
  `    ${step.padEnd(8)} ${String(f.total).padStart(6)} requests in ${(f.ms / 1000).toFixed(1).padStart(6)} s  ${Object.entries(
    f.requests,
  )
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([c, n]) => `${c.replace(/Command$/, '')} ${n}`)
    .join(', ')}`;

export async function finishBench(sizes: readonly string[]): Promise<void> {
  for (const size of sizes) {
    const counts = SIZES[size];
    if (!counts) throw new Error(`BENCH_FINISH_SIZES: unknown size '${size}' (large, 5x)`);
    const sim = new GenesysSimulator({ size: counts, clock: createClock(50), rateLimitPerMinute: 1e9 });
    await sim.start();
    const { s3, stop } = await startS3('archive');
    const git = new GitHttpServer('git', 'bench-token');
    await git.start();
    try {
      const sent = recordRequests(s3);
      const target: PublishTarget = {
        kind: 'remote',
        url: git.createRepo('finish.git'),
        branch: 'main',
        path: 'snapshot',
        token: 'git:bench-token',
        tokenStyle: 'basic',
        author: { name: 'bench', email: 'bench@example.com' },
      };
      const deps = localDeps({
        apiBaseUrl: sim.url,
        clientId: DEFAULT_CLIENT.clientId,
        clientSecret: DEFAULT_CLIENT.clientSecret,
        clock: sim.clock,
        snapshot: new VersionsOnS3rver(s3, 'archive', 'latest', { versioned: true }),
        archive: new S3Store(s3, 'archive', ''),
        gitTarget: async () => target,
      });
      console.log(`== Finishing steps, ${size} org, on s3rver (requests counted at the S3 client)`);
      for (const run of ['first run', 'second run']) {
        const renamed = run === 'first run' ? 0 : changeOnePercent(sim);
        const state = await exportThrough(deps, sim.org.organization.id as string);
        const promote = await measured(sent, () => promoteStep(state, deps));
        const publish = await measured(sent, () => publishStep(promote.out, deps));
        const archive = await measured(sent, () => archiveStep(publish.out as PromotedState, deps));
        const c = promote.out.changes;
        const files = Object.values(promote.out.counts).reduce((a, b) => a + b, 0);
        console.log(
          `  ${run}: ${files} resources${renamed ? `, ${renamed} renamed in the org` : ''}; changes: ${c.added} added, ${c.changed} changed, ${c.removed} removed`,
        );
        console.log(line('Promote', promote.figures));
        console.log(line('Publish', publish.figures));
        console.log(line('Archive', archive.figures));
      }
      await deps.client.close();
      console.log('');
    } finally {
      await git.stop();
      await stop();
      await sim.stop();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await finishBench((process.env.BENCH_FINISH_SIZES ?? 'large').split(','));
