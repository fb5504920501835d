/**
 * Runs the state machine that CDK synthesizes, locally: the definition comes from the same stack that
 * `cdk deploy` deploys, executed by aws-local-stepfunctions with every Task state overridden by the same
 * handler code in-process. No AWS account and no network needed.
 */
import { randomUUID } from 'node:crypto';
import { App } from 'aws-cdk-lib';
import { StateMachine } from 'aws-local-stepfunctions';
import { CxExportStack } from '../../lib/cx-export-stack.ts';
import { TASK_STATES } from '../../lib/export-state-machine.ts';
import { organizationOf } from '../handlers/organizations.ts';
import type { HandlerDeps } from '../handlers/runtime.ts';
import {
  archiveStep,
  type BatchInput,
  batchOf,
  type ExecutionInput,
  exportBatchStep,
  type PromotedState,
  planStep,
  promoteStep,
  publishStep,
  type RunState,
  recordFailureStep,
  resolveStep,
} from '../handlers/steps.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** aws-local-stepfunctions 3 calls Promise.withResolvers, which Node 20 lacks. */
function polyfillWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => {
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

/** Replaces CloudFormation intrinsics left in the definition with placeholder values. */
function resolveIntrinsics(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(resolveIntrinsics).join(sep);
    }
    if ('Fn::GetAtt' in o) {
      const [id] = o['Fn::GetAtt'] as [string, string];
      return `arn:aws:lambda:us-east-1:123456789012:function:${id}`;
    }
    if ('Ref' in o) {
      const ref = o.Ref as string;
      return ref === 'AWS::Partition'
        ? 'aws'
        : ref === 'AWS::Region'
          ? 'us-east-1'
          : ref === 'AWS::AccountId'
            ? '123456789012'
            : `arn:aws:sns:us-east-1:123456789012:${ref}`;
    }
  }
  throw new Error(
    `unexpected intrinsic in the state machine definition: ${JSON.stringify(node).slice(0, 100)}`,
  );
}

let cached: Json | undefined;

/** A synthesized CloudFormation template, as far as the local runs read it. */
export interface SynthesizedTemplate {
  readonly Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

/** The state machine of a synthesized template, its intrinsics replaced (Lambda ARNs end in the logical ID). */
export function definitionOf(template: SynthesizedTemplate): Json {
  const sm = Object.values(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
  if (!sm) throw new Error('the stack has no state machine');
  return JSON.parse(resolveIntrinsics(sm.Properties.DefinitionString)) as Json;
}

/** The Amazon States Language definition of the deployed stack, rendered to plain JSON. */
export function synthesizedDefinition(): Json {
  if (cached) return cached;
  // Bundling is skipped: the local run needs the state graph, not the Lambda packages.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CxExportStack(app, 'CxExportLocal', { exportOptions: { organizationId: 'local' } });
  cached = definitionOf(app.synth().getStackArtifact(stack.artifactId).template as SynthesizedTemplate);
  return cached;
}

export interface LocalRunHooks {
  /** Called after each Task state with its name (progress). */
  readonly onTask?: (state: string, output: unknown) => void;
  /** Stands in for the SNS publish of a partial run. */
  readonly onNotify?: (message: unknown) => void;
  /** Stands in for the SNS publish of a run's committed changes (the message sent). */
  readonly onChanges?: (message: string) => void;
  /**
   * Called before each Task state runs its handler; what it throws is the task's error (fault tests: an
   * error named `Lambda.TooManyRequestsException` or `Sandbox.Timedout` stands for the Lambda service's).
   */
  readonly beforeTask?: (state: string, input: unknown) => void;
  /** The execution's ID (`$$.Execution.Id`), the run lock's holder; a new one per run by default. */
  readonly executionId?: string;
  /** Real ms an ExportBatch Lambda has left when it starts (its context); no deadline when absent. */
  readonly batchRemainingMs?: number;
  /** The definition to run (default: the stack's, synthesized without bundling). */
  readonly definition?: Json;
  /**
   * Runs a Task state's Lambda instead of the in-process handler (e.g. the bundle `cdk synth` produced,
   * in a process of the Lambda runtime's Node major); what it throws is the task's error.
   */
  readonly invoke?: (state: string, input: Json) => Promise<Json>;
}

/**
 * Runs the workflow once. `deps` are the handlers' for every step, or per organization (a several-
 * organization stack: each step gets the deps of the organization its input names, as on AWS).
 */
export async function runWorkflowLocally(
  deps: HandlerDeps | ((organizationId: string | undefined) => HandlerDeps),
  input: ExecutionInput,
  hooks: LocalRunHooks = {},
): Promise<unknown> {
  const depsOf = typeof deps === 'function' ? deps : () => deps;
  polyfillWithResolvers();
  const machine = new StateMachine((hooks.definition ?? synthesizedDefinition()) as never, {
    validationOptions: { checkArn: false },
  });
  const wrap =
    <I, O>(state: string, fn: (input: I, deps: HandlerDeps) => Promise<O>) =>
    async (input: Json): Promise<Json> => {
      // An ExportBatch's hooks see its batch, as before the organization went along with it.
      hooks.beforeTask?.(
        state,
        state === TASK_STATES.exportBatch ? batchOf(input as unknown as BatchInput).batch : input,
      );
      const out = hooks.invoke
        ? await hooks.invoke(state, input)
        : await fn(input as I, depsOf(organizationOf(input)));
      hooks.onTask?.(state, out);
      return out as unknown as Json;
    };
  const execution = machine.run(input as unknown as Json, {
    context: { Execution: { Id: hooks.executionId ?? `local:${randomUUID()}` } },
    overrides: {
      taskResourceLocalHandlers: {
        [TASK_STATES.plan]: wrap(TASK_STATES.plan, planStep),
        [TASK_STATES.exportBatch]: wrap(TASK_STATES.exportBatch, (b: BatchInput, d) => {
          const left = hooks.batchRemainingMs;
          return exportBatchStep(
            batchOf(b).batch,
            d,
            left === undefined ? undefined : { getRemainingTimeInMillis: () => left },
          );
        }),
        [TASK_STATES.resolve]: wrap(TASK_STATES.resolve, (s: RunState, d) => resolveStep(s, d)),
        [TASK_STATES.promote]: wrap(TASK_STATES.promote, (s: RunState, d) => promoteStep(s, d)),
        [TASK_STATES.publish]: wrap(TASK_STATES.publish, (s: PromotedState, d) => publishStep(s, d)),
        [TASK_STATES.archive]: wrap(TASK_STATES.archive, (s: PromotedState, d) => archiveStep(s, d)),
        [TASK_STATES.recordFailure]: wrap(TASK_STATES.recordFailure, recordFailureStep),
        [TASK_STATES.recordUnfinished]: wrap(TASK_STATES.recordUnfinished, recordFailureStep),
        NotifyChanges: async (publish: Json) => {
          hooks.beforeTask?.('NotifyChanges', publish);
          hooks.onChanges?.(String((publish as { Message?: string }).Message));
          return {};
        },
        NotifyPartial: async (message: Json) => {
          hooks.beforeTask?.('NotifyPartial', message);
          hooks.onNotify?.(message);
          return {};
        },
      },
      retryIntervalOverrides: Object.fromEntries(
        [...Object.values(TASK_STATES), 'NotifyPartial', 'NotifyChanges'].map((s) => [s, 0]),
      ),
    },
  });
  return execution.result;
}
