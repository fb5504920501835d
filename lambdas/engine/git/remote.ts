/**
 * Publishes to a remote over HTTPS: shallow single-branch fetch into a scratch repository, graft the
 * snapshot into the tracked folder, commit in memory, push one pack of the new objects. A rejection
 * because another run pushed first fetches again and re-applies the snapshot on top, up to `maxAttempts`.
 */
import * as fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import git, { type AuthCallback } from 'isomorphic-git';
import { errorMessage } from '../errors.ts';
import type { SnapshotStore } from '../storage/types.ts';
import { onAuthFor, scrub } from './auth.ts';
import { buildCommit } from './commit.ts';
import { gitHttp as http } from './http.ts';
import { PackedObjects } from './objects.ts';
import { PushRejectedError, pushPack } from './receive-pack.ts';
import { GitPublishError, type PublishResult } from './result.ts';
import { type BlobIndex, readSnapshotMeta, writeSnapshotBlobs } from './snapshot.ts';
import type { GitAuthor, RemoteTarget } from './target.ts';
import { commitTree, type FlatTree } from './tree.ts';

const DEFAULT_MAX_ATTEMPTS = 5;

async function remoteHead(
  url: string,
  branch: string,
  onAuth: AuthCallback | undefined,
): Promise<string | undefined> {
  const refs = await git.listServerRefs({ http, url, prefix: `refs/heads/${branch}`, onAuth });
  return refs.find((r) => r.ref === `refs/heads/${branch}`)?.oid;
}

/** Where a publish keeps the blob index between runs (the archive bucket on AWS). */
export interface BlobIndexStore {
  load(): Promise<BlobIndex | undefined>;
  save(index: BlobIndex): Promise<void>;
}

export async function publishToRemote(
  store: SnapshotStore,
  target: RemoteTarget,
  author: GitAuthor,
  blobIndex?: BlobIndexStore,
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
    const objects = new PackedObjects();
    let snapshot: (FlatTree & { index?: BlobIndex }) | undefined;
    const targetKey = `${target.url}#${target.branch}:${target.path}`;
    const maxAttempts = target.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
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
      const parent = { commit: head, tree: await commitTree(gitdir, head) };
      const present = new Set([...parent.tree.values()].map((e) => e.oid));
      // After the first fetch: files unchanged since the last publish reuse the parent's blobs unread.
      snapshot ??= await writeSnapshotBlobs(objects, store, {
        index: await blobIndex?.load(),
        target: targetKey,
        present,
      });
      // A branch rewritten by another writer since: reused blobs it no longer has go in the pack too.
      for (const { oid } of snapshot.values())
        if (!present.has(oid) && !objects.has(oid))
          objects.add('blob', (await git.readBlob({ fs, gitdir, oid })).blob);
      const index = snapshot.index;
      const built = await buildCommit(gitdir, objects, snapshot, parent, target.path, meta, author);
      if (!built.commit) {
        if (index) await blobIndex?.save(index);
        return { changes: [], attempts: attempt };
      }
      try {
        await pushPack({
          http,
          url: target.url,
          onAuth,
          ref: `refs/heads/${target.branch}`,
          old: head,
          commit: built.commit,
          pack: objects.pack(objects.oids().filter((oid) => !present.has(oid))),
        });
        if (index) await blobIndex?.save(index);
        return { commit: built.commit, message: built.message, changes: built.changes, attempts: attempt };
      } catch (err) {
        // Rejected because the branch moved (receive-pack.ts decides): fetch again and re-apply.
        if (!(err instanceof PushRejectedError) || attempt >= maxAttempts) throw fail('Pushing to', err);
      }
    }
  } finally {
    await rm(gitdir, { recursive: true, force: true });
  }
}
