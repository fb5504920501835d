/**
 * The target org as an export would write it: each type listed through the catalog, sub-resources read
 * (a queue's wrap-up codes and members), volatile fields removed, so that it compares with a snapshot.
 */
import { COMMON_VOLATILE, requireType } from '../engine/catalog/index.ts';
import type { Entity } from '../engine/catalog/types.ts';
import { listType, received } from '../engine/fetch.ts';
import type { GenesysClient } from '../engine/genesys/client.ts';
import { listAll } from '../engine/genesys/paging.ts';
import { normalizeEntity } from '../engine/normalize.ts';

/** type -> the target's resources of that type, normalized. */
export type TargetState = Map<string, Entity[]>;

export async function readTargetType(
  client: GenesysClient,
  type: string,
  withSubResources: boolean,
): Promise<Entity[]> {
  const t = requireType(type);
  const { entities } = await listType(client, t, false);
  const out: Entity[] = [];
  for (const e of entities) {
    if (withSubResources)
      for (const sub of t.subResources ?? []) {
        const path = sub.path(e);
        if (!path) continue;
        const listing = await listAll<Entity>(client, path);
        e[sub.field] = listing.entities.map((item) => sub.map(received(t, item)));
      }
    out.push(
      normalizeEntity(e, {
        volatile: [...COMMON_VOLATILE, ...(t.volatile ?? [])],
        secrets: t.secrets ?? [],
        ordered: t.ordered ?? [],
      }),
    );
  }
  return out;
}
