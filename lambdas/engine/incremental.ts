/**
 * Incremental exports: a run that reads again only what changed since the snapshot it starts from, and
 * writes the snapshot a full export would write (byte for byte: files and manifest).
 *
 * What costs requests. Every run still lists every type: listings are cheap (a page per 100-500
 * resources) and a complete listing is what the deletion rule needs. What costs is per resource: details,
 * sub-resources, data-table rows, flow definitions (export jobs), script export files. A type without any
 * of those ("listing" types: skills, users, schedules...) costs the same incremental or not.
 *
 * How a change is seen, per type (`changes` in the catalog, see `ChangeDetection`):
 * - `stamp`: each listed resource's fingerprint (a hash of its listed body, without the type's volatile
 *   fields except its declared stamp fields) is kept in the run stamp (`.genesys/last-run.json`: neither
 *   the manifest nor a resource file, so Git shows an incremental run exactly as a full one). An unchanged
 *   fingerprint keeps the earlier file and manifest entry, nothing read again. Flows: the published and
 *   checked-in version IDs (the SDK's Flow has no version or date) and the whole listed flow, its name
 *   included (a rename changes its definition's YAML). Data actions: `version`. Scripts: `versionId`.
 * - `audit`: queues. Members and wrap-up codes are sub-resources changed through their own endpoints (the
 *   SDK's Queue has no version, nothing documents that its `dateModified` moves with them); the audit log
 *   (audit-changes.ts) names the queues changed since the base run started, less a margin for entries
 *   that arrive late. A queue keeps its earlier file when its listed body (modification stamps left out:
 *   they move on their own) is unchanged, the audit does not name it, and nothing it references changed.
 *   A queue the audit does not name but whose body or references changed is rebuilt without reading:
 *   this run's listed body, the members and wrap-up codes of its earlier file, their names (copies of
 *   the user's and the code's, `SubResource.copies`) refreshed from this run's listings of users and
 *   wrap-up codes. Only a member user or code that is not in this run's listing (deleted, inactive) has
 *   that one sub-resource read again: whether the platform dropped it from the queue is not assumed.
 *   What the audit cannot see: a change whose entry has not arrived when the run reads the log (the
 *   next run's window covers it); a wrap-up code assigned or removed is assumed to be audited as the
 *   queue's `Update`, which no documentation confirms. When the log cannot be read (permission
 *   `audits:audit:view` missing, a failed query) the type falls back to full reads and the stamp says why.
 * - `stamp` with `subResourcesEveryRun`: skill groups. The listing's `dateModified` stamps the group's
 *   own definition (its `skillConditions`, which only the detail gives): unchanged, the detail comes from
 *   the earlier file. Member divisions (`/members/divisions`) have no stamp: read every run.
 * - `full`: read every run, because some part changes without the listing showing it:
 *   - data tables: rows change through their own endpoints and the SDK's DataTable has no stamp;
 *   - integrations: the current configuration (`/config/current`) has a version the listing lacks;
 *   - evaluation forms: the bulk read costs one request per 100 forms, as cheap as comparing.
 *   The audit log has no entity type for skill-group member divisions, data-table rows by table (rows
 *   are `Row` entities), integration configurations or evaluation forms that would let these use it.
 *
 * What a stamp cannot see, and how it is covered:
 * - data copied from other resources at read time (a flow's consumed resources name what they consume, a
 *   queue's members their users): a resource is read again when any resource it referenced in the earlier
 *   snapshot changed, is gone, or is not listed this run; a resource referencing types cx-export does not
 *   export (whose changes it cannot see) is read every run;
 * - a resource whose earlier export was incomplete (a sub-resource refused, a flow without definition, a
 *   batch-wide error): no fingerprint is recorded for it, so it is read again;
 * - a file removed or edited by hand: a fingerprint is reused only if the file is still there (edits are
 *   not detected: the periodic full run rewrites them);
 * - dependency tracking rebuilt without a new flow version, a platform-side change of what a detail
 *   endpoint returns: the periodic full run.
 *
 * Safety net: a full run every `fullEvery` runs (default 7), when the last full run started more than
 * `fullAfterDays` ago (default 7, at most 13: the audit window must reach back), when the options or the
 * catalog (its data, `CATALOG_VERSION`, the output format) changed, the earlier run left no fingerprints or
 * start time, or `--full`. A type
 * the earlier run did not export completely falls back to full reads, and the run stamp says so.
 */
import { createHash } from 'node:crypto';
import { AUDIT_MARGIN_MS, AUDIT_REACH_MS } from './audit-changes.ts';
import { CATALOG, COMMON_VOLATILE, requireType } from './catalog/index.ts';
import type { Entity, ResourceTypeDefinition } from './catalog/types.ts';
import { UsageError } from './errors.ts';
import { resourceKey } from './keys.ts';
import type { ExportOptions, Manifest, ManifestResource, RunStamp } from './model.ts';
import { normalizeEntity } from './normalize.ts';

/** What the caller asks for: `--incremental`, `--full`, `--fullEvery`. */
export interface ChangeRequest {
  readonly incremental: boolean;
  readonly full?: boolean;
  readonly fullEvery?: number;
  /** A full run when the last full one started longer ago than this many days. */
  readonly fullAfterDays?: number;
}

export const DEFAULT_FULL_EVERY = 7;
export const DEFAULT_FULL_AFTER_DAYS = 7;

/** A change request from a state machine input (`changes`), checked: anything malformed is a UsageError. */
export function changeRequestOf(input: unknown): ChangeRequest | undefined {
  if (input === undefined || input === null) return undefined;
  const r = input as Partial<Record<keyof ChangeRequest, unknown>>;
  const fullEvery = r.fullEvery ?? DEFAULT_FULL_EVERY;
  const fullAfterDays = r.fullAfterDays ?? DEFAULT_FULL_AFTER_DAYS;
  if (
    typeof input !== 'object' ||
    (r.incremental !== undefined && typeof r.incremental !== 'boolean') ||
    (r.full !== undefined && typeof r.full !== 'boolean') ||
    !Number.isInteger(fullEvery) ||
    (fullEvery as number) < 1 ||
    !validFullAfterDays(fullAfterDays)
  )
    throw new UsageError(
      `changes must be {"incremental": true|false, "full": true|false, "fullEvery": <whole number from 1>, "fullAfterDays": <number of days, more than 0, at most ${MAX_FULL_AFTER_DAYS}>}, got ${JSON.stringify(input)}`,
    );
  return {
    incremental: r.incremental === true,
    full: r.full === true,
    fullEvery: fullEvery as number,
    fullAfterDays: fullAfterDays as number,
  };
}

/** The audit window must reach back to the last full run at the latest (see audit-changes.ts). */
export const MAX_FULL_AFTER_DAYS = 13;

export function validFullAfterDays(days: unknown): days is number {
  return typeof days === 'number' && Number.isFinite(days) && days > 0 && days <= MAX_FULL_AFTER_DAYS;
}

/**
 * Bumped when the engine writes files differently for the same API answers (normalization, file layout):
 * fingerprints of an older format never let a file be kept.
 */
const OUTPUT_FORMAT = 1;

/**
 * Bumped when a catalog function (a path, a map, an `isActive`...) changes what is read or written. The
 * catalog hash covers the catalog's data, not its functions: their compiled text differs between tsx,
 * the esbuild bundle and vitest, which would make every run after a change of runtime a full one.
 */
export const CATALOG_VERSION = 2;

/** How a type's per-resource parts were read this run. */
export type TypeMethod = 'listing' | 'stamp' | 'audit' | 'full';

/** What the plan decided, in the plan record; finalize adds the fingerprints to the run stamp. */
export interface PlannedTracking {
  readonly mode: 'full' | 'incremental';
  /** Why this run is full. */
  readonly reason?: string;
  /** The run whose snapshot this incremental run started from. */
  readonly baseRun?: string;
  /** The last full run (this one when full). */
  readonly lastFullRun: string;
  /** Incremental runs since the last full one (0 for a full run). */
  readonly runsSinceFull: number;
  /** When this run started (ISO): the next run's audit window starts here, less the margin. */
  readonly startedAt: string;
  /** When the last full run started (ISO). */
  readonly lastFullAt: string;
  /** The audit window this run read, when an `audit` type used it: `<from>/<to>` (ISO). */
  readonly auditWindow?: string;
  /** Hash of the catalog and output format the fingerprints were taken under. */
  readonly catalog: string;
  readonly methods: Record<string, TypeMethod>;
  /** Types that would use stamps but were read in full this run, and why. */
  readonly fallbacks: Record<string, string>;
}

/** In the run stamp: the plan's decision and each exported resource's fingerprint (`type/id` -> hash). */
export interface ChangeTracking extends PlannedTracking {
  readonly fingerprints: Record<string, string>;
  /** Resources kept from the base snapshot without reading their per-resource parts. */
  readonly reused: number;
}

/**
 * A resource the batch may keep as it is, if its fingerprint is still this one; or, with `refresh`, whose
 * sub-resources it takes from the earlier file under this run's listed body, the fields the items copy
 * from other resources refreshed (`refresh`: type -> ID -> fields as listed now; only resources that
 * changed since the base run).
 */
export interface Reusable {
  readonly fingerprint: string;
  readonly entry: ManifestResource;
  readonly refresh?: Record<string, Record<string, Entity>>;
  /**
   * Types a changed reference of which is not in this run's listing (deleted, inactive): the
   * sub-resources whose items copy from them are read again, the others still come from the earlier file.
   */
  readonly reread?: string[];
  /**
   * A type whose stamp covers the detail but not the sub-resources (`subResourcesEveryRun`): the
   * resource's detail comes from the earlier file, its sub-resources are read again.
   */
  readonly keepDetail?: true;
}

/** This run's listed fields that sub-resource items copy (see `SubResource.copies`): type -> ID -> fields. */
export type ListedCopies = ReadonlyMap<string, ReadonlyMap<string, Entity>>;

/** The types (and their fields) whose resources the type's sub-resource items copy fields from. */
export function copiedTypes(t: ResourceTypeDefinition): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const sub of t.subResources ?? [])
    if (sub.copies) out.set(sub.copies.type, [...(out.get(sub.copies.type) ?? []), ...sub.copies.fields]);
  return out;
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 27);

/**
 * The catalog's data (functions left out: `CATALOG_VERSION` stands for them), with the output format:
 * what fingerprints depend on. The same under tsx, the bundle and vitest.
 */
export function catalogHash(): string {
  const text = JSON.stringify({ OUTPUT_FORMAT, CATALOG_VERSION, COMMON_VOLATILE, CATALOG }, (_k, v) =>
    typeof v === 'function' ? undefined : v,
  );
  return hash(text);
}

/** Whether the type reads anything per resource (otherwise its listing is its content). */
export function readsPerResource(t: ResourceTypeDefinition): boolean {
  return !!(t.detail || t.bulkDetail || t.subResources?.length || t.flowDefinition || t.exportFile);
}

/** The type's declared method; a type reading per resource without a declaration is read in full. */
export function declaredMethod(t: ResourceTypeDefinition): TypeMethod {
  if (!readsPerResource(t)) return 'listing';
  return t.changes?.method ?? 'full';
}

/**
 * A listed resource's fingerprint: its body as received, without the type's volatile fields (runtime
 * state) but with its stamp fields, canonical (keys and ID lists sorted) and hashed.
 */
export function fingerprint(t: ResourceTypeDefinition, e: Entity): string {
  const stamps = new Set(t.changes?.method === 'stamp' ? t.changes.fields : []);
  // An audit type's modification stamps move without configuration changes (the audit names real ones).
  const common = t.changes?.method === 'audit' ? COMMON_VOLATILE : [];
  const body = normalizeEntity(e, {
    volatile: [...common, ...(t.volatile ?? [])].filter((v) => !stamps.has(v)),
    secrets: [],
    ordered: t.ordered ?? [],
  });
  return hash(JSON.stringify(body));
}

/** The decision before anything is listed: full (and why) or incremental from the earlier run. */
export function decideMode(
  request: ChangeRequest | undefined,
  runId: string,
  options: ExportOptions,
  previous: Manifest | undefined,
  stamp: RunStamp | undefined,
  now: number,
): Omit<PlannedTracking, 'methods' | 'fallbacks'> {
  const catalog = catalogHash();
  const startedAt = new Date(now).toISOString();
  const full = (reason: string) => ({
    mode: 'full' as const,
    reason,
    lastFullRun: runId,
    runsSinceFull: 0,
    catalog,
    startedAt,
    lastFullAt: startedAt,
  });
  if (!request?.incremental) return full(request?.full ? '--full' : 'not asked for (--incremental)');
  if (request.full) return full('--full');
  const before = stamp?.changeTracking;
  if (!previous || !stamp || !before) return full('no earlier snapshot with change stamps');
  if (JSON.stringify(previous.options) !== JSON.stringify(options)) return full('the options changed');
  if (before.catalog !== catalog) return full('the catalog changed');
  const every = request.fullEvery ?? DEFAULT_FULL_EVERY;
  if (before.runsSinceFull + 1 >= every) return full(`a full run every ${every} runs`);
  const lastFull = Date.parse(String(before.lastFullAt));
  const baseStart = Date.parse(String(before.startedAt));
  if (Number.isNaN(lastFull) || Number.isNaN(baseStart))
    return full('the earlier run recorded no start time');
  const days = request.fullAfterDays ?? DEFAULT_FULL_AFTER_DAYS;
  if (now - lastFull > days * 86_400_000) return full(`the last full run is older than ${days} days`);
  if (baseStart - AUDIT_MARGIN_MS < now - AUDIT_REACH_MS)
    return full('the audit window does not reach back to the earlier run');
  return {
    mode: 'incremental',
    baseRun: stamp.runId,
    lastFullRun: before.lastFullRun,
    runsSinceFull: before.runsSinceFull + 1,
    catalog,
    startedAt,
    lastFullAt: before.lastFullAt,
  };
}

/** What deciding each type's reuse needs: the earlier snapshot and this run's listings. */
export interface ReuseInput {
  readonly previous: Manifest;
  readonly before: ChangeTracking;
  /** Fingerprints of this run's complete listings, by type then ID. */
  readonly listed: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/**
 * Why a `stamp` type cannot keep earlier files this run, or undefined when it can: the earlier run must
 * have exported it completely, and this run must have listed it completely.
 */
export function fallbackReason(
  input: ReuseInput,
  type: string,
  listedCompletely: boolean,
): string | undefined {
  if (!listedCompletely) return 'not listed completely this run';
  const s = input.previous.types[type];
  if (!s) return 'not in the earlier snapshot';
  if (s.outcome !== 'complete') return `the earlier run exported it ${s.outcome}`;
  return undefined;
}

/**
 * The resources of a `stamp` type whose earlier file can be kept: same fingerprint as then, a whole
 * earlier export (its fingerprint was recorded), its files still there, and nothing it referenced changed.
 */
export function reusable(
  input: ReuseInput,
  type: string,
  present: ReadonlySet<string>,
  audited: ReadonlySet<string> = new Set(),
  copies?: ListedCopies,
): Record<string, Reusable> {
  const { previous, before, listed } = input;
  const now = listed.get(type);
  const out: Record<string, Reusable> = {};
  if (!now) return out;
  const changes = requireType(type).changes;
  const detailOnly = changes?.method === 'stamp' && changes.subResourcesEveryRun === true;
  const split = (key: string) => {
    const slash = key.indexOf('/');
    return { type: key.slice(0, slash), id: key.slice(slash + 1) };
  };
  const unchanged = (key: string) => {
    const ref = split(key);
    const fp = listed.get(ref.type)?.get(ref.id);
    return fp !== undefined && fp === before.fingerprints[key];
  };
  for (const r of previous.resources) {
    if (r.type !== type || r.carriedOver || audited.has(r.id)) continue;
    const fp = now.get(r.id);
    const earlier = before.fingerprints[resourceKey(type, r.id)];
    if (fp === undefined || earlier === undefined) continue;
    if (!present.has(r.path) || (r.definitionPath && !present.has(r.definitionPath))) continue;
    if (fp === earlier && !r.externalReferences?.length && r.dependsOn.every(unchanged)) {
      out[r.id] = { fingerprint: fp, entry: r, ...(detailOnly ? { keepDetail: true as const } : {}) };
      continue;
    }
    if (copies)
      out[r.id] = {
        fingerprint: fp,
        entry: r,
        ...refreshOf(r.dependsOn.filter((d) => !unchanged(d)).map(split), copies),
      };
  }
  return out;
}

/**
 * An audit type's resource whose own body the listing gives and whose sub-resources the audit vouches
 * for: what its copying items need refreshed, and the types a changed reference of which is not in this
 * run's listing (deleted or inactive: the sub-resource itself may have lost the item, so the
 * sub-resources copying from that type are read again). References of other types do not matter: they
 * are in the listed body, read this run.
 */
function refreshOf(
  changed: ReadonlyArray<{ type: string; id: string }>,
  copies: ListedCopies,
): Pick<Reusable, 'refresh' | 'reread'> {
  const refresh: Record<string, Record<string, Entity>> = {};
  const reread = new Set<string>();
  for (const ref of changed) {
    const byId = copies.get(ref.type);
    // Not a type the items copy from: its references are in the listed body.
    if (!byId) continue;
    const fields = byId.get(ref.id);
    if (fields) refresh[ref.type] = { ...(refresh[ref.type] ?? {}), [ref.id]: fields };
    else reread.add(ref.type);
  }
  return { refresh, ...(reread.size ? { reread: [...reread].sort() } : {}) };
}
