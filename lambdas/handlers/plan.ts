/** Lambda entry point of the state machine's plan step; the work is in steps.ts. */
import { organizationOf } from './organizations.ts';
import { handlerDeps } from './runtime.ts';
import { planStep } from './steps.ts';

export const handler = (event: Parameters<typeof planStep>[0]) =>
  planStep(event, handlerDeps(organizationOf(event)));
