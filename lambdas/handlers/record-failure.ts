/** Lambda entry point of the state machine's record-failure step; the work is in steps.ts. */
import { organizationOf } from './organizations.ts';
import { handlerDeps } from './runtime.ts';
import { recordFailureStep } from './steps.ts';

export const handler = (event: Parameters<typeof recordFailureStep>[0]) =>
  recordFailureStep(event, handlerDeps(organizationOf(event)));
