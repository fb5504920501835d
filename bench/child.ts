/**
 * The benchmark's entry point to the CLI: runs one export in its own process so that its peak memory is
 * measured apart from the simulator's, with the benchmark's scaled clock injected (the product reads no
 * time scale): `BENCH_TIME_SCALE=5 tsx bench/child.ts <cli args...>`; prints `{"maxRssMb": ...}` as the
 * last line on stderr.
 */
import { runCli } from '../lambdas/cli/main.ts';
import { createClock } from '../lambdas/engine/clock.ts';

const scale = Number(process.env.BENCH_TIME_SCALE ?? 1);
if (!(scale > 0))
  throw new Error(`BENCH_TIME_SCALE must be a positive number, got ${process.env.BENCH_TIME_SCALE}`);
const { code } = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  clock: createClock(scale),
});
process.stderr.write(`${JSON.stringify({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
process.exitCode = code;
