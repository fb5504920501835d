/**
 * Validates simulator responses against the official SDK's models (`sdk-models.schema.json`, generated
 * by ./generate.ts from `purecloud-platform-client-v2`'s `index.d.ts`) with the documented enum values of
 * ./enums.ts merged in. Every model object refuses properties the SDK model does not declare.
 *
 * Which model a response must match:
 * - `POST /oauth/token`: not a Platform API endpoint and not in `index.d.ts` (the SDK's login resolves to
 *   its own `AuthData`). Success is `{access_token, token_type, expires_in}`; errors are the OAuth
 *   server's `{error, description, error_description}` (genesys-api-notes.md, "Regions and login").
 *   Both are defined here (`OAuthToken`, `OAuthError`).
 * - any other endpoint, status >= 400: `ErrorBody`.
 * - any other endpoint, success: the model its SDK method returns (`endpoints` in the schema file, found
 *   by the generator from `*Api.js` and `index.d.ts`).
 * An endpoint the schema file does not map is a violation in itself, so a new simulator route cannot
 * go unchecked: regenerate the schema after adding one.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ENUMS, type EnumEntry } from './enums.ts';

export type JsonSchema = { [key: string]: unknown };

interface SchemaFile {
  readonly sdk: { readonly package: string; readonly version: string };
  readonly endpoints: Readonly<Record<string, string>>;
  readonly definitions: Readonly<Record<string, JsonSchema>>;
}

export const SCHEMA_FILE: SchemaFile = JSON.parse(
  readFileSync(new URL('./sdk-models.schema.json', import.meta.url), 'utf8'),
) as SchemaFile;

/** `METHOD /template` (the simulator's `endpoint` string) -> SDK model name. */
export const ENDPOINT_MODELS: Readonly<Record<string, string>> = SCHEMA_FILE.endpoints;

export const OAUTH_ENDPOINT = 'POST /oauth/token';

/** The login server's shapes: not SDK models (see the header). */
export const OAUTH_DEFINITIONS: Readonly<Record<string, JsonSchema>> = {
  OAuthToken: {
    type: 'object',
    additionalProperties: false,
    required: ['access_token', 'token_type', 'expires_in'],
    properties: {
      access_token: { type: 'string' },
      token_type: { type: 'string' },
      expires_in: { type: 'integer' },
    },
  },
  OAuthError: {
    type: 'object',
    additionalProperties: false,
    required: ['error'],
    properties: {
      error: { type: 'string' },
      description: { type: 'string' },
      error_description: { type: 'string' },
    },
  },
};

/**
 * Copies `definitions` with each enum entry set on its property (`enum` on a string, `items.enum` on an
 * array of strings). An entry whose model or property is missing, or is not a string, is a problem.
 */
export function mergeEnums(
  definitions: Readonly<Record<string, JsonSchema>>,
  entries: readonly EnumEntry[] = ENUMS,
): { definitions: Record<string, JsonSchema>; problems: string[] } {
  const out = structuredClone(definitions) as Record<string, JsonSchema>;
  const problems: string[] = [];
  for (const e of entries) {
    const where = `${e.model}.${e.property}`;
    const props = out[e.model]?.properties as Record<string, JsonSchema> | undefined;
    const prop = props?.[e.property];
    if (!props) problems.push(`${where}: no model ${e.model} in the schema`);
    else if (!prop) problems.push(`${where}: model ${e.model} has no property ${e.property}`);
    else if (prop.type === 'string') prop.enum = [...e.values];
    else if (prop.type === 'array' && (prop.items as JsonSchema | undefined)?.type === 'string')
      (prop.items as JsonSchema).enum = [...e.values];
    else problems.push(`${where}: not a string property (${JSON.stringify(prop)})`);
  }
  return { definitions: out, problems };
}

const merged = mergeEnums(SCHEMA_FILE.definitions);
if (merged.problems.length) throw new Error(`test/schema/enums.ts:\n${merged.problems.join('\n')}`);

/**
 * Where the SDK types a field as `object` (any JSON object) but the API answers other JSON values: the
 * schema is widened there, and only there.
 * - `DataTableRowEntityListing.entities[]` maps each column to its value: strings, numbers and booleans
 *   (`Array<{ [key: string]: object }>` in index.d.ts).
 * - `JsonSchemaDocument.additionalProperties` (a data table's schema) is `false`: the Terraform provider
 *   reads data tables with its own HTTP GET because the SDK model cannot hold it
 *   (resource_genesyscloud_architect_datatable.go).
 */
function widenUntypedObjects(definitions: Record<string, JsonSchema>): void {
  const prop = (model: string, name: string) =>
    (definitions[model]?.properties as Record<string, JsonSchema> | undefined)?.[name];
  const rows = prop('DataTableRowEntityListing', 'entities')?.items as JsonSchema | undefined;
  if (rows) rows.additionalProperties = {};
  const schemaDoc = definitions.JsonSchemaDocument?.properties as Record<string, JsonSchema> | undefined;
  if (schemaDoc?.additionalProperties)
    schemaDoc.additionalProperties = { anyOf: [{ type: 'boolean' }, { type: 'object' }] };
}
widenUntypedObjects(merged.definitions);

const allDefinitions = { ...merged.definitions, ...OAUTH_DEFINITIONS };
/** Schema object -> where it sits (`Flow`, `Flow.type`), to name the model in messages. */
const owners = new WeakMap<object, string>();
for (const [name, def] of Object.entries(allDefinitions)) {
  owners.set(def, name);
  for (const [prop, s] of Object.entries((def.properties ?? {}) as Record<string, JsonSchema>)) {
    owners.set(s, `${name}.${prop}`);
    if (s.items && typeof s.items === 'object') owners.set(s.items, `${name}.${prop}[]`);
  }
}
// verbose: errors carry the failing value and the schema object they come from (see `describe`).
const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
ajv.addSchema({ $id: 'sdk', definitions: allDefinitions });
const compiled = new Map<string, ValidateFunction>();

export function hasModel(model: string): boolean {
  return model in merged.definitions || model in OAUTH_DEFINITIONS;
}

export interface ModelViolation {
  /** JSON pointer into the body, e.g. `/entities/3/division/foo`. */
  readonly path: string;
  readonly message: string;
}

/** Validates a value against one model (SDK model name, or `OAuthToken` / `OAuthError`). */
export function validateModel(model: string, value: unknown): ModelViolation[] {
  if (model.endsWith('[]')) {
    // An endpoint answering a bare JSON array of a model.
    if (!Array.isArray(value)) return [{ path: '', message: `not an array of ${model.slice(0, -2)}` }];
    return value.flatMap((item, i) =>
      validateModel(model.slice(0, -2), item).map((v) => ({ ...v, path: `/${i}${v.path}` })),
    );
  }
  if (!hasModel(model)) return [{ path: '', message: `no schema for model ${model}` }];
  let validate = compiled.get(model);
  if (!validate) {
    validate = ajv.getSchema(`sdk#/definitions/${model}`) as ValidateFunction;
    compiled.set(model, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? [])
    .map((e) => describe(e, model))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The model (or `Model.property`) whose schema raised the error. */
function ownerOf(e: ErrorObject, fallback: string): string {
  return (e.parentSchema && owners.get(e.parentSchema)) || fallback;
}

function describe(e: ErrorObject, root: string): ModelViolation {
  const model = ownerOf(e, root);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return {
        path: `${e.instancePath}/${String(params.additionalProperty)}`,
        message: `property not in SDK model ${model}`,
      };
    case 'required':
      return {
        path: `${e.instancePath}/${String(params.missingProperty)}`,
        message: `missing; required by SDK model ${model}`,
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      const shown =
        allowed.length <= 8
          ? allowed.join(', ')
          : `${allowed.slice(0, 8).join(', ')}, ... (${allowed.length})`;
      return {
        path: e.instancePath,
        message: `${JSON.stringify(e.data)} is not a documented value of ${model} (${shown})`,
      };
    }
    default:
      return { path: e.instancePath, message: `${e.message ?? e.keyword} (SDK model ${model})` };
  }
}

export interface SimResponseLike {
  /** The route template, e.g. `GET /api/v2/routing/queues/{queueId}/members`. */
  readonly endpoint: string;
  readonly status: number;
  readonly body: unknown;
  readonly method?: string;
}

export interface Violation extends ModelViolation {
  readonly endpoint: string;
  readonly status: number;
  /** The model the body was checked against ('' when the endpoint has none). */
  readonly model: string;
}

/** The model a response with this endpoint and status must match, if known. */
export function modelFor(endpoint: string, status: number): string | undefined {
  if (endpoint === OAUTH_ENDPOINT) return status < 400 ? 'OAuthToken' : 'OAuthError';
  if (status >= 400) return 'ErrorBody';
  return ENDPOINT_MODELS[endpoint];
}

/** Every way a simulator response departs from its SDK model; empty when it conforms. */
export function validateSimResponse(r: SimResponseLike): Violation[] {
  const out: Violation[] = [];
  const known = r.endpoint === OAUTH_ENDPOINT || r.endpoint in ENDPOINT_MODELS;
  if (!known)
    out.push({
      endpoint: r.endpoint,
      status: r.status,
      model: '',
      path: '',
      message:
        'no SDK model is mapped to this endpoint (a new simulator route? run `npx tsx test/schema/generate.ts`)',
    });
  const model = modelFor(r.endpoint, r.status);
  if (model)
    for (const v of validateModel(model, r.body))
      out.push({ endpoint: r.endpoint, status: r.status, model, ...v });
  return out;
}
