/**
 * Name filters (`--include` / `--exclude`, `<type>::<regex>`): a resource of a filtered type is exported
 * only if its name matches an include filter of its type (when there are any) and no exclude filter.
 * They hold for referenced resources too: a filtered-out resource becomes an unresolved reference.
 */
import type { Entity } from './catalog/types.ts';
import type { ExportOptions } from './model.ts';

export type NamePredicate = (type: string, e: Entity) => boolean;

export function nameFilter(options: Pick<ExportOptions, 'include' | 'exclude'>): NamePredicate {
  const compile = (list: ExportOptions['include']) => {
    const byType = new Map<string, RegExp[]>();
    for (const f of list ?? [])
      byType.set(f.type, [...(byType.get(f.type) ?? []), new RegExp(f.pattern, 'u')]);
    return byType;
  };
  const include = compile(options.include);
  const exclude = compile(options.exclude);
  return (type, e) => {
    const name = typeof e.name === 'string' ? e.name : '';
    const inc = include.get(type);
    if (inc && !inc.some((re) => re.test(name))) return false;
    return !(exclude.get(type) ?? []).some((re) => re.test(name));
  };
}

export const hasNameFilters = (o: Pick<ExportOptions, 'include' | 'exclude'>) =>
  (o.include?.length ?? 0) > 0 || (o.exclude?.length ?? 0) > 0;
