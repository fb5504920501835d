/** Catalog entries of integrations: data actions, installed integrations and their credentials. */
import { withQuery } from '../genesys/paging.ts';
import type { CatalogEntry } from './types.ts';

export const integrationAction: CatalogEntry = {
  name: 'integration:action',
  aliases: ['genesyscloud_integration_action', 'dataaction'],
  folder: 'integration/action',
  rank: 2,
  list: { path: '/api/v2/integrations/actions', paging: 'pageNumber', pageSize: 100, idFilter: false },
  permissions: ['integrations:action:view'],
  // The listing has no config (request template, URL, headers) and no contract.
  detail: {
    path: (e) =>
      withQuery(`/api/v2/integrations/actions/${encodeURIComponent(String(e.id))}`, {
        expand: 'contract',
        includeConfig: 'true',
      }),
    permissions: ['integrations:action:view'],
  },
  // An action is updated with its `version` (the SDK's Action), which every update moves.
  changes: { method: 'stamp', fields: ['version'] },
  references: [{ path: 'integrationId', type: 'integration:integration' }],
  secrets: [
    'config.request.headers.Authorization',
    'config.request.headers.authorization',
    'config.request.headers.x-api-key',
  ],
};

/**
 * Installed integrations, each with its current configuration (`/config/current`: properties, advanced
 * settings, and the credentials it uses, by reference). 100 a page, as the Terraform exporter asks; the
 * SDK documents no maximum. Configuration values that are credentials are redacted like any other.
 */
export const integrationIntegration: CatalogEntry = {
  name: 'integration:integration',
  aliases: ['genesyscloud_integration', 'integration'],
  folder: 'integration/integration',
  rank: 1,
  list: { path: '/api/v2/integrations', paging: 'pageNumber', pageSize: 100, idFilter: false },
  permissions: ['integrations:integration:view'],
  detail: {
    path: (e) => `/api/v2/integrations/${encodeURIComponent(String(e.id))}/config/current`,
    permissions: ['integrations:integration:view'],
    field: 'configuration',
  },
  changes: {
    method: 'full',
    unseen:
      "the current configuration changes through /config/current; the SDK's Integration carries no version of it",
  },
  isActive: (e) => e.intendedState !== 'DISABLED',
  references: [{ path: 'configuration.credentials.*', type: 'integration:credential' }],
  volatile: ['reportedState', 'config', 'configuration.version', 'integrationType.images', 'attributes'],
};

/**
 * Credential records: name and type, never their values (those are only in `GET .../credentials/{id}`,
 * which cx-export never calls). Integrations name the credentials they use.
 */
export const integrationCredential: CatalogEntry = {
  name: 'integration:credential',
  aliases: ['genesyscloud_integration_credential', 'credential'],
  folder: 'integration/credential',
  rank: 0,
  list: {
    path: '/api/v2/integrations/credentials',
    paging: 'pageNumber',
    pageSize: 100,
    idFilter: false,
    findByListing: true,
  },
  permissions: ['integrations:integration:view'],
  references: [],
  volatile: ['createdDate', 'modifiedDate'],
};
