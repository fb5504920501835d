/**
 * Architect writes for import: flows through Architect import jobs (`POST /api/v2/flows/jobs`, the YAML
 * uploaded to the job's signed URL, `GET /api/v2/flows/jobs/{jobId}`), see import-jobs.ts.
 */
import { importJobRoutes } from '../import-jobs.ts';
import type { Family } from './family.ts';

export const architectWritesFamily: Family = {
  name: 'routing:flow (import jobs)',
  listings: [],
  routes: () => importJobRoutes(),
};
