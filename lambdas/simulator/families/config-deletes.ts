/**
 * DELETE of the importable types whose writes came later (what `import run --prune` removes): paths and
 * permissions from the SDK (`GroupsApi.deleteGroup`, `TeamsApi.deleteTeam`, `LocationsApi.deleteLocation`,
 * `RoutingApi.deleteRoutingUtilizationLabel`, `ArchitectApi.deleteFlowsMilestone`,
 * `deleteArchitectPrompt`, `deleteFlowsDatatable` and their build/docs pages). 204 when deleted, 404 for
 * an unknown ID.
 */
import type { SimOrg } from '../model.ts';
import type { Route } from '../route.ts';
import { remove } from '../writes.ts';
import type { Family } from './family.ts';

type Listed = Parameters<typeof remove>[0];

const deleteOf = (
  template: string,
  param: string,
  permissions: string[],
  anyPermission: boolean,
  collection: (org: SimOrg) => unknown[],
): Route => ({
  method: 'DELETE',
  template,
  permissions,
  anyPermission,
  handle: (ctx) => remove(collection(ctx.org) as Listed, ctx, param),
});

export const configDeletesFamily: Family = {
  name: 'admin:group, admin:team, organization:location, routing:utilizationlabel, architect:flowmilestone, architect:userprompt, architect:datatable (deletes)',
  listings: [],
  routes: () => [
    deleteOf('/api/v2/groups/{groupId}', 'groupId', ['directory:group:delete'], true, (o) => o.groups),
    deleteOf('/api/v2/teams/{teamId}', 'teamId', ['groups:team:delete'], true, (o) => o.teams),
    deleteOf(
      '/api/v2/locations/{locationId}',
      'locationId',
      ['directory:location:delete'],
      false,
      (o) => o.locations,
    ),
    deleteOf(
      '/api/v2/routing/utilization/labels/{labelId}',
      'labelId',
      ['routing:utilization:manage'],
      false,
      (o) => o.utilizationLabels,
    ),
    deleteOf(
      '/api/v2/flows/milestones/{milestoneId}',
      'milestoneId',
      ['architect:flowMilestone:delete'],
      false,
      (o) => o.flowMilestones,
    ),
    deleteOf(
      '/api/v2/architect/prompts/{promptId}',
      'promptId',
      ['architect:userPrompt:delete'],
      false,
      (o) => o.prompts,
    ),
    deleteOf(
      '/api/v2/flows/datatables/{datatableId}',
      'datatableId',
      ['architect:datatable:delete'],
      true,
      (o) => o.dataTables,
    ),
  ],
};
