/**
 * The resource catalog: one entry per exported type, declared in one module per area. Paths, query
 * parameters and page sizes follow the official SDK (`purecloud-platform-client-v2`). Adding a type means
 * adding its name to `names.ts`, its entry to its area's module and the entry to `CATALOG` below.
 */
import { InvariantError, UsageError } from '../errors.ts';
import {
  architectDataTable,
  architectEmergencyGroup,
  architectFlowMilestone,
  architectFlowOutcome,
  architectIvr,
  architectSchedule,
  architectScheduleGroup,
  architectUserPrompt,
} from './architect.ts';
import { authorizationDivision, authorizationRole, authorizationRoleGrant } from './authorization.ts';
import { integrationAction, integrationCredential, integrationIntegration } from './integration.ts';
import { organizationLocation, organizationWrapupCode } from './organization.ts';
import {
  outboundAttemptLimit,
  outboundCallAnalysisResponseSet,
  outboundCallableTimeSet,
  outboundCampaign,
  outboundContactList,
  outboundContactListFilter,
  outboundDncList,
  outboundRuleSet,
  outboundSequence,
  outboundSettings,
  outboundWrapupCodeMappings,
} from './outbound.ts';
import { adminGroup, adminTeam, adminUser } from './people.ts';
import { presenceDefinition } from './presence.ts';
import { qualityEvaluationForm } from './quality.ts';
import { responseManagementLibrary, responseManagementResponse } from './responsemanagement.ts';
import {
  routingEmailDomain,
  routingEmailRoute,
  routingFlow,
  routingLanguage,
  routingQueue,
  routingSettings,
  routingSkill,
  routingSkillGroup,
  routingSmsAddress,
  routingUtilization,
  routingUtilizationLabel,
} from './routing.ts';
import { scriptScript } from './script.ts';
import {
  telephonyDidPool,
  telephonyEdgeGroup,
  telephonyExtensionPool,
  telephonyPhone,
  telephonyPhoneBaseSettings,
  telephonySite,
  telephonyTrunk,
  telephonyTrunkBaseSettings,
} from './telephony.ts';
import type { ResourceTypeDefinition } from './types.ts';
import { webDeploymentsConfiguration, webDeploymentsDeployment } from './webdeployments.ts';

export { COMMON_VOLATILE } from './common.ts';
export { DEPENDENCY_TYPES, dependencyType, flowObjectType } from './dependency-types.ts';
export { NOT_EXPORTED_TYPE_NAMES, TYPE_NAMES } from './names.ts';
export type {
  CatalogEntry,
  Entity,
  NotExportedTypeName,
  Permission,
  ReferenceRule,
  ResourceTypeDefinition,
  SubResource,
  TypeName,
} from './types.ts';

/** Every type, in the order of `TYPE_NAMES`: types are planned and reported in this order. */
export const CATALOG: readonly ResourceTypeDefinition[] = [
  authorizationDivision,
  authorizationRole,
  routingSkill,
  routingLanguage,
  organizationWrapupCode,
  organizationLocation,
  adminGroup,
  adminTeam,
  adminUser,
  architectSchedule,
  architectScheduleGroup,
  architectUserPrompt,
  integrationAction,
  telephonyTrunkBaseSettings,
  telephonyTrunk,
  routingQueue,
  routingFlow,
  routingUtilizationLabel,
  routingSkillGroup,
  routingSmsAddress,
  responseManagementLibrary,
  architectDataTable,
  architectFlowMilestone,
  architectFlowOutcome,
  architectIvr,
  architectEmergencyGroup,
  presenceDefinition,
  routingUtilization,
  routingSettings,
  routingEmailDomain,
  routingEmailRoute,
  responseManagementResponse,
  authorizationRoleGrant,
  scriptScript,
  qualityEvaluationForm,
  integrationCredential,
  integrationIntegration,
  webDeploymentsConfiguration,
  webDeploymentsDeployment,
  outboundSettings,
  outboundWrapupCodeMappings,
  outboundContactList,
  outboundDncList,
  outboundCallableTimeSet,
  outboundCallAnalysisResponseSet,
  outboundRuleSet,
  outboundCampaign,
  outboundSequence,
  telephonyEdgeGroup,
  telephonySite,
  telephonyDidPool,
  telephonyExtensionPool,
  telephonyPhoneBaseSettings,
  telephonyPhone,
  outboundAttemptLimit,
  outboundContactListFilter,
];

const BY_NAME = new Map<string, ResourceTypeDefinition>();
for (const t of CATALOG) {
  for (const n of [t.name, ...t.aliases]) BY_NAME.set(n.toLowerCase(), t);
}

export function typeByName(name: string): ResourceTypeDefinition | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

/** The entry of a type the engine already knows to exist (from a plan or a manifest). */
export function requireType(name: string): ResourceTypeDefinition {
  const t = typeByName(name);
  if (!t) throw new InvariantError(`unknown resource type ${name}`);
  return t;
}

/** Resolves `--resourceTypes` (names or aliases) to canonical names, refusing unknown ones by name. */
export function resolveTypeNames(names: readonly string[], flag = '--resourceTypes'): string[] {
  const unknown = names.filter((n) => !typeByName(n));
  if (unknown.length) {
    throw new UsageError(
      `${flag}: unknown resource type${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')} (known: ${CATALOG.map((t) => t.name).join(', ')})`,
    );
  }
  return [...new Set(names.map((n) => (typeByName(n) as ResourceTypeDefinition).name))];
}
