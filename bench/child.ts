/**
 * Runs one export in its own process so that its peak memory is measured apart from the simulator's:
 * `tsx bench/child.ts <cli args...>`; prints `{"maxRssMb": ...}` as the last line on stderr.
 */
import { runCli } from '../lambdas/cli/main.ts';

const { code } = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
process.stderr.write(`${JSON.stringify({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
process.exitCode = code;
