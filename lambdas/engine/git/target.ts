/**
 * Where a run's snapshot goes in Git: nowhere, a commit in a local repository, or a push to a remote.
 * One model for the CLI (from flags), the Lambda handlers (from the environment) and the demo.
 */
import { DEFAULT_BRANCH } from '../defaults.ts';
import type { TokenStyle } from './auth.ts';

export interface GitAuthor {
  readonly name: string;
  readonly email: string;
}

export const DEFAULT_GIT_AUTHOR: GitAuthor = {
  name: 'cx-export',
  email: 'cx-export@users.noreply.github.com',
};

/** Folder of a remote repository that holds the snapshot when none is given. */
export const DEFAULT_GIT_PATH = 'snapshot';

export interface RemoteTarget {
  readonly url: string;
  readonly branch: string;
  /** Folder inside the repository that holds the snapshot; '' for the root. */
  readonly path: string;
  readonly token?: string;
  readonly tokenStyle: TokenStyle;
  readonly maxAttempts?: number;
}

export type PublishTarget =
  | { readonly kind: 'none' }
  /** `--gitCommit`: the enclosing repository of the output folder, or a new one in it. */
  | { readonly kind: 'local'; readonly branch: string; readonly author: GitAuthor }
  | ({ readonly kind: 'remote'; readonly author: GitAuthor } & RemoteTarget);

export const NO_PUBLISH: PublishTarget = { kind: 'none' };

export const localTarget = (branch = DEFAULT_BRANCH, author = DEFAULT_GIT_AUTHOR): PublishTarget => ({
  kind: 'local',
  branch,
  author,
});
