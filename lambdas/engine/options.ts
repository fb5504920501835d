/**
 * Validates export options, whether they come from CLI flags or as JSON (state-machine input, schedule
 * input). `label` names a field the way its source does (`--resourceTypes` on the command line).
 */
import { isSafeId } from './batch.ts';
import { resolveTypeNames } from './catalog/index.ts';
import { UsageError } from './errors.ts';
import type { ExportOptions } from './model.ts';

type Label = (field: string) => string;

function stringList(label: string, v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') {
    const items = v
      .split(',')
      .map((s) => s.trim().replace(/^['"]|['"]$/g, ''))
      .filter(Boolean);
    if (items.length === 0) throw new UsageError(`${label} is empty`);
    return items;
  }
  if (Array.isArray(v) && v.every((x) => typeof x === 'string'))
    return (v as string[]).map((s) => s.trim()).filter(Boolean);
  throw new UsageError(`${label} must be a list of strings`);
}

export function normalizeOptions(raw: unknown, label: Label = (f) => f): ExportOptions {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new UsageError('options must be an object');
  const o = raw as Record<string, unknown>;
  const organizationId = typeof o.organizationId === 'string' ? o.organizationId.trim() : '';
  if (!organizationId) throw new UsageError(`${label('organizationId')} is required`);
  if (!/^[A-Za-z0-9-]{1,64}$/.test(organizationId))
    throw new UsageError(
      `${label('organizationId')} '${organizationId.slice(0, 70)}' is not an organization ID`,
    );
  const types = stringList(label('resourceTypes'), o.resourceTypes);
  const resourceTypes = types.length ? resolveTypeNames(types, label('resourceTypes')) : [];
  const resourceIds = stringList(label('resourceIds'), o.resourceIds);
  const bad = resourceIds.find((id) => !isSafeId(id));
  if (bad !== undefined)
    throw new UsageError(`${label('resourceIds')}: '${bad.slice(0, 70)}' is not a resource ID`);
  const inc = o.includeAllResources;
  if (inc !== undefined && inc !== true && inc !== false && inc !== 'true' && inc !== 'false')
    throw new UsageError(`${label('includeAllResources')} must be true or false, got '${String(inc)}'`);
  const format = o.format ?? 'json';
  if (format !== 'json' && format !== 'yaml')
    throw new UsageError(`${label('format')} must be json or yaml, got '${String(format)}'`);
  return {
    organizationId,
    resourceTypes,
    resourceIds: [...new Set(resourceIds)].sort(),
    includeAllResources: inc === true || inc === 'true',
    format,
  };
}
