/** Lambda entry point of the state machine's export-batch step; the work is in steps.ts. */
import { handlerDeps } from './runtime.ts';
import { exportBatchStep } from './steps.ts';

export const handler = (event: Parameters<typeof exportBatchStep>[0]) =>
  exportBatchStep(event, handlerDeps());
