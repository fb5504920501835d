/** Lambda entry point of the state machine's finalize step; the work is in steps.ts. */
import { handlerDeps } from './runtime.ts';
import { finalizeStep } from './steps.ts';

export const handler = (event: Parameters<typeof finalizeStep>[0]) => finalizeStep(event, handlerDeps());
