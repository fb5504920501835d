/** Handlers read their credentials from Secrets Manager (mocked: no local stand-in exists). */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { awsDeps } from '../../lambdas/handlers/runtime.ts';

const sm = mockClient(SecretsManagerClient);
afterEach(() => {
  sm.reset();
  vi.useRealTimers();
});

describe('Handlers: secrets', () => {
  it('builds the Genesys client from the secret JSON, reading the secret once while cached', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'arn:genesys' }).resolves({
      SecretString: JSON.stringify({ clientId: 'id-1', clientSecret: 'very-secret', region: 'eu_west_1' }),
    });
    const deps = awsDeps({ ARCHIVE_BUCKET: 'b', GENESYS_SECRET_ARN: 'arn:genesys' });
    const client = await deps.genesysClient();
    expect(client.baseUrl).toBe('https://api.mypurecloud.ie');
    await deps.genesysClient();
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('reads a secret again once it is five minutes old, so a rotated value is picked up', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-01-01T00:00:00Z') });
    sm.on(GetSecretValueCommand, { SecretId: 'arn:rotating' }).resolves({
      SecretString: JSON.stringify({ token: 'first' }),
    });
    const env = { ARCHIVE_BUCKET: 'b', GIT_SECRET_ARN: 'arn:rotating', GIT_REMOTE_URL: 'https://h/r.git' };
    expect(await awsDeps(env).gitTarget()).toMatchObject({ token: 'first' });
    sm.on(GetSecretValueCommand, { SecretId: 'arn:rotating' }).resolves({
      SecretString: JSON.stringify({ token: 'second' }),
    });
    vi.setSystemTime(Date.parse('2026-01-01T00:04:59Z'));
    expect(await awsDeps(env).gitTarget()).toMatchObject({ token: 'first' });
    vi.setSystemTime(Date.parse('2026-01-01T00:05:01Z'));
    expect(await awsDeps(env).gitTarget()).toMatchObject({ token: 'second' });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('reads the Git token only for the publish step and picks the token convention from the host', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'arn:git' }).resolves({
      SecretString: JSON.stringify({ token: 'glpat-abc' }),
    });
    const deps = awsDeps({
      ARCHIVE_BUCKET: 'b',
      GIT_SECRET_ARN: 'arn:git',
      GIT_REMOTE_URL: 'https://gitlab.example.com/cx/config.git',
    });
    expect(await deps.gitTarget()).toMatchObject({
      kind: 'remote',
      url: 'https://gitlab.example.com/cx/config.git',
      token: 'glpat-abc',
      tokenStyle: 'gitlab',
      branch: 'main',
    });
    expect(await awsDeps({ ARCHIVE_BUCKET: 'b' }).gitTarget()).toEqual({ kind: 'none' });
  });

  it('refuses a secret that is not JSON without echoing its content', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'arn:broken' }).resolves({
      SecretString: 'clientSecret=hunter2',
    });
    const err = await awsDeps({ ARCHIVE_BUCKET: 'b', GENESYS_SECRET_ARN: 'arn:broken' })
      .genesysClient()
      .catch((e: Error) => e);
    expect((err as Error).name).toBe('ConfigurationError');
    expect((err as Error).message).toBe('secret arn:broken is not a JSON object');
  });

  it("hands on Secrets Manager's own error when the secret cannot be read", async () => {
    const denied = Object.assign(new Error('User is not authorized to perform GetSecretValue'), {
      name: 'AccessDeniedException',
    });
    sm.on(GetSecretValueCommand, { SecretId: 'arn:denied' }).rejects(denied);
    const err = await awsDeps({ ARCHIVE_BUCKET: 'b', GENESYS_SECRET_ARN: 'arn:denied' })
      .genesysClient()
      .catch((e: Error) => e);
    expect((err as Error).name).toBe('AccessDeniedException');
    expect((err as Error).message).toBe('User is not authorized to perform GetSecretValue');
  });
});
