/**
 * Git credentials: a token sent per request through isomorphic-git's `onAuth`, in the convention of the
 * hosting service. The token is never put in a URL, a config file or a message.
 */
import type { AuthCallback } from 'isomorphic-git';
import { UsageError } from '../errors.ts';

export type TokenStyle = 'github' | 'github-app' | 'gitlab' | 'bitbucket' | 'basic';

export const TOKEN_STYLES: readonly TokenStyle[] = ['github', 'github-app', 'gitlab', 'bitbucket', 'basic'];

/** Guesses the convention from the host; anything unknown uses plain Basic (`user:password` or a bare token). */
export function detectTokenStyle(url: string): TokenStyle {
  const host = new URL(url).hostname;
  if (host === 'github.com' || host.endsWith('.github.com')) return 'github';
  if (host.includes('gitlab')) return 'gitlab';
  if (host.includes('bitbucket')) return 'bitbucket';
  return 'basic';
}

export function credentialsFor(style: TokenStyle, token: string): { username: string; password: string } {
  switch (style) {
    case 'github':
      return { username: token, password: 'x-oauth-basic' };
    case 'github-app':
      return { username: 'x-access-token', password: token };
    case 'gitlab':
      return { username: 'oauth2', password: token };
    case 'bitbucket':
      return { username: 'x-token-auth', password: token };
    case 'basic': {
      const i = token.indexOf(':');
      return i > 0
        ? { username: token.slice(0, i), password: token.slice(i + 1) }
        : { username: 'git', password: token };
    }
  }
}

export function onAuthFor(style: TokenStyle, token: string | undefined): AuthCallback | undefined {
  if (!token) return undefined;
  return () => credentialsFor(style, token);
}

/** Refuses remote URLs that carry credentials: they would end up in logs and on disk. */
export function checkRemoteUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--gitRemote '${url.slice(0, 80)}' is not a URL`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new UsageError('--gitRemote must be an https:// URL (pure-JavaScript Git speaks HTTP(S) only)');
  if (u.username || u.password)
    throw new UsageError(
      '--gitRemote must not contain credentials; put the token in GENESYS_EXPORT_GIT_TOKEN',
    );
  return u.toString();
}

/** Removes a secret from a message before it is shown. */
export function scrub(message: string, ...secrets: Array<string | undefined>): string {
  let out = message;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out.replace(/\/\/[^/@\s]+:[^/@\s]+@/g, '//***@');
}
