/**
 * `--fromRun <run-id>`: an archived run (the local archive folder, or the bucket, where a versioned
 * bucket keeps a run as the version IDs of its objects) copied into a working folder that `import run`
 * then reads as it reads `--inputDir`. The folder is per source organization (`import-work/<org id>` by
 * default), so the ID map and the plans kept in its `.genesys/` carry over from one run's import to the
 * next; the snapshot files of the previous run copied there are replaced.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../engine/errors.ts';
import { archivedManifestKey, isSafeId, MANIFEST_KEY } from '../engine/keys.ts';
import type { Manifest } from '../engine/model.ts';
import { readJson, type SnapshotStore } from '../engine/storage/types.ts';
import { idMapPath } from '../import/snapshot.ts';
import { readArchivedFile } from './run-archive.ts';

export const DEFAULT_WORK_DIR = 'import-work';

/**
 * The ID map of the applies to a target org, kept in the archive beside the runs (the bucket on AWS), so
 * that whoever imports the next run, from whichever machine, matches through it.
 */
export const archivedIdMapKey = (targetOrgId: string): string => `import/id-map/${targetOrgId}.json`;

/** The archive's ID map for the target, if any, becomes the working folder's (the archive is the record). */
export async function restoreIdMap(
  archive: SnapshotStore,
  dir: string,
  targetOrgId: string,
): Promise<boolean> {
  if (!isSafeId(targetOrgId)) return false;
  const data = await archive.read(archivedIdMapKey(targetOrgId));
  if (!data) return false;
  write(idMapPath(dir, targetOrgId), data);
  return true;
}

/** After an apply: the working folder's ID map goes back to the archive. */
export async function saveIdMap(archive: SnapshotStore, path: string, targetOrgId: string): Promise<string> {
  await archive.write(archivedIdMapKey(targetOrgId), readFileSync(path));
  return `${archive.location}${archivedIdMapKey(targetOrgId)}`;
}

export async function copyArchivedRun(
  archive: SnapshotStore,
  runId: string,
  workDir: string | undefined,
  cwd: string,
): Promise<string> {
  if (!/^[A-Za-z0-9-]{1,80}$/.test(runId))
    throw new UsageError(`--fromRun '${runId.slice(0, 80)}' is not a run ID`);
  const manifest = await readJson<Manifest>(archive, archivedManifestKey(runId));
  if (!manifest) throw new UsageError(`--fromRun ${runId}: no such run in the archive ${archive.location}`);
  if (!isSafeId(manifest.organizationId))
    throw new UsageError(`--fromRun ${runId}: the archived manifest names no organization`);
  const dir = resolve(cwd, workDir ?? join(DEFAULT_WORK_DIR, manifest.organizationId));
  clearSnapshotFiles(dir, workDir ?? dir);
  const paths = manifest.resources.flatMap((r) => (r.definitionPath ? [r.path, r.definitionPath] : [r.path]));
  for (const path of paths) {
    if (path.startsWith('/') || path.split('/').includes('..'))
      throw new UsageError(`--fromRun ${runId}: the archived manifest names a file outside the snapshot`);
    const data = await readArchivedFile(archive, runId, path);
    if (!data) throw new UsageError(`--fromRun ${runId}: ${path} is missing from the archive`);
    write(join(dir, path), data);
  }
  write(join(dir, MANIFEST_KEY), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

function write(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/**
 * Removes the files an earlier copy wrote (those its manifest lists), keeping `.genesys/` (ID maps,
 * plans). A folder that is neither empty nor an earlier copy is refused: nothing of the user's is removed.
 */
function clearSnapshotFiles(dir: string, label: string): void {
  mkdirSync(dir, { recursive: true });
  const manifestPath = join(dir, MANIFEST_KEY);
  if (!existsSync(manifestPath)) {
    if (readdirSync(dir).length)
      throw new UsageError(`--workDir ${label} is neither empty nor a copy of an archived run`);
    return;
  }
  const earlier = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  for (const r of earlier.resources)
    for (const path of r.definitionPath ? [r.path, r.definitionPath] : [r.path])
      rmSync(join(dir, path), { force: true });
}
