/**
 * The staging area's life cycle: each run claims its folder with an owner record; a run removes the
 * staging of runs that are no longer running (their process is gone, or their deadline has passed); an
 * interrupted or failed run removes its own. Staging only ever holds redacted bodies, but it is still not
 * part of the snapshot, and the output folder's `.gitignore` says so.
 */
import { hostname } from 'node:os';
import type { EngineContext } from './context.ts';
import {
  GITIGNORE_KEY,
  ownerKey,
  RUN_STAMP_KEY,
  runIdOfStagingKey,
  STAGING_PREFIX,
  stagingKey,
} from './keys.ts';
import { readJson, type SnapshotStore, writeJson } from './storage/types.ts';

/** Who runs a run: a local process (alive or not), or an execution that cannot outlive its deadline. */
export interface RunOwner {
  readonly host: string;
  readonly pid?: number;
  readonly startedAt: string;
  /** After this time the run cannot be running (the state machine's timeout). */
  readonly deadline?: string;
}

/** The longest a run can take on AWS: the state machine's timeout. */
export const RUN_TIMEOUT_HOURS = 6;

/** A local run: its process tells whether it runs; a day is the deadline seen from another host. */
export function localOwner(nowMs: number): RunOwner {
  return {
    host: hostname(),
    pid: process.pid,
    startedAt: new Date(nowMs).toISOString(),
    deadline: new Date(nowMs + 24 * 3_600_000).toISOString(),
  };
}

export function executionOwner(nowMs: number): RunOwner {
  return {
    host: 'aws',
    startedAt: new Date(nowMs).toISOString(),
    deadline: new Date(nowMs + RUN_TIMEOUT_HOURS * 3_600_000).toISOString(),
  };
}

const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
};

/** Whether a run with this owner record may still be running (a record of another host is trusted). */
export function mayBeRunning(owner: RunOwner | undefined, nowMs: number): boolean {
  if (!owner) return false;
  if (owner.deadline && Date.parse(owner.deadline) < nowMs) return false;
  if (owner.pid !== undefined && owner.host === hostname()) return processAlive(owner.pid);
  return owner.deadline !== undefined;
}

/** Run IDs with a folder under the staging prefix. */
export async function stagedRuns(store: SnapshotStore): Promise<string[]> {
  const runs = new Set<string>();
  for (const key of await store.list(STAGING_PREFIX)) {
    const runId = runIdOfStagingKey(key);
    if (runId) runs.add(runId);
  }
  return [...runs].sort();
}

/**
 * Claims the run's staging folder and removes what runs that are no longer running left behind.
 * Returns the run IDs removed.
 */
export async function claimStaging(
  ctx: Pick<EngineContext, 'store' | 'clock' | 'owner' | 'emit' | 'removeStaleStaging'>,
  runId: string,
): Promise<string[]> {
  const now = ctx.clock.now();
  await writeJson(ctx.store, ownerKey(runId), ctx.owner ?? localOwner(now), true);
  const removed: string[] = [];
  if (ctx.removeStaleStaging === false) return removed;
  for (const other of await stagedRuns(ctx.store)) {
    if (other === runId) continue;
    const owner = await readJson<RunOwner>(ctx.store, ownerKey(other)).catch(() => undefined);
    if (mayBeRunning(owner, now)) continue;
    await ctx.store.delete(stagingKey(other));
    removed.push(other);
  }
  if (removed.length)
    ctx.emit?.({
      kind: 'info',
      message: `Removed the staging of ${removed.length} earlier run(s) that did not finish: ${removed.join(', ')}`,
    });
  return removed;
}

export async function removeStaging(store: SnapshotStore, runId: string): Promise<void> {
  await store.delete(stagingKey(runId));
}

/** What a snapshot folder must never commit, in its `.gitignore` (user lines are kept). */
// `.genesys/import/`: the plans and reports of `import run` (the ID maps in `.genesys/id-map/` are committed).
const NEVER_COMMITTED = [`${STAGING_PREFIX}/`, RUN_STAMP_KEY, '.genesys/import/', '*.tmp', '.env', '.env.*'];
const HEADER = '# cx-export: never commit these (work in progress and stamps of a run, credentials files)';

export async function ensureGitignore(store: SnapshotStore): Promise<void> {
  const existing = await store.read(GITIGNORE_KEY);
  const text = existing ? Buffer.from(existing).toString('utf8') : '';
  const lines = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  const missing = NEVER_COMMITTED.filter((l) => !lines.has(l));
  if (!missing.length) return;
  const head = lines.has(HEADER) ? [] : [HEADER];
  const sep = text && !text.endsWith('\n') ? '\n' : '';
  await store.write(GITIGNORE_KEY, `${text}${sep}${[...head, ...missing].join('\n')}\n`);
}
