/**
 * Git publishing, unit by unit and fast (no simulator, no Git server): what is published, how the
 * snapshot is grafted into the repository's tree, how trees are built, what the commit says, and
 * `commitLocal` on a small hand-made snapshot in a temp folder. publish.test.ts covers the same paths end
 * to end against a real Git server; this file is the one mutation testing runs.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import git, { type TreeEntry } from 'isomorphic-git';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCommit } from '../../lambdas/engine/git/commit.ts';
import { folderPrefix, graft, isPublishable, sameContent, subtree } from '../../lambdas/engine/git/graft.ts';
import { looseObjects, PackedObjects } from '../../lambdas/engine/git/objects.ts';
import { commitLocal, GitPublishError, publishSnapshot } from '../../lambdas/engine/git/publish.ts';
import { readSnapshotMeta, writeSnapshotBlobs } from '../../lambdas/engine/git/snapshot.ts';
import { localTarget, NO_PUBLISH } from '../../lambdas/engine/git/target.ts';
import {
  commitTree,
  deepestFirst,
  entriesByFolder,
  type FlatTree,
  flattenTree,
  parentFolder,
  writeNestedTree,
} from '../../lambdas/engine/git/tree.ts';
import { MANIFEST_KEY, RUN_STAMP_KEY } from '../../lambdas/engine/keys.ts';
import type { Manifest, RunStamp } from '../../lambdas/engine/model.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import type { SnapshotStore } from '../../lambdas/engine/storage/types.ts';

// Temp folders of their own, not test/helpers.ts: importing the simulator would double this file's run time.
const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cx-export-git-unit-'));
  temps.push(dir);
  return dir;
}

const author = { name: 'cx-export', email: 'cx-export@example.com' };

/** A flat tree whose blob IDs are readable stand-ins. */
const flat = (entries: Record<string, string>): FlatTree =>
  new Map(Object.entries(entries).map(([path, oid]) => [path, { oid, mode: '100644' }]));
const oids = (tree: FlatTree) => Object.fromEntries([...tree].map(([p, e]) => [p, e.oid]));

type TypeEntry = Manifest['types'][string];
const typeEntry = (listedCompletely: boolean): TypeEntry => ({
  outcome: 'exported' as TypeEntry['outcome'],
  count: 1,
  byReference: 0,
  changedDuringListing: false,
  listedCompletely,
});

function manifest(over: Partial<Manifest> = {}): Manifest {
  return {
    schemaVersion: 1,
    organizationId: 'org-1',
    organizationName: 'Acme',
    options: { organizationId: 'org-1' } as Manifest['options'],
    complete: true,
    types: { 'routing:queue': typeEntry(true), 'routing:skill': typeEntry(true) },
    resources: [],
    importOrder: [],
    cycles: [],
    skipped: [],
    errors: [],
    unresolvedReferences: [],
    notFound: [],
    removalsNotRecorded: [],
    ...over,
  };
}

const resource = (type: string, id: string, name: string, path: string) => ({
  type,
  id,
  name,
  path,
  dependsOn: [],
});

const stamp = (runId = 'run-1', exportTime = '2024-05-01T10:00:00Z'): RunStamp => ({
  schemaVersion: 1,
  runId,
  exportTime,
  complete: true,
});

describe('Git publish: what is published', () => {
  it('leaves out the run stamp, the staging area, temp files, .git and anything secret, wherever it is', () => {
    for (const key of [
      RUN_STAMP_KEY,
      '.genesys/staging/run-1/owner.json',
      '.genesys/staging/run-1/files/routing/queue/q1.json',
      'routing/queue/q1.json.tmp',
      '.git/config',
      '.env',
      '.env.local',
      'sub/.env',
      'sub/.env.production',
      'server.pem',
      'certs/server.pem',
      'deploy.key',
      'keys/id_rsa',
      'id_rsa.pub',
      '.npmrc',
      'sub/.npmrc',
    ])
      expect(isPublishable(key), key).toBe(false);
  });

  it('publishes resources, flow definitions, the manifest and the .gitignore', () => {
    for (const key of [
      'routing/queue/q1.json',
      'routing/flow/f1.definition.yaml',
      MANIFEST_KEY,
      '.gitignore',
      '.genesys/other.json',
      'environment.json',
      'keys.json',
      'pem/readme.md',
      'my.env.json',
      'staging/q.json',
    ])
      expect(isPublishable(key), key).toBe(true);
  });
});

describe('Git publish: the snapshot folder in the repository', () => {
  it('gives a folder one trailing slash and leaves the root empty', () => {
    expect(folderPrefix('')).toBe('');
    expect(folderPrefix('snapshot')).toBe('snapshot/');
    expect(folderPrefix('snapshot/')).toBe('snapshot/');
    expect(folderPrefix('org/snapshot//')).toBe('org/snapshot/');
  });

  it('takes the files under a folder by their path inside it', () => {
    const tree = flat({
      'README.md': 'r',
      'snapshot/routing/queue/q1.json': 'q1',
      'snapshot/.genesys/export-manifest.json': 'm',
      'snapshotter/x.json': 'x',
    });
    expect(Object.fromEntries(subtree(tree, 'snapshot'))).toEqual({
      'routing/queue/q1.json': 'q1',
      '.genesys/export-manifest.json': 'm',
    });
    expect(subtree(tree, '').size).toBe(4);
  });

  it('compares trees by path and blob', () => {
    const a = flat({ 'a.json': '1', 'b.json': '2' });
    expect(sameContent(a, flat({ 'b.json': '2', 'a.json': '1' }))).toBe(true);
    expect(sameContent(a, flat({ 'a.json': '1', 'b.json': '3' }))).toBe(false);
    expect(sameContent(a, flat({ 'a.json': '1', 'c.json': '2' }))).toBe(false);
    expect(sameContent(a, flat({ 'a.json': '1' }))).toBe(false);
    expect(sameContent(flat({ 'a.json': '1' }), a)).toBe(false);
    expect(sameContent(new Map(), new Map())).toBe(true);
  });
});

describe('Git publish: grafting the snapshot into the parent tree', () => {
  const parent = flat({
    'README.md': 'readme',
    'docs/guide.md': 'guide',
    'snapshot/.genesys/export-manifest.json': 'old-manifest',
    'snapshot/notes.txt': 'old-notes',
    'snapshot/routing/queue/q1.json': 'q1-old',
    'snapshot/routing/queue/gone.json': 'gone',
    'snapshot/routing/skill/s1.json': 's1',
    'snapshot/routing/flow/f1.json': 'f1',
    'snapshot/routing/flow/f1.definition.yaml': 'f1-def',
    'snapshot/routing/language/l1.json': 'l1',
  });
  const snapshot = flat({
    '.genesys/export-manifest.json': 'new-manifest',
    'routing/queue/q1.json': 'q1-new',
    'routing/queue/q2.json': 'q2',
  });
  // Queues and skills listed completely; flows not; languages absent from the manifest.
  const m = manifest({
    types: {
      'routing:queue': typeEntry(true),
      'routing:skill': typeEntry(true),
      'routing:flow': typeEntry(false),
    },
  });

  it('keeps the parent files of types not listed completely, and drops those of complete types the snapshot lacks', () => {
    expect(oids(graft(parent, snapshot, 'snapshot', m))).toEqual({
      'README.md': 'readme',
      'docs/guide.md': 'guide',
      'snapshot/.genesys/export-manifest.json': 'new-manifest',
      'snapshot/routing/queue/q1.json': 'q1-new',
      'snapshot/routing/queue/q2.json': 'q2',
      'snapshot/routing/flow/f1.json': 'f1',
      'snapshot/routing/flow/f1.definition.yaml': 'f1-def',
      'snapshot/routing/language/l1.json': 'l1',
    });
  });

  it('drops every resource of a type listed completely with nothing in the snapshot', () => {
    const next = graft(parent, snapshot, 'snapshot', m);
    expect([...next.keys()].filter((p) => p.startsWith('snapshot/routing/skill/'))).toEqual([]);
    expect(next.has('snapshot/routing/queue/gone.json')).toBe(false);
  });

  it('replaces files in the folder that are not resources, and keeps the parent blob only where the snapshot has none', () => {
    const next = graft(parent, snapshot, 'snapshot', m);
    expect(next.has('snapshot/notes.txt')).toBe(false);
    expect(next.get('snapshot/.genesys/export-manifest.json')?.oid).toBe('new-manifest');
  });

  it('keeps everything of a type the manifest marks incomplete even when the snapshot has some of it', () => {
    const partial = manifest({ types: { 'routing:queue': typeEntry(false) } });
    const next = graft(parent, snapshot, 'snapshot', partial);
    expect(next.get('snapshot/routing/queue/gone.json')?.oid).toBe('gone');
    expect(next.get('snapshot/routing/queue/q1.json')?.oid).toBe('q1-new');
    expect(next.get('snapshot/routing/skill/s1.json')?.oid).toBe('s1');
  });

  it('prefixes every snapshot file with the folder, and at the repository root takes the whole tree as the folder', () => {
    const fresh = graft(new Map(), snapshot, 'org/snapshot/', m);
    expect([...fresh.keys()].sort()).toEqual([
      'org/snapshot/.genesys/export-manifest.json',
      'org/snapshot/routing/queue/q1.json',
      'org/snapshot/routing/queue/q2.json',
    ]);
    const atRoot = graft(
      flat({ 'README.md': 'r', 'routing/queue/gone.json': 'gone', 'routing/flow/f1.json': 'f1' }),
      snapshot,
      '',
      m,
    );
    expect(oids(atRoot)).toEqual({
      '.genesys/export-manifest.json': 'new-manifest',
      'routing/queue/q1.json': 'q1-new',
      'routing/queue/q2.json': 'q2',
      'routing/flow/f1.json': 'f1',
    });
  });

  it('does not take a sibling folder that shares the name as a prefix for the snapshot folder', () => {
    const next = graft(flat({ 'snapshot-old/routing/queue/q9.json': 'q9' }), snapshot, 'snapshot', m);
    expect(next.get('snapshot-old/routing/queue/q9.json')?.oid).toBe('q9');
  });
});

describe('Git publish: trees', () => {
  it('names the folder of a path, the root as empty', () => {
    expect(parentFolder('a.json')).toBe('');
    expect(parentFolder('routing/queue/q1.json')).toBe('routing/queue');
    expect(parentFolder('routing')).toBe('');
  });

  it('groups blobs by folder, every ancestor folder included', () => {
    const dirs = entriesByFolder(flat({ 'a.json': '1', 'x/y/z/b.json': '2', 'x/c.json': '3' }));
    expect([...dirs.keys()].sort()).toEqual(['', 'x', 'x/y', 'x/y/z']);
    expect(dirs.get('')?.map((e) => e.path)).toEqual(['a.json']);
    expect(dirs.get('x/y')).toEqual([]);
    expect(dirs.get('x/y/z')).toEqual([{ mode: '100644', path: 'b.json', oid: '2', type: 'blob' }]);
    expect(dirs.get('x')?.map((e) => e.path)).toEqual(['c.json']);
  });

  it('writes the deepest folders first and the root last', () => {
    expect(['', 'a', 'b/c', 'a/b', 'b', 'a/b/c'].sort(deepestFirst)).toEqual([
      'a/b/c',
      'a/b',
      'b/c',
      'a',
      'b',
      '',
    ]);
  });

  it("writes an empty flat tree as Git's empty tree", async () => {
    const gitdir = tempDir();
    await git.init({ fs, gitdir, bare: true });
    expect(await writeNestedTree(looseObjects(gitdir), new Map())).toBe(
      '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    );
  });

  it('writes nested trees that read back as the same flat tree', async () => {
    const gitdir = tempDir();
    await git.init({ fs, gitdir, bare: true });
    const blob = (text: string) => git.writeBlob({ fs, gitdir, blob: Buffer.from(text) });
    const files: FlatTree = new Map();
    for (const p of [
      'a.json',
      'routing/queue/q1.json',
      'routing/queue/q2.json',
      'routing/flow/f.yaml',
      'z/z.json',
    ])
      files.set(p, { oid: await blob(p), mode: '100644' });
    const root = await writeNestedTree(looseObjects(gitdir), files);
    expect(oids(await flattenTree(gitdir, root))).toEqual(oids(files));
    const { tree } = await git.readTree({ fs, gitdir, oid: root });
    expect(tree.map((e) => [e.path, e.type])).toEqual([
      ['a.json', 'blob'],
      ['routing', 'tree'],
      ['z', 'tree'],
    ]);
    expect(await writeNestedTree(looseObjects(gitdir), new Map(files))).toBe(root);
  });
});

describe('Git publish: objects built in memory and their pack', () => {
  // Names that sort differently by bytes, by JavaScript strings and with a folder's trailing slash.
  const entries = (blob: string, tree: string): TreeEntry[] => [
    { mode: '100644', path: 'a0', oid: blob, type: 'blob' },
    { mode: '040000', path: 'a', oid: tree, type: 'tree' },
    { mode: '100644', path: 'a.json', oid: blob, type: 'blob' },
    { mode: '100644', path: 'a-b', oid: blob, type: 'blob' },
    { mode: '100644', path: 'Z', oid: blob, type: 'blob' },
    // Files: 'b' before 'b.json' (with a slash appended, 'b/' would sort after it).
    { mode: '100644', path: 'b.json', oid: blob, type: 'blob' },
    { mode: '100644', path: 'b', oid: blob, type: 'blob' },
  ];

  it('gives every blob, tree and commit the ID Git gives it', async () => {
    const gitdir = tempDir();
    await git.init({ fs, gitdir, bare: true });
    const loose = looseObjects(gitdir);
    const packed = new PackedObjects();
    const big = Buffer.from('x'.repeat(100_000));
    for (const data of [Buffer.alloc(0), Buffer.from('{"id":"q1"}\n'), big])
      expect(await packed.blob(data)).toBe(await loose.blob(data));
    const blob = await loose.blob(Buffer.from('q'));
    const sub = await loose.tree([{ mode: '100644', path: 'q.json', oid: blob, type: 'blob' }]);
    const tree = await packed.tree(entries(blob, sub));
    expect(tree).toBe(await loose.tree(entries(blob, sub)));
    const signature = (timestamp: number, timezoneOffset: number) => ({
      ...author,
      timestamp,
      timezoneOffset,
    });
    const commits = [
      {
        message: '\n\nGenesys Cloud export: 1 added\r\n\nRun: r1\n\n\n',
        tree,
        parent: [sub.replace(/./g, '1'), sub.replace(/./g, '2')],
        author: signature(1714557600, -90),
        committer: signature(1714557601, 300),
      },
      {
        message: 'Genesys Cloud export\n\nRun: r2',
        tree,
        parent: [],
        author: signature(1714557602, 0),
        committer: signature(1714557602, 0),
      },
    ];
    for (const commit of commits) expect(await packed.commit(commit)).toBe(await loose.commit(commit));
    // In the order Git stores them (isomorphic-git's readTree re-sorts).
    expect(gitOut(gitdir, 'ls-tree', '--name-only', tree)).toBe('Z\na-b\na.json\na\na0\nb\nb.json\n');
  });

  it('writes a pack that Git indexes, with each object whole and once', () => {
    const packed = new PackedObjects();
    const texts = ['', 'small', 'y'.repeat(5_000), 'z'.repeat(300_000), 'small'];
    const oids = texts.map((t) => packed.add('blob', Buffer.from(t)));
    expect(packed.count).toBe(4);
    const gitdir = tempDir();
    execFileSync('git', ['init', '--quiet', '--bare', gitdir]);
    execFileSync('git', ['-C', gitdir, 'index-pack', '--stdin', '--strict'], {
      input: Buffer.concat(packed.pack()),
    });
    for (const [i, t] of texts.entries())
      expect(gitOut(gitdir, 'cat-file', 'blob', oids[i] as string)).toBe(t);
    // Only the objects asked for.
    const one = Buffer.concat(packed.pack([oids[1] as string]));
    expect(one.readUInt32BE(8)).toBe(1);
    expect(() => packed.pack(['0'.repeat(40)])).toThrow(/not in this pack/);
  });
});

/** A snapshot in a temp folder: manifest, run stamp, resource files, plus files that must stay out of Git. */
function writeSnapshot(dir: string, m: Manifest, files: Record<string, string>, s = stamp()): LocalStore {
  const put = (key: string, text: string) => {
    mkdirSync(join(dir, key, '..'), { recursive: true });
    writeFileSync(join(dir, key), text);
  };
  put(MANIFEST_KEY, `${JSON.stringify(m, null, 2)}\n`);
  put(RUN_STAMP_KEY, JSON.stringify(s));
  put('.genesys/staging/run-1/owner.json', '{}');
  put('.env', 'GENESYS_CLOUD_OAUTH_CLIENT_SECRET=hunter2');
  for (const [k, v] of Object.entries(files)) put(k, v);
  return new LocalStore(dir);
}

const gitOut = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });

describe('Git publish: the commit', () => {
  it('refuses a folder without a manifest or run stamp, naming the missing file', async () => {
    const dir = tempDir();
    const store = new LocalStore(dir);
    const noManifest = await readSnapshotMeta(store).catch((e: Error) => e);
    expect(noManifest).toBeInstanceOf(GitPublishError);
    expect((noManifest as Error).message).toBe(
      `no snapshot to publish: ${MANIFEST_KEY} is missing in ${dir}`,
    );
    await store.write(MANIFEST_KEY, JSON.stringify(manifest()));
    const noStamp = await readSnapshotMeta(store).catch((e: Error) => e);
    expect((noStamp as Error).message).toBe(`no snapshot to publish: ${RUN_STAMP_KEY} is missing in ${dir}`);
  });

  it('writes only publishable files as blobs', async () => {
    const dir = tempDir();
    const store = writeSnapshot(dir, manifest(), { 'routing/queue/q1.json': '{"id":"q1"}\n' });
    const gitdir = tempDir();
    await git.init({ fs, gitdir, bare: true });
    const blobs = await writeSnapshotBlobs(looseObjects(gitdir), store);
    expect([...blobs.keys()].sort()).toEqual([MANIFEST_KEY, 'routing/queue/q1.json']);
    const blob = await git.readBlob({ fs, gitdir, oid: blobs.get('routing/queue/q1.json')?.oid as string });
    expect(Buffer.from(blob.blob).toString('utf8')).toBe('{"id":"q1"}\n');
  });

  it('lists the changes with names (the old manifest names removed resources), says them in the message, and dates the commit by the run', async () => {
    const gitdir = tempDir();
    await git.init({ fs, gitdir, bare: true });
    const blob = (text: string) => git.writeBlob({ fs, gitdir, blob: Buffer.from(text) });
    const files = async (entries: Record<string, string>): Promise<FlatTree> => {
      const out: FlatTree = new Map();
      for (const [p, text] of Object.entries(entries)) out.set(p, { oid: await blob(text), mode: '100644' });
      return out;
    };
    const first = manifest({
      resources: [
        resource('routing:queue', 'q1', 'Billing', 'routing/queue/q1.json'),
        resource('routing:skill', 's1', 'French', 'routing/skill/s1.json'),
      ],
    });
    const one = await buildCommit(
      gitdir,
      looseObjects(gitdir),
      await files({
        [MANIFEST_KEY]: JSON.stringify(first),
        'routing/queue/q1.json': 'q1',
        'routing/skill/s1.json': 's1',
      }),
      { commit: undefined, tree: new Map() },
      'snapshot',
      { manifest: first, stamp: stamp('run-1', '2024-05-01T10:00:00Z') },
      author,
    );
    expect(one.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(one.changes).toEqual([
      { type: 'routing:queue', id: 'q1', name: 'Billing', change: 'added' },
      { type: 'routing:skill', id: 's1', name: 'French', change: 'added' },
    ]);
    const { commit } = await git.readCommit({ fs, gitdir, oid: one.commit as string });
    expect(commit.parent).toEqual([]);
    expect(commit.author).toEqual({
      ...author,
      timestamp: Date.parse('2024-05-01T10:00:00Z') / 1000,
      timezoneOffset: 0,
    });
    expect(commit.committer).toEqual(commit.author);
    expect(commit.message).toBe(
      'Genesys Cloud export: 2 added, 0 changed, 0 removed\n\n' +
        'routing:queue: 1 added (Billing)\nrouting:skill: 1 added (French)\n\n' +
        'Organization: Acme (org-1)\nRun: run-1\nTime: 2024-05-01T10:00:00Z\nSnapshot: complete\n',
    );
    expect([...(await flattenTree(gitdir, commit.tree)).keys()].sort()).toEqual([
      `snapshot/${MANIFEST_KEY}`,
      'snapshot/routing/queue/q1.json',
      'snapshot/routing/skill/s1.json',
    ]);

    // The same snapshot again: no commit, no changes.
    const again = await buildCommit(
      gitdir,
      looseObjects(gitdir),
      await files({
        [MANIFEST_KEY]: JSON.stringify(first),
        'routing/queue/q1.json': 'q1',
        'routing/skill/s1.json': 's1',
      }),
      { commit: one.commit, tree: await commitTree(gitdir, one.commit) },
      'snapshot',
      { manifest: first, stamp: stamp('run-2', '2024-05-02T10:00:00Z') },
      author,
    );
    expect(again.commit).toBeUndefined();
    expect(again.changes).toEqual([]);

    // The queue renamed and changed, the skill gone (named from the parent's manifest).
    const second = manifest({
      resources: [resource('routing:queue', 'q1', 'Billing (renamed)', 'routing/queue/q1.json')],
    });
    const two = await buildCommit(
      gitdir,
      looseObjects(gitdir),
      await files({ [MANIFEST_KEY]: JSON.stringify(second), 'routing/queue/q1.json': 'q1 renamed' }),
      { commit: one.commit, tree: await commitTree(gitdir, one.commit) },
      'snapshot',
      { manifest: second, stamp: stamp('run-3', '2024-05-03T10:00:00Z') },
      author,
    );
    expect(two.changes).toEqual([
      { type: 'routing:queue', id: 'q1', name: 'Billing (renamed)', change: 'changed' },
      { type: 'routing:skill', id: 's1', name: 'French', change: 'removed' },
    ]);
    const next = await git.readCommit({ fs, gitdir, oid: two.commit as string });
    expect(next.commit.parent).toEqual([one.commit]);
    expect(next.commit.message).toMatch(/^Genesys Cloud export: 0 added, 1 changed, 1 removed\n/);
    expect(next.commit.message).toContain('routing:skill: 1 removed (French)\n');
    expect(two.parent.size).toBe(3);
    expect([...two.next.keys()].sort()).toEqual([
      `snapshot/${MANIFEST_KEY}`,
      'snapshot/routing/queue/q1.json',
    ]);
  });

  it('names a resource by its ID when neither manifest has it, and survives an unreadable old manifest', async () => {
    const gitdir = tempDir();
    await git.init({ fs, gitdir, bare: true });
    const blob = (text: string) => git.writeBlob({ fs, gitdir, blob: Buffer.from(text) });
    const parentTree: FlatTree = new Map([
      [MANIFEST_KEY, { oid: await blob('not json'), mode: '100644' }],
      ['routing/queue/q0.json', { oid: await blob('q0'), mode: '100644' }],
    ]);
    const parentCommit = await git.writeCommit({
      fs,
      gitdir,
      commit: {
        message: 'before\n',
        tree: await writeNestedTree(looseObjects(gitdir), parentTree),
        parent: [],
        author: { ...author, timestamp: 0, timezoneOffset: 0 },
        committer: { ...author, timestamp: 0, timezoneOffset: 0 },
      },
    });
    const m = manifest();
    const built = await buildCommit(
      gitdir,
      looseObjects(gitdir),
      new Map([[MANIFEST_KEY, { oid: await blob(JSON.stringify(m)), mode: '100644' }]]),
      { commit: parentCommit, tree: await commitTree(gitdir, parentCommit) },
      '',
      { manifest: m, stamp: stamp() },
      author,
    );
    expect(built.changes).toEqual([{ type: 'routing:queue', id: 'q0', name: 'q0', change: 'removed' }]);
    expect(built.commit).toBeDefined();
  });
});

describe('Git publish: committing into a folder (commitLocal)', () => {
  const m = manifest({
    resources: [resource('routing:queue', 'q1', 'Billing', 'routing/queue/q1.json')],
  });

  it('creates a repository in the folder, commits only publishable files, leaves a clean work tree and skips an unchanged run', async () => {
    const dir = tempDir();
    const store = writeSnapshot(dir, m, { 'routing/queue/q1.json': '{"id":"q1"}\n' });
    const first = await commitLocal(store, 'exports', author);
    expect(first.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(first.attempts).toBe(1);
    expect(first.enclosing).toBeUndefined();
    expect(first.changes).toEqual([{ type: 'routing:queue', id: 'q1', name: 'Billing', change: 'added' }]);
    expect(gitOut(dir, 'rev-parse', 'HEAD').trim()).toBe(first.commit);
    expect(gitOut(dir, 'symbolic-ref', '--short', 'HEAD').trim()).toBe('exports');
    expect(gitOut(dir, 'ls-tree', '-r', '--name-only', 'HEAD').trim().split('\n')).toEqual([
      '.genesys/export-manifest.json',
      '.gitignore',
      'routing/queue/q1.json',
    ]);
    expect(gitOut(dir, 'status', '--porcelain')).toBe('');

    const again = await commitLocal(store, 'exports', author);
    expect(again).toEqual({ changes: [], attempts: 1 });
    expect(gitOut(dir, 'rev-list', '--count', 'HEAD').trim()).toBe('1');

    await store.write('routing/queue/q2.json', '{"id":"q2"}\n');
    await store.delete('routing/queue/q1.json');
    const third = await commitLocal(store, 'exports', author);
    expect(third.changes.map((c) => `${c.change} ${c.id}`)).toEqual(['added q2', 'removed q1']);
    expect(gitOut(dir, 'status', '--porcelain')).toBe('');
    expect(gitOut(dir, 'rev-list', '--count', 'HEAD').trim()).toBe('2');
  });

  it('inside an existing repository commits on its current branch, touching only the folder, and says where', async () => {
    const root = tempDir();
    gitOut(root, 'init', '-q', '-b', 'trunk');
    writeFileSync(join(root, 'README.md'), 'project\n');
    gitOut(root, 'add', 'README.md');
    gitOut(root, '-c', 'user.name=u', '-c', 'user.email=u@example.com', 'commit', '-q', '-m', 'init');
    const dir = join(root, 'config', 'export-output');
    mkdirSync(dir, { recursive: true });
    const store = writeSnapshot(dir, m, { 'routing/queue/q1.json': '{"id":"q1"}\n' });
    const res = await commitLocal(store, 'main', author);
    expect(res.enclosing).toEqual({ root, folder: 'config/export-output' });
    expect(gitOut(root, 'rev-parse', 'trunk').trim()).toBe(res.commit);
    expect(gitOut(root, 'ls-tree', '-r', '--name-only', 'HEAD').trim().split('\n')).toEqual([
      'README.md',
      'config/export-output/.genesys/export-manifest.json',
      'config/export-output/.gitignore',
      'config/export-output/routing/queue/q1.json',
    ]);
    expect(gitOut(root, 'status', '--porcelain')).toBe('');
    expect(fs.existsSync(join(dir, '.git'))).toBe(false);
  });

  it("commits into the folder's own repository when it has one inside another", async () => {
    const root = tempDir();
    gitOut(root, 'init', '-q', '-b', 'trunk');
    const dir = join(root, 'export-output');
    mkdirSync(dir);
    gitOut(dir, 'init', '-q', '-b', 'own');
    const store = writeSnapshot(dir, m, { 'routing/queue/q1.json': '{"id":"q1"}\n' });
    const res = await commitLocal(store, 'main', author);
    expect(res.enclosing).toBeUndefined();
    expect(gitOut(dir, 'rev-parse', 'own').trim()).toBe(res.commit);
    expect(gitOut(root, 'rev-list', '--all').trim()).toBe('');
  });

  it('on a detached HEAD commits to the given branch', async () => {
    const root = tempDir();
    gitOut(root, 'init', '-q', '-b', 'trunk');
    writeFileSync(join(root, 'README.md'), 'project\n');
    gitOut(root, 'add', 'README.md');
    gitOut(root, '-c', 'user.name=u', '-c', 'user.email=u@example.com', 'commit', '-q', '-m', 'init');
    gitOut(root, 'checkout', '-q', '--detach');
    const dir = join(root, 'export-output');
    mkdirSync(dir);
    const store = writeSnapshot(dir, m, { 'routing/queue/q1.json': '{"id":"q1"}\n' });
    const res = await commitLocal(store, 'exports', author);
    expect(gitOut(root, 'rev-parse', 'exports').trim()).toBe(res.commit);
    expect(gitOut(root, 'rev-parse', 'exports^').trim()).toBe(gitOut(root, 'rev-parse', 'trunk').trim());
  });

  it('gives a folder the enclosing repository ignores its own repository', async () => {
    const root = tempDir();
    gitOut(root, 'init', '-q', '-b', 'trunk');
    writeFileSync(join(root, '.gitignore'), 'export-output/\n');
    const dir = join(root, 'export-output');
    mkdirSync(dir);
    const store = writeSnapshot(dir, m, { 'routing/queue/q1.json': '{"id":"q1"}\n' });
    const res = await commitLocal(store, 'main', author);
    expect(res.enclosing).toBeUndefined();
    expect(fs.existsSync(join(dir, '.git'))).toBe(true);
    expect(gitOut(dir, 'rev-parse', 'main').trim()).toBe(res.commit);
  });
});

describe('Git publish: publishSnapshot', () => {
  it('publishes nothing without a target, or for a local target on a store that is not a folder', async () => {
    const dir = tempDir();
    const store = writeSnapshot(dir, manifest(), {});
    expect(await publishSnapshot(store, NO_PUBLISH)).toBeUndefined();
    const notAFolder: SnapshotStore = {
      location: 's3://b/latest/',
      read: () => Promise.reject(new Error('not read')),
      write: () => Promise.reject(new Error('not written')),
      delete: () => Promise.reject(new Error('not deleted')),
      list: () => Promise.reject(new Error('not listed')),
      move: () => Promise.reject(new Error('not moved')),
    };
    expect(await publishSnapshot(notAFolder, localTarget())).toBeUndefined();
    expect(fs.existsSync(join(dir, '.git'))).toBe(false);
  });

  it('commits locally on the target branch with the target author', async () => {
    const dir = tempDir();
    const store = writeSnapshot(dir, manifest(), { 'routing/queue/q1.json': '{}\n' });
    const res = await publishSnapshot(
      store,
      localTarget('snapshots', { name: 'Bot', email: 'bot@example.com' }),
    );
    expect(res?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(gitOut(dir, 'log', '-1', '--format=%an <%ae> %D', 'snapshots').trim()).toBe(
      'Bot <bot@example.com> HEAD -> snapshots',
    );
  });

  it('pushes for a remote target (here to a closed port: the fetch fails with a GitPublishError)', async () => {
    const dir = tempDir();
    const store = writeSnapshot(dir, manifest(), {});
    const err = await publishSnapshot(store, {
      kind: 'remote',
      url: 'http://127.0.0.1:9/cx/config.git',
      branch: 'main',
      path: 'snapshot',
      token: 'secret-token-1234',
      tokenStyle: 'basic',
      author,
    }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(GitPublishError);
    expect((err as Error).message).toMatch(
      /^Fetching from http:\/\/127\.0\.0\.1:9\/cx\/config\.git failed: /,
    );
    expect((err as Error).message).not.toContain('secret-token-1234');
  });
});
