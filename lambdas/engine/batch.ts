/**
 * Step 2 of the workflow, once per batch: read what the listing could not give (sub-resources, flow
 * definitions), normalize, stage one file per resource and a partial manifest. Idempotent: a retried
 * batch writes the same keys.
 */

import { COMMON_VOLATILE, requireType } from './catalog/index.ts';
import type { Entity, ResourceTypeDefinition } from './catalog/types.ts';
import { allSettledOrThrow } from './concurrency.ts';
import type { EngineContext } from './context.ts';
import { ApiError, errorMessage, PermissionDeniedError, StorageError } from './errors.ts';
import { fetchByIds, received } from './fetch.ts';
import { nameFilter } from './filters.ts';
import { exportFlowDefinitions } from './flows.ts';
import { listAll } from './genesys/paging.ts';
import type {
  BatchDescriptor,
  BatchResult,
  ExportIssue,
  ManifestResource,
  PartialManifest,
  RunRecord,
} from './model.ts';
import { resourceKey, stagingKey } from './model.ts';
import { normalizeEntity, serialize } from './normalize.ts';
import { referencesOf } from './references.ts';
import { readJson, writeJson } from './storage/types.ts';

/** IDs become file names: anything else than a plain, short identifier is refused. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

export function isSafeId(id: string): boolean {
  return SAFE_ID.test(id) && !id.includes('..');
}

export function resourcePath(t: ResourceTypeDefinition, id: string, ext: string): string {
  return `${t.folder}/${id}.${ext}`;
}

export async function exportBatch(ctx: EngineContext, batch: BatchDescriptor): Promise<BatchResult> {
  const t = requireType(batch.type);
  const run = await readJson<RunRecord>(ctx.store, stagingKey(batch.runId, 'run.json'));
  if (!run) throw new Error(`run ${batch.runId} has no plan record`);
  const format = run.options.format;
  const errors: ExportIssue[] = [];
  const resources: ManifestResource[] = [];
  const filteredOut: string[] = [];
  const keep = nameFilter(run.options);
  let failed = false;

  try {
    const staged = (await readJson<unknown[]>(ctx.store, batch.source.key)) ?? [];
    // ID batches name resources to read; IDs the API no longer has show up as unresolved references.
    const entities =
      batch.source.kind === 'ids'
        ? (await fetchByIds(ctx.client, t, staged as string[])).entities
        : (staged as Entity[]);
    const safe = entities.filter((e) => {
      if (!keep(t.name, e)) {
        filteredOut.push(resourceKey(t.name, String(e.id)));
        return false;
      }
      const wrong = wrongTypes(e);
      if (wrong) {
        errors.push({
          type: t.name,
          id: JSON.stringify(String(e.id)).slice(0, 80),
          message: `fields of the wrong type (${wrong}); resource not written`,
        });
        return false;
      }
      const id = String(e.id ?? '');
      if (isSafeId(id)) return true;
      errors.push({
        type: t.name,
        id: JSON.stringify(id).slice(0, 80),
        message: 'ID is not a safe file name; resource not written',
      });
      return false;
    });

    // Resources missing part of what they should carry: an earlier, whole file is kept instead.
    const incomplete = new Set<string>();
    await readDetails(ctx, t, safe, errors, incomplete);

    const deniedSub = new Set<string>();
    await allSettledOrThrow(
      safe.map(async (e) => {
        for (const sub of t.subResources ?? []) {
          const path = sub.path(e);
          if (!path) continue;
          if (deniedSub.has(sub.field)) {
            incomplete.add(String(e.id));
            continue;
          }
          try {
            const listing = await listAll<Entity>(ctx.client, path);
            e[sub.field] = listing.entities.map((item) => sub.map(received(t, item)));
          } catch (err) {
            // A request the API refuses for this one resource costs only this resource's field.
            incomplete.add(String(e.id));
            if (err instanceof ApiError && (err.status === 400 || err.status === 404)) {
              errors.push({
                type: t.name,
                id: String(e.id),
                message: `${sub.field} not exported: ${errorMessage(err)}`,
              });
              continue;
            }
            if (!(err instanceof PermissionDeniedError)) throw err;
            if (!deniedSub.has(sub.field)) {
              deniedSub.add(sub.field);
              errors.push({
                type: t.name,
                message: `${sub.field} not exported: missing permission ${err.permissions.join(', ') || sub.permissions.join(', ')}`,
              });
            }
          }
        }
      }),
    );

    let definitions = new Map<string, string>();
    if (t.flowDefinition && safe.length) {
      try {
        const exported = await exportFlowDefinitions(
          ctx.client,
          ctx.clock,
          safe.map((e) => ({
            id: String(e.id),
            name: typeof e.name === 'string' ? e.name : undefined,
            version: publishedVersion(e),
          })),
          { timeoutMs: ctx.exportJobTimeoutMs },
        );
        definitions = exported.definitions;
        for (const [id, reason] of exported.missing)
          errors.push({ type: t.name, id, message: `flow definition not exported: ${reason}` });
      } catch (err) {
        errors.push({
          type: t.name,
          message: `flow definitions of ${safe.length} flow(s) not exported: ${errorMessage(err)}`,
        });
      }
    }

    const ext = format === 'yaml' ? 'yaml' : 'json';
    for (const e of safe) {
      const id = String(e.id);
      if (incomplete.has(id) && (await ctx.store.read(resourcePath(t, id, ext))) !== undefined) continue;
      const body = normalizeEntity(e, {
        volatile: [...COMMON_VOLATILE, ...(t.volatile ?? [])],
        secrets: t.secrets ?? [],
      });
      const path = resourcePath(t, id, ext);
      await ctx.store.write(stagingKey(batch.runId, 'files', path), serialize(body, format));
      let definitionPath: string | undefined;
      const yaml = definitions.get(id);
      if (yaml !== undefined) {
        definitionPath = resourcePath(t, id, 'definition.yaml');
        await ctx.store.write(stagingKey(batch.runId, 'files', definitionPath), yaml);
      }
      const refs = referencesOf(t, e);
      const dependsOn = refs
        .filter((r) => r.known)
        .map((r) => resourceKey(r.type, r.id))
        .filter((k) => k !== resourceKey(t.name, id));
      const external = [
        ...new Set(refs.filter((r) => !r.known).map((r) => resourceKey(r.type, r.id))),
      ].sort();
      for (const x of external)
        ctx.emit?.({
          kind: 'info',
          message: `${t.name}/${id} references ${x}, a type cx-export does not export: listed in unresolvedReferences`,
        });
      resources.push({
        type: t.name,
        id,
        name: String(e.name ?? ''),
        path,
        ...(definitionPath ? { definitionPath } : {}),
        dependsOn: [...new Set(dependsOn)].sort(),
        ...(external.length ? { externalReferences: external } : {}),
      });
    }
  } catch (err) {
    // Storage failures crash the batch so that it is retried whole (same keys); API failures are recorded.
    if (err instanceof StorageError) throw err;
    failed = true;
    errors.push({ type: t.name, message: `batch ${batch.batchId} failed: ${errorMessage(err)}` });
  }

  resources.sort((a, b) => (a.id < b.id ? -1 : 1));
  const partial: PartialManifest = {
    batchId: batch.batchId,
    type: t.name,
    round: batch.round ?? 0,
    ...(filteredOut.length ? { filteredOut: filteredOut.sort() } : {}),
    resources,
    errors,
    failed,
  };
  await writeJson(ctx.store, stagingKey(batch.runId, 'batches', `${batch.batchId}.json`), partial, true);
  ctx.emit?.({ kind: 'batch-done', type: t.name, exported: resources.length, failed });
  for (const e of errors)
    ctx.emit?.({ kind: 'warning', message: `${e.type}${e.id ? ` ${e.id}` : ''}: ${e.message}` });
  return { batchId: batch.batchId, type: t.name, exported: resources.length, errors: errors.length, failed };
}

/** The version a flow export job should take: the published one, as the import will publish it. */
function publishedVersion(e: Entity): string | undefined {
  const v = e.publishedVersion;
  const id = v && typeof v === 'object' ? (v as Entity).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** Replaces each listed entity with its full read where the listing cannot give everything. */
async function readDetails(
  ctx: EngineContext,
  t: ResourceTypeDefinition,
  entities: Entity[],
  errors: ExportIssue[],
  incomplete: Set<string>,
): Promise<void> {
  const detail = t.detail;
  if (!detail) return;
  let denied = false;
  await allSettledOrThrow(
    entities.map(async (e, i) => {
      if (denied) {
        incomplete.add(String(e.id));
        return;
      }
      try {
        entities[i] = received(t, await ctx.client.get<Entity>(detail.path(e)));
      } catch (err) {
        incomplete.add(String(e.id));
        if (err instanceof ApiError && err.status === 404) {
          errors.push({
            type: t.name,
            id: String(e.id),
            message: 'gone before its full definition was read',
          });
          return;
        }
        if (!(err instanceof PermissionDeniedError)) throw err;
        if (!denied)
          errors.push({
            type: t.name,
            message: `full definitions not exported: missing permission ${err.permissions.join(', ') || detail.permissions.join(', ')}`,
          });
        denied = true;
      }
    }),
  );
}

/** The fields every resource must have as strings: an ID (a file name) and, when present, a name. */
function wrongTypes(e: Entity): string | undefined {
  const wrong: string[] = [];
  if (typeof e.id !== 'string') wrong.push(`id: ${e.id === null ? 'null' : typeof e.id}`);
  if (e.name !== undefined && typeof e.name !== 'string')
    wrong.push(`name: ${Array.isArray(e.name) ? 'array' : e.name === null ? 'null' : typeof e.name}`);
  return wrong.length ? wrong.join(', ') : undefined;
}
