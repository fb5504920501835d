/**
 * The state machine's steps as functions of (input, deps): parse the input, call the engine, return keys
 * and counts only (execution history is readable by anyone with states:GetExecutionHistory, so never a
 * resource body, a token or a secret).
 */

import { randomUUID } from 'node:crypto';
import { exportBatch } from '../engine/batch.ts';
import { type ChangeCounts, countChanges } from '../engine/changes.ts';
import { mapLimit } from '../engine/concurrency.ts';
import type { EngineContext } from '../engine/context.ts';
import { withDeadline } from '../engine/deadline.ts';
import { errorMessage } from '../engine/errors.ts';
import { finalizeExport } from '../engine/finalize.ts';
import { publishSnapshot } from '../engine/git/publish.ts';
import type { BlobIndex } from '../engine/git/snapshot.ts';
import { notificationText } from '../engine/git/summary.ts';
import { changeRequestOf } from '../engine/incremental.ts';
import { MANIFEST_KEY, PUBLISH_INDEX_KEY, runRecordKey, usageKey, usagePrefix } from '../engine/keys.ts';
import type { BatchDescriptor, BatchResult, Manifest } from '../engine/model.ts';
import { normalizeOptions } from '../engine/options.ts';
import { planExport, runIdAt } from '../engine/plan.ts';
import { resolveReferences } from '../engine/resolve.ts';
import { acquireRunLock, conditionalStore, releaseRunLock } from '../engine/run-lock.ts';
import { archiveRun, type RunRecordSummary } from '../engine/run-record.ts';
import { markUnfinishedBatches, READ_CONCURRENCY, readPlanRecord } from '../engine/staged.ts';
import { executionOwner, RUN_TIMEOUT_HOURS, removeStaging } from '../engine/staging.ts';
import { readJson, writeJson } from '../engine/storage/types.ts';
import { batchShare, type RateBudget, withShares } from './rate-budget.ts';
import type { HandlerDeps } from './runtime.ts';

export interface ExecutionInput {
  readonly options: unknown;
  readonly trigger?: string;
  /** `{"incremental": true, "fullEvery": 7}` (see engine/incremental.ts); absent: a full run. */
  readonly changes?: unknown;
}

/** A step's input as the state machine passes it with the execution's ID (`$$.Execution.Id`). */
export interface WithExecution<T> {
  readonly input: T;
  readonly execution: string;
  /** Plan only: the OAuth client's budget and the Map's concurrency, from the state machine. */
  readonly rateBudget?: RateBudget;
}

function unwrap<T extends object>(
  event: T | WithExecution<T>,
): { input: T; execution?: string; rateBudget?: RateBudget } {
  return 'execution' in event && 'input' in event ? event : { input: event as T };
}

export interface RunState {
  readonly runId: string;
  /** The organization exported: which secret, Git target and bucket prefix every later step uses. */
  readonly organizationId?: string;
  /** The execution holding the run lock (absent when the steps run without a state machine). */
  readonly execution?: string;
  readonly trigger: string;
  readonly startedAt: string;
  readonly round: number;
  readonly batches: BatchDescriptor[];
  /** Carried from Plan to every round: each round's batches get their share of it. */
  readonly rateBudget?: RateBudget;
}

export interface FinalizeResult {
  readonly runId: string;
  readonly outcome: 'complete' | 'partial';
  readonly counts: Record<string, number>;
  readonly changes: ChangeCounts;
  readonly commit: string | null;
  readonly apiRequests: number;
  readonly rateLimited: number;
}

async function context(deps: HandlerDeps): Promise<EngineContext> {
  const client = await deps.genesysClient();
  return {
    client,
    store: deps.snapshot,
    clock: deps.clock,
    owner: (deps.owner ?? executionOwner)(deps.clock.now()),
    removeStaleStaging: !deps.planMayNotDelete,
    exportJobTimeoutMs: deps.exportJobTimeoutMs,
    emit: (e) => {
      if (e.kind === 'warning') deps.logger.warn(e.message);
    },
  };
}

/** Counts of API use are kept per run in the snapshot's staging area, since each Lambda has its own client. */
async function addUsage(
  deps: HandlerDeps,
  runId: string,
  before: { requests: number; rateLimited: number },
  ctx: EngineContext,
): Promise<void> {
  if (deps.sharedClientStats) return;
  const key = usageKey(runId, randomUUID());
  await deps.snapshot.write(
    key,
    JSON.stringify({
      requests: ctx.client.stats.requests - before.requests,
      rateLimited: ctx.client.stats.rateLimited - before.rateLimited,
    }),
  );
}

async function totalUsage(
  deps: HandlerDeps,
  runId: string,
): Promise<{ requests: number; rateLimited: number }> {
  if (deps.sharedClientStats) return deps.sharedClientStats();
  const sum = { requests: 0, rateLimited: 0 };
  const keys = await deps.snapshot.list(usagePrefix(runId));
  for (const u of await mapLimit(keys, READ_CONCURRENCY, (k) =>
    readJson<{ requests: number; rateLimited: number }>(deps.snapshot, k),
  )) {
    sum.requests += u?.requests ?? 0;
    sum.rateLimited += u?.rateLimited ?? 0;
  }
  return sum;
}

/**
 * Caps the step's client at its share of the OAuth client's budget. Not when one client serves every step
 * (local runs): the batches then send with one token, which its own window already paces.
 */
function limitRate(deps: HandlerDeps, ctx: EngineContext, requestsPerMinute: number | undefined): void {
  if (!deps.sharedClientStats) ctx.client.limitRate(requestsPerMinute);
}

function snapshotUsage(ctx: EngineContext) {
  return { requests: ctx.client.stats.requests, rateLimited: ctx.client.stats.rateLimited };
}

export async function planStep(
  event: ExecutionInput | WithExecution<ExecutionInput>,
  deps: HandlerDeps,
): Promise<RunState> {
  const { input, execution, rateBudget } = unwrap(event);
  const options = normalizeOptions(input.options);
  const ctx = await context(deps);
  // Plan runs alone: the whole budget is its own.
  limitRate(deps, ctx, batchShare(rateBudget, 1));
  const before = snapshotUsage(ctx);
  const runId = runIdAt(deps.clock.now());
  deps.logger.setRunKeys?.({ runId });
  await takeRunLock(deps, execution, runId);
  let plan: Awaited<ReturnType<typeof planExport>>;
  try {
    plan = await planExport(ctx, options, runId, changeRequestOf(input.changes));
  } catch (err) {
    // The Catch that follows has no run ID to clean up with: a failed plan removes its own staging (on
    // AWS it may not delete: the lifecycle rule expires it).
    if (!deps.planMayNotDelete) await removeStaging(deps.snapshot, runId).catch(() => {});
    throw err;
  }
  await addUsage(deps, plan.runId, before, ctx);
  deps.logger.info('planned', {
    runId: plan.runId,
    batches: plan.batches.length,
    skippedTypes: plan.skipped,
  });
  return {
    runId: plan.runId,
    organizationId: options.organizationId,
    ...(execution ? { execution } : {}),
    trigger: input.trigger ?? 'manual',
    startedAt: new Date(deps.clock.now()).toISOString(),
    round: 0,
    batches: withShares(plan.batches, rateBudget),
    ...(rateBudget ? { rateBudget } : {}),
  };
}

/** The part of the Lambda context a batch reads: how long it has left. */
export interface InvocationTime {
  getRemainingTimeInMillis(): number;
}

/**
 * Time a batch keeps after its deadline to write its files and partial manifest and return: no new API
 * work starts later than this before the Lambda's timeout.
 */
export const BATCH_DEADLINE_MARGIN_MS = 60_000;

/** The batch's deadline on the deps' clock (virtual ms; a local clock may run faster than real time). */
export function batchDeadline(deps: HandlerDeps, invocation: InvocationTime | undefined): number | undefined {
  if (!invocation) return undefined;
  const left = invocation.getRemainingTimeInMillis() - BATCH_DEADLINE_MARGIN_MS;
  return deps.clock.now() + left * deps.clock.scale;
}

/** Takes the run lock for the execution (a second run refuses); steps run without an execution take none. */
async function takeRunLock(deps: HandlerDeps, execution: string | undefined, runId: string): Promise<void> {
  const store = conditionalStore(deps.snapshot);
  if (!execution || !store) return;
  await acquireRunLock(store, {
    holder: execution,
    runId,
    nowMs: deps.clock.now(),
    ttlMs: RUN_TIMEOUT_HOURS * 3_600_000,
  });
}

async function freeRunLock(deps: HandlerDeps, execution: string | undefined): Promise<void> {
  if (execution) await releaseRunLock(deps.snapshot, execution);
}

/**
 * What the Map hands each ExportBatch: the batch and the run's organization (a definition from before
 * several organizations passed the batch alone).
 */
export type BatchInput =
  | BatchDescriptor
  | { readonly batch: BatchDescriptor; readonly organizationId?: string };

export function batchOf(input: BatchInput): { batch: BatchDescriptor; organizationId?: string } {
  return 'batch' in input ? input : { batch: input };
}

export async function exportBatchStep(
  batch: BatchDescriptor,
  deps: HandlerDeps,
  invocation?: InvocationTime,
): Promise<BatchResult> {
  deps.logger.setRunKeys?.({ runId: batch.runId, batchId: batch.batchId });
  const ctx = await context(deps);
  // A warm Lambda's client keeps what earlier 429s taught it, within this batch's share.
  limitRate(deps, ctx, batch.requestsPerMinute);
  const before = snapshotUsage(ctx);
  const result = await withDeadline(batchDeadline(deps, invocation), () => exportBatch(ctx, batch));
  await addUsage(deps, batch.runId, before, ctx);
  return result;
}

function storeContext(deps: HandlerDeps) {
  return { store: deps.snapshot, clock: deps.clock, emit: undefined };
}

export async function resolveStep(state: RunState, deps: HandlerDeps): Promise<RunState> {
  deps.logger.setRunKeys?.({ runId: state.runId });
  const ctx = storeContext(deps);
  const unfinished = await markUnfinishedBatches(deps.snapshot, state.runId, state.batches);
  if (unfinished.length)
    deps.logger.warn('batches did not finish', { runId: state.runId, batches: unfinished });
  const next = await resolveReferences(ctx, state.runId, state.round);
  return { ...state, round: next.round, batches: withShares(next.batches, state.rateBudget) };
}

/** The result a finished Promote recorded, for a retried step to return as it is. */
function resultOfRecord(r: RunRecordSummary): FinalizeResult {
  return {
    runId: r.runId,
    outcome: r.outcome === 'complete' ? 'complete' : 'partial',
    counts: r.counts,
    changes: r.changes ?? { added: 0, changed: 0, removed: 0 },
    commit: r.commit ?? null,
    apiRequests: r.apiRequests ?? 0,
    rateLimited: r.rateLimited ?? 0,
  };
}

/** What Promote hands on to Publish and Archive: the run and its result (keys and counts only). */
export interface PromotedState extends FinalizeResult {
  readonly organizationId?: string;
  readonly execution?: string;
  readonly trigger: string;
  readonly startedAt: string;
  /** Set by the Catch of Publish when it failed past its retries. */
  readonly publishError?: { Error?: string; Cause?: string };
  /** Set by Publish when it committed changes: the commit message, cut to a notification's size. */
  readonly changeSummary?: string;
}

const carried = (state: Pick<RunState, 'organizationId' | 'execution' | 'trigger' | 'startedAt'>) => ({
  ...(state.organizationId ? { organizationId: state.organizationId } : {}),
  ...(state.execution ? { execution: state.execution } : {}),
  trigger: state.trigger,
  startedAt: state.startedAt,
});

async function readRecord(deps: HandlerDeps, runId: string): Promise<RunRecordSummary | undefined> {
  return readJson<RunRecordSummary>(deps.archive, runRecordKey(runId));
}

/**
 * Promotes the staged run into the snapshot and records the result in the run record (steps.promote
 * done). A retry after the record was written returns it and rewrites nothing; a retry after the staging
 * was promoted (and removed) but before the record was written records the counts from the manifest and
 * leaves out what went with the staging (changes, API usage) rather than writing zeros.
 */
export async function promoteStep(state: RunState, deps: HandlerDeps): Promise<PromotedState> {
  deps.logger.setRunKeys?.({ runId: state.runId });
  const recorded = await readRecord(deps, state.runId);
  if (recorded && recorded.outcome !== 'failed' && recorded.steps?.promote === 'done') {
    deps.logger.info('promoted before', { runId: state.runId });
    return { ...resultOfRecord(recorded), ...carried(state) };
  }
  const replayed = (await readPlanRecord(deps.snapshot, state.runId)) === undefined;
  const usage = await totalUsage(deps, state.runId);
  const out = await finalizeExport(storeContext(deps), state.runId);
  const result: FinalizeResult = {
    runId: state.runId,
    outcome: out.complete ? 'complete' : 'partial',
    counts: out.counts,
    changes: countChanges(out.changes),
    commit: null,
    apiRequests: usage.requests,
    rateLimited: usage.rateLimited,
  };
  const finishedAt = new Date(deps.clock.now()).toISOString();
  const manifest = await readJson<Manifest>(deps.snapshot, MANIFEST_KEY);
  const record: RunRecordSummary = {
    schemaVersion: 1,
    runId: state.runId,
    trigger: state.trigger,
    options: manifest?.options,
    organizationId: manifest?.organizationId,
    startedAt: state.startedAt,
    finishedAt,
    durationSeconds: Math.round((Date.parse(finishedAt) - Date.parse(state.startedAt)) / 1000),
    outcome: result.outcome,
    counts: result.counts,
    ...(replayed
      ? {}
      : { changes: result.changes, apiRequests: result.apiRequests, rateLimited: result.rateLimited }),
    commit: null,
    steps: { promote: 'done' },
  };
  await writeJson(deps.archive, runRecordKey(state.runId), record);
  deps.logger.info('promoted', { ...result });
  return { ...resultOfRecord(record), ...carried(state) };
}

/**
 * Publishes the promoted snapshot to Git and notes the commit in the run record. A retry after the record
 * says it was published returns that commit; a retry after a push that was not recorded finds the
 * branch already holding the snapshot and makes no second commit.
 */
export async function publishStep(state: PromotedState, deps: HandlerDeps): Promise<PromotedState> {
  deps.logger.setRunKeys?.({ runId: state.runId });
  const recorded = await readRecord(deps, state.runId);
  if (recorded?.steps?.publish === 'done') return { ...state, commit: recorded.commit ?? null };
  const published = await publishSnapshot(deps.snapshot, await deps.gitTarget(), {
    load: () => readJson<BlobIndex>(deps.archive, PUBLISH_INDEX_KEY),
    save: (index) => writeJson(deps.archive, PUBLISH_INDEX_KEY, index, true),
  });
  const commit = published?.commit ?? null;
  const summary = commit && published?.message ? { changeSummary: notificationText(published.message) } : {};
  if (recorded)
    await writeJson(deps.archive, runRecordKey(state.runId), {
      ...recorded,
      commit,
      steps: { ...recorded.steps, publish: 'done' },
    } satisfies RunRecordSummary);
  deps.logger.info('published', { runId: state.runId, commit });
  return { ...state, commit, ...summary };
}

/** Error and cause of a Catch as one line for the run record. */
function caughtText(error: { Error?: string; Cause?: string } | undefined): string {
  let cause = error?.Cause ?? '';
  try {
    cause = (JSON.parse(cause) as { errorMessage?: string }).errorMessage ?? cause;
  } catch {
    /* a plain-text cause */
  }
  return `${error?.Error ?? 'Error'}: ${errorMessage(cause).slice(0, 500)}`;
}

/**
 * Archives the run (its manifest and the snapshot's objects), writes the final run record and
 * `latest.json`, and releases the run lock. A Publish that failed past its retries leaves the run partial,
 * with the record saying so; the promoted snapshot stays.
 */
export async function archiveStep(state: PromotedState, deps: HandlerDeps): Promise<PromotedState> {
  deps.logger.setRunKeys?.({ runId: state.runId });
  const recorded = await readRecord(deps, state.runId);
  if (recorded?.steps?.archive === 'done') {
    await freeRunLock(deps, state.execution);
    deps.logger.info('archived before', { runId: state.runId });
    return { ...state, outcome: recorded.outcome === 'complete' ? 'complete' : 'partial' };
  }
  const publishFailed = state.publishError !== undefined;
  const outcome = publishFailed ? 'partial' : state.outcome;
  const base: RunRecordSummary = recorded ?? {
    schemaVersion: 1,
    runId: state.runId,
    trigger: state.trigger,
    startedAt: state.startedAt,
    finishedAt: new Date(deps.clock.now()).toISOString(),
    durationSeconds: 0,
    outcome,
    counts: state.counts,
  };
  const record: RunRecordSummary = {
    ...base,
    outcome,
    commit: state.commit,
    steps: {
      ...base.steps,
      publish: publishFailed ? 'failed' : (base.steps?.publish ?? 'done'),
      archive: 'done',
    },
    ...(publishFailed ? { error: `publish: ${caughtText(state.publishError)}` } : {}),
  };
  await archiveRun(deps.archive, deps.snapshot, record);
  await freeRunLock(deps, state.execution);
  if (recorded?.apiRequests !== undefined) deps.metrics?.({ ...state, outcome });
  deps.logger.info('archived', { runId: state.runId, outcome });
  return { ...state, outcome };
}

/**
 * The whole finish in one call (bench and in-process callers): promote, publish, archive, a failed
 * publish recorded as the state machine's Catch records it.
 */
export async function finalizeStep(state: RunState, deps: HandlerDeps): Promise<FinalizeResult> {
  const promoted = await promoteStep(state, deps);
  let published: PromotedState;
  try {
    published = await publishStep(promoted, deps);
  } catch (err) {
    published = { ...promoted, publishError: { Error: (err as Error).name, Cause: errorMessage(err) } };
  }
  const {
    organizationId: _o,
    execution: _e,
    trigger: _t,
    startedAt: _s,
    publishError: _p,
    ...result
  } = await archiveStep(published, deps);
  return result;
}

/** A failed run's figures: it counts as failed, nothing else is known. */
const NO_FIGURES = {
  counts: {},
  apiRequests: 0,
  rateLimited: 0,
  changes: { added: 0, changed: 0, removed: 0 },
};

/** Catch target: records a failed run (the snapshot itself is untouched) and hands the error on. */
export interface FailedState {
  readonly runId?: string;
  readonly organizationId?: string;
  readonly execution?: string;
  readonly trigger?: string;
  readonly startedAt?: string;
  readonly error?: { Error?: string; Cause?: string };
}

export async function recordFailureStep(
  event: FailedState | WithExecution<FailedState>,
  deps: HandlerDeps,
): Promise<RunRecordSummary> {
  const { input, execution } = unwrap(event);
  deps.logger.setRunKeys?.({ runId: input.runId });
  const promoted = input.runId ? await readRecord(deps, input.runId) : undefined;
  if (promoted?.steps?.promote === 'done') return recordUnfinished(promoted, input, execution, deps);
  const now = new Date(deps.clock.now()).toISOString();
  const runId = input.runId ?? runIdAt(deps.clock.now(), 'failed');
  const record: RunRecordSummary = {
    schemaVersion: 1,
    runId,
    trigger: input.trigger ?? 'unknown',
    startedAt: input.startedAt ?? now,
    finishedAt: now,
    durationSeconds: input.startedAt ? Math.round((Date.parse(now) - Date.parse(input.startedAt)) / 1000) : 0,
    outcome: 'failed',
    counts: {},
    error: caughtText(input.error),
  };
  await writeJson(deps.archive, runRecordKey(runId), record);
  // The failed run's work in progress goes; the snapshot of earlier runs is untouched.
  if (input.runId) await removeStaging(deps.snapshot, input.runId);
  await freeRunLock(deps, execution ?? input.execution);
  deps.metrics?.({ ...NO_FIGURES, outcome: 'failed' });
  deps.logger.error('run failed', { runId, error: record.error });
  return record;
}

/**
 * Archive failed past its retries after the snapshot was promoted: the promoted snapshot stays (and Git,
 * if Publish ran), the record says the run is partial and that its archive is missing.
 */
async function recordUnfinished(
  recorded: RunRecordSummary,
  input: FailedState,
  execution: string | undefined,
  deps: HandlerDeps,
): Promise<RunRecordSummary> {
  const record: RunRecordSummary = {
    ...recorded,
    outcome: 'partial',
    steps: { ...recorded.steps, archive: 'failed' },
    error: `archive: ${caughtText(input.error)}`,
  };
  await writeJson(deps.archive, runRecordKey(record.runId), record);
  await freeRunLock(deps, execution ?? input.execution);
  deps.logger.error('run not archived', { runId: record.runId, error: record.error });
  return record;
}
