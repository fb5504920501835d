/** The CDK stack: resources, least-privilege IAM, schedule, Map concurrency, no secrets, cdk-nag clean. */
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { CxExportStack, type CxExportStackProps } from '../../lib/cx-export-stack.ts';
import { BATCH_MEMORY_MB, BATCH_TIMEOUT, PUBLISH_TMP_MB } from '../../lib/export-functions.ts';
import {
  DEFAULT_CLIENT_REQUESTS_PER_MINUTE,
  DEFAULT_MAP_CONCURRENCY,
} from '../../lib/export-state-machine.ts';

const ORG = '11111111-2222-3333-4444-555555555555';

function synth(props: Partial<CxExportStackProps> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CxExportStack(app, 'Test', {
    exportOptions: { organizationId: ORG, resourceTypes: ['routing:queue'] },
    ...props,
  });
  return { app, stack, template: Template.fromStack(stack) };
}

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

function statementsOf(template: Template, roleLogicalIdPrefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.entries(policies)
    .filter(([id]) => id.startsWith(roleLogicalIdPrefix))
    .flatMap(
      ([, p]) =>
        (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
          .Statement,
    );
}

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('Stack: CxExportStack', () => {
  it('creates the archive bucket versioned, encrypted, TLS-only, private and access-logged', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: Match.anyValue(),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'archive/' }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('keeps the staging area in a bucket of its own: unversioned, emptied within a day, never locked', () => {
    const { template } = synth({ objectLockRetentionDays: 400 });
    const buckets = template.findResources('AWS::S3::Bucket');
    const [id, staging] = Object.entries(buckets).find(([k]) => k.startsWith('ArchiveStaging')) ?? [];
    expect(id).toBeDefined();
    const p = (staging as { Properties: Record<string, unknown> }).Properties;
    expect(p.VersioningConfiguration).toBeUndefined();
    expect(p.ObjectLockEnabled).toBeUndefined();
    expect(p.LifecycleConfiguration).toEqual({
      Rules: expect.arrayContaining([{ Id: 'expire-staging', ExpirationInDays: 1, Status: 'Enabled' }]),
    });
    expect(p.PublicAccessBlockConfiguration).toMatchObject({
      BlockPublicAcls: true,
      RestrictPublicBuckets: true,
    });
    // Every function is told where it is.
    const fns = Object.values(template.findResources('AWS::Lambda::Function')) as Array<{
      Properties: { Environment: { Variables: Record<string, unknown> } };
    }>;
    for (const f of fns) expect(f.Properties.Environment.Variables.STAGING_BUCKET).toEqual({ Ref: id });
  });

  it('turns on Object Lock retention only when asked', () => {
    expect(JSON.stringify(synth().template.toJSON())).not.toContain('ObjectLockConfiguration');
    synth({ objectLockRetentionDays: 400 }).template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 400 } },
      },
    });
  });

  it('runs seven Node.js 22 Lambdas with tracing, and a state machine with logging, tracing and the configured Map concurrency', () => {
    const { template } = synth({ mapConcurrency: 3 });
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs22.x', TracingConfig: { Mode: 'Active' } },
      7,
    );
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
    const sm = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0] as {
      Properties: { DefinitionString: unknown };
    };
    const definition = JSON.stringify(sm.Properties.DefinitionString);
    expect(definition).toContain('\\"MaxConcurrency\\":3');
    expect(definition).toContain('\\"ItemsPath\\":\\"$.batches\\"');
  });

  it('schedules the export with a time zone and the export options as input', () => {
    const { template } = synth({ schedule: { hour: '3', minute: '30', timeZone: 'Europe/Dublin' } });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Dublin',
      Target: Match.objectLike({
        Input: JSON.stringify({
          options: { organizationId: ORG, resourceTypes: ['routing:queue'] },
          trigger: 'schedule',
        }),
      }),
    });
  });

  it('gives each function only its bucket prefixes and secrets', () => {
    const { template } = synth({ git: { remoteUrl: 'https://git.example.com/cx/config.git' } });
    const plan = statementsOf(template, 'FunctionsPlanRoleDefaultPolicy');
    const s3Plan = plan.filter((s) => actions(s).some((a) => a.startsWith('s3:')));
    expect(s3Plan.flatMap(actions).sort()).toEqual([
      's3:GetObject',
      's3:GetObject',
      's3:ListBucket',
      's3:ListBucket',
      's3:PutObject',
      's3:PutObject',
    ]);
    expect(JSON.stringify(s3Plan)).toContain('/latest/*');
    // The staging area is granted in the staging bucket only, never in the archive bucket.
    const all = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(all).toMatch(/ArchiveStaging[0-9A-F]+","Arn"\]\},"\/latest\/\.genesys\/staging\/\*"/);
    expect(all).not.toMatch(/ArchiveBucket[0-9A-F]+","Arn"\]\},"\/latest\/\.genesys\/staging/);
    expect(JSON.stringify(s3Plan)).not.toContain('/runs/*');
    expect(JSON.stringify(plan)).toContain('GenesysOAuthClient');
    expect(JSON.stringify(plan)).not.toContain('GitToken');
    const failure = statementsOf(template, 'FunctionsRecordFailureRoleDefaultPolicy').filter((s) =>
      actions(s).some((a) => a.startsWith('s3:')),
    );
    // A failed run's record (read and updated when a promoted run's archive failed), and its own staging
    // and the run lock to remove.
    expect(failure.flatMap(actions).sort()).toEqual([
      's3:DeleteObject',
      's3:GetObject',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
    for (const s of failure.filter((x) => !actions(x).includes('s3:PutObject')))
      expect(JSON.stringify(s)).toContain('ArchiveStaging');
    for (const s of failure)
      expect(JSON.stringify(s)).toMatch(
        actions(s).includes('s3:PutObject') ? /\/runs\/\*/ : /latest\/\.genesys\/staging\/\*/,
      );
    const publish = JSON.stringify(statementsOf(template, 'FunctionsPublishRoleDefaultPolicy'));
    expect(publish).toContain('GitToken');
    expect(publish).not.toContain('GenesysOAuthClient');
    for (const name of ['Promote', 'Archive']) {
      const policy = JSON.stringify(statementsOf(template, `Functions${name}RoleDefaultPolicy`));
      expect(policy, name).not.toContain('GitToken');
      expect(policy, name).not.toContain('GenesysOAuthClient');
    }
    const resolve = JSON.stringify(statementsOf(template, 'FunctionsResolveRoleDefaultPolicy'));
    expect(resolve).not.toContain('secretsmanager');
  });

  it('holds no secret values: secrets are created empty and filled in after deployment', () => {
    const { template } = synth({ git: { remoteUrl: 'https://git.example.com/cx/config.git' } });
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    expect(Object.keys(secrets)).toHaveLength(2);
    for (const s of Object.values(secrets))
      expect((s as { Properties: Record<string, unknown> }).Properties.SecretString).toBeUndefined();
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toMatch(/clientSecret"\s*:\s*"[^"]/);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      const env = JSON.stringify(
        (fn as { Properties: { Environment?: unknown } }).Properties.Environment ?? {},
      );
      expect(env).not.toMatch(/SECRET"\s*:\s*"(?!arn|\{)/);
    }
  });

  it('alarms on failed runs into the run topic', () => {
    const { template } = synth({ alarmEmail: 'ops@example.com' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      AlarmActions: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });

  it('passes the cdk-nag AwsSolutions checks with every acknowledgement explained', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    new CxExportStack(app, 'Nag', {
      exportOptions: { organizationId: ORG },
      git: { remoteUrl: 'https://git.example.com/r.git' },
      alarmEmail: 'ops@example.com',
    });
    expect(() => app.synth()).not.toThrow();
  });

  it('sizes ExportBatch from measurement and reserves it exactly the Map concurrency', () => {
    const functions = (t: Template) =>
      Object.values(t.findResources('AWS::Lambda::Function')) as Array<{
        Properties: { MemorySize: number; Timeout: number; ReservedConcurrentExecutions?: number };
      }>;
    const reserved = (t: Template) =>
      functions(t)
        .map((f) => f.Properties.ReservedConcurrentExecutions)
        .filter((n) => n !== undefined);
    const { template } = synth();
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: BATCH_MEMORY_MB,
      Timeout: BATCH_TIMEOUT.toSeconds(),
      ReservedConcurrentExecutions: DEFAULT_MAP_CONCURRENCY,
    });
    expect(reserved(template)).toEqual([DEFAULT_MAP_CONCURRENCY]);
    expect(reserved(synth({ mapConcurrency: 6 }).template)).toEqual([6]);
  });

  it("gives every function Lambda's least /tmp, three times what Publish's scratch Git repository measured at 5x", () => {
    const fns = synth().template.findResources('AWS::Lambda::Function') as Record<
      string,
      { Properties: { EphemeralStorage: { Size: number } } }
    >;
    const tmp = Object.entries(fns).map(([id, f]) => [
      id.replace(/[0-9A-F]{8}$/, ''),
      f.Properties.EphemeralStorage.Size,
    ]);
    expect(tmp.filter(([, mb]) => mb !== 512)).toEqual([]);
    expect(tmp.find(([id]) => /Publish$/.test(String(id)))?.[1]).toBe(PUBLISH_TMP_MB);
    expect(PUBLISH_TMP_MB).toBeGreaterThanOrEqual(3 * 124.6);
  });

  it('tells Plan the client budget and the Map concurrency, for the batches to share', () => {
    const sm = Object.values(
      synth({ mapConcurrency: 3 }).template.findResources('AWS::StepFunctions::StateMachine'),
    )[0] as { Properties: { DefinitionString: unknown } };
    const definition = JSON.stringify(sm.Properties.DefinitionString).replaceAll('\\"', '"');
    expect(definition).toContain(
      `"rateBudget":{"clientRequestsPerMinute":${DEFAULT_CLIENT_REQUESTS_PER_MINUTE},"parallelBatches":3}`,
    );
  });

  it('says how to fix a missing organization ID at synth time', () => {
    expect(() => synth({ exportOptions: { organizationId: '' } })).toThrow(
      /exportOptions.organizationId is required/,
    );
  });
});
