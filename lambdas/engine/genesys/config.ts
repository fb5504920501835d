/** Connection settings for Genesys Cloud, read from environment variables (and a `.env` file upstream). */
import { UsageError } from '../errors.ts';

/** Region names and domains, as in the SDK's `PureCloudRegionHosts.js`. */
export const REGION_DOMAINS: Readonly<Record<string, string>> = {
  us_east_1: 'mypurecloud.com',
  eu_west_1: 'mypurecloud.ie',
  ap_southeast_2: 'mypurecloud.com.au',
  ap_northeast_1: 'mypurecloud.jp',
  eu_central_1: 'mypurecloud.de',
  us_west_2: 'usw2.pure.cloud',
  ca_central_1: 'cac1.pure.cloud',
  ap_northeast_2: 'apne2.pure.cloud',
  eu_west_2: 'euw2.pure.cloud',
  ap_south_1: 'aps1.pure.cloud',
  us_east_2: 'use2.us-gov-pure.cloud',
  sa_east_1: 'sae1.pure.cloud',
  me_central_1: 'mec1.pure.cloud',
  ap_northeast_3: 'apne3.pure.cloud',
  eu_central_2: 'euc2.pure.cloud',
  mx_central_1: 'mxc1.pure.cloud',
  ap_southeast_1: 'apse1.pure.cloud',
  eusc_de_east_1: 'edee1.eusc-pure.cloud',
};

export interface GenesysConnection {
  readonly apiBaseUrl: string;
  readonly authUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function parseUrl(name: string, value: string): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:')
    throw new UsageError(`${name} is not a valid http(s) URL: '${value}'`);
  return url;
}

/** `api.<domain>` logs in at `login.<domain>`; any other host (a simulator on loopback) at its own origin. */
export function deriveAuthUrl(apiBaseUrl: string): string {
  const url = new URL(apiBaseUrl);
  if (url.hostname.startsWith('api.'))
    return `${url.protocol}//login.${url.hostname.slice(4)}${url.port ? `:${url.port}` : ''}`;
  return url.origin;
}

/**
 * The export guide's variable, or the Terraform provider's name for the same setting
 * (`GENESYSCLOUD_OAUTHCLIENT_ID`, `_SECRET`, `GENESYSCLOUD_REGION`); the guide's wins when both are set.
 */
function setting(env: Env, name: string, terraformName: string): [string, string | undefined] {
  const own = env[name]?.trim();
  if (own) return [name, own];
  const tf = env[terraformName]?.trim();
  return tf ? [terraformName, tf] : [name, undefined];
}

export function connectionFromEnv(env: Env): GenesysConnection {
  const [, clientId] = setting(env, 'GENESYS_CLOUD_OAUTH_CLIENT_ID', 'GENESYSCLOUD_OAUTHCLIENT_ID');
  const [, clientSecret] = setting(
    env,
    'GENESYS_CLOUD_OAUTH_CLIENT_SECRET',
    'GENESYSCLOUD_OAUTHCLIENT_SECRET',
  );
  if (!clientId)
    throw new UsageError(
      'GENESYS_CLOUD_OAUTH_CLIENT_ID (or GENESYSCLOUD_OAUTHCLIENT_ID) is not set (environment or .env)',
    );
  if (!clientSecret)
    throw new UsageError(
      'GENESYS_CLOUD_OAUTH_CLIENT_SECRET (or GENESYSCLOUD_OAUTHCLIENT_SECRET) is not set (environment or .env)',
    );
  const grant = env.GENESYS_CLOUD_OAUTH_GRANT_TYPE?.trim();
  if (grant && grant !== 'client_credentials') {
    throw new UsageError(`GENESYS_CLOUD_OAUTH_GRANT_TYPE must be client_credentials, got '${grant}'`);
  }
  let apiBaseUrl: string;
  const base = env.GENESYS_CLOUD_BASE_URL?.trim();
  const [regionName, region] = setting(env, 'GENESYS_CLOUD_REGION', 'GENESYSCLOUD_REGION');
  if (base) apiBaseUrl = parseUrl('GENESYS_CLOUD_BASE_URL', base).origin;
  else if (region) {
    const domain = REGION_DOMAINS[region.toLowerCase().replace(/-/g, '_')];
    if (!domain)
      throw new UsageError(
        `${regionName} '${region}' is not a Genesys Cloud region (e.g. us_east_1, eu-west-1)`,
      );
    apiBaseUrl = `https://api.${domain}`;
  } else apiBaseUrl = 'https://api.mypurecloud.com';
  const authOverride = env.GENESYS_CLOUD_AUTH_URL?.trim();
  const authUrl = authOverride
    ? parseUrl('GENESYS_CLOUD_AUTH_URL', authOverride).origin
    : deriveAuthUrl(apiBaseUrl);
  return { apiBaseUrl, authUrl, clientId, clientSecret };
}
