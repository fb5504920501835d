/**
 * Validates export options, whether they come from CLI flags or as JSON (state-machine input, schedule
 * input). `label` names a field the way its source does (`--resourceTypes` on the command line).
 */

import { resolveTypeNames } from './catalog/index.ts';
import { UsageError } from './errors.ts';
import { isSafeId } from './keys.ts';
import type { ExportOptions, NameFilter } from './model.ts';
import { byKeys, compare } from './order.ts';

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
  const follow = o.followReferences;
  if (follow !== undefined && follow !== true && follow !== false && follow !== 'true' && follow !== 'false')
    throw new UsageError(`${label('followReferences')} must be true or false, got '${String(follow)}'`);
  const format = o.format ?? 'json';
  if (format !== 'json' && format !== 'yaml')
    throw new UsageError(`${label('format')} must be json or yaml, got '${String(format)}'`);
  return {
    organizationId,
    resourceTypes,
    resourceIds: [...new Set(resourceIds)].sort(compare),
    includeAllResources: inc === true || inc === 'true',
    followReferences: !(follow === false || follow === 'false'),
    include: nameFilters(label('include'), o.include),
    exclude: nameFilters(label('exclude'), o.exclude),
    format,
  };
}

/**
 * Name filters as the Terraform exporter writes them: `<type>::<regular expression on the name>`, e.g.
 * `routing:queue::^Sales`; several allowed (a list, or one string per flag).
 */
function nameFilters(label: string, v: unknown): NameFilter[] {
  if (v === undefined || v === null) return [];
  const items = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(items) || !items.every((x) => typeof x === 'string'))
    throw new UsageError(`${label} must be one or more '<type>::<regular expression>' filters`);
  const out = items.map((item) => {
    const at = item.indexOf('::');
    if (at < 0)
      throw new UsageError(`${label} '${item.slice(0, 70)}' must be '<type>::<regular expression>'`);
    const [type] = resolveTypeNames([item.slice(0, at)], label);
    const pattern = item.slice(at + 2);
    try {
      new RegExp(pattern, 'u');
    } catch (err) {
      throw new UsageError(
        `${label} '${item.slice(0, 70)}': invalid regular expression (${(err as Error).message})`,
      );
    }
    return { type: type as string, pattern };
  });
  return out.sort(byKeys((f) => [f.type, f.pattern]));
}
