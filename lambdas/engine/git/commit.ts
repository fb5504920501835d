/**
 * One commit of a snapshot on top of a parent commit (or none): graft the snapshot into the parent's tree,
 * list what changed with names, and write the commit, dated by the run, unless nothing changed.
 */
import * as fs from 'node:fs';
import git from 'isomorphic-git';
import type { ResourceChange } from '../changes.ts';
import { MANIFEST_KEY, resourceKey } from '../keys.ts';
import type { Manifest } from '../model.ts';
import { diffSnapshots } from '../snapshot-diff.ts';
import { folderPrefix, graft, sameContent, subtree } from './graft.ts';
import type { ObjectWriter } from './objects.ts';
import type { SnapshotMeta } from './snapshot.ts';
import { commitMessage } from './summary.ts';
import type { GitAuthor } from './target.ts';
import { type FlatTree, writeNestedTree } from './tree.ts';

async function readText(gitdir: string, oid: string): Promise<string> {
  return Buffer.from((await git.readBlob({ fs, gitdir, oid })).blob).toString('utf8');
}

/** Resource names for the message: this run's manifest first, the parent's for removed resources. */
async function nameLookup(
  gitdir: string,
  parent: FlatTree,
  manifest: Manifest,
  manifestPath: string,
): Promise<(type: string, id: string) => string> {
  const names = new Map<string, string>();
  const old = parent.get(manifestPath);
  if (old) {
    try {
      const prev = JSON.parse(await readText(gitdir, old.oid)) as Manifest;
      for (const r of prev.resources) names.set(resourceKey(r.type, r.id), r.name);
    } catch {
      /* an unreadable earlier manifest only costs names in the message */
    }
  }
  for (const r of manifest.resources) names.set(resourceKey(r.type, r.id), r.name);
  return (type, id) => names.get(resourceKey(type, id)) ?? id;
}

export interface BuiltCommit {
  /** Undefined when the next tree equals the parent's. */
  readonly commit?: string;
  readonly message?: string;
  readonly changes: ResourceChange[];
  readonly next: FlatTree;
  readonly parent: FlatTree;
}

/** The commit a new one is built on (none for a new branch) and its files (`commitTree`). */
export interface ParentCommit {
  readonly commit: string | undefined;
  readonly tree: FlatTree;
}

/** Reads the parent's manifest from `gitdir`; writes the new trees and commit to `objects`. */
export async function buildCommit(
  gitdir: string,
  objects: ObjectWriter,
  snapshot: FlatTree,
  { commit: parentCommit, tree: parent }: ParentCommit,
  folder: string,
  { manifest, stamp }: SnapshotMeta,
  author: GitAuthor,
): Promise<BuiltCommit> {
  const next = graft(parent, snapshot, folder, manifest);
  const manifestPath = `${folderPrefix(folder)}${MANIFEST_KEY}`;
  const changes = diffSnapshots(
    subtree(parent, folder),
    subtree(next, folder),
    await nameLookup(gitdir, parent, manifest, manifestPath),
  );
  if (parentCommit && sameContent(parent, next)) return { changes: [], next, parent };
  const tree = await writeNestedTree(objects, next);
  const message = commitMessage(changes, manifest, stamp);
  const when = Math.floor(Date.parse(stamp.exportTime) / 1000);
  const signature = { name: author.name, email: author.email, timestamp: when, timezoneOffset: 0 };
  const commit = await objects.commit({
    message,
    tree,
    parent: parentCommit ? [parentCommit] : [],
    author: signature,
    committer: signature,
  });
  return { commit, message, changes, next, parent };
}
