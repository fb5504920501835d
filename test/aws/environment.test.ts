/**
 * The environment contract between the CDK stack and the Lambda handlers: what the stack sets is what the
 * handlers read, malformed settings are refused, and the contract module stays out of CDK so the Lambda
 * bundles never carry aws-cdk-lib.
 */
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BRANCH, DEFAULT_CONCURRENCY } from '../../lambdas/engine/defaults.ts';
import { DEFAULT_GIT_PATH } from '../../lambdas/engine/git/target.ts';
import {
  ENV,
  environmentVariables,
  type LambdaEnvironment,
  readLambdaEnvironment,
} from '../../lambdas/handlers/environment.ts';
import { CxExportStack } from '../../lib/cx-export-stack.ts';

describe('Handlers: environment contract', () => {
  it('reads back exactly what the stack side writes', () => {
    const settings: LambdaEnvironment = {
      archiveBucket: 'bucket-1',
      genesysConcurrency: 6,
      genesysSecretArn: 'arn:genesys',
      git: {
        remoteUrl: 'https://git.example.com/cx/config.git',
        branch: 'exports',
        path: 'org/snapshot',
        secretArn: 'arn:git',
        tokenStyle: 'gitlab',
      },
    };
    const vars = environmentVariables(settings);
    expect(vars).toEqual({
      ARCHIVE_BUCKET: 'bucket-1',
      GENESYS_CONCURRENCY: '6',
      GENESYS_SECRET_ARN: 'arn:genesys',
      GIT_REMOTE_URL: 'https://git.example.com/cx/config.git',
      GIT_BRANCH: 'exports',
      GIT_PATH: 'org/snapshot',
      GIT_SECRET_ARN: 'arn:git',
      GIT_TOKEN_STYLE: 'gitlab',
      POWERTOOLS_SERVICE_NAME: 'cx-export',
    });
    expect(readLambdaEnvironment(vars)).toEqual(settings);
  });

  it('fills in the shared defaults and leaves Git and the Genesys secret out when unset', () => {
    expect(readLambdaEnvironment({ ARCHIVE_BUCKET: 'b' })).toEqual({
      archiveBucket: 'b',
      genesysConcurrency: DEFAULT_CONCURRENCY,
      genesysSecretArn: undefined,
      git: undefined,
    });
    expect(readLambdaEnvironment({ ARCHIVE_BUCKET: 'b', GIT_REMOTE_URL: 'https://h/r.git' }).git).toEqual({
      remoteUrl: 'https://h/r.git',
      branch: DEFAULT_BRANCH,
      path: DEFAULT_GIT_PATH,
      secretArn: undefined,
      tokenStyle: undefined,
    });
  });

  it('refuses a missing bucket, a malformed concurrency and an unknown token style, naming the variable', () => {
    const fails = (env: Record<string, string>) => {
      try {
        readLambdaEnvironment(env);
      } catch (err) {
        return { name: (err as Error).name, message: (err as Error).message };
      }
      return undefined;
    };
    expect(fails({})).toEqual({ name: 'ConfigurationError', message: 'ARCHIVE_BUCKET is not set' });
    for (const bad of ['0', '-1', '2.5', 'four', ''])
      expect(fails({ ARCHIVE_BUCKET: 'b', GENESYS_CONCURRENCY: bad })?.message, bad).toMatch(
        /^GENESYS_CONCURRENCY must be a positive integer/,
      );
    expect(
      fails({ ARCHIVE_BUCKET: 'b', GIT_REMOTE_URL: 'https://h/r.git', GIT_TOKEN_STYLE: 'gitea' })?.message,
    ).toMatch(/^GIT_TOKEN_STYLE must be one of github, github-app, gitlab, bitbucket, basic, got 'gitea'$/);
  });

  it('is what the stack sets: every function gets the common variables, only Publish gets Git', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new CxExportStack(app, 'Env', {
      exportOptions: { organizationId: 'org' },
      git: { remoteUrl: 'https://git.example.com/cx/config.git' },
    });
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    const envOf = (prefix: string): Record<string, unknown> => {
      const entry = Object.entries(functions).find(([id]) => id.startsWith(`Functions${prefix}`));
      if (!entry) throw new Error(`no function ${prefix}`);
      return (entry[1] as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties
        .Environment.Variables;
    };
    const known = new Set<string>([...Object.values(ENV), 'NODE_OPTIONS']);
    for (const name of ['Plan', 'ExportBatch', 'Resolve', 'Promote', 'Publish', 'Archive', 'RecordFailure']) {
      const vars = envOf(name);
      for (const key of Object.keys(vars)) expect(known.has(key), `${name}: ${key}`).toBe(true);
      expect(vars[ENV.archiveBucket]).toBeDefined();
      expect(vars[ENV.genesysConcurrency]).toBe(String(DEFAULT_CONCURRENCY));
      expect(vars[ENV.gitRemoteUrl] !== undefined, name).toBe(name === 'Publish');
      expect(vars[ENV.genesysSecretArn] !== undefined, name).toBe(name === 'Plan' || name === 'ExportBatch');
    }
    expect(envOf('Publish')).toMatchObject({
      [ENV.gitRemoteUrl]: 'https://git.example.com/cx/config.git',
      [ENV.gitBranch]: DEFAULT_BRANCH,
      [ENV.gitPath]: DEFAULT_GIT_PATH,
    });
    expect(envOf('Publish')[ENV.gitSecretArn]).toBeDefined();
  });

  it('keeps aws-cdk-lib and constructs out of the Lambda bundles', async () => {
    const entries = [
      'plan',
      'export-batch',
      'resolve',
      'promote',
      'publish',
      'archive',
      'record-failure',
    ].map((n) => fileURLToPath(new URL(`../../lambdas/handlers/${n}.ts`, import.meta.url)));
    const result = await build({
      entryPoints: entries,
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      outdir: 'unused',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('lambdas/handlers/environment.ts'))).toBe(true);
    expect(
      inputs.filter((p) => /node_modules\/(aws-cdk-lib|constructs)\//.test(p) || p.startsWith('lib/')),
    ).toEqual([]);
  });
});
