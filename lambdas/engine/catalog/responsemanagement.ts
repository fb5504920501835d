/** Catalog entries of response management: canned-response libraries. */
import { division } from './common.ts';
import type { CatalogEntry } from './types.ts';

/**
 * Response libraries. The SDK documents no maximum page size for the listing (only "default to 25");
 * 100 is what the Terraform provider's exporter asks for.
 */
export const responseManagementLibrary: CatalogEntry = {
  name: 'responsemanagement:library',
  aliases: ['genesyscloud_responsemanagement_library', 'library'],
  folder: 'responsemanagement/library',
  rank: 2,
  list: {
    path: '/api/v2/responsemanagement/libraries',
    paging: 'pageNumber',
    pageSize: 100,
    idFilter: false,
  },
  permissions: ['responses:library:view'],
  references: [division],
  volatile: ['createdBy', 'dateCreated'],
};
