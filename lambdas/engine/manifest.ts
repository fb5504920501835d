/**
 * The manifest of a finished run, built from what the run did (its plan record and partial manifests) and
 * the resources the snapshot now holds: per-type outcomes and counts, the import order, unresolved
 * references, what was skipped and which removals could not be recorded. Pure: finalize writes it.
 */
import { CATALOG, typeByName } from './catalog/index.ts';
import { planImport } from './graph.ts';
import { resourceKey, resourceTypeOf } from './keys.ts';
import type {
  ExportIssue,
  Manifest,
  ManifestResource,
  PartialManifest,
  RunRecord,
  TypeOutcome,
  TypeStatus,
} from './model.ts';
import { byKeys } from './order.ts';

/** What a run did, as finalize reads it back from staging. */
export interface RunResult {
  readonly run: RunRecord;
  /** The batches' partial manifests, in batch ID order. */
  readonly partials: readonly PartialManifest[];
}

/** A type's outcome: the plan's skip or failure first, then its batches' failures and errors. */
export function typeOutcome({ run, partials }: RunResult, type: string): TypeOutcome {
  const s = run.types[type];
  if (s?.outcome === 'skipped' || s?.outcome === 'failed') return s.outcome;
  if (partials.some((p) => p.type === type && p.failed)) return 'failed';
  if (s?.outcome === 'partial' || partials.some((p) => p.type === type && p.errors.length)) return 'partial';
  return 'complete';
}

/** Every type of the run (planned, or brought in by reference) came out complete. */
export function everyTypeComplete(result: RunResult): boolean {
  const types = new Set([...Object.keys(result.run.types), ...result.partials.map((p) => p.type)]);
  return [...types].every((type) => typeOutcome(result, type) === 'complete');
}

/** The resources the batches exported, by `type/id` (the first batch to export one wins). */
export function exportedResources(partials: readonly PartialManifest[]): Map<string, ManifestResource> {
  const current = new Map<string, ManifestResource>();
  for (const p of partials)
    for (const r of p.resources)
      if (!current.has(resourceKey(r.type, r.id))) current.set(resourceKey(r.type, r.id), r);
  return current;
}

export interface ManifestInput extends RunResult {
  /** Every resource the snapshot holds after promotion, carry-over and removal, by `type/id`. */
  readonly current: ReadonlyMap<string, ManifestResource>;
  /** Types listed completely this run (their removals are recorded). */
  readonly listedCompletely: ReadonlySet<string>;
}

export function buildManifest(input: ManifestInput): Manifest {
  const { run } = input;
  const resources = [...input.current.values()].sort(byKeys((r) => [r.type, r.id]));
  const plan = importPlan(resources, input.current);
  const unresolvedReferences = unresolvedReferencesOf(input, resources);
  const skipped = skippedTypes(run);
  const errors = runErrors(input);
  const complete =
    skipped.length === 0 &&
    errors.length === 0 &&
    (run.notFound ?? []).length === 0 &&
    // A reference is unresolved by the run only when its type was skipped or failed; a resource not found
    // in the org, or of a type cx-export does not export, is a fact about the org, reported as such.
    !unresolvedReferences.some((u) => notExportedThisRun(run.types[resourceTypeOf(u.to)]));
  return {
    schemaVersion: 1,
    organizationId: run.organization.id,
    organizationName: run.organization.name,
    options: run.options,
    complete,
    types: typeSummaries(input, resources),
    resources,
    importOrder: [...plan.order],
    cycles: plan.cycles,
    skipped,
    errors: errors.sort(byKeys((e) => [e.type, e.id ?? '', e.message])),
    unresolvedReferences,
    notFound: run.notFound ?? [],
    removalsNotRecorded: removalsNotRecorded(input, resources),
  };
}

const notExportedThisRun = (s: TypeStatus | undefined) => s?.outcome === 'skipped' || s?.outcome === 'failed';

/** Import order over the references between resources the snapshot holds. */
function importPlan(resources: readonly ManifestResource[], current: ReadonlyMap<string, ManifestResource>) {
  const rank = new Map<string, number>(CATALOG.map((t) => [t.name, t.rank]));
  return planImport(
    resources.map((r) => ({
      key: resourceKey(r.type, r.id),
      rank: rank.get(r.type) ?? 99,
      name: r.name,
      dependsOn: r.dependsOn.filter((d) => current.has(d)),
    })),
  );
}

type Unresolved = Manifest['unresolvedReferences'][number];

/**
 * References of this run's resources to resources the snapshot does not hold, and references to types
 * cx-export does not export, each with why. Carried-over resources are not reported: this run did not
 * read them.
 */
export function unresolvedReferencesOf(
  { run, partials, current }: ManifestInput,
  resources: readonly ManifestResource[],
): Unresolved[] {
  const filteredOut = new Set(partials.flatMap((p) => p.filteredOut ?? []));
  const out: Unresolved[] = [];
  for (const r of resources) {
    if (r.carriedOver) continue;
    for (const d of r.dependsOn) {
      if (current.has(d)) continue;
      out.push({ from: resourceKey(r.type, r.id), to: d, reason: unresolvedReason(run, filteredOut, d) });
    }
    for (const x of r.externalReferences ?? [])
      out.push({
        from: resourceKey(r.type, r.id),
        to: x,
        reason: `type ${resourceTypeOf(x)} is not exported by cx-export`,
      });
  }
  return out;
}

function unresolvedReason(run: RunRecord, filteredOut: ReadonlySet<string>, key: string): string {
  const type = resourceTypeOf(key);
  const s = run.types[type];
  if (s?.outcome === 'skipped') return `type ${type} skipped: ${s.reason}`;
  if (s?.outcome === 'failed') return `type ${type} failed`;
  if (filteredOut.has(key)) return 'left out by a name filter (--include/--exclude)';
  if (run.options.followReferences === false) return 'not followed (--followReferences=false)';
  return 'not found in the organization';
}

function skippedTypes(run: RunRecord): Manifest['skipped'] {
  return Object.values(run.types)
    .filter((s) => s.outcome === 'skipped')
    .map((s) => ({
      type: s.type,
      reason: s.reason ?? 'skipped',
      ...(s.permissions ? { permissions: s.permissions } : {}),
    }));
}

/** The batches' issues, and one per type the plan found failed or partial. */
function runErrors({ run, partials }: RunResult): ExportIssue[] {
  const errors = partials.flatMap((p) => p.errors);
  for (const s of Object.values(run.types))
    if (s.outcome === 'failed' || s.outcome === 'partial')
      errors.push({ type: s.type, message: s.reason ?? s.outcome });
  return errors;
}

/** Catalog types of the run or of the snapshot's resources, sorted. */
function manifestTypes(run: RunRecord, resources: readonly ManifestResource[]): string[] {
  const names = new Set([...Object.keys(run.types), ...resources.map((r) => r.type)]);
  return [...names].sort().filter((type) => typeByName(type));
}

function typeSummaries(input: ManifestInput, resources: readonly ManifestResource[]): Manifest['types'] {
  const { run, partials } = input;
  const types: Manifest['types'] = {};
  for (const type of manifestTypes(run, resources)) {
    types[type] = {
      outcome: typeOutcome(input, type),
      count: resources.filter((r) => r.type === type).length,
      byReference: partials
        .filter((p) => p.type === type && (p.round ?? 0) > 0)
        .reduce((n, p) => n + p.resources.length, 0),
      changedDuringListing: run.types[type]?.changedDuringListing ?? false,
      listedCompletely: input.listedCompletely.has(type),
    };
  }
  return types;
}

function removalsNotRecorded(
  input: ManifestInput,
  resources: readonly ManifestResource[],
): Manifest['removalsNotRecorded'] {
  return manifestTypes(input.run, resources)
    .filter((type) => !input.listedCompletely.has(type))
    .map((type) => ({ type, reason: notListedReason(input.run.types[type]) }));
}

function notListedReason(s: TypeStatus | undefined): string {
  if (!s) return 'not listed this run';
  if (s.outcome === 'skipped' || s.outcome === 'failed') return `type ${s.outcome}: ${s.reason ?? ''}`.trim();
  if (s.reason) return s.reason;
  return 'read by ID (--resourceIds), not listed';
}
