/** A finished run's figures as CloudWatch metrics (embedded metric format, through Powertools). */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ChangeCounts } from '../engine/changes.ts';
import { SERVICE_NAME } from './environment.ts';

export interface RunFigures {
  readonly outcome: string;
  readonly counts: Record<string, number>;
  readonly apiRequests: number;
  readonly rateLimited: number;
  readonly changes: ChangeCounts;
}

const NAMESPACE = 'CxExport';

export function publishRunMetrics(run: RunFigures): void {
  const m = new Metrics({ namespace: NAMESPACE, serviceName: SERVICE_NAME });
  m.addMetric(
    'ExportedResources',
    MetricUnit.Count,
    Object.values(run.counts).reduce((a, b) => a + b, 0),
  );
  m.addMetric('ApiRequests', MetricUnit.Count, run.apiRequests);
  m.addMetric('RateLimited', MetricUnit.Count, run.rateLimited);
  m.addMetric(
    'ChangedResources',
    MetricUnit.Count,
    run.changes.added + run.changes.changed + run.changes.removed,
  );
  m.addMetric('PartialRuns', MetricUnit.Count, run.outcome === 'partial' ? 1 : 0);
  m.publishStoredMetrics();
}
