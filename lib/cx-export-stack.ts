import { Annotations, type CfnElement, CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { DEFAULT_BRANCH } from '../lambdas/engine/defaults.ts';
import { TOKEN_STYLES, type TokenStyle } from '../lambdas/engine/git/auth.ts';
import { DEFAULT_GIT_PATH } from '../lambdas/engine/git/target.ts';
import { GITIGNORE_KEY, LATEST_RUN_KEY, PUBLISH_INDEX_KEY } from '../lambdas/engine/keys.ts';
import { ORGANIZATION_ID, organizationPrefix } from '../lambdas/handlers/organizations.ts';
import { ArchiveBucket } from './archive-bucket.ts';
import {
  ANY_ORGANIZATION,
  ExportFunctions,
  type FunctionsOrganization,
  STAGING_OBJECTS,
} from './export-functions.ts';
import { ExportSchedule } from './export-schedule.ts';
import { ExportStateMachine } from './export-state-machine.ts';
import { changesTopic, FailureAlarm, runTopic } from './failure-alarm.ts';
import { Operations, schedulePeriodHours } from './operations.ts';

/** Schedule cron fields and time zone. */
export interface ScheduleSettings {
  readonly minute?: string;
  readonly hour?: string;
  readonly weekDay?: string;
  readonly timeZone?: string;
}

/** A Git remote to publish to (HTTPS). */
export interface GitSettings {
  readonly remoteUrl: string;
  readonly branch?: string;
  readonly path?: string;
  /** How the token is presented to the host; guessed from the remote's host when not set. */
  readonly tokenStyle?: TokenStyle;
}

/** One organization of a several-organization stack. */
export interface OrganizationSettings {
  readonly organizationId: string;
  /**
   * Name of an existing Secrets Manager secret holding its OAuth client.
   * @default - a secret created empty by the stack, filled in after deployment
   */
  readonly secretName?: string;
  /**
   * Its schedule.
   * @default - the stack's `schedule`
   */
  readonly schedule?: ScheduleSettings;
  /**
   * Its Git target (each organization its own remote, branch or folder).
   * @default - no Git publishing
   */
  readonly git?: GitSettings & {
    /**
     * Name of an existing secret holding `{"token"}`.
     * @default - a secret created empty by the stack
     */
    readonly secretName?: string;
  };
  /**
   * Its export options, over the stack's `exportOptions`.
   * @default - the stack's
   */
  readonly exportOptions?: Readonly<Record<string, unknown>>;
}

export interface CxExportStackProps extends StackProps {
  /**
   * Export options of scheduled runs; `organizationId` is required unless `organizations` is given (then
   * these are the options every organization starts from).
   */
  readonly exportOptions?: Readonly<Record<string, unknown>> & { readonly organizationId?: string };
  /**
   * Several organizations in one deployment, each with its own secret, schedule, Git target, options and
   * folder in the bucket (`orgs/<organizationId>/`). Without it the stack exports `exportOptions.organizationId`
   * with the top-level `schedule` and `git`, at the bucket's root.
   * @default - one organization, from `exportOptions`
   */
  readonly organizations?: readonly OrganizationSettings[];
  /**
   * Schedule cron fields and time zone.
   * @default - daily at 02:00 UTC
   */
  readonly schedule?: ScheduleSettings;
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
  readonly git?: GitSettings;
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
  /**
   * Email subscribed to the change topic: the summary of every commit a run publishes.
   * @default - none (subscribe to the ChangesTopicArn output)
   */
  readonly changesEmail?: string;
  /**
   * Requests per minute each organization's OAuth client may send, shared by its batches running at once.
   * @default DEFAULT_CLIENT_REQUESTS_PER_MINUTE (300, the documented per-token limit)
   */
  readonly clientRequestsPerMinute?: number;
}

/** A secret's initial value: its fields, empty, beside a generated "placeholder" field. */
const placeholderSecret = (fields: Record<string, string>): secretsmanager.SecretStringGenerator => ({
  secretStringTemplate: JSON.stringify(fields),
  generateStringKey: 'placeholder',
  excludePunctuation: true,
});

/** An organization as the stack builds it: its options hold its ID. */
interface ExportedOrganization extends OrganizationSettings {
  readonly exportOptions: Readonly<Record<string, unknown>> & { readonly organizationId: string };
}

/** The organizations of the stack: the `organizations` list, or the single one of `exportOptions`. */
function exportedOrganizations(props: CxExportStackProps): ExportedOrganization[] {
  if (!props.organizations) {
    const organizationId = props.exportOptions?.organizationId;
    if (!organizationId)
      throw new Error(
        'CxExportStack: exportOptions.organizationId is required (cdk.json context "exportOptions"), or an organizations list',
      );
    return [
      {
        organizationId,
        schedule: props.schedule,
        git: props.git,
        exportOptions: { ...props.exportOptions, organizationId },
      },
    ];
  }
  if (props.organizations.length === 0) throw new Error('CxExportStack: organizations is an empty list');
  const seen = new Set<string>();
  return props.organizations.map((o) => {
    if (typeof o.organizationId !== 'string' || !ORGANIZATION_ID.test(o.organizationId))
      throw new Error(`CxExportStack: '${o.organizationId}' is not an organization ID`);
    if (seen.has(o.organizationId))
      throw new Error(`CxExportStack: organization ${o.organizationId} is listed twice`);
    seen.add(o.organizationId);
    return {
      ...o,
      schedule: o.schedule ?? props.schedule,
      exportOptions: { ...props.exportOptions, ...o.exportOptions, organizationId: o.organizationId },
    };
  });
}

function genesysSecretOf(
  scope: Construct,
  id: string,
  o: OrganizationSettings,
  several: boolean,
): secretsmanager.ISecret {
  if (o.secretName) return secretsmanager.Secret.fromSecretNameV2(scope, id, o.secretName);
  // Values are filled in after deployment (console or CLI); the template never holds them. Each secret is
  // created holding its fields, empty, and a random "placeholder" field (Secrets Manager generates a value
  // at creation only): a run before they are filled in fails saying which field is missing.
  return new secretsmanager.Secret(scope, id, {
    description: `Genesys Cloud OAuth client${several ? ` of ${o.organizationId}` : ''}: put {"clientId","clientSecret","region" or "baseUrl"} (created with empty fields)`,
    generateSecretString: placeholderSecret({ clientId: '', clientSecret: '', region: '' }),
  });
}

function gitSecretOf(
  scope: Construct,
  id: string,
  git: NonNullable<OrganizationSettings['git']>,
): secretsmanager.ISecret {
  if (git.secretName) return secretsmanager.Secret.fromSecretNameV2(scope, id, git.secretName);
  return new secretsmanager.Secret(scope, id, {
    description: 'Git token for snapshot publishing: put {"token"} (created with an empty token)',
    generateSecretString: placeholderSecret({ token: '' }),
  });
}

/** The serverless exporter: schedule -> state machine (plan, batches, promote, publish, archive) -> S3 archive and Git. */
export class CxExportStack extends Stack {
  readonly stateMachine: ExportStateMachine;
  readonly archive: ArchiveBucket;

  constructor(scope: Construct, id: string, props: CxExportStackProps) {
    super(scope, id, props);
    const several = props.organizations !== undefined;
    const orgs = exportedOrganizations(props);
    for (const o of orgs) {
      const tokenStyle = o.git?.tokenStyle;
      if (tokenStyle !== undefined && !(TOKEN_STYLES as readonly string[]).includes(tokenStyle))
        throw new Error(
          `CxExportStack: git.tokenStyle must be one of ${TOKEN_STYLES.join(', ')}, got '${tokenStyle}'`,
        );
    }
    if (!props.alarmEmail)
      Annotations.of(this).addWarning(
        'No alarmEmail in context: failed and partial runs alarm into the run topic, but nobody will be notified. Set -c alarmEmail=<address> or subscribe to the topic.',
      );
    this.archive = new ArchiveBucket(this, 'Archive', {
      objectLockRetentionDays: props.objectLockRetentionDays,
      ...(several
        ? { organizationPrefixes: orgs.map((o) => `${organizationPrefix(o.organizationId)}/`) }
        : {}),
    });
    // A single-org stack keeps the construct IDs it always had; each organization of a list has its own.
    const scoped = (name: string, o: OrganizationSettings) =>
      several ? `${name}-${o.organizationId}` : name;
    const functionsOrgs: FunctionsOrganization[] = orgs.map((o) => ({
      organizationId: o.organizationId,
      genesysSecret: genesysSecretOf(this, scoped('GenesysOAuthClient', o), o, several),
      gitSecret: o.git ? gitSecretOf(this, scoped('GitToken', o), o.git) : undefined,
      git: o.git
        ? {
            remoteUrl: o.git.remoteUrl,
            branch: o.git.branch ?? DEFAULT_BRANCH,
            path: o.git.path ?? DEFAULT_GIT_PATH,
            ...(o.git.tokenStyle ? { tokenStyle: o.git.tokenStyle } : {}),
          }
        : undefined,
    }));
    const functions = new ExportFunctions(this, 'Functions', {
      bucket: this.archive.bucket,
      stagingBucket: this.archive.staging,
      organizations: functionsOrgs,
      several,
    });
    const topic = runTopic(this, props.alarmEmail);
    const changes = changesTopic(this, props.changesEmail);
    this.stateMachine = new ExportStateMachine(this, 'Workflow', {
      functions,
      topic,
      changesTopic: changes,
      mapConcurrency: props.mapConcurrency,
      clientRequestsPerMinute: props.clientRequestsPerMinute,
      organizationCount: orgs.length,
    });
    for (const o of orgs)
      new ExportSchedule(this, scoped('Schedule', o), {
        stateMachine: this.stateMachine.stateMachine,
        options: o.exportOptions,
        cron: o.schedule,
        timeZone: o.schedule?.timeZone,
        ...(several
          ? { description: `Scheduled Genesys Cloud configuration export of ${o.organizationId}` }
          : {}),
      });
    new FailureAlarm(this, 'Alarm', { stateMachine: this.stateMachine.stateMachine, topic });
    new Operations(this, 'Operations', {
      stateMachine: this.stateMachine.stateMachine,
      functions,
      topic,
      organizations: orgs.map((o) => ({
        organizationId: o.organizationId,
        schedulePeriodHours: schedulePeriodHours(o.schedule),
      })),
      several,
    });

    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachine.stateMachineArn });
    new CfnOutput(this, 'ArchiveBucketName', { value: this.archive.bucket.bucketName });
    new CfnOutput(this, 'ChangesTopicArn', { value: changes.topicArn });
    if (several) {
      // The CLI reads it to pick an organization's folder (export runs|show|diff --organizationId).
      new CfnOutput(this, 'Organizations', { value: orgs.map((o) => o.organizationId).join(',') });
      for (const [i, o] of functionsOrgs.entries())
        new CfnOutput(this, `GenesysSecret${i + 1}`, {
          description: `OAuth client secret of ${o.organizationId}`,
          value: o.genesysSecret.secretArn,
        });
    } else
      new CfnOutput(this, 'GenesysSecretArn', { value: functionsOrgs[0]?.genesysSecret.secretArn ?? '' });

    this.acknowledgeFindings(functions, functionsOrgs, several);
  }

  /** cdk-nag findings this design accepts, each with its reason; anything new fails the synth. */
  private acknowledgeFindings(
    functions: ExportFunctions,
    organizations: readonly FunctionsOrganization[],
    several: boolean,
  ): void {
    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing and CloudWatch Logs delivery for the state machine do not support resource-level permissions.',
    });
    const ack = (scope: Construct, id: string, reason: string) =>
      Validations.of(scope).acknowledge({ id: `AwsSolutions::${id}`, reason });
    const arn = (c: Construct) => `<${this.getLogicalId(c.node.defaultChild as CfnElement)}.Arn>`;
    for (const o of organizations) {
      if (o.genesysSecret instanceof secretsmanager.Secret)
        ack(
          o.genesysSecret,
          'AwsSolutions-SMG4',
          'The Genesys Cloud OAuth client secret is issued by Genesys Cloud; rotation happens there, not in Secrets Manager.',
        );
      if (o.gitSecret instanceof secretsmanager.Secret)
        ack(
          o.gitSecret,
          'AwsSolutions-SMG4',
          'The Git token is issued by the Git host; it is rotated there.',
        );
    }
    const bucket = `${arn(this.archive.bucket)}/${several ? ANY_ORGANIZATION : ''}`;
    const folders = several ? " (in any organization's folder)" : '';
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
        `AwsSolutions-IAM5[Resource::${bucket}latest/*]`,
        `The working snapshot is one object per resource under latest/${folders}; the grant is limited to that prefix.`,
      );
      ack(
        role,
        `AwsSolutions-IAM5[Resource::${arn(this.archive.staging)}/${several ? ANY_ORGANIZATION : ''}${STAGING_OBJECTS}*]`,
        `A run's work in progress is one object per resource under the staging prefix${folders}, with the run lock; the grant is limited to that prefix.`,
      );
      ack(
        role,
        `AwsSolutions-IAM5[Resource::${bucket}runs/*]`,
        `Each run writes its archive under runs/<run-id>/${folders}; the grant is limited to that prefix.`,
      );
      // Several organizations: the single objects each one has in its folder (its .gitignore, publish
      // index and latest-run pointer) are granted in every organization's folder, `orgs/*/`.
      if (several)
        for (const key of [`latest/${GITIGNORE_KEY}`, PUBLISH_INDEX_KEY, LATEST_RUN_KEY])
          ack(
            role,
            `AwsSolutions-IAM5[Resource::${bucket}${key}]`,
            `Each organization has its own ${key} in its folder; the grant is that one key in each organization's folder.`,
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
