/** Lambda entry point of the state machine's promote step; the work is in steps.ts. */
import { organizationOf } from './organizations.ts';
import { handlerDeps } from './runtime.ts';
import { promoteStep } from './steps.ts';

export const handler = (event: Parameters<typeof promoteStep>[0]) =>
  promoteStep(event, handlerDeps(organizationOf(event)));
