/**
 * Names of the run metrics the Finalize step publishes, shared with the stack's dashboard and alarms
 * (lib/operations.ts). Imported by `lib/`: no Powertools, no aws-cdk-lib here.
 */

/** Namespace of the run metrics (dimension `service` = SERVICE_NAME, as Powertools sets it). */
export const METRICS_NAMESPACE = 'CxExport';

/** The run metrics' names, shared with the dashboard and alarms (lib/operations.ts). */
export const RUN_METRICS = {
  exportedResources: 'ExportedResources',
  apiRequests: 'ApiRequests',
  rateLimited: 'RateLimited',
  changedResources: 'ChangedResources',
  partialRuns: 'PartialRuns',
} as const;
