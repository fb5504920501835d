/** What several catalog areas share: the division reference, the usual activity test, common volatile fields. */
import type { Entity, ReferenceRule } from './types.ts';

/** The `division` of a division-scoped resource. */
export const division: ReferenceRule = { path: 'division', type: 'authorization:division' };

/** Active unless its `state` says otherwise. */
export const activeState = (e: Entity) => e.state === undefined || e.state === 'active';

/** Fields removed from every type: they change on every save or are derivable. */
export const COMMON_VOLATILE: readonly string[] = [
  'selfUri',
  'dateModified',
  'modifiedBy',
  'modifiedByApp',
  'version',
];
