/**
 * Errors of the export engine. The `name` of each class is part of the workflow contract: Step Functions
 * Retry and Catch rules match on it, so never rename one. Errors with more than a message take an options
 * object.
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

export interface ApiErrorOptions {
  readonly status: number;
  /** The body's `code` (e.g. `missing.permissions`), when it is JSON and has one. */
  readonly code?: string | undefined;
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  /** The body's `message`, or the start of a body that is not JSON. */
  readonly message: string;
}

/** The Platform API answered with an error that retries did not clear. */
export class ApiError extends ExportError {
  override readonly name: string = 'ApiError';
  readonly status: number;
  readonly code: string | undefined;
  readonly method: string;
  readonly path: string;
  constructor({ status, code, method, path, message }: ApiErrorOptions) {
    super(`${method} ${path} failed with ${status}${code ? ` ${code}` : ''}: ${message}`);
    this.status = status;
    this.code = code;
    this.method = method;
    this.path = path;
  }
}

/** 403 `missing.permissions`: the OAuth client lacks a permission. */
export class PermissionDeniedError extends ApiError {
  override readonly name = 'PermissionDeniedError';
  /** The permissions the message names (`[a:b:c, ...]`), empty when it names none. */
  readonly permissions: readonly string[];
  constructor(options: ApiErrorOptions & { readonly permissions: readonly string[] }) {
    super(options);
    this.permissions = options.permissions;
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

/** An Architect flow export job failed or never finished. */
export class FlowExportJobError extends ExportError {
  override readonly name = 'FlowExportJobError';
  /** A job that ended in Failure is worth another try; one that never finished is not. */
  readonly retryable: boolean;
  constructor({ message, retryable }: { readonly message: string; readonly retryable: boolean }) {
    super(message);
    this.retryable = retryable;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A step reached its deadline (the Lambda's remaining time less a margin): no new work is started. */
export class DeadlineError extends ExportError {
  override readonly name = 'DeadlineError';
}

/** Another run holds the run lock: this one does not start. */
export class RunActiveError extends ExportError {
  override readonly name = 'RunActiveError';
}
