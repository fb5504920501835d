/** A finished run's figures as CloudWatch metrics (embedded metric format, through Powertools). */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ChangeCounts } from '../engine/changes.ts';
import { SERVICE_NAME } from './environment.ts';
import { METRICS_NAMESPACE, ORGANIZATION_DIMENSION, RUN_METRICS } from './metric-names.ts';

export interface RunFigures {
  /** complete, partial or failed (a failed run publishes FailedRuns only). */
  readonly outcome: string;
  readonly counts: Record<string, number>;
  readonly apiRequests: number;
  readonly rateLimited: number;
  readonly changes: ChangeCounts;
}

/** Publishes a run's figures, with the organization as a dimension when it is known. */
export function publishRunMetrics(run: RunFigures, organizationId?: string): void {
  const m = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  if (organizationId) m.addDimension(ORGANIZATION_DIMENSION, organizationId);
  if (run.outcome === 'failed') {
    m.addMetric(RUN_METRICS.failedRuns, MetricUnit.Count, 1);
    m.publishStoredMetrics();
    return;
  }
  m.addMetric(
    RUN_METRICS.exportedResources,
    MetricUnit.Count,
    Object.values(run.counts).reduce((a, b) => a + b, 0),
  );
  m.addMetric(RUN_METRICS.apiRequests, MetricUnit.Count, run.apiRequests);
  m.addMetric(RUN_METRICS.rateLimited, MetricUnit.Count, run.rateLimited);
  m.addMetric(
    RUN_METRICS.changedResources,
    MetricUnit.Count,
    run.changes.added + run.changes.changed + run.changes.removed,
  );
  m.addMetric(RUN_METRICS.partialRuns, MetricUnit.Count, run.outcome === 'partial' ? 1 : 0);
  m.addMetric(RUN_METRICS.finishedRuns, MetricUnit.Count, 1);
  m.publishStoredMetrics();
}
