/**
 * Names of the run metrics the Finalize step publishes, shared with the stack's dashboard and alarms
 * (lib/operations.ts). Imported by `lib/`: no Powertools, no aws-cdk-lib here.
 */

/**
 * Namespace of the run metrics. Dimensions: `service` = SERVICE_NAME (as Powertools sets it) and
 * `organizationId`, the organization the run exported.
 */
export const METRICS_NAMESPACE = 'CxExport';

/** The run metrics' names, shared with the dashboard and alarms (lib/operations.ts). */
export const RUN_METRICS = {
  exportedResources: 'ExportedResources',
  apiRequests: 'ApiRequests',
  rateLimited: 'RateLimited',
  changedResources: 'ChangedResources',
  partialRuns: 'PartialRuns',
  /** 1 per run archived complete or partial (the Archive step). */
  finishedRuns: 'FinishedRuns',
  /** 1 per run recorded as failed (the RecordFailure step; a run the state machine timed out has none). */
  failedRuns: 'FailedRuns',
} as const;

/** The dimension naming the organization of a run metric. */
export const ORGANIZATION_DIMENSION = 'organizationId';
