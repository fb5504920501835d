/**
 * `--gitCommit`: commits the snapshot into the repository its folder is in (the guide's layout: the
 * project is the repository, the snapshot a folder in it), touching only the folder's path; or, outside
 * any repository, into a new one whose work tree is the folder itself.
 */
import * as fs from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import git from 'isomorphic-git';
import { MANIFEST_KEY } from '../keys.ts';
import { ensureGitignore } from '../staging.ts';
import type { SnapshotStore } from '../storage/types.ts';
import { buildCommit } from './commit.ts';
import { looseObjects } from './objects.ts';
import type { PublishResult } from './result.ts';
import { readSnapshotMeta, writeSnapshotBlobs } from './snapshot.ts';
import type { GitAuthor } from './target.ts';
import { commitTree } from './tree.ts';

/** A path below `root` in Git's `/`-separated form, whatever the platform's separator. */
const gitPath = (root: string, path: string) => relative(root, path).split(sep).join('/');

export async function commitLocal(
  store: SnapshotStore & { root: string },
  branch: string,
  author: GitAuthor,
): Promise<PublishResult> {
  const dir = store.root;
  const meta = await readSnapshotMeta(store);
  await ensureGitignore(store);
  const root = await enclosingRepository(dir);
  const workTree = root ?? dir;
  const gitdir = join(workTree, '.git');
  if (!root) await git.init({ fs, dir, defaultBranch: branch });
  const folder = root ? gitPath(root, dir) : '';
  let head: string | undefined;
  try {
    head = await git.resolveRef({ fs, gitdir, ref: 'HEAD' });
  } catch {
    head = undefined;
  }
  const objects = looseObjects(gitdir);
  const snapshot = await writeSnapshotBlobs(objects, store);
  const parent = { commit: head, tree: await commitTree(gitdir, head) };
  const built = await buildCommit(gitdir, objects, snapshot, parent, folder, meta, author);
  const enclosing = root ? { enclosing: { root, folder } } : {};
  if (!built.commit) return { changes: [], attempts: 1, ...enclosing };
  const current = (await git.currentBranch({ fs, dir: workTree, fullname: false })) ?? branch;
  await git.writeRef({ fs, gitdir, ref: `refs/heads/${current}`, value: built.commit, force: true });
  // Keep the index in step with the new commit for the paths that changed, so `git status` is clean;
  // anything else the user staged stays staged.
  const changed = [...built.next].filter(([p, e]) => built.parent.get(p)?.oid !== e.oid).map(([p]) => p);
  const removed = [...built.parent.keys()].filter((p) => !built.next.has(p));
  if (changed.length) await git.add({ fs, dir: workTree, filepath: changed });
  for (const p of removed) await git.remove({ fs, dir: workTree, filepath: p });
  return { commit: built.commit, message: built.message, changes: built.changes, attempts: 1, ...enclosing };
}

/**
 * The root of the repository `dir` is part of (not one at `dir` itself), if any. A folder that
 * repository ignores (the demo's `./export-output` inside this project) is not part of it: it gets its
 * own repository.
 */
async function enclosingRepository(dir: string): Promise<string | undefined> {
  if (fs.existsSync(join(dir, '.git'))) return undefined;
  try {
    const root = await git.findRoot({ fs, filepath: dirname(dir) });
    if (!fs.statSync(join(root, '.git')).isDirectory()) return undefined;
    const folder = gitPath(root, dir);
    const ignored =
      (await git.isIgnored({ fs, dir: root, filepath: folder })) ||
      (await git.isIgnored({ fs, dir: root, filepath: `${folder}/${MANIFEST_KEY}` }));
    return ignored ? undefined : root;
  } catch {
    return undefined;
  }
}
