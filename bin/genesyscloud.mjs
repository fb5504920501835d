#!/usr/bin/env node
// The `genesyscloud` command. TypeScript sources run through tsx, so `npx genesyscloud` works right
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../lambdas/cli/main.ts');
const { code } = await runCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
