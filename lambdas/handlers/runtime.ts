/**
 * What the Lambda handlers need, built from the environment on AWS or injected for local runs: stores,
 * the Genesys client (credentials from Secrets Manager, cached briefly, tokens in memory only), the Git
 * target, a clock and a logger.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ChangeCounts } from '../engine/changes.ts';
import { type Clock, systemClock } from '../engine/clock.ts';
import { ExportError } from '../engine/errors.ts';
import { GenesysClient } from '../engine/genesys/client.ts';
import { connectionFromEnv } from '../engine/genesys/config.ts';
import { detectTokenStyle, type TokenStyle } from '../engine/git/auth.ts';
import type { RemoteTarget } from '../engine/git/publish.ts';
import type { RunOwner } from '../engine/staging.ts';
import { S3Store } from '../engine/storage/s3.ts';
import type { SnapshotStore } from '../engine/storage/types.ts';

export class ConfigurationError extends ExportError {
  override readonly name = 'ConfigurationError';
}

export interface HandlerLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export interface HandlerDeps {
  readonly snapshot: SnapshotStore;
  readonly archive: SnapshotStore;
  readonly clock: Clock;
  readonly logger: HandlerLogger;
  genesysClient(): Promise<GenesysClient>;
  gitTarget(): Promise<RemoteTarget | { local: true; branch: string } | undefined>;
  readonly exportJobTimeoutMs?: number;
  /** Who runs the steps: an execution with the state machine's deadline on AWS, this process locally. */
  readonly owner?: (nowMs: number) => RunOwner;
  /**
   * Local runs share one client across steps: its totals are the run's API usage. On AWS each Lambda has
   * its own client, so steps record their usage in the run's staging area instead.
   */
  readonly sharedClientStats?: () => { requests: number; rateLimited: number };
  /** Publishes a finished run's figures (CloudWatch metrics on AWS). */
  readonly metrics?: (run: {
    outcome: string;
    counts: Record<string, number>;
    apiRequests: number;
    rateLimited: number;
    changes: ChangeCounts;
  }) => void;
}

const SECRET_TTL_MS = 5 * 60_000;
const secretCache = new Map<string, { value: Record<string, string>; until: number }>();

export async function readSecretJson(
  sm: SecretsManagerClient,
  secretId: string,
): Promise<Record<string, string>> {
  const hit = secretCache.get(secretId);
  if (hit && hit.until > Date.now()) return hit.value;
  const res = await sm.send(new GetSecretValueCommand({ SecretId: secretId }));
  let value: Record<string, string>;
  try {
    value = JSON.parse(res.SecretString ?? '') as Record<string, string>;
  } catch {
    // Never echo the secret's content.
    throw new ConfigurationError(`secret ${secretId} is not a JSON object`);
  }
  secretCache.set(secretId, { value, until: Date.now() + SECRET_TTL_MS });
  return value;
}

let cachedClient: { key: string; client: GenesysClient } | undefined;

/** Handlers on AWS: everything from environment variables set by the CDK stack. */
export function awsDeps(env: Readonly<Record<string, string | undefined>> = process.env): HandlerDeps {
  const bucket = env.ARCHIVE_BUCKET;
  if (!bucket) throw new ConfigurationError('ARCHIVE_BUCKET is not set');
  const s3 = new S3Client({});
  const sm = new SecretsManagerClient({});
  const powertools = new Logger({ serviceName: 'cx-export' });
  const logger: HandlerLogger = {
    info: (m, extra) => powertools.info(m, extra ?? {}),
    warn: (m, extra) => powertools.warn(m, extra ?? {}),
    error: (m, extra) => powertools.error(m, extra ?? {}),
  };
  return {
    metrics: (run) => {
      const m = new Metrics({ namespace: 'CxExport', serviceName: 'cx-export' });
      m.addMetric(
        'ExportedResources',
        MetricUnit.Count,
        Object.values(run.counts).reduce((a, b) => a + b, 0),
      );
      m.addMetric('ApiRequests', MetricUnit.Count, run.apiRequests);
      m.addMetric('RateLimited', MetricUnit.Count, run.rateLimited);
      m.addMetric(
        'ChangedResources',
        MetricUnit.Count,
        run.changes.added + run.changes.changed + run.changes.removed,
      );
      m.addMetric('PartialRuns', MetricUnit.Count, run.outcome === 'partial' ? 1 : 0);
      m.publishStoredMetrics();
    },
    snapshot: new S3Store(s3, bucket, 'latest'),
    archive: new S3Store(s3, bucket, ''),
    clock: systemClock,
    logger,
    async genesysClient() {
      const secretId = env.GENESYS_SECRET_ARN;
      if (!secretId) throw new ConfigurationError('GENESYS_SECRET_ARN is not set');
      const s = await readSecretJson(sm, secretId);
      const connection = connectionFromEnv({
        GENESYS_CLOUD_OAUTH_CLIENT_ID: s.clientId,
        GENESYS_CLOUD_OAUTH_CLIENT_SECRET: s.clientSecret,
        GENESYS_CLOUD_REGION: s.region,
        GENESYS_CLOUD_BASE_URL: s.baseUrl,
        GENESYS_CLOUD_AUTH_URL: s.authUrl,
      });
      const key = `${connection.apiBaseUrl}|${connection.clientId}|${connection.clientSecret}`;
      if (cachedClient?.key !== key)
        cachedClient = {
          key,
          client: new GenesysClient({
            connection,
            clock: systemClock,
            concurrency: Number(env.GENESYS_CONCURRENCY ?? 4),
          }),
        };
      return cachedClient.client;
    },
    async gitTarget() {
      const url = env.GIT_REMOTE_URL;
      if (!url) return undefined;
      const token = env.GIT_SECRET_ARN ? (await readSecretJson(sm, env.GIT_SECRET_ARN)).token : undefined;
      return {
        url,
        branch: env.GIT_BRANCH ?? 'main',
        path: env.GIT_PATH ?? 'snapshot',
        token,
        tokenStyle: (env.GIT_TOKEN_STYLE as TokenStyle | undefined) ?? detectTokenStyle(url),
      };
    },
  };
}

let deps: HandlerDeps | undefined;

/** The deps handlers use: injected by local runs and tests, otherwise built from the environment once. */
export function handlerDeps(): HandlerDeps {
  deps ??= awsDeps();
  return deps;
}

export function setHandlerDeps(d: HandlerDeps | undefined): void {
  deps = d;
}
