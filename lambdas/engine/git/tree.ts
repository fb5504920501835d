/**
 * Git trees as flat `path -> blob` maps: read a commit's tree into one, and write one back as nested
 * trees. Blobs and trees are written directly, with no index walk over thousands of files.
 */
import * as fs from 'node:fs';
import { posix } from 'node:path';
import git, { type TreeEntry } from 'isomorphic-git';
import { byKeys } from '../order.ts';
import type { ObjectWriter } from './objects.ts';

/** Every file of a tree by its `/`-separated path from the root. */
export type FlatTree = Map<string, { readonly oid: string; readonly mode: string }>;

/** The folder a path is in; '' for the root. */
export function parentFolder(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}

export async function flattenTree(
  gitdir: string,
  oid: string,
  prefix = '',
  out: FlatTree = new Map(),
): Promise<FlatTree> {
  const { tree } = await git.readTree({ fs, gitdir, oid });
  for (const e of tree) {
    const p = posix.join(prefix, e.path);
    if (e.type === 'tree') await flattenTree(gitdir, e.oid, p, out);
    else out.set(p, { oid: e.oid, mode: e.mode });
  }
  return out;
}

/** The files of a commit's tree; none for no commit (a branch not created yet). */
export async function commitTree(gitdir: string, commit: string | undefined): Promise<FlatTree> {
  if (!commit) return new Map();
  return flattenTree(gitdir, (await git.readCommit({ fs, gitdir, oid: commit })).commit.tree);
}

/** The blob entries of each folder, every ancestor folder included (an empty list for a folder of folders). */
export function entriesByFolder(flat: FlatTree): Map<string, TreeEntry[]> {
  const dirs = new Map<string, TreeEntry[]>([['', []]]);
  const ensure = (dir: string): TreeEntry[] => {
    let entries = dirs.get(dir);
    if (!entries) {
      entries = [];
      dirs.set(dir, entries);
      ensure(parentFolder(dir));
    }
    return entries;
  };
  for (const [path, { oid, mode }] of flat)
    ensure(parentFolder(path)).push({ mode, path: posix.basename(path), oid, type: 'blob' });
  return dirs;
}

/** Deepest folders first, so each parent can reference its children's trees; the root comes last. */
export const deepestFirst = byKeys((dir: string) => [-(dir === '' ? 0 : dir.split('/').length), dir]);

/** Writes `flat` as nested trees; returns the root tree. */
export async function writeNestedTree(objects: ObjectWriter, flat: FlatTree): Promise<string> {
  const dirs = entriesByFolder(flat);
  for (const dir of [...dirs.keys()].sort(deepestFirst)) {
    if (dir === '') continue;
    const oid = await objects.tree(dirs.get(dir) as TreeEntry[]);
    (dirs.get(parentFolder(dir)) as TreeEntry[]).push({
      mode: '040000',
      path: posix.basename(dir),
      oid,
      type: 'tree',
    });
  }
  return objects.tree(dirs.get('') as TreeEntry[]);
}
