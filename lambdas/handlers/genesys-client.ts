/**
 * The Genesys client of a warm Lambda: built from the OAuth client in Secrets Manager and kept across
 * invocations (its token stays in memory, never written anywhere) until the secret's content changes.
 */
import { systemClock } from '../engine/clock.ts';
import { GenesysClient } from '../engine/genesys/client.ts';
import { connectionFromEnv } from '../engine/genesys/config.ts';
import { readSecretJson } from './secrets.ts';

/** The secret's fields: `{"clientId","clientSecret","region" or "baseUrl"[, "authUrl"]}`. */
interface GenesysSecret {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly region?: string;
  readonly baseUrl?: string;
  readonly authUrl?: string;
}

let cached: { key: string; client: GenesysClient } | undefined;

export async function genesysClientFromSecret(secretId: string, concurrency: number): Promise<GenesysClient> {
  const s: GenesysSecret = await readSecretJson(secretId);
  const connection = connectionFromEnv({
    GENESYS_CLOUD_OAUTH_CLIENT_ID: s.clientId,
    GENESYS_CLOUD_OAUTH_CLIENT_SECRET: s.clientSecret,
    GENESYS_CLOUD_REGION: s.region,
    GENESYS_CLOUD_BASE_URL: s.baseUrl,
    GENESYS_CLOUD_AUTH_URL: s.authUrl,
  });
  const key = `${connection.apiBaseUrl}|${connection.clientId}|${connection.clientSecret}`;
  if (cached?.key !== key)
    cached = { key, client: new GenesysClient({ connection, clock: systemClock, concurrency }) };
  return cached.client;
}
