/**
 * What the Lambda handlers need, built from the environment on AWS or injected for local runs: stores,
 * the Genesys client, the Git target, a clock, a logger and metrics. The pieces live apart: the variables
 * in environment.ts, secrets in secrets.ts, the warm client in genesys-client.ts, metrics in metrics.ts.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { type Clock, systemClock } from '../engine/clock.ts';
import type { GenesysClient } from '../engine/genesys/client.ts';
import { detectTokenStyle } from '../engine/git/auth.ts';
import { DEFAULT_GIT_AUTHOR, NO_PUBLISH, type PublishTarget } from '../engine/git/target.ts';
import type { RunOwner } from '../engine/staging.ts';
import { S3Store } from '../engine/storage/s3.ts';
import type { SnapshotStore } from '../engine/storage/types.ts';
import {
  ConfigurationError,
  ENV,
  type LambdaEnvironment,
  readLambdaEnvironment,
  SERVICE_NAME,
} from './environment.ts';
import { genesysClientFromSecret } from './genesys-client.ts';
import { gitCredentials } from './git-credentials.ts';
import { publishRunMetrics, type RunFigures } from './metrics.ts';
import { organizationStores } from './organizations.ts';
import { readSecretJson } from './secrets.ts';

export interface HandlerLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
  /**
   * Keys every later line carries: the run ID and, in a batch, the batch ID. Each step sets them at its
   * start (a warm Lambda's earlier invocation may have left others).
   */
  setRunKeys?(keys: RunLogKeys): void;
}

export interface RunLogKeys {
  readonly runId?: string;
  readonly batchId?: string;
}

/** The Lambdas' logger: Powertools JSON lines with the run's keys (and its organization's, when known). */
export function powertoolsLogger(organizationId?: string): HandlerLogger {
  const powertools = new Logger({
    serviceName: SERVICE_NAME,
    ...(organizationId ? { persistentKeys: { organizationId } } : {}),
  });
  return {
    info: (m, extra) => powertools.info(m, extra ?? {}),
    warn: (m, extra) => powertools.warn(m, extra ?? {}),
    error: (m, extra) => powertools.error(m, extra ?? {}),
    setRunKeys: (keys) => {
      powertools.removePersistentKeys(['runId', 'batchId']);
      powertools.appendPersistentKeys(Object.fromEntries(Object.entries(keys).filter(([, v]) => v)));
    },
  };
}

export interface HandlerDeps {
  readonly snapshot: SnapshotStore;
  readonly archive: SnapshotStore;
  readonly clock: Clock;
  readonly logger: HandlerLogger;
  genesysClient(): Promise<GenesysClient>;
  gitTarget(): Promise<PublishTarget>;
  readonly exportJobTimeoutMs?: number;
  /** Who runs the steps: an execution with the state machine's deadline on AWS, this process locally. */
  readonly owner?: (nowMs: number) => RunOwner;
  /**
   * Local runs share one client across steps: its totals are the run's API usage. On AWS each Lambda has
   * its own client, so steps record their usage in the run's staging area instead.
   */
  readonly sharedClientStats?: () => { requests: number; rateLimited: number };
  /**
   * Plan, ExportBatch and Resolve may not delete (AWS: IAM): abandoned staging is left to the bucket's
   * lifecycle rule instead of being removed by the next plan.
   */
  readonly planMayNotDelete?: boolean;
  /** Publishes a finished run's figures (CloudWatch metrics on AWS). */
  readonly metrics?: (run: RunFigures) => void;
}

/** The settings of one organization: the stack's own (single-org stack) or its entry in the list. */
function organizationSettings(settings: LambdaEnvironment, organizationId: string | undefined) {
  const list = settings.organizations;
  if (!list)
    return {
      stores: organizationStores(undefined),
      genesysSecretArn: settings.genesysSecretArn,
      git: settings.git,
    };
  const org = list.find((o) => o.organizationId === organizationId);
  if (!org)
    throw new ConfigurationError(
      `organization ${organizationId ?? '(none given)'} is not one of this stack's: ${list.map((o) => o.organizationId).join(', ')}`,
    );
  return {
    stores: organizationStores(org.organizationId),
    genesysSecretArn: org.genesysSecretArn,
    git: org.git,
  };
}

/**
 * Handlers on AWS: everything from the environment variables the CDK stack sets (environment.ts), for the
 * organization a step works for (a several-organization stack keeps each one's files under its prefix).
 */
export function awsDeps(
  env: Readonly<Record<string, string | undefined>> = process.env,
  organizationId?: string,
): HandlerDeps {
  const all = readLambdaEnvironment(env);
  const org = organizationSettings(all, organizationId);
  const settings = { ...all, genesysSecretArn: org.genesysSecretArn, git: org.git };
  const s3 = new S3Client({});
  const logger = powertoolsLogger(organizationId);
  return {
    metrics: (run) => publishRunMetrics(run, organizationId),
    planMayNotDelete: true,
    // The stack's bucket is versioned: a run is archived as the version IDs of the snapshot's objects.
    snapshot: new S3Store(s3, settings.archiveBucket, org.stores.snapshot, {
      versioned: true,
      stagingBucket: settings.stagingBucket,
    }),
    archive: new S3Store(s3, settings.archiveBucket, org.stores.archive),
    clock: systemClock,
    logger,
    async genesysClient() {
      if (!settings.genesysSecretArn) throw new ConfigurationError(`${ENV.genesysSecretArn} is not set`);
      return genesysClientFromSecret(settings.genesysSecretArn, settings.genesysConcurrency);
    },
    async gitTarget() {
      const git = settings.git;
      if (!git) return NO_PUBLISH;
      const credentials = await gitCredentials(
        git.secretArn ? await readSecretJson(git.secretArn) : undefined,
      );
      return {
        kind: 'remote',
        author: DEFAULT_GIT_AUTHOR,
        url: git.remoteUrl,
        branch: git.branch,
        path: git.path,
        token: credentials.token,
        tokenStyle: credentials.tokenStyle ?? git.tokenStyle ?? detectTokenStyle(git.remoteUrl),
      };
    },
  };
}

let injected: HandlerDeps | undefined;
const perOrganization = new Map<string, HandlerDeps>();

/**
 * The deps handlers use for an organization: injected by local runs and tests, otherwise built from the
 * environment once per organization (a warm Lambda serves every organization of the stack).
 */
export function handlerDeps(organizationId?: string): HandlerDeps {
  if (injected) return injected;
  const key = organizationId ?? '';
  let deps = perOrganization.get(key);
  if (!deps) {
    deps = awsDeps(process.env, organizationId);
    perOrganization.set(key, deps);
  }
  return deps;
}

export function setHandlerDeps(d: HandlerDeps | undefined): void {
  injected = d;
  perOrganization.clear();
}
