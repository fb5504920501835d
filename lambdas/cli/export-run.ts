/** `genesyscloud export run`: validates the flags, runs the export locally, prints the summary. */
import { mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { countChanges, describeCounts } from '../engine/changes.ts';
import { type Clock, systemClock } from '../engine/clock.ts';
import { errorMessage, UsageError } from '../engine/errors.ts';
import { GenesysClient } from '../engine/genesys/client.ts';
import { connectionFromEnv } from '../engine/genesys/config.ts';
import { checkRemoteUrl, detectTokenStyle, TOKEN_STYLES, type TokenStyle } from '../engine/git/auth.ts';
import {
  commitLocal,
  DEFAULT_GIT_AUTHOR,
  type PublishResult,
  publishToRemote,
} from '../engine/git/publish.ts';
import {
  type ExportOptions,
  MANIFEST_KEY,
  type Manifest,
  RUN_STAMP_KEY,
  type RunStamp,
} from '../engine/model.ts';
import { normalizeOptions } from '../engine/options.ts';
import { runIdAt } from '../engine/plan.ts';
import { type RunOutput, runExport } from '../engine/run.ts';
import { removeStaging } from '../engine/staging.ts';
import { LocalStore } from '../engine/storage/local.ts';
import { readJson } from '../engine/storage/types.ts';
import { ClosableStore, whenAborted } from './interrupt.ts';
import { ProgressDisplay } from './progress.ts';

export interface RunFlags {
  organizationId?: string;
  outputDir: string;
  resourceTypes?: string;
  resourceIds?: string;
  includeAllResources?: string | boolean;
  followReferences?: string | boolean;
  /** `<type>::<regular expression>` name filters, one per `--include` / `--exclude`. */
  include?: string[];
  exclude?: string[];
  concurrency?: string;
  verbose?: boolean;
  format?: string;
  gitCommit?: boolean;
  gitRemote?: string;
  gitBranch?: string;
  gitPath?: string;
  gitTokenStyle?: string;
  gitAuthorName?: string;
  gitAuthorEmail?: string;
}

export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** AWS clients for start/status/runs/show/diff; created from the default chain when absent. */
  readonly aws?: import('./aws-runs.ts').AwsClients;
  /** Polling interval of `export start --wait`, in ms. */
  readonly pollMs?: number;
  /** Aborts `--wait` (Ctrl-C) without stopping the execution. */
  readonly interrupt?: AbortSignal;
  /**
   * Time source for every wait (pacing, backoff, Retry-After, export-job polling); real time when absent.
   * Tests and the benchmark inject a scaled clock here: the product itself never speeds time up.
   */
  readonly clock?: Clock;
  /** Off a terminal, real milliseconds between heartbeat lines (default 10 s). */
  readonly heartbeatMs?: number;
}

export const EXIT = { complete: 0, failed: 1, usage: 2, partial: 3, interrupted: 130 } as const;

export function exportOptionsFromFlags(
  flags: RunFlags,
  env: Readonly<Record<string, string | undefined>>,
): ExportOptions & { concurrency: number } {
  const organizationId = flags.organizationId ?? env.GENESYS_CLOUD_ORG_ID;
  if (!organizationId?.trim())
    throw new UsageError('--organizationId is required (or set GENESYS_CLOUD_ORG_ID)');
  const options = normalizeOptions({ ...flags, organizationId }, (field) => `--${field}`);
  const concurrency = flags.concurrency === undefined ? 4 : Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new UsageError(`--concurrency must be a whole number from 1 to 64, got '${flags.concurrency}'`);
  return { ...options, concurrency };
}

export interface GitPlan {
  readonly mode: 'none' | 'local' | 'remote';
  readonly url?: string;
  readonly branch: string;
  readonly path: string;
  readonly tokenStyle: TokenStyle;
  readonly token?: string;
  readonly author: { name: string; email: string };
}

export function gitPlanFromFlags(
  flags: RunFlags,
  env: Readonly<Record<string, string | undefined>>,
): GitPlan {
  const branch = flags.gitBranch ?? 'main';
  if (!/^[A-Za-z0-9._/-]{1,100}$/.test(branch) || branch.includes('..'))
    throw new UsageError(`--gitBranch '${branch.slice(0, 60)}' is not a valid branch name`);
  const path = (flags.gitPath ?? 'snapshot/').replace(/^\/+|\/+$/g, '');
  if (path.split('/').some((p) => p === '..' || p === '.git'))
    throw new UsageError(`--gitPath '${flags.gitPath}' must be a folder inside the repository`);
  const author = {
    name: flags.gitAuthorName ?? env.GENESYS_EXPORT_GIT_AUTHOR_NAME ?? DEFAULT_GIT_AUTHOR.name,
    email: flags.gitAuthorEmail ?? env.GENESYS_EXPORT_GIT_AUTHOR_EMAIL ?? DEFAULT_GIT_AUTHOR.email,
  };
  if (flags.gitCommit && flags.gitRemote)
    throw new UsageError('--gitCommit and --gitRemote cannot be used together');
  if (!flags.gitRemote)
    return { mode: flags.gitCommit ? 'local' : 'none', branch, path, tokenStyle: 'basic', author };
  const url = checkRemoteUrl(flags.gitRemote);
  const style = flags.gitTokenStyle ?? detectTokenStyle(url);
  if (!(TOKEN_STYLES as readonly string[]).includes(style))
    throw new UsageError(`--gitTokenStyle must be one of ${TOKEN_STYLES.join(', ')}, got '${style}'`);
  const token = env.GENESYS_EXPORT_GIT_TOKEN?.trim() || undefined;
  return { mode: 'remote', url, branch, path, tokenStyle: style as TokenStyle, token, author };
}

/**
 * Checks the output folder before the first API request: not a file, not inside a file, and creatable or
 * writable (a probe folder is made and removed in the nearest folder that exists, so nothing is left).
 */
export function checkOutputDir(dir: string, cwd = process.cwd(), label = '--outputDir'): string {
  const abs = resolve(cwd, dir);
  let existing = abs;
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(existing).isDirectory();
    } catch (err) {
      const code = (err as { code?: string }).code;
      const up = dirname(existing);
      if ((code === 'ENOENT' || code === 'ENOTDIR') && up !== existing) {
        existing = up;
        continue;
      }
      throw new UsageError(`${label} ${dir} cannot be used: ${errorMessage(err)}`);
    }
    if (!isDir)
      throw new UsageError(
        existing === abs
          ? `${label} ${dir} exists and is not a folder`
          : `${label} ${dir} is inside a file: ${existing} is not a folder`,
      );
    break;
  }
  try {
    rmdirSync(mkdtempSync(join(existing, '.cx-export-probe-')));
  } catch (err) {
    const code = (err as { code?: string }).code ?? errorMessage(err);
    throw new UsageError(
      existing === abs
        ? `${label} ${dir} is not writable (${code})`
        : `${label} ${dir} cannot be created: nothing can be created in ${existing} (${code})`,
    );
  }
  return abs;
}

export async function exportRun(
  flags: RunFlags,
  io: CliIo,
): Promise<{ code: number; result?: RunOutput; outputDir: string }> {
  const options = exportOptionsFromFlags(flags, io.env);
  const gitPlan = gitPlanFromFlags(flags, io.env);
  const connection = connectionFromEnv(io.env);
  const outputDir = checkOutputDir(flags.outputDir, io.cwd);
  const clock = io.clock ?? systemClock;
  // On a terminal a live block; elsewhere (CI, `| tee`, --verbose) plain lines and a heartbeat.
  const progress = new ProgressDisplay(io.stderr, {
    mode: io.stderr.isTTY === true && !flags.verbose ? 'live' : 'plain',
    clock,
    heartbeatMs: io.heartbeatMs,
    types: options.resourceTypes.length || undefined,
    requests: () => client.stats.requests,
  });
  const client = new GenesysClient({
    connection,
    clock,
    concurrency: options.concurrency,
    onCall: flags.verbose
      ? (c) =>
          progress.line(
            `${c.method} ${c.path} ${c.status} ${c.ms}ms${c.attempt > 1 ? ` (attempt ${c.attempt})` : ''}`,
          )
      : undefined,
  });
  const started = Date.now();
  // Concurrency is how this machine runs, not what was exported: it stays out of the manifest.
  const { concurrency: _concurrency, ...exportOptions } = options;
  const localStore = new LocalStore(outputDir);
  const store = new ClosableStore(localStore);
  const runId = runIdAt(clock.now());
  let finalizing = false;
  try {
    const work = runExport(
      {
        client,
        clock,
        store,
        emit: (e) => {
          if (e.kind === 'finalizing') finalizing = true;
          if (e.kind === 'staged') progress.staged(e.type, e.resources, e.round, e.byId);
          progress.on(e);
          if (flags.verbose && (e.kind === 'warning' || e.kind === 'info'))
            progress.line(`${e.kind}: ${e.message}`);
        },
      },
      exportOptions,
      undefined,
      runId,
    );
    const first = await Promise.race([work, whenAborted(io.interrupt)]);
    if ('interrupted' in first && !finalizing) {
      progress.stop();
      work.catch(() => {});
      await store.close();
      await removeStaging(localStore, runId);
      io.stderr.write(
        `Interrupted: run ${runId} stopped and its work in progress removed; the earlier snapshot in ${outputDir} is intact\n`,
      );
      io.stderr.write(`${progress.stoppedLine()}\n${await keptLine(localStore, outputDir)}\n`);
      return { code: EXIT.interrupted, outputDir };
    }
    const result = 'interrupted' in first ? await work : first;
    if ('interrupted' in first || io.interrupt?.aborted) {
      progress.stop();
      io.stderr.write(
        `Interrupted while finalizing: run ${runId} completed its snapshot in ${outputDir}; nothing was published\n`,
      );
      const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
      io.stderr.write(
        `Kept: run ${runId}'s ${result.complete ? 'complete' : 'PARTIAL'} snapshot, ${total} resources${gitPlan.mode === 'none' ? '' : `; not done: ${gitPlan.mode === 'local' ? 'the Git commit (--gitCommit)' : 'the push (--gitRemote)'}`}\n`,
      );
      return { code: EXIT.interrupted, result, outputDir };
    }
    progress.stop();
    // The engine's warnings are printed with --verbose only; IDs not found are always named.
    if (!flags.verbose)
      for (const id of result.notFound ?? [])
        io.stderr.write(`warning: --resourceIds: ${id} was not found\n`);
    let published: PublishResult | undefined;
    if (gitPlan.mode === 'local') published = await commitLocal(localStore, gitPlan.branch, gitPlan.author);
    if (gitPlan.mode === 'remote' && gitPlan.url) {
      published = await publishToRemote(
        localStore,
        {
          url: gitPlan.url,
          branch: gitPlan.branch,
          path: gitPlan.path,
          token: gitPlan.token,
          tokenStyle: gitPlan.tokenStyle,
        },
        gitPlan.author,
      );
    }
    io.stdout.write(
      summary(
        result,
        outputDir,
        client,
        Date.now() - started,
        gitPlan.mode === 'none' ? undefined : published,
        options,
      ),
    );
    return { code: result.complete ? EXIT.complete : EXIT.partial, result, outputDir };
  } catch (err) {
    progress.stop();
    throw err;
  } finally {
    await client.close();
  }
}

export function summary(
  r: RunOutput,
  outputDir: string,
  client: GenesysClient,
  ms: number,
  published?: PublishResult,
  options?: Pick<ExportOptions, 'followReferences'>,
): string {
  const lines: string[] = [];
  const total = Object.values(r.counts).reduce((a, b) => a + b, 0);
  lines.push(`Exported ${total} resources to ${outputDir} (${r.complete ? 'complete' : 'PARTIAL'} snapshot)`);
  for (const [type, n] of Object.entries(r.counts))
    lines.push(`  ${type.padEnd(30)} ${String(n).padStart(6)}`);
  lines.push(`  By reference: ${byReferenceText(r, options)}`);
  const notFound = r.notFound ?? [];
  if (notFound.length) lines.push(`Not found: ${notFound.join(', ')} (--resourceIds)`);
  for (const s of r.skipped) lines.push(`Skipped ${s.type}: ${s.reason}`);
  if (r.errors) lines.push(`Errors: ${r.errors} (see .genesys/export-manifest.json)`);
  lines.push(`Changes since the last snapshot: ${describeCounts(countChanges(r.changes))}`);
  if (published) {
    const where = published.enclosing
      ? ` in the repository at ${published.enclosing.root} (only ${published.enclosing.folder}/ touched)`
      : '';
    lines.push(
      published.commit ? `Git commit: ${published.commit}${where}` : `Git: no changes, no commit${where}`,
    );
  }
  lines.push(
    `API requests: ${client.stats.requests} (retries ${client.stats.retries}, 429s ${client.stats.rateLimited}); batches ${r.batches} in ${r.rounds} round(s); ${(ms / 1000).toFixed(1)} s`,
  );
  return `${lines.join('\n')}\n`;
}

/** Which types came in only because something selected references them, and how many of each. */
function byReferenceText(r: RunOutput, options?: Pick<ExportOptions, 'followReferences'>): string {
  const entries = Object.entries(r.byReference ?? {})
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  if (entries.length) return entries.map(([type, n]) => `${type} ${n}`).join(', ');
  return options?.followReferences === false ? 'none (--followReferences=false)' : 'none';
}

/** After an interruption before finalize: what the folder still holds. */
async function keptLine(store: LocalStore, outputDir: string): Promise<string> {
  const manifest = await readJson<Manifest>(store, MANIFEST_KEY).catch(() => undefined);
  if (!manifest) return `Kept: nothing; ${outputDir} held no earlier snapshot`;
  const stamp = await readJson<RunStamp>(store, RUN_STAMP_KEY).catch(() => undefined);
  const run = stamp ? ` of run ${stamp.runId} (${stamp.exportTime})` : '';
  return `Kept: the earlier ${manifest.complete ? 'complete' : 'PARTIAL'} snapshot${run}, ${manifest.resources.length} resources, unchanged`;
}

export function describeFailure(err: unknown): string {
  return errorMessage(err).split('\n')[0] ?? 'unknown error';
}
