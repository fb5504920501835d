/**
 * Where a publish writes new Git objects: loose objects in a repository on disk (isomorphic-git; a local
 * commit needs them there), or memory, from which one pack is pushed. Hashed and deflated in memory, the
 * first publish of 134,000 synthetic files took about 11 s, push included; written loose, then read back
 * and packed again by isomorphic-git's push, the 5x org's took about 480 s of CPU and 626 MB of /tmp.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { deflateSync } from 'node:zlib';
import git, { type CommitObject, type TreeEntry } from 'isomorphic-git';

export interface ObjectWriter {
  blob(data: Uint8Array): Promise<string>;
  tree(entries: readonly TreeEntry[]): Promise<string>;
  commit(commit: CommitObject): Promise<string>;
}

/** Loose objects in `gitdir`, as isomorphic-git writes them. */
export function looseObjects(gitdir: string): ObjectWriter {
  return {
    blob: (blob) => git.writeBlob({ fs, gitdir, blob }),
    tree: (tree) => git.writeTree({ fs, gitdir, tree: [...tree] }),
    commit: (commit) => git.writeCommit({ fs, gitdir, commit }),
  };
}

type ObjectType = 'commit' | 'tree' | 'blob';
const PACK_TYPE: Record<ObjectType, number> = { commit: 1, tree: 2, blob: 3 };

/** Git's tree order: names compared as bytes, a folder's as if it ended in `/`. */
function treeOrder(a: TreeEntry, b: TreeEntry): number {
  const key = (e: TreeEntry) => Buffer.from(e.mode === '040000' ? `${e.path}/` : e.path);
  return Buffer.compare(key(a), key(b));
}

export function treeContent(entries: readonly TreeEntry[]): Buffer {
  return Buffer.concat(
    [...entries]
      .sort(treeOrder)
      .flatMap((e) => [Buffer.from(`${e.mode.replace(/^0/, '')} ${e.path}\0`), Buffer.from(e.oid, 'hex')]),
  );
}

function signature(s: CommitObject['author']): string {
  const offset = s.timezoneOffset;
  // Git stores the offset east of UTC; the object's timezoneOffset is minutes west, as Date's is.
  const east = offset === 0 ? 0 : -offset;
  const abs = Math.abs(east);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${s.name} <${s.email}> ${s.timestamp} ${east < 0 ? '-' : '+'}${hhmm}`;
}

/** A commit's bytes as `git commit-tree` (and isomorphic-git) write them: one trailing newline. */
export function commitContent(c: CommitObject): Buffer {
  const parents = c.parent.map((p) => `parent ${p}\n`).join('');
  const message = `${c.message.replace(/\r/g, '').replace(/^\n+/, '').replace(/\n+$/, '')}\n`;
  return Buffer.from(
    `tree ${c.tree}\n${parents}author ${signature(c.author)}\ncommitter ${signature(c.committer ?? c.author)}\n\n${message}`,
  );
}

/** New objects kept in memory, deflated, for one pack; an object added twice is kept once. */
export class PackedObjects implements ObjectWriter {
  private readonly objects = new Map<string, { type: ObjectType; size: number; deflated: Buffer }>();

  get count(): number {
    return this.objects.size;
  }

  oids(): string[] {
    return [...this.objects.keys()];
  }

  has(oid: string): boolean {
    return this.objects.has(oid);
  }

  add(type: ObjectType, content: Uint8Array): string {
    const oid = createHash('sha1').update(`${type} ${content.byteLength}\0`).update(content).digest('hex');
    if (!this.objects.has(oid))
      // Copied: the buffer deflateSync returns holds on to its whole output chunk (16 KB or more).
      this.objects.set(oid, { type, size: content.byteLength, deflated: Buffer.from(deflateSync(content)) });
    return oid;
  }

  async blob(data: Uint8Array): Promise<string> {
    return this.add('blob', data);
  }

  async tree(entries: readonly TreeEntry[]): Promise<string> {
    return this.add('tree', treeContent(entries));
  }

  async commit(commit: CommitObject): Promise<string> {
    return this.add('commit', commitContent(commit));
  }

  /**
   * A version-2 pack of the objects `oids` names (every object when omitted), whole (no deltas), in
   * chunks: a header, each object's type-and-size header and deflated bytes, and the SHA-1 trailer.
   */
  pack(oids?: Iterable<string>): Buffer[] {
    const chosen = oids ? [...new Set(oids)] : [...this.objects.keys()];
    const header = Buffer.alloc(12);
    header.write('PACK', 0, 'latin1');
    header.writeUInt32BE(2, 4);
    header.writeUInt32BE(chosen.length, 8);
    const chunks: Buffer[] = [header];
    const sum = createHash('sha1').update(header);
    for (const oid of chosen) {
      const o = this.objects.get(oid);
      if (!o) throw new Error(`object ${oid} is not in this pack's objects`);
      const head = objectHeader(PACK_TYPE[o.type], o.size);
      sum.update(head).update(o.deflated);
      chunks.push(head, o.deflated);
    }
    chunks.push(sum.digest());
    return chunks;
  }
}

/** The pack entry header: type in bits 4-6 of the first byte, the size in 4 bits then 7 bits a byte. */
function objectHeader(type: number, size: number): Buffer {
  const bytes: number[] = [];
  let rest = Math.floor(size / 16);
  let byte = (type << 4) | (size & 0x0f);
  while (rest > 0) {
    bytes.push(byte | 0x80);
    byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
  }
  bytes.push(byte);
  return Buffer.from(bytes);
}
