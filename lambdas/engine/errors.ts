/**
 * Errors of the export engine. The `name` of each class is part of the workflow contract: Step Functions
 * Retry and Catch rules match on it, so never rename one.
 */
export class ExportError extends Error {
  override readonly name: string = 'ExportError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Bad input from the user: a flag, a variable or a file. Exit code 2. */
export class UsageError extends ExportError {
  override readonly name = 'UsageError';
}

/** The OAuth client could not log in (wrong ID or secret, unknown region). */
export class AuthenticationError extends ExportError {
  override readonly name = 'AuthenticationError';
}

/** `--organizationId` does not match the organization the credentials belong to. */
export class OrganizationMismatchError extends ExportError {
  override readonly name = 'OrganizationMismatchError';
}

/** The Platform API answered with an error that retries did not clear. */
export class ApiError extends ExportError {
  override readonly name: string = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly method: string,
    readonly path: string,
    message: string,
  ) {
    super(`${method} ${path} failed with ${status}${code ? ` ${code}` : ''}: ${message}`);
  }
}

/** 403 `missing.permissions`: the OAuth client lacks a permission. */
export class PermissionDeniedError extends ApiError {
  override readonly name = 'PermissionDeniedError';
  constructor(
    status: number,
    code: string | undefined,
    method: string,
    path: string,
    message: string,
    readonly permissions: readonly string[],
  ) {
    super(status, code, method, path, message);
  }
}

/** Connection dropped, timed out or returned an unreadable body, and retries ran out. */
export class NetworkError extends ExportError {
  override readonly name = 'NetworkError';
}

/** A resource ID that is not a safe file name: refused rather than written outside the output folder. */
export class UnsafePathError extends ExportError {
  override readonly name = 'UnsafePathError';
}

/** Reading or writing the snapshot store failed. */
export class StorageError extends ExportError {
  override readonly name = 'StorageError';
}

/** A broken assumption inside cx-export (a missing plan record, an unknown catalog type): a bug, not bad input. */
export class InvariantError extends ExportError {
  override readonly name = 'InvariantError';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
