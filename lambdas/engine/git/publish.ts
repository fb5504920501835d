/**
 * Publishes a snapshot to Git with pure-JavaScript Git (isomorphic-git), so it runs in Lambda with no git
 * binary: a commit in a local repository (local.ts) or a push to a remote (remote.ts), one target model
 * for both (target.ts). A run whose resources did not change makes no commit.
 */
import { LocalStore } from '../storage/local.ts';
import type { SnapshotStore } from '../storage/types.ts';
import { commitLocal } from './local.ts';
import { type BlobIndexStore, publishToRemote } from './remote.ts';
import type { PublishResult } from './result.ts';
import type { PublishTarget } from './target.ts';

export { commitLocal } from './local.ts';
export { type BlobIndexStore, publishToRemote } from './remote.ts';
export { GitPublishError, type PublishResult } from './result.ts';
export { DEFAULT_GIT_AUTHOR, type GitAuthor, type PublishTarget, type RemoteTarget } from './target.ts';

/**
 * Publishes `store` to `target`; undefined when nothing is published: no target, or a local target on a
 * store that is not a folder (the snapshot in S3 has no work tree to commit in).
 */
export async function publishSnapshot(
  store: SnapshotStore,
  target: PublishTarget,
  blobIndex?: BlobIndexStore,
): Promise<PublishResult | undefined> {
  switch (target.kind) {
    case 'none':
      return undefined;
    case 'local':
      return store instanceof LocalStore ? commitLocal(store, target.branch, target.author) : undefined;
    case 'remote':
      return publishToRemote(store, target, target.author, blobIndex);
  }
}
