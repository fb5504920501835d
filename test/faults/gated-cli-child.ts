/**
 * `test/cli-child.ts` with finalize held at its GATE_MOVE-th file promotion (reported on fd 3) until a
 * SIGINT/SIGTERM: the interruption matrix signals the CLI knowing finalize is under way.
 * `TEST_TIME_SCALE=200 GATE_MOVE=2 node --import tsx test/faults/gated-cli-child.ts export run ...`
 */
import { runProcess } from '../../lambdas/cli/process.ts';
import { createClock } from '../../lambdas/engine/clock.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { gateMoves } from './interrupt-children.ts';

gateMoves(LocalStore.prototype, Number(process.env.GATE_MOVE ?? 1), true);
const scale = Number(process.env.TEST_TIME_SCALE ?? 1);
await runProcess(process.argv.slice(2), { clock: createClock(scale > 0 ? scale : 1) });
