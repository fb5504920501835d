import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SERVICE_NAME } from '../lambdas/handlers/environment.ts';
import { METRICS_NAMESPACE, ORGANIZATION_DIMENSION, RUN_METRICS } from '../lambdas/handlers/metric-names.ts';
import type { ExportFunctions } from './export-functions.ts';

/** An organization the operator watches: its runs' metrics carry its ID as a dimension. */
export interface WatchedOrganization {
  readonly organizationId: string;
  /** Hours between its scheduled runs (24 for a daily schedule, 168 for a weekly one). */
  readonly schedulePeriodHours: number;
}

export interface OperationsProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly functions: ExportFunctions;
  readonly topic: sns.ITopic;
  readonly organizations: readonly WatchedOrganization[];
  /**
   * Several organizations share the state machine: "no successful run" is watched per organization on
   * the runs' own metric, and each alarm's construct ID names its organization.
   * @default false
   */
  readonly several?: boolean;
  /**
   * Hours past the schedule's period before a missing successful run alarms.
   * @default 2
   */
  readonly marginHours?: number;
  /**
   * Share of a function's timeout its longest invocation may take before the near-timeout alarm.
   * @default 0.8
   */
  readonly nearTimeoutShare?: number;
}

/** CloudWatch alarms evaluate at most seven days of data. */
const MAX_ALARM_HOURS = 7 * 24;

/**
 * An operator's view: a dashboard (the state machine's runs by outcome and duration, batch durations,
 * Lambda throttles; per organization its runs by outcome, API requests and 429s, resources exported and
 * changed) and alarms into the run topic: per organization a partial run, a failed run and no successful
 * run within its schedule's period plus a margin; Lambda throttles and a function near its timeout.
 * Failed, timed-out and aborted executions of any organization: FailureAlarm.
 */
export class Operations extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const sm = props.stateMachine;
    const run = (organizationId: string, metricName: string, label?: string, period = Duration.hours(1)) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: SERVICE_NAME, [ORGANIZATION_DIMENSION]: organizationId },
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
    const perOrganization = props.organizations.map(({ organizationId: org }) => [
      new cloudwatch.GraphWidget({
        title: `${org}: runs by outcome`,
        stacked: true,
        left: [
          run(org, RUN_METRICS.finishedRuns, 'finished (complete or partial)'),
          run(org, RUN_METRICS.partialRuns, 'partial'),
          run(org, RUN_METRICS.failedRuns, 'failed'),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: `${org}: Genesys Cloud API requests and 429s per run`,
        left: [run(org, RUN_METRICS.apiRequests, 'requests')],
        right: [run(org, RUN_METRICS.rateLimited, '429 answers')],
      }),
      new cloudwatch.GraphWidget({
        title: `${org}: resources exported and changed per run`,
        left: [run(org, RUN_METRICS.exportedResources, 'exported')],
        right: [run(org, RUN_METRICS.changedResources, 'added, changed or removed')],
      }),
    ]);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(14),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Runs by outcome (all organizations)',
            stacked: true,
            left: [
              sm.metricSucceeded({ ...hourly, label: 'succeeded (complete or partial)' }),
              sm.metricFailed({ ...hourly, label: 'failed or refused' }),
              sm.metricTimedOut({ ...hourly, label: 'timed out' }),
              sm.metricAborted({ ...hourly, label: 'aborted' }),
            ],
          }),
          new cloudwatch.GraphWidget({
            title: 'Run duration',
            left: [
              sm.metricTime({ period: Duration.hours(1), statistic: 'Maximum', label: 'duration (ms)' }),
            ],
          }),
        ],
        [
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
        ...perOrganization,
      ],
    });

    const alarm = (name: string, a: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, name, a);
      created.addAlarmAction(new actions.SnsAction(props.topic));
      return created;
    };
    const once = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };
    for (const { organizationId: org, schedulePeriodHours } of props.organizations) {
      const named = (name: string) => (props.several ? `${name}-${org}` : name);
      alarm(named('PartialRun'), {
        alarmDescription: `A cx-export run of ${org} ended partial: some types or resources were not exported (see its run record)`,
        metric: run(org, RUN_METRICS.partialRuns, undefined, Duration.minutes(5)),
        ...once,
      });
      alarm(named('FailedRun'), {
        alarmDescription: `A cx-export run of ${org} failed (see its run record; export runs --organizationId ${org})`,
        metric: run(org, RUN_METRICS.failedRuns, undefined, Duration.minutes(5)),
        ...once,
      });
      const hours = Math.min(schedulePeriodHours + (props.marginHours ?? 2), MAX_ALARM_HOURS);
      alarm(named('NoSuccessfulRun'), {
        alarmDescription: `No cx-export run succeeded for ${org} in the last ${hours} hours (the schedule's period plus a margin)`,
        // One organization: its executions are its runs. Several: the runs' own metric, per organization.
        metric: props.several
          ? run(org, RUN_METRICS.finishedRuns)
          : sm.metricSucceeded({ period: Duration.hours(1), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: hours,
        datapointsToAlarm: hours,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        // An hour without any execution has no data point: it counts as an hour without a success.
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
    }
    alarm('LambdaThrottled', {
      alarmDescription:
        'A cx-export Lambda was throttled (the workflow retries it; raise the concurrency limit if it persists)',
      metric: throttles,
      ...once,
    });
    const share = props.nearTimeoutShare ?? 0.8;
    for (const fn of props.functions.all) {
      const name = fn.node.id;
      const timeoutMs = fn.timeout?.toMilliseconds();
      if (!timeoutMs) continue;
      alarm(`NearTimeout${name}`, {
        alarmDescription: `The cx-export ${name} Lambda ran longer than ${Math.round(share * 100)}% of its ${timeoutMs / 1000} s timeout (a batch stops at its deadline and records the rest as partial; raise the timeout or make batches smaller)`,
        metric: fn.metricDuration({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: Math.floor(timeoutMs * share),
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
  }
}

/** Hours between runs of a schedule's cron fields: weekly when it names week days, otherwise daily. */
export function schedulePeriodHours(
  cron: { readonly weekDay?: string; readonly hour?: string } = {},
): number {
  if (cron.weekDay && cron.weekDay !== '*' && cron.weekDay !== '?') return 7 * 24;
  return 24;
}
