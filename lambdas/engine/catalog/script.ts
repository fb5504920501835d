/** Catalog entry of agent scripts. */
import { division } from './common.ts';
import type { CatalogEntry } from './types.ts';

/** The platform's three built-in scripts (the Terraform provider's constants): never exported unasked. */
const DEFAULT_SCRIPT_IDS: ReadonlySet<string> = new Set([
  '476c2b71-7429-11e4-9a5b-3f91746bffa3', // Default Outbound Script
  'ffde0662-8395-9b04-7dcb-b90172109065', // Default Callback Script
  '766f1221-047a-11e5-bba2-db8c0964d007', // Default Inbound Script
]);

/**
 * Published scripts, as the Terraform exporter lists them (500 a page: the SDK documents no maximum), each
 * with its export file: `POST /api/v2/scripts/{id}/export` with the published `versionId` answers a signed
 * URL, downloaded next to the JSON as `<id>.definition.json`.
 */
export const scriptScript: CatalogEntry = {
  name: 'script:script',
  aliases: ['genesyscloud_script', 'script'],
  folder: 'script/script',
  rank: 2,
  list: { path: '/api/v2/scripts/published', paging: 'pageNumber', pageSize: 500, idFilter: false },
  permissions: ['scripter:publishedScript:view', 'scripter:script:view'],
  isActive: (e) => !DEFAULT_SCRIPT_IDS.has(String(e.id)),
  exportFile: {
    path: (e) => `/api/v2/scripts/${encodeURIComponent(String(e.id))}/export`,
    body: (e) => (typeof e.versionId === 'string' ? { versionId: e.versionId } : {}),
    permissions: ['scripter:script:view'],
  },
  // The export file is read at the published `versionId`: every publish moves it.
  changes: { method: 'stamp', fields: ['versionId'] },
  references: [division],
  // A publish without a change still moves the version and its dates.
  volatile: ['versionId', 'createdDate', 'modifiedDate', 'publishedDate', 'versionDate'],
};
