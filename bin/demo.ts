/** `npm run demo`: the main job on the embedded default (see lambdas/local/demo.ts). */
import { demo } from '../lambdas/local/demo.ts';

process.exitCode = await demo(process.cwd(), process.stdout, process.stderr);
