/**
 * Integrations family (`integration:action`): web-services data actions, with credentials planted where
 * real integrations put them (headers, request templates, a JSON-schema default), and the listing rules
 * (`includeConfig`, `expand=contract`, the `ids` filter).
 */
import type { Models } from 'purecloud-platform-client-v2';
import { apiError } from '../errors.ts';
import { bool } from '../listing.ts';
import type { Random } from '../random.ts';
import type { Family, FixtureContext } from './family.ts';
import { range, suffix } from './fixtures.ts';

export function dataActions({ counts, org, rnd }: FixtureContext): void {
  org.dataActions = range(counts.dataActions).map(
    (i): Models.Action => ({
      id: `custom_-_${rnd.uuid()}`,
      name: `${['Lookup Account By Phone', 'Get Order Status', 'Create Callback Ticket', 'Check Outage', 'Verify Customer'][i % 5]}${suffix(i, 5)}`,
      integrationId: rnd.uuid(),
      category: 'Web Services Data Actions',
      version: 1 + rnd.int(4),
      secure: i % 4 === 3,
      // config and contract are added by dataActionDefinitions, from the second random stream.
    }),
  );
}

/** Each data action's config (credentials in headers and request templates) and contract. */
export function dataActionDefinitions({ org, extra, plant }: FixtureContext): void {
  org.dataActions.forEach((a, i) => {
    const def = (DEFINITIONS[i % DEFINITIONS.length] as DefinitionBuilder)(extra, plant);
    a.config = def.config;
    a.contract = def.contract;
  });
}

interface ActionDefinition {
  readonly config: Models.ActionConfig;
  readonly contract: Models.ActionContract;
}

type DefinitionBuilder = (r: Random, plant: (secret: string) => string) => ActionDefinition;

const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function token(r: Random, n: number, chars = TOKEN_CHARS): string {
  return Array.from({ length: n }, () => chars[r.int(chars.length)]).join('');
}

/** A Velocity expression as data-action templates carry it, e.g. `${input.phoneNumber}`. */
function vel(expr: string): string {
  return `$\{${expr}}`;
}

const CRM_BASE = 'https://crm.example.com/api/v2';

function schema(title: string, properties: Record<string, object>, required: string[] = []) {
  return { $schema: 'http://json-schema.org/draft-04/schema#', title, type: 'object', required, properties };
}

function response(): Models.ResponseConfig {
  return {
    translationMap: { id: '$.id', status: '$.status' },
    translationMapDefaults: { status: '"UNKNOWN"' },
    successTemplate: `{"id": ${vel('id')}, "status": ${vel('status')}}`,
  };
}

function output(): Models.ActionContract['output'] {
  return { successSchema: schema('Response', { id: { type: 'string' }, status: { type: 'string' } }) };
}

/** An `Authorization: Bearer` header. */
const bearerHeaderAction: DefinitionBuilder = (r, plant) => {
  const jwt = plant(`eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.${token(r, 64)}.${token(r, 43)}`);
  return {
    config: {
      timeoutSeconds: 10,
      request: {
        requestUrlTemplate: `${CRM_BASE}/accounts?phone=${vel('esc.url($input.phoneNumber)')}`,
        requestType: 'GET',
        headers: { Authorization: `Bearer ${jwt}`, Accept: 'application/json' },
        requestTemplate: vel('input.rawRequest'),
      },
      response: response(),
    },
    contract: {
      input: {
        inputSchema: schema('Request', { phoneNumber: { type: 'string', description: 'E.164 number' } }, [
          'phoneNumber',
        ]),
      },
      output: output(),
    },
  };
};

/** An `x-api-key` header, and a fallback key inside an array (a JSON-schema `default`). */
const apiKeyAction: DefinitionBuilder = (r, plant) => {
  const apiKey = plant(`ak_live_${token(r, 32, '0123456789abcdef')}`);
  const fallbackKey = plant(`ak_live_${token(r, 32, '0123456789abcdef')}`);
  return {
    config: {
      timeoutSeconds: 15,
      request: {
        requestUrlTemplate: `https://orders.example.net/v1/orders/${vel('input.orderId')}`,
        requestType: 'GET',
        headers: { 'x-api-key': apiKey, Accept: 'application/json' },
        requestTemplate: vel('input.rawRequest'),
      },
      response: response(),
    },
    contract: {
      input: {
        inputSchema: schema(
          'Request',
          {
            orderId: { type: 'string' },
            // A fallback credential list kept as a JSON-schema default: a secret inside an array.
            credentials: {
              type: 'array',
              items: {
                type: 'object',
                properties: { name: { type: 'string' }, apiKey: { type: 'string' } },
              },
              default: [{ name: 'orders-fallback', apiKey: fallbackKey }],
            },
          },
          ['orderId'],
        ),
      },
      output: output(),
    },
  };
};

/** A JSON request body with `client_secret`. */
const clientSecretAction: DefinitionBuilder = (r, plant) => {
  const clientSecret = plant(token(r, 40));
  return {
    config: {
      timeoutSeconds: 20,
      request: {
        requestUrlTemplate: `${CRM_BASE}/tickets`,
        requestType: 'POST',
        headers: { 'Content-Type': 'application/json' },
        requestTemplate: `{"client_id": "genesys-cloud-connector", "client_secret": "${clientSecret}", "ticket": {"phone": "${vel('input.phoneNumber')}", "reason": "${vel('input.reason')}"}}`,
      },
      response: response(),
    },
    contract: {
      input: {
        inputSchema: schema('Request', { phoneNumber: { type: 'string' }, reason: { type: 'string' } }),
      },
      output: output(),
    },
  };
};

/** A JSON request body with `access_token` and `refresh_token`. */
const tokenBodyAction: DefinitionBuilder = (r, plant) => {
  const accessToken = plant(`at-${token(r, 48)}`);
  const refreshToken = plant(`rt-${token(r, 48)}`);
  return {
    config: {
      timeoutSeconds: 10,
      request: {
        requestUrlTemplate: `https://status.example.org/api/outages/check`,
        requestType: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Client': 'genesys' },
        requestTemplate: `{"auth": {"access_token": "${accessToken}", "refresh_token": "${refreshToken}"}, "postcode": "${vel('input.postcode')}"}`,
      },
      response: response(),
    },
    contract: {
      input: { inputSchema: schema('Request', { postcode: { type: 'string' } }, ['postcode']) },
      output: output(),
    },
  };
};

/** The `i`th data action gets the `i % 4`th definition. */
const DEFINITIONS: readonly DefinitionBuilder[] = [
  bearerHeaderAction,
  apiKeyAction,
  clientSecretAction,
  tokenBodyAction,
];

/** `ids`: comma separated, at most 50 (IntegrationsApi.js getIntegrationsActions). */
function actionIds(q: URLSearchParams): string[] {
  return q
    .getAll('ids')
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean);
}

function filterActions(e: Record<string, unknown>, q: URLSearchParams): boolean {
  const ids = actionIds(q);
  if (ids.length && !ids.includes(String(e.id))) return false;
  const name = q.get('name');
  if (name && !String(e.name).toLowerCase().includes(name.toLowerCase())) return false;
  const category = q.get('category');
  if (category && String(e.category).toLowerCase() !== category.toLowerCase()) return false;
  const secure = bool(q, 'secure');
  return secure === undefined || e.secure === secure;
}

/** Listing: no `config` unless `includeConfig=true` (default false); the listing has no `expand`. */
function projectActionListing(e: Record<string, unknown>, q: URLSearchParams): Record<string, unknown> {
  const { config, contract: _contract, ...rest } = e;
  return bool(q, 'includeConfig') === true ? { ...rest, config } : rest;
}

/** Single GET: `config` only with `includeConfig=true`, `contract` only with `expand=contract`. */
function projectAction(e: Record<string, unknown>, q: URLSearchParams): Record<string, unknown> {
  const { config, contract, ...rest } = e;
  const out: Record<string, unknown> = { ...rest };
  if (q.getAll('expand').some((x) => x.split(',').includes('contract'))) out.contract = contract;
  if (bool(q, 'includeConfig') === true) out.config = config;
  return out;
}

export const integrationsFamily: Family = {
  name: 'integration:action',
  listings: [
    {
      base: '/api/v2/integrations/actions',
      idParam: 'actionId',
      collection: 'dataActions',
      permissions: ['integrations:action:view'],
      maxPageSize: 100,
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'name',
      filter: filterActions,
      validate: (q) =>
        actionIds(q).length > 50
          ? apiError(400, 'bad.request', 'The ids filter is limited to 50 action IDs.')
          : undefined,
      project: projectActionListing,
      projectSingle: projectAction,
      single: true,
    },
  ],
};
