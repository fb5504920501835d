/** Handlers read their credentials from Secrets Manager (mocked: no local stand-in exists). */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { awsDeps } from '../../lambdas/handlers/runtime.ts';

const sm = mockClient(SecretsManagerClient);
afterEach(() => sm.reset());

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

  it('reads the Git token only for the finalize step and picks the token convention from the host', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'arn:git' }).resolves({
      SecretString: JSON.stringify({ token: 'glpat-abc' }),
    });
    const deps = awsDeps({
      ARCHIVE_BUCKET: 'b',
      GIT_SECRET_ARN: 'arn:git',
      GIT_REMOTE_URL: 'https://gitlab.example.com/cx/config.git',
    });
    expect(await deps.gitTarget()).toMatchObject({
      url: 'https://gitlab.example.com/cx/config.git',
      token: 'glpat-abc',
      tokenStyle: 'gitlab',
      branch: 'main',
    });
    expect(await awsDeps({ ARCHIVE_BUCKET: 'b' }).gitTarget()).toBeUndefined();
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
});
