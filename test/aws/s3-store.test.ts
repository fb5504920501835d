/** The S3 snapshot store's paging (mocked S3): listings over several pages, deletes in batches of 1000. */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3Store } from '../../lambdas/engine/storage/s3.ts';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

const keys = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}.json`);

describe('S3Store: paging', () => {
  it('lists every page of a long listing, sorted, relative to the store prefix', async () => {
    s3.on(ListObjectsV2Command, { Bucket: 'b', Prefix: 'latest/routing/' })
      .resolvesOnce({
        Contents: keys('latest/routing/b', 3).map((Key) => ({ Key })),
        IsTruncated: true,
        NextContinuationToken: 'page-2',
      })
      .resolvesOnce({ Contents: keys('latest/routing/a', 2).map((Key) => ({ Key })), IsTruncated: false });
    const store = new S3Store(new S3Client({}), 'b', 'latest');
    expect(await store.list('routing')).toEqual([...keys('routing/a', 2), ...keys('routing/b', 3)]);
    const calls = s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    // The paginator reuses one input object, so only the last call's token can be checked.
    expect(calls[1]?.ContinuationToken).toBe('page-2');
  });

  it('deletes everything under a folder key in batches of at most 1000, then the key itself', async () => {
    s3.on(ListObjectsV2Command).resolves({
      Contents: keys('latest/.genesys/staging/r1/f', 2500).map((Key) => ({ Key })),
    });
    s3.on(DeleteObjectsCommand).resolves({});
    s3.on(DeleteObjectCommand).resolves({});
    await new S3Store(new S3Client({}), 'b', 'latest').delete('.genesys/staging/r1');
    const batches = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input.Delete?.Objects ?? []);
    expect(batches.map((b) => b.length)).toEqual([1000, 1000, 500]);
    expect(batches.flat().map((o) => o.Key)).toEqual(keys('latest/.genesys/staging/r1/f', 2500));
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input.Key)).toEqual([
      'latest/.genesys/staging/r1',
    ]);
  });
});

describe('S3Store: the staging area in a bucket of its own', () => {
  const store = () => new S3Store(new S3Client({}), 'archive', 'latest', { stagingBucket: 'staging' });

  it('writes staging keys to the staging bucket and promotes them into the archive bucket under the same key', async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(CopyObjectCommand).resolves({});
    await store().write('.genesys/staging/r1/files/routing/skill/a.json', '{}');
    await store().write('routing/skill/a.json', '{}');
    await store().copy('.genesys/staging/r1/files/routing/skill/a.json', 'routing/skill/a.json');
    expect(
      s3.commandCalls(PutObjectCommand).map((c) => [c.args[0].input.Bucket, c.args[0].input.Key]),
    ).toEqual([
      ['staging', 'latest/.genesys/staging/r1/files/routing/skill/a.json'],
      ['archive', 'latest/routing/skill/a.json'],
    ]);
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'archive',
      Key: 'latest/routing/skill/a.json',
      CopySource: 'staging/latest/.genesys/staging/r1/files/routing/skill/a.json',
    });
  });

  it('lists the root in both buckets, a staging folder in the staging bucket only, and skips an old staging area left in the archive bucket', async () => {
    s3.on(ListObjectsV2Command, { Bucket: 'archive' }).resolves({
      Contents: [{ Key: 'latest/routing/skill/a.json' }, { Key: 'latest/.genesys/staging/old/x.json' }],
    });
    s3.on(ListObjectsV2Command, { Bucket: 'staging' }).resolves({
      Contents: [{ Key: 'latest/.genesys/staging/r1/run.json' }],
    });
    expect(await store().list('')).toEqual(['.genesys/staging/r1/run.json', 'routing/skill/a.json']);
    s3.resetHistory();
    expect(await store().list('.genesys/staging/r1')).toEqual(['.genesys/staging/r1/run.json']);
    expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.Bucket)).toEqual(['staging']);
    s3.resetHistory();
    await store().list('routing');
    expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.Bucket)).toEqual(['archive']);
  });
});
