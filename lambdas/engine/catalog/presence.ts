/** Catalog entries of presence: the org's presence definitions. */
import type { CatalogEntry } from './types.ts';

/**
 * Presence definitions (`/api/v2/presence/definitions`, the SDK's `getPresenceDefinitions0`): unpaged, one
 * GET answers every definition of one kind, so the active and the deactivated ones are two listings, as
 * the Terraform exporter reads them. `User` definitions are the configuration; the platform's `System`
 * ones are exported only when referenced or with --includeAllResources. The division is a flat
 * `divisionId`.
 */
export const presenceDefinition: CatalogEntry = {
  name: 'presence:definition',
  aliases: ['genesyscloud_organization_presence_definition', 'presencedefinition'],
  folder: 'presence/definition',
  rank: 2,
  list: {
    path: '/api/v2/presence/definitions',
    paging: 'none',
    pageSize: 100,
    passes: [{ deactivated: 'false' }, { deactivated: 'true' }],
    idFilter: false,
  },
  permissions: ['presence:presenceDefinition:view'],
  isActive: (e) => e.type === 'User',
  references: [{ path: 'divisionId', type: 'authorization:division' }],
};
