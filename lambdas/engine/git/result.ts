/** What publishing a snapshot to Git returns, and how it fails. */
import type { ResourceChange } from '../changes.ts';
import { ExportError } from '../errors.ts';

export class GitPublishError extends ExportError {
  override readonly name = 'GitPublishError';
}

export interface PublishResult {
  /** The new commit, or undefined when nothing changed. */
  readonly commit?: string;
  /** The new commit's message (what changed, by type, with names). */
  readonly message?: string;
  readonly changes: ResourceChange[];
  readonly attempts: number;
  /** With `--gitCommit` inside an existing repository: its root, and the folder the snapshot is in. */
  readonly enclosing?: { readonly root: string; readonly folder: string };
}
