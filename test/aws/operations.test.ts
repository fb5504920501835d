/** An operator's view: the dashboard, the alarms, metric names shared with the handlers, log keys. */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { publishRunMetrics } from '../../lambdas/handlers/metrics.ts';
import { powertoolsLogger, type RunLogKeys } from '../../lambdas/handlers/runtime.ts';
import { localDeps, silentLogger } from '../../lambdas/local/deps.ts';
import { runWorkflowLocally } from '../../lambdas/local/workflow.ts';
import { DEFAULT_CLIENT } from '../../lambdas/simulator/server.ts';
import { CxExportStack, type CxExportStackProps } from '../../lib/cx-export-stack.ts';
import { cleanup, startSimulator, tempDir } from '../helpers.ts';

afterEach(cleanup);

function template(props: Partial<CxExportStackProps> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CxExportStack(app, 'Ops', {
    exportOptions: { organizationId: '11111111-2222-3333-4444-555555555555' },
    alarmEmail: 'ops@example.com',
    ...props,
  });
  return Template.fromStack(stack);
}

type Alarm = {
  AlarmDescription: string;
  MetricName?: string;
  Namespace?: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  TreatMissingData?: string;
  AlarmActions?: unknown[];
  Metrics?: Array<{ MetricStat?: { Metric: { MetricName: string } } }>;
};

function alarms(t: Template): Alarm[] {
  return Object.values(t.findResources('AWS::CloudWatch::Alarm')).map(
    (a) => (a as { Properties: Alarm }).Properties,
  );
}

const find = (all: Alarm[], text: RegExp) => all.find((a) => text.test(a.AlarmDescription));

/** Captures what a Powertools call writes to stdout, as JSON lines. */
function jsonLines(fn: () => void): Array<Record<string, unknown>> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return out
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('Operations: dashboard and alarms', () => {
  it('has a dashboard of runs by outcome, duration, API requests and 429s, changes, batch durations and throttles', () => {
    const dashboards = template().findResources('AWS::CloudWatch::Dashboard');
    expect(Object.keys(dashboards)).toHaveLength(1);
    const body = JSON.stringify(Object.values(dashboards)[0]);
    for (const metric of [
      'ExecutionsSucceeded',
      'ExecutionsFailed',
      'ExecutionsTimedOut',
      'PartialRuns',
      'ExecutionTime',
      'ApiRequests',
      'RateLimited',
      'ChangedResources',
      'Duration',
      'Throttles',
    ])
      expect(body, metric).toContain(metric);
  });

  it('alarms into the run topic on a partial run, on Lambda throttles, and when no run succeeded within the schedule plus a margin', () => {
    const daily = alarms(template());
    const partial = find(daily, /partial/);
    expect(partial).toMatchObject({ MetricName: 'PartialRuns', Namespace: 'CxExport' });
    const throttled = find(daily, /throttled/);
    expect(throttled?.Metrics?.filter((m) => m.MetricStat?.Metric.MetricName === 'Throttles')).toHaveLength(
      7,
    );
    const missing = find(daily, /No cx-export run succeeded/);
    expect(missing).toMatchObject({
      MetricName: 'ExecutionsSucceeded',
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      TreatMissingData: 'breaching',
    });
    for (const a of daily) expect(a.AlarmActions?.length, a.AlarmDescription).toBe(1);
    const weekly = find(alarms(template({ schedule: { weekDay: 'MON' } })), /No cx-export run succeeded/);
    expect(weekly?.EvaluationPeriods).toBe(168);
  });

  it("reads the metrics the Archive step publishes, under the handlers' names and dimension", () => {
    const [emf] = jsonLines(() =>
      publishRunMetrics({
        outcome: 'partial',
        counts: { 'routing:queue': 3 },
        apiRequests: 10,
        rateLimited: 1,
        changes: { added: 1, changed: 0, removed: 0 },
      }),
    );
    expect(emf).toBeDefined();
    const directives = (
      (emf as Record<string, unknown>)._aws as {
        CloudWatchMetrics: Array<{
          Namespace: string;
          Dimensions: string[][];
          Metrics: Array<{ Name: string }>;
        }>;
      }
    ).CloudWatchMetrics[0];
    expect(directives?.Namespace).toBe('CxExport');
    expect(directives?.Dimensions).toEqual([['service']]);
    const body = JSON.stringify(template().toJSON());
    for (const m of directives?.Metrics ?? []) expect(body, m.Name).toContain(m.Name);
    expect(body).toContain(`{"Name":"service","Value":"${emf?.service}"}`);
  });
});

describe('Log lines carry the run ID and, in a batch, the batch ID', () => {
  it('Powertools persistent keys, replaced at each step', () => {
    const logger = powertoolsLogger();
    const lines = jsonLines(() => {
      logger.setRunKeys?.({ runId: 'run-1', batchId: 'routing_queue-0000' });
      logger.info('batch');
      logger.setRunKeys?.({ runId: 'run-2' });
      logger.info('finalize');
    });
    expect(lines[0]).toMatchObject({ message: 'batch', runId: 'run-1', batchId: 'routing_queue-0000' });
    expect(lines[1]).toMatchObject({ message: 'finalize', runId: 'run-2' });
    expect(lines[1]?.batchId).toBeUndefined();
  });

  it('every step sets them', async () => {
    const sim = await startSimulator();
    const keys: Array<RunLogKeys> = [];
    const out = (await runWorkflowLocally(
      localDeps({
        apiBaseUrl: sim.url,
        clientId: DEFAULT_CLIENT.clientId,
        clientSecret: DEFAULT_CLIENT.clientSecret,
        clock: sim.clock,
        snapshot: new LocalStore(tempDir()),
        archive: new LocalStore(tempDir()),
        logger: { ...silentLogger, setRunKeys: (k) => keys.push(k) },
      }),
      { options: { organizationId: sim.org.organization.id, resourceTypes: 'routing:queue' } },
    )) as { runId: string };
    expect(keys.length).toBeGreaterThanOrEqual(4);
    expect(keys.every((k) => k.runId === out.runId)).toBe(true);
    expect(keys.some((k) => k.batchId?.startsWith('routing_queue'))).toBe(true);
  });
});
