/** The references a resource holds to other catalog resources, from its type's reference rules. */
import { typeByName } from './catalog/index.ts';
import type { Entity, ResourceTypeDefinition } from './catalog/types.ts';
import { select } from './normalize.ts';

export interface Reference {
  readonly type: string;
  readonly id: string;
}

export function referencesOf(t: ResourceTypeDefinition, entity: Entity): Reference[] {
  const out: Reference[] = [];
  for (const rule of t.references) {
    for (const v of select(entity, rule.path)) {
      const obj = typeof v === 'object' && v !== null ? (v as Entity) : undefined;
      const id = typeof v === 'string' ? v : obj?.id;
      if (typeof id !== 'string' || id === '') continue;
      const type = typeof rule.type === 'string' ? rule.type : obj ? rule.type(obj) : undefined;
      if (type && typeByName(type)) out.push({ type, id });
    }
  }
  return out;
}
