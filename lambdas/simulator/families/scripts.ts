/**
 * Agent scripts (`script:script`): the three built-in scripts and custom ones, published; queues name
 * default scripts per media type, and inbound call flows consume scripts (dependency tracking). Served as
 * the published listing, the published script by ID, and `POST /api/v2/scripts/{id}/export`, which answers
 * a signed URL of the export file (downloaded without a token).
 */
import { createHash } from 'node:crypto';
import type { Models } from 'purecloud-platform-client-v2';
import { dedupeById, dependency } from '../dependency-tracking.ts';
import { notFound, type SimResponse } from '../errors.ts';
import type { SimOrg } from '../model.ts';
import type { Route } from '../route.ts';
import type { Family, FixtureContext } from './family.ts';
import { divisionRef, range, ts } from './fixtures.ts';

/** The platform's built-in scripts (IDs as the Terraform provider's constants name them). */
const BUILT_IN: ReadonlyArray<[string, string]> = [
  ['476c2b71-7429-11e4-9a5b-3f91746bffa3', 'Default Outbound Script'],
  ['ffde0662-8395-9b04-7dcb-b90172109065', 'Default Callback Script'],
  ['766f1221-047a-11e5-bba2-db8c0964d007', 'Default Inbound Script'],
];

const SCRIPT_WORDS = ['Billing Call', 'Sales Offer', 'Claims Intake', 'Tech Support', 'Retention', 'Survey'];

export function scripts({ counts, org, stream, plant }: FixtureContext): void {
  const r = stream('script:script');
  const home = org.divisions[0];
  const all: Array<[string, string]> = [
    ...BUILT_IN,
    ...range(counts.scripts).map((i): [string, string] => [
      r.uuid(),
      `${SCRIPT_WORDS[i % SCRIPT_WORDS.length]} Script${i < SCRIPT_WORDS.length ? '' : ` ${Math.floor(i / SCRIPT_WORDS.length) + 1}`}`,
    ]),
  ];
  for (const [id, name] of all) {
    const versionId = r.uuid();
    const division = home && BUILT_IN.some(([b]) => b === id) ? home : r.pick(org.divisions);
    const startPageId = r.uuid();
    const meta: Models.Script = {
      id,
      name,
      division: division ? divisionRef(division) : undefined,
      versionId,
      createdDate: ts(300 + r.int(300)),
      modifiedDate: ts(r.int(100)),
      publishedDate: ts(r.int(100)),
      versionDate: ts(r.int(100)),
      startPageId,
      startPageName: 'Start',
      selfUri: `/api/v2/scripts/published/${id}`,
    };
    org.scripts.push(meta);
    org.scriptContents.set(id, {
      ...meta,
      features: { dialing: r.chance(0.5), scriptEditor: true },
      variables: { customerName: { type: 'String', input: true, output: false } as object },
      // A custom action calling an API with a key pasted in: the kind of credential an export file can carry.
      customActions: {
        lookupOrder: { url: `https://orders.example.com/lookup?api_key=${plant(r.hex(32))}` },
      },
      pages: [
        {
          id: startPageId,
          name: 'Start',
          versionId,
          rootContainer: { type: { name: 'verticalStackContainer' }, items: [] },
        },
      ],
    });
  }
  // Queues name a default script per media type; inbound call flows consume one.
  const custom = org.scripts.slice(BUILT_IN.length);
  if (!custom.length) return;
  org.queues.forEach((q, i) => {
    if (i === 0 || r.chance(0.3)) q.defaultScripts = { CALL: { id: r.pick(custom).id } };
  });
  const flow = org.flows.find((f) => f.type === 'INBOUNDCALL' && !f.system);
  if (flow?.id) {
    const deps = [
      ...(org.flowDependencies.get(flow.id) ?? []),
      dependency(custom[0] as Models.Script, 'COMPOSERSCRIPT'),
    ];
    org.flowDependencies.set(flow.id, dedupeById(deps));
  }
}

const signature = (id: string, versionId: string) =>
  createHash('sha256').update(`script:${id}:${versionId}`).digest('hex').slice(0, 32);

/** `POST /api/v2/scripts/{scriptId}/export` (`ExportScriptRequest` -> `ExportScriptResponse`). */
function exportRoute(): Route {
  return {
    method: 'POST',
    template: '/api/v2/scripts/{scriptId}/export',
    permissions: ['scripter:script:view'],
    handle: ({ org, origin, params, path, body }) => {
      const script = org.scripts.find((s) => s.id === params.scriptId);
      if (!script?.id) return notFound(path);
      const requested = (body ?? {}) as Models.ExportScriptRequest;
      const versionId = requested.versionId ?? script.versionId ?? '';
      const url = `${origin}/sim-downloads/scripts/${script.id}/${encodeURIComponent(requested.fileName ?? `${script.name}.json`)}?versionId=${versionId}&X-Amz-Signature=${signature(script.id, versionId)}`;
      const answer: Models.ExportScriptResponse = { url };
      return { status: 200, body: answer };
    },
  };
}

/** The signed download of a script's export file: the script with its pages and variables, as JSON. */
export function downloadScript(org: SimOrg, url: URL): SimResponse {
  const id = url.pathname.split('/')[3] ?? '';
  const versionId = url.searchParams.get('versionId') ?? '';
  const content = org.scriptContents.get(id);
  if (!content || url.searchParams.get('X-Amz-Signature') !== signature(id, versionId))
    return {
      status: 403,
      raw: { contentType: 'application/xml', data: '<Error><Code>AccessDenied</Code></Error>' },
    };
  const { selfUri: _s, ...file } = content;
  return {
    status: 200,
    raw: { contentType: 'application/json', data: `${JSON.stringify(file, null, 2)}\n` },
  };
}

export const scriptsFamily: Family = {
  name: 'script:script',
  listings: [
    {
      base: '/api/v2/scripts/published',
      idParam: 'scriptId',
      collection: 'scripts',
      permissions: ['scripter:publishedScript:view'],
      maxPageSize: 'undocumented',
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'name',
      single: true,
    },
  ],
  routes: () => [exportRoute()],
  fixtures: [scripts],
};
