/**
 * The target org as an export would write it: each type listed through the catalog, read in full where
 * the listing leaves fields out (a skill group's conditions, an evaluation form's published version),
 * sub-resources read (a queue's wrap-up codes and members), volatile fields removed, so that it compares
 * with a snapshot.
 */
import { COMMON_VOLATILE, requireType } from '../engine/catalog/index.ts';
import type { Entity } from '../engine/catalog/types.ts';
import { listType, received } from '../engine/fetch.ts';
import { exportFlowDefinitions } from '../engine/flows.ts';
import type { GenesysClient } from '../engine/genesys/client.ts';
import { listAll } from '../engine/genesys/paging.ts';
import { normalizeEntity } from '../engine/normalize.ts';
import { DEFINITION } from './flows.ts';

/** type -> the target's resources of that type, normalized. */
export type TargetState = Map<string, Entity[]>;

export async function readTargetType(
  client: GenesysClient,
  type: string,
  withSubResources: boolean,
): Promise<Entity[]> {
  const t = requireType(type);
  // Every state a type lists in passes (users: active, inactive, deleted): a user of any state holds its
  // email, and a deleted one is restored rather than created again (as Terraform's genesyscloud_user does).
  const { entities } = await listType(client, t, !!t.list.includeAllPasses);
  if (withSubResources) await attachBulkDetails(client, type, entities);
  const out: Entity[] = [];
  for (const listed of entities) {
    // What the listing lacks (an integration's configuration, a data action's config and contract).
    const e = withSubResources && t.detail ? received(t, await readDetail(client, t.detail, listed)) : listed;
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
  if (withSubResources && t.flowDefinition) await attachDefinitions(client, out);
  return out;
}

async function readDetail(
  client: GenesysClient,
  detail: NonNullable<ReturnType<typeof requireType>['detail']>,
  e: Entity,
): Promise<Entity> {
  const body = await client.get<Entity>(detail.path(e));
  return detail.field ? { ...e, [detail.field]: body } : body;
}

/** What the bulk read gives each resource (an evaluation form's published version), as an export does. */
async function attachBulkDetails(client: GenesysClient, type: string, entities: Entity[]): Promise<void> {
  const t = requireType(type);
  const bulk = t.bulkDetail;
  if (!bulk) return;
  const keys = [...new Set(entities.map(bulk.key).filter((k): k is string => !!k))].sort();
  const found = new Map<string, Entity>();
  for (let i = 0; i < keys.length; i += bulk.perRequest) {
    const answer = await client.get<Entity[]>(bulk.path(keys.slice(i, i + bulk.perRequest)));
    for (const d of Array.isArray(answer) ? answer : []) {
      const k = bulk.key(d);
      if (k) found.set(k, received(t, d));
    }
  }
  entities.forEach((e, i) => {
    const k = bulk.key(e);
    const d = k ? found.get(k) : undefined;
    if (d) entities[i] = { ...e, [bulk.field]: d };
  });
}

/** Flows per export job: as many as an export batch asks for (engine/batching.ts). */
const FLOWS_PER_JOB = 50;

/** Each flow's published YAML (export jobs), to compare with the snapshot's; a flow without one has none. */
async function attachDefinitions(client: GenesysClient, flows: Entity[]): Promise<void> {
  for (let i = 0; i < flows.length; i += FLOWS_PER_JOB) {
    const part = flows.slice(i, i + FLOWS_PER_JOB);
    const { definitions } = await exportFlowDefinitions(
      client,
      client.clock,
      part.map((e) => ({
        id: String(e.id),
        name: typeof e.name === 'string' ? e.name : undefined,
        version: (e.publishedVersion as Entity | undefined)?.id as string | undefined,
      })),
    );
    for (const e of part) {
      const yaml = definitions.get(String(e.id));
      if (yaml !== undefined) e[DEFINITION] = yaml;
    }
  }
}
