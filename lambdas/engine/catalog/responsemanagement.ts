/** Catalog entries of response management: canned-response libraries and their responses. */
import { withQuery } from '../genesys/paging.ts';
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

/**
 * Canned responses: the listing needs a `libraryId`, so they are listed per library (100 a page) and a
 * response in several libraries is exported once, naming all of them in `libraries`.
 */
export const responseManagementResponse: CatalogEntry = {
  name: 'responsemanagement:response',
  aliases: ['genesyscloud_responsemanagement_response', 'response'],
  folder: 'responsemanagement/response',
  rank: 3,
  list: {
    path: '/api/v2/responsemanagement/responses',
    paging: 'pageNumber',
    pageSize: 100,
    idFilter: false,
    parent: {
      type: 'responsemanagement:library',
      firstPage: (l) =>
        withQuery('/api/v2/responsemanagement/responses', {
          libraryId: String(l.id),
          pageSize: '100',
          pageNumber: '1',
        }),
    },
  },
  permissions: ['responses:library:view', 'responses:response:view'],
  references: [
    { path: 'libraries[]', type: 'responsemanagement:library' },
    { path: 'messagingTemplate.whatsApp.integrationId', type: 'integration:integration' },
  ],
  volatile: [
    'createdBy',
    'dateCreated',
    'messagingTemplate.whatsApp.templateStatus',
    'messagingTemplate.whatsApp.statusInfo',
    'assets[].contentLocation',
  ],
};
