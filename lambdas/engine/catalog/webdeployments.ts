/** Catalog entries of Messenger: web deployment configurations and deployments. */
import type { CatalogEntry } from './types.ts';

/**
 * Messenger configurations at their published version (`showOnlyPublished=true`), by cursor; the SDK
 * documents 300 as the default page size and no maximum, so 300 is asked for.
 */
export const webDeploymentsConfiguration: CatalogEntry = {
  name: 'webdeployments:configuration',
  aliases: ['genesyscloud_webdeployments_configuration', 'webdeploymentconfiguration'],
  folder: 'webdeployments/configuration',
  rank: 2,
  list: {
    path: '/api/v2/webdeployments/configurations',
    paging: 'cursor',
    pageSize: 300,
    query: { showOnlyPublished: 'true' },
    idFilter: false,
    findByListing: true,
  },
  permissions: ['webDeployments:configuration:view'],
  references: [{ path: 'authenticationSettings.integrationId', type: 'integration:integration' }],
  volatile: [
    'dateCreated',
    'dateModified',
    'datePublished',
    'lastModifiedUser',
    'createdUser',
    'publishedUser',
  ],
};

/** Messenger deployments: the published configuration version they serve and their inbound flow. */
export const webDeploymentsDeployment: CatalogEntry = {
  name: 'webdeployments:deployment',
  aliases: ['genesyscloud_webdeployments_deployment', 'webdeployment'],
  folder: 'webdeployments/deployment',
  rank: 7,
  list: { path: '/api/v2/webdeployments/deployments', paging: 'cursor', pageSize: 300, idFilter: false },
  permissions: ['webDeployments:deployment:view'],
  references: [
    { path: 'configuration', type: 'webdeployments:configuration' },
    { path: 'flow', type: 'routing:flow' },
    { path: 'pushIntegrations[]', type: 'integration:integration' },
  ],
  volatile: ['dateCreated', 'dateModified', 'lastModifiedUser', 'status'],
};
