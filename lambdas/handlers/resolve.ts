/** Lambda entry point of the state machine's resolve step; the work is in steps.ts. */
import { organizationOf } from './organizations.ts';
import { handlerDeps } from './runtime.ts';
import { resolveStep } from './steps.ts';

export const handler = (event: Parameters<typeof resolveStep>[0]) =>
  resolveStep(event, handlerDeps(organizationOf(event)));
