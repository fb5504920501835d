/**
 * An in-memory versioned S3 bucket behind aws-sdk-client-mock (s3rver has no versioning): every PUT adds a
 * version; GET reads the newest or the one asked for; ListObjectVersions and ListObjectsV2 list them.
 */
import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type Version = { id: string; data: Buffer; etag: string };

export function versionedBucket(s3: AwsClientStub<S3Client>) {
  const objects = new Map<string, Version[]>();
  let next = 0;
  const put = (key: string, data: Buffer) => {
    const v = { id: `v${++next}`, data, etag: `"${createHash('md5').update(data).digest('hex')}"` };
    objects.set(key, [...(objects.get(key) ?? []), v]);
    return { VersionId: v.id, ETag: v.etag };
  };
  s3.on(PutObjectCommand).callsFake((i) => put(i.Key, Buffer.from(i.Body as Uint8Array)));
  s3.on(GetObjectCommand).callsFake((i) => {
    const versions = objects.get(i.Key) ?? [];
    const v = i.VersionId ? versions.find((x) => x.id === i.VersionId) : versions.at(-1);
    if (!v) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
    return { Body: { transformToByteArray: async () => new Uint8Array(v.data) }, ETag: v.etag };
  });
  s3.on(ListObjectVersionsCommand).callsFake((i) => ({
    Versions: [...objects]
      .filter(([k]) => k.startsWith(i.Prefix ?? ''))
      .flatMap(([Key, vs]) =>
        vs.map((v, n) => ({ Key, VersionId: v.id, ETag: v.etag, IsLatest: n === vs.length - 1 })),
      ),
    IsTruncated: false,
  }));
  s3.on(ListObjectsV2Command).callsFake((i) => ({
    Contents: [...objects]
      .filter(([k]) => k.startsWith(i.Prefix ?? ''))
      .map(([Key, vs]) => ({ Key, ETag: vs.at(-1)?.etag })),
  }));
  return { put, objects };
}
