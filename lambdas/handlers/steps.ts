/**
 * The state machine's steps as functions of (input, deps): parse the input, call the engine, return keys
 * and counts only (execution history is readable by anyone with states:GetExecutionHistory, so never a
 * resource body, a token or a secret).
 */

import { randomUUID } from 'node:crypto';
import { exportBatch } from '../engine/batch.ts';
import { type ChangeCounts, countChanges } from '../engine/changes.ts';
import type { EngineContext } from '../engine/context.ts';
import { withDeadline } from '../engine/deadline.ts';
import { errorMessage } from '../engine/errors.ts';
import { finalizeExport } from '../engine/finalize.ts';
import { publishSnapshot } from '../engine/git/publish.ts';
import { changeRequestOf } from '../engine/incremental.ts';
import { MANIFEST_KEY, runRecordKey, usageKey, usagePrefix } from '../engine/keys.ts';
import type { BatchDescriptor, BatchResult, Manifest } from '../engine/model.ts';
import { normalizeOptions } from '../engine/options.ts';
import { planExport, runIdAt } from '../engine/plan.ts';
import { resolveReferences } from '../engine/resolve.ts';
import { acquireRunLock, conditionalStore, releaseRunLock } from '../engine/run-lock.ts';
import { archiveRun, type RunRecordSummary } from '../engine/run-record.ts';
import { markUnfinishedBatches, readPlanRecord } from '../engine/staged.ts';
import { executionOwner, RUN_TIMEOUT_HOURS, removeStaging } from '../engine/staging.ts';
import { readJson, writeJson } from '../engine/storage/types.ts';
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
}

function unwrap<T extends object>(event: T | WithExecution<T>): { input: T; execution?: string } {
  return 'execution' in event && 'input' in event ? event : { input: event as T };
}

export interface RunState {
  readonly runId: string;
  /** The execution holding the run lock (absent when the steps run without a state machine). */
  readonly execution?: string;
  readonly trigger: string;
  readonly startedAt: string;
  readonly round: number;
  readonly batches: BatchDescriptor[];
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
  for (const k of await deps.snapshot.list(usagePrefix(runId))) {
    const u = await readJson<{ requests: number; rateLimited: number }>(deps.snapshot, k);
    sum.requests += u?.requests ?? 0;
    sum.rateLimited += u?.rateLimited ?? 0;
  }
  return sum;
}

function snapshotUsage(ctx: EngineContext) {
  return { requests: ctx.client.stats.requests, rateLimited: ctx.client.stats.rateLimited };
}

export async function planStep(
  event: ExecutionInput | WithExecution<ExecutionInput>,
  deps: HandlerDeps,
): Promise<RunState> {
  const { input, execution } = unwrap(event);
  const options = normalizeOptions(input.options);
  const ctx = await context(deps);
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
    ...(execution ? { execution } : {}),
    trigger: input.trigger ?? 'manual',
    startedAt: new Date(deps.clock.now()).toISOString(),
    round: 0,
    batches: plan.batches,
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

export async function exportBatchStep(
  batch: BatchDescriptor,
  deps: HandlerDeps,
  invocation?: InvocationTime,
): Promise<BatchResult> {
  deps.logger.setRunKeys?.({ runId: batch.runId, batchId: batch.batchId });
  const ctx = await context(deps);
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
  return { ...state, round: next.round, batches: next.batches };
}

/** The result a finished Finalize recorded, for a retried one to return as it is. */
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

/**
 * Promotes, publishes and archives the run. A retry after the run record was written returns that record
 * and rewrites nothing; a retry after the staging was promoted (and removed) but before the record was
 * written records the counts from the manifest and leaves out what went with the staging (changes, API
 * usage) rather than writing zeros.
 */
export async function finalizeStep(state: RunState, deps: HandlerDeps): Promise<FinalizeResult> {
  deps.logger.setRunKeys?.({ runId: state.runId });
  const recorded = await readJson<RunRecordSummary>(deps.archive, runRecordKey(state.runId));
  if (recorded && recorded.outcome !== 'failed') {
    await freeRunLock(deps, state.execution);
    deps.logger.info('finalized before', { runId: state.runId });
    return resultOfRecord(recorded);
  }
  const replayed = (await readPlanRecord(deps.snapshot, state.runId)) === undefined;
  const ctx = storeContext(deps);
  const usage = await totalUsage(deps, state.runId);
  const out = await finalizeExport(ctx, state.runId);
  const commit = (await publishSnapshot(deps.snapshot, await deps.gitTarget()))?.commit ?? null;
  const result: FinalizeResult = {
    runId: state.runId,
    outcome: out.complete ? 'complete' : 'partial',
    counts: out.counts,
    changes: countChanges(out.changes),
    commit,
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
    commit,
  };
  await archiveRun(deps.archive, deps.snapshot, record);
  await freeRunLock(deps, state.execution);
  if (!replayed) deps.metrics?.(result);
  deps.logger.info('finalized', { ...result });
  return result;
}

/** Catch target: records a failed run (the snapshot itself is untouched) and hands the error on. */
export interface FailedState {
  readonly runId?: string;
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
  const now = new Date(deps.clock.now()).toISOString();
  const runId = input.runId ?? runIdAt(deps.clock.now(), 'failed');
  let cause = input.error?.Cause ?? '';
  try {
    cause = (JSON.parse(cause) as { errorMessage?: string }).errorMessage ?? cause;
  } catch {
    /* a plain-text cause */
  }
  const record: RunRecordSummary = {
    schemaVersion: 1,
    runId,
    trigger: input.trigger ?? 'unknown',
    startedAt: input.startedAt ?? now,
    finishedAt: now,
    durationSeconds: input.startedAt ? Math.round((Date.parse(now) - Date.parse(input.startedAt)) / 1000) : 0,
    outcome: 'failed',
    counts: {},
    error: `${input.error?.Error ?? 'Error'}: ${errorMessage(cause).slice(0, 500)}`,
  };
  await writeJson(deps.archive, runRecordKey(runId), record);
  // The failed run's work in progress goes; the snapshot of earlier runs is untouched.
  if (input.runId) await removeStaging(deps.snapshot, input.runId);
  await freeRunLock(deps, execution ?? input.execution);
  deps.logger.error('run failed', { runId, error: record.error });
  return record;
}
