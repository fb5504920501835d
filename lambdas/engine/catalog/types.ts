/** The shape of a catalog entry: everything the engine needs to know to export one resource type. */
import type { NotExportedTypeName, TypeName } from './names.ts';

export type { NotExportedTypeName, TypeName } from './names.ts';

export type Entity = Record<string, unknown> & { id?: string; name?: string };

/**
 * A reference from a resource to another: a path (`a.b[].c`) selecting IDs or `{id}` objects. A type
 * that is not in the catalog (an integration, a skill group) is still reported, by that name, as a
 * reference the snapshot cannot resolve.
 */
export interface ReferenceRule {
  readonly path: string;
  /**
   * The referenced type, or a function of the selected object (e.g. a dependency's `type`), which may
   * return any name: one that is not a catalog type is reported as an unresolved reference.
   */
  readonly type: TypeName | NotExportedTypeName | ((selected: Entity) => string | undefined);
  /**
   * The IDs a selected object holds where they are not its `id` (a call analysis reaction's `data` when it
   * transfers to a flow, a wrap-up condition's `codes`); none where it holds no reference of `type`.
   */
  readonly ids?: (selected: Entity) => readonly unknown[];
}

export type Query = Readonly<Record<string, string | readonly string[]>>;

/** A Platform API permission, `domain:entity:action` (e.g. `routing:queue:view`). */
export type Permission = `${string}:${string}:${string}`;

/** Data a list does not carry, read per resource from its own endpoint (paged). */
export interface SubResource {
  /** Field of the exported resource that receives the list. */
  readonly field: string;
  /** Path and query of the first page; undefined when the resource has none to read. */
  readonly path: (e: Entity) => string | undefined;
  readonly permissions: readonly string[];
  /** Keeps what configuration needs of each item. */
  readonly map: (item: Entity) => Entity;
  /**
   * Each item is a resource of `type` (its `id`) whose `fields` are copies of that resource's as listed
   * (a queue member's `name` is its user's): an incremental run refreshes those fields from this run's
   * listing of `type` instead of reading the sub-resource again when only the item's resource changed.
   */
  readonly copies?: { readonly type: string; readonly fields: readonly string[] };
}

/**
 * How an incremental run finds out that a resource's per-resource parts (details, sub-resources, flow
 * definitions, export files) changed, for types that read any (see ../incremental.ts):
 * - `stamp`: the listing shows every change to them, through the listed body and the stamp `fields`
 *   (kept in the comparison even where they are volatile in the output): unchanged in the listing means
 *   unchanged, and the earlier file is kept without reading those parts again (with
 *   `subResourcesEveryRun`, only its detail is kept: the sub-resources are read again);
 * - `audit`: the listing shows changes to the resource's own fields, the audit log (`/api/v2/audits/query`,
 *   `service` and `entityTypes` as the service mapping names them) the rest (members, sub-resources): a
 *   resource unchanged in the listing and not named by the audit since the base snapshot keeps its file;
 * - `full`: some part changes without the listing showing it (`unseen` says which): read every run.
 * A type without per-resource reads needs no declaration: its listing is its content.
 */
export type ChangeDetection =
  | {
      readonly method: 'stamp';
      readonly fields: readonly string[];
      readonly unseen?: string;
      /**
       * The stamp covers the listed body and the detail only: an unchanged resource keeps its earlier
       * file's detail, and its sub-resources are read again every run.
       */
      readonly subResourcesEveryRun?: true;
    }
  | {
      readonly method: 'audit';
      readonly service: string;
      readonly entityTypes: readonly string[];
      readonly unseen: string;
    }
  | { readonly method: 'full'; readonly unseen: string };

export interface ResourceTypeDefinition {
  /** The export guide's name, e.g. `routing:queue`. */
  readonly name: string;
  readonly aliases: readonly string[];
  /** Output folder, e.g. `routing/queue`: the name with `/` for `:`. */
  readonly folder: string;
  /** Rank in the import order when nothing else decides (lower first). */
  readonly rank: number;
  readonly list: {
    readonly path: string;
    /** `none`: one GET answers `entities` (and at most `total`), without page parameters. */
    readonly paging: 'pageNumber' | 'cursor' | 'none';
    /** The largest page size the endpoint accepts (unused with `paging: 'none'`). */
    readonly pageSize: number;
    readonly query?: Query;
    /**
     * List once per query and merge, on every run (presence definitions: active and deactivated ones, as
     * the API lists only one kind at a time). The listing then covers every resource.
     */
    readonly passes?: readonly Query[];
    /**
     * An org-wide object without an ID (routing utilization, routing settings): `path` is read with one
     * GET and exported as one resource of this `id` (its file `<folder>/<id>.json`), with each of `merge`
     * read into its `field`. A 404 of `path` means the org has none (a complete listing of zero: an
     * earlier file is removed); any other failure, a merged part's 404 included, fails the type, so that
     * the earlier file is kept.
     */
    /**
     * Listed per resource of another type (email routes per domain, responses per library): the parent
     * type's whole listing, then `firstPage(parent)` (path, query and page size) of each parent, merged by
     * ID (a response in several libraries comes once). `field` receives the parent's `{id}` where the
     * resource does not name it. A parent gone meanwhile (404) is skipped. Known IDs are read the same way.
     */
    readonly parent?: {
      readonly type: TypeName;
      readonly firstPage: (parent: Entity) => string;
      readonly field?: string;
      /**
       * The same resource under several parents is one file holding what each parent says of it (role
       * grants: one file per subject, listing each role it holds): `base` is the resource without the
       * per-parent part, `item` that part, collected into `field` in a stable order.
       */
      readonly collect?: {
        readonly field: string;
        readonly base: (e: Entity) => Entity;
        readonly item: (parent: Entity, e: Entity) => Entity;
      };
    };
    readonly singleton?: {
      readonly id: string;
      readonly merge?: readonly { readonly field: string; readonly path: string }[];
    };
    /** Added with --includeAllResources=true (e.g. deleted flows). */
    readonly includeAllQuery?: Query;
    /**
     * With --includeAllResources=true, list once per query and merge (users: one listing per state,
     * since one listing of inactive users stops at 10,000).
     */
    readonly includeAllPasses?: readonly Query[];
    /**
     * The most results one listing returns (past it the API answers 400); the rest is listed in reverse
     * order with `reverseQuery`, and whatever is still out of reach is named in an error.
     */
    readonly maxResults?: number;
    readonly reverseQuery?: Query;
    /**
     * Known IDs are found by listing the type, never read one by one: the single GET does not exist
     * (Messenger configurations) or answers more than configuration (a credential's values).
     */
    readonly findByListing?: boolean;
    /** Whether the endpoint takes a repeated `id=` filter; otherwise IDs are read one by one. */
    readonly idFilter: boolean;
    /** Where the `id=` filter lives when it is not the list path (flows: `/api/v2/flows/lookup`). */
    readonly byIdPath?: string;
    /** Added when reading known IDs (so an inactive user referenced as a manager is found). */
    readonly byIdQuery?: Query;
    /** Resources the platform generates (edge trunk base settings): never exported. */
    readonly exclude?: (e: Entity) => boolean;
  };
  /**
   * Read what the listing cannot give for many resources at once (evaluation forms: the latest published
   * version of up to `perRequest` forms, matched by `key`, e.g. the form's context ID); the answer is a
   * JSON array. Resources without a key, or absent from the answer, are exported as listed.
   */
  readonly bulkDetail?: {
    readonly path: (keys: readonly string[]) => string;
    readonly perRequest: number;
    readonly key: (e: Entity) => string | undefined;
    /** Where the matched body goes in the resource. */
    readonly field: string;
    readonly permissions: readonly string[];
  };
  /** Read each resource by ID for what the listing cannot give (a data action's config and contract). */
  readonly detail?: {
    readonly path: (e: Entity) => string;
    readonly permissions: readonly string[];
    /** Where the body goes (an integration's current configuration); the whole resource when absent. */
    readonly field?: string;
  };
  readonly permissions: readonly string[];
  /** Active, non-system resources; the rest is exported only when referenced or with includeAll. */
  readonly isActive?: (e: Entity) => boolean;
  readonly subResources?: readonly SubResource[];
  readonly references: readonly ReferenceRule[];
  /** Runtime state that changes without any configuration change; removed from the output. */
  readonly volatile?: readonly string[];
  /**
   * Keys whose lists keep the API's order (at any depth): lists of `{id}` objects are otherwise sorted by
   * ID, as their order carries no meaning.
   */
  readonly ordered?: readonly string[];
  /** Fields that can hold credentials; redacted in the output. */
  readonly secrets?: readonly string[];
  /** How an incremental run detects changes to the per-resource parts; required where there are any. */
  readonly changes?: ChangeDetection;
  /** Flows: also export the definition (YAML) through flow export jobs. */
  readonly flowDefinition?: boolean;
  /**
   * Scripts: also export the platform's export file (`POST <path>` answers a signed URL), written next to
   * the resource as `<id>.definition.json`, as flows' definitions are.
   */
  readonly exportFile?: {
    readonly path: (e: Entity) => string;
    readonly body: (e: Entity) => Entity;
    readonly permissions: readonly string[];
  };
}

/**
 * A catalog entry as an area module declares it: the compiler checks its name against `TYPE_NAMES` and the
 * shape of its folder and permissions. The engine reads entries as plain `ResourceTypeDefinition`s.
 */
export interface CatalogEntry extends ResourceTypeDefinition {
  readonly name: TypeName;
  readonly folder: `${string}/${string}`;
  readonly permissions: readonly Permission[];
}
