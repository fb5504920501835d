/**
 * A snapshot store in S3 under a key prefix. A PUT is atomic per object; `move` is copy-then-delete.
 * Used by the AWS workflow (`latest/` is the working snapshot) and by `export show` / `export diff`.
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  NoSuchKey,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { errorMessage, StorageError, UnsafePathError } from '../errors.ts';
import { STAGING_PREFIX } from '../keys.ts';
import { chunk, compare } from '../order.ts';
import type {
  ConditionalStore,
  ListingStore,
  ObjectVersion,
  SnapshotStore,
  VersionedStore,
  WriteCondition,
} from './types.ts';

/** Most keys one DeleteObjects request takes. */
const DELETE_BATCH = 1000;

export interface S3StoreOptions {
  /**
   * The bucket keeps object versions (the stack's archive bucket): runs are archived as version IDs.
   * s3rver, the tests' S3 server, does not implement versioning.
   */
  readonly versioned?: boolean;
  /**
   * The bucket of the staging area (`.genesys/staging/`: the runs' work in progress and the run lock),
   * under the same keys, when it is not this bucket: the stack's is unversioned and expires everything
   * within a day, so the one object per resource each run stages never becomes a kept (or locked) version.
   */
  readonly stagingBucket?: string;
}

const STAGING_FOLDER = `${STAGING_PREFIX}/`;
const isStaging = (key: string) => key === STAGING_PREFIX || key.startsWith(STAGING_FOLDER);

export class S3Store implements SnapshotStore, ConditionalStore, ListingStore, VersionedStore {
  private readonly prefix: string;
  readonly versioned: boolean;
  private readonly stagingBucket: string;

  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
    prefix: string,
    options: S3StoreOptions = {},
  ) {
    this.prefix = prefix ? `${prefix.replace(/\/+$/, '')}/` : '';
    this.versioned = options.versioned === true;
    this.stagingBucket = options.stagingBucket ?? bucket;
  }

  /** The bucket a key of this store lives in. */
  private bucketOf(key: string): string {
    return isStaging(key) ? this.stagingBucket : this.bucket;
  }

  /** The key in the bucket, for records that outlive this store's prefix (archived versions). */
  bucketKey(key: string): string {
    return this.key(key);
  }

  get location(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  private key(key: string): string {
    if (
      !key ||
      key.split('/').some((p) => p === '..' || p === '.') ||
      key.startsWith('/') ||
      key.includes('\0')
    ) {
      throw new UnsafePathError(`refusing to use '${key}' as a key`);
    }
    return `${this.prefix}${key}`;
  }

  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof UnsafePathError) throw err;
      throw new StorageError(`${what} in ${this.location} failed: ${errorMessage(err)}`, { cause: err });
    }
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    const k = this.key(key);
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucketOf(key), Key: k }));
      return await res.Body?.transformToByteArray();
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw new StorageError(`reading ${key} in ${this.location} failed: ${errorMessage(err)}`, {
        cause: err,
      });
    }
  }

  async write(key: string, data: Uint8Array | string): Promise<void> {
    const k = this.key(key);
    const body = typeof data === 'string' ? Buffer.from(data) : data;
    const type = key.endsWith('.json')
      ? 'application/json'
      : key.endsWith('.yaml')
        ? 'application/yaml'
        : 'application/octet-stream';
    await this.guard(`writing ${key}`, () =>
      this.s3.send(
        new PutObjectCommand({ Bucket: this.bucketOf(key), Key: k, Body: body, ContentType: type }),
      ),
    );
  }

  async readTagged(key: string): Promise<{ data: Uint8Array; tag: string } | undefined> {
    const k = this.key(key);
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucketOf(key), Key: k }));
      const data = await res.Body?.transformToByteArray();
      return data && res.ETag ? { data, tag: res.ETag } : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw new StorageError(`reading ${key} in ${this.location} failed: ${errorMessage(err)}`, {
        cause: err,
      });
    }
  }

  /** A conditional PUT: false when S3 refuses it for its condition. */
  async writeIf(key: string, data: Uint8Array | string, condition: WriteCondition): Promise<boolean> {
    const k = this.key(key);
    const body = typeof data === 'string' ? Buffer.from(data) : data;
    const expect = 'tag' in condition ? { IfMatch: condition.tag } : { IfNoneMatch: '*' };
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucketOf(key), Key: k, Body: body, ...expect }));
      return true;
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      // 412: the condition did not hold; 409: another conditional write raced this one; 404: the object
      // an `If-Match` named is gone (S3 answers NoSuchKey).
      if (status === 412 || status === 409 || (status === 404 && 'tag' in condition)) return false;
      throw new StorageError(`writing ${key} in ${this.location} failed: ${errorMessage(err)}`, {
        cause: err,
      });
    }
  }

  async delete(key: string): Promise<void> {
    const k = this.key(key);
    // A "folder" key deletes everything under it, like the local store.
    const under = await this.list(key);
    await this.guard(`deleting ${key}`, async () => {
      for (const keys of chunk(under, DELETE_BATCH)) {
        const objects = keys.map((x) => ({ Key: this.key(x) }));
        await this.s3.send(
          new DeleteObjectsCommand({ Bucket: this.bucketOf(key), Delete: { Objects: objects, Quiet: true } }),
        );
      }
      await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucketOf(key), Key: k }));
    });
  }

  async move(from: string, to: string): Promise<void> {
    await this.copy(from, to);
    await this.deleteObject(from);
  }

  async copy(from: string, to: string): Promise<void> {
    const src = this.key(from);
    const dst = this.key(to);
    await this.guard(`copying ${from} to ${to}`, () =>
      this.s3.send(
        new CopyObjectCommand({
          Bucket: this.bucketOf(to),
          Key: dst,
          CopySource: `${this.bucketOf(from)}/${src.split('/').map(encodeURIComponent).join('/')}`,
        }),
      ),
    );
  }

  async deleteObject(key: string): Promise<void> {
    const k = this.key(key);
    await this.guard(`deleting ${key}`, () =>
      this.s3.send(new DeleteObjectCommand({ Bucket: this.bucketOf(key), Key: k })),
    );
  }

  async listTagged(prefix: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    await this.eachListed(prefix, (key, tag) => out.set(key, tag));
    return out;
  }

  async currentVersions(prefix: string): Promise<Map<string, ObjectVersion>> {
    const p = prefix ? this.key(prefix) : this.prefix;
    const out = new Map<string, ObjectVersion>();
    await this.guard(`listing versions of ${prefix || '/'}`, async () => {
      let KeyMarker: string | undefined;
      let VersionIdMarker: string | undefined;
      do {
        const page = await this.s3.send(
          new ListObjectVersionsCommand({ Bucket: this.bucket, Prefix: p, KeyMarker, VersionIdMarker }),
        );
        for (const v of page.Versions ?? [])
          if (v.IsLatest && v.Key && v.VersionId)
            out.set(v.Key.slice(this.prefix.length), { versionId: v.VersionId, tag: v.ETag ?? '' });
        KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        VersionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
      } while (KeyMarker);
    });
    return out;
  }

  async readVersion(key: string, versionId: string): Promise<Uint8Array | undefined> {
    const k = this.key(key);
    try {
      const res = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: k, VersionId: versionId }),
      );
      return await res.Body?.transformToByteArray();
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw new StorageError(
        `reading ${key} (version ${versionId}) in ${this.location} failed: ${errorMessage(err)}`,
        {
          cause: err,
        },
      );
    }
  }

  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    await this.eachListed(prefix, (key) => out.push(key));
    return out.sort(compare);
  }

  /**
   * Every key under `prefix`: with a staging bucket of its own, a folder holding the staging area (the
   * store's root, `.genesys`) is listed in both buckets, and one inside it only in the staging bucket.
   */
  private async eachListed(prefix: string, each: (key: string, tag: string) => void): Promise<void> {
    const folder = prefix ? `${prefix.replace(/\/+$/, '')}/` : '';
    const buckets =
      this.stagingBucket === this.bucket
        ? [this.bucket]
        : isStaging(folder)
          ? [this.stagingBucket]
          : STAGING_FOLDER.startsWith(folder)
            ? [this.bucket, this.stagingBucket]
            : [this.bucket];
    const p = prefix ? `${this.key(prefix).replace(/\/+$/, '')}/` : this.prefix;
    await this.guard(`listing ${prefix || '/'}`, async () => {
      for (const Bucket of buckets) {
        // The staging bucket holds nothing but the staging area; its other keys are not this store's.
        const from = Bucket === this.bucket || isStaging(folder) ? p : `${this.prefix}${STAGING_FOLDER}`;
        for await (const page of paginateListObjectsV2({ client: this.s3 }, { Bucket, Prefix: from }))
          for (const o of page.Contents ?? []) {
            if (!o.Key) continue;
            const key = o.Key.slice(this.prefix.length);
            // The archive bucket's own staging area of a stack from before the staging bucket is not read.
            if (Bucket === this.stagingBucket || this.stagingBucket === this.bucket || !isStaging(key))
              each(key, o.ETag ?? '');
          }
      }
    });
  }
}

const isNotFound = (err: unknown): boolean =>
  err instanceof NoSuchKey ||
  (err as { name?: string }).name === 'NoSuchKey' ||
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
