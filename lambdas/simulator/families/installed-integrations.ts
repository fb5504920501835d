/**
 * Installed integrations and their credentials (`integration:integration`, `integration:credential`): the
 * integration each data action names, plus a few others, each with a current configuration (properties,
 * advanced settings, the credentials it uses by reference) in which credentials are planted where real
 * configurations carry them; credential records (name and type only: values are never listed).
 */
import type { Models } from 'purecloud-platform-client-v2';
import { notFound } from '../errors.ts';
import type { Route } from '../route.ts';
import type { Family, FixtureContext } from './family.ts';
import { range, ts } from './fixtures.ts';

const OTHER_TYPES: ReadonlyArray<[string, string, string]> = [
  ['purecloud-data-actions', 'Genesys Cloud Data Actions', 'userDefinedOAuth'],
  ['aws-lambda-data-actions', 'AWS Lambda Data Actions', 'userDefined'],
  ['zendesk-data-actions', 'Zendesk Data Actions', 'basicAuth'],
  ['embedded-client-app', 'Client Application', ''],
];

/** The integration types the simulator's platform offers (id -> the `IntegrationType` an integration shows). */
export function integrationTypeOf(id: unknown): Models.IntegrationType | undefined {
  const known = [['custom-rest-actions', 'Web Services Data Actions'], ...OTHER_TYPES].find(
    (t) => t[0] === id,
  );
  return known
    ? { id: known[0] as string, name: known[1] as string, provider: 'genesys', category: 'Data Actions' }
    : undefined;
}

export function integrations({ counts, org, stream, plant }: FixtureContext): void {
  const r = stream('integration:integration');
  const add = (id: string, name: string, typeId: string, typeName: string, credentialType: string) => {
    const credentials: Record<string, Models.CredentialInfo> = {};
    if (credentialType) {
      const credential: Models.CredentialInfo = {
        id: r.uuid(),
        name: `${name} credentials`,
        createdDate: ts(200 + r.int(100)),
        modifiedDate: ts(r.int(100)),
        type: { name: credentialType },
      };
      org.integrationCredentials.push(credential);
      credentials[credentialType] = { id: credential.id, name: credential.name };
    }
    const current: Models.IntegrationConfiguration = {
      id,
      name,
      version: 1 + r.int(5),
      properties: {
        url: `https://api.example.com/${typeId}?api_key=${plant(`ak_${r.uuid().replace(/-/g, '')}`)}`,
      },
      advanced: { timeoutMs: 10_000, webhookSecret: plant(`whsec_${r.uuid().replace(/-/g, '')}`) },
      notes: '',
      credentials,
    };
    org.integrations.push({
      id,
      name,
      integrationType: { id: typeId, name: typeName, provider: 'genesys', category: 'Data Actions' },
      notes: '',
      intendedState: r.chance(0.9) ? 'ENABLED' : 'DISABLED',
      reportedState: { code: 'ACTIVE', effective: 'Active' },
      attributes: {},
    });
    org.integrationConfigs.set(id, current);
  };
  const used = [...new Set(org.dataActions.map((a) => a.integrationId as string))];
  used.forEach((id, i) => {
    add(
      id,
      `Web Services Data Actions ${i + 1}`,
      'custom-rest-actions',
      'Web Services Data Actions',
      'basicAuth',
    );
  });
  for (const i of range(counts.integrations)) {
    const [typeId, typeName, credentialType] = OTHER_TYPES[i % OTHER_TYPES.length] as [
      string,
      string,
      string,
    ];
    add(r.uuid(), `${typeName} ${Math.floor(i / OTHER_TYPES.length) + 1}`, typeId, typeName, credentialType);
  }
}

/** `GET /api/v2/integrations/{integrationId}/config/current`. */
function configRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/integrations/{integrationId}/config/current',
    permissions: ['integrations:integration:view'],
    handle: ({ org, params, path }) => {
      const config = org.integrationConfigs.get(params.integrationId ?? '');
      if (!config) return notFound(path);
      return { status: 200, body: { ...config, selfUri: `${path}` } };
    },
  };
}

export const installedIntegrationsFamily: Family = {
  name: 'integration:integration, integration:credential',
  listings: [
    {
      base: '/api/v2/integrations',
      idParam: 'integrationId',
      collection: 'integrations',
      permissions: ['integrations:integration:view'],
      maxPageSize: 'undocumented',
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'name',
      single: true,
    },
    {
      base: '/api/v2/integrations/credentials',
      idParam: 'credentialId',
      collection: 'integrationCredentials',
      permissions: ['integrations:integration:view'],
      maxPageSize: 'undocumented',
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'name',
      // The single GET returns the credential's values: cx-export never calls it, so it is not served.
      single: false,
    },
  ],
  routes: () => [configRoute()],
  fixtures: [integrations],
};
