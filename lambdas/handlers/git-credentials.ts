/**
 * The Git token of a publish, from the Git secret: `{"token"}` as it is, or a GitHub App
 * (`{"appId","installationId","privateKey"[, "apiUrl"]}`), for which a short-lived installation token is
 * minted per run (an RS256 JWT signed with the app's key, exchanged at GitHub's
 * `POST /app/installations/{id}/access_tokens`; GitHub Enterprise: `apiUrl` is `https://<host>/api/v3`).
 * Neither the key, the JWT nor the token ever reaches a message.
 */
import { createSign } from 'node:crypto';
import type { TokenStyle } from '../engine/git/auth.ts';
import { GitPublishError } from '../engine/git/result.ts';
import { ConfigurationError } from './environment.ts';

export interface GitCredentials {
  readonly token?: string;
  /** Set when the secret decides the convention (a GitHub App's token goes as `x-access-token`). */
  readonly tokenStyle?: TokenStyle;
}

const GITHUB_API = 'https://api.github.com';

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** The app's JWT: issued a minute in the past (clock skew), valid nine minutes (GitHub allows ten). */
export function appJwt(appId: string, privateKey: string, nowSeconds: number): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ iat: nowSeconds - 60, exp: nowSeconds + 540, iss: appId }));
  let signature: string;
  try {
    signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey, 'base64url');
  } catch {
    throw new ConfigurationError("the Git secret's privateKey is not a PEM private key");
  }
  return `${header}.${payload}.${signature}`;
}

export async function gitCredentials(
  secret: Readonly<Record<string, string>> | undefined,
  now: () => number = Date.now,
): Promise<GitCredentials> {
  if (!secret) return {};
  const { appId, installationId, privateKey } = secret;
  if (!appId && !installationId && !privateKey) return { token: secret.token };
  if (!appId || !installationId || !privateKey)
    throw new ConfigurationError(
      'the Git secret names a GitHub App: it needs appId, installationId and privateKey together',
    );
  const api = (secret.apiUrl || GITHUB_API).replace(/\/+$/, '');
  const jwt = appJwt(appId, privateKey, Math.floor(now() / 1000));
  let res: Response;
  try {
    res = await fetch(`${api}/app/installations/${encodeURIComponent(installationId)}/access_tokens`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${jwt}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'cx-export',
      },
    });
  } catch (err) {
    throw new GitPublishError(
      `minting a GitHub App installation token at ${api} failed: ${(err as Error).message}`,
    );
  }
  const body = (await res.json().catch(() => ({}))) as { token?: string; message?: string };
  if (res.status !== 201 || !body.token)
    throw new GitPublishError(
      `minting a GitHub App installation token at ${api} failed: ${res.status}${body.message ? ` ${body.message.slice(0, 200)}` : ''}`,
    );
  return { token: body.token, tokenStyle: 'github-app' };
}
