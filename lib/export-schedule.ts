import { TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface ExportScheduleProps {
  readonly stateMachine: sfn.IStateMachine;
  /** The export options passed as the execution input (organizationId, resourceTypes, ...). */
  readonly options: Readonly<Record<string, unknown>>;
  /**
   * Cron fields.
   * @default - every day at 02:00
   */
  readonly cron?: {
    readonly minute?: string;
    readonly hour?: string;
    readonly weekDay?: string;
    readonly day?: string;
    readonly month?: string;
  };
  /**
   * IANA time zone of the cron expression.
   * @default 'UTC'
   */
  readonly timeZone?: string;
  /** @default 'Scheduled Genesys Cloud configuration export' */
  readonly description?: string;
}

/** EventBridge Scheduler (time zones, unlike an events rule) starting the export state machine. */
export class ExportSchedule extends Construct {
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: ExportScheduleProps) {
    super(scope, id);
    const cron = props.cron ?? {};
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: props.description ?? 'Scheduled Genesys Cloud configuration export',
      schedule: scheduler.ScheduleExpression.cron({
        minute: cron.minute ?? '0',
        hour: cron.hour ?? '2',
        ...(cron.weekDay ? { weekDay: cron.weekDay } : {}),
        ...(cron.day ? { day: cron.day } : {}),
        ...(cron.month ? { month: cron.month } : {}),
        timeZone: TimeZone.of(props.timeZone ?? 'UTC'),
      }),
      target: new targets.StepFunctionsStartExecution(props.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({ options: props.options, trigger: 'schedule' }),
      }),
    });
  }
}
