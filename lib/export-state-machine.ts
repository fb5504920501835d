import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { RUN_TIMEOUT_HOURS } from '../lambdas/engine/staging.ts';
import type { ExportFunctions } from './export-functions.ts';

/**
 * Export-batch Lambdas at once when the stack is not told otherwise. Not DEFAULT_CONCURRENCY (requests in
 * flight inside one Lambda): the two multiply, and the organization's rate limit caps the product.
 */
export const DEFAULT_MAP_CONCURRENCY = 4;

/**
 * Requests per minute the OAuth client may send across all its tokens, when the stack is not told
 * otherwise. Genesys Cloud documents 300 a minute per client-credentials token and no figure for a
 * client's tokens together (and disables clients that mint tokens to get around limits), so by default
 * the parallel batches together send what one token may: as fast as the CLI, never a 429 storm.
 */
export const DEFAULT_CLIENT_REQUESTS_PER_MINUTE = 300;

export interface ExportStateMachineProps {
  readonly functions: ExportFunctions;
  /** Topic told about partial runs (failed runs are caught by the alarm). */
  readonly topic: sns.ITopic;
  /** Topic told the summary of every commit a run publishes. */
  readonly changesTopic?: sns.ITopic;
  /**
   * Export-batch Lambdas running at once. Each has its own token and so its own 300 requests per minute,
   * but Genesys Cloud also limits the organization as a whole: keep this low.
   * @default DEFAULT_MAP_CONCURRENCY (4)
   */
  readonly mapConcurrency?: number;
  /**
   * The OAuth client's request budget per minute, shared by the batches running at once: Plan gives each
   * batch `budget / min(mapConcurrency, batches)` (see lambdas/handlers/rate-budget.ts).
   * @default DEFAULT_CLIENT_REQUESTS_PER_MINUTE (300)
   */
  readonly clientRequestsPerMinute?: number;
  /**
   * Organizations whose runs may go at once (each its own OAuth client and budget): ExportBatch reserves
   * room for all their Maps.
   * @default 1
   */
  readonly organizationCount?: number;
}

/** Task state names: local runs override each of them with the same handler code. */
export const TASK_STATES = {
  plan: 'Plan',
  exportBatch: 'ExportBatch',
  resolve: 'Resolve',
  promote: 'Promote',
  publish: 'Publish',
  archive: 'Archive',
  recordFailure: 'RecordFailure',
  recordUnfinished: 'RecordUnfinished',
} as const;

/** Lambda invocation failures worth another try: throttling and the Lambda service's own faults. */
export const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
];

/** The error of a Lambda that ran past its timeout. */
export const LAMBDA_TIMED_OUT = 'Sandbox.Timedout';

/**
 * A Task waits for its Lambda at most the function's timeout and a minute (Lambda ends the invocation at
 * its timeout first). Set on every Task: the States Language's own default is 60 s, which local
 * executors apply (a batch running longer was abandoned and counted unfinished), while Step Functions
 * waits indefinitely without one.
 */
function taskTimeoutOf(fn: lambda.IFunction & { timeout?: Duration }): sfn.Timeout {
  return sfn.Timeout.duration((fn.timeout ?? Duration.minutes(15)).plus(Duration.minutes(1)));
}

/**
 * Every Lambda task retries throttling and service faults with jittered exponential backoff (2 s doubled,
 * at most a minute apart) and a timeout once: each step is safe to run again.
 */
function retryLambda(task: sfn.TaskStateBase): void {
  task.addRetry({
    errors: LAMBDA_TRANSIENT_ERRORS,
    interval: Duration.seconds(2),
    maxAttempts: 6,
    backoffRate: 2,
    maxDelay: Duration.minutes(1),
    jitterStrategy: sfn.JitterType.FULL,
  });
  task.addRetry({
    errors: [LAMBDA_TIMED_OUT],
    interval: Duration.seconds(10),
    maxAttempts: 1,
    backoffRate: 2,
  });
}

/**
 * Plan -> Map(ExportBatch) -> Resolve -> (more batches? back to the Map) -> Promote -> Publish -> Archive. Batches pass by
 * reference (listing keys in S3, ID lists), results are discarded, so state stays far under 256 KB.
 */
export class ExportStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: ExportStateMachineProps) {
    super(scope, id);
    const f = props.functions;
    const mapConcurrency = props.mapConcurrency ?? DEFAULT_MAP_CONCURRENCY;
    // No more batch Lambdas (tokens) than the Map runs, which is what the budget's shares assume.
    f.reserveBatchConcurrency(mapConcurrency * (props.organizationCount ?? 1));
    // Plan takes the run lock and RecordFailure releases it on behalf of the execution: both get its ID.
    const withExecution = sfn.TaskInput.fromObject({
      input: sfn.JsonPath.entirePayload,
      execution: sfn.JsonPath.stringAt('$$.Execution.Id'),
    });
    const plan = new tasks.LambdaInvoke(this, TASK_STATES.plan, {
      lambdaFunction: f.plan,
      taskTimeout: taskTimeoutOf(f.plan),
      payload: sfn.TaskInput.fromObject({
        input: sfn.JsonPath.entirePayload,
        execution: sfn.JsonPath.stringAt('$$.Execution.Id'),
        rateBudget: {
          clientRequestsPerMinute: props.clientRequestsPerMinute ?? DEFAULT_CLIENT_REQUESTS_PER_MINUTE,
          parallelBatches: mapConcurrency,
        },
      }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
    });
    const batch = new tasks.LambdaInvoke(this, TASK_STATES.exportBatch, {
      lambdaFunction: f.exportBatch,
      taskTimeout: taskTimeoutOf(f.exportBatch),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
    });
    batch.addRetry({
      errors: ['StorageError', 'NetworkError'],
      interval: Duration.seconds(5),
      maxAttempts: 2,
      backoffRate: 2,
    });
    const map = new sfn.Map(this, 'ExportBatches', {
      itemsPath: sfn.JsonPath.stringAt('$.batches'),
      // The organization goes with each batch (not into each descriptor: the batch list is the state's bulk).
      itemSelector: { 'batch.$': '$$.Map.Item.Value', 'organizationId.$': '$.organizationId' },
      maxConcurrency: mapConcurrency,
      resultPath: sfn.JsonPath.DISCARD,
    });
    // A batch that still fails leaves no partial manifest: Resolve records it as failed, so the run ends
    // partial with that type's earlier files kept, instead of failing the whole run.
    batch.addCatch(new sfn.Pass(this, 'BatchNotFinished'), { resultPath: '$.error' });
    map.itemProcessor(batch);
    const resolve = new tasks.LambdaInvoke(this, TASK_STATES.resolve, {
      lambdaFunction: f.resolve,
      taskTimeout: taskTimeoutOf(f.resolve),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
    });
    const invoke = (name: string, fn: ExportFunctions['promote']) =>
      new tasks.LambdaInvoke(this, name, {
        lambdaFunction: fn,
        taskTimeout: taskTimeoutOf(fn),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
      });
    // Finishing a run is three steps, each retried on its own: Promote moves the staged run into the
    // snapshot and writes the run record; Publish (Git) and Archive only read the promoted snapshot, so
    // a failure of either leaves it in place and the record says which part is missing.
    const promote = invoke(TASK_STATES.promote, f.promote);
    const publish = invoke(TASK_STATES.publish, f.publish);
    const archive = invoke(TASK_STATES.archive, f.archive);
    const notifyPartial = new tasks.SnsPublish(this, 'NotifyPartial', {
      topic: props.topic,
      subject: 'cx-export: partial Genesys Cloud export',
      message: sfn.TaskInput.fromJsonPathAt('States.JsonToString($)'),
      resultPath: sfn.JsonPath.DISCARD,
    });
    const done = new sfn.Succeed(this, 'Done');
    // A run that committed changes tells the change topic what changed (Publish's `changeSummary`, the
    // commit message cut to fit); a notification that cannot be sent never stops the archive.
    let afterPublish: sfn.IChainable = archive;
    if (props.changesTopic) {
      const notifyChanges = new tasks.SnsPublish(this, 'NotifyChanges', {
        topic: props.changesTopic,
        subject: 'cx-export: Genesys Cloud configuration changed',
        message: sfn.TaskInput.fromJsonPathAt('$.changeSummary'),
        resultPath: sfn.JsonPath.DISCARD,
      });
      notifyChanges.addRetry({
        errors: ['States.ALL'],
        interval: Duration.seconds(2),
        maxAttempts: 3,
        backoffRate: 2,
        jitterStrategy: sfn.JitterType.FULL,
      });
      notifyChanges.addCatch(archive, { resultPath: '$.notifyError' });
      afterPublish = new sfn.Choice(this, 'ChangesCommitted?')
        .when(sfn.Condition.isPresent('$.changeSummary'), notifyChanges.next(archive))
        .otherwise(archive);
    }
    const recordFailure = new tasks.LambdaInvoke(this, TASK_STATES.recordFailure, {
      lambdaFunction: f.recordFailure,
      taskTimeout: taskTimeoutOf(f.recordFailure),
      payload: withExecution,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultPath: '$.record',
    });
    const failed = new sfn.Fail(this, 'ExportFailed', {
      errorPath: '$.error.Error',
      causePath: '$.error.Cause',
    });
    recordFailure.next(failed);
    // Archive failed past its retries: the snapshot is promoted (and published), so the run is partial,
    // not failed; the same function records it.
    const recordUnfinished = new tasks.LambdaInvoke(this, TASK_STATES.recordUnfinished, {
      lambdaFunction: f.recordFailure,
      taskTimeout: taskTimeoutOf(f.recordFailure),
      payload: withExecution,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
    });
    for (const t of [plan, batch, resolve, promote, publish, archive, recordFailure, recordUnfinished])
      retryLambda(t);
    // Another run holds the lock: this one ends at once, touching nothing (the other run keeps its lock).
    const refused = new sfn.Fail(this, 'RunRefused', {
      errorPath: '$.error.Error',
      causePath: '$.error.Cause',
    });
    plan.addCatch(refused, { errors: ['RunActiveError'], resultPath: '$.error' });
    for (const t of [plan, map, resolve, promote]) t.addCatch(recordFailure, { resultPath: '$.error' });
    publish.addCatch(new sfn.Pass(this, 'PublishNotDone').next(archive), { resultPath: '$.publishError' });
    archive.addCatch(recordUnfinished, { resultPath: '$.error' });
    // Recording the failure failed too: the execution still fails, with the original error.
    recordFailure.addCatch(failed, { resultPath: '$.recordError' });
    recordUnfinished.addCatch(failed, { resultPath: '$.recordError' });
    // The run itself succeeded (its record says partial): a notification that cannot be sent does not fail it.
    notifyPartial.addRetry({
      errors: ['States.ALL'],
      interval: Duration.seconds(2),
      maxAttempts: 3,
      backoffRate: 2,
      jitterStrategy: sfn.JitterType.FULL,
    });
    notifyPartial.addCatch(done, { resultPath: '$.notifyError' });

    const more = new sfn.Choice(this, 'MoreBatches?')
      .when(sfn.Condition.isPresent('$.batches[0]'), map)
      .otherwise(promote);
    const outcome = new sfn.Choice(this, 'Partial?')
      .when(sfn.Condition.stringEquals('$.outcome', 'partial'), notifyPartial.next(done))
      .otherwise(done);
    const definition = plan.next(map).next(resolve).next(more);
    promote.next(publish).next(afterPublish);
    archive.next(outcome);
    recordUnfinished.next(outcome);

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      timeout: Duration.hours(RUN_TIMEOUT_HOURS),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.SIX_MONTHS }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });
  }
}
