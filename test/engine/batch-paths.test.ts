/** Path safety: IDs become file names, so only plain identifiers are written, and bad fields are reported. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportBatch } from '../../lambdas/engine/batch.ts';
import { requireType } from '../../lambdas/engine/catalog/index.ts';
import type { EngineContext } from '../../lambdas/engine/context.ts';
import { isSafeId, resourcePath, stagingKey } from '../../lambdas/engine/keys.ts';
import type { PartialManifest } from '../../lambdas/engine/model.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';

const root = mkdtempSync(join(tmpdir(), 'cx-batch-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Path safety: IDs as file names', () => {
  it('accepts plain identifiers up to 200 characters', () => {
    for (const id of [
      'a',
      'A9',
      '0',
      'f3b1c2d4-0000-4000-8000-000000000001',
      'a.b_c-d',
      `a${'b'.repeat(199)}`,
    ])
      expect(isSafeId(id), id).toBe(true);
  });
  it('refuses traversal, separators, leading punctuation, empty, too long and anything after a newline', () => {
    for (const id of [
      '',
      '..',
      'a..b',
      '../etc',
      'a/b',
      'a\\b',
      '.hidden',
      '-x',
      '_x',
      'a b',
      'a\nb',
      'ok\n',
      '\nok',
      `a${'b'.repeat(200)}`,
      'é',
      'a:b',
    ])
      expect(isSafeId(id), JSON.stringify(id)).toBe(false);
  });
  it('puts a resource in its type folder with the extension', () => {
    expect(resourcePath(requireType('routing:skill'), 'abc', 'json')).toBe('routing/skill/abc.json');
    expect(resourcePath(requireType('routing:skill'), 'abc', 'definition.yaml')).toBe(
      'routing/skill/abc.definition.yaml',
    );
  });
});

describe('Path safety: a batch writes only resources with a string ID that is a safe file name', () => {
  it('reports wrong field types and unsafe IDs, and writes the rest', async () => {
    const store = new LocalStore(root);
    const runId = 'run-1';
    const ctx = { store, client: {} as never, clock: {} as never } as EngineContext;
    await store.write(
      stagingKey(runId, 'run.json'),
      JSON.stringify({
        schemaVersion: 1,
        runId,
        startedAt: '2024-01-01T00:00:00Z',
        options: {
          organizationId: 'o',
          resourceTypes: [],
          resourceIds: [],
          includeAllResources: false,
          followReferences: true,
          include: [],
          exclude: [],
          format: 'json',
        },
        organization: { id: 'o', name: 'O' },
        types: {},
      }),
    );
    const listed = [
      { id: 'good', name: 'Good' },
      { id: 'noname' },
      { id: 7, name: 'Number id' },
      { id: null, name: 'Null id' },
      { name: 'No id' },
      { id: 'arr', name: ['x'] },
      { id: 'nul', name: null },
      { id: 'num', name: 3 },
      { id: false, name: {} },
      { id: '../escape', name: 'Traversal' },
      { id: `x${'y'.repeat(300)}`, name: 'Long' },
    ];
    await store.write(stagingKey(runId, 'listing.json'), JSON.stringify(listed));
    const result = await exportBatch(ctx, {
      runId,
      batchId: 'b1',
      type: 'routing:skill',
      source: { kind: 'listing', key: stagingKey(runId, 'listing.json') },
    });
    expect(result).toMatchObject({ exported: 2, errors: 9, failed: false });
    const partial = JSON.parse(
      Buffer.from((await store.read(stagingKey(runId, 'batches', 'b1.json'))) ?? []).toString('utf8'),
    ) as PartialManifest;
    expect(partial.resources.map((r) => r.id)).toEqual(['good', 'noname']);
    expect(partial.resources[0]?.path).toBe('routing/skill/good.json');
    expect(partial.errors).toEqual([
      {
        type: 'routing:skill',
        id: '"7"',
        message: 'fields of the wrong type (id: number); resource not written',
      },
      {
        type: 'routing:skill',
        id: '"null"',
        message: 'fields of the wrong type (id: null); resource not written',
      },
      {
        type: 'routing:skill',
        id: '"undefined"',
        message: 'fields of the wrong type (id: undefined); resource not written',
      },
      {
        type: 'routing:skill',
        id: '"arr"',
        message: 'fields of the wrong type (name: array); resource not written',
      },
      {
        type: 'routing:skill',
        id: '"nul"',
        message: 'fields of the wrong type (name: null); resource not written',
      },
      {
        type: 'routing:skill',
        id: '"num"',
        message: 'fields of the wrong type (name: number); resource not written',
      },
      {
        type: 'routing:skill',
        id: '"false"',
        message: 'fields of the wrong type (id: boolean, name: object); resource not written',
      },
      {
        type: 'routing:skill',
        id: '"../escape"',
        message: 'ID is not a safe file name; resource not written',
      },
      {
        type: 'routing:skill',
        id: JSON.stringify(`x${'y'.repeat(300)}`).slice(0, 80),
        message: 'ID is not a safe file name; resource not written',
      },
    ]);
    expect(String(await store.read(stagingKey(runId, 'files', 'routing/skill/good.json')))).toContain(
      '"name": "Good"',
    );
    expect(await store.list(stagingKey(runId, 'files', 'routing'))).toHaveLength(2);
  });
});
