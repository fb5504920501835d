/**
 * Reads of the run archive for the history commands: which archive (a local folder or the bucket), run
 * records, a run's manifest or one archived resource, and the changes between two archived snapshots.
 */
import { statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { ResourceChange } from '../engine/changes.ts';
import { DEFAULT_STACK_NAME } from '../engine/defaults.ts';
import { ExportError, UsageError } from '../engine/errors.ts';
import {
  archivedManifestKey,
  archivedSnapshotKey,
  archivedSnapshotPrefix,
  archivedVersionsKey,
  isArchivedManifestKey,
  parseResourceKey,
  RUNS_PREFIX,
  resourceKey,
  runIdOfArchiveKey,
} from '../engine/keys.ts';
import type { Manifest } from '../engine/model.ts';
import { compare } from '../engine/order.ts';
import { type ArchivedVersions, listRunRecords, type RunRecordSummary } from '../engine/run-record.ts';
import { diffSnapshots } from '../engine/snapshot-diff.ts';
import { LocalStore } from '../engine/storage/local.ts';
import { S3Store } from '../engine/storage/s3.ts';
import { listingStore, readJson, type SnapshotStore, type VersionedStore } from '../engine/storage/types.ts';
import { organizationPrefix } from '../handlers/organizations.ts';
import { type AwsClients, organizationsOutput, pickOrganization, stackOutputs, type Target } from './aws.ts';

/** The demo's and the local workflow's run archive, relative to the working folder. */
export const DEFAULT_ARCHIVE_DIR = 'export-archive';

export interface ArchiveChoice {
  readonly store: SnapshotStore;
  /** A local folder chosen because it exists and no stack or bucket was named. */
  readonly implicit: boolean;
}

/**
 * The run archive: a local folder (`--archiveDir`, or `./export-archive` when it exists and neither
 * `--stack` nor `--bucket` is given), else the bucket (`--bucket`, or the stack's output).
 */
export async function chooseArchive(
  clients: AwsClients | (() => AwsClients),
  t: Target,
  cwd: string = process.cwd(),
): Promise<ArchiveChoice> {
  if (t.archiveDir !== undefined) {
    if (t.bucket !== undefined || t.stack !== undefined)
      throw new UsageError('--archiveDir cannot be used with --bucket or --stack');
    const dir = resolvePath(cwd, t.archiveDir);
    if (!isFolder(dir)) throw new UsageError(`--archiveDir ${t.archiveDir} is not a folder`);
    return { store: new LocalStore(dir), implicit: false };
  }
  if (t.bucket === undefined && t.stack === undefined) {
    const dir = resolvePath(cwd, DEFAULT_ARCHIVE_DIR);
    if (isFolder(dir)) return { store: new LocalStore(dir), implicit: true };
  }
  const c = typeof clients === 'function' ? clients() : clients;
  const stack = t.stack ?? DEFAULT_STACK_NAME;
  if (t.bucket !== undefined) {
    // A bucket named alone: --organizationId picks an organization's folder of a several-org stack.
    const folder = t.organizationId ? organizationPrefix(t.organizationId) : '';
    return { store: new S3Store(c.s3, t.bucket, folder), implicit: false };
  }
  const outputs = await stackOutputs(c, stack);
  const bucket = outputs.ArchiveBucketName;
  if (!bucket) throw new ExportError(`stack ${stack} has no ArchiveBucketName output`);
  const org = pickOrganization(organizationsOutput(outputs), t.organizationId);
  return { store: new S3Store(c.s3, bucket, org ? organizationPrefix(org) : ''), implicit: false };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The newest `limit` run records, newest first. */
export async function listRuns(archive: SnapshotStore, limit: number): Promise<RunRecordSummary[]> {
  return listRunRecords(archive, limit);
}

/** One run's record, looked up among the newest 10,000. */
export async function findRun(archive: SnapshotStore, runId: string): Promise<RunRecordSummary> {
  const record = (await listRuns(archive, 10_000)).find((r) => r.runId === runId);
  if (!record) throw new ExportError(`no run ${runId} in the archive`);
  return record;
}

/** The text of a run's archived manifest, or of one archived resource (`<type>/<id>`). */
export async function showRun(archive: SnapshotStore, runId: string, resource?: string): Promise<string> {
  checkRunId(runId);
  if (!resource) {
    const m = await archive.read(archivedManifestKey(runId));
    if (!m) throw new ExportError(`run ${runId} has no archived manifest`);
    return Buffer.from(m).toString('utf8');
  }
  const manifest = await readJson<Manifest>(archive, archivedManifestKey(runId));
  const ref = parseResourceKey(resource);
  const entry = ref && manifest?.resources.find((r) => r.type === ref.type && r.id === ref.id);
  if (!entry) throw new ExportError(`run ${runId} has no resource ${resource}`);
  const data = await readArchivedFile(archive, runId, entry.path);
  if (!data) throw new ExportError(`run ${runId}: ${entry.path} is missing from the archive`);
  return Buffer.from(data).toString('utf8');
}

/** A file of an archived run: by its version ID in a versioned bucket, else from the archived copy. */
export async function readArchivedFile(
  archive: SnapshotStore,
  runId: string,
  path: string,
): Promise<Uint8Array | undefined> {
  const versions = await readJson<ArchivedVersions>(archive, archivedVersionsKey(runId));
  if (!versions) return archive.read(archivedSnapshotKey(runId, path));
  const v = versions.files[path];
  if (!v) return undefined;
  if (!('readVersion' in archive))
    throw new ExportError(`run ${runId} is archived as S3 object versions: read it from the bucket`);
  // The record holds the key in the bucket; the store reads below its own folder (an organization's).
  const store = archive as SnapshotStore & VersionedStore & { bucketKey?(key: string): string };
  const folder = store.bucketKey ? store.bucketKey('x').slice(0, -1) : '';
  const key = folder && v.key.startsWith(folder) ? v.key.slice(folder.length) : v.key;
  return store.readVersion(key, v.versionId);
}

function checkRunId(runId: string): void {
  if (!/^[A-Za-z0-9-]{1,80}$/.test(runId)) throw new UsageError(`'${runId.slice(0, 80)}' is not a run ID`);
}

export interface RunDiff {
  readonly older: string;
  readonly newer: string;
  readonly changes: ResourceChange[];
}

/** What changed from `older` (default: the archived run before `newer`) to `newer`, with resource names. */
export async function diffRuns(archive: SnapshotStore, newer: string, older?: string): Promise<RunDiff> {
  checkRunId(newer);
  const base = older ?? (await runBefore(archive, newer));
  checkRunId(base);
  const [a, b] = [await snapshotHashes(archive, base), await snapshotHashes(archive, newer)];
  const names = new Map<string, string>();
  for (const id of [base, newer])
    for (const r of (await readJson<Manifest>(archive, archivedManifestKey(id)))?.resources ?? [])
      names.set(resourceKey(r.type, r.id), r.name);
  const changes = diffSnapshots(a, b, (type, id) => names.get(resourceKey(type, id)) ?? id);
  return { older: base, newer, changes };
}

/** The newest archived run (one with a manifest) older than `runId`. */
async function runBefore(archive: SnapshotStore, runId: string): Promise<string> {
  const ids = (await archive.list(RUNS_PREFIX))
    .filter(isArchivedManifestKey)
    .flatMap((k) => runIdOfArchiveKey(k) ?? [])
    .sort(compare);
  const base = ids.filter((id) => id < runId).at(-1);
  if (!base) throw new ExportError(`no run before ${runId} to compare with`);
  return base;
}

/**
 * Path inside the snapshot -> what identifies its content, for every file a run archived: the ETag in a
 * bucket (from the versions record or a listing, no file read), the bytes (base64) in a folder.
 */
async function snapshotHashes(archive: SnapshotStore, runId: string): Promise<Map<string, string>> {
  const versions = await readJson<ArchivedVersions>(archive, archivedVersionsKey(runId));
  if (versions) return new Map(Object.entries(versions.files).map(([path, v]) => [path, v.tag]));
  const prefix = archivedSnapshotPrefix(runId);
  const bucket = listingStore(archive);
  if (bucket) {
    const tagged = await bucket.listTagged(prefix);
    if (tagged.size === 0) throw new ExportError(`run ${runId} has no archived snapshot`);
    return new Map([...tagged].map(([k, tag]) => [k.slice(prefix.length + 1), tag]));
  }
  const keys = await archive.list(prefix);
  if (keys.length === 0) throw new ExportError(`run ${runId} has no archived snapshot`);
  const out = new Map<string, string>();
  for (const k of keys) {
    const data = await archive.read(k);
    if (data) out.set(k.slice(prefix.length + 1), Buffer.from(data).toString('base64'));
  }
  return out;
}
