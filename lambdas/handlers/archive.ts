/** Lambda entry point of the state machine's archive step; the work is in steps.ts. */
import { organizationOf } from './organizations.ts';
import { handlerDeps } from './runtime.ts';
import { archiveStep } from './steps.ts';

export const handler = (event: Parameters<typeof archiveStep>[0]) =>
  archiveStep(event, handlerDeps(organizationOf(event)));
