/**
 * The CLI as a child process for tests, with the tests' scaled clock injected (the product reads no time
 * scale): `TEST_TIME_SCALE=200 tsx test/cli-child.ts export run ...`.
 */
import { runProcess } from '../lambdas/cli/process.ts';
import { createClock } from '../lambdas/engine/clock.ts';

const scale = Number(process.env.TEST_TIME_SCALE ?? 1);
await runProcess(process.argv.slice(2), { clock: createClock(scale > 0 ? scale : 1) });
