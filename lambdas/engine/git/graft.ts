/**
 * The repository's next content, computed from flat trees without touching Git: which files of a snapshot
 * are published, where the snapshot folder sits in the repository, and how the new snapshot replaces the
 * old one there while files outside it, and files of types this run could not list completely, stay.
 */
import { CATALOG } from '../catalog/index.ts';
import { RUN_STAMP_KEY, STAGING_PREFIX } from '../keys.ts';
import type { Manifest } from '../model.ts';
import { resourceOfPath } from '../snapshot-diff.ts';
import type { FlatTree } from './tree.ts';

/** Never committed, wherever they appear. */
const SECRET_FILE = /(^|\/)(\.env(\..*)?|.*\.pem|.*\.key|id_rsa.*|\.npmrc)$/;

/** False for a snapshot's own working files (staging, run stamp, temp files) and for anything secret. */
export function isPublishable(key: string): boolean {
  return (
    !key.startsWith(`${STAGING_PREFIX}/`) &&
    key !== RUN_STAMP_KEY &&
    !key.startsWith('.git/') &&
    !SECRET_FILE.test(key) &&
    !key.endsWith('.tmp')
  );
}

/** `snapshot` -> `snapshot/`; the repository root stays ''. */
export function folderPrefix(folder: string): string {
  return folder ? `${folder.replace(/\/+$/, '')}/` : '';
}

/**
 * The repository's next content: the parent's files outside the snapshot folder, the new snapshot inside
 * it, and, for types not exported completely this run, the parent's files kept as they were.
 */
export function graft(parent: FlatTree, snapshot: FlatTree, folder: string, manifest: Manifest): FlatTree {
  const prefix = folderPrefix(folder);
  // The snapshot folder is the truth for every type listed completely this run (finalize removed there
  // exactly what is gone from the org); every other type keeps its files from the parent as well.
  const keepTypes = new Set(
    CATALOG.map((t) => t.name).filter((t) => manifest.types[t]?.listedCompletely !== true),
  );
  const out: FlatTree = new Map();
  for (const [path, e] of parent) {
    if (!path.startsWith(prefix)) out.set(path, e);
    else {
      const r = resourceOfPath(path.slice(prefix.length));
      if (r && keepTypes.has(r.type)) out.set(path, e);
    }
  }
  for (const [path, e] of snapshot) out.set(`${prefix}${path}`, e);
  return out;
}

/** The files under `folder`, by their path inside it, with their blobs: the input of the diff. */
export function subtree(flat: FlatTree, folder: string): Map<string, string> {
  const prefix = folderPrefix(folder);
  const out = new Map<string, string>();
  for (const [p, e] of flat) if (p.startsWith(prefix)) out.set(p.slice(prefix.length), e.oid);
  return out;
}

/** True when the next tree holds exactly the parent's files. */
export function sameContent(before: FlatTree, after: FlatTree): boolean {
  if (before.size !== after.size) return false;
  for (const [path, e] of after) if (before.get(path)?.oid !== e.oid) return false;
  return true;
}
