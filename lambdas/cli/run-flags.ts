/**
 * `export run`'s flags checked and turned into what the run needs, before the first API request: the
 * export options, the Git publish target and a usable output folder. Every problem is a UsageError.
 */
import { mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_BRANCH, DEFAULT_CONCURRENCY } from '../engine/defaults.ts';
import { errorMessage, UsageError } from '../engine/errors.ts';
import { checkRemoteUrl, detectTokenStyle, TOKEN_STYLES, type TokenStyle } from '../engine/git/auth.ts';
import {
  DEFAULT_GIT_AUTHOR,
  DEFAULT_GIT_PATH,
  type GitAuthor,
  NO_PUBLISH,
  type PublishTarget,
} from '../engine/git/target.ts';
import {
  type ChangeRequest,
  DEFAULT_FULL_AFTER_DAYS,
  DEFAULT_FULL_EVERY,
  MAX_FULL_AFTER_DAYS,
  validFullAfterDays,
} from '../engine/incremental.ts';
import type { ExportOptions } from '../engine/model.ts';
import { normalizeOptions } from '../engine/options.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface RunFlags {
  organizationId?: string;
  outputDir: string;
  resourceTypes?: string;
  resourceIds?: string;
  includeAllResources?: string | boolean;
  followReferences?: string | boolean;
  /** `<type>::<regular expression>` name filters, one per `--include` / `--exclude`. */
  include?: string[];
  exclude?: string[];
  concurrency?: string;
  verbose?: boolean;
  format?: string;
  gitCommit?: boolean;
  gitRemote?: string;
  gitBranch?: string;
  gitPath?: string;
  gitTokenStyle?: string;
  gitAuthorName?: string;
  gitAuthorEmail?: string;
  /** Read again only what changed since the snapshot in outputDir (see engine/incremental.ts). */
  incremental?: boolean;
  full?: boolean;
  fullEvery?: string;
  fullAfterDays?: string;
}

/**
 * `--incremental`, `--full` (wins), `--fullEvery <n>` (a full run every n runs) and `--fullAfterDays <d>`
 * (a full run when the last full one is older than d days).
 */
export function changeRequestFromFlags(flags: RunFlags): ChangeRequest {
  const fullEvery = flags.fullEvery === undefined ? DEFAULT_FULL_EVERY : Number(flags.fullEvery);
  if (!Number.isInteger(fullEvery) || fullEvery < 1 || fullEvery > 1000)
    throw new UsageError(`--fullEvery must be a whole number from 1 to 1000, got '${flags.fullEvery}'`);
  const fullAfterDays =
    flags.fullAfterDays === undefined ? DEFAULT_FULL_AFTER_DAYS : Number(flags.fullAfterDays);
  if (!validFullAfterDays(fullAfterDays))
    throw new UsageError(
      `--fullAfterDays must be a number of days above 0 and at most ${MAX_FULL_AFTER_DAYS} (the audit log's reach), got '${flags.fullAfterDays}'`,
    );
  return { incremental: flags.incremental === true, full: flags.full === true, fullEvery, fullAfterDays };
}

export function exportOptionsFromFlags(flags: RunFlags, env: Env): ExportOptions & { concurrency: number } {
  const organizationId = flags.organizationId ?? env.GENESYS_CLOUD_ORG_ID;
  if (!organizationId?.trim())
    throw new UsageError('--organizationId is required (or set GENESYS_CLOUD_ORG_ID)');
  const options = normalizeOptions({ ...flags, organizationId }, (field) => `--${field}`);
  const concurrency = flags.concurrency === undefined ? DEFAULT_CONCURRENCY : Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new UsageError(`--concurrency must be a whole number from 1 to 64, got '${flags.concurrency}'`);
  return { ...options, concurrency };
}

/**
 * Where the snapshot goes in Git: `--gitCommit` (local), `--gitRemote` (remote) or nowhere. The branch and
 * path are checked whichever is chosen, so a bad value is reported even when nothing is published.
 */
export function publishTargetFromFlags(flags: RunFlags, env: Env): PublishTarget {
  const branch = checkBranch(flags.gitBranch ?? DEFAULT_BRANCH);
  const path = checkGitPath(flags.gitPath);
  const author: GitAuthor = {
    name: flags.gitAuthorName ?? env.GENESYS_EXPORT_GIT_AUTHOR_NAME ?? DEFAULT_GIT_AUTHOR.name,
    email: flags.gitAuthorEmail ?? env.GENESYS_EXPORT_GIT_AUTHOR_EMAIL ?? DEFAULT_GIT_AUTHOR.email,
  };
  if (flags.gitCommit && flags.gitRemote)
    throw new UsageError('--gitCommit and --gitRemote cannot be used together');
  if (!flags.gitRemote) return flags.gitCommit ? { kind: 'local', branch, author } : NO_PUBLISH;
  const url = checkRemoteUrl(flags.gitRemote);
  const tokenStyle = checkTokenStyle(flags.gitTokenStyle ?? detectTokenStyle(url));
  const token = env.GENESYS_EXPORT_GIT_TOKEN?.trim() || undefined;
  return { kind: 'remote', url, branch, path, token, tokenStyle, author };
}

function checkBranch(branch: string): string {
  if (!/^[A-Za-z0-9._/-]{1,100}$/.test(branch) || branch.includes('..'))
    throw new UsageError(`--gitBranch '${branch.slice(0, 60)}' is not a valid branch name`);
  return branch;
}

/** The folder without leading or trailing slashes; never `..` or `.git`. */
function checkGitPath(gitPath: string | undefined): string {
  const path = (gitPath ?? DEFAULT_GIT_PATH).replace(/^\/+|\/+$/g, '');
  if (path.split('/').some((p) => p === '..' || p === '.git'))
    throw new UsageError(`--gitPath '${gitPath}' must be a folder inside the repository`);
  return path;
}

function checkTokenStyle(style: string): TokenStyle {
  if (!(TOKEN_STYLES as readonly string[]).includes(style))
    throw new UsageError(`--gitTokenStyle must be one of ${TOKEN_STYLES.join(', ')}, got '${style}'`);
  return style as TokenStyle;
}

/**
 * Checks the output folder before the first API request: not a file, not inside a file, and creatable or
 * writable (a probe folder is made and removed in the nearest folder that exists, so nothing is left).
 */
export function checkOutputDir(dir: string, cwd = process.cwd(), label = '--outputDir'): string {
  const abs = resolve(cwd, dir);
  const existing = nearestExistingFolder(abs, dir, label);
  try {
    rmdirSync(mkdtempSync(join(existing, '.cx-export-probe-')));
  } catch (err) {
    const code = (err as { code?: string }).code ?? errorMessage(err);
    throw new UsageError(
      existing === abs
        ? `${label} ${dir} is not writable (${code})`
        : `${label} ${dir} cannot be created: nothing can be created in ${existing} (${code})`,
    );
  }
  return abs;
}

/** `abs` or its nearest ancestor that exists; a file on the way is a UsageError. */
function nearestExistingFolder(abs: string, dir: string, label: string): string {
  let existing = abs;
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(existing).isDirectory();
    } catch (err) {
      const code = (err as { code?: string }).code;
      const up = dirname(existing);
      if ((code === 'ENOENT' || code === 'ENOTDIR') && up !== existing) {
        existing = up;
        continue;
      }
      throw new UsageError(`${label} ${dir} cannot be used: ${errorMessage(err)}`);
    }
    if (!isDir)
      throw new UsageError(
        existing === abs
          ? `${label} ${dir} exists and is not a folder`
          : `${label} ${dir} is inside a file: ${existing} is not a folder`,
      );
    return existing;
  }
}
