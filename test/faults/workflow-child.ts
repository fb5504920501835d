/**
 * The AWS workflow's steps in a process of their own, on S3 (s3rver), for the interruption matrix: the
 * parent kills it the way a Lambda is stopped. Each state entered is reported on fd 3 with its input.
 * Environment: GENESYS_CLOUD_BASE_URL, GENESYS_CLOUD_OAUTH_CLIENT_ID/_SECRET, ORG_ID, S3_ENDPOINT, BUCKET,
 * TEST_TIME_SCALE; RESOURCE_TYPES (comma-separated); RUN_OWNER=execution to claim staging as an execution does (deadline, no process);
 * GATE_MOVE=n to hold finalize at its n-th file promotion.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { createClock } from '../../lambdas/engine/clock.ts';
import { executionOwner } from '../../lambdas/engine/staging.ts';
import { S3Store } from '../../lambdas/engine/storage/s3.ts';
import { localDeps } from '../../lambdas/local/deps.ts';
import { gateMoves, report, runSteps } from './interrupt-children.ts';

const env = process.env;
const need = (name: string): string => {
  const v = env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const s3 = new S3Client({
  endpoint: need('S3_ENDPOINT'),
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
const bucket = need('BUCKET');
// On S3 promotion copies (the staging goes in one bulk delete at the end).
if (env.GATE_MOVE) gateMoves(S3Store.prototype, Number(env.GATE_MOVE), false, 'copy');
const deps = localDeps({
  apiBaseUrl: need('GENESYS_CLOUD_BASE_URL'),
  clientId: need('GENESYS_CLOUD_OAUTH_CLIENT_ID'),
  clientSecret: need('GENESYS_CLOUD_OAUTH_CLIENT_SECRET'),
  clock: createClock(Number(env.TEST_TIME_SCALE ?? 1)),
  snapshot: new S3Store(s3, bucket, 'latest'),
  archive: new S3Store(s3, bucket, ''),
});
const result = await runSteps(
  env.RUN_OWNER === 'execution' ? { ...deps, owner: executionOwner } : deps,
  {
    options: { organizationId: need('ORG_ID'), resourceTypes: env.RESOURCE_TYPES || undefined },
    trigger: 'schedule',
  },
  (state, input) => report({ enter: state, input }),
);
report({ done: result.outcome });
await deps.client.close();
s3.destroy();
process.exit(0);
