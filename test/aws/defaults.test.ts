/**
 * Defaults that cannot fail quietly: the organization ID, context from the command line, the alarm email,
 * the secrets' initial content, the Git token style, least-privilege S3 and logs, CDK's feature flags.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { App, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ContextError, stackPropsFromContext } from '../../lib/app-context.ts';
import { CxExportStack, type CxExportStackProps } from '../../lib/cx-export-stack.ts';

const ORG = '11111111-2222-3333-4444-555555555555';
const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};
const lookup = (ctx: Record<string, unknown>) => (key: string) => ctx[key];

function synth(props: Partial<CxExportStackProps> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CxExportStack(app, 'Defaults', { exportOptions: { organizationId: ORG }, ...props });
  return { stack, template: Template.fromStack(stack) };
}

type Statement = { Action: string | string[]; Resource: unknown };
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

function roleStatements(template: Template, fn: string): Statement[] {
  return Object.entries(template.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith(`Functions${fn}RoleDefaultPolicy`))
    .flatMap(
      ([, p]) =>
        (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
          .Statement,
    );
}

describe('Context: the organization ID and values from the command line', () => {
  it("fails on cdk.json's placeholder organization ID with one line saying how to set it", () => {
    let err: unknown;
    try {
      stackPropsFromContext(lookup(cdkJson.context));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ContextError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain('-c organizationId=');
  });

  it('the app prints that one line and exits 1, without a stack trace', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
      cwd: new URL('../..', import.meta.url),
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(cdkJson.context) },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^cx-export: .*-c organizationId=/)]);
  });

  it('takes -c organizationId=<id>, and -c exportOptions / git / mapConcurrency given as strings', () => {
    const props = stackPropsFromContext(
      lookup({
        ...cdkJson.context,
        organizationId: ORG,
        exportOptions:
          '{"organizationId":"00000000-0000-0000-0000-000000000000","resourceTypes":["routing:queue"]}',
        git: '{"remoteUrl":"https://github.com/acme/cx.git","tokenStyle":"github-app"}',
        mapConcurrency: '3',
      }),
    );
    expect(props.exportOptions).toEqual({ organizationId: ORG, resourceTypes: ['routing:queue'] });
    expect(props.git).toEqual({ remoteUrl: 'https://github.com/acme/cx.git', tokenStyle: 'github-app' });
    expect(props.mapConcurrency).toBe(3);
    expect(
      stackPropsFromContext(lookup({ exportOptions: `{"organizationId":"${ORG}"}` })).exportOptions,
    ).toEqual({
      organizationId: ORG,
    });
  });

  it('says which context value is bad JSON', () => {
    expect(() =>
      stackPropsFromContext(lookup({ organizationId: ORG, exportOptions: "{organizationId: 'x'" })),
    ).toThrow(/context exportOptions is not valid JSON/);
  });

  it("synthesizes with cdk.json's context (CDK's recommended feature flags) and passes cdk-nag", () => {
    const recommended = createRequire(import.meta.url)(
      'aws-cdk-lib/recommended-feature-flags.json',
    ) as Record<string, unknown>;
    for (const [flag, value] of Object.entries(recommended))
      expect(cdkJson.context[flag], flag).toEqual(value);
    const context = { ...cdkJson.context, organizationId: ORG, 'aws:cdk:bundling-stacks': [] };
    const app = new App({ context });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    new CxExportStack(app, 'Flags', stackPropsFromContext(lookup(context)));
    expect(() => app.synth()).not.toThrow();
  });
});

describe('Stack defaults', () => {
  it('warns at synth that nobody will be notified without an alarm email', () => {
    Annotations.fromStack(synth().stack).hasWarning('*', Match.stringLikeRegexp('nobody will be notified'));
    Annotations.fromStack(synth({ alarmEmail: 'ops@example.com' }).stack).hasNoWarning(
      '*',
      Match.stringLikeRegexp('nobody will be notified'),
    );
  });

  it('creates the secrets with their fields empty and no value in the template', () => {
    const { template } = synth({ git: { remoteUrl: 'https://git.example.com/r.git' } });
    const secrets = Object.values(template.findResources('AWS::SecretsManager::Secret')) as Array<{
      Properties: { SecretString?: string; GenerateSecretString?: { SecretStringTemplate: string } };
    }>;
    const fields = secrets.map((s) =>
      JSON.parse(s.Properties.GenerateSecretString?.SecretStringTemplate ?? 'null'),
    );
    expect(fields).toEqual(
      expect.arrayContaining([{ clientId: '', clientSecret: '', region: '' }, { token: '' }]),
    );
    for (const s of secrets) expect(s.Properties.SecretString).toBeUndefined();
  });

  it('sets GIT_TOKEN_STYLE on Publish from context', () => {
    const { template } = synth({
      git: { remoteUrl: 'https://github.com/acme/cx.git', tokenStyle: 'github-app' },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ GIT_TOKEN_STYLE: 'github-app' }) },
    });
    expect(() =>
      synth({ git: { remoteUrl: 'https://x.example/r.git', tokenStyle: 'nope' as never } }),
    ).toThrow(/git.tokenStyle must be one of/);
  });

  it('lets Plan, ExportBatch and Resolve write only the staging area, and delete nothing', () => {
    const { template } = synth();
    for (const fn of ['Plan', 'ExportBatch', 'Resolve']) {
      const s3 = roleStatements(template, fn).filter((s) => actions(s).some((a) => a.startsWith('s3:')));
      expect(s3.length, fn).toBeGreaterThan(0);
      expect(s3.flatMap(actions), fn).not.toContain('s3:DeleteObject');
      for (const s of s3.filter((x) => actions(x).includes('s3:PutObject')))
        expect(JSON.stringify(s.Resource), fn).toMatch(
          /\/latest\/\.genesys\/staging\/\*"|\/latest\/\.gitignore"/,
        );
    }
  });

  it('gives each function log permissions on its own log group only, not AWSLambdaBasicExecutionRole', () => {
    const { template } = synth();
    expect(JSON.stringify(template.toJSON())).not.toContain('AWSLambdaBasicExecutionRole');
    const functions = template.findResources('AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(7);
    for (const [id, fn] of Object.entries(functions)) {
      const { Role, LoggingConfig } = (
        fn as {
          Properties: { Role: { 'Fn::GetAtt': [string] }; LoggingConfig: { LogGroup: { Ref: string } } };
        }
      ).Properties;
      const roleId = Role['Fn::GetAtt'][0];
      const logStatements = Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((p) =>
          JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(roleId),
        )
        .flatMap(
          (p) =>
            (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
              .Statement,
        )
        .filter((s) => actions(s).some((a) => a.startsWith('logs:')));
      expect(logStatements.length, id).toBe(1);
      expect(JSON.stringify(logStatements[0]?.Resource), id).toContain(LoggingConfig.LogGroup.Ref);
    }
  });
});
