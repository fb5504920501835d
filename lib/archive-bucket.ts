import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { STAGING_PREFIX } from '../lambdas/engine/model.ts';

/** Where the working snapshot lives in the bucket (the handlers' S3 store prefix). */
export const SNAPSHOT_PREFIX = 'latest/';

export interface ArchiveBucketProps {
  /**
   * Object Lock retention for audit, in days (governance mode). Locked objects cannot be deleted early.
   * @default - no Object Lock
   */
  readonly objectLockRetentionDays?: number;
  /**
   * Days after which run archive objects of at least 128 KB (manifests of large orgs) move to S3 Glacier
   * Instant Retrieval. Smaller objects stay in S3 Standard: S3 does not transition them to Glacier Instant
   * Retrieval (and it would bill each as 128 KB).
   * @default 90
   */
  readonly transitionAfterDays?: number;
  /**
   * Days a replaced or deleted object's old version is kept; expired delete markers go too.
   * @default 365
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Several organizations share the bucket: each one's folder (`orgs/<id>/`), which holds its own
   * `latest/` and `runs/` (lifecycle rules match a literal prefix, so each folder has its own).
   * @default - one organization, at the bucket's root
   */
  readonly organizationPrefixes?: readonly string[];
}

/** Glacier Instant Retrieval's minimum object size: S3 does not transition smaller objects into it. */
export const GLACIER_IR_MIN_OBJECT_BYTES = 128 * 1024;

/** A lifecycle rule's ID suffix for an organization's folder (none at the root: the IDs it always had). */
const ruleSuffix = (folder: string) => (folder ? `-${folder.replace(/\/+$/, '').split('/').pop()}` : '');

/**
 * The audit archive: `latest/` (the working snapshot), `runs/<run-id>/` (each run's snapshot, manifest
 * and run record) and `latest.json`. Versioned, encrypted, TLS only, no public access, access-logged.
 */
export class ArchiveBucket extends Construct {
  readonly bucket: s3.Bucket;
  /**
   * The runs' work in progress (`.genesys/staging/` under each `latest/`, same keys as they would have in
   * the archive bucket) and the run lock: one object per resource per run, so unversioned (neither kept as
   * old versions nor under Object Lock) and emptied within a day whatever happens to a run.
   */
  readonly staging: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: ArchiveBucketProps = {}) {
    super(scope, id);
    const transitionAfter = Duration.days(props.transitionAfterDays ?? 90);
    const folders = props.organizationPrefixes ?? [''];
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'archive/',
      removalPolicy: RemovalPolicy.RETAIN,
      // Snapshot files are small JSON, which S3 never moves to Glacier Instant Retrieval (128 KB minimum):
      // only the objects large enough for it (manifests of large orgs) are transitioned, by size.
      lifecycleRules: [
        ...folders.map((folder) => ({
          id: `large-run-objects-to-glacier-ir${ruleSuffix(folder)}`,
          prefix: `${folder}runs/`,
          objectSizeGreaterThan: GLACIER_IR_MIN_OBJECT_BYTES,
          transitions: [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter }],
        })),
        {
          id: 'large-old-versions-to-glacier-ir',
          objectSizeGreaterThan: GLACIER_IR_MIN_OBJECT_BYTES,
          noncurrentVersionTransitions: [
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(30) },
          ],
        },
        {
          // Every replaced or deleted version goes in time, and the delete markers left with no version.
          id: 'expire-old-versions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays ?? 365),
          expiredObjectDeleteMarker: true,
        },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        // The staging area a stack from before the staging bucket left in this bucket (upgrades): expired.
        ...folders.map((folder) => ({
          id: `expire-staging${ruleSuffix(folder)}`,
          prefix: `${folder}${SNAPSHOT_PREFIX}${STAGING_PREFIX}/`,
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
        })),
      ],
      ...(props.objectLockRetentionDays
        ? {
            objectLockEnabled: true,
            objectLockDefaultRetention: s3.ObjectLockRetention.governance(
              Duration.days(props.objectLockRetentionDays),
            ),
          }
        : {}),
    });
    this.staging = new s3.Bucket(this, 'Staging', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'staging/',
      // Nothing in it outlives a run (at most the state machine's timeout, less than a day): each run
      // removes its own staging and the lock; this is the backstop for a run that never ended.
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'expire-staging', expiration: Duration.days(1) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'CloudFormation-Validate::W9003',
      reason:
        'ObjectSizeGreaterThan is a number in CDK and a string in the CloudFormation schema; it is coerced.',
    });
  }
}
