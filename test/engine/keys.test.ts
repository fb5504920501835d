/** Keys and paths: what is built parses back to what it was built from, odd IDs included. */
import { describe, expect, it } from 'vitest';
import { CATALOG, requireType } from '../../lambdas/engine/catalog/index.ts';
import { InvariantError } from '../../lambdas/engine/errors.ts';
import {
  archivedManifestKey,
  archivedSnapshotKey,
  archivedSnapshotPrefix,
  batchChunkKey,
  batchIdOf,
  idOfFile,
  isArchivedManifestKey,
  isRunRecordKey,
  isSafeId,
  LATEST_RUN_KEY,
  listingKey,
  MANIFEST_KEY,
  ownerKey,
  parseResourceKey,
  parseResourcePath,
  partialKey,
  partialsPrefix,
  planRecordKey,
  presentKey,
  RUN_STAMP_KEY,
  resourceKey,
  resourcePath,
  resourceTypeOf,
  roundKey,
  runIdOfArchiveKey,
  runIdOfStagingKey,
  runPrefix,
  runRecordKey,
  STAGING_PREFIX,
  stagedFileKey,
  stagingKey,
  usageKey,
  usagePrefix,
} from '../../lambdas/engine/keys.ts';

/** IDs as the API hands them out, and the odd ones cx-export still accepts as file names. */
const ODD_IDS = [
  'a1b2c3d4-0000-4000-8000-000000000001',
  'x',
  'a.b',
  'a.b.c',
  'A_b-C.d',
  'json',
  'x.json',
  'x.yaml',
  'x.def',
  '0'.repeat(200),
];

describe('resource keys', () => {
  it('parse back to the type and ID they were built from, for every catalog type and odd IDs', () => {
    for (const t of CATALOG)
      for (const id of ODD_IDS) {
        const key = resourceKey(t.name, id);
        expect(parseResourceKey(key), key).toEqual({ type: t.name, id });
        expect(resourceTypeOf(key)).toBe(t.name);
      }
  });

  it('split at the first slash: type names have a colon, never a slash', () => {
    expect(parseResourceKey('routing:queue/q1')).toEqual({ type: 'routing:queue', id: 'q1' });
    // An external reference whose ID has a slash keeps it in the ID.
    expect(parseResourceKey('EXTERNAL/a/b')).toEqual({ type: 'EXTERNAL', id: 'a/b' });
    expect(parseResourceKey('routing:queue/')).toEqual({ type: 'routing:queue', id: '' });
  });

  it('are not parsed from strings without a slash', () => {
    // An external reference may name an empty type: kept as the API gave it.
    expect(parseResourceKey('/q1')).toEqual({ type: '', id: 'q1' });
    for (const bad of ['', 'routing:queue', 'q1'])
      expect(parseResourceKey(bad), JSON.stringify(bad)).toBeUndefined();
    expect(() => resourceTypeOf('routing:queue')).toThrow(InvariantError);
  });
});

describe('resource paths', () => {
  it('parse back to the resource for every type, file kind and odd ID', () => {
    for (const t of CATALOG)
      for (const id of ODD_IDS) {
        expect(isSafeId(id), id).toBe(true);
        for (const kind of ['json', 'yaml', 'definition.yaml'] as const) {
          const path = resourcePath(t, id, kind);
          expect(path).toBe(`${t.folder}/${id}.${kind}`);
          expect(parseResourcePath(path, CATALOG), path).toEqual({ type: t.name, id });
          expect(idOfFile(t, path)).toBe(id);
        }
      }
  });

  it('a flow definition is told from a JSON body whose ID ends in .definition', () => {
    const flow = requireType('routing:flow');
    expect(parseResourcePath(resourcePath(flow, 'f', 'definition.yaml'), CATALOG)?.id).toBe('f');
    // `.definition.json` is a script's export file; for any other type it is a body of that name.
    const script = requireType('script:script');
    expect(parseResourcePath(resourcePath(script, 's', 'definition.json'), CATALOG)?.id).toBe('s');
    expect(idOfFile(script, resourcePath(script, 's', 'definition.json'))).toBe('s');
    expect(idOfFile(flow, resourcePath(flow, 'f.definition', 'json'))).toBe('f.definition');
    expect(parseResourcePath(resourcePath(flow, 'f.definition', 'json'), CATALOG)?.id).toBe('f.definition');
    // The one ambiguous name: a YAML body of an ID ending in `.definition` reads as that ID's definition
    // (API IDs are UUIDs, so it does not happen in practice).
    expect(parseResourcePath(resourcePath(flow, 'f.definition', 'yaml'), CATALOG)?.id).toBe('f');
  });

  it('files that are not resources parse to nothing; under a folder they keep their whole name', () => {
    for (const p of [
      MANIFEST_KEY,
      RUN_STAMP_KEY,
      'routing/queue/sub/q1.json',
      'routing/queue/q1.txt',
      'routing/queue/q1.definition.yamlx',
      'routing/queues/q1.json',
      'unknown/q1.json',
    ])
      expect(parseResourcePath(p, CATALOG), p).toBeUndefined();
    expect(idOfFile({ folder: 'routing/queue' }, 'routing/queue/notes.txt')).toBe('notes.txt');
  });
});

describe('staging keys', () => {
  const runId = '20260101T000000Z-abcdef12';

  it('all live under the run folder in the staging prefix, and name their run', () => {
    const keys = [
      stagingKey(runId),
      ownerKey(runId),
      planRecordKey(runId),
      listingKey(runId, 'routing:queue'),
      presentKey(runId, 'routing:queue'),
      batchChunkKey(runId, 'b'),
      partialsPrefix(runId),
      partialKey(runId, 'b'),
      stagedFileKey(runId, 'routing/queue/q1.json'),
      roundKey(runId, 3),
      usagePrefix(runId),
      usageKey(runId, 'u'),
    ];
    for (const k of keys) {
      expect(k.startsWith(`${STAGING_PREFIX}/${runId}`), k).toBe(true);
      expect(runIdOfStagingKey(k), k).toBe(runId);
    }
    expect(new Set(keys).size).toBe(keys.length);
    expect(runIdOfStagingKey(MANIFEST_KEY)).toBeUndefined();
    expect(runIdOfStagingKey(`${STAGING_PREFIX}/`)).toBeUndefined();
  });

  it('keep the layout earlier runs and the interrupt tests rely on', () => {
    expect(planRecordKey(runId)).toBe(`.genesys/staging/${runId}/run.json`);
    expect(ownerKey(runId)).toBe(`.genesys/staging/${runId}/owner.json`);
    expect(listingKey(runId, 'routing:queue')).toBe(`.genesys/staging/${runId}/listings/routing_queue.json`);
    expect(presentKey(runId, 'routing:queue')).toBe(`.genesys/staging/${runId}/present/routing_queue.json`);
    expect(partialKey(runId, 'b1')).toBe(`.genesys/staging/${runId}/batches/b1.json`);
    expect(partialKey(runId, 'b1').startsWith(`${partialsPrefix(runId)}/`)).toBe(true);
    expect(stagedFileKey(runId, 'routing/queue/q1.json')).toBe(
      `.genesys/staging/${runId}/files/routing/queue/q1.json`,
    );
    expect(roundKey(runId, 2)).toBe(`.genesys/staging/${runId}/rounds/2.json`);
    expect(usageKey(runId, 'u1').startsWith(`${usagePrefix(runId)}/`)).toBe(true);
  });

  it('batch IDs sort by type, then round, then chunk', () => {
    expect(batchIdOf('routing:queue', '', 7)).toBe('routing_queue-0007');
    expect(batchIdOf('routing:queue', '-r01-f', 12)).toBe('routing_queue-r01-f-0012');
    const ids = [
      batchIdOf('routing:queue', '-r01-l', 0),
      batchIdOf('routing:queue', '', 10),
      batchIdOf('admin:user', '', 1),
      batchIdOf('routing:queue', '', 2),
    ].sort();
    expect(ids).toEqual([
      'admin_user-0001',
      'routing_queue-0002',
      'routing_queue-0010',
      'routing_queue-r01-l-0000',
    ]);
  });
});

describe('archive keys', () => {
  const runId = '20260101T000000Z-abcdef12';

  it('name their run and kind', () => {
    expect(runRecordKey(runId)).toBe(`runs/${runId}/run-record.json`);
    expect(archivedManifestKey(runId)).toBe(`runs/${runId}/export-manifest.json`);
    expect(archivedSnapshotKey(runId, 'routing/queue/q1.json')).toBe(
      `runs/${runId}/snapshot/routing/queue/q1.json`,
    );
    expect(archivedSnapshotKey(runId, 'x').startsWith(`${archivedSnapshotPrefix(runId)}/`)).toBe(true);
    for (const k of [runRecordKey(runId), archivedManifestKey(runId), archivedSnapshotKey(runId, 'a/b')]) {
      expect(k.startsWith(`${runPrefix(runId)}/`)).toBe(true);
      expect(runIdOfArchiveKey(k), k).toBe(runId);
    }
    expect(isRunRecordKey(runRecordKey(runId))).toBe(true);
    expect(isRunRecordKey(archivedManifestKey(runId))).toBe(false);
    expect(isArchivedManifestKey(archivedManifestKey(runId))).toBe(true);
    expect(runIdOfArchiveKey(LATEST_RUN_KEY)).toBeUndefined();
    expect(LATEST_RUN_KEY).toBe('latest.json');
  });
});
