/**
 * Several organizations in one deployment: which organization a step works for (carried in the state as
 * `organizationId`), and where its files live in the shared bucket. A stack deployed from the single-org
 * context keeps the bucket's root (`latest/`, `runs/`), so an upgrade finds its earlier runs; a stack
 * deployed from an `organizations` list gives each organization its own prefix, `orgs/<organizationId>/`,
 * holding its snapshot, staging, run lock and run archive. Imported by `lib/`: no aws-cdk-lib here.
 */
import type { GitEnvironment } from './environment.ts';

/** The folder of one organization's files in a bucket shared by several. */
export const ORGANIZATIONS_PREFIX = 'orgs';

/** `orgs/<organizationId>`: the prefix (without a trailing slash) of an organization's snapshot and runs. */
export const organizationPrefix = (organizationId: string): string =>
  `${ORGANIZATIONS_PREFIX}/${organizationId}`;

/**
 * Where an organization's stores are in the bucket: its snapshot (with its staging and run lock) and its
 * run archive. `undefined`: the single-org stack, at the bucket's root.
 */
export function organizationStores(organizationId: string | undefined): {
  snapshot: string;
  archive: string;
} {
  const folder = organizationId === undefined ? '' : `${organizationPrefix(organizationId)}/`;
  return { snapshot: `${folder}latest`, archive: folder.replace(/\/$/, '') };
}

/** An organization ID that is safe as a key prefix and a CloudWatch dimension value. */
export const ORGANIZATION_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** One organization of a several-organization stack, as its Lambdas see it (only what each needs). */
export interface OrganizationEnvironment {
  readonly organizationId: string;
  /** Plan and ExportBatch: the secret holding its OAuth client. */
  readonly genesysSecretArn?: string;
  /** Publish: its Git target. */
  readonly git?: GitEnvironment;
}

/** The organization a step's input belongs to, wherever the state machine put it. */
export function organizationOf(event: unknown): string | undefined {
  const o = (event ?? {}) as {
    organizationId?: unknown;
    options?: { organizationId?: unknown };
    input?: unknown;
  };
  if (typeof o.organizationId === 'string') return o.organizationId;
  if (typeof o.options?.organizationId === 'string') return o.options.organizationId;
  return o.input !== undefined && o.input !== event ? organizationOf(o.input) : undefined;
}
