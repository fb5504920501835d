/** Catalog entry of quality evaluation forms. */
import { withQuery } from '../genesys/paging.ts';
import { division } from './common.ts';
import type { CatalogEntry } from './types.ts';

/**
 * Evaluation forms: the listing (100 a page, as the Terraform exporter asks; the SDK documents no maximum)
 * gives each form without its questions; the latest published version of each form, questions included,
 * comes from the bulk-contexts read, by context ID (repeated `contextId`; 100 a request, a limit no source
 * documents), into `publishedVersion`. A form never published is exported as listed.
 */
export const qualityEvaluationForm: CatalogEntry = {
  name: 'quality:evaluationform',
  aliases: ['genesyscloud_quality_forms_evaluation', 'evaluationform'],
  folder: 'quality/evaluationform',
  rank: 2,
  list: { path: '/api/v2/quality/forms/evaluations', paging: 'pageNumber', pageSize: 100, idFilter: false },
  permissions: ['quality:evaluationForm:view'],
  bulkDetail: {
    path: (contextIds) =>
      withQuery('/api/v2/quality/forms/evaluations/bulk/contexts', { contextId: contextIds }),
    perRequest: 100,
    key: (e) => (typeof e.contextId === 'string' && e.contextId ? e.contextId : undefined),
    field: 'publishedVersion',
    permissions: ['quality:evaluationForm:view'],
  },
  changes: {
    method: 'full',
    unseen: 'published versions come from the bulk read, one request per 100 forms: as cheap as comparing',
  },
  references: [division, { path: 'publishedVersion.division', type: 'authorization:division' }],
  // The order of groups, questions and answers is the form's layout.
  ordered: ['questionGroups', 'questions', 'answerOptions', 'multipleSelectOptionQuestions'],
  volatile: ['modifiedDate', 'publishedVersions', 'latestVersionFormName', 'publishedVersion.modifiedDate'],
};
