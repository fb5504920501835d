/**
 * `genesyscloud export run`: checks the flags (run-flags.ts), runs the export locally with progress on
 * stderr, publishes to Git when asked, and prints the summary (run-summary.ts). Ctrl-C before finalize
 * removes the run's work in progress; during finalize the run completes and nothing is published.
 */
import { type Clock, systemClock } from '../engine/clock.ts';
import type { EngineEvent } from '../engine/context.ts';
import { GenesysClient } from '../engine/genesys/client.ts';
import { connectionFromEnv, type GenesysConnection } from '../engine/genesys/config.ts';
import { publishSnapshot } from '../engine/git/publish.ts';
import type { ChangeRequest } from '../engine/incremental.ts';
import { MANIFEST_KEY, RUN_STAMP_KEY } from '../engine/keys.ts';
import type { ExportOptions, Manifest, RunStamp } from '../engine/model.ts';
import { runIdAt } from '../engine/plan.ts';
import { type RunOutput, runExport } from '../engine/run.ts';
import { removeStaging } from '../engine/staging.ts';
import { LocalStore } from '../engine/storage/local.ts';
import { readJson } from '../engine/storage/types.ts';
import { ClosableStore, whenAborted } from './interrupt.ts';
import type { CliIo } from './io.ts';
import { ProgressDisplay } from './progress.ts';
import { EXIT, exitCodeFor } from './report.ts';
import {
  changeRequestFromFlags,
  checkOutputDir,
  exportOptionsFromFlags,
  publishTargetFromFlags,
  type RunFlags,
} from './run-flags.ts';
import { finalizedText, keptText, stoppedText, summary } from './run-summary.ts';

export interface RunCommandResult {
  readonly code: number;
  readonly result?: RunOutput;
  readonly outputDir: string;
}

export async function exportRun(flags: RunFlags, io: CliIo): Promise<RunCommandResult> {
  const options = exportOptionsFromFlags(flags, io.env);
  const target = publishTargetFromFlags(flags, io.env);
  const changes = changeRequestFromFlags(flags);
  const connection = connectionFromEnv(io.env);
  const outputDir = checkOutputDir(flags.outputDir, io.cwd);
  const clock = io.clock ?? systemClock;
  const { progress, client } = progressAndClient(flags, io, connection, clock, options);
  const started = Date.now();
  const localStore = new LocalStore(outputDir);
  const run: ActiveRun = { io, progress, localStore, outputDir, runId: runIdAt(clock.now()) };
  try {
    const engine = startEngine(run, client, clock, options, flags.verbose, changes);
    const first = await Promise.race([engine.work, whenAborted(io.interrupt)]);
    if ('interrupted' in first && !engine.finalizing()) return await abandon(run, engine);
    const result = 'interrupted' in first ? await engine.work : first;
    progress.stop();
    if ('interrupted' in first || io.interrupt?.aborted) {
      io.stderr.write(finalizedText(run.runId, outputDir, result, target));
      return { code: EXIT.interrupted, result, outputDir };
    }
    // The engine's warnings are printed with --verbose only; IDs not found are always named.
    if (!flags.verbose)
      for (const id of result.notFound ?? [])
        io.stderr.write(`warning: --resourceIds: ${id} was not found\n`);
    const published = await publishSnapshot(localStore, target);
    io.stdout.write(summary(result, outputDir, client.stats, Date.now() - started, published, options));
    if (changes.incremental || changes.full) io.stdout.write(`${trackingLine(result)}\n`);
    return { code: exitCodeFor(result.complete ? 'complete' : 'partial'), result, outputDir };
  } catch (err) {
    progress.stop();
    throw err;
  } finally {
    await client.close();
  }
}

/** What the steps of one `export run` share. */
interface ActiveRun {
  readonly io: CliIo;
  readonly progress: ProgressDisplay;
  readonly localStore: LocalStore;
  readonly outputDir: string;
  readonly runId: string;
}

interface Engine {
  readonly work: Promise<RunOutput>;
  /** The store every write of the run goes through: closed when the run is abandoned. */
  readonly store: ClosableStore;
  /** Whether finalize has started (from then on the run completes even when interrupted). */
  finalizing(): boolean;
}

function startEngine(
  run: ActiveRun,
  client: GenesysClient,
  clock: Clock,
  options: ExportOptions & { concurrency: number },
  verbose: boolean | undefined,
  changes: ChangeRequest,
): Engine {
  // Concurrency is how this machine runs, not what was exported: it stays out of the manifest.
  const { concurrency: _concurrency, ...exportOptions } = options;
  const store = new ClosableStore(run.localStore);
  let finalizing = false;
  const emit = (e: EngineEvent) => {
    if (e.kind === 'finalizing') finalizing = true;
    showEvent(run.progress, e, verbose);
  };
  const work = runExport({ client, clock, store, emit }, exportOptions, undefined, run.runId, changes);
  return { work, store, finalizing: () => finalizing };
}

/** `--incremental`: from which run, how much was kept; or why the run was full. */
function trackingLine(r: RunOutput): string {
  const t = r.tracking;
  if (!t) return 'Full run';
  if (t.mode === 'full') return `Full run (${t.reason ?? 'asked for'})`;
  return `Incremental run from ${t.baseRun}: ${t.reused} resource(s) kept without reading them again (run stamp: .genesys/last-run.json)`;
}

/** Interrupted before finalize: stop writing, remove the run's work in progress, say what is kept. */
async function abandon(run: ActiveRun, engine: Engine): Promise<RunCommandResult> {
  run.progress.stop();
  engine.work.catch(() => {});
  await engine.store.close();
  await removeStaging(run.localStore, run.runId);
  run.io.stderr.write(stoppedText(run.runId, run.outputDir));
  run.io.stderr.write(`${run.progress.stoppedLine()}\n${await keptLine(run.localStore, run.outputDir)}\n`);
  return { code: EXIT.interrupted, outputDir: run.outputDir };
}

/**
 * The progress display and the API client, which feed each other: the display counts the client's
 * requests, the client logs each call through the display with --verbose. On a terminal a live block;
 * elsewhere (CI, `| tee`, --verbose) plain lines and a heartbeat.
 */
function progressAndClient(
  flags: RunFlags,
  io: CliIo,
  connection: GenesysConnection,
  clock: Clock,
  options: { resourceTypes: readonly string[]; concurrency: number },
): { progress: ProgressDisplay; client: GenesysClient } {
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
  return { progress, client };
}

function showEvent(progress: ProgressDisplay, e: EngineEvent, verbose: boolean | undefined): void {
  if (e.kind === 'staged') progress.staged(e.type, e.resources, e.round, e.byId);
  progress.on(e);
  if (verbose && (e.kind === 'warning' || e.kind === 'info')) progress.line(`${e.kind}: ${e.message}`);
}

/** After an interruption before finalize: what the folder still holds. */
async function keptLine(store: LocalStore, outputDir: string): Promise<string> {
  const manifest = await readJson<Manifest>(store, MANIFEST_KEY).catch(() => undefined);
  const stamp = manifest && (await readJson<RunStamp>(store, RUN_STAMP_KEY).catch(() => undefined));
  return keptText(outputDir, manifest, stamp);
}
