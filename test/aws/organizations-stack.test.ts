/**
 * Several organizations, one deployment: the `organizations` context, one schedule and one secret per
 * organization, each Lambda reading only the secrets it needs, each organization's folder in the bucket,
 * per-organization dashboard rows and alarms, cdk-nag still clean.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../lambdas/handlers/environment.ts';
import { publishRunMetrics } from '../../lambdas/handlers/metrics.ts';
import { awsDeps } from '../../lambdas/handlers/runtime.ts';
import { ContextError, PLACEHOLDER_ORGANIZATION_ID, stackPropsFromContext } from '../../lib/app-context.ts';
import { CxExportStack, type CxExportStackProps } from '../../lib/cx-export-stack.ts';
import { BATCH_TIMEOUT } from '../../lib/export-functions.ts';

const ORG_A = 'aaaaaaaa-1111-2222-3333-444444444444';
const ORG_B = 'bbbbbbbb-1111-2222-3333-444444444444';

const TWO_ORGS: CxExportStackProps = {
  exportOptions: { includeAllResources: false },
  schedule: { hour: '2', minute: '0', timeZone: 'Europe/Dublin' },
  alarmEmail: 'ops@example.com',
  organizations: [
    {
      organizationId: ORG_A,
      git: { remoteUrl: 'https://git.example.com/cx/a.git', path: 'prod' },
      exportOptions: { resourceTypes: ['routing:queue'] },
    },
    {
      organizationId: ORG_B,
      secretName: 'partner/org-b/oauth',
      schedule: { hour: '4', minute: '30', weekDay: 'MON' },
    },
  ],
};

function synth(props: CxExportStackProps = TWO_ORGS) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CxExportStack(app, 'Orgs', props);
  return Template.fromStack(stack);
}

type Statement = { Action: string | string[]; Resource: unknown };

function policyOf(template: Template, fn: string): string {
  return JSON.stringify(
    Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith(`Functions${fn}RoleDefaultPolicy`))
      .flatMap(
        ([, p]) =>
          (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
            .Statement,
      ),
  );
}

/** A function's ORGANIZATIONS variable, with the secrets' references as their logical IDs. */
function organizationsOf(template: Template, fn: string): Array<Record<string, unknown>> {
  const found = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) =>
    id.startsWith(`Functions${fn}`),
  );
  const value = (
    found?.[1] as { Properties: { Environment: { Variables: Record<string, unknown> } } } | undefined
  )?.Properties.Environment.Variables.ORGANIZATIONS;
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as Record<string, unknown>;
    if ('Fn::Join' in o) return (o['Fn::Join'] as [string, unknown[]])[1].map(render).join('');
    if ('Ref' in o) return `<${o.Ref}>`;
    return JSON.stringify(v).replaceAll('"', "'");
  };
  return value === undefined ? [] : (JSON.parse(render(value)) as Array<Record<string, unknown>>);
}

type Alarm = { AlarmDescription: string; MetricName?: string; Dimensions?: unknown; Threshold?: number };

function alarms(t: Template): Alarm[] {
  return Object.values(t.findResources('AWS::CloudWatch::Alarm')).map(
    (a) => (a as { Properties: Alarm }).Properties,
  );
}

describe('Several organizations: the stack', () => {
  it('schedules each organization on its own cron with its own options as the execution input', () => {
    const template = synth();
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Dublin',
      Target: Match.objectLike({
        Input: JSON.stringify({
          options: { includeAllResources: false, resourceTypes: ['routing:queue'], organizationId: ORG_A },
          trigger: 'schedule',
        }),
      }),
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 4 ? * MON *)',
      Target: Match.objectLike({
        Input: JSON.stringify({
          options: { includeAllResources: false, organizationId: ORG_B },
          trigger: 'schedule',
        }),
      }),
    });
  });

  it('creates a secret only for an organization without one, and gives each function only the secrets it reads', () => {
    const template = synth();
    const secrets = Object.keys(template.findResources('AWS::SecretsManager::Secret'));
    // A's OAuth client and Git token; B names an existing secret.
    expect(secrets).toHaveLength(2);
    const genesysA = secrets.find((id) => id.startsWith('GenesysOAuthClient'));
    const gitA = secrets.find((id) => id.startsWith('GitToken'));
    expect(genesysA).toBeDefined();
    expect(gitA).toBeDefined();
    for (const fn of ['Plan', 'ExportBatch']) {
      const policy = policyOf(template, fn);
      expect(policy, fn).toContain(genesysA);
      expect(policy, fn).toContain('secret:partner/org-b/oauth-??????');
      expect(policy, fn).not.toContain(gitA);
      expect(organizationsOf(template, fn)).toEqual([
        { organizationId: ORG_A, genesysSecretArn: `<${genesysA}>` },
        { organizationId: ORG_B, genesysSecretArn: 'partner/org-b/oauth' },
      ]);
    }
    const publish = policyOf(template, 'Publish');
    expect(publish).toContain(gitA);
    expect(publish).not.toContain(genesysA);
    expect(publish).not.toContain('partner/org-b/oauth');
    expect(organizationsOf(template, 'Publish')).toEqual([
      {
        organizationId: ORG_A,
        git: {
          remoteUrl: 'https://git.example.com/cx/a.git',
          branch: 'main',
          path: 'prod',
          secretArn: `<${gitA}>`,
        },
      },
      { organizationId: ORG_B },
    ]);
    for (const fn of ['Resolve', 'Promote', 'Archive', 'RecordFailure']) {
      expect(policyOf(template, fn), fn).not.toContain('secretsmanager');
      expect(organizationsOf(template, fn), fn).toEqual([
        { organizationId: ORG_A },
        { organizationId: ORG_B },
      ]);
    }
  });

  it("keeps each organization's files in its folder: grants, lifecycle rules and the Organizations output", () => {
    const template = synth();
    const plan = policyOf(template, 'Plan');
    expect(plan).toContain('/orgs/*/latest/*');
    expect(plan).not.toMatch(/"\/latest\/\*"/);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: `orgs/${ORG_A}/runs/` }),
          Match.objectLike({ Prefix: `orgs/${ORG_B}/runs/` }),
          Match.objectLike({
            Id: `expire-staging-${ORG_A}`,
            Prefix: `orgs/${ORG_A}/latest/.genesys/staging/`,
          }),
          Match.objectLike({
            Id: `expire-staging-${ORG_B}`,
            Prefix: `orgs/${ORG_B}/latest/.genesys/staging/`,
          }),
        ]),
      },
    });
    template.hasOutput('Organizations', { Value: `${ORG_A},${ORG_B}` });
  });

  it('has a dashboard row and partial, failed and no-successful-run alarms per organization, near-timeout alarms per function', () => {
    const template = synth();
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const org of [ORG_A, ORG_B]) {
      expect(body).toContain(`${org}: runs by outcome`);
      expect(body).toContain(`\\"organizationId\\",\\"${org}\\"`);
    }
    const all = alarms(template);
    for (const org of [ORG_A, ORG_B]) {
      const mine = all.filter((a) => a.AlarmDescription.includes(org));
      expect(mine.map((a) => a.MetricName).sort(), org).toEqual([
        'FailedRuns',
        'FinishedRuns',
        'PartialRuns',
      ]);
      for (const a of mine)
        expect(a.Dimensions).toEqual(
          expect.arrayContaining([
            { Name: 'organizationId', Value: org },
            { Name: 'service', Value: 'cx-export' },
          ]),
        );
    }
    // B runs weekly: its missing-run alarm waits a week plus the margin (CloudWatch's 7-day cap).
    const missingB = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((a) =>
      (a as { Properties: Alarm }).Properties.AlarmDescription.startsWith(
        `No cx-export run succeeded for ${ORG_B}`,
      ),
    ) as { Properties: { EvaluationPeriods: number } };
    expect(missingB.Properties.EvaluationPeriods).toBe(168);
    const nearTimeout = all.filter((a) => /longer than 80% of its/.test(a.AlarmDescription));
    expect(nearTimeout).toHaveLength(7);
    const batch = nearTimeout.find((a) => a.AlarmDescription.includes('ExportBatch Lambda'));
    expect(batch).toMatchObject({ MetricName: 'Duration' });
    expect(batch?.Threshold).toBe(0.8 * BATCH_TIMEOUT.toMilliseconds());
  });

  it('passes the cdk-nag AwsSolutions checks with two organizations', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    new CxExportStack(app, 'NagOrgs', TWO_ORGS);
    expect(() => app.synth()).not.toThrow();
  });

  it('refuses an organization listed twice or an ID that cannot be a folder', () => {
    const twice = { ...TWO_ORGS, organizations: [{ organizationId: ORG_A }, { organizationId: ORG_A }] };
    expect(() => synth(twice)).toThrow(/listed twice/);
    expect(() => synth({ ...TWO_ORGS, organizations: [{ organizationId: '../x' }] })).toThrow(
      /is not an organization ID/,
    );
  });
});

describe('Several organizations: context', () => {
  const lookup = (ctx: Record<string, unknown>) => (key: string) => ctx[key];

  it('reads the organizations list from cdk.json or from -c as a string, over the shared exportOptions', () => {
    const list = [{ organizationId: ORG_A }, { organizationId: ORG_B, secretName: 'b' }];
    for (const organizations of [list, JSON.stringify(list)]) {
      const props = stackPropsFromContext(
        lookup({
          organizations,
          exportOptions: { organizationId: PLACEHOLDER_ORGANIZATION_ID, includeAllResources: false },
        }),
      );
      expect(props.organizations).toEqual(list);
      // The placeholder of the single-org form is not an organization of the list.
      expect(props.exportOptions).toEqual({ includeAllResources: false });
    }
  });

  it('says in one line which entry lacks its ID, and that git belongs to each organization', () => {
    const fails = (ctx: Record<string, unknown>) => {
      try {
        stackPropsFromContext(lookup(ctx));
      } catch (err) {
        expect(err).toBeInstanceOf(ContextError);
        return (err as Error).message;
      }
      return undefined;
    };
    const placeholder = fails({
      organizations: [{ organizationId: ORG_A }, { organizationId: PLACEHOLDER_ORGANIZATION_ID }],
    });
    expect(placeholder).toMatch(/^organizations\[1\]\.organizationId is not set/);
    expect(placeholder).not.toContain('\n');
    expect(fails({ organizations: '[{"organizationId": ' })).toMatch(/not valid JSON/);
    expect(
      fails({ organizations: [{ organizationId: ORG_A }], git: { remoteUrl: 'https://h/r.git' } }),
    ).toMatch(/give each organization its own git/);
  });
});

describe('Several organizations: the Lambdas', () => {
  const env = {
    ARCHIVE_BUCKET: 'bucket',
    ORGANIZATIONS: JSON.stringify([
      { organizationId: ORG_A, genesysSecretArn: 'arn:a' },
      { organizationId: ORG_B, genesysSecretArn: 'arn:b' },
    ]),
  };

  it("work in the organization's folder of the bucket", () => {
    const deps = awsDeps(env, ORG_B);
    expect(deps.snapshot.location).toBe(`s3://bucket/orgs/${ORG_B}/latest/`);
    expect(deps.archive.location).toBe(`s3://bucket/orgs/${ORG_B}/`);
    // The single-org stack keeps the bucket's root.
    expect(awsDeps({ ARCHIVE_BUCKET: 'bucket' }, ORG_B).snapshot.location).toBe('s3://bucket/latest/');
  });

  it("log every line with the organization, beside the run's keys", () => {
    const deps = awsDeps(env, ORG_B);
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      deps.logger.setRunKeys?.({ runId: 'run-1', batchId: 'b-1' });
      deps.logger.info('batch');
      deps.logger.setRunKeys?.({ runId: 'run-2' });
      deps.logger.info('finalize');
    } finally {
      spy.mockRestore();
    }
    const lines = out
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      message: 'batch',
      organizationId: ORG_B,
      runId: 'run-1',
      batchId: 'b-1',
    });
    expect(lines[1]).toMatchObject({ message: 'finalize', organizationId: ORG_B, runId: 'run-2' });
  });

  it('refuse an organization the stack does not export, naming the ones it does', () => {
    let err: unknown;
    try {
      awsDeps(env, 'cccccccc-1111-2222-3333-444444444444');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as Error).message).toBe(
      `organization cccccccc-1111-2222-3333-444444444444 is not one of this stack's: ${ORG_A}, ${ORG_B}`,
    );
  });
});

describe('Several organizations: the run metrics', () => {
  /** The embedded-metric directives Powertools writes to stdout. */
  function emf(fn: () => void) {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      fn();
    } finally {
      spy.mockRestore();
    }
    return out
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map(
        (l) =>
          JSON.parse(l) as Record<string, unknown> & {
            _aws: { CloudWatchMetrics: Array<{ Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
          },
      );
  }
  const figures = {
    counts: { 'routing:queue': 3 },
    apiRequests: 9,
    rateLimited: 0,
    changes: { added: 1, changed: 0, removed: 0 },
  };

  it("carry the run's organization as a dimension the dashboard and alarms read", () => {
    const [finished, failed] = emf(() => {
      publishRunMetrics({ ...figures, outcome: 'complete' }, ORG_A);
      publishRunMetrics({ ...figures, outcome: 'failed' }, ORG_A);
    });
    expect(finished?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'organizationId']]);
    expect(finished?.organizationId).toBe(ORG_A);
    expect(finished?.FinishedRuns).toBe(1);
    // A failed run counts as failed and adds nothing to the other figures.
    expect(failed?._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name)).toEqual(['FailedRuns']);
    const body = JSON.stringify(synth().toJSON());
    for (const name of [
      'FinishedRuns',
      'FailedRuns',
      'PartialRuns',
      'ApiRequests',
      'RateLimited',
      'ChangedResources',
    ])
      expect(body, name).toContain(name);
  });
});
