/** What of a snapshot store goes to Git: its manifest and run stamp (checked first), and its files as blobs. */
import { mapLimit } from '../concurrency.ts';
import { MANIFEST_KEY, RUN_STAMP_KEY } from '../keys.ts';
import type { Manifest, RunStamp } from '../model.ts';
import { listingStore, readJson, type SnapshotStore } from '../storage/types.ts';
import { isPublishable } from './graft.ts';
import type { ObjectWriter } from './objects.ts';
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

/**
 * Which blob each file of a bucket's snapshot had when it was last published, by its content tag (ETag):
 * kept beside the archive so that the next publish reads only files whose tag changed.
 */
export interface BlobIndex {
  readonly schemaVersion: 1;
  /** The remote, branch and folder published to: an index for another target is not used. */
  readonly target: string;
  readonly files: Record<string, { readonly tag: string; readonly oid: string }>;
}

export interface BlobReuse {
  /** The index of the last publish to this target, if any. */
  readonly index?: BlobIndex;
  readonly target: string;
  /** Blobs present in the scratch repository (the fetched parent's): only those may be reused. */
  readonly present: ReadonlySet<string>;
}

/** Files read at once from the store (S3 GETs in flight). */
const READ_CONCURRENCY = 32;

/**
 * Writes every publishable file of the snapshot as a blob; returns path -> blob, and the index for the
 * next publish when the store is a bucket. A file whose content tag equals the index's, with that blob
 * in the fetched parent, is not read.
 */
export async function writeSnapshotBlobs(
  objects: ObjectWriter,
  store: SnapshotStore,
  reuse?: BlobReuse,
): Promise<FlatTree & { index?: BlobIndex }> {
  const flat: FlatTree & { index?: BlobIndex } = new Map();
  const bucket = listingStore(store);
  const tags = bucket ? await bucket.listTagged('') : undefined;
  const known = reuse?.index?.target === reuse?.target ? reuse?.index?.files : undefined;
  const files: Record<string, { tag: string; oid: string }> = {};
  const keys = (tags ? [...tags.keys()].sort() : await store.list('')).filter(isPublishable);
  const oids = await mapLimit(keys, READ_CONCURRENCY, async (key) => {
    const before = known?.[key];
    const tag = tags?.get(key) ?? '';
    if (tag && before?.tag === tag && reuse?.present.has(before.oid)) return before.oid;
    const data = await store.read(key);
    return data === undefined ? undefined : objects.blob(data);
  });
  keys.forEach((key, i) => {
    const oid = oids[i];
    if (oid === undefined) return;
    flat.set(key, { oid, mode: '100644' });
    const tag = tags?.get(key);
    if (tag) files[key] = { tag, oid };
  });
  if (tags && reuse) flat.index = { schemaVersion: 1, target: reuse.target, files };
  return flat;
}
