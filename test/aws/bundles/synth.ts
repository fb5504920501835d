/**
 * `cdk synth` with bundling, as `cdk deploy` does it: the esbuild bundles of the seven Lambdas, the
 * environment the stack gives each one, and the state machine that invokes them.
 */
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { ENV } from '../../../lambdas/handlers/environment.ts';
import { definitionOf, type SynthesizedTemplate } from '../../../lambdas/local/workflow.ts';
import { CxExportStack, type CxExportStackProps } from '../../../lib/cx-export-stack.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface SynthesizedFunction {
  /** The bundle's entry file (`asset.<hash>/index.mjs`). */
  readonly bundle: string;
  /** Its environment variables; a `Ref` is rendered as the referenced resource's logical ID. */
  readonly environment: Record<string, string>;
  /** The runtime `cdk` deploys, e.g. `nodejs22.x`. */
  readonly runtime: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

export interface SynthesizedStack {
  readonly definition: Json;
  /** By Task state name. */
  readonly functions: Record<string, SynthesizedFunction>;
  /** Logical IDs of the functions' bucket and of the secrets (their `Ref`s in the environments). */
  readonly bucketId: string;
  /** Logical ID of the staging bucket (the runs' work in progress and the run lock). */
  readonly stagingBucketId: string;
  readonly secretIds: readonly string[];
}

const refOrValue = (v: unknown): string =>
  typeof v === 'string' ? v : v && typeof v === 'object' && 'Ref' in v ? String(v.Ref) : JSON.stringify(v);

/** Task state name -> Lambda logical ID, read from the definition's `FunctionName` ARNs. */
function taskFunctions(node: unknown, out: Record<string, string> = {}): Record<string, string> {
  if (!node || typeof node !== 'object') return out;
  const states = (node as { States?: Record<string, Record<string, unknown>> }).States;
  for (const [name, state] of Object.entries(states ?? {})) {
    // payloadResponseOnly tasks name the function as their Resource, others in their parameters.
    const fn = (state.Parameters as { FunctionName?: unknown } | undefined)?.FunctionName ?? state.Resource;
    if (state.Type === 'Task' && typeof fn === 'string' && fn.includes(':function:'))
      out[name] = fn.slice(fn.lastIndexOf(':') + 1);
    for (const nested of ['ItemProcessor', 'Iterator']) if (state[nested]) taskFunctions(state[nested], out);
    for (const branch of (state.Branches as unknown[] | undefined) ?? []) taskFunctions(branch, out);
  }
  return out;
}

export function synthesizeWithBundles(
  outdir: string,
  props: Partial<CxExportStackProps> = {},
): SynthesizedStack {
  const app = new App({ outdir });
  const stack = new CxExportStack(app, 'CxExportBundles', {
    exportOptions: { organizationId: 'bundles' },
    ...props,
  });
  const template = app.synth().getStackArtifact(stack.artifactId).template as SynthesizedTemplate;
  const definition = definitionOf(template);
  const resources = template.Resources;
  const functions: Record<string, SynthesizedFunction> = {};
  for (const [state, logicalId] of Object.entries(taskFunctions(definition))) {
    const p = resources[logicalId]?.Properties as {
      Code: { S3Key: string };
      Environment?: { Variables?: Record<string, unknown> };
      Runtime: string;
      Timeout: number;
      MemorySize: number;
    };
    if (!p) throw new Error(`state ${state} invokes ${logicalId}, which the template does not have`);
    functions[state] = {
      bundle: join(outdir, `asset.${p.Code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs'),
      environment: Object.fromEntries(
        Object.entries(p.Environment?.Variables ?? {}).map(([k, v]) => [k, refOrValue(v)]),
      ),
      runtime: p.Runtime,
      timeoutSeconds: p.Timeout,
      memoryMb: p.MemorySize,
    };
  }
  const idsOf = (type: string) =>
    Object.entries(resources)
      .filter(([, r]) => r.Type === type)
      .map(([id]) => id);
  // The bucket the functions are given (the stack has others, e.g. for access logs).
  const bucketId = Object.values(functions)[0]?.environment[ENV.archiveBucket];
  if (!bucketId) throw new Error('the functions are given no bucket');
  const stagingBucketId = Object.values(functions)[0]?.environment[ENV.stagingBucket];
  if (!stagingBucketId) throw new Error('the functions are given no staging bucket');
  return {
    definition,
    functions,
    bucketId,
    stagingBucketId,
    secretIds: idsOf('AWS::SecretsManager::Secret'),
  };
}
