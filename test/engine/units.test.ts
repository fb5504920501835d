/** Small pure parts: login URL derivation, import ordering, normalization. */
import { describe, expect, it } from 'vitest';
import { connectionFromEnv, deriveAuthUrl } from '../../lambdas/engine/genesys/config.ts';
import { planImport } from '../../lambdas/engine/graph.ts';
import { normalizeEntity, REDACTED } from '../../lambdas/engine/normalize.ts';

describe('Config: Genesys Cloud URLs', () => {
  it('logs in at login.<domain> for api.<domain>, and at the same origin for anything else', () => {
    expect(deriveAuthUrl('https://api.mypurecloud.ie')).toBe('https://login.mypurecloud.ie');
    expect(deriveAuthUrl('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
    const env = { GENESYS_CLOUD_OAUTH_CLIENT_ID: 'a', GENESYS_CLOUD_OAUTH_CLIENT_SECRET: 'b' };
    expect(connectionFromEnv(env)).toMatchObject({
      apiBaseUrl: 'https://api.mypurecloud.com',
      authUrl: 'https://login.mypurecloud.com',
    });
    expect(connectionFromEnv({ ...env, GENESYS_CLOUD_REGION: 'ap_southeast_2' }).apiBaseUrl).toBe(
      'https://api.mypurecloud.com.au',
    );
    expect(
      connectionFromEnv({
        ...env,
        GENESYS_CLOUD_BASE_URL: 'https://api.usw2.pure.cloud',
        GENESYS_CLOUD_AUTH_URL: 'https://sso.example.com',
      }).authUrl,
    ).toBe('https://sso.example.com');
    expect(() => connectionFromEnv({ ...env, GENESYS_CLOUD_OAUTH_GRANT_TYPE: 'authorization_code' })).toThrow(
      /must be client_credentials/,
    );
    expect(() => connectionFromEnv({ ...env, GENESYS_CLOUD_BASE_URL: 'ftp://x' })).toThrow(
      /GENESYS_CLOUD_BASE_URL is not a valid http\(s\) URL/,
    );
  });
});

describe("Config: the Terraform provider's variable names", () => {
  it("accepts GENESYSCLOUD_OAUTHCLIENT_ID/_SECRET and GENESYSCLOUD_REGION, the guide's names winning", () => {
    const tf = {
      GENESYSCLOUD_OAUTHCLIENT_ID: 'tf-id',
      GENESYSCLOUD_OAUTHCLIENT_SECRET: 'tf-secret',
      GENESYSCLOUD_REGION: 'eu-west-1',
    };
    expect(connectionFromEnv(tf)).toEqual({
      apiBaseUrl: 'https://api.mypurecloud.ie',
      authUrl: 'https://login.mypurecloud.ie',
      clientId: 'tf-id',
      clientSecret: 'tf-secret',
    });
    expect(connectionFromEnv({ ...tf, GENESYS_CLOUD_OAUTH_CLIENT_ID: 'guide-id' }).clientId).toBe('guide-id');
    expect(() => connectionFromEnv({ ...tf, GENESYSCLOUD_REGION: 'mars-1' })).toThrow(
      "GENESYSCLOUD_REGION 'mars-1' is not a Genesys Cloud region",
    );
  });
});

describe('Graph: import order', () => {
  const node = (key: string, dependsOn: string[] = [], rank = 0) => ({ key, rank, name: key, dependsOn });

  it('puts dependencies first and is stable whatever the input order', () => {
    const nodes = [node('q', ['s', 'f']), node('s'), node('f', ['s']), node('u', ['s'])];
    const a = planImport(nodes);
    const b = planImport([...nodes].reverse());
    expect(a.order).toEqual(['s', 'f', 'q', 'u']);
    expect(b.order).toEqual(a.order);
    expect(a.cycles).toEqual([]);
  });

  it('reports a cycle, a self-reference, and the edges the order breaks', () => {
    const { order, cycles } = planImport([node('a', ['b']), node('b', ['a']), node('c', ['c', 'a'])]);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(cycles).toEqual([
      { members: ['a', 'b'], brokenEdges: [{ from: 'a', to: 'b' }] },
      { members: ['c'], brokenEdges: [{ from: 'c', to: 'c' }] },
    ]);
  });

  it('handles a 20,000-node chain without recursion limits', () => {
    const nodes = Array.from({ length: 20_000 }, (_, i) =>
      node(`n${String(i).padStart(5, '0')}`, i ? [`n${String(i - 1).padStart(5, '0')}`] : []),
    );
    expect(planImport(nodes).order[19_999]).toBe('n19999');
  });
});

describe('Normalize: snapshot form', () => {
  it('drops volatile fields at any depth, redacts credentials, sorts keys and ID lists, keeps ordered lists', () => {
    const out = normalizeEntity(
      {
        zeta: 1,
        id: 'x',
        selfUri: '/a',
        presence: { p: 1 },
        division: { id: 'd', selfUri: '/d' },
        skills: [{ id: 'b' }, { id: 'a' }],
        rings: [{ t: 2 }, { t: 1 }],
        config: { password: 'hunter2', apiKey: 'k', other: 'ok' },
      },
      { volatile: ['presence'], secrets: [] },
    );
    expect(JSON.stringify(out)).toBe(
      JSON.stringify({
        config: { apiKey: REDACTED, other: 'ok', password: REDACTED },
        division: { id: 'd' },
        id: 'x',
        rings: [{ t: 2 }, { t: 1 }],
        skills: [{ id: 'a' }, { id: 'b' }],
        zeta: 1,
      }),
    );
  });
});
