import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SERVICE_NAME } from '../lambdas/handlers/environment.ts';
import { METRICS_NAMESPACE, RUN_METRICS } from '../lambdas/handlers/metric-names.ts';
import type { ExportFunctions } from './export-functions.ts';

export interface OperationsProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly functions: ExportFunctions;
  readonly topic: sns.ITopic;
  /** Hours between scheduled runs (24 for a daily schedule, 168 for a weekly one). */
  readonly schedulePeriodHours: number;
  /**
   * Hours past the schedule's period before a missing successful run alarms.
   * @default 2
   */
  readonly marginHours?: number;
}

/** CloudWatch alarms evaluate at most seven days of data. */
const MAX_ALARM_HOURS = 7 * 24;

/**
 * An operator's view: a dashboard (runs by outcome, duration, API requests and 429s, resources changed,
 * batch durations, Lambda throttles) and alarms into the run topic: a partial run, no successful run
 * within the schedule's period plus a margin, Lambda throttles. Failed and timed-out runs: FailureAlarm.
 */
export class Operations extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const sm = props.stateMachine;
    const run = (metricName: string, label?: string, period = Duration.hours(1)) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: SERVICE_NAME },
        statistic: 'Sum',
        period,
        ...(label ? { label } : {}),
      });
    const hourly = { period: Duration.hours(1), statistic: 'Sum' };
    const throttles = new cloudwatch.MathExpression({
      expression: props.functions.all.map((_, i) => `t${i}`).join(' + '),
      usingMetrics: Object.fromEntries(
        props.functions.all.map((fn, i) => [`t${i}`, fn.metricThrottles({ period: Duration.minutes(5) })]),
      ),
      period: Duration.minutes(5),
      label: 'Lambda throttles',
    });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(14),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Runs by outcome',
            stacked: true,
            left: [
              sm.metricSucceeded({ ...hourly, label: 'succeeded (complete or partial)' }),
              run(RUN_METRICS.partialRuns, 'partial'),
              sm.metricFailed({ ...hourly, label: 'failed' }),
              sm.metricTimedOut({ ...hourly, label: 'timed out' }),
            ],
          }),
          new cloudwatch.GraphWidget({
            title: 'Run duration',
            left: [
              sm.metricTime({ period: Duration.hours(1), statistic: 'Maximum', label: 'duration (ms)' }),
            ],
          }),
          new cloudwatch.GraphWidget({
            title: 'Genesys Cloud API requests and 429s per run',
            left: [run(RUN_METRICS.apiRequests, 'requests')],
            right: [run(RUN_METRICS.rateLimited, '429 answers')],
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Resources exported and changed per run',
            left: [run(RUN_METRICS.exportedResources, 'exported')],
            right: [run(RUN_METRICS.changedResources, 'added, changed or removed')],
          }),
          new cloudwatch.GraphWidget({
            title: 'Export batch duration',
            left: [
              props.functions.exportBatch.metricDuration({ statistic: 'p50', label: 'p50' }),
              props.functions.exportBatch.metricDuration({ statistic: 'Maximum', label: 'max' }),
            ],
            leftAnnotations: [
              { value: props.functions.exportBatch.timeout?.toMilliseconds() ?? 0, label: 'timeout' },
            ],
          }),
          new cloudwatch.GraphWidget({ title: 'Lambda throttles', left: [throttles] }),
        ],
      ],
    });

    const alarm = (name: string, a: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, name, a);
      created.addAlarmAction(new actions.SnsAction(props.topic));
      return created;
    };
    alarm('PartialRun', {
      alarmDescription:
        'A cx-export run ended partial: some types or resources were not exported (see its run record)',
      metric: run(RUN_METRICS.partialRuns, undefined, Duration.minutes(5)),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const hours = Math.min(props.schedulePeriodHours + (props.marginHours ?? 2), MAX_ALARM_HOURS);
    alarm('NoSuccessfulRun', {
      alarmDescription: `No cx-export run succeeded in the last ${hours} hours (the schedule's period plus a margin)`,
      metric: sm.metricSucceeded({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: hours,
      datapointsToAlarm: hours,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // An hour without any execution has no data point: it counts as an hour without a success.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    alarm('LambdaThrottled', {
      alarmDescription:
        'A cx-export Lambda was throttled (the workflow retries it; raise the concurrency limit if it persists)',
      metric: throttles,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

/** Hours between runs of a schedule's cron fields: weekly when it names week days, otherwise daily. */
export function schedulePeriodHours(
  cron: { readonly weekDay?: string; readonly hour?: string } = {},
): number {
  if (cron.weekDay && cron.weekDay !== '*' && cron.weekDay !== '?') return 7 * 24;
  return 24;
}
