/**
 * `import run --fromRun` on S3: a run archived in a versioned bucket (its manifest plus the version IDs of
 * the snapshot's objects, see test/aws/archive-versions.test.ts) is copied by version ID, so the import
 * reads the bytes that run exported even after the snapshot moved on. The bucket is a small in-memory
 * versioned one behind aws-sdk-client-mock (s3rver has no versioning).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { copyArchivedRun } from '../../lambdas/cli/import-from-run.ts';
import { UsageError } from '../../lambdas/engine/errors.ts';
import { archiveRun } from '../../lambdas/engine/run-record.ts';
import { S3Store } from '../../lambdas/engine/storage/s3.ts';
import { readSnapshot } from '../../lambdas/import/snapshot.ts';
import { cleanup, exportOnce, readManifest, startSimulator, tempDir } from '../helpers.ts';
import { everyFile } from './fixtures.ts';

const s3 = mockClient(S3Client);
afterEach(async () => {
  s3.reset();
  await cleanup();
});

/** A versioned bucket: every PUT adds a version; GET reads the newest or the one asked for. */
function versionedBucket() {
  const objects = new Map<string, Array<{ id: string; data: Buffer; etag: string }>>();
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
  return { put };
}

describe('import run --fromRun: a run archived as S3 object versions', () => {
  it('copies the bytes the run exported, by version ID, after the snapshot moved on; an unknown run is a usage error', async () => {
    const sim = await startSimulator();
    const exported = tempDir();
    await exportOnce(sim, exported, { resourceTypes: ['routing:skill', 'routing:queue'] });
    const bucket = versionedBucket();
    const files = [...everyFile(exported).keys()]
      .map((p) => relative(exported, p))
      .filter((k) => !k.startsWith('.genesys/staging'));
    for (const k of files) bucket.put(`latest/${k}`, readFileSync(join(exported, k)));
    const client = new S3Client({});
    const archive = new S3Store(client, 'b', '');
    const runId = '20260301T020000Z-s3run';
    await archiveRun(archive, new S3Store(client, 'b', 'latest', { versioned: true }), {
      schemaVersion: 1,
      runId,
      trigger: 'schedule',
      startedAt: '2026-03-01T02:00:00Z',
      finishedAt: '2026-03-01T02:01:00Z',
      durationSeconds: 60,
      outcome: 'complete',
      counts: {},
    });
    // The next run renames a queue: the archived run still holds the old name.
    const queue = readManifest(exported).resources.find((r) => r.type === 'routing:queue');
    if (!queue) throw new Error('fixture: no queue');
    bucket.put(`latest/${queue.path}`, Buffer.from('{"name":"Renamed later"}\n'));

    s3.resetHistory();
    const work = tempDir();
    const dir = await copyArchivedRun(archive, runId, work, '/');
    expect(dir).toBe(work);
    const snapshot = readSnapshot(dir, '/');
    const original = readSnapshot(exported, '/');
    expect([...snapshot.resources.keys()]).toEqual([...original.resources.keys()]);
    for (const [key, r] of original.resources) expect(snapshot.resources.get(key)?.body, key).toEqual(r.body);
    expect(snapshot.resources.get(`routing:queue/${queue.id}`)?.body.name).toBe(queue.name);
    const reads = s3
      .commandCalls(GetObjectCommand)
      .map((c) => c.args[0].input)
      .filter((i) => i.Key === `latest/${queue.path}`);
    expect(reads).toHaveLength(1);
    expect(reads[0]?.VersionId).toMatch(/^v\d+$/);

    await expect(copyArchivedRun(archive, '20990101T000000Z-none', tempDir(), '/')).rejects.toThrow(
      new UsageError('--fromRun 20990101T000000Z-none: no such run in the archive s3://b/'),
    );
  });
});
