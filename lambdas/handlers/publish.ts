/** Lambda entry point of the state machine's publish step; the work is in steps.ts. */
import { organizationOf } from './organizations.ts';
import { handlerDeps } from './runtime.ts';
import { publishStep } from './steps.ts';

export const handler = (event: Parameters<typeof publishStep>[0]) =>
  publishStep(event, handlerDeps(organizationOf(event)));
