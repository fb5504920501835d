/** Response bodies in the shapes the real Platform API returns (`ErrorBody`, OAuth errors). */
import { randomUUID } from 'node:crypto';
import type { Models } from 'purecloud-platform-client-v2';

export interface SimResponse {
  readonly status: number;
  readonly body?: unknown;
  /** Raw bytes instead of JSON (YAML and zip downloads). */
  readonly raw?: { readonly contentType: string; readonly data: Uint8Array | string };
  readonly headers?: Readonly<Record<string, string>>;
}

export function apiError(
  status: number,
  code: string,
  message: string,
  extra: Partial<Models.ErrorBody> = {},
): SimResponse {
  const body: Models.ErrorBody = {
    message,
    code,
    status,
    contextId: randomUUID(),
    details: [],
    errors: [],
    ...extra,
  };
  return { status, body };
}

export function missingPermissions(permissions: readonly string[]): SimResponse {
  const perms = permissions.join(', ');
  return apiError(403, 'missing.permissions', `You are missing the following permission(s): [${perms}]`, {
    messageWithParams: 'You are missing the following permission(s): {perms}',
    messageParams: { perms },
  });
}

export function tooManyRequests(retryAfterSeconds: number): SimResponse {
  return {
    ...apiError(
      429,
      'too.many.requests.retry.after',
      `Rate limit exceeded the maximum. Retry the request in [${retryAfterSeconds}] seconds`,
    ),
    headers: { 'retry-after': String(retryAfterSeconds) },
  };
}

export function notFound(path: string): SimResponse {
  return apiError(404, 'not.found', `The requested resource ${path} was not found.`);
}

export function oauthError(status: number, error: string, description: string): SimResponse {
  return { status, body: { error, description, error_description: description } };
}
