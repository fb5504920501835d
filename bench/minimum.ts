/**
 * The fewest API requests a complete export of the simulated org needs, type by type: each listing at the
 * page size the catalog uses, per-parent listings, singletons and their parts, what the listing cannot give
 * (details, sub-resources, data-table rows, export files, bulk reads), the referenced resources a listing
 * left out, flow export jobs (create and one poll per batch), and the organization check. Keyed by
 * `TypeName`, so a new type cannot be benchmarked without its own line here.
 */
import type { TypeName } from '../lambdas/engine/catalog/index.ts';
import { requireType } from '../lambdas/engine/catalog/index.ts';
import type { Manifest } from '../lambdas/engine/model.ts';
import { batchSize } from '../lambdas/engine/plan.ts';
import type { SimOrg } from '../lambdas/simulator/model.ts';

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
const listing = (type: TypeName, n: number) => pages(n, requireType(type).list.pageSize);
const perParent = (type: TypeName, counts: readonly number[]) =>
  counts.reduce((sum, k) => sum + listing(type, k), 0);

type Cost = (org: SimOrg, exported: readonly string[]) => number;

const COSTS: Record<TypeName, Cost> = {
  'authorization:division': (o) => listing('authorization:division', o.divisions.length),
  'authorization:role': (o) => listing('authorization:role', o.roles.length),
  'routing:skill': (o) => listing('routing:skill', o.skills.length),
  'routing:language': (o) => listing('routing:language', o.languages.length),
  'organization:wrapupcode': (o) => listing('organization:wrapupcode', o.wrapupCodes.length),
  'organization:location': (o) => listing('organization:location', o.locations.length),
  'admin:group': (o) => listing('admin:group', o.groups.length),
  'admin:team': (o) => listing('admin:team', o.teams.length),
  'admin:user': (o, ids) => {
    const active = o.users.filter((u) => u.state === 'active').length;
    // Referenced users the listing of active ones left out, read 100 IDs a request.
    return listing('admin:user', active) + Math.ceil(Math.max(0, ids.length - active) / 100);
  },
  'architect:schedule': (o) => listing('architect:schedule', o.schedules.length),
  'architect:schedulegroup': (o) => listing('architect:schedulegroup', o.scheduleGroups.length),
  'architect:userprompt': (o) => listing('architect:userprompt', o.prompts.length),
  // Each action read by ID for its config and contract.
  'integration:action': (o, ids) => listing('integration:action', o.dataActions.length) + ids.length,
  'telephony:trunkbasesettings': (o) => listing('telephony:trunkbasesettings', o.trunkBaseSettings.length),
  'telephony:trunk': (o) => listing('telephony:trunk', o.trunks.length),
  // Wrap-up codes and members: a page each.
  'routing:queue': (o, ids) => listing('routing:queue', o.queues.length) + 2 * ids.length,
  'routing:flow': (o, ids) => {
    const versioned = ids.filter((id) => o.flows.find((f) => f.id === id)?.checkedInVersion).length;
    const jobs = Math.ceil(ids.length / batchSize(requireType('routing:flow')));
    return listing('routing:flow', o.flows.filter((f) => !f.deleted).length) + versioned + 2 * jobs;
  },
  'routing:utilizationlabel': (o) => listing('routing:utilizationlabel', o.utilizationLabels.length),
  // Read by ID for its conditions, and its member divisions.
  'routing:skillgroup': (o, ids) => listing('routing:skillgroup', o.skillGroups.length) + 2 * ids.length,
  'routing:smsaddress': (o) => listing('routing:smsaddress', o.smsAddresses.length),
  'responsemanagement:library': (o) => listing('responsemanagement:library', o.responseLibraries.length),
  // Rows: ceil(rows / 100) a table.
  'architect:datatable': (o, ids) =>
    listing('architect:datatable', o.dataTables.length) +
    ids.reduce((sum, id) => sum + pages(o.dataTableRows.get(id)?.length ?? 0, 100), 0),
  'architect:flowmilestone': (o) => listing('architect:flowmilestone', o.flowMilestones.length),
  'architect:flowoutcome': (o) => listing('architect:flowoutcome', o.flowOutcomes.length),
  'architect:ivr': (o) => listing('architect:ivr', o.ivrs.length),
  'architect:emergencygroup': (o) => listing('architect:emergencygroup', o.emergencyGroups.length),
  // Active and deactivated definitions: one unpaged listing each.
  'presence:definition': () => 2,
  // The utilization and its label utilizations come in one GET.
  'routing:utilization': () => 1,
  // Settings, transcription and contact-center settings.
  'routing:settings': () => 3,
  'routing:emaildomain': (o) => listing('routing:emaildomain', o.emailDomains.length),
  'routing:emailroute': (o) =>
    perParent(
      'routing:emailroute',
      o.emailDomains.map((d) => o.emailRoutes.get(d.id as string)?.length ?? 0),
    ),
  'responsemanagement:response': (o) =>
    perParent(
      'responsemanagement:response',
      o.responseLibraries.map(
        (l) => o.responses.filter((r) => r.libraries.some((x) => x.id === l.id)).length,
      ),
    ),
  'authorization:rolegrant': (o) =>
    perParent(
      'authorization:rolegrant',
      o.roles.map((r) => o.roleGrants.get(r.id as string)?.length ?? 0),
    ),
  // The export (a POST each); the signed download is not an API request.
  'script:script': (o, ids) => listing('script:script', o.scripts.length) + ids.length,
  // The latest published versions, 100 forms a request.
  'quality:evaluationform': (o) =>
    listing('quality:evaluationform', o.evaluationForms.length) +
    Math.ceil(o.evaluationForms.filter((f) => f.contextId).length / 100),
  'integration:credential': (o) => listing('integration:credential', o.integrationCredentials.length),
  // Each integration's current configuration.
  'integration:integration': (o, ids) =>
    listing('integration:integration', o.integrations.length) + ids.length,
  'webdeployments:configuration': (o) =>
    listing('webdeployments:configuration', o.webDeploymentConfigurations.length),
  'webdeployments:deployment': (o) => listing('webdeployments:deployment', o.webDeployments.length),
  // Singletons: one GET each.
  'outbound:settings': () => 1,
  'outbound:wrapupcodemappings': () => 1,
  'outbound:contactlist': (o) => listing('outbound:contactlist', o.contactLists.length),
  'outbound:dnclist': (o) => listing('outbound:dnclist', o.dncLists.length),
  'outbound:callabletimeset': (o) => listing('outbound:callabletimeset', o.callableTimeSets.length),
  'outbound:callanalysisresponseset': (o) =>
    listing('outbound:callanalysisresponseset', o.callAnalysisResponseSets.length),
  'outbound:ruleset': (o) => listing('outbound:ruleset', o.ruleSets.length),
  'outbound:campaign': (o) => listing('outbound:campaign', o.campaigns.length),
  'outbound:sequence': (o) => listing('outbound:sequence', o.campaignSequences.length),
  'outbound:attemptlimit': (o) => listing('outbound:attemptlimit', o.attemptLimits.length),
  'outbound:contactlistfilter': (o) => listing('outbound:contactlistfilter', o.contactListFilters.length),
  'telephony:edgegroup': (o) => listing('telephony:edgegroup', o.edgeGroups.length),
  // Each customer-managed site's outbound routes and number plans.
  'telephony:site': (o, ids) => listing('telephony:site', o.sites.length) + 2 * ids.length,
  'telephony:didpool': (o) => listing('telephony:didpool', o.didPools.length),
  'telephony:extensionpool': (o) => listing('telephony:extensionpool', o.extensionPools.length),
  'telephony:phonebasesettings': (o) => listing('telephony:phonebasesettings', o.phoneBaseSettings.length),
  'telephony:phone': (o) => listing('telephony:phone', o.phones.length),
};

/** The minimum per type, and in all (the organization check included). */
export function minimumRequests(org: SimOrg, m: Manifest): { total: number; byType: Record<string, number> } {
  const byType: Record<string, number> = {};
  for (const [type, cost] of Object.entries(COSTS) as Array<[TypeName, Cost]>) {
    const ids = m.resources.filter((r) => r.type === type).map((r) => r.id);
    byType[type] = cost(org, ids);
  }
  return { total: 1 + Object.values(byType).reduce((a, b) => a + b, 0), byType };
}
