#!/usr/bin/env node
// The `genesyscloud` command. TypeScript sources run through tsx, so `npx genesyscloud` works right
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { runProcess } = await import('../lambdas/cli/process.ts');
await runProcess(process.argv.slice(2));
