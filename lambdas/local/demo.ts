/**
 * The main job on the embedded default: the simulated small org on loopback, the synthesized state
 * machine run locally (plan, fan-out, finalize), the snapshot in ./export-output committed to a local Git
 * repository there, and the run archive in ./export-archive.
 */
import { resolve } from 'node:path';
import { ProgressDisplay } from '../cli/progress.ts';
import { describeCounts } from '../engine/changes.ts';
import { createClock } from '../engine/clock.ts';
import { errorMessage } from '../engine/errors.ts';
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
    'Running the synthesized state machine locally: Plan -> Map(ExportBatch) -> Resolve -> Finalize\n',
  );
  const progress = new ProgressDisplay(err, err.isTTY === true);
  const snapshotDir = resolve(cwd, 'export-output');
  const deps = localDeps({
    apiBaseUrl: url,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    clock,
    snapshot: new LocalStore(snapshotDir),
    archive: new LocalStore(resolve(cwd, 'export-archive')),
    logger: {
      info: () => {},
      warn: (m) => progress.line(`warning: ${m}`),
      error: (m, e) => progress.line(`error: ${m} ${JSON.stringify(e ?? {})}`),
    },
    gitTarget: async () => ({ local: true, branch: 'main' }),
  });
  const started = Date.now();
  try {
    const result = (await runWorkflowLocally(
      deps,
      { options: { organizationId: sim.org.organization.id }, trigger: 'manual' },
      {
        onTask: (state, output) => {
          if (state === 'Plan' || state === 'Resolve') {
            const s = output as RunState;
            if (s.batches.length) progress.on({ kind: 'planned', batches: s.batches.length, round: s.round });
          }
          if (state === 'ExportBatch') {
            const b = output as BatchResult;
            progress.on({ kind: 'batch-done', type: b.type, exported: b.exported, failed: b.failed });
          }
        },
      },
    )) as FinalizeResult;
    progress.stop();
    const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
    out.write(`Run ${result.runId}: ${result.outcome}, ${total} resources in ${snapshotDir}\n`);
    for (const [type, n] of Object.entries(result.counts))
      out.write(`  ${type.padEnd(30)} ${String(n).padStart(6)}\n`);
    out.write(
      `Changes: ${describeCounts(result.changes)}
`,
    );
    out.write(result.commit ? `Git commit: ${result.commit}\n` : 'Git: no changes, no commit\n');
    out.write(
      `API requests: ${result.apiRequests} (429s ${result.rateLimited}); ${((Date.now() - started) / 1000).toFixed(1)} s; run archive in ${resolve(cwd, 'export-archive', 'runs', result.runId)}\n`,
    );
    return result.outcome === 'complete' ? 0 : 3;
  } catch (e) {
    progress.stop();
    err.write(`demo: error: ${errorMessage(e).split('\n')[0]}\n`);
    return 1;
  } finally {
    await deps.client.close();
    await sim.stop();
  }
}
