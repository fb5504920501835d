/**
 * Step 2 of the workflow, once per batch: read what the listing could not give (sub-resources, flow
 * definitions), normalize, stage one file per resource and a partial manifest. Idempotent: a retried
 * batch writes the same keys.
 */

import { parse as parseYaml } from 'yaml';
import { COMMON_VOLATILE, requireType } from './catalog/index.ts';
import type { Entity, ResourceTypeDefinition } from './catalog/types.ts';
import { allSettledOrThrow } from './concurrency.ts';
import type { EngineContext } from './context.ts';
import { pastDeadline } from './deadline.ts';
import { ApiError, DeadlineError, errorMessage, PermissionDeniedError, StorageError } from './errors.ts';
import { fetchByIds, received } from './fetch.ts';
import { type NamePredicate, nameFilter } from './filters.ts';
import { exportFlowDefinitions } from './flows.ts';
import { listAll } from './genesys/paging.ts';
import { fingerprint, type Reusable } from './incremental.ts';
import { isSafeId, resourceKey, resourcePath, reuseKey, stagedFileKey } from './keys.ts';
import type {
  BatchDescriptor,
  BatchResult,
  ExportIssue,
  ManifestResource,
  PartialManifest,
} from './model.ts';
import { normalizeEntity, type OutputFormat, serialize } from './normalize.ts';
import { byKeys, chunk } from './order.ts';
import { redactCredentials, redactText } from './redact.ts';
import { referencesOf } from './references.ts';
import { loadPlanRecord, writePartial } from './staged.ts';
import { readJson } from './storage/types.ts';

/** What a batch collects while it runs: its resources, the issues it met, what it left out. */
interface BatchWork {
  readonly ctx: EngineContext;
  readonly batch: BatchDescriptor;
  readonly t: ResourceTypeDefinition;
  readonly errors: ExportIssue[];
  readonly resources: ManifestResource[];
  readonly filteredOut: string[];
  /** IDs of resources missing part of what they should carry: an earlier, whole file is kept instead. */
  readonly incomplete: Set<string>;
  /** IDs of resources not finished before the step's deadline: not written, earlier files kept. */
  readonly unfinished: Set<string>;
  /** Each written resource's fingerprint (see incremental.ts), by ID. */
  readonly fingerprints: Map<string, string>;
  /** Resources kept from the earlier snapshot as they were. */
  reused: number;
  /** Sub-resource fields the earlier file gave (refreshed), by resource ID: not read again. */
  readonly restored: Map<string, Set<string>>;
  /** IDs of resources whose detail the earlier file gave (`Reusable.keepDetail`): not read again. */
  readonly detailKept: Set<string>;
}

export async function exportBatch(ctx: EngineContext, batch: BatchDescriptor): Promise<BatchResult> {
  const t = requireType(batch.type);
  const run = await loadPlanRecord(ctx.store, batch.runId);
  const work: BatchWork = {
    ctx,
    batch,
    t,
    errors: [],
    resources: [],
    filteredOut: [],
    incomplete: new Set(),
    unfinished: new Set(),
    fingerprints: new Map(),
    reused: 0,
    restored: new Map(),
    detailKept: new Set(),
  };
  const keep = nameFilter(run.options);
  let failed = false;
  try {
    const reusable =
      run.changeTracking?.mode === 'incremental'
        ? await readJson<Record<string, Reusable>>(ctx.store, reuseKey(batch.runId, t.name))
        : undefined;
    const entities = keepUnchanged(work, writable(work, await entitiesOf(work), keep), reusable ?? {});
    await restoreSubResources(work, entities, reusable ?? {}, run.options.format);
    await restoreDetails(work, entities, reusable ?? {}, run.options.format);
    await readDetails(work, entities);
    await attachSubResources(work, entities);
    const definitions = await attachDefinitions(work, entities);
    await writeResources(work, entities, definitions, run.options.format);
  } catch (err) {
    // Storage failures crash the batch so that it is retried whole (same keys); API failures are recorded.
    if (err instanceof StorageError) throw err;
    failed = true;
    work.errors.push({ type: t.name, message: `batch ${batch.batchId} failed: ${errorMessage(err)}` });
  }
  if (work.unfinished.size)
    work.errors.push({
      type: t.name,
      message: `${work.unfinished.size} resource(s) not exported before the batch's deadline; their earlier files are kept`,
    });
  return finishBatch(work, failed);
}

/** The batch's entities: staged from the listing, or read by ID. */
async function entitiesOf({ ctx, batch, t }: BatchWork): Promise<Entity[]> {
  const staged = (await readJson<unknown[]>(ctx.store, batch.source.key)) ?? [];
  // ID batches name resources to read; IDs the API no longer has show up as unresolved references.
  return batch.source.kind === 'ids'
    ? (await fetchByIds(ctx.client, t, staged as string[])).entities
    : (staged as Entity[]);
}

/**
 * Takes each entity's fingerprint before anything is read for it; an entity whose earlier file the plan
 * found reusable (same fingerprint) keeps that file and manifest entry. Returns the entities to read.
 */
function keepUnchanged(work: BatchWork, entities: Entity[], reusable: Record<string, Reusable>): Entity[] {
  const fresh: Entity[] = [];
  for (const e of entities) {
    const id = String(e.id);
    const fp = fingerprint(work.t, e);
    work.fingerprints.set(id, fp);
    const earlier = Object.hasOwn(reusable, id) ? reusable[id] : undefined;
    if (earlier && !earlier.refresh && !earlier.keepDetail && earlier.fingerprint === fp) {
      const { carriedOver: _carriedOver, ...entry } = earlier.entry;
      work.resources.push(entry);
      work.reused++;
    } else fresh.push(e);
  }
  return fresh;
}

/**
 * Resources the plan found refreshable (see `Reusable.refresh`): each takes its sub-resources from its
 * earlier file, with the fields their items copy from other resources as listed this run, except those
 * the plan says to read again (`reread`). A resource whose earlier file cannot give them has them read.
 */
async function restoreSubResources(
  work: BatchWork,
  entities: readonly Entity[],
  reusable: Record<string, Reusable>,
  format: OutputFormat,
): Promise<void> {
  for (const e of entities) {
    const id = String(e.id);
    const plan = Object.hasOwn(reusable, id) ? reusable[id] : undefined;
    const refresh = plan?.refresh;
    if (!plan || !refresh) continue;
    const reread = new Set(plan.reread ?? []);
    const subs = (work.t.subResources ?? []).filter(
      (sub) => sub.path(e) && !(sub.copies && reread.has(sub.copies.type)),
    );
    if (!subs.length) continue;
    const earlier = parseFile(await work.ctx.store.read(plan.entry.path), format);
    if (!earlier || !subs.every((sub) => Array.isArray(earlier[sub.field]))) continue;
    for (const sub of subs) {
      const fresh = sub.copies ? refresh[sub.copies.type] : undefined;
      e[sub.field] = (earlier[sub.field] as Entity[]).map((item) => {
        const now = fresh && Object.hasOwn(fresh, String(item.id)) ? fresh[String(item.id)] : undefined;
        if (!now || !sub.copies) return item;
        const copy = { ...item };
        for (const f of sub.copies.fields) copy[f] = now[f];
        return copy;
      });
    }
    work.restored.set(id, new Set(subs.map((sub) => sub.field)));
    if (!reread.size) work.reused++;
  }
}

/**
 * Resources the plan found unchanged where the type's stamp covers only the detail (`Reusable.keepDetail`):
 * each takes its earlier file, without its sub-resources (read again), in place of the detail read. The
 * file is the detail as normalized then, and normalizing it again gives the same. A resource whose file
 * cannot be read has its detail read.
 */
async function restoreDetails(
  work: BatchWork,
  entities: Entity[],
  reusable: Record<string, Reusable>,
  format: OutputFormat,
): Promise<void> {
  const subFields = new Set((work.t.subResources ?? []).map((sub) => sub.field));
  for (const [i, e] of entities.entries()) {
    const id = String(e.id);
    const plan = Object.hasOwn(reusable, id) ? reusable[id] : undefined;
    if (!plan?.keepDetail || plan.fingerprint !== work.fingerprints.get(id)) continue;
    const earlier = parseFile(await work.ctx.store.read(plan.entry.path), format);
    if (!earlier || String(earlier.id) !== id) continue;
    entities[i] = Object.fromEntries(Object.entries(earlier).filter(([k]) => !subFields.has(k)));
    work.detailKept.add(id);
  }
}

/** A snapshot file's content, or undefined when it is missing or not an object. */
function parseFile(bytes: Uint8Array | undefined, format: OutputFormat): Entity | undefined {
  if (!bytes) return undefined;
  try {
    const text = new TextDecoder().decode(bytes);
    const parsed: unknown = format === 'yaml' ? parseYaml(text) : JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Entity) : undefined;
  } catch {
    return undefined;
  }
}

/** Entities that may become files: kept by the name filters, with string fields and a safe ID. */
function writable(work: BatchWork, entities: Entity[], keep: NamePredicate): Entity[] {
  const { t, errors } = work;
  return entities.filter((e) => {
    if (!keep(t.name, e)) {
      work.filteredOut.push(resourceKey(t.name, String(e.id)));
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
}

/**
 * Reads each resource's sub-resources into its field. A request refused for one resource costs only that
 * resource's field; a missing permission costs the field for the whole batch, reported once.
 */
async function attachSubResources(work: BatchWork, entities: Entity[]): Promise<void> {
  const { ctx, t, incomplete, unfinished } = work;
  const denied = new Set<string>();
  await allSettledOrThrow(
    entities.map(async (e) => {
      for (const sub of t.subResources ?? []) {
        if (work.restored.get(String(e.id))?.has(sub.field)) continue;
        if (unfinished.has(String(e.id))) return;
        if (pastDeadline(ctx.clock)) {
          unfinished.add(String(e.id));
          return;
        }
        const path = sub.path(e);
        if (!path) continue;
        if (denied.has(sub.field)) {
          incomplete.add(String(e.id));
          continue;
        }
        try {
          const listing = await listAll<Entity>(ctx.client, path);
          e[sub.field] = listing.entities.map((item) => sub.map(received(t, item)));
        } catch (err) {
          if (err instanceof DeadlineError) {
            unfinished.add(String(e.id));
            return;
          }
          incomplete.add(String(e.id));
          subResourceFailed(work, e, sub, denied, err);
        }
      }
    }),
  );
}

type SubResource = NonNullable<ResourceTypeDefinition['subResources']>[number];

/** Records why a sub-resource was not read; rethrows what is neither a refusal nor a missing permission. */
function subResourceFailed(
  work: BatchWork,
  e: Entity,
  sub: SubResource,
  denied: Set<string>,
  err: unknown,
): void {
  const { t, errors } = work;
  if (err instanceof ApiError && (err.status === 400 || err.status === 404)) {
    errors.push({
      type: t.name,
      id: String(e.id),
      message: `${sub.field} not exported: ${errorMessage(err)}`,
    });
    return;
  }
  if (!(err instanceof PermissionDeniedError)) throw err;
  if (denied.has(sub.field)) return;
  denied.add(sub.field);
  errors.push({
    type: t.name,
    message: `${sub.field} not exported: missing permission ${err.permissions.join(', ') || sub.permissions.join(', ')}`,
  });
}

/** Flow definitions (YAML by flow ID) of the batch's flows; a failed export job is recorded, not thrown. */
async function attachDefinitions(work: BatchWork, entities: Entity[]): Promise<Map<string, string>> {
  const { ctx, t, errors } = work;
  const flows = entities.filter((e) => !work.unfinished.has(String(e.id)));
  if (t.exportFile) return exportFiles(work, flows);
  if (!t.flowDefinition || !flows.length) return new Map();
  if (pastDeadline(ctx.clock)) {
    errors.push({
      type: t.name,
      message: `flow definitions of ${flows.length} flow(s) not exported before the batch's deadline; earlier definitions are kept`,
    });
    return new Map();
  }
  try {
    const exported = await exportFlowDefinitions(
      ctx.client,
      ctx.clock,
      flows.map((e) => ({
        id: String(e.id),
        name: typeof e.name === 'string' ? e.name : undefined,
        version: publishedVersion(e),
      })),
      { timeoutMs: ctx.exportJobTimeoutMs },
    );
    for (const [id, reason] of exported.missing)
      errors.push({ type: t.name, id, message: `flow definition not exported: ${reason}` });
    return exported.definitions;
  } catch (err) {
    errors.push({
      type: t.name,
      message: `flow definitions of ${flows.length} flow(s) not exported: ${errorMessage(err)}`,
    });
    return new Map();
  }
}

/** Each resource's export file (scripts), by ID; a failed one is recorded and its earlier file kept. */
async function exportFiles(work: BatchWork, entities: readonly Entity[]): Promise<Map<string, string>> {
  const { ctx, t, errors } = work;
  const file = t.exportFile;
  const files = new Map<string, string>();
  if (!file) return files;
  await allSettledOrThrow(
    entities.map(async (e) => {
      const id = String(e.id);
      const missing = (why: string) => {
        work.incomplete.add(id);
        errors.push({ type: t.name, id, message: `export file not exported: ${why}` });
      };
      if (pastDeadline(ctx.clock)) {
        work.unfinished.add(id);
        return;
      }
      try {
        const answer = await ctx.client.post<{ url?: string }>(file.path(e), file.body(e));
        if (!answer?.url) return missing('the export answered no download URL');
        files.set(id, redactedExportFile(new TextDecoder().decode(await ctx.client.download(answer.url))));
      } catch (err) {
        if (err instanceof DeadlineError) {
          work.unfinished.add(id);
          return;
        }
        if (!(err instanceof ApiError)) throw err;
        missing(errorMessage(err));
      }
    }),
  );
  return files;
}

/** An export file with its credentials redacted: by key and in text where it is JSON, in text otherwise. */
function redactedExportFile(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return redactText(text);
  }
  return `${JSON.stringify(redactCredentials(parsed as Entity, []), null, 2)}\n`;
}

/** Stages each resource's file (and definition) and its manifest entry; an incomplete one keeps its file. */
async function writeResources(
  work: BatchWork,
  entities: readonly Entity[],
  definitions: ReadonlyMap<string, string>,
  format: OutputFormat,
): Promise<void> {
  const { ctx, batch, t } = work;
  const ext = format === 'yaml' ? 'yaml' : 'json';
  for (const e of entities) {
    const id = String(e.id);
    if (work.unfinished.has(id)) continue;
    const path = resourcePath(t, id, ext);
    if (work.incomplete.has(id) && (await ctx.store.read(path)) !== undefined) continue;
    const body = normalizeEntity(e, {
      volatile: [...COMMON_VOLATILE, ...(t.volatile ?? [])],
      secrets: t.secrets ?? [],
      ordered: t.ordered ?? [],
    });
    await ctx.store.write(stagedFileKey(batch.runId, path), serialize(body, format));
    let definitionPath: string | undefined;
    const yaml = definitions.get(id);
    if (yaml !== undefined) {
      definitionPath = resourcePath(t, id, t.exportFile ? 'definition.json' : 'definition.yaml');
      await ctx.store.write(stagedFileKey(batch.runId, definitionPath), yaml);
    }
    work.resources.push(manifestEntry(work, e, path, definitionPath));
  }
}

/** A resource's manifest entry: its files and what it references, in and outside the catalog. */
function manifestEntry(
  { ctx, t }: BatchWork,
  e: Entity,
  path: string,
  definitionPath: string | undefined,
): ManifestResource {
  const id = String(e.id);
  const refs = referencesOf(t, e);
  const dependsOn = refs
    .filter((r) => r.known)
    .map((r) => resourceKey(r.type, r.id))
    .filter((k) => k !== resourceKey(t.name, id));
  const external = [...new Set(refs.filter((r) => !r.known).map((r) => resourceKey(r.type, r.id)))].sort();
  for (const x of external)
    ctx.emit?.({
      kind: 'info',
      message: `${t.name}/${id} references ${x}, a type cx-export does not export: listed in unresolvedReferences`,
    });
  return {
    type: t.name,
    id,
    name: String(e.name ?? ''),
    path,
    ...(definitionPath ? { definitionPath } : {}),
    dependsOn: [...new Set(dependsOn)].sort(),
    ...(external.length ? { externalReferences: external } : {}),
  };
}

/** Stages the batch's partial manifest and reports what it did. */
async function finishBatch(work: BatchWork, failed: boolean): Promise<BatchResult> {
  const { ctx, batch, t, resources, errors, filteredOut } = work;
  resources.sort(byKeys((r) => [r.id]));
  const partial: PartialManifest = {
    batchId: batch.batchId,
    type: t.name,
    round: batch.round ?? 0,
    ...(filteredOut.length ? { filteredOut: filteredOut.sort() } : {}),
    resources,
    errors,
    failed,
    fingerprints: wholeExports(work, failed),
    ...(work.reused ? { reused: work.reused } : {}),
  };
  await writePartial(ctx.store, batch.runId, partial);
  ctx.emit?.({ kind: 'batch-done', type: t.name, exported: resources.length, failed });
  for (const e of errors)
    ctx.emit?.({ kind: 'warning', message: `${e.type}${e.id ? ` ${e.id}` : ''}: ${e.message}` });
  return { batchId: batch.batchId, type: t.name, exported: resources.length, errors: errors.length, failed };
}

/**
 * Fingerprints of the resources this batch exported whole: none after a batch-wide error or failure (some
 * part may be missing from every resource), none for a resource an error names or that kept an earlier file.
 */
function wholeExports(work: BatchWork, failed: boolean): Record<string, string> {
  if (failed || work.errors.some((e) => e.id === undefined)) return {};
  const named = new Set(work.errors.map((e) => e.id));
  const out: Record<string, string> = {};
  for (const r of work.resources) {
    const fp = work.fingerprints.get(r.id);
    if (fp !== undefined && !named.has(r.id) && !work.incomplete.has(r.id)) out[r.id] = fp;
  }
  return out;
}

/** The version a flow export job should take: the published one, as the import will publish it. */
function publishedVersion(e: Entity): string | undefined {
  const v = e.publishedVersion;
  const id = v && typeof v === 'object' ? (v as Entity).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** Replaces each listed entity with its full read where the listing cannot give everything. */
async function readDetails(work: BatchWork, entities: Entity[]): Promise<void> {
  const { ctx, t, errors, incomplete, unfinished } = work;
  await readBulkDetails(ctx, t, entities, errors, incomplete, unfinished);
  const detail = t.detail;
  if (!detail) return;
  let denied = false;
  await allSettledOrThrow(
    entities.map(async (e, i) => {
      if (work.detailKept.has(String(e.id))) return;
      if (denied) {
        incomplete.add(String(e.id));
        return;
      }
      if (pastDeadline(ctx.clock)) {
        unfinished.add(String(e.id));
        return;
      }
      try {
        const body = await ctx.client.get<Entity>(detail.path(e));
        entities[i] = received(t, detail.field ? { ...e, [detail.field]: body } : body);
      } catch (err) {
        if (err instanceof DeadlineError) {
          unfinished.add(String(e.id));
          return;
        }
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

/** Reads `bulkDetail` for the batch's resources, a request per `perRequest` keys, into its field. */
async function readBulkDetails(
  ctx: EngineContext,
  t: ResourceTypeDefinition,
  entities: Entity[],
  errors: ExportIssue[],
  incomplete: Set<string>,
  unfinished: Set<string>,
): Promise<void> {
  const bulk = t.bulkDetail;
  if (!bulk) return;
  const keys = [...new Set(entities.map(bulk.key).filter((k): k is string => !!k))].sort();
  const found = new Map<string, Entity>();
  try {
    await allSettledOrThrow(
      chunk(keys, bulk.perRequest).map(async (some) => {
        const answer = await ctx.client.get<Entity[]>(bulk.path(some));
        for (const d of Array.isArray(answer) ? answer : []) {
          const k = bulk.key(d);
          if (k) found.set(k, received(t, d));
        }
      }),
    );
  } catch (err) {
    if (err instanceof DeadlineError) {
      for (const e of entities) if (bulk.key(e)) unfinished.add(String(e.id));
      return;
    }
    if (!(err instanceof ApiError)) throw err;
    for (const e of entities) if (bulk.key(e)) incomplete.add(String(e.id));
    errors.push({ type: t.name, message: `${bulk.field} not exported: ${errorMessage(err)}` });
    return;
  }
  entities.forEach((e, i) => {
    const k = bulk.key(e);
    const d = k ? found.get(k) : undefined;
    if (d) entities[i] = { ...e, [bulk.field]: d };
  });
}

/** The fields every resource must have as strings: an ID (a file name) and, when present, a name. */
function wrongTypes(e: Entity): string | undefined {
  const wrong: string[] = [];
  if (typeof e.id !== 'string') wrong.push(`id: ${e.id === null ? 'null' : typeof e.id}`);
  if (e.name !== undefined && typeof e.name !== 'string')
    wrong.push(`name: ${Array.isArray(e.name) ? 'array' : e.name === null ? 'null' : typeof e.name}`);
  return wrong.length ? wrong.join(', ') : undefined;
}
