/**
 * The main job on the embedded default: starts the simulated small org on loopback and runs
 * `genesyscloud export run` against it into ./export-output. Extra arguments are passed to the CLI.
 */
import { runCli } from '../lambdas/cli/main.ts';
import { DEFAULT_CLIENT, GenesysSimulator } from '../test/simulator/server.ts';

const sim = new GenesysSimulator({ size: 'small', latencyMs: { min: 5, max: 20 }, exportJobDurationMs: 300 });
const url = await sim.start();
process.stderr.write(`Simulated Genesys Cloud org '${sim.org.organization.name}' (${sim.org.organization.id}) on ${url}\n`);
const env = {
  ...process.env,
  GENESYS_CLOUD_BASE_URL: url,
  GENESYS_CLOUD_OAUTH_CLIENT_ID: DEFAULT_CLIENT.clientId,
  GENESYS_CLOUD_OAUTH_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
};
const args = ['export', 'run', '--organizationId', String(sim.org.organization.id), '--outputDir', './export-output', '--gitCommit', ...process.argv.slice(2)];
process.stderr.write(`$ genesyscloud ${args.join(' ')}\n`);
const { code } = await runCli(args, { cwd: process.cwd(), env, stdout: process.stdout, stderr: process.stderr });
await sim.stop();
process.exitCode = code;
