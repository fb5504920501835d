/**
 * Publishing to a remote with small hand-made snapshots (no simulator): the folder in the remote's tree,
 * no commit for an unchanged snapshot, concurrent pushes both landing, and a wrong token failing without
 * leaking it. Fast enough for mutation testing; publish.test.ts does the same with whole exports.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gitHttp } from '../../lambdas/engine/git/http.ts';
import { PackedObjects } from '../../lambdas/engine/git/objects.ts';
import { GitPublishError, publishToRemote, type RemoteTarget } from '../../lambdas/engine/git/publish.ts';
import { PushRejectedError, pushPack } from '../../lambdas/engine/git/receive-pack.ts';
import type { BlobIndex } from '../../lambdas/engine/git/snapshot.ts';
import { MANIFEST_KEY, RUN_STAMP_KEY } from '../../lambdas/engine/keys.ts';
import type { Manifest } from '../../lambdas/engine/model.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { GitHttpServer } from './server.ts';

const TOKEN = 'glpat-unit-token-0123456789';
const author = { name: 'cx-export', email: 'cx-export@example.com' };
const server = new GitHttpServer('oauth2', TOKEN);
beforeAll(() => server.start());
afterAll(() => server.stop());

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const complete = {
  outcome: 'exported',
  count: 1,
  byReference: 0,
  changedDuringListing: false,
  listedCompletely: true,
};

/** A snapshot folder with a manifest, a run stamp and these files. */
function snapshot(files: Record<string, string>, runId = 'run-1'): LocalStore {
  const dir = mkdtempSync(join(tmpdir(), 'cx-export-remote-unit-'));
  temps.push(dir);
  const manifest = {
    schemaVersion: 1,
    organizationId: 'org-1',
    organizationName: 'Acme',
    options: { organizationId: 'org-1' },
    complete: true,
    types: { 'routing:queue': complete, 'routing:skill': complete },
    resources: [],
    importOrder: [],
    cycles: [],
    skipped: [],
    errors: [],
    unresolvedReferences: [],
    notFound: [],
    removalsNotRecorded: [],
  } as unknown as Manifest;
  const all = {
    [MANIFEST_KEY]: JSON.stringify(manifest),
    [RUN_STAMP_KEY]: JSON.stringify({
      schemaVersion: 1,
      runId,
      exportTime: '2024-05-01T10:00:00Z',
      complete: true,
    }),
    ...files,
  };
  for (const [k, v] of Object.entries(all)) {
    mkdirSync(join(dir, k, '..'), { recursive: true });
    writeFileSync(join(dir, k), v);
  }
  return new LocalStore(dir);
}

const target = (url: string, over: Partial<RemoteTarget> = {}): RemoteTarget => ({
  url,
  branch: 'main',
  path: 'snapshot',
  token: TOKEN,
  tokenStyle: 'gitlab',
  ...over,
});

const files = (repo: string) => server.git(repo, 'ls-tree', '-r', '--name-only', 'main').trim().split('\n');

describe('Git publish: pushing to a remote (small snapshots)', () => {
  it('pushes into the folder, makes no commit for an unchanged snapshot, and replaces only the folder later', async () => {
    const url = server.createRepo('unit-first.git');
    const first = await publishToRemote(snapshot({ 'routing/queue/q1.json': 'q1' }), target(url), author);
    expect(first.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(first.attempts).toBe(1);
    expect(first.changes.map((c) => `${c.change} ${c.id}`)).toEqual(['added q1']);
    expect(server.git('unit-first.git', 'rev-parse', 'main').trim()).toBe(first.commit);
    expect(files('unit-first.git')).toEqual([`snapshot/${MANIFEST_KEY}`, 'snapshot/routing/queue/q1.json']);

    const same = await publishToRemote(
      snapshot({ 'routing/queue/q1.json': 'q1' }, 'run-2'),
      target(url),
      author,
    );
    expect(same).toEqual({ changes: [], attempts: 1 });
    expect(server.git('unit-first.git', 'rev-list', '--count', 'main').trim()).toBe('1');

    const other = await publishToRemote(
      snapshot({ 'routing/skill/s1.json': 's1' }, 'run-3'),
      target(url, { path: 'elsewhere/' }),
      author,
    );
    expect(other.commit).toBeDefined();
    const next = await publishToRemote(
      snapshot({ 'routing/queue/q2.json': 'q2' }, 'run-4'),
      target(url),
      author,
    );
    expect(next.changes.map((c) => `${c.change} ${c.id}`)).toEqual(['added q2', 'removed q1']);
    expect(files('unit-first.git')).toEqual([
      `elsewhere/${MANIFEST_KEY}`,
      'elsewhere/routing/skill/s1.json',
      `snapshot/${MANIFEST_KEY}`,
      'snapshot/routing/queue/q2.json',
    ]);
    expect(server.git('unit-first.git', 'rev-parse', 'main^').trim()).toBe(other.commit);
  });

  it('lands two concurrent pushes, the later one re-applied on top of the earlier', async () => {
    const url = server.createRepo('unit-race.git');
    await publishToRemote(snapshot({ 'routing/queue/q1.json': 'q1' }), target(url), author);
    const [a, b] = await Promise.all([
      publishToRemote(
        snapshot({ 'routing/queue/q1.json': 'q1', 'a/x.json': 'a' }, 'run-a'),
        target(url),
        author,
      ),
      publishToRemote(
        snapshot({ 'routing/queue/q1.json': 'q1' }, 'run-b'),
        target(url, { path: 'other' }),
        author,
      ),
    ]);
    const log = server.git('unit-race.git', 'log', '--format=%H', 'main').trim().split('\n');
    expect(log).toHaveLength(3);
    expect(log).toContain(a.commit);
    expect(log).toContain(b.commit);
    expect(files('unit-race.git')).toContain('snapshot/a/x.json');
    expect(files('unit-race.git')).toContain('other/routing/queue/q1.json');
  });

  it('fails on a rejected push once the attempts run out', async () => {
    const url = server.createRepo('unit-reject.git');
    await publishToRemote(snapshot({ 'routing/queue/q1.json': 'q1' }), target(url), author);
    const results = await Promise.allSettled(
      ['a', 'b', 'c'].map((n) =>
        publishToRemote(
          snapshot({ [`routing/queue/${n}.json`]: n }, `run-${n}`),
          target(url, { path: n, maxAttempts: 1 }),
          author,
        ),
      ),
    );
    const failed = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason);
    const landed = results.filter((r) => r.status === 'fulfilled');
    expect(landed.length).toBeGreaterThan(0);
    for (const err of failed) {
      expect(err).toBeInstanceOf(GitPublishError);
      expect((err as Error).message).toMatch(
        /^Pushing to http:\/\/127\.0\.0\.1:\d+\/unit-reject\.git failed: /,
      );
    }
    expect(server.git('unit-reject.git', 'rev-list', '--count', 'main').trim()).toBe(
      String(1 + landed.length),
    );
  });

  it('fails on a wrong token without leaking it or pushing anything', async () => {
    const url = server.createRepo('unit-denied.git');
    const wrong = 'glpat-wrong-token-999999';
    const err = await publishToRemote(
      snapshot({ 'routing/queue/q1.json': 'q1' }),
      target(url, { token: wrong }),
      author,
    ).catch((e: Error) => e);
    expect(err).toBeInstanceOf(GitPublishError);
    expect((err as Error).message).toMatch(
      /^Fetching from http:\/\/127\.0\.0\.1:\d+\/unit-denied\.git failed: .*401/,
    );
    expect((err as Error).message).not.toContain(wrong);
    expect(server.git('unit-denied.git', 'rev-list', '--all').trim()).toBe('');
  });

  it('re-applies the snapshot on top when another writer moved the branch before the push', async () => {
    const url = server.createRepo('unit-moved.git');
    await publishToRemote(snapshot({ 'routing/queue/q1.json': 'q1' }), target(url), author);
    let interloper = '';
    server.onPush = (repo) => {
      server.onPush = undefined;
      interloper = server.advance(repo);
    };
    try {
      const res = await publishToRemote(
        snapshot({ 'routing/queue/q2.json': 'q2' }, 'run-2'),
        target(url),
        author,
      );
      expect(res.attempts).toBe(2);
      expect(res.changes.map((c) => `${c.change} ${c.id}`)).toEqual(['added q2', 'removed q1']);
      expect(server.git('unit-moved.git', 'rev-parse', 'main').trim()).toBe(res.commit);
      expect(server.git('unit-moved.git', 'rev-parse', 'main^').trim()).toBe(interloper);
    } finally {
      server.onPush = undefined;
    }
  });

  it('sends the blobs it reused unread when another writer removed them from the branch meanwhile', async () => {
    const url = server.createRepo('unit-emptied.git');
    // A bucket-like store (content tags), so that the second publish reuses q1's blob without reading it.
    const tagged = (store: LocalStore) =>
      Object.assign(store, {
        listTagged: async () => {
          const out = new Map<string, string>();
          for (const key of await store.list(''))
            out.set(
              key,
              createHash('md5')
                .update((await store.read(key)) as Uint8Array)
                .digest('hex'),
            );
          return out;
        },
      });
    let saved: BlobIndex | undefined;
    const index = {
      load: async () => saved,
      save: async (i: BlobIndex) => {
        saved = i;
      },
    };
    await publishToRemote(tagged(snapshot({ 'routing/queue/q1.json': 'q1' })), target(url), author, index);
    const repo = join(server.root, 'unit-emptied.git');
    // Force-pushed history without the snapshot, and the old objects pruned, as a server may after a rewrite.
    server.onPush = () => {
      server.onPush = undefined;
      const git = (...args: string[]) => server.git('unit-emptied.git', ...args).trim();
      const empty = execFileSync('git', ['-C', repo, 'mktree'], { input: '', encoding: 'utf8' }).trim();
      git('update-ref', 'refs/heads/main', git('commit-tree', empty, '-m', 'rewritten'));
      git('reflog', 'expire', '--expire=now', '--all');
      git('gc', '--prune=now', '--quiet');
    };
    try {
      const res = await publishToRemote(
        tagged(snapshot({ 'routing/queue/q1.json': 'q1', 'routing/queue/q2.json': 'q2' }, 'run-2')),
        target(url),
        author,
        index,
      );
      expect(res.attempts).toBe(2);
      expect(server.git('unit-emptied.git', 'show', 'main:snapshot/routing/queue/q1.json')).toBe('q1');
      execFileSync('git', ['-C', repo, 'fsck', '--strict']);
    } finally {
      server.onPush = undefined;
    }
  });

  it('fails at once, saying why, when a server hook refuses the push (no retry)', async () => {
    const url = server.createRepo('unit-hook.git');
    await publishToRemote(snapshot({ 'routing/queue/q1.json': 'q1' }), target(url), author);
    const hook = join(server.root, 'unit-hook.git', 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "snapshot pushes are frozen" >&2\nexit 1\n', { mode: 0o755 });
    const before = server.requests.filter((r) => r.path.endsWith('/git-receive-pack')).length;
    const err = await publishToRemote(
      snapshot({ 'routing/queue/q2.json': 'q2' }, 'run-2'),
      target(url),
      author,
    ).catch((e: Error) => e);
    expect(err).toBeInstanceOf(GitPublishError);
    expect((err as Error).message).toMatch(
      /^Pushing to http:\/\/127\.0\.0\.1:\d+\/unit-hook\.git failed: the Git server refused the push: pre-receive hook declined$/,
    );
    expect(server.requests.filter((r) => r.path.endsWith('/git-receive-pack')).length - before).toBe(1);
    expect(server.git('unit-hook.git', 'rev-list', '--count', 'main').trim()).toBe('1');
  });

  it('reports a pack the server cannot unpack, and a branch that moved since the commit was built', async () => {
    const url = server.createRepo('unit-unpack.git');
    const first = await publishToRemote(snapshot({ 'routing/queue/q1.json': 'q1' }), target(url), author);
    const push = (old: string | undefined, pack: Buffer[]) =>
      pushPack({
        http: gitHttp,
        url,
        onAuth: () => ({ username: 'oauth2', password: TOKEN }),
        ref: 'refs/heads/main',
        old,
        commit: 'c'.repeat(40),
        pack,
      }).catch((e: Error) => e);
    const garbage = await push(first.commit, [Buffer.from('PACK not really a pack')]);
    expect(garbage).not.toBeInstanceOf(PushRejectedError);
    expect((garbage as Error).message).toMatch(/^the Git server could not unpack the push: unpack \S/);
    const stale = await push('d'.repeat(40), new PackedObjects().pack());
    expect(stale).toBeInstanceOf(PushRejectedError);
    expect((stale as Error).message).toBe('rejected: refs/heads/main moved on the server (fetch first)');
    expect(server.git('unit-unpack.git', 'rev-parse', 'main').trim()).toBe(first.commit);
  });

  it('gives up after maxAttempts pushes rejected because the branch keeps moving', async () => {
    const url = server.createRepo('unit-busy.git');
    await publishToRemote(snapshot({ 'routing/queue/q1.json': 'q1' }), target(url), author);
    let pushes = 0;
    server.onPush = (repo) => {
      pushes++;
      server.advance(repo);
    };
    try {
      const err = await publishToRemote(
        snapshot({ 'routing/queue/q2.json': 'q2' }, 'run-2'),
        target(url, { maxAttempts: 3 }),
        author,
      ).catch((e: Error) => e);
      expect(err).toBeInstanceOf(GitPublishError);
      expect((err as Error).message).toMatch(
        /^Pushing to http:\/\/127\.0\.0\.1:\d+\/unit-busy\.git failed: /,
      );
      expect((err as Error).message).not.toContain(TOKEN);
      expect(pushes).toBe(3);
      expect(server.git('unit-busy.git', 'log', '-1', '--format=%s', 'main').trim()).toBe('another writer');
    } finally {
      server.onPush = undefined;
    }
  });
});
