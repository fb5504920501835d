/** A snapshot store on the local file system, with atomic writes (temp file + rename). */
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { errorMessage, StorageError, UnsafePathError } from '../errors.ts';
import { compare } from '../order.ts';
import type { SnapshotStore, WriteCondition } from './types.ts';

export class LocalStore implements SnapshotStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  get location(): string {
    return this.root;
  }

  /** Maps a key to a path, refusing anything that would land outside the root. */
  private path(key: string): string {
    const p = resolve(this.root, key);
    if (!key || key.includes('\0') || (p !== this.root && !p.startsWith(this.root + sep))) {
      throw new UnsafePathError(`refusing to use '${key}': outside ${this.root}`);
    }
    return p;
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    const p = this.path(key);
    try {
      return await readFile(p);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return undefined;
      throw new StorageError(`cannot read ${key} in ${this.root}: ${errorMessage(err)}`, { cause: err });
    }
  }

  async write(key: string, data: Uint8Array | string): Promise<void> {
    const p = this.path(key);
    const tmp = `${p}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(p), { recursive: true });
      await writeFile(tmp, data);
      await rename(tmp, p);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => {});
      throw new StorageError(`cannot write ${key} in ${this.root}: ${errorMessage(err)}`, { cause: err });
    }
  }

  async readTagged(key: string): Promise<{ data: Uint8Array; tag: string } | undefined> {
    const data = await this.read(key);
    return data && { data, tag: createHash('sha256').update(data).digest('hex') };
  }

  /**
   * "Absent" is atomic (a hard link fails when the name exists); "still this version" compares then
   * renames, which is enough for one machine's runs (S3 checks both on the server).
   */
  async writeIf(key: string, data: Uint8Array | string, condition: WriteCondition): Promise<boolean> {
    if ('tag' in condition) {
      if ((await this.readTagged(key))?.tag !== condition.tag) return false;
      await this.write(key, data);
      return true;
    }
    const p = this.path(key);
    const tmp = `${p}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(p), { recursive: true });
      await writeFile(tmp, data);
      await link(tmp, p);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === 'EEXIST') return false;
      throw new StorageError(`cannot write ${key} in ${this.root}: ${errorMessage(err)}`, { cause: err });
    } finally {
      await rm(tmp, { force: true }).catch(() => {});
    }
  }

  async delete(key: string): Promise<void> {
    const p = this.path(key);
    await rm(p, { force: true, recursive: true });
    // Prune folders the deletion left empty, up to (not including) the root.
    for (let dir = dirname(p); dir.startsWith(this.root + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
    }
  }

  async move(from: string, to: string): Promise<void> {
    const target = this.path(to);
    const source = this.path(from);
    try {
      await mkdir(dirname(target), { recursive: true });
      await rename(source, target);
    } catch (err) {
      throw new StorageError(`cannot move ${from} to ${to} in ${this.root}: ${errorMessage(err)}`, {
        cause: err,
      });
    }
  }

  async list(prefix: string): Promise<string[]> {
    const base = prefix ? this.path(prefix) : this.root;
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as { code?: string }).code === 'ENOENT' || (err as { code?: string }).code === 'ENOTDIR')
          return;
        throw err;
      }
      for (const e of entries) {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          // A Git work tree's repository is not part of the snapshot.
          if (!(e.name === '.git' && dir === this.root)) await walk(p);
        } else if (!e.name.endsWith('.tmp')) out.push(relative(this.root, p).split(sep).join('/'));
      }
    };
    await walk(base);
    return out.sort(compare);
  }
}
