/** Publishing snapshots to a real Git server on loopback, checked with the git CLI. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commitLocal, type GitAuthor, publishToRemote } from '../../lambdas/engine/git/publish.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { cleanup, everyPermissionExcept, exportOnce, startSimulator, tempDir } from '../helpers.ts';
import { GitHttpServer } from './server.ts';

const TOKEN = 'glpat-test-token-0123456789';
const author: GitAuthor = { name: 'cx-export', email: 'cx-export@example.com' };
const server = new GitHttpServer('oauth2', TOKEN);

beforeAll(() => server.start());
afterAll(() => server.stop());
afterEach(cleanup);

const target = (url: string, over: Partial<Parameters<typeof publishToRemote>[1]> = {}) => ({
  url,
  branch: 'main',
  path: 'snapshot',
  token: TOKEN,
  tokenStyle: 'gitlab' as const,
  ...over,
});

describe('Git: publishing to a remote', () => {
  it("waits for a server silent longer than Node's 5-second idle socket limit while it packs a fetch", async () => {
    const url = server.createRepo('slow.git');
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    await publishToRemote(new LocalStore(dir), target(url), author);
    sim.org.queues[0] = { ...sim.org.queues[0], name: 'Billing (slow remote)' };
    await exportOnce(sim, dir);
    server.fetchSilenceMs = 6_000;
    try {
      const res = await publishToRemote(new LocalStore(dir), target(url), author);
      expect(server.git('slow.git', 'rev-parse', 'main').trim()).toBe(res.commit);
      expect(server.git('slow.git', 'log', '-1', '--format=%B', 'main')).toContain('Billing (slow remote)');
    } finally {
      server.fetchSilenceMs = 0;
    }
  }, 30_000);

  it('pushes the first snapshot to an empty remote, then makes no commit for an unchanged org', async () => {
    const url = server.createRepo('first.git');
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const first = await publishToRemote(new LocalStore(dir), target(url), author);
    expect(first.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(server.git('first.git', 'rev-parse', 'main').trim()).toBe(first.commit);
    execFileSync('git', ['-C', join(server.root, 'first.git'), 'fsck', '--strict']);
    const files = server.git('first.git', 'ls-tree', '-r', '--name-only', 'main').trim().split('\n');
    expect(files).toContain('snapshot/.genesys/export-manifest.json');
    expect(files.filter((f) => f.startsWith('snapshot/routing/queue/'))).toHaveLength(sim.org.queues.length);
    expect(files.some((f) => f.includes('staging'))).toBe(false);
    const message = server.git('first.git', 'log', '-1', '--format=%B', 'main');
    expect(message).toMatch(/^Genesys Cloud export: \d+ added, 0 changed, 0 removed/);
    expect(message).toContain(`Organization: Example Contact Center (${sim.org.organization.id})`);

    sim.advanceVolatileState();
    await exportOnce(sim, dir);
    const second = await publishToRemote(new LocalStore(dir), target(url), author);
    expect(second.commit).toBeUndefined();
    expect(server.git('first.git', 'rev-list', '--count', 'main').trim()).toBe('1');
  });

  it('commits a change with per-type counts and names, and a removal', async () => {
    const url = server.createRepo('change.git');
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    await publishToRemote(new LocalStore(dir), target(url), author);
    const added = sim.addResource('skills');
    const renamed = sim.org.queues[0] as { name: string };
    renamed.name = 'Billing (renamed)';
    const goneLanguage = sim.org.languages.at(-1);
    for (const u of sim.org.users) u.languages = (u.languages ?? []).filter((l) => l.id !== goneLanguage?.id);
    sim.removeResource('languages', goneLanguage?.id as string);
    await exportOnce(sim, dir);
    const res = await publishToRemote(new LocalStore(dir), target(url), author);
    const message = server.git('change.git', 'log', '-1', '--format=%B', 'main');
    expect(message).toContain(`routing:skill: 1 added (${added.name})`);
    expect(message).toContain('routing:queue: 1 changed (Billing (renamed))');
    expect(message).toContain(`routing:language: 1 removed (${goneLanguage?.name})`);
    expect(
      res.changes.filter((c) => c.type === 'admin:user' && c.change === 'changed').length,
    ).toBeGreaterThan(0);
    const tree = server.git('change.git', 'ls-tree', '-r', '--name-only', 'main');
    expect(tree).not.toContain(`routing/language/${goneLanguage?.id}.json`);
  });

  it('keeps the files of a skipped type in Git', async () => {
    const url = server.createRepo('skipped.git');
    const sim = await startSimulator({ clients: [{ clientId: 'c', clientSecret: 's', permissions: ['*'] }] });
    const client = { clientId: 'c', clientSecret: 's', permissions: [] };
    const first = tempDir();
    await exportOnce(sim, first, {}, client);
    await publishToRemote(new LocalStore(first), target(url), author);
    const before = server.git('skipped.git', 'ls-tree', '-r', 'main', 'snapshot/routing/flow');
    // A fresh folder (as on a new machine) with flows skipped: Git must still keep the flows.
    sim.setPermissions(
      'c',
      everyPermissionExcept(
        'architect:flow:view',
        'architect:dependencyTracking:view',
        'architect:jobExport:create',
        'architect:jobExport:view',
      ),
    );
    const fresh = tempDir();
    const { result } = await exportOnce(sim, fresh, {}, client);
    expect(result.complete).toBe(false);
    await publishToRemote(new LocalStore(fresh), target(url), author);
    expect(server.git('skipped.git', 'ls-tree', '-r', 'main', 'snapshot/routing/flow')).toBe(before);
    expect(server.git('skipped.git', 'log', '-1', '--format=%B', 'main')).toContain(
      'Snapshot: partial (skipped: routing:flow)',
    );
  });

  it('two runs racing to push both land, nothing lost', async () => {
    const url = server.createRepo('race.git');
    const sim = await startSimulator();
    const a = tempDir();
    await exportOnce(sim, a);
    await publishToRemote(new LocalStore(a), target(url), author);
    sim.addResource('skills');
    const b = tempDir();
    await exportOnce(sim, b);
    sim.addResource('wrapupCodes');
    const c = tempDir();
    await exportOnce(sim, c);
    const [rb, rc] = await Promise.all([
      publishToRemote(new LocalStore(b), target(url), author),
      publishToRemote(new LocalStore(c), target(url), author),
    ]);
    expect(rb.commit && rc.commit).toBeTruthy();
    expect(rb.attempts + rc.attempts).toBeGreaterThan(2);
    const log = server.git('race.git', 'log', '--format=%H', 'main').trim().split('\n');
    expect(log).toContain(rb.commit);
    expect(log).toContain(rc.commit);
    execFileSync('git', ['-C', join(server.root, 'race.git'), 'fsck', '--strict']);
  });

  it('fails clearly on a wrong token without leaking it or pushing anything', async () => {
    const url = server.createRepo('denied.git');
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const wrong = 'glpat-wrong-token-999999';
    const err = await publishToRemote(new LocalStore(dir), target(url, { token: wrong }), author).catch(
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/failed: .*401/);
    expect((err as Error).message).not.toContain(wrong);
    expect(server.git('denied.git', 'rev-list', '--all').trim()).toBe('');
  });
});

describe('Git: committing into the output folder (--gitCommit)', () => {
  it('initializes a repository, commits, leaves a clean work tree, and skips unchanged runs', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const store = new LocalStore(dir);
    const first = await commitLocal(store, 'main', author);
    expect(first.commit).toBeTruthy();
    const status = () => execFileSync('git', ['-C', dir, 'status', '--porcelain'], { encoding: 'utf8' });
    expect(status()).toBe('');
    expect(existsSync(join(dir, '.git'))).toBe(true);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('.env');
    sim.advanceVolatileState();
    await exportOnce(sim, dir);
    expect((await commitLocal(store, 'main', author)).commit).toBeUndefined();
    sim.addResource('queues');
    await exportOnce(sim, dir);
    const third = await commitLocal(store, 'main', author);
    expect(third.changes.some((c) => c.type === 'routing:queue' && c.change === 'added')).toBe(true);
    expect(status()).toBe('');
    expect(execFileSync('git', ['-C', dir, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8' }).trim()).toBe(
      '2',
    );
  });
});
