/**
 * The stack's settings from CDK context (cdk.json, or `-c key=value` on the command line, where every value
 * arrives as a string): JSON objects and numbers are parsed, `-c organizationId=<id>` sets the organization,
 * and a missing or placeholder organization ID fails with one line saying how to set it.
 */
import { ORGANIZATION_ID } from '../lambdas/handlers/organizations.ts';
import type { CxExportStackProps } from './cx-export-stack.ts';

/** The organization ID cdk.json ships with: a deployment must replace it. */
export const PLACEHOLDER_ORGANIZATION_ID = '00000000-0000-0000-0000-000000000000';

/** A setting that cannot be used as given; its message is one line for the person running `cdk`. */
export class ContextError extends Error {
  override readonly name = 'ContextError';
}

type Lookup = (key: string) => unknown;

/** A context value that must be a JSON object: as given in cdk.json, or parsed from a `-c` string. */
function objectContext(get: Lookup, key: string): Record<string, unknown> | undefined {
  const value = get(key);
  if (value === undefined || value === null || value === '') return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      throw new ContextError(
        `context ${key} is not valid JSON (${(err as Error).message}); pass it as -c ${key}='{"...": ...}'`,
      );
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ContextError(`context ${key} must be a JSON object`);
  return parsed as Record<string, unknown>;
}

function numberContext(get: Lookup, key: string): number | undefined {
  const value = get(key);
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new ContextError(`context ${key} must be a positive integer, got '${value}'`);
  return n;
}

function stringContext(get: Lookup, key: string): string | undefined {
  const value = get(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ContextError(`context ${key} must be a string`);
  return value;
}

/** A context value that must be a JSON list of objects: as given in cdk.json, or parsed from a `-c` string. */
function listContext(get: Lookup, key: string): Record<string, unknown>[] | undefined {
  const value = get(key);
  if (value === undefined || value === null || value === '') return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      throw new ContextError(
        `context ${key} is not valid JSON (${(err as Error).message}); pass it as -c ${key}='[{"organizationId": "..."}]'`,
      );
    }
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new ContextError(`context ${key} must be a non-empty JSON list of organizations`);
  if (parsed.some((o) => typeof o !== 'object' || o === null || Array.isArray(o)))
    throw new ContextError(`context ${key} must be a list of JSON objects`);
  return parsed as Record<string, unknown>[];
}

/** The `organizations` list, each entry checked (ID set and not the placeholder, listed once). */
function organizationsContext(get: Lookup): CxExportStackProps['organizations'] {
  const list = listContext(get, 'organizations');
  if (!list) return undefined;
  const seen = new Set<string>();
  return list.map((o, i) => {
    const id = o.organizationId;
    if (typeof id !== 'string' || !ORGANIZATION_ID.test(id) || id === PLACEHOLDER_ORGANIZATION_ID)
      throw new ContextError(
        `organizations[${i}].organizationId is not set to an organization ID: set it in the organizations list of cdk.json (or -c organizations='[...]')`,
      );
    if (seen.has(id)) throw new ContextError(`organizations lists ${id} twice`);
    seen.add(id);
    for (const key of ['schedule', 'git', 'exportOptions'])
      if (o[key] !== undefined && (typeof o[key] !== 'object' || o[key] === null || Array.isArray(o[key])))
        throw new ContextError(`organizations[${i}].${key} must be a JSON object`);
    if (o.secretName !== undefined && typeof o.secretName !== 'string')
      throw new ContextError(`organizations[${i}].secretName must be a string`);
    return o as unknown as NonNullable<CxExportStackProps['organizations']>[number];
  });
}

/** The stack's properties from context; throws ContextError (one line) on a setting it cannot use. */
export function stackPropsFromContext(get: Lookup): CxExportStackProps {
  const exportOptions = objectContext(get, 'exportOptions') ?? {};
  const common = {
    schedule: objectContext(get, 'schedule') as CxExportStackProps['schedule'],
    mapConcurrency: numberContext(get, 'mapConcurrency'),
    objectLockRetentionDays: numberContext(get, 'objectLockRetentionDays'),
    alarmEmail: stringContext(get, 'alarmEmail'),
    changesEmail: stringContext(get, 'changesEmail'),
    clientRequestsPerMinute: numberContext(get, 'clientRequestsPerMinute'),
  };
  const organizations = organizationsContext(get);
  if (organizations) {
    if (get('git') !== undefined)
      throw new ContextError(
        'context git is for a single organization: with an organizations list, give each organization its own git',
      );
    // The list names the organizations: exportOptions are the options they start from.
    const { organizationId: _placeholder, ...base } = exportOptions;
    return { ...common, exportOptions: base, organizations };
  }
  const organizationId = stringContext(get, 'organizationId') ?? exportOptions.organizationId;
  if (typeof organizationId !== 'string' || !organizationId || organizationId === PLACEHOLDER_ORGANIZATION_ID)
    throw new ContextError(
      'the Genesys Cloud organization ID is not set: deploy with -c organizationId=<your organization ID> (npx cdk synth -c organizationId=<id>), or set exportOptions.organizationId in cdk.json',
    );
  return {
    ...common,
    exportOptions: { ...exportOptions, organizationId },
    git: objectContext(get, 'git') as CxExportStackProps['git'],
  };
}
