import { fileURLToPath } from 'node:url';
import { Duration, Size } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { DEFAULT_CONCURRENCY } from '../lambdas/engine/defaults.ts';
import { GITIGNORE_KEY, PUBLISH_INDEX_KEY, STAGING_PREFIX } from '../lambdas/engine/keys.ts';
import {
  environmentVariables,
  type GitEnvironment,
  type LambdaEnvironment,
} from '../lambdas/handlers/environment.ts';
import { ORGANIZATIONS_PREFIX, type OrganizationEnvironment } from '../lambdas/handlers/organizations.ts';

/** One organization the functions export: its secrets and Git target. */
export interface FunctionsOrganization {
  readonly organizationId: string;
  readonly genesysSecret: secretsmanager.ISecret;
  readonly gitSecret?: secretsmanager.ISecret;
  readonly git?: Omit<GitEnvironment, 'secretArn'>;
}

export interface ExportFunctionsProps {
  readonly bucket: s3.IBucket;
  /** The runs' work in progress and the run lock, under the same keys as in `bucket` (unversioned). */
  readonly stagingBucket: s3.IBucket;
  /** The organizations exported; one, at the bucket's root, unless `several` is set. */
  readonly organizations: readonly FunctionsOrganization[];
  /**
   * Several organizations share the bucket, each under `orgs/<organizationId>/` (handlers/organizations.ts).
   * @default false
   */
  readonly several?: boolean;
  /**
   * Requests in flight per export-batch Lambda.
   * @default DEFAULT_CONCURRENCY (4)
   */
  readonly genesysConcurrency?: number;
}

/** The staging area in the bucket: the runs' work in progress and the run lock. */
export const STAGING_OBJECTS = `latest/${STAGING_PREFIX}/`;

/** Where the organizations' folders are when several share the bucket (IAM: any organization's). */
export const ANY_ORGANIZATION = `${ORGANIZATIONS_PREFIX}/*/`;

/**
 * How a function names a secret to Secrets Manager: its full ARN, or the name of a secret imported by
 * name (its ARN is then partial, which GetSecretValue may not resolve).
 */
const secretId = (secret: secretsmanager.ISecret) => secret.secretFullArn ?? secret.secretName;

/** ExportBatch's memory and timeout, from measurement (see where they are used). */
export const BATCH_MEMORY_MB = 512;
export const BATCH_TIMEOUT = Duration.minutes(8);

/**
 * Publish's ephemeral storage (MB): only the fetched pack of the branch's last commit lands in /tmp (the
 * new objects stay in memory), 124.6 MB at the peak for the 5x org (134,068 files, bench/finish.ts, the
 * bundle on Node 22). Lambda's least, 512 MB, leaves four-fold room.
 */
export const PUBLISH_TMP_MB = 512;

const handlerPath = (name: string) =>
  fileURLToPath(new URL(`../lambdas/handlers/${name}.ts`, import.meta.url));

/**
 * The seven Lambdas of the workflow, bundled with esbuild, each with exactly the bucket prefixes and
 * secrets it uses.
 */
export class ExportFunctions extends Construct {
  readonly plan: NodejsFunction;
  readonly exportBatch: NodejsFunction;
  readonly resolve: NodejsFunction;
  readonly promote: NodejsFunction;
  readonly publish: NodejsFunction;
  readonly archive: NodejsFunction;
  readonly recordFailure: NodejsFunction;

  constructor(scope: Construct, id: string, props: ExportFunctionsProps) {
    super(scope, id);
    const orgs = props.organizations;
    const single = props.several ? undefined : orgs[0];
    // Several organizations: every function knows their IDs (and each only the secrets it reads).
    const perOrganization = (
      of: (o: FunctionsOrganization) => Omit<OrganizationEnvironment, 'organizationId'>,
    ): Partial<LambdaEnvironment> =>
      single ? {} : { organizations: orgs.map((o) => ({ organizationId: o.organizationId, ...of(o) })) };
    const common = {
      archiveBucket: props.bucket.bucketName,
      stagingBucket: props.stagingBucket.bucketName,
      genesysConcurrency: props.genesysConcurrency ?? DEFAULT_CONCURRENCY,
      ...perOrganization(() => ({})),
    };
    const make = (
      name: string,
      file: string,
      memorySize: number,
      timeout: Duration,
      settings: Partial<LambdaEnvironment> = {},
      tmpMb = 512,
    ) => {
      // Its own role, allowed to write only its own log group (not the managed AWSLambdaBasicExecutionRole,
      // which may write any log group of the account).
      const role = new iam.Role(this, `${name}Role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `cx-export ${name} function`,
      });
      const logGroup = new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.THREE_MONTHS });
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
      );
      return new NodejsFunction(this, name, {
        role,
        entry: handlerPath(file),
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize,
        timeout,
        // Lambda's smallest ephemeral storage (Publish's measured, see PUBLISH_TMP_MB); set so it stays a decision.
        ephemeralStorageSize: Size.mebibytes(tmpMb),
        tracing: lambda.Tracing.ACTIVE,
        environment: {
          ...environmentVariables({ ...common, ...settings }),
          NODE_OPTIONS: '--enable-source-maps',
        },
        logGroup,
        bundling: {
          format: OutputFormat.ESM,
          target: 'node22',
          sourceMap: true,
          minify: true,
          // The AWS SDK is bundled, not taken from the runtime (CDK's default for Node 18+): the SDK the
          // tests ran (S3 conditional writes, checksum settings) is the one deployed, whatever version
          // the runtime happens to carry.
          externalModules: [],
          // ESM bundles still meet CommonJS dependencies that call require().
          banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        },
      });
    };
    const genesys = single
      ? { genesysSecretArn: single.genesysSecret.secretArn }
      : perOrganization((o) => ({ genesysSecretArn: secretId(o.genesysSecret) }));
    const gitOf = (o: FunctionsOrganization) =>
      o.git && { ...o.git, secretArn: o.gitSecret && secretId(o.gitSecret) };
    this.plan = make('Plan', 'plan', 1024, Duration.minutes(10), genesys);
    // Measured (bench/batch-limits.ts, large org, the first batch of each of 54 types, each with its own
    // token at the default share of 71 requests/min): peak RSS 170 MB (a tsx process, so above the
    // bundle's), longest 139 s (routing:queue, 100 requests; x10 clock on a loaded machine, so long).
    // Memory: 3x the peak. Timeout: a batch takes 1/share as long, so 139 s twice over (a Map of 8, share
    // 35/min), x1.5, plus the minute in which a batch stops starting work (BATCH_DEADLINE_MARGIN_MS):
    // 477 s, rounded up to 8 minutes.
    this.exportBatch = make('ExportBatch', 'export-batch', BATCH_MEMORY_MB, BATCH_TIMEOUT, genesys);
    this.resolve = make('Resolve', 'resolve', 512, Duration.minutes(5));
    // Peak RSS (bench/finish.ts, the bundles on Node 22, a first run and a 1% night in one warm process):
    // large org Promote 376 MB, Publish 567 MB, Archive 357 MB; 5x org (134,068 files, two runs) Promote
    // 1,595-1,606 MB, Publish 1,545-1,585 MB, Archive 1,080-1,107 MB (the listing of the snapshot, keys,
    // ETags and version IDs, and Publish's Git objects grow with the org). Memory: about 1.9x the 5x peak.
    this.promote = make('Promote', 'promote', 3072, Duration.minutes(15));
    this.publish = make(
      'Publish',
      'publish',
      3072,
      Duration.minutes(15),
      single ? { git: gitOf(single) } : perOrganization((o) => ({ git: gitOf(o) })),
      PUBLISH_TMP_MB,
    );
    this.archive = make('Archive', 'archive', 2048, Duration.minutes(10));
    this.recordFailure = make('RecordFailure', 'record-failure', 256, Duration.seconds(30));

    for (const o of orgs) {
      o.genesysSecret.grantRead(this.plan);
      o.genesysSecret.grantRead(this.exportBatch);
      o.gitSecret?.grantRead(this.publish);
    }

    const root = props.several ? ANY_ORGANIZATION : '';
    const objects = (...prefixes: string[]) => prefixes.map((p) => props.bucket.arnForObjects(`${root}${p}`));
    const readWrite = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
    const list = (fn: NodejsFunction, prefixes: string[]) =>
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [props.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': prefixes.map((p) => `${root}${p}`) } },
        }),
      );
    // The staging area, in its own bucket: every step reads and lists it; Plan, ExportBatch and Resolve
    // write it (Plan takes the run lock there), the steps that end a run remove it and release the lock.
    const staging = [props.stagingBucket.arnForObjects(`${root}${STAGING_OBJECTS}*`)];
    for (const fn of this.all) {
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: staging }));
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [props.stagingBucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${root}${STAGING_OBJECTS}*`] } },
        }),
      );
    }
    // Plan, ExportBatch and Resolve write only the staging area and delete nothing; they read the snapshot
    // (earlier files a batch keeps, the manifest) and Plan keeps the snapshot's .gitignore.
    for (const fn of [this.plan, this.exportBatch, this.resolve]) {
      fn.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: objects('latest/*') }),
      );
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: staging }));
      list(fn, ['latest/*']);
    }
    this.plan.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: objects(`latest/${GITIGNORE_KEY}`) }),
    );
    // Promote writes the snapshot (copying from staging) and removes its run's staging; Publish and
    // Archive only read the snapshot. Each writes its part of the run record.
    this.promote.addToRolePolicy(
      new iam.PolicyStatement({ actions: readWrite, resources: objects('latest/*') }),
    );
    for (const fn of [this.publish, this.archive]) {
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: objects('latest/*'),
        }),
      );
    }
    // The run lock is released by the step that ends the run; a failed run removes its own staging.
    for (const fn of [this.promote, this.archive, this.recordFailure])
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: staging }));
    for (const fn of [this.promote, this.publish, this.archive]) {
      fn.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: objects('runs/*') }),
      );
      list(fn, ['latest/*']);
    }
    this.archive.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: objects('latest.json') }),
    );
    // The blob index lets the next publish skip reading files that did not change.
    this.publish.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: objects(PUBLISH_INDEX_KEY),
      }),
    );
    this.archive.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucketVersions'], resources: [props.bucket.bucketArn] }),
    );
    // It also updates the record of a promoted run whose archive failed.
    this.recordFailure.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: objects('runs/*') }),
    );
  }

  /**
   * Reserves for ExportBatch exactly the Lambdas the Map runs at once: they always have room, and no more
   * than that log in at once (each batch is a token spending its share of the OAuth client's budget).
   */
  reserveBatchConcurrency(batches: number): void {
    (this.exportBatch.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = batches;
  }

  get all(): NodejsFunction[] {
    return [
      this.plan,
      this.exportBatch,
      this.resolve,
      this.promote,
      this.publish,
      this.archive,
      this.recordFailure,
    ];
  }
}
