/** Lambda entry point of the state machine's export-batch step; the work is in steps.ts. */
import { handlerDeps } from './runtime.ts';
import { exportBatchStep, type InvocationTime } from './steps.ts';

export const handler = (event: Parameters<typeof exportBatchStep>[0], context?: InvocationTime) =>
  exportBatchStep(event, handlerDeps(), context);
