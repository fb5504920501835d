/**
 * The environment contract between the CDK stack (which sets the Lambda functions' variables) and the
 * handlers (which read them): the variable names are written here only, the stack renders typed settings
 * with `environmentVariables` and the handlers read them back with `readLambdaEnvironment`, so a rename
 * breaks the compile on both sides. Imported by `lib/`: keep it free of aws-cdk-lib, it is bundled into
 * every Lambda.
 */
import { DEFAULT_BRANCH, DEFAULT_CONCURRENCY } from '../engine/defaults.ts';
import { ExportError } from '../engine/errors.ts';
import { TOKEN_STYLES, type TokenStyle } from '../engine/git/auth.ts';
import { DEFAULT_GIT_PATH } from '../engine/git/target.ts';
import { ORGANIZATION_ID, type OrganizationEnvironment } from './organizations.ts';

/** A Lambda function is deployed with missing or malformed settings. */
export class ConfigurationError extends ExportError {
  override readonly name = 'ConfigurationError';
}

/** Service name of the Powertools logger and metrics. */
export const SERVICE_NAME = 'cx-export';

/** Every variable name of the contract. */
export const ENV = {
  archiveBucket: 'ARCHIVE_BUCKET',
  stagingBucket: 'STAGING_BUCKET',
  genesysConcurrency: 'GENESYS_CONCURRENCY',
  genesysSecretArn: 'GENESYS_SECRET_ARN',
  gitRemoteUrl: 'GIT_REMOTE_URL',
  gitBranch: 'GIT_BRANCH',
  gitPath: 'GIT_PATH',
  gitSecretArn: 'GIT_SECRET_ARN',
  gitTokenStyle: 'GIT_TOKEN_STYLE',
  /** A several-organization stack: JSON list of OrganizationEnvironment (the single-org variables unset). */
  organizations: 'ORGANIZATIONS',
  /** Read by Powertools itself. */
  serviceName: 'POWERTOOLS_SERVICE_NAME',
} as const;

/** Where the Publish step publishes the snapshot (set on that function only, when the stack has Git). */
export interface GitEnvironment {
  readonly remoteUrl: string;
  readonly branch: string;
  /** Folder inside the repository; '' for the root. */
  readonly path: string;
  /** Secret holding `{"token"}`; none for a remote that needs no credentials. */
  readonly secretArn?: string;
  /** Token convention; guessed from the remote's host when not set. */
  readonly tokenStyle?: TokenStyle;
}

export interface LambdaEnvironment {
  /** Bucket of the working snapshot (`latest/`) and the run archive (`runs/`). */
  readonly archiveBucket: string;
  /** Bucket of the runs' work in progress and the run lock (unversioned); absent: the archive bucket. */
  readonly stagingBucket?: string;
  /** API requests in flight per Lambda. */
  readonly genesysConcurrency: number;
  /** Secret holding the Genesys Cloud OAuth client (Plan and ExportBatch only). */
  readonly genesysSecretArn?: string;
  readonly git?: GitEnvironment;
  /**
   * A stack of several organizations: each one's settings, its files under `orgs/<organizationId>/`.
   * Absent: the single-org stack (the settings above, the bucket's root).
   */
  readonly organizations?: readonly OrganizationEnvironment[];
}

type Variables = Readonly<Record<string, string | undefined>>;

/** The stack side: the variables of a function with these settings. */
export function environmentVariables(settings: LambdaEnvironment): Record<string, string> {
  const vars: Record<string, string> = {
    [ENV.archiveBucket]: settings.archiveBucket,
    [ENV.genesysConcurrency]: String(settings.genesysConcurrency),
    [ENV.serviceName]: SERVICE_NAME,
  };
  if (settings.stagingBucket) vars[ENV.stagingBucket] = settings.stagingBucket;
  if (settings.genesysSecretArn) vars[ENV.genesysSecretArn] = settings.genesysSecretArn;
  const git = settings.git;
  if (git) {
    vars[ENV.gitRemoteUrl] = git.remoteUrl;
    vars[ENV.gitBranch] = git.branch;
    vars[ENV.gitPath] = git.path;
    if (git.secretArn) vars[ENV.gitSecretArn] = git.secretArn;
    if (git.tokenStyle) vars[ENV.gitTokenStyle] = git.tokenStyle;
  }
  if (settings.organizations) vars[ENV.organizations] = JSON.stringify(settings.organizations);
  return vars;
}

/** The handler side: the settings in `env`, checked; a missing or malformed one is a ConfigurationError. */
export function readLambdaEnvironment(env: Variables = process.env): LambdaEnvironment {
  const archiveBucket = env[ENV.archiveBucket];
  if (!archiveBucket) throw new ConfigurationError(`${ENV.archiveBucket} is not set`);
  const organizations = env[ENV.organizations];
  return {
    archiveBucket,
    ...(env[ENV.stagingBucket] ? { stagingBucket: env[ENV.stagingBucket] } : {}),
    genesysConcurrency: readConcurrency(env[ENV.genesysConcurrency]),
    genesysSecretArn: env[ENV.genesysSecretArn] || undefined,
    git: readGit(env),
    ...(organizations ? { organizations: readOrganizations(organizations) } : {}),
  };
}

function readOrganizations(value: string): OrganizationEnvironment[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new ConfigurationError(`${ENV.organizations} must be a non-empty JSON list`);
  return parsed.map((o: Partial<OrganizationEnvironment> | null) => {
    if (typeof o?.organizationId !== 'string' || !ORGANIZATION_ID.test(o.organizationId))
      throw new ConfigurationError(`${ENV.organizations} holds an entry without a valid organizationId`);
    return o as OrganizationEnvironment;
  });
}

function readConcurrency(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new ConfigurationError(`${ENV.genesysConcurrency} must be a positive integer, got '${value}'`);
  return n;
}

function readGit(env: Variables): GitEnvironment | undefined {
  const remoteUrl = env[ENV.gitRemoteUrl];
  if (!remoteUrl) return undefined;
  const tokenStyle = env[ENV.gitTokenStyle] || undefined;
  if (tokenStyle !== undefined && !(TOKEN_STYLES as readonly string[]).includes(tokenStyle))
    throw new ConfigurationError(
      `${ENV.gitTokenStyle} must be one of ${TOKEN_STYLES.join(', ')}, got '${tokenStyle}'`,
    );
  return {
    remoteUrl,
    branch: env[ENV.gitBranch] ?? DEFAULT_BRANCH,
    path: env[ENV.gitPath] ?? DEFAULT_GIT_PATH,
    secretArn: env[ENV.gitSecretArn] || undefined,
    tokenStyle: tokenStyle as TokenStyle | undefined,
  };
}
