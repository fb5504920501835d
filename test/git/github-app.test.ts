/**
 * A GitHub App as the Git credential on AWS: the Git secret holds the app's ID, installation and private
 * key; Publish mints a short-lived installation token (a JWT signed with the key, exchanged at a stand-in
 * of GitHub's `POST /app/installations/{id}/access_tokens` on loopback) and pushes as `x-access-token`.
 */
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publishToRemote } from '../../lambdas/engine/git/remote.ts';
import type { RemoteTarget } from '../../lambdas/engine/git/target.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { ENV } from '../../lambdas/handlers/environment.ts';
import { appJwt, gitCredentials } from '../../lambdas/handlers/git-credentials.ts';
import { awsDeps } from '../../lambdas/handlers/runtime.ts';
import { SecretsManagerStandIn } from '../aws/bundles/secrets-manager.ts';
import { cleanup, exportOnce, onCleanup, startSimulator, tempDir } from '../helpers.ts';
import { GitHttpServer } from './server.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const MINTED = 'ghs_minted0123456789abcdefghijklmnopq';

/** GitHub's token endpoint, checking the JWT as GitHub does (RS256 with the app's public key, iss, lifetime). */
class GitHubStandIn {
  private server?: Server;
  url = '';
  readonly calls: Array<{ path: string; iss?: string; lifetime?: number; valid: boolean }> = [];

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const jwt = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      const [h = '', p = '', sig = ''] = jwt.split('.');
      const valid = createVerify('RSA-SHA256').update(`${h}.${p}`).verify(publicKey, sig, 'base64url');
      const claims = valid
        ? (JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, number | string>)
        : {};
      const ok =
        valid &&
        req.method === 'POST' &&
        req.url === '/app/installations/42/access_tokens' &&
        claims.iss === '1234';
      this.calls.push({
        path: String(req.url),
        iss: claims.iss as string | undefined,
        lifetime: valid ? Number(claims.exp) - Number(claims.iat) : undefined,
        valid,
      });
      res.writeHead(ok ? 201 : 401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          ok
            ? { token: MINTED, expires_at: '2026-11-28T13:00:00Z' }
            : { message: 'A JSON web token could not be decoded' },
        ),
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const github = new GitHubStandIn();
const git = new GitHttpServer('x-access-token', MINTED);
beforeAll(async () => {
  await github.start();
  await git.start();
});
afterAll(async () => {
  await github.stop();
  await git.stop();
});
afterEach(cleanup);

const appSecret = (over: Record<string, string> = {}) => ({
  appId: '1234',
  installationId: '42',
  privateKey: PEM,
  apiUrl: github.url,
  ...over,
});

describe('Git on AWS with a GitHub App', () => {
  it('Publish mints an installation token from the app key in the Git secret and pushes with it', async () => {
    const secrets = new SecretsManagerStandIn({ 'git-app': JSON.stringify(appSecret()) });
    await secrets.start();
    onCleanup(() => secrets.stop());
    const saved = { ...process.env };
    onCleanup(() => {
      process.env = saved;
    });
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    const url = git.createRepo('app.git');
    const deps = awsDeps({
      [ENV.archiveBucket]: 'unused',
      [ENV.gitRemoteUrl]: url,
      [ENV.gitSecretArn]: 'git-app',
    });
    const target = (await deps.gitTarget()) as RemoteTarget & { kind: 'remote' };
    expect(target).toMatchObject({ token: MINTED, tokenStyle: 'github-app' });
    expect(github.calls).toEqual([
      { path: '/app/installations/42/access_tokens', iss: '1234', lifetime: 600, valid: true },
    ]);

    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir, { resourceTypes: ['routing:skill'] });
    const published = await publishToRemote(new LocalStore(dir), target, {
      name: 'cx',
      email: 'cx@example.com',
    });
    expect(git.git('app.git', 'rev-parse', 'main').trim()).toBe(published.commit);
  });

  it('a key GitHub refuses or a secret missing a field is one line that never shows the key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const refused = gitCredentials(appSecret({ privateKey: other }));
    await expect(refused).rejects.toThrow(
      /^minting a GitHub App installation token at http:\/\/127\.0\.0\.1:\d+ failed: 401 A JSON web token could not be decoded$/,
    );
    await expect(gitCredentials({ appId: '1234', privateKey: PEM })).rejects.toThrow(
      'the Git secret names a GitHub App: it needs appId, installationId and privateKey together',
    );
    await expect(gitCredentials(appSecret({ privateKey: 'not a key' }))).rejects.toThrow(
      "the Git secret's privateKey is not a PEM private key",
    );
    for (const p of [refused, gitCredentials(appSecret({ privateKey: 'not a key' }))])
      await p.catch((e: Error) => expect(e.message).not.toContain('PRIVATE KEY'));
  });

  it('a plain token secret stays a token; the JWT is signed RS256 with the app as issuer', async () => {
    expect(await gitCredentials({ token: 'glpat-abc' })).toEqual({ token: 'glpat-abc' });
    expect(await gitCredentials(undefined)).toEqual({});
    const [h = '', p = ''] = appJwt('99', PEM, 1_000_000).split('.');
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toEqual({
      iat: 999_940,
      exp: 1_000_540,
      iss: '99',
    });
  });
});
