/**
 * Where snapshots live: a local folder for the CLI, an S3 bucket for the AWS workflow. Keys are
 * `/`-separated paths relative to the snapshot root; writes are atomic (a reader sees the old or the new
 * object, never half of one).
 */
export interface SnapshotStore {
  /** A description for messages, e.g. the folder or `s3://bucket/prefix`. */
  readonly location: string;
  read(key: string): Promise<Uint8Array | undefined>;
  write(key: string, data: Uint8Array | string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every key under `prefix` (recursive), sorted. */
  list(prefix: string): Promise<string[]>;
  /** Moves an object; used to promote staged files into the snapshot. */
  move(from: string, to: string): Promise<void>;
}

/**
 * What a bucket does cheaply that a folder does not need: content tags of many objects from one listing,
 * a copy on the server, and deleting exactly one object without listing under it first (S3).
 */
export interface ListingStore {
  /** Every key under `prefix` with its content tag (S3: the ETag, the MD5 of a single-part upload). */
  listTagged(prefix: string): Promise<Map<string, string>>;
  copy(from: string, to: string): Promise<void>;
  deleteObject(key: string): Promise<void>;
}

export function listingStore(store: SnapshotStore): (SnapshotStore & ListingStore) | undefined {
  return 'listTagged' in store ? (store as SnapshotStore & ListingStore) : undefined;
}

/** An object's current version in a versioned bucket. */
export interface ObjectVersion {
  readonly versionId: string;
  /** The content tag (S3: ETag). */
  readonly tag: string;
}

/**
 * A store in a versioned bucket: a run is archived as the version IDs of the snapshot's objects, and an
 * archived file is read back by its version.
 */
export interface VersionedStore {
  /**
   * The current version of every key starting with `prefix` (a folder ends in `/`); delete markers and
   * older versions left out.
   */
  currentVersions(prefix: string): Promise<Map<string, ObjectVersion>>;
  readVersion(key: string, versionId: string): Promise<Uint8Array | undefined>;
}

export function versionedStore(store: SnapshotStore): (SnapshotStore & VersionedStore) | undefined {
  return (store as { versioned?: boolean }).versioned === true
    ? (store as SnapshotStore & VersionedStore)
    : undefined;
}

/** What a conditional write expects of the object: that there is none, or that it is still this version. */
export type WriteCondition = { readonly absent: true } | { readonly tag: string };

/**
 * Compare-and-swap on one object (S3 conditional writes: `If-None-Match: *`, `If-Match: <etag>`), for the
 * run lock. `writeIf` returns false, writing nothing, when the condition does not hold.
 */
export interface ConditionalStore {
  readTagged(key: string): Promise<{ readonly data: Uint8Array; readonly tag: string } | undefined>;
  writeIf(key: string, data: Uint8Array | string, condition: WriteCondition): Promise<boolean>;
}

export async function readJson<T>(store: SnapshotStore, key: string): Promise<T | undefined> {
  const data = await store.read(key);
  return data === undefined ? undefined : (JSON.parse(Buffer.from(data).toString('utf8')) as T);
}

/** Pretty JSON for what people read (manifest, run records); compact for staging, which only code reads. */
export async function writeJson(
  store: SnapshotStore,
  key: string,
  value: unknown,
  compact = false,
): Promise<void> {
  await store.write(key, compact ? JSON.stringify(value) : `${JSON.stringify(value, null, 2)}\n`);
}
