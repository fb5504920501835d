/** The S3 snapshot store's paging (mocked S3): listings over several pages, deletes in batches of 1000. */
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
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
