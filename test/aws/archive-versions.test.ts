import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { diffRuns, showRun } from '../../lambdas/cli/run-archive.ts';
import { archivedVersionsKey, MANIFEST_KEY } from '../../lambdas/engine/keys.ts';
import type { Manifest } from '../../lambdas/engine/model.ts';
import { type ArchivedVersions, archiveRun, type RunRecordSummary } from '../../lambdas/engine/run-record.ts';
import { S3Store } from '../../lambdas/engine/storage/s3.ts';
import { readJson } from '../../lambdas/engine/storage/types.ts';
import { versionedBucket } from './versioned-bucket.ts';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

const manifest = (ids: string[]): Manifest =>
  ({
    resources: ids.map((id) => ({ type: 'routing:queue', id, name: id, path: `routing/queue/${id}.json` })),
    types: {},
  }) as unknown as Manifest;

const record = (runId: string): RunRecordSummary => ({
  schemaVersion: 1,
  runId,
  trigger: 'schedule',
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:10:00Z',
  durationSeconds: 600,
  outcome: 'complete',
  counts: { 'routing:queue': 2 },
});

const snapshotFileRequests = () =>
  [
    ...s3.commandCalls(GetObjectCommand),
    ...s3.commandCalls(CopyObjectCommand),
    ...s3.commandCalls(DeleteObjectCommand),
  ]
    .map((c) => c.args[0].input as { Key?: string })
    .filter((i) => i.Key?.startsWith('latest/routing/'));

describe('Archive in a versioned bucket', () => {
  it('records version IDs instead of copying, and `export show` reads the archived bytes by version', async () => {
    const bucket = versionedBucket(s3);
    const client = new S3Client({});
    const snapshot = new S3Store(client, 'b', 'latest', { versioned: true });
    const archive = new S3Store(client, 'b', '');
    bucket.put('latest/routing/queue/q1.json', Buffer.from('{"name":"Sales"}\n'));
    bucket.put('latest/routing/queue/q2.json', Buffer.from('{"name":"Support"}\n'));
    bucket.put('latest/.genesys/staging/r0/files/routing/queue/q1.json', Buffer.from('staged'));
    bucket.put(`latest/${MANIFEST_KEY}`, Buffer.from(JSON.stringify(manifest(['q1', 'q2']))));

    await archiveRun(archive, snapshot, record('20260101T000000Z-a'));
    expect(snapshotFileRequests()).toEqual([]);
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).not.toContain(
      'runs/20260101T000000Z-a/snapshot/routing/queue/q1.json',
    );
    const versions = await readJson<ArchivedVersions>(archive, archivedVersionsKey('20260101T000000Z-a'));
    expect(Object.keys(versions?.files ?? {})).toEqual([
      '.genesys/export-manifest.json',
      'routing/queue/q1.json',
      'routing/queue/q2.json',
    ]);
    expect(versions?.files['routing/queue/q1.json']).toMatchObject({ key: 'latest/routing/queue/q1.json' });

    // The snapshot moves on: q1 renamed by the next run, archived as well.
    bucket.put('latest/routing/queue/q1.json', Buffer.from('{"name":"Billing"}\n'));
    await archiveRun(archive, snapshot, record('20260102T000000Z-b'));

    s3.resetHistory();
    expect(await showRun(archive, '20260101T000000Z-a', 'routing:queue/q1')).toBe('{"name":"Sales"}\n');
    expect(await showRun(archive, '20260102T000000Z-b', 'routing:queue/q1')).toBe('{"name":"Billing"}\n');
    const reads = s3
      .commandCalls(GetObjectCommand)
      .map((c) => c.args[0].input)
      .filter((i) => i.Key === 'latest/routing/queue/q1.json');
    expect(reads.map((i) => i.VersionId)).toEqual([
      versions?.files['routing/queue/q1.json']?.versionId,
      expect.stringMatching(/^v\d+$/),
    ]);
    expect(reads[0]?.VersionId).not.toBe(reads[1]?.VersionId);

    // `export diff` compares the recorded ETags: q1 changed, q2 did not, and no file is read.
    s3.resetHistory();
    const diff = await diffRuns(archive, '20260102T000000Z-b', '20260101T000000Z-a');
    expect(diff.changes.map((c) => [c.id, c.change])).toEqual([['q1', 'changed']]);
    expect(snapshotFileRequests()).toEqual([]);
  });
});
