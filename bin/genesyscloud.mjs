#!/usr/bin/env node
// The `genesyscloud` command. TypeScript sources run through tsx, so `npx genesyscloud` works right
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../lambdas/cli/main.ts');
const args = process.argv.slice(2);
const interrupt = new AbortController();
// Ctrl-C while following an execution stops following, not the execution; elsewhere it ends the command.
process.on('SIGINT', () =>
  args.includes('start') && args.includes('--wait') ? interrupt.abort() : process.exit(130),
);
const { code } = await runCli(args, {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  interrupt: interrupt.signal,
});
process.exitCode = code;
