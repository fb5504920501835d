/**
 * Publishes a snapshot to Git with pure-JavaScript Git (isomorphic-git), so it runs in Lambda with no git
 * binary. Blobs and trees are written directly (no index walk over thousands of files); a run whose
 * resources did not change makes no commit; a rejected push fetches, re-applies and retries.
 */
import * as fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import git, { type AuthCallback, type TreeEntry } from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { CATALOG } from '../catalog/index.ts';
import type { ResourceChange } from '../changes.ts';
import { ExportError, errorMessage } from '../errors.ts';
import {
  MANIFEST_KEY,
  type Manifest,
  RUN_STAMP_KEY,
  type RunStamp,
  resourceKey,
  STAGING_PREFIX,
} from '../model.ts';
import { ensureGitignore } from '../staging.ts';
import { readJson, type SnapshotStore } from '../storage/types.ts';
import { onAuthFor, scrub } from './auth.ts';
import { commitMessage, diffSnapshots, resourceOfPath } from './summary.ts';
import type { GitAuthor, RemoteTarget } from './target.ts';

export { DEFAULT_GIT_AUTHOR, type GitAuthor, type RemoteTarget } from './target.ts';

export class GitPublishError extends ExportError {
  override readonly name = 'GitPublishError';
}

export interface PublishResult {
  /** The new commit, or undefined when nothing changed. */
  readonly commit?: string;
  readonly changes: ResourceChange[];
  readonly attempts: number;
  /** With `--gitCommit` inside an existing repository: its root, and the folder the snapshot is in. */
  readonly enclosing?: { readonly root: string; readonly folder: string };
}

type Flat = Map<string, { oid: string; mode: string }>;

/** Never committed, wherever they appear. */
const SECRET_FILE = /(^|\/)(\.env(\..*)?|.*\.pem|.*\.key|id_rsa.*|\.npmrc)$/;

function isPublishable(key: string): boolean {
  return (
    !key.startsWith(`${STAGING_PREFIX}/`) &&
    key !== RUN_STAMP_KEY &&
    !key.startsWith('.git/') &&
    !SECRET_FILE.test(key) &&
    !key.endsWith('.tmp')
  );
}

interface SnapshotMeta {
  readonly manifest: Manifest;
  readonly stamp: RunStamp;
}

async function readSnapshotMeta(store: SnapshotStore): Promise<SnapshotMeta> {
  const manifest = await readJson<Manifest>(store, MANIFEST_KEY);
  const stamp = await readJson<RunStamp>(store, RUN_STAMP_KEY);
  if (!manifest || !stamp)
    throw new GitPublishError(
      `no snapshot to publish: ${manifest ? RUN_STAMP_KEY : MANIFEST_KEY} is missing in ${store.location}`,
    );
  return { manifest, stamp };
}

/** Writes every publishable file of the snapshot as a blob; returns path -> blob. */
async function writeSnapshotBlobs(gitdir: string, store: SnapshotStore): Promise<Flat> {
  const flat: Flat = new Map();
  for (const key of await store.list('')) {
    if (!isPublishable(key)) continue;
    const data = await store.read(key);
    if (data === undefined) continue;
    const oid = await git.writeBlob({ fs, gitdir, blob: data });
    flat.set(key, { oid, mode: '100644' });
  }
  return flat;
}

async function flattenTree(gitdir: string, oid: string, prefix = '', out: Flat = new Map()): Promise<Flat> {
  const { tree } = await git.readTree({ fs, gitdir, oid });
  for (const e of tree) {
    const p = prefix ? `${prefix}/${e.path}` : e.path;
    if (e.type === 'tree') await flattenTree(gitdir, e.oid, p, out);
    else out.set(p, { oid: e.oid, mode: e.mode });
  }
  return out;
}

async function writeNestedTree(gitdir: string, flat: Flat): Promise<string> {
  const dirs = new Map<string, TreeEntry[]>([['', []]]);
  const ensure = (dir: string) => {
    if (!dirs.has(dir)) {
      dirs.set(dir, []);
      const parent = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
      ensure(parent);
    }
  };
  for (const path of flat.keys()) ensure(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
  for (const [path, { oid, mode }] of flat) {
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    (dirs.get(dir) as TreeEntry[]).push({
      mode,
      path: path.slice(dir ? dir.length + 1 : 0),
      oid,
      type: 'blob',
    });
  }
  // Deepest folders first, so each parent can reference its children's trees.
  const order = [...dirs.keys()].sort(
    (a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1),
  );
  const treeOid = new Map<string, string>();
  for (const dir of order) {
    if (dir === '') continue;
    const oid = await git.writeTree({ fs, gitdir, tree: dirs.get(dir) as TreeEntry[] });
    treeOid.set(dir, oid);
    const parent = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
    (dirs.get(parent) as TreeEntry[]).push({
      mode: '040000',
      path: dir.slice(parent ? parent.length + 1 : 0),
      oid,
      type: 'tree',
    });
  }
  return git.writeTree({ fs, gitdir, tree: dirs.get('') as TreeEntry[] });
}

/**
 * The repository's next content: the parent's files outside the snapshot folder, the new snapshot inside
 * it, and, for types not exported completely this run, the parent's files kept as they were.
 */
function graft(parent: Flat, snapshot: Flat, folder: string, manifest: Manifest): Flat {
  const prefix = folderPrefix(folder);
  // The snapshot folder is the truth for every type listed completely this run (finalize removed there
  // exactly what is gone from the org); every other type keeps its files from the parent as well.
  const keepTypes = new Set(
    CATALOG.map((t) => t.name).filter((t) => manifest.types[t]?.listedCompletely !== true),
  );
  const out: Flat = new Map();
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

/** `snapshot` -> `snapshot/`; the repository root stays ''. */
function folderPrefix(folder: string): string {
  return folder ? `${folder.replace(/\/+$/, '')}/` : '';
}

async function readText(gitdir: string, oid: string): Promise<string> {
  return Buffer.from((await git.readBlob({ fs, gitdir, oid })).blob).toString('utf8');
}

/** True when the next tree holds exactly the parent's files. */
function sameContent(before: Flat, after: Flat): boolean {
  if (before.size !== after.size) return false;
  for (const [path, e] of after) if (before.get(path)?.oid !== e.oid) return false;
  return true;
}

function subtree(flat: Flat, folder: string): Map<string, string> {
  const prefix = folderPrefix(folder);
  const out = new Map<string, string>();
  for (const [p, e] of flat) if (p.startsWith(prefix)) out.set(p.slice(prefix.length), e.oid);
  return out;
}

async function nameLookup(
  gitdir: string,
  parent: Flat,
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

interface Built {
  readonly commit?: string;
  readonly changes: ResourceChange[];
  readonly next: Flat;
  readonly parent: Flat;
}

async function buildCommit(
  gitdir: string,
  snapshot: Flat,
  parentCommit: string | undefined,
  folder: string,
  { manifest, stamp }: SnapshotMeta,
  author: GitAuthor,
): Promise<Built> {
  const parent = parentCommit
    ? await flattenTree(gitdir, (await git.readCommit({ fs, gitdir, oid: parentCommit })).commit.tree)
    : new Map();
  const next = graft(parent, snapshot, folder, manifest);
  const manifestPath = `${folderPrefix(folder)}${MANIFEST_KEY}`;
  const changes = diffSnapshots(
    subtree(parent, folder),
    subtree(next, folder),
    await nameLookup(gitdir, parent, manifest, manifestPath),
  );
  if (parentCommit && sameContent(parent, next)) return { changes: [], next, parent };
  const tree = await writeNestedTree(gitdir, next);
  const when = Math.floor(Date.parse(stamp.exportTime) / 1000);
  const commit = await git.writeCommit({
    fs,
    gitdir,
    commit: {
      message: commitMessage(changes, manifest, stamp),
      tree,
      parent: parentCommit ? [parentCommit] : [],
      author: { name: author.name, email: author.email, timestamp: when, timezoneOffset: 0 },
      committer: { name: author.name, email: author.email, timestamp: when, timezoneOffset: 0 },
    },
  });
  return { commit, changes, next, parent };
}

/**
 * `--gitCommit`: commits the snapshot into the repository the folder is in (the guide's layout: the
 * project is the repository, the snapshot a folder in it), touching only the folder's path; or, outside
 * any repository, into a new one whose work tree is the folder itself.
 */
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
  const folder = root ? relative(root, dir).split(sep).join('/') : '';
  let head: string | undefined;
  try {
    head = await git.resolveRef({ fs, gitdir, ref: 'HEAD' });
  } catch {
    head = undefined;
  }
  const snapshot = await writeSnapshotBlobs(gitdir, store);
  const built = await buildCommit(gitdir, snapshot, head, folder, meta, author);
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
  return { commit: built.commit, changes: built.changes, attempts: 1, ...enclosing };
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
    const folder = relative(root, dir).split(sep).join('/');
    const ignored =
      (await git.isIgnored({ fs, dir: root, filepath: folder })) ||
      (await git.isIgnored({ fs, dir: root, filepath: `${folder}/.genesys/export-manifest.json` }));
    return ignored ? undefined : root;
  } catch {
    return undefined;
  }
}

async function remoteHead(
  url: string,
  branch: string,
  onAuth: AuthCallback | undefined,
): Promise<string | undefined> {
  const refs = await git.listServerRefs({ http, url, prefix: `refs/heads/${branch}`, onAuth });
  return refs.find((r) => r.ref === `refs/heads/${branch}`)?.oid;
}

/**
 * Publishes to a remote over HTTPS: shallow single-branch fetch into a scratch repository, graft the
 * snapshot into the tracked folder, commit, push. A non-fast-forward rejection (another run pushed
 * first) fetches again and re-applies the snapshot on top, up to `maxAttempts`.
 */
export async function publishToRemote(
  store: SnapshotStore,
  target: RemoteTarget,
  author: GitAuthor,
): Promise<PublishResult> {
  const meta = await readSnapshotMeta(store);
  const onAuth = onAuthFor(target.tokenStyle, target.token);
  const gitdir = await mkdtemp(join(tmpdir(), 'cx-export-git-'));
  const fail = (what: string, err: unknown) =>
    new GitPublishError(scrub(`${what} ${target.url} failed: ${errorMessage(err)}`, target.token), {
      cause: undefined,
    });
  try {
    await git.init({ fs, gitdir, bare: true, defaultBranch: target.branch });
    // The scratch repository is deleted after the push; its config holds the URL only, never the token.
    await git.addRemote({ fs, gitdir, remote: 'origin', url: target.url });
    const snapshot = await writeSnapshotBlobs(gitdir, store);
    const maxAttempts = target.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      let head: string | undefined;
      try {
        head = await remoteHead(target.url, target.branch, onAuth);
        if (head) {
          await git.fetch({
            fs,
            http,
            gitdir,
            remote: 'origin',
            ref: target.branch,
            singleBranch: true,
            depth: 1,
            tags: false,
            onAuth,
          });
        }
      } catch (err) {
        throw fail('Fetching from', err);
      }
      const built = await buildCommit(gitdir, snapshot, head, target.path, meta, author);
      if (!built.commit) return { changes: [], attempts: attempt };
      await git.writeRef({
        fs,
        gitdir,
        ref: `refs/heads/${target.branch}`,
        value: built.commit,
        force: true,
      });
      try {
        const res = await git.push({
          fs,
          http,
          gitdir,
          url: target.url,
          ref: target.branch,
          remoteRef: target.branch,
          onAuth,
        });
        if (res.ok) return { commit: built.commit, changes: built.changes, attempts: attempt };
        throw new Error(res.error ?? 'push was not accepted');
      } catch (err) {
        // Another run moved the branch first: the server refuses the update (not fast-forward, or the ref
        // changed under its lock). Fetch again and re-apply.
        const code = (err as { code?: string }).code;
        const rejected =
          code === 'PushRejectedError' ||
          code === 'GitPushError' ||
          /fast-forward|fetch first|rejected/i.test(errorMessage(err));
        if (!rejected || attempt >= maxAttempts) throw fail('Pushing to', err);
      }
    }
  } finally {
    await rm(gitdir, { recursive: true, force: true });
  }
}
