import { Annotations, type CfnElement, CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { DEFAULT_BRANCH } from '../lambdas/engine/defaults.ts';
import { TOKEN_STYLES, type TokenStyle } from '../lambdas/engine/git/auth.ts';
import { DEFAULT_GIT_PATH } from '../lambdas/engine/git/target.ts';
import { ArchiveBucket } from './archive-bucket.ts';
import { ExportFunctions, STAGING_OBJECTS } from './export-functions.ts';
import { ExportSchedule } from './export-schedule.ts';
import { ExportStateMachine } from './export-state-machine.ts';
import { FailureAlarm, runTopic } from './failure-alarm.ts';
import { Operations, schedulePeriodHours } from './operations.ts';

export interface CxExportStackProps extends StackProps {
  /** Export options of scheduled runs; `organizationId` is required. */
  readonly exportOptions: Readonly<Record<string, unknown>> & { readonly organizationId: string };
  /**
   * Schedule cron fields and time zone.
   * @default - daily at 02:00 UTC
   */
  readonly schedule?: {
    readonly minute?: string;
    readonly hour?: string;
    readonly weekDay?: string;
    readonly timeZone?: string;
  };
  /**
   * Export-batch Lambdas at once.
   * @default DEFAULT_MAP_CONCURRENCY (4)
   */
  readonly mapConcurrency?: number;
  /**
   * Git remote to publish to (HTTPS); the token lives in the Git secret created by this stack. The branch
   * defaults to DEFAULT_BRANCH, the folder to DEFAULT_GIT_PATH.
   * @default - no Git publishing
   */
  readonly git?: {
    readonly remoteUrl: string;
    readonly branch?: string;
    readonly path?: string;
    /** How the token is presented to the host; guessed from the remote's host when not set. */
    readonly tokenStyle?: TokenStyle;
  };
  /**
   * Object Lock retention of the archive, in days.
   * @default - no Object Lock
   */
  readonly objectLockRetentionDays?: number;
  /**
   * Email subscribed to failed and partial run notifications.
   * @default - none
   */
  readonly alarmEmail?: string;
}

/** A secret's initial value: its fields, empty, beside a generated "placeholder" field. */
const placeholderSecret = (fields: Record<string, string>): secretsmanager.SecretStringGenerator => ({
  secretStringTemplate: JSON.stringify(fields),
  generateStringKey: 'placeholder',
  excludePunctuation: true,
});

/** The serverless exporter: schedule -> state machine (plan, batches, promote, publish, archive) -> S3 archive and Git. */
export class CxExportStack extends Stack {
  readonly stateMachine: ExportStateMachine;
  readonly archive: ArchiveBucket;

  constructor(scope: Construct, id: string, props: CxExportStackProps) {
    super(scope, id, props);
    if (!props.exportOptions?.organizationId)
      throw new Error(
        'CxExportStack: exportOptions.organizationId is required (cdk.json context "exportOptions")',
      );
    const tokenStyle = props.git?.tokenStyle;
    if (tokenStyle !== undefined && !(TOKEN_STYLES as readonly string[]).includes(tokenStyle))
      throw new Error(
        `CxExportStack: git.tokenStyle must be one of ${TOKEN_STYLES.join(', ')}, got '${tokenStyle}'`,
      );
    if (!props.alarmEmail)
      Annotations.of(this).addWarning(
        'No alarmEmail in context: failed and partial runs alarm into the run topic, but nobody will be notified. Set -c alarmEmail=<address> or subscribe to the topic.',
      );
    this.archive = new ArchiveBucket(this, 'Archive', {
      objectLockRetentionDays: props.objectLockRetentionDays,
    });
    // Values are filled in after deployment (console or CLI); the template never holds them. Each secret is
    // created holding its fields, empty, and a random "placeholder" field (Secrets Manager generates a value
    // at creation only): a run before they are filled in fails saying which field is missing.
    const genesysSecret = new secretsmanager.Secret(this, 'GenesysOAuthClient', {
      description:
        'Genesys Cloud OAuth client: put {"clientId","clientSecret","region" or "baseUrl"} (created with empty fields)',
      generateSecretString: placeholderSecret({ clientId: '', clientSecret: '', region: '' }),
    });
    const gitSecret = props.git
      ? new secretsmanager.Secret(this, 'GitToken', {
          description: 'Git token for snapshot publishing: put {"token"} (created with an empty token)',
          generateSecretString: placeholderSecret({ token: '' }),
        })
      : undefined;
    const functions = new ExportFunctions(this, 'Functions', {
      bucket: this.archive.bucket,
      genesysSecret,
      gitSecret,
      git: props.git
        ? {
            remoteUrl: props.git.remoteUrl,
            branch: props.git.branch ?? DEFAULT_BRANCH,
            path: props.git.path ?? DEFAULT_GIT_PATH,
            ...(tokenStyle ? { tokenStyle } : {}),
          }
        : undefined,
    });
    const topic = runTopic(this, props.alarmEmail);
    this.stateMachine = new ExportStateMachine(this, 'Workflow', {
      functions,
      topic,
      mapConcurrency: props.mapConcurrency,
    });
    new ExportSchedule(this, 'Schedule', {
      stateMachine: this.stateMachine.stateMachine,
      options: props.exportOptions,
      cron: props.schedule,
      timeZone: props.schedule?.timeZone,
    });
    new FailureAlarm(this, 'Alarm', { stateMachine: this.stateMachine.stateMachine, topic });
    new Operations(this, 'Operations', {
      stateMachine: this.stateMachine.stateMachine,
      functions,
      topic,
      schedulePeriodHours: schedulePeriodHours(props.schedule),
    });

    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachine.stateMachineArn });
    new CfnOutput(this, 'ArchiveBucketName', { value: this.archive.bucket.bucketName });
    new CfnOutput(this, 'GenesysSecretArn', { value: genesysSecret.secretArn });

    this.acknowledgeFindings(functions, genesysSecret, gitSecret);
  }

  /** cdk-nag findings this design accepts, each with its reason; anything new fails the synth. */
  private acknowledgeFindings(
    functions: ExportFunctions,
    genesysSecret: secretsmanager.Secret,
    gitSecret: secretsmanager.Secret | undefined,
  ): void {
    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing and CloudWatch Logs delivery for the state machine do not support resource-level permissions.',
    });
    const ack = (scope: Construct, id: string, reason: string) =>
      Validations.of(scope).acknowledge({ id: `AwsSolutions::${id}`, reason });
    const arn = (c: Construct) => `<${this.getLogicalId(c.node.defaultChild as CfnElement)}.Arn>`;
    ack(
      genesysSecret,
      'AwsSolutions-SMG4',
      'The Genesys Cloud OAuth client secret is issued by Genesys Cloud; rotation happens there, not in Secrets Manager.',
    );
    if (gitSecret)
      ack(gitSecret, 'AwsSolutions-SMG4', 'The Git token is issued by the Git host; it is rotated there.');
    const bucket = arn(this.archive.bucket);
    for (const fn of functions.all) {
      // The role is the function's sibling (its own, see ExportFunctions), so its policy is acknowledged there.
      const role = fn.role as unknown as Construct;
      ack(
        role,
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray tracing (PutTraceSegments, PutTelemetryRecords) does not support resource-level permissions.',
      );
      ack(
        role,
        `AwsSolutions-IAM5[Resource::${bucket}/latest/*]`,
        'The working snapshot is one object per resource under latest/; the grant is limited to that prefix.',
      );
      ack(
        role,
        `AwsSolutions-IAM5[Resource::${bucket}/${STAGING_OBJECTS}*]`,
        "A run's work in progress is one object per resource under the staging prefix, with the run lock; the grant is limited to that prefix.",
      );
      ack(
        role,
        `AwsSolutions-IAM5[Resource::${bucket}/runs/*]`,
        'Each run writes its archive under runs/<run-id>/; the grant is limited to that prefix.',
      );
      ack(
        fn,
        'AwsSolutions-L1',
        'Pinned to Node.js 22, the runtime the engine is tested on; moved forward deliberately, not by default.',
      );
      ack(
        this.stateMachine,
        `AwsSolutions-IAM5[Resource::${arn(fn)}:*]`,
        'LambdaInvoke grants the function and its version qualifiers (:*), nothing else.',
      );
    }
  }
}
