/** The local snapshot store: atomic writes, keys that cannot leave the folder, pruning, listing. */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageError, UnsafePathError } from '../../lambdas/engine/errors.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { cleanup, tempDir } from '../helpers.ts';

afterEach(cleanup);

function store(): { dir: string; s: LocalStore } {
  const dir = join(tempDir(), 'snap');
  mkdirSync(dir);
  return { dir, s: new LocalStore(dir) };
}

/** Every file under `dir`, relative, with '/' separators. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

describe('LocalStore: reading and writing', () => {
  it('resolves its root, and reports it as its location', () => {
    const dir = tempDir();
    const s = new LocalStore(`${dir}/./x/../snap`);
    expect(s.root).toBe(join(dir, 'snap'));
    expect(s.location).toBe(join(dir, 'snap'));
  });

  it('writes text and bytes, creating folders, and reads them back; a missing key reads as undefined', async () => {
    const { dir, s } = store();
    await s.write('routing/queue/q1.json', '{"a":1}');
    await s.write('bin/data', new Uint8Array([0, 1, 2, 255]));
    expect(Buffer.from((await s.read('routing/queue/q1.json')) ?? []).toString()).toBe('{"a":1}');
    expect([...((await s.read('bin/data')) ?? [])]).toEqual([0, 1, 2, 255]);
    expect(await s.read('routing/queue/none.json')).toBeUndefined();
    expect(await s.read('nowhere/at/all.json')).toBeUndefined();
    expect(files(dir)).toEqual(['bin/data', 'routing/queue/q1.json']);
  });

  it('replaces a file whole and leaves no temporary file behind', async () => {
    const { dir, s } = store();
    await s.write('a.json', 'first version, longer');
    await s.write('a.json', 'second');
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('second');
    expect(files(dir)).toEqual(['a.json']);
  });

  it('fails a write with a StorageError naming the key and folder, and cleans up its temporary file', async () => {
    const { dir, s } = store();
    writeFileSync(join(dir, 'file'), 'x');
    // (A key under a file fails too, but with the raw ENOTDIR of the clean-up: reported, not tested here.)
    mkdirSync(join(dir, 'taken', 'inner'), { recursive: true });
    const ontoFolder = await s.write('taken', '{}').catch((e: unknown) => e);
    expect(ontoFolder).toBeInstanceOf(StorageError);
    expect((ontoFolder as Error).cause).toBeDefined();
    expect((ontoFolder as Error).message).toMatch(new RegExp(`^cannot write taken in ${dir}: `));
    expect(files(dir)).toEqual(['file']);
    expect(readdirSync(dir).sort()).toEqual(['file', 'taken']);
  });

  it('fails a read of something that is not a file with a StorageError', async () => {
    const { dir, s } = store();
    mkdirSync(join(dir, 'folder'));
    const err = await s.read('folder').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).cause).toBeDefined();
    expect((err as Error).message).toMatch(new RegExp(`^cannot read folder in ${dir}: `));
  });
});

describe('LocalStore: keys never leave the folder', () => {
  const unsafe = ['', '../x.json', 'a/../../x.json', '/etc/passwd', 'a\0b', '../snap-sibling/x.json', '..'];

  it('refuses keys outside the folder, empty keys and NUL bytes, for every operation', async () => {
    const { dir, s } = store();
    const outsideBefore = files(resolve(dir, '..'));
    for (const key of unsafe) {
      await expect(s.write(key, 'x'), `write ${JSON.stringify(key)}`).rejects.toBeInstanceOf(UnsafePathError);
      // read reports it as a storage error that says why
      await expect(s.read(key), `read ${JSON.stringify(key)}`).rejects.toThrow(/refusing to use/);
      await expect(s.delete(key), `delete ${JSON.stringify(key)}`).rejects.toBeInstanceOf(UnsafePathError);
      await expect(s.move('ok.json', key), `move to ${JSON.stringify(key)}`).rejects.toBeInstanceOf(
        UnsafePathError,
      );
      if (key)
        await expect(s.list(key), `list ${JSON.stringify(key)}`).rejects.toBeInstanceOf(UnsafePathError);
    }
    const err = await s.write('../x.json', 'x').catch((e: unknown) => e);
    expect((err as Error).message).toBe(`refusing to use '../x.json': outside ${dir}`);
    expect(files(resolve(dir, '..'))).toEqual(outsideBefore);
  });

  it('accepts keys that stay inside, however they are spelled', async () => {
    const { dir, s } = store();
    await s.write('a/../b.json', '1');
    await s.write('./c/./d.json', '2');
    expect(files(dir)).toEqual(['b.json', 'c/d.json']);
    expect(await s.list('.')).toEqual(['b.json', 'c/d.json']);
    expect(await s.list('c/..')).toEqual(['b.json', 'c/d.json']);
  });
});

describe('LocalStore: deleting, moving, listing', () => {
  it('deletes a file and the folders it leaves empty, up to the root but never the root', async () => {
    const { dir, s } = store();
    await s.write('a/b/c/only.json', '1');
    await s.write('a/keep.json', '2');
    await s.delete('a/b/c/only.json');
    expect(existsSync(join(dir, 'a', 'b'))).toBe(false);
    expect(existsSync(join(dir, 'a', 'keep.json'))).toBe(true);
    await s.delete('a/keep.json');
    expect(existsSync(join(dir, 'a'))).toBe(false);
    expect(existsSync(dir)).toBe(true);
    await s.write('top.json', '3');
    await s.delete('top.json');
    expect(existsSync(dir)).toBe(true);
  });

  it('deletes a folder with everything in it; deleting what is not there is fine', async () => {
    const { dir, s } = store();
    await s.write('.genesys/staging/run1/x.json', '1');
    await s.write('.genesys/staging/run1/y/z.json', '2');
    await s.write('.genesys/export-manifest.json', '3');
    await s.delete('.genesys/staging/run1');
    expect(files(dir)).toEqual(['.genesys/export-manifest.json']);
    await s.delete('.genesys/staging/run1');
    await s.delete('never/was.json');
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('moves a file into place, creating folders; a failed move is a StorageError', async () => {
    const { dir, s } = store();
    await s.write('.genesys/staging/r/files/routing/skill/s1.json', '{"id":"s1"}');
    await s.move('.genesys/staging/r/files/routing/skill/s1.json', 'routing/skill/s1.json');
    expect(files(dir)).toEqual(['routing/skill/s1.json']);
    const err = await s.move('missing.json', 'there.json').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).cause).toBeDefined();
    expect((err as Error).message).toMatch(
      new RegExp(`^cannot move missing\\.json to there\\.json in ${dir}: `),
    );
    await expect(s.move('../outside.json', 'in.json')).rejects.toBeInstanceOf(UnsafePathError);
  });

  it('lists files under a prefix, sorted, with / separators, without temporary files or the Git repository', async () => {
    const { dir, s } = store();
    for (const k of ['routing/skill/b.json', 'routing/skill/a.json', 'routing/queue/q.json', 'x.json'])
      await s.write(k, '1');
    mkdirSync(join(dir, '.git', 'objects'), { recursive: true });
    writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main');
    writeFileSync(join(dir, '.git', 'objects', 'ab'), 'x');
    mkdirSync(join(dir, 'nested', '.git'), { recursive: true });
    writeFileSync(join(dir, 'nested', '.git', 'kept.json'), '1');
    writeFileSync(join(dir, 'routing', 'skill', 'c.json.1a2b3c4d.tmp'), 'half');
    expect(await s.list('routing/skill')).toEqual(['routing/skill/a.json', 'routing/skill/b.json']);
    expect(await s.list('')).toEqual([
      'nested/.git/kept.json',
      'routing/queue/q.json',
      'routing/skill/a.json',
      'routing/skill/b.json',
      'x.json',
    ]);
    expect(await s.list('nothing/here')).toEqual([]);
    expect(await s.list('x.json')).toEqual([]);
  });

  it('lists in sorted order however the file system returns entries', async () => {
    const { s } = store();
    const names = Array.from({ length: 40 }, (_, i) => `f${String(i).padStart(2, '0')}.json`);
    for (const n of names) await s.write(`many/${n}`, '1');
    for (const n of [...names].reverse()) await s.write(`rev/${n}`, '1');
    expect(await s.list('many')).toEqual(names.map((n) => `many/${n}`));
    expect(await s.list('rev')).toEqual(names.map((n) => `rev/${n}`));
    // A folder sorts before a file that extends its name (readdir order), but 'a.json' < 'a/z.json'.
    await s.write('a/z.json', '1');
    await s.write('a.json', '1');
    expect(await s.list('')).toEqual([
      'a.json',
      'a/z.json',
      ...(await s.list('many')),
      ...(await s.list('rev')),
    ]);
  });

  it('fails a listing it cannot read, other than a missing folder', async () => {
    const { dir, s } = store();
    symlinkSync('loop', join(dir, 'loop'));
    await expect(s.list('loop')).rejects.toThrow(/ELOOP/);
  });
});
