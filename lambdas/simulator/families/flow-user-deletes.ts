/**
 * DELETE of flows and users (what `import run --prune` removes of them), from the SDK:
 * `ArchitectApi.deleteFlow` (`DELETE /api/v2/flows/{flowId}`, `architect:flow:delete`, no response body)
 * and `UsersApi.deleteUser` (`DELETE /api/v2/users/{userId}`, ANY of `admin`, `directory:user:delete`,
 * `directory:organization:admin`, answers an object). Both are kept as deleted, not removed: the flow
 * listing shows deleted flows with `deleted=true` (`getFlows`), and a deleted user is listed with
 * `state=deleted` (Terraform's `genesyscloud_user` waits for the user to reach that state after its DELETE).
 * 404 for an unknown or already deleted ID.
 */
import { notFound } from '../errors.ts';
import type { Route } from '../route.ts';
import type { Family } from './family.ts';

const deleteFlow: Route = {
  method: 'DELETE',
  template: '/api/v2/flows/{flowId}',
  permissions: ['architect:flow:delete'],
  handle: ({ org, params, path }) => {
    const flow = org.flows.find((f) => f.id === params.flowId && f.deleted !== true);
    if (!flow) return notFound(path);
    flow.deleted = true;
    return { status: 204 };
  },
};

const deleteUser: Route = {
  method: 'DELETE',
  template: '/api/v2/users/{userId}',
  permissions: ['admin', 'directory:user:delete', 'directory:organization:admin'],
  anyPermission: true,
  handle: ({ org, params, path }) => {
    const user = org.users.find((u) => u.id === params.userId && u.state !== 'deleted');
    if (!user) return notFound(path);
    user.state = 'deleted';
    return { status: 200, body: {} };
  },
};

export const flowUserDeletesFamily: Family = {
  name: 'routing:flow, admin:user (deletes)',
  listings: [],
  routes: () => [deleteFlow, deleteUser],
};
