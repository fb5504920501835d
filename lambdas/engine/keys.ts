/**
 * Every key and path cx-export writes, built and parsed in one place: the `type/id` resource key, the
 * snapshot's resource files, its manifest and run stamp, the staging area of a run and the run archive.
 * Keys are `/`-separated store keys; nothing here reads or writes a store.
 */
import { InvariantError } from './errors.ts';

// ---------------------------------------------------------------------------------------------------------
// The `type/id` resource key. Type names contain ':' but never '/'; IDs written by cx-export never contain
// '/' (see `isSafeId`), so the first '/' separates the two.

export interface ResourceRef {
  readonly type: string;
  readonly id: string;
}

/** `routing:queue` + `q1` -> `routing:queue/q1`. */
export const resourceKey = (type: string, id: string): string => `${type}/${id}`;

/**
 * `routing:queue/q1` -> `{ type: 'routing:queue', id: 'q1' }`; undefined without a '/'. The type of an
 * external reference is the API's own name for it, which may be empty: it is kept as it is.
 */
export function parseResourceKey(key: string): ResourceRef | undefined {
  const slash = key.indexOf('/');
  if (slash < 0) return undefined;
  return { type: key.slice(0, slash), id: key.slice(slash + 1) };
}

/** A key cx-export built (a `dependsOn` entry, an external reference): malformed is a bug. */
export function requireResourceKey(key: string): ResourceRef {
  const ref = parseResourceKey(key);
  if (!ref) throw new InvariantError(`'${key}' is not a type/id resource key`);
  return ref;
}

/** The type of a key cx-export built. */
export const resourceTypeOf = (key: string): string => requireResourceKey(key).type;

// ---------------------------------------------------------------------------------------------------------
// Resource files in the snapshot: `<folder>/<id>.json` (or `.yaml`) and, for flows, `<id>.definition.yaml`
// (for scripts, `<id>.definition.json`: the platform's export file).

/** IDs become file names: anything else than a plain, short identifier is refused. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

export function isSafeId(id: string): boolean {
  return SAFE_ID.test(id) && !id.includes('..');
}

/** What a resource file holds: its body (JSON or YAML) or a flow's definition. */
export type ResourceFileKind = 'json' | 'yaml' | 'definition.yaml' | 'definition.json';

const RESOURCE_FILE = /\.(definition\.yaml|json|yaml)$/;
/** Types with an export file (scripts) also have `<id>.definition.json`; for the others that is a body. */
const WITH_EXPORT_FILE = /\.(definition\.yaml|definition\.json|json|yaml)$/;

/** What telling a type's files apart needs of its catalog entry. */
interface FileOwner {
  readonly folder: string;
  readonly exportFile?: unknown;
}

const resourceFile = (t: FileOwner) => (t.exportFile ? WITH_EXPORT_FILE : RESOURCE_FILE);

/** `routing/queue` + `q1` + `json` -> `routing/queue/q1.json`. */
export function resourcePath(t: { readonly folder: string }, id: string, kind: ResourceFileKind): string {
  return `${t.folder}/${id}.${kind}`;
}

/**
 * The ID a file under a type's folder stands for: the name after the folder without a resource file's
 * extension (a file of any other kind keeps its whole name, so it is never mistaken for a resource's).
 */
export function idOfFile(t: FileOwner, key: string): string {
  return key.slice(t.folder.length + 1).replace(resourceFile(t), '');
}

/** `routing/queue/<id>.json` -> `{ type, id }` given the catalog's folders; undefined for other files. */
export function parseResourcePath(
  path: string,
  types: ReadonlyArray<FileOwner & { readonly name: string }>,
): ResourceRef | undefined {
  const t = types.find((x) => path.startsWith(`${x.folder}/`));
  if (!t) return undefined;
  const rest = path.slice(t.folder.length + 1);
  if (rest.includes('/')) return undefined;
  const id = rest.replace(resourceFile(t), '');
  return id === rest ? undefined : { type: t.name, id };
}

// ---------------------------------------------------------------------------------------------------------
// The snapshot's own files.

export const MANIFEST_KEY = '.genesys/export-manifest.json';

/**
 * Which run wrote the snapshot, and when: kept out of the manifest so that an unchanged org gives an
 * unchanged reviewed tree (the folder's `.gitignore` names it; Git publishing leaves it out).
 */
export const RUN_STAMP_KEY = '.genesys/last-run.json';

/** What a snapshot folder must never commit; kept at the folder's root. */
export const GITIGNORE_KEY = '.gitignore';

// ---------------------------------------------------------------------------------------------------------
// A run's staging area: `.genesys/staging/<run-id>/...`, removed when the run ends.

export const STAGING_PREFIX = '.genesys/staging';

export const stagingKey = (runId: string, ...parts: string[]): string =>
  [STAGING_PREFIX, runId, ...parts].join('/');

/**
 * The AWS workflow's run lock: one run at a time works on the snapshot. In the staging area, so that it is
 * never published, archived or committed, and the steps that may only write staging can take it.
 */
export const RUN_LOCK_KEY = `${STAGING_PREFIX}/run-lock.json`;

/** The run a staging key belongs to; undefined for keys outside the staging area and for the run lock. */
export function runIdOfStagingKey(key: string): string | undefined {
  if (!key.startsWith(`${STAGING_PREFIX}/`) || key === RUN_LOCK_KEY) return undefined;
  return key.slice(STAGING_PREFIX.length + 1).split('/')[0] || undefined;
}

/** Who runs the run (see staging.ts). */
export const ownerKey = (runId: string): string => stagingKey(runId, 'owner.json');

/** What the plan decided: options, organization, per-type status (a `RunRecord`). */
export const planRecordKey = (runId: string): string => stagingKey(runId, 'run.json');

/** `routing:queue` -> `routing_queue`, for keys and batch IDs. */
const slug = (type: string) => type.replace(':', '_');

/** Where the plan keeps a type's whole listing for the rest of the run. */
export const listingKey = (runId: string, type: string): string =>
  stagingKey(runId, 'listings', `${slug(type)}.json`);

/** Where the plan keeps the IDs of a completely listed type that exist in the org. */
export const presentKey = (runId: string, type: string): string =>
  stagingKey(runId, 'present', `${slug(type)}.json`);

/** Where an incremental run's plan keeps the resources of a type whose earlier files may be kept. */
export const reuseKey = (runId: string, type: string): string =>
  stagingKey(runId, 'reuse', `${slug(type)}.json`);

/** `routing:queue`, `-r01-f`, 3 -> `routing_queue-r01-f-0003`: batch IDs sort by type, round, chunk. */
export const batchIdOf = (type: string, tag: string, index: number): string =>
  `${slug(type)}${tag}-${String(index).padStart(4, '0')}`;

/** The staged chunk (entities or IDs) a batch reads. */
export const batchChunkKey = (runId: string, batchId: string): string =>
  stagingKey(runId, 'selected', `${batchId}.json`);

/** Where the partial manifests of a run's batches are. */
export const partialsPrefix = (runId: string): string => stagingKey(runId, 'batches');

/** A batch's partial manifest. */
export const partialKey = (runId: string, batchId: string): string =>
  stagingKey(runId, 'batches', `${batchId}.json`);

/** A resource file staged by a batch, promoted to `path` by finalize. */
export const stagedFileKey = (runId: string, path: string): string => stagingKey(runId, 'files', path);

/** The `type/id` keys asked for in a round of reference resolution. */
export const roundKey = (runId: string, round: number): string =>
  stagingKey(runId, 'rounds', `${round}.json`);

/** Where each Lambda of a run records its API usage. */
export const usagePrefix = (runId: string): string => stagingKey(runId, 'usage');

export const usageKey = (runId: string, name: string): string => stagingKey(runId, 'usage', `${name}.json`);

// ---------------------------------------------------------------------------------------------------------
// The run archive: `runs/<run-id>/{run-record.json,export-manifest.json,snapshot/...}` and `latest.json`.

export const RUNS_PREFIX = 'runs';

/** The Git publish's blob index (content tag -> blob of each snapshot file), beside the archive. */
export const PUBLISH_INDEX_KEY = 'publish-index.json';

/** Points at the newest archived run. */
export const LATEST_RUN_KEY = 'latest.json';

export const runPrefix = (runId: string): string => `${RUNS_PREFIX}/${runId}`;

export const runRecordKey = (runId: string): string => `${runPrefix(runId)}/run-record.json`;

export const archivedManifestKey = (runId: string): string => `${runPrefix(runId)}/export-manifest.json`;

export const archivedSnapshotPrefix = (runId: string): string => `${runPrefix(runId)}/snapshot`;

/**
 * A run archived in a versioned bucket: the bucket key, version ID and ETag of each snapshot file
 * (an `ArchivedVersions`), instead of a copy of each under `snapshot/`.
 */
export const archivedVersionsKey = (runId: string): string => `${runPrefix(runId)}/snapshot-versions.json`;

/** Where the archive keeps a snapshot key of a run. */
export const archivedSnapshotKey = (runId: string, key: string): string =>
  `${archivedSnapshotPrefix(runId)}/${key}`;

/** The run an archive key belongs to; undefined for keys outside `runs/`. */
export function runIdOfArchiveKey(key: string): string | undefined {
  if (!key.startsWith(`${RUNS_PREFIX}/`)) return undefined;
  return key.slice(RUNS_PREFIX.length + 1).split('/')[0] || undefined;
}

export const isRunRecordKey = (key: string): boolean => key.endsWith('/run-record.json');

export const isArchivedManifestKey = (key: string): boolean => key.endsWith('/export-manifest.json');
