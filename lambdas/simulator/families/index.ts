/**
 * Every resource family the simulator serves, in the order their routes are registered. A new resource
 * type is a new family module (or a new section of one) registered here.
 */
import { architectFamily } from './architect.ts';
import { architectConfigFamily } from './architect-config.ts';
import { architectWritesFamily } from './architect-writes.ts';
import { auditsFamily } from './audits.ts';
import { authorizationFamily } from './authorization.ts';
import { authorizationWritesFamily } from './authorization-writes.ts';
import { configDeletesFamily } from './config-deletes.ts';
import { configWritesFamily } from './config-writes.ts';
import { emailResponsesFamily } from './email-responses.ts';
import { evaluationFormWritesFamily } from './evaluation-form-writes.ts';
import type { Family } from './family.ts';
import { flowUserDeletesFamily } from './flow-user-deletes.ts';
import { flowsFamily } from './flows.ts';
import { installedIntegrationsFamily } from './installed-integrations.ts';
import { integrationsFamily } from './integrations.ts';
import { integrationsWritesFamily } from './integrations-writes.ts';
import { orgSettingsFamily } from './org-settings.ts';
import { organizationFamily } from './organization.ts';
import { outboundFamily } from './outbound.ts';
import { outboundLimitsFamily } from './outbound-limits.ts';
import { outboundWritesFamily } from './outbound-writes.ts';
import { peopleFamily } from './people.ts';
import { peopleWritesFamily } from './people-writes.ts';
import { qualityFamily } from './quality.ts';
import { roleGrantsFamily } from './role-grants.ts';
import { routingFamily } from './routing.ts';
import { routingConfigFamily } from './routing-config.ts';
import { routingConfigWritesFamily } from './routing-config-writes.ts';
import { scriptsFamily } from './scripts.ts';
import { telephonyFamily } from './telephony.ts';
import { telephonyEdgesFamily } from './telephony-edges.ts';
import { telephonyWritesFamily } from './telephony-writes.ts';
import { webDeploymentsFamily } from './webdeployments.ts';
import { webDeploymentsWritesFamily } from './webdeployments-writes.ts';

export const FAMILIES: readonly Family[] = [
  organizationFamily,
  authorizationFamily,
  peopleFamily,
  routingFamily,
  architectFamily,
  flowsFamily,
  integrationsFamily,
  telephonyFamily,
  // Added later: their fixtures draw from streams of their own, after every family above.
  routingConfigFamily,
  architectConfigFamily,
  orgSettingsFamily,
  emailResponsesFamily,
  roleGrantsFamily,
  scriptsFamily,
  qualityFamily,
  installedIntegrationsFamily,
  webDeploymentsFamily,
  outboundFamily,
  telephonyEdgesFamily,
  architectWritesFamily,
  peopleWritesFamily,
  configWritesFamily,
  auditsFamily,
  configDeletesFamily,
  telephonyWritesFamily,
  authorizationWritesFamily,
  webDeploymentsWritesFamily,
  integrationsWritesFamily,
  outboundWritesFamily,
  outboundLimitsFamily,
  routingConfigWritesFamily,
  evaluationFormWritesFamily,
  flowUserDeletesFamily,
];
