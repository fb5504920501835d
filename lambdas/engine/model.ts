/**
 * The data passed between the workflow's steps (plan, export batch, resolve, finalize) and written to the
 * store. Step inputs and outputs are small descriptors and keys, never resource bodies or secrets.
 */
import type { ChangeTracking, PlannedTracking } from './incremental.ts';
import type { OutputFormat } from './normalize.ts';

// For lib/archive-bucket.ts and test/faults/interrupt.test.ts until they import from keys.ts, their home.
export { MANIFEST_KEY, STAGING_PREFIX } from './keys.ts';

export interface ExportOptions {
  readonly organizationId: string;
  /** Canonical type names; empty means every type the catalog knows. */
  readonly resourceTypes: readonly string[];
  readonly resourceIds: readonly string[];
  readonly includeAllResources: boolean;
  /** Follow references into other types (default); false exports only the selected types. */
  readonly followReferences: boolean;
  /** Keep only resources of the filter's type whose name matches (any filter of that type). */
  readonly include: readonly NameFilter[];
  /** Leave out resources of the filter's type whose name matches. */
  readonly exclude: readonly NameFilter[];
  readonly format: OutputFormat;
}

/** `<type>::<regular expression on the name>`, as the Terraform exporter's include/exclude filters. */
export interface NameFilter {
  readonly type: string;
  readonly pattern: string;
}

export type TypeOutcome = 'complete' | 'partial' | 'skipped' | 'failed';

export interface TypeStatus {
  readonly type: string;
  outcome: TypeOutcome;
  /** True when every resource of the type was listed, so a file of a resource not seen can be removed. */
  listedCompletely: boolean;
  /** The listing included inactive and deleted resources too. */
  listingCoversAll: boolean;
  listed: number;
  selected: number;
  pages: number;
  changedDuringListing: boolean;
  reason?: string;
  permissions?: string[];
}

export interface RunRecord {
  readonly schemaVersion: 1;
  readonly runId: string;
  readonly startedAt: string;
  readonly options: ExportOptions;
  readonly organization: { readonly id: string; readonly name: string };
  readonly types: Record<string, TypeStatus>;
  /** `--resourceIds` that no type of this run has. */
  readonly notFound?: string[];
  /** Full or incremental, each type's method (see incremental.ts). */
  readonly changeTracking?: PlannedTracking;
}

/**
 * Where a batch finds its resources, always by reference (state stays small): a staged list of listed
 * entities, or a staged list of IDs to read.
 */
export interface BatchSource {
  readonly kind: 'listing' | 'ids';
  readonly key: string;
}

export interface BatchDescriptor {
  readonly runId: string;
  readonly batchId: string;
  readonly type: string;
  readonly source: BatchSource;
  /** 0 for what the plan selected; later rounds bring in what those resources reference. */
  readonly round?: number;
  /** The batch's share of the OAuth client's request budget (the workflow sets it; see rate-budget.ts). */
  readonly requestsPerMinute?: number;
}

export interface ManifestResource {
  readonly type: string;
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly definitionPath?: string;
  /** `type/id` keys of the catalog resources this one references. */
  readonly dependsOn: readonly string[];
  /** `TYPE/id` of referenced objects of types cx-export does not export (reported, never dropped). */
  readonly externalReferences?: readonly string[];
  /** Kept from an earlier run because its type was not fully exported this time. */
  readonly carriedOver?: boolean;
}

export interface ExportIssue {
  readonly type: string;
  readonly id?: string;
  readonly message: string;
}

export interface PartialManifest {
  readonly batchId: string;
  readonly type: string;
  readonly round?: number;
  /** `type/id` of resources a name filter left out. */
  readonly filteredOut?: string[];
  readonly resources: ManifestResource[];
  readonly errors: ExportIssue[];
  readonly failed: boolean;
  /** Fingerprints (by ID) of the resources exported whole, for the next incremental run. */
  readonly fingerprints?: Record<string, string>;
  /** Resources kept from the earlier snapshot without reading their per-resource parts. */
  readonly reused?: number;
}

export interface BatchResult {
  readonly batchId: string;
  readonly type: string;
  readonly exported: number;
  readonly errors: number;
  readonly failed: boolean;
}

export interface Manifest {
  readonly schemaVersion: 1;
  readonly organizationId: string;
  readonly organizationName: string;
  readonly options: ExportOptions;
  readonly complete: boolean;
  readonly types: Record<
    string,
    {
      outcome: TypeOutcome;
      count: number;
      /** How many of `count` are here only because something selected references them. */
      byReference: number;
      changedDuringListing: boolean;
      listedCompletely: boolean;
    }
  >;
  readonly resources: ManifestResource[];
  readonly importOrder: string[];
  readonly cycles: ReadonlyArray<{
    members: readonly string[];
    brokenEdges: ReadonlyArray<{ from: string; to: string }>;
  }>;
  readonly skipped: ReadonlyArray<{ type: string; reason: string; permissions?: string[] }>;
  readonly errors: ExportIssue[];
  readonly unresolvedReferences: ReadonlyArray<{ from: string; to: string; reason: string }>;
  /** `--resourceIds` that no type of this run has. */
  readonly notFound: readonly string[];
  /** Types whose deletions this run could not record (not listed completely), and why. */
  readonly removalsNotRecorded: ReadonlyArray<{ type: string; reason: string }>;
}

/** Which run wrote the snapshot (at `RUN_STAMP_KEY`, outside the manifest). */
export interface RunStamp {
  readonly schemaVersion: 1;
  readonly runId: string;
  readonly exportTime: string;
  readonly complete: boolean;
  /** Full or incremental, from which run, each type's method, and the fingerprints the next run compares. */
  readonly changeTracking?: ChangeTracking;
}
