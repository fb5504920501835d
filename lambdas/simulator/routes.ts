/**
 * The Platform API endpoints the simulator serves, assembled from the resource families in `families/`.
 * Each path, query parameter and paging style is taken from the official SDK's
 * `src/purecloud-platform-client-v2/api/*Api.js`; maximum page sizes follow genesys-api-notes.md (500
 * where the Terraform exporter uses 500, 100 for members and the rest).
 */
import { FAMILIES } from './families/index.ts';
import { listRoute, singleRoute } from './listing.ts';
import type { ListSpec, Route } from './route.ts';

export { DEPENDENCY_OBJECT_TYPES } from './dependency-tracking.ts';
export {
  downloadExport,
  type ExportFileNaming,
  type ExportJob,
  type ExportJobs,
  exportEntryNames,
} from './export-jobs.ts';
export { INACTIVE_USERS_RESULT_WINDOW } from './families/people.ts';
export { type ListSpec, matchRoute, type Route, type RouteContext } from './route.ts';

/** Every collection served as a listing, family by family. */
export const LIST_SPECS: readonly ListSpec[] = FAMILIES.flatMap((f) => f.listings);

/** Each family's listings, its other routes, then its single-resource GETs. */
export function buildRoutes(): Route[] {
  return FAMILIES.flatMap((f) => [
    ...f.listings.map(listRoute),
    ...(f.routes?.() ?? []),
    ...f.listings.filter((s) => s.single).map(singleRoute),
  ]);
}
