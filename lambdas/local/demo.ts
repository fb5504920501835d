/**
 * The main job on the embedded default: the simulated small org on loopback, the synthesized state
 * machine run locally (plan, fan-out, promote, publish, archive), the snapshot in ./export-output committed to a local Git
 * repository there, and the run archive in ./export-archive.
 */

import { resolve } from 'node:path';
import { ProgressDisplay } from '../cli/progress.ts';
import { countLines, describeFailure, EXIT, exitCodeFor, totalResources } from '../cli/report.ts';
import { describeCounts } from '../engine/changes.ts';
import { createClock } from '../engine/clock.ts';
import { DEFAULT_BRANCH } from '../engine/defaults.ts';
import { localTarget } from '../engine/git/target.ts';
import type { BatchResult } from '../engine/model.ts';
import { LocalStore } from '../engine/storage/local.ts';
import type { FinalizeResult, RunState } from '../handlers/steps.ts';
import { DEFAULT_CLIENT, GenesysSimulator } from '../simulator/server.ts';
import { localDeps } from './deps.ts';
import { runWorkflowLocally } from './workflow.ts';

export async function demo(cwd: string, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const clock = createClock(1);
  const sim = new GenesysSimulator({
    size: 'small',
    clock,
    latencyMs: { min: 5, max: 20 },
    exportJobDurationMs: 300,
  });
  const url = await sim.start();
  err.write(
    `Simulated Genesys Cloud org '${sim.org.organization.name}' (${sim.org.organization.id}) on ${url}\n`,
  );
  err.write(
    'Running the synthesized state machine locally: Plan -> Map(ExportBatch) -> Resolve -> Promote -> Publish -> Archive\n',
  );
  const progress = new ProgressDisplay(err, err.isTTY === true);
  const snapshotDir = resolve(cwd, 'export-output');
  const archiveDir = resolve(cwd, 'export-archive');
  const deps = localDeps({
    apiBaseUrl: url,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    clock,
    snapshot: new LocalStore(snapshotDir),
    archive: new LocalStore(archiveDir),
    logger: {
      info: () => {},
      warn: (m) => progress.line(`warning: ${m}`),
      error: (m, e) => progress.line(`error: ${m} ${JSON.stringify(e ?? {})}`),
    },
    gitTarget: async () => localTarget(DEFAULT_BRANCH),
  });
  const started = Date.now();
  try {
    const result = (await runWorkflowLocally(
      deps,
      { options: { organizationId: sim.org.organization.id }, trigger: 'manual' },
      { onTask: (state, output) => showTask(progress, state, output) },
    )) as FinalizeResult;
    progress.stop();
    out.write(demoSummary(result, snapshotDir, archiveDir, Date.now() - started));
    return exitCodeFor(result.outcome);
  } catch (e) {
    progress.stop();
    err.write(`demo: error: ${describeFailure(e)}\n`);
    return EXIT.failed;
  } finally {
    await deps.client.close();
    await sim.stop();
  }
}

/** The state machine's task outputs as the progress events `export run` shows. */
function showTask(progress: ProgressDisplay, state: string, output: unknown): void {
  if (state === 'Plan' || state === 'Resolve') {
    const s = output as RunState;
    if (s.batches.length) progress.on({ kind: 'planned', batches: s.batches.length, round: s.round });
  }
  if (state === 'ExportBatch') {
    const b = output as BatchResult;
    progress.on({ kind: 'batch-done', type: b.type, exported: b.exported, failed: b.failed });
  }
}

function demoSummary(result: FinalizeResult, snapshotDir: string, archiveDir: string, ms: number): string {
  return [
    `Run ${result.runId}: ${result.outcome}, ${totalResources(result.counts)} resources in ${snapshotDir}`,
    ...countLines(result.counts),
    `Changes: ${describeCounts(result.changes)}`,
    result.commit ? `Git commit: ${result.commit}` : 'Git: no changes, no commit',
    `API requests: ${result.apiRequests} (429s ${result.rateLimited}); ${(ms / 1000).toFixed(1)} s; run archive in ${resolve(archiveDir, 'runs', result.runId)}`,
    '',
  ].join('\n');
}
