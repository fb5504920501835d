/** Lambda entry point of the state machine's export-batch step; the work is in steps.ts. */
import { handlerDeps } from './runtime.ts';
import { type BatchInput, batchOf, exportBatchStep, type InvocationTime } from './steps.ts';

export const handler = (event: BatchInput, context?: InvocationTime) => {
  const { batch, organizationId } = batchOf(event);
  return exportBatchStep(batch, handlerDeps(organizationId), context);
};
