/**
 * Finalize on its own, fast: each test writes a run's staging by hand (plan record, partial manifests,
 * present IDs, staged files) into a store in a temp folder, with an earlier snapshot where it matters,
 * then finalizes and checks what a user sees: the files, the changes and the manifest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../lambdas/engine/clock.ts';
import { InvariantError } from '../../lambdas/engine/errors.ts';
import { finalizeExport } from '../../lambdas/engine/finalize.ts';
import {
  MANIFEST_KEY,
  partialKey,
  planRecordKey,
  presentKey,
  RUN_STAMP_KEY,
  resourceKey,
  STAGING_PREFIX,
  stagedFileKey,
} from '../../lambdas/engine/keys.ts';
import type {
  ExportIssue,
  ExportOptions,
  Manifest,
  ManifestResource,
  PartialManifest,
  RunRecord,
  RunStamp,
  TypeStatus,
} from '../../lambdas/engine/model.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { readJson, writeJson } from '../../lambdas/engine/storage/types.ts';

const RUN = '20260102T030405Z-final001';
const NOW = Date.parse('2026-01-02T03:10:00Z');
const clock: Clock = { now: () => NOW, sleep: async () => {}, scale: 1 };

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function newStore(): LocalStore {
  const dir = mkdtempSync(join(tmpdir(), 'cx-finalize-'));
  dirs.push(dir);
  return new LocalStore(dir);
}

const OPTIONS: ExportOptions = {
  organizationId: '',
  resourceTypes: [],
  resourceIds: [],
  includeAllResources: false,
  followReferences: true,
  include: [],
  exclude: [],
  format: 'json',
};

/** A type listed completely and exported without trouble, unless `over` says otherwise. */
function status(type: string, over: Partial<TypeStatus> = {}): TypeStatus {
  return {
    type,
    outcome: 'complete',
    listedCompletely: true,
    listingCoversAll: true,
    listed: 0,
    selected: 0,
    pages: 1,
    changedDuringListing: false,
    ...over,
  };
}

function planRecord(
  types: TypeStatus[],
  over: Partial<RunRecord> = {},
  options: Partial<ExportOptions> = {},
) {
  return {
    schemaVersion: 1,
    runId: RUN,
    startedAt: '2026-01-02T03:04:05.000Z',
    options: { ...OPTIONS, ...options },
    organization: { id: 'org-1', name: 'Org One' },
    types: Object.fromEntries(types.map((s) => [s.type, s])),
    ...over,
  } satisfies RunRecord;
}

const folderOf: Record<string, string> = {
  'routing:skill': 'routing/skill',
  'routing:queue': 'routing/queue',
  'routing:flow': 'routing/flow',
  'admin:user': 'admin/user',
  'telephony:trunk': 'telephony/trunk',
};

function resource(type: string, id: string, over: Partial<ManifestResource> = {}): ManifestResource {
  return { type, id, name: `${id} name`, path: `${folderOf[type]}/${id}.json`, dependsOn: [], ...over };
}

function partial(
  batchId: string,
  type: string,
  resources: ManifestResource[],
  over: Partial<PartialManifest> = {},
): PartialManifest {
  return { batchId, type, round: 0, resources, errors: [], failed: false, ...over };
}

interface Staging {
  run: RunRecord;
  partials?: PartialManifest[];
  /** IDs present in the org, per completely listed type. */
  present?: Record<string, string[]>;
  /** Staged files by snapshot path (what the batches wrote); by default `{"id":...}` per resource. */
  files?: Record<string, string | Uint8Array>;
}

/** Writes a run's staging as plan and batches leave it. */
async function stage(store: LocalStore, s: Staging): Promise<void> {
  await writeJson(store, planRecordKey(RUN), s.run);
  for (const p of s.partials ?? []) await writeJson(store, partialKey(RUN, p.batchId), p, true);
  for (const [type, ids] of Object.entries(s.present ?? {}))
    await writeJson(store, presentKey(RUN, type), ids, true);
  const files =
    s.files ??
    Object.fromEntries(
      (s.partials ?? []).flatMap((p) => p.resources.map((r) => [r.path, `{"id":"${r.id}"}\n`])),
    );
  for (const [path, data] of Object.entries(files)) await store.write(stagedFileKey(RUN, path), data);
}

/** An earlier snapshot: its files and its manifest. */
async function snapshot(store: LocalStore, resources: ManifestResource[], extraFiles: string[] = []) {
  for (const r of resources) {
    await store.write(r.path, `{"id":"${r.id}","old":true}\n`);
    if (r.definitionPath) await store.write(r.definitionPath, 'old definition\n');
  }
  for (const f of extraFiles) await store.write(f, 'stray\n');
  await writeJson(store, MANIFEST_KEY, { resources } as Partial<Manifest>);
}

const text = async (store: LocalStore, key: string) => {
  const data = await store.read(key);
  return data === undefined ? undefined : Buffer.from(data).toString('utf8');
};
const manifestOf = async (store: LocalStore) => (await readJson<Manifest>(store, MANIFEST_KEY)) as Manifest;
const finalize = (store: LocalStore) => finalizeExport({ store, clock }, RUN);
const ids = (m: Manifest, type: string) => m.resources.filter((r) => r.type === type).map((r) => r.id);

describe('finalize: promotion', () => {
  it('promotes staged files byte for byte, definitions too, and removes the staging', async () => {
    const store = newStore();
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x00, 0xff, 0x0a, 0x7d]);
    const flow = resource('routing:flow', 'f1', { definitionPath: 'routing/flow/f1.definition.yaml' });
    await stage(store, {
      run: planRecord([status('routing:flow')]),
      partials: [partial('routing_flow-0000', 'routing:flow', [flow])],
      present: { 'routing:flow': ['f1'] },
      files: { [flow.path]: bytes, 'routing/flow/f1.definition.yaml': 'inboundCall:\n  name: F1\n' },
    });
    const out = await finalize(store);
    expect(Buffer.from((await store.read(flow.path)) as Uint8Array)).toEqual(Buffer.from(bytes));
    expect(await text(store, 'routing/flow/f1.definition.yaml')).toBe('inboundCall:\n  name: F1\n');
    expect(await store.list(STAGING_PREFIX)).toEqual([]);
    expect(out.changes).toEqual([{ type: 'routing:flow', id: 'f1', name: 'f1 name', change: 'added' }]);
    expect((await manifestOf(store)).resources).toEqual([flow]);
  });

  it('an unchanged file is not a change; a changed one, or one at a new path, is', async () => {
    const store = newStore();
    const same = resource('routing:skill', 'same');
    const edited = resource('routing:skill', 'edited');
    const moved = resource('routing:skill', 'moved', { path: 'routing/skill/moved.yaml' });
    await snapshot(store, [same, edited, resource('routing:skill', 'moved')]);
    await stage(store, {
      run: planRecord([status('routing:skill')]),
      partials: [partial('routing_skill-0000', 'routing:skill', [edited, moved, same])],
      present: { 'routing:skill': ['edited', 'moved', 'same'] },
      files: {
        [same.path]: '{"id":"same","old":true}\n',
        [edited.path]: '{"id":"edited","new":true}\n',
        [moved.path]: 'id: moved\n',
      },
    });
    const out = await finalize(store);
    expect(out.changes).toEqual([
      { type: 'routing:skill', id: 'edited', name: 'edited name', change: 'changed' },
      { type: 'routing:skill', id: 'moved', name: 'moved name', change: 'changed' },
    ]);
    expect(await text(store, edited.path)).toBe('{"id":"edited","new":true}\n');
    expect(await text(store, same.path)).toBe('{"id":"same","old":true}\n');
    // The old format's file went: the resource is now owned by its YAML file.
    expect(await store.read('routing/skill/moved.json')).toBeUndefined();
    expect(await text(store, moved.path)).toBe('id: moved\n');
  });
});

describe('finalize: promotion run again', () => {
  it('a file already promoted (finalize interrupted and run again) is neither moved nor a change', async () => {
    const store = newStore();
    const s1 = resource('routing:skill', 's1');
    await snapshot(store, [s1]);
    await stage(store, {
      run: planRecord([status('routing:skill')]),
      partials: [partial('routing_skill-0000', 'routing:skill', [s1])],
      present: { 'routing:skill': ['s1'] },
      files: {},
    });
    const out = await finalize(store);
    expect(out.changes).toEqual([]);
    expect(await text(store, s1.path)).toBe('{"id":"s1","old":true}\n');
  });

  it('a resource whose file moved to another format is a change even when the bytes were already there', async () => {
    const store = newStore();
    await snapshot(store, [resource('routing:skill', 's1')], []);
    await store.write('routing/skill/s1.yaml', 'id: s1\n');
    const moved = resource('routing:skill', 's1', { path: 'routing/skill/s1.yaml' });
    await stage(store, {
      run: planRecord([status('routing:skill')]),
      partials: [partial('routing_skill-0000', 'routing:skill', [moved])],
      present: { 'routing:skill': ['s1'] },
      files: { [moved.path]: 'id: s1\n' },
    });
    const out = await finalize(store);
    expect(out.changes).toEqual([{ type: 'routing:skill', id: 's1', name: 's1 name', change: 'changed' }]);
    expect(await store.read('routing/skill/s1.json')).toBeUndefined();
  });
});

describe('finalize: removal', () => {
  it('never deletes files of a type that was not listed completely (a partial listing)', async () => {
    const store = newStore();
    const kept = [resource('routing:skill', 's1'), resource('routing:skill', 's2')];
    await snapshot(store, kept, ['routing/skill/stray.json']);
    await stage(store, {
      run: planRecord([
        status('routing:skill', { outcome: 'partial', listedCompletely: false, reason: 'listing capped' }),
      ]),
      partials: [partial('routing_skill-0000', 'routing:skill', [resource('routing:skill', 's1')])],
    });
    const out = await finalize(store);
    expect(await text(store, 'routing/skill/s2.json')).toBe('{"id":"s2","old":true}\n');
    expect(await text(store, 'routing/skill/stray.json')).toBe('stray\n');
    expect(out.changes.filter((c) => c.change === 'removed')).toEqual([]);
    const m = await manifestOf(store);
    expect(m.resources.find((r) => r.id === 's2')?.carriedOver).toBe(true);
    expect(m.resources.find((r) => r.id === 's1')?.carriedOver).toBeUndefined();
    expect(m.types['routing:skill']?.listedCompletely).toBe(false);
    expect(m.removalsNotRecorded).toEqual([{ type: 'routing:skill', reason: 'listing capped' }]);
  });

  it('a --resourceIds run reading by ID deletes nothing and keeps the rest of the type', async () => {
    const store = newStore();
    await snapshot(store, [resource('routing:skill', 's1'), resource('routing:skill', 's2')]);
    await stage(store, {
      run: planRecord([status('routing:skill', { listedCompletely: false })], {}, { resourceIds: ['s1'] }),
      partials: [partial('routing_skill-0000', 'routing:skill', [resource('routing:skill', 's1')])],
    });
    const out = await finalize(store);
    expect(await store.read('routing/skill/s2.json')).toBeDefined();
    expect(out.changes).toEqual([{ type: 'routing:skill', id: 's1', name: 's1 name', change: 'changed' }]);
    const m = await manifestOf(store);
    expect(ids(m, 'routing:skill')).toEqual(['s1', 's2']);
    expect(m.resources.map((r) => r.carriedOver ?? false)).toEqual([false, true]);
    expect(m.removalsNotRecorded).toEqual([
      { type: 'routing:skill', reason: 'read by ID (--resourceIds), not listed' },
    ]);
  });

  it('removes a resource only when it is absent from the complete listing, whatever else failed', async () => {
    const store = newStore();
    const before = ['gone', 'kept', 'same'].map((id) => resource('routing:skill', id));
    await snapshot(store, before, [
      'routing/skill/stray.yaml',
      'routing/skill/kept.yaml',
      'routing/skill/gone.yaml',
    ]);
    await stage(store, {
      // Another type was skipped: the run is not complete, so only what is gone from the org goes.
      run: planRecord([
        status('routing:skill'),
        status('telephony:trunk', { outcome: 'skipped', listedCompletely: false, reason: 'no permission' }),
      ]),
      partials: [partial('routing_skill-0000', 'routing:skill', [resource('routing:skill', 'same')])],
      present: { 'routing:skill': ['kept', 'same'] },
    });
    const out = await finalize(store);
    expect(await store.read('routing/skill/gone.json')).toBeUndefined();
    expect(await store.read('routing/skill/gone.yaml')).toBeUndefined();
    expect(await store.read('routing/skill/stray.yaml')).toBeUndefined();
    // Still in the org, no longer selected: kept (with its file of another format) until a complete run.
    expect(await store.read('routing/skill/kept.json')).toBeDefined();
    expect(await store.read('routing/skill/kept.yaml')).toBeDefined();
    expect(out.changes.filter((c) => c.change === 'removed')).toEqual([
      { type: 'routing:skill', id: 'gone', name: 'gone name', change: 'removed' },
      { type: 'routing:skill', id: 'stray', name: 'stray', change: 'removed' },
    ]);
    const m = await manifestOf(store);
    expect(ids(m, 'routing:skill')).toEqual(['kept', 'same']);
    expect(m.resources.find((r) => r.id === 'kept')?.carriedOver).toBe(true);
    expect(m.types['routing:skill']?.listedCompletely).toBe(true);
  });

  const unselected = async (
    over: Partial<RunRecord>,
    options: Partial<ExportOptions>,
    others: TypeStatus[],
  ) => {
    const store = newStore();
    await snapshot(store, [resource('routing:skill', 'selected'), resource('routing:skill', 'unselected')]);
    await stage(store, {
      run: planRecord([status('routing:skill'), ...others], over, options),
      partials: [partial('routing_skill-0000', 'routing:skill', [resource('routing:skill', 'selected')])],
      present: { 'routing:skill': ['selected', 'unselected'] },
    });
    const out = await finalize(store);
    return { removed: (await store.read('routing/skill/unselected.json')) === undefined, out };
  };

  it('removes a resource that exists but is no longer selected only in a complete run of the whole selection', async () => {
    const complete = await unselected({}, {}, []);
    expect(complete.removed).toBe(true);
    expect(complete.out.changes).toContainEqual({
      type: 'routing:skill',
      id: 'unselected',
      name: 'unselected name',
      change: 'removed',
    });
    const filtered = { include: [{ type: 'routing:skill', pattern: '^s' }] };
    expect((await unselected({}, filtered, [])).removed, 'with a name filter').toBe(false);
    expect((await unselected({}, { exclude: filtered.include }, [])).removed, 'with an exclude').toBe(false);
    expect((await unselected({}, { resourceIds: ['selected'] }, [])).removed, '--resourceIds').toBe(false);
    const skipped = status('telephony:trunk', { outcome: 'skipped', listedCompletely: false, reason: 'x' });
    expect((await unselected({}, {}, [skipped])).removed, 'another type skipped').toBe(false);
    const partialType = status('routing:queue', { outcome: 'partial', listedCompletely: false, reason: 'y' });
    expect((await unselected({}, {}, [partialType])).removed, 'another type partial').toBe(false);
  });

  it('a batch that failed or had errors makes the run incomplete, so nothing unselected goes', async () => {
    const batchError = [{ type: 'routing:queue', message: 'batch failed: x' }];
    for (const over of [{ failed: true, errors: batchError }, { errors: batchError }]) {
      const store = newStore();
      await snapshot(store, [resource('routing:skill', 'selected'), resource('routing:skill', 'unselected')]);
      await stage(store, {
        run: planRecord([status('routing:skill'), status('routing:queue')]),
        partials: [
          partial('routing_queue-0000', 'routing:queue', [], over),
          partial('routing_skill-0000', 'routing:skill', [resource('routing:skill', 'selected')]),
        ],
        present: { 'routing:skill': ['selected', 'unselected'], 'routing:queue': [] },
      });
      await finalize(store);
      expect(await store.read('routing/skill/unselected.json'), JSON.stringify(over)).toBeDefined();
      const m = await manifestOf(store);
      expect(m.types['routing:queue']?.outcome).toBe(over.failed ? 'failed' : 'partial');
      expect(m.types['routing:skill']?.outcome).toBe('complete');
      expect(m.complete).toBe(false);
    }
  });

  it('an old-format file of an unchanged resource goes without reporting the resource removed', async () => {
    const store = newStore();
    const s1 = resource('routing:skill', 's1');
    await snapshot(store, [s1], ['routing/skill/s1.yaml']);
    await stage(store, {
      run: planRecord([status('routing:skill')]),
      partials: [partial('routing_skill-0000', 'routing:skill', [s1])],
      present: { 'routing:skill': ['s1'] },
      files: { [s1.path]: '{"id":"s1","old":true}\n' },
    });
    const out = await finalize(store);
    expect(await store.read('routing/skill/s1.yaml')).toBeUndefined();
    expect(await store.read(s1.path)).toBeDefined();
    expect(out.changes).toEqual([]);
  });

  it('a failed batch of a type brought in by reference makes the run incomplete, so nothing unselected goes', async () => {
    const store = newStore();
    await snapshot(store, [resource('routing:skill', 'selected'), resource('routing:skill', 'unselected')]);
    await stage(store, {
      run: planRecord([status('routing:skill')]),
      partials: [
        partial('routing_queue-r01-f-0000', 'routing:queue', [], { round: 1, failed: true }),
        partial('routing_skill-0000', 'routing:skill', [resource('routing:skill', 'selected')]),
      ],
      present: { 'routing:skill': ['selected', 'unselected'] },
    });
    await finalize(store);
    expect(await store.read('routing/skill/unselected.json')).toBeDefined();
  });

  it('a resource of an earlier run whose file is gone is not carried over', async () => {
    const store = newStore();
    await snapshot(store, [resource('routing:skill', 's1'), resource('routing:skill', 's2')]);
    await store.delete('routing/skill/s2.json');
    await stage(store, {
      run: planRecord([
        status('routing:skill', { outcome: 'partial', listedCompletely: false, reason: 'x' }),
      ]),
      partials: [partial('routing_skill-0000', 'routing:skill', [resource('routing:skill', 's1')])],
    });
    await finalize(store);
    expect(ids(await manifestOf(store), 'routing:skill')).toEqual(['s1']);
  });

  it('an earlier flow definition whose file is gone is not kept', async () => {
    const store = newStore();
    const flow = resource('routing:flow', 'f1', { definitionPath: 'routing/flow/f1.definition.yaml' });
    await snapshot(store, [flow]);
    await store.delete('routing/flow/f1.definition.yaml');
    await stage(store, {
      run: planRecord([status('routing:flow')]),
      partials: [partial('routing_flow-0000', 'routing:flow', [resource('routing:flow', 'f1')])],
      present: { 'routing:flow': ['f1'] },
    });
    await finalize(store);
    expect((await manifestOf(store)).resources[0]?.definitionPath).toBeUndefined();
  });

  it('a definition exported this run wins over the earlier one', async () => {
    const store = newStore();
    const before = resource('routing:flow', 'f1', { definitionPath: 'routing/flow/f1.definition.yaml' });
    await snapshot(store, [before]);
    const now = resource('routing:flow', 'f1', { definitionPath: 'routing/flow/f1.yaml.definition.yaml' });
    await stage(store, {
      run: planRecord([status('routing:flow')]),
      partials: [partial('routing_flow-0000', 'routing:flow', [now])],
      present: { 'routing:flow': ['f1'] },
      files: { [now.path]: '{}', 'routing/flow/f1.yaml.definition.yaml': 'new\n' },
    });
    await finalize(store);
    expect((await manifestOf(store)).resources[0]?.definitionPath).toBe(
      'routing/flow/f1.yaml.definition.yaml',
    );
  });

  it('a removal is reported even when a resource of another type with the same ID changed', async () => {
    const store = newStore();
    await snapshot(store, [resource('routing:skill', 'x1')]);
    await stage(store, {
      run: planRecord([status('routing:queue'), status('routing:skill')]),
      partials: [partial('routing_queue-0000', 'routing:queue', [resource('routing:queue', 'x1')])],
      present: { 'routing:queue': ['x1'], 'routing:skill': [] },
    });
    const out = await finalize(store);
    expect(out.changes.map((c) => `${c.change} ${c.type}/${c.id}`)).toEqual([
      'added routing:queue/x1',
      'removed routing:skill/x1',
    ]);
  });

  it('a resource exported without its flow definition keeps the earlier one', async () => {
    const store = newStore();
    const withDefinition = resource('routing:flow', 'f1', {
      definitionPath: 'routing/flow/f1.definition.yaml',
    });
    await snapshot(store, [withDefinition]);
    await stage(store, {
      run: planRecord([status('routing:flow')]),
      partials: [partial('routing_flow-0000', 'routing:flow', [resource('routing:flow', 'f1')])],
      present: { 'routing:flow': ['f1'] },
    });
    await finalize(store);
    expect(await text(store, 'routing/flow/f1.definition.yaml')).toBe('old definition\n');
    const [f1] = (await manifestOf(store)).resources;
    expect(f1?.definitionPath).toBe('routing/flow/f1.definition.yaml');
    expect(f1?.carriedOver).toBeUndefined();
  });
});

describe('finalize: unresolved references', () => {
  it('says why each reference is unresolved, and the run stays complete for facts about the org', async () => {
    const store = newStore();
    const queue = resource('routing:queue', 'q1', {
      dependsOn: ['routing:skill/missing', 'routing:skill/s1'],
      externalReferences: ['EXTERNAL_TYPE/x1'],
    });
    await stage(store, {
      run: planRecord([status('routing:queue'), status('routing:skill')]),
      partials: [
        partial('routing_queue-0000', 'routing:queue', [queue]),
        partial('routing_skill-0000', 'routing:skill', [resource('routing:skill', 's1')]),
      ],
      present: { 'routing:queue': ['q1'], 'routing:skill': ['s1'] },
    });
    const out = await finalize(store);
    const m = await manifestOf(store);
    expect(m.unresolvedReferences).toEqual([
      { from: 'routing:queue/q1', to: 'routing:skill/missing', reason: 'not found in the organization' },
      {
        from: 'routing:queue/q1',
        to: 'EXTERNAL_TYPE/x1',
        reason: 'type EXTERNAL_TYPE is not exported by cx-export',
      },
    ]);
    expect(m.complete).toBe(true);
    expect(out.complete).toBe(true);
  });

  it('a reference into a skipped or failed type makes the run incomplete and names the type', async () => {
    const store = newStore();
    const queue = resource('routing:queue', 'q1', {
      dependsOn: ['admin:user/u1', 'routing:flow/f1', 'routing:skill/s9'],
    });
    await stage(store, {
      run: planRecord(
        [
          status('routing:queue'),
          status('admin:user', {
            outcome: 'skipped',
            listedCompletely: false,
            reason: 'missing permission p',
          }),
          status('routing:flow', { outcome: 'failed', listedCompletely: false, reason: 'boom' }),
          status('routing:skill'),
        ],
        {},
        {},
      ),
      partials: [
        partial('routing_queue-0000', 'routing:queue', [queue], {
          filteredOut: ['routing:skill/s9'],
        }),
      ],
      present: { 'routing:queue': ['q1'], 'routing:skill': ['s9'] },
    });
    const out = await finalize(store);
    const m = await manifestOf(store);
    expect(m.unresolvedReferences.map((u) => [u.to, u.reason])).toEqual([
      ['admin:user/u1', 'type admin:user skipped: missing permission p'],
      ['routing:flow/f1', 'type routing:flow failed'],
      ['routing:skill/s9', 'left out by a name filter (--include/--exclude)'],
    ]);
    expect(out.complete).toBe(false);
    expect(m.skipped).toEqual([{ type: 'admin:user', reason: 'missing permission p' }]);
    expect(m.errors).toEqual([{ type: 'routing:flow', message: 'boom' }]);
    expect(m.types['routing:flow']?.outcome).toBe('failed');
    expect(m.types['admin:user']?.outcome).toBe('skipped');
  });

  it('says when references were not followed, and reports none for carried-over resources', async () => {
    const store = newStore();
    const old = resource('routing:queue', 'old', { dependsOn: ['routing:skill/gone'] });
    await snapshot(store, [old]);
    const q1 = resource('routing:queue', 'q1', { dependsOn: ['routing:skill/s1'] });
    await stage(store, {
      run: planRecord(
        [status('routing:queue', { listedCompletely: false })],
        {},
        { followReferences: false, resourceTypes: ['routing:queue'] },
      ),
      partials: [partial('routing_queue-0000', 'routing:queue', [q1])],
    });
    await finalize(store);
    const m = await manifestOf(store);
    expect(m.resources.find((r) => r.id === 'old')?.carriedOver).toBe(true);
    expect(m.unresolvedReferences).toEqual([
      { from: 'routing:queue/q1', to: 'routing:skill/s1', reason: 'not followed (--followReferences=false)' },
    ]);
  });
});

describe('finalize: the manifest', () => {
  it('orders resources, counts them per type and says which came by reference', async () => {
    const store = newStore();
    const skills = ['b', 'B', 'a', '_'].map((id) => resource('routing:skill', id));
    const queue = resource('routing:queue', 'q1', { dependsOn: ['routing:skill/a', 'routing:skill/b'] });
    await stage(store, {
      run: planRecord([status('routing:queue'), status('routing:skill')]),
      partials: [
        partial('routing_queue-0000', 'routing:queue', [queue]),
        partial('routing_skill-0000', 'routing:skill', skills.slice(0, 2)),
        partial('routing_skill-r01-l-0000', 'routing:skill', skills.slice(2), { round: 1 }),
      ],
      present: { 'routing:queue': ['q1'], 'routing:skill': ['B', '_', 'a', 'b'] },
    });
    const out = await finalize(store);
    const m = await manifestOf(store);
    expect(m.resources.map((r) => resourceKey(r.type, r.id))).toEqual([
      'routing:queue/q1',
      'routing:skill/B',
      'routing:skill/_',
      'routing:skill/a',
      'routing:skill/b',
    ]);
    expect(m.types).toEqual({
      'routing:queue': {
        outcome: 'complete',
        count: 1,
        byReference: 0,
        changedDuringListing: false,
        listedCompletely: true,
      },
      'routing:skill': {
        outcome: 'complete',
        count: 4,
        byReference: 2,
        changedDuringListing: false,
        listedCompletely: true,
      },
    });
    expect(out.counts).toEqual({ 'routing:queue': 1, 'routing:skill': 4 });
    expect(out.byReference).toEqual({ 'routing:skill': 2 });
    // Dependencies first: the skills the queue references come before it.
    expect(m.importOrder.indexOf('routing:queue/q1')).toBeGreaterThan(
      m.importOrder.indexOf('routing:skill/a'),
    );
    expect(m.importOrder.indexOf('routing:queue/q1')).toBeGreaterThan(
      m.importOrder.indexOf('routing:skill/b'),
    );
    expect(m.importOrder).toHaveLength(5);
    expect(m.complete).toBe(true);
    expect(m.removalsNotRecorded).toEqual([]);
    expect(m.notFound).toEqual([]);
  });

  it('the first batch to export a resource wins; later duplicates are ignored', async () => {
    const store = newStore();
    await stage(store, {
      run: planRecord([status('routing:skill')]),
      partials: [
        partial('routing_skill-0000', 'routing:skill', [resource('routing:skill', 's1', { name: 'first' })]),
        partial(
          'routing_skill-r01-l-0000',
          'routing:skill',
          [resource('routing:skill', 's1', { name: 'again' })],
          {
            round: 1,
          },
        ),
      ],
      present: { 'routing:skill': ['s1'] },
    });
    await finalize(store);
    const m = await manifestOf(store);
    expect(m.resources.map((r) => r.name)).toEqual(['first']);
    expect(m.types['routing:skill']?.count).toBe(1);
  });

  it('names --resourceIds not found, the types whose removals were not recorded, and the errors in order', async () => {
    const store = newStore();
    const errors: ExportIssue[] = [
      { type: 'routing:skill', id: 's2', message: 'b' },
      { type: 'routing:skill', message: 'z' },
      { type: 'routing:skill', id: 's1', message: 'a' },
      { type: 'routing:skill', id: 'A1', message: 'c' },
    ];
    // A queue only the old snapshot has: its type is not part of this run.
    await snapshot(store, [resource('routing:queue', 'q-old')]);
    await stage(store, {
      run: planRecord(
        [
          status('routing:skill', { listedCompletely: false, changedDuringListing: true }),
          status('admin:user', {
            outcome: 'skipped',
            listedCompletely: false,
            reason: 'missing permission p',
          }),
          status('routing:flow', { outcome: 'partial', listedCompletely: false, reason: 'capped at 10,000' }),
        ],
        { notFound: ['nope'] },
        { resourceIds: ['s1', 'nope'] },
      ),
      partials: [
        partial('routing_skill-0000', 'routing:skill', [resource('routing:skill', 's1')], { errors }),
      ],
    });
    const out = await finalize(store);
    const m = await manifestOf(store);
    expect(m.notFound).toEqual(['nope']);
    expect(out.notFound).toEqual(['nope']);
    expect(m.complete).toBe(false);
    expect(m.removalsNotRecorded).toEqual([
      { type: 'admin:user', reason: 'type skipped: missing permission p' },
      { type: 'routing:flow', reason: 'capped at 10,000' },
      { type: 'routing:queue', reason: 'not listed this run' },
      { type: 'routing:skill', reason: 'read by ID (--resourceIds), not listed' },
    ]);
    expect(m.types['routing:skill']).toMatchObject({ outcome: 'partial', changedDuringListing: true });
    expect(m.types['routing:queue']).toEqual({
      outcome: 'complete',
      count: 1,
      byReference: 0,
      changedDuringListing: false,
      listedCompletely: false,
    });
    expect(m.errors).toEqual([
      { type: 'routing:flow', message: 'capped at 10,000' },
      { type: 'routing:skill', message: 'z' },
      { type: 'routing:skill', id: 'A1', message: 'c' },
      { type: 'routing:skill', id: 's1', message: 'a' },
      { type: 'routing:skill', id: 's2', message: 'b' },
    ]);
    expect(out.errors).toBe(5);
    expect(out.skipped).toEqual([{ type: 'admin:user', reason: 'missing permission p' }]);
  });

  it('an ID of --resourceIds that no type has is enough to make the run incomplete', async () => {
    const store = newStore();
    await stage(store, {
      run: planRecord([status('routing:skill')], { notFound: ['nope'] }, { resourceIds: ['s1', 'nope'] }),
      partials: [partial('routing_skill-0000', 'routing:skill', [resource('routing:skill', 's1')])],
      present: { 'routing:skill': ['s1'] },
    });
    const out = await finalize(store);
    expect(out).toMatchObject({ complete: false, errors: 0, skipped: [], notFound: ['nope'] });
    expect((await readJson<RunStamp>(store, RUN_STAMP_KEY))?.complete).toBe(false);
  });

  it('a skipped type alone makes the run incomplete; its permissions and the reasons are kept', async () => {
    const store = newStore();
    await stage(store, {
      run: planRecord([
        status('routing:skill'),
        status('admin:user', {
          outcome: 'skipped',
          listedCompletely: false,
          permissions: ['directory:user:view'],
        }),
        status('routing:flow', { outcome: 'failed', listedCompletely: false }),
      ]),
      partials: [partial('routing_skill-0000', 'routing:skill', [resource('routing:skill', 's1')])],
      present: { 'routing:skill': ['s1'] },
    });
    const out = await finalize(store);
    expect(out.skipped).toEqual([
      { type: 'admin:user', reason: 'skipped', permissions: ['directory:user:view'] },
    ]);
    const m = await manifestOf(store);
    expect(m.removalsNotRecorded).toEqual([
      { type: 'admin:user', reason: 'type skipped:' },
      { type: 'routing:flow', reason: 'type failed:' },
    ]);
    expect(m.errors).toEqual([{ type: 'routing:flow', message: 'failed' }]);
  });

  it('only a skipped type, with no other issue, still makes the run incomplete', async () => {
    const store = newStore();
    await stage(store, {
      run: planRecord([
        status('routing:skill'),
        status('admin:user', { outcome: 'skipped', listedCompletely: false, reason: 'missing permission p' }),
      ]),
      partials: [partial('routing_skill-0000', 'routing:skill', [resource('routing:skill', 's1')])],
      present: { 'routing:skill': ['s1'] },
    });
    const out = await finalize(store);
    expect(out).toMatchObject({ complete: false, errors: 0 });
  });

  it('orders the import by rank, then name, and lists types in name order', async () => {
    const store = newStore();
    const division = resource('authorization:division', 'd1', { path: 'authorization/division/d1.json' });
    const queue = resource('routing:queue', 'q1', { name: 'A queue' });
    const skill = resource('routing:skill', 's1', { name: 'Z skill' });
    await stage(store, {
      run: planRecord([status('routing:skill'), status('routing:queue'), status('authorization:division')]),
      partials: [
        partial('routing_skill-0000', 'routing:skill', [skill]),
        partial('routing_queue-0000', 'routing:queue', [queue]),
        partial('authorization_division-0000', 'authorization:division', [division]),
      ],
      present: { 'routing:skill': ['s1'], 'routing:queue': ['q1'], 'authorization:division': ['d1'] },
    });
    await finalize(store);
    const m = await manifestOf(store);
    expect(m.importOrder).toEqual(['authorization:division/d1', 'routing:skill/s1', 'routing:queue/q1']);
    expect(Object.keys(m.types)).toEqual(['authorization:division', 'routing:queue', 'routing:skill']);
  });

  it('a carried-over resource of a type the catalog no longer has is kept, but has no type entry', async () => {
    const store = newStore();
    await snapshot(store, [
      resource('routing:skill', 's1'),
      { ...resource('retired:type', 'r1'), path: 'retired/r1.json' },
    ]);
    await stage(store, {
      run: planRecord([status('routing:skill')]),
      partials: [partial('routing_skill-0000', 'routing:skill', [resource('routing:skill', 's1')])],
      present: { 'routing:skill': ['s1'] },
    });
    await finalize(store);
    const m = await manifestOf(store);
    expect(m.resources.map((r) => r.type)).toEqual(['retired:type', 'routing:skill']);
    expect(Object.keys(m.types)).toEqual(['routing:skill']);
    expect(m.removalsNotRecorded).toEqual([]);
  });

  it('writes the run stamp outside the manifest, and a second finalize reports the same run', async () => {
    const store = newStore();
    await stage(store, {
      run: planRecord([status('routing:skill')]),
      partials: [partial('routing_skill-0000', 'routing:skill', [resource('routing:skill', 's1')])],
      present: { 'routing:skill': ['s1'] },
    });
    const first = await finalize(store);
    const stamp = await readJson<RunStamp>(store, RUN_STAMP_KEY);
    expect(stamp).toEqual({
      schemaVersion: 1,
      runId: RUN,
      exportTime: new Date(NOW).toISOString(),
      complete: true,
    });
    const manifestText = (await text(store, MANIFEST_KEY)) as string;
    expect(manifestText).not.toContain(RUN);
    expect(manifestText).not.toContain('exportTime');
    expect(Object.keys(JSON.parse(manifestText))).toEqual([
      'schemaVersion',
      'organizationId',
      'organizationName',
      'options',
      'complete',
      'types',
      'resources',
      'importOrder',
      'cycles',
      'skipped',
      'errors',
      'unresolvedReferences',
      'notFound',
      'removalsNotRecorded',
    ]);
    const again = await finalize(store);
    expect(again).toEqual({ ...first, changes: [] });
    expect(await text(store, MANIFEST_KEY)).toBe(manifestText);
  });

  it('a finalize run again after the staging went reports the manifest that run wrote', async () => {
    const store = newStore();
    // A manifest of an earlier version, before `notFound` was written.
    const manifest = {
      complete: true,
      types: { 'routing:skill': { count: 2, byReference: 1 } },
      skipped: [],
      errors: [],
    };
    await writeJson(store, MANIFEST_KEY, manifest);
    await writeJson(store, RUN_STAMP_KEY, { runId: RUN });
    expect(await finalize(store)).toEqual({
      runId: RUN,
      complete: true,
      counts: { 'routing:skill': 2 },
      skipped: [],
      errors: 0,
      changes: [],
      manifestKey: MANIFEST_KEY,
      byReference: { 'routing:skill': 1 },
      notFound: [],
    });
  });

  it('a run with neither a plan record nor the snapshot it wrote is a bug, not a silent success', async () => {
    const store = newStore();
    await expect(finalize(store)).rejects.toThrow(InvariantError);
    await writeJson(store, MANIFEST_KEY, { resources: [] });
    await expect(finalize(store)).rejects.toThrow(InvariantError);
    await writeJson(store, MANIFEST_KEY, { resources: [] });
    await writeJson(store, RUN_STAMP_KEY, { runId: 'another-run' });
    await expect(finalize(store)).rejects.toThrow(/no plan record and no manifest/);
  });
});
