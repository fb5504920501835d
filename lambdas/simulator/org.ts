/**
 * Deterministic generator of a simulated Genesys Cloud organization, assembled from the resource families
 * in `families/` (each owns its fixtures and routes). Every fixture is typed against the official SDK's
 * `Models`, so a field name the real API does not have fails to compile.
 */

import type { Models } from 'purecloud-platform-client-v2';
import * as architect from './families/architect.ts';
import * as authorization from './families/authorization.ts';
import type { FixtureContext, FixtureStep } from './families/family.ts';
import { flowYaml } from './families/flow-yaml.ts';
import * as flows from './families/flows.ts';
import { FAMILIES } from './families/index.ts';
import * as integrations from './families/integrations.ts';
import * as organization from './families/organization.ts';
import * as people from './families/people.ts';
import * as routing from './families/routing.ts';
import * as telephony from './families/telephony.ts';
import { emptyOrg, type OrgCounts, type SimOrg } from './model.ts';
import { createNamedRandom, createRandom } from './random.ts';

export { FLOW_DEPENDENCY_TYPE } from './dependency-tracking.ts';
export { FLOW_TYPE_ENUM } from './families/flows.ts';
export { queueMembersOf, type SimQueueMember } from './families/routing.ts';
export { sipPassword } from './families/telephony.ts';
export type { CollectionName, OrgCounts, SimOrg } from './model.ts';

export const ORG_SIZES: Record<'small' | 'large', OrgCounts> = {
  small: {
    divisions: 3,
    roles: 5,
    skills: 12,
    languages: 4,
    locations: 3,
    groups: 5,
    teams: 3,
    wrapupCodes: 10,
    users: 40,
    queues: 8,
    flows: 10,
    prompts: 5,
    dataActions: 4,
    schedules: 6,
    scheduleGroups: 3,
    trunkBaseSettings: 2,
    trunks: 3,
    membersPerQueue: 6,
    wrapupCodesPerQueue: 4,
    skillGroups: 2,
    edges: 2,
    inactiveUsers: 0,
    moreSkillGroups: 0,
    utilizationLabels: 3,
    smsAddresses: 2,
    responseLibraries: 2,
    dataTables: 2,
    dataTableRows: 12,
    flowMilestones: 3,
    flowOutcomes: 3,
    ivrs: 3,
    emergencyGroups: 1,
    presenceDefinitions: 3,
    emailDomains: 1,
    emailRoutes: 3,
    responses: 6,
    moreRoles: 0,
    roleGrants: 15,
    scripts: 3,
    evaluationForms: 3,
    integrations: 4,
    webDeployments: 2,
    edgeGroups: 1,
    sites: 2,
    didPools: 2,
    extensionPools: 2,
    phoneBaseSettings: 2,
    phones: 10,
    contactLists: 3,
    contactsPerList: 3,
    dncLists: 3,
    callableTimeSets: 2,
    callAnalysisResponseSets: 2,
    ruleSets: 2,
    campaigns: 4,
    campaignSequences: 1,
    attemptLimits: 2,
    contactListFilters: 2,
  },
  large: {
    divisions: 10,
    roles: 30,
    skills: 300,
    languages: 20,
    locations: 20,
    groups: 100,
    teams: 50,
    wrapupCodes: 200,
    users: 10_000,
    queues: 1_000,
    flows: 500,
    prompts: 100,
    dataActions: 50,
    schedules: 100,
    scheduleGroups: 50,
    trunkBaseSettings: 10,
    trunks: 50,
    membersPerQueue: 20,
    wrapupCodesPerQueue: 5,
    skillGroups: 20,
    edges: 4,
    inactiveUsers: 0,
    moreSkillGroups: 40,
    utilizationLabels: 12,
    smsAddresses: 10,
    responseLibraries: 15,
    dataTables: 25,
    dataTableRows: 5_000,
    flowMilestones: 30,
    flowOutcomes: 30,
    ivrs: 150,
    emergencyGroups: 5,
    presenceDefinitions: 12,
    emailDomains: 4,
    emailRoutes: 40,
    responses: 300,
    moreRoles: 10,
    roleGrants: 2_000,
    scripts: 25,
    evaluationForms: 20,
    integrations: 12,
    webDeployments: 8,
    edgeGroups: 4,
    sites: 10,
    didPools: 20,
    extensionPools: 10,
    phoneBaseSettings: 6,
    phones: 4_000,
    contactLists: 40,
    contactsPerList: 5,
    dncLists: 10,
    callableTimeSets: 8,
    callAnalysisResponseSets: 6,
    ruleSets: 12,
    campaigns: 30,
    campaignSequences: 5,
    attemptLimits: 6,
    contactListFilters: 20,
  },
};

/**
 * The fixture steps in the order they draw from the two seeded streams. Tests and benchmark figures pin
 * the fixtures they produce, so this order must not change: a new type's fixtures go in its family's
 * `fixtures` (run after these, each from a stream of its own), not here.
 */
const HISTORICAL_STEPS: readonly FixtureStep[] = [
  // The first stream.
  authorization.divisions,
  authorization.roles,
  routing.skills,
  routing.languages,
  organization.locations,
  people.groups,
  people.teams,
  organization.wrapupCodes,
  people.users,
  architect.prompts,
  integrations.dataActions,
  architect.schedules,
  architect.scheduleGroups,
  telephony.trunkBaseSettings,
  telephony.trunks,
  flows.flows,
  routing.queues,
  routing.queueWrapupCodesAndMembers,
  flows.flowDependencies,
  // The second stream: additions made later, drawn apart so that every value above stayed as it was.
  integrations.dataActionDefinitions,
  people.userProfiles,
  people.inactiveUsers,
  routing.skillGroups,
  flows.coverageFlows,
  routing.queueFlowsAndMemberGroups,
  flows.coverageDependencies,
  telephony.edgeTrunkBaseSettings,
  flows.flowVersions,
];

/** Steps that draw nothing and summarize the finished collections: they run last. */
const FINAL_STEPS: readonly FixtureStep[] = [
  routing.queueMemberCounts,
  flows.flowDefinitionsFromDependencies,
];

/** Returns a deterministic org for the given counts; the same seed always gives the same org. */
export function generateOrg(counts: OrgCounts, seed = 1): SimOrg {
  const rnd = createRandom(seed);
  const orgId = rnd.uuid();
  const org = emptyOrg(organization.organizationRecord(orgId));
  const ctx: FixtureContext = {
    counts,
    org,
    rnd,
    extra: createRandom(seed * 7_919 + 104_729),
    stream: (name) => createNamedRandom(seed, name),
    plant: (secret) => {
      org.plantedSecrets.push(secret);
      return secret;
    },
  };
  for (const step of HISTORICAL_STEPS) step(ctx);
  for (const family of FAMILIES) for (const step of family.fixtures ?? []) step(ctx);
  for (const step of FINAL_STEPS) step(ctx);
  addSelfUris(org);
  return org;
}

/** Each listed resource's `selfUri` is its single-resource path. */
function addSelfUris(org: SimOrg): void {
  for (const { base, collection } of FAMILIES.flatMap((f) => f.listings)) {
    for (const e of org[collection] as Array<{ id?: string; selfUri?: string }>)
      e.selfUri = `${base}/${e.id}`;
  }
  org.organization.selfUri = `/api/v2/organizations/${org.organization.id}`;
}

/**
 * The platform's own flows of every org, published: Terraform's `genesyscloud_flow` data source example
 * reads them by name without creating them (docs/data-sources/flow.md).
 */
const SYSTEM_FLOWS = [
  { name: 'Default In-Queue Flow', type: 'INQUEUECALL' },
  { name: 'Default Voicemail Flow', type: 'VOICEMAIL' },
] as const;

/**
 * A new organization, the target of an import: only what Genesys Cloud creates with every org, the Home
 * division, the two default roles (admin, employee) and the system flows, from a stream of its own.
 */
export function newOrg(seed = 1): SimOrg {
  const rnd = createNamedRandom(seed, 'org:new');
  const org = emptyOrg({ ...organization.organizationRecord(rnd.uuid()), name: 'New Organization' });
  org.divisions = [
    {
      id: rnd.uuid(),
      name: 'Home',
      description: 'The default division',
      homeDivision: true,
      selfUri: '',
    },
  ];
  org.roles = ['admin', 'employee'].map((name) => ({
    id: rnd.uuid(),
    name,
    description: 'Genesys Cloud default role',
    permissions: [],
    default: true,
    base: false,
    userCount: 0,
  }));
  const home = org.divisions[0] as Models.AuthzDivision;
  for (const { name, type } of SYSTEM_FLOWS) {
    const id = rnd.uuid();
    const flow: Models.Flow = {
      id,
      name,
      division: { id: home.id, name: home.name },
      type,
      active: true,
      system: true,
      deleted: false,
      publishedVersion: { id: '1.0', name: 'published' },
      checkedInVersion: { id: '1.0' },
    };
    const yaml = flowYaml(flow, []);
    org.flows.push(flow);
    org.flowDefinitions.set(id, yaml);
    org.flowVersions.set(id, new Map([['1.0', yaml]]));
  }
  addSelfUris(org);
  return org;
}
