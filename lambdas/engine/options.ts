/** Validates export options arriving as JSON (state-machine input, schedule input) the way the CLI does. */

import { isSafeId } from './batch.ts';
import { resolveTypeNames } from './catalog/index.ts';
import { UsageError } from './errors.ts';
import type { ExportOptions } from './model.ts';

function stringList(field: string, v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string'))
    return (v as string[]).map((s) => s.trim()).filter(Boolean);
  throw new UsageError(`${field} must be a list of strings`);
}

export function normalizeOptions(raw: unknown): ExportOptions {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new UsageError('options must be an object');
  const o = raw as Record<string, unknown>;
  const organizationId = typeof o.organizationId === 'string' ? o.organizationId.trim() : '';
  if (!/^[A-Za-z0-9-]{1,64}$/.test(organizationId))
    throw new UsageError('organizationId is required and must be an organization ID');
  const types = stringList('resourceTypes', o.resourceTypes);
  const resourceTypes = types.length ? resolveTypeNames(types, 'resourceTypes') : [];
  const resourceIds = stringList('resourceIds', o.resourceIds);
  const bad = resourceIds.find((id) => !isSafeId(id));
  if (bad !== undefined) throw new UsageError(`resourceIds: '${bad.slice(0, 70)}' is not a resource ID`);
  const inc = o.includeAllResources;
  if (inc !== undefined && typeof inc !== 'boolean' && inc !== 'true' && inc !== 'false')
    throw new UsageError('includeAllResources must be true or false');
  const format = o.format ?? 'json';
  if (format !== 'json' && format !== 'yaml')
    throw new UsageError(`format must be json or yaml, got '${String(format)}'`);
  return {
    organizationId,
    resourceTypes,
    resourceIds: [...new Set(resourceIds)].sort(),
    includeAllResources: inc === true || inc === 'true',
    format,
  };
}
