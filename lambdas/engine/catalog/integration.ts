/** Catalog entries of integrations: data actions. */
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
  references: [{ path: 'integrationId', type: 'integration' }],
  secrets: [
    'config.request.headers.Authorization',
    'config.request.headers.authorization',
    'config.request.headers.x-api-key',
  ],
};
