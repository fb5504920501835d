/**
 * Secrets of the Lambda functions (the Genesys OAuth client, the Git token), read as JSON objects through
 * Powertools Parameters, which keeps each one for a few minutes so warm invocations do not call Secrets
 * Manager again, and picks up a rotated value soon after.
 */
import { GetParameterError } from '@aws-lambda-powertools/parameters';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ConfigurationError } from './environment.ts';

/** How long a secret is reused, in seconds. */
const SECRET_MAX_AGE_SECONDS = 5 * 60;

export async function readSecretJson(secretId: string): Promise<Record<string, string>> {
  let text: unknown;
  try {
    text = await getSecret(secretId, { maxAge: SECRET_MAX_AGE_SECONDS });
  } catch (err) {
    // The SDK's own error (access denied, no such secret) says more than the Powertools wrapper.
    throw err instanceof GetParameterError && err.cause ? err.cause : err;
  }
  try {
    const value: unknown = JSON.parse(typeof text === 'string' ? text : '');
    if (value && typeof value === 'object') return value as Record<string, string>;
  } catch {
    // Never echo the secret's content: neither here nor through the parser's message.
  }
  throw new ConfigurationError(`secret ${secretId} is not a JSON object`);
}
