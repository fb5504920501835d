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
}

export class S3Store implements SnapshotStore, ConditionalStore, ListingStore, VersionedStore {
  private readonly prefix: string;
  readonly versioned: boolean;

  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
    prefix: string,
    options: S3StoreOptions = {},
  ) {
    this.prefix = prefix ? `${prefix.replace(/\/+$/, '')}/` : '';
    this.versioned = options.versioned === true;
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
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: k }));
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
      this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: k, Body: body, ContentType: type })),
    );
  }

  async readTagged(key: string): Promise<{ data: Uint8Array; tag: string } | undefined> {
    const k = this.key(key);
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: k }));
      const data = await res.Body?.transformToByteArray();
      return data && res.ETag ? { data, tag: res.ETag } : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw new StorageError(`reading ${key} in ${this.location} failed: ${errorMessage(err)}`, {
        cause: err,
      });
    }
  }

  /** A conditional PUT; S3 answers 412 when the condition fails and 409 when another write raced it. */
  async writeIf(key: string, data: Uint8Array | string, condition: WriteCondition): Promise<boolean> {
    const k = this.key(key);
    const body = typeof data === 'string' ? Buffer.from(data) : data;
    const expect = 'tag' in condition ? { IfMatch: condition.tag } : { IfNoneMatch: '*' };
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: k, Body: body, ...expect }));
      return true;
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 412 || status === 409) return false;
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
          new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: objects, Quiet: true } }),
        );
      }
      await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: k }));
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
          Bucket: this.bucket,
          Key: dst,
          CopySource: `${this.bucket}/${src.split('/').map(encodeURIComponent).join('/')}`,
        }),
      ),
    );
  }

  async deleteObject(key: string): Promise<void> {
    const k = this.key(key);
    await this.guard(`deleting ${key}`, () =>
      this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: k })),
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

  private async eachListed(prefix: string, each: (key: string, tag: string) => void): Promise<void> {
    const p = prefix ? `${this.key(prefix).replace(/\/+$/, '')}/` : this.prefix;
    await this.guard(`listing ${prefix || '/'}`, async () => {
      for await (const page of paginateListObjectsV2({ client: this.s3 }, { Bucket: this.bucket, Prefix: p }))
        for (const o of page.Contents ?? []) if (o.Key) each(o.Key.slice(this.prefix.length), o.ETag ?? '');
    });
  }
}

const isNotFound = (err: unknown): boolean =>
  err instanceof NoSuchKey ||
  (err as { name?: string }).name === 'NoSuchKey' ||
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
