/**
 * Invokes one workflow step in its own process, as Lambda would, to measure its peak memory:
 * `tsx bench/invoke.ts <plan|exportBatch|resolve|finalize|publish> <input.json>`. Settings from the
 * environment: SIM_URL, SNAPSHOT_DIR, ARCHIVE_DIR, TIME_SCALE, GIT_REMOTE_URL, GIT_TOKEN. Prints the
 * step's output as JSON on stdout and `{"maxRssMb","ms"}` as the last line on stderr.
 */
import { readFileSync } from 'node:fs';
import { createClock } from '../lambdas/engine/clock.ts';
import { publishToRemote } from '../lambdas/engine/git/publish.ts';
import { LocalStore } from '../lambdas/engine/storage/local.ts';
import { exportBatchStep, finalizeStep, planStep, resolveStep } from '../lambdas/handlers/steps.ts';
import { localDeps } from '../lambdas/local/deps.ts';
import { DEFAULT_CLIENT } from '../lambdas/simulator/server.ts';

const [step, inputFile] = process.argv.slice(2);
const env = process.env;
const clock = createClock(Number(env.TIME_SCALE ?? 1));
const deps = localDeps({
  apiBaseUrl: env.SIM_URL ?? '',
  clientId: DEFAULT_CLIENT.clientId,
  clientSecret: DEFAULT_CLIENT.clientSecret,
  clock,
  snapshot: new LocalStore(env.SNAPSHOT_DIR ?? ''),
  archive: new LocalStore(env.ARCHIVE_DIR ?? ''),
  logger: { info: () => {}, warn: () => {}, error: (m) => process.stderr.write(`${m}\n`) },
});
const input = JSON.parse(readFileSync(inputFile ?? '', 'utf8'));
const started = Date.now();
let output: unknown;
if (step === 'plan') output = await planStep(input, deps);
else if (step === 'exportBatch') output = await exportBatchStep(input, deps);
else if (step === 'resolve') output = await resolveStep(input, deps);
else if (step === 'finalize') output = await finalizeStep(input, deps);
else if (step === 'publish')
  output = await publishToRemote(
    deps.snapshot,
    {
      url: env.GIT_REMOTE_URL ?? '',
      branch: 'main',
      path: 'snapshot',
      token: env.GIT_TOKEN,
      tokenStyle: 'basic',
    },
    { name: 'bench', email: 'bench@example.com' },
  );
else throw new Error(`unknown step ${step}`);
await deps.client.close();
process.stdout.write(`${JSON.stringify(output)}\n`);
process.stderr.write(
  `${JSON.stringify({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ms: Date.now() - started })}\n`,
);
