/** What of a snapshot store goes to Git: its manifest and run stamp (checked first), and its files as blobs. */
import * as fs from 'node:fs';
import git from 'isomorphic-git';
import { MANIFEST_KEY, RUN_STAMP_KEY } from '../keys.ts';
import type { Manifest, RunStamp } from '../model.ts';
import { readJson, type SnapshotStore } from '../storage/types.ts';
import { isPublishable } from './graft.ts';
import { GitPublishError } from './result.ts';
import type { FlatTree } from './tree.ts';

export interface SnapshotMeta {
  readonly manifest: Manifest;
  readonly stamp: RunStamp;
}

export async function readSnapshotMeta(store: SnapshotStore): Promise<SnapshotMeta> {
  const manifest = await readJson<Manifest>(store, MANIFEST_KEY);
  const stamp = await readJson<RunStamp>(store, RUN_STAMP_KEY);
  if (!manifest || !stamp)
    throw new GitPublishError(
      `no snapshot to publish: ${manifest ? RUN_STAMP_KEY : MANIFEST_KEY} is missing in ${store.location}`,
    );
  return { manifest, stamp };
}

/** Writes every publishable file of the snapshot as a blob; returns path -> blob. */
export async function writeSnapshotBlobs(gitdir: string, store: SnapshotStore): Promise<FlatTree> {
  const flat: FlatTree = new Map();
  for (const key of await store.list('')) {
    if (!isPublishable(key)) continue;
    const data = await store.read(key);
    if (data === undefined) continue;
    const oid = await git.writeBlob({ fs, gitdir, blob: data });
    flat.set(key, { oid, mode: '100644' });
  }
  return flat;
}
