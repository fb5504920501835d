import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface FailureAlarmProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly topic: sns.ITopic;
}

/** Creates the run-notification topic (failed and partial runs). */
export function runTopic(scope: Construct, email?: string): sns.Topic {
  const topic = new sns.Topic(scope, 'RunTopic', { displayName: 'cx-export runs', enforceSSL: true });
  if (email) topic.addSubscription(new subscriptions.EmailSubscription(email));
  return topic;
}

/**
 * Creates the change topic: when a run commits changes to Git, it gets the commit's summary (what changed,
 * by type, with names), so a team learns of an out-of-band change the next morning.
 */
export function changesTopic(scope: Construct, email?: string): sns.Topic {
  const topic = new sns.Topic(scope, 'ChangesTopic', { displayName: 'cx-export changes', enforceSSL: true });
  if (email) topic.addSubscription(new subscriptions.EmailSubscription(email));
  return topic;
}

/** An alarm on failed, timed-out and aborted executions, sent to the run topic. */
export class FailureAlarm extends Construct {
  constructor(scope: Construct, id: string, props: FailureAlarmProps) {
    super(scope, id);
    const failed = new cloudwatch.MathExpression({
      expression: 'failed + timedOut + aborted',
      usingMetrics: {
        failed: props.stateMachine.metricFailed({ period: Duration.minutes(5) }),
        timedOut: props.stateMachine.metricTimedOut({ period: Duration.minutes(5) }),
        aborted: props.stateMachine.metricAborted({ period: Duration.minutes(5) }),
      },
      period: Duration.minutes(5),
    });
    const alarm = new cloudwatch.Alarm(this, 'RunFailed', {
      alarmDescription: 'A cx-export run failed, timed out or was aborted',
      metric: failed,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(props.topic));
  }
}
