import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { copyArchivedRun } from '../../lambdas/cli/import-from-run.ts';
import { UsageError } from '../../lambdas/engine/errors.ts';
import { archiveRun } from '../../lambdas/engine/run-record.ts';
import { S3Store } from '../../lambdas/engine/storage/s3.ts';
import { readSnapshot } from '../../lambdas/import/snapshot.ts';
import { versionedBucket } from '../aws/versioned-bucket.ts';
import { cleanup, exportOnce, readManifest, startSimulator, tempDir } from '../helpers.ts';
import { everyFile } from './fixtures.ts';

const s3 = mockClient(S3Client);
afterEach(async () => {
  s3.reset();
  await cleanup();
});

describe('import run --fromRun: a run archived as S3 object versions', () => {
  it('copies the bytes the run exported, by version ID, after the snapshot moved on; an unknown run is a usage error', async () => {
    const sim = await startSimulator();
    const exported = tempDir();
    await exportOnce(sim, exported, { resourceTypes: ['routing:skill', 'routing:queue'] });
    const bucket = versionedBucket(s3);
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
