/**
 * The references a resource holds to other resources, from its type's reference rules: references to
 * catalog types (followed and ordered), and references to types cx-export does not export (reported).
 */
import { typeByName } from './catalog/index.ts';
import type { Entity, ResourceTypeDefinition } from './catalog/types.ts';
import { select } from './select.ts';

export interface Reference {
  /** A catalog type name, or the referenced object's own type name when it is not in the catalog. */
  readonly type: string;
  readonly id: string;
  /** False for a type cx-export does not export. */
  readonly known: boolean;
}

export function referencesOf(t: ResourceTypeDefinition, entity: Entity): Reference[] {
  const out: Reference[] = [];
  for (const rule of t.references) {
    for (const v of select(entity, rule.path)) {
      const obj = typeof v === 'object' && v !== null ? (v as Entity) : undefined;
      const ids = rule.ids ? (obj ? rule.ids(obj) : []) : [typeof v === 'string' ? v : obj?.id];
      const type = typeof rule.type === 'string' ? rule.type : obj ? rule.type(obj) : undefined;
      const known = !!type && !!typeByName(type);
      for (const id of ids) {
        if (typeof id !== 'string' || id === '') continue;
        out.push({
          type: known ? (typeByName(type as string)?.name as string) : (type ?? 'UNKNOWN'),
          id,
          known,
        });
      }
    }
  }
  return out;
}
