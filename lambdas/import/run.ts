/**
 * `import run` without its command line: checks the target org, reads the snapshot, the ID map and the
 * target's resources, plans, and with `apply` carries the plan out and records the ID map.
 */

import { mapLimit } from '../engine/concurrency.ts';
import { OrganizationMismatchError } from '../engine/errors.ts';
import type { GenesysClient } from '../engine/genesys/client.ts';
import { type AppliedResource, applyPlan } from './apply.ts';
import { buildPlan, type ImportPlan, selectedTypes, typesToRead } from './plan.ts';
import { planPrune } from './prune.ts';
import type { SecretValues } from './secrets-file.ts';
import { readIdMap, type Snapshot, writeIdMap } from './snapshot.ts';
import { readTargetType, type TargetState } from './target.ts';

export interface ImportOptions {
  readonly organizationId: string;
  readonly resourceTypes: readonly string[];
  readonly ignoreMissingResources: boolean;
  readonly apply: boolean;
  /** Source IDs to import (`--resourceIds`); empty: all of the selected types. */
  readonly resourceIds?: readonly string[];
  /** Plan (and with `apply` carry out) the deletion of the selected types' resources absent from the snapshot. */
  readonly prune?: boolean;
  readonly secrets?: SecretValues;
  /** Target types listed at once. */
  readonly concurrency?: number;
  /** Ctrl-C: the apply stops between resources. */
  readonly signal?: AbortSignal;
  /** Called with the plan before anything is changed (with `prune`, the deletions are shown first). */
  readonly onPlan?: (plan: ImportPlan) => void;
}

export interface ImportResult {
  readonly plan: ImportPlan;
  /** With `apply`: what happened to each resource of the plan. */
  readonly applied?: AppliedResource[];
  /** Where the ID map was written (with `apply`). */
  readonly idMapPath?: string;
}

export async function runImport(
  client: GenesysClient,
  snapshot: Snapshot,
  options: ImportOptions,
  onResource?: (r: AppliedResource) => void,
): Promise<ImportResult> {
  const org = await client.get<{ id: string; name: string }>('/api/v2/organizations/me');
  if (org.id !== options.organizationId)
    throw new OrganizationMismatchError(
      `--organizationId ${options.organizationId} does not match the organization of these credentials (${org.name}, ${org.id}); nothing was changed`,
    );
  const selected = selectedTypes(snapshot, options.resourceTypes);
  const target: TargetState = new Map();
  const types = typesToRead(snapshot, selected);
  const listed = await mapLimit(types, options.concurrency ?? 1, (type) =>
    readTargetType(client, type, selected.has(type)),
  );
  types.forEach((type, i) => {
    target.set(type, listed[i] ?? []);
  });
  const idMap = readIdMap(snapshot.dir, org.id);
  const { plan, matcher } = buildPlan(snapshot, target, idMap, {
    targetOrganization: { id: org.id, name: org.name },
    resourceTypes: options.resourceTypes,
    ignoreMissingResources: options.ignoreMissingResources,
    resourceIds: options.resourceIds,
    secrets: options.secrets,
  });
  if (options.prune) {
    const { deletes, skipped } = planPrune(snapshot, matcher, selected);
    plan.resources.push(...deletes);
    plan.pruneSkipped = skipped;
  }
  options.onPlan?.(plan);
  if (!options.apply) return { plan };
  let applied: AppliedResource[] | undefined;
  let idMapPath: string | undefined;
  try {
    applied = await applyPlan(plan, {
      client,
      snapshot,
      target,
      matcher,
      idMap,
      ignoreMissingResources: options.ignoreMissingResources,
      secrets: options.secrets,
      signal: options.signal,
      onResource,
    });
  } finally {
    // Whatever was created is recorded, even when the run stops half-way: a rerun picks up from there.
    if (snapshot.manifest.organizationId !== org.id)
      idMapPath = writeIdMap(snapshot.dir, snapshot.manifest.organizationId, org.id, idMap);
  }
  return { plan, applied, idMapPath };
}
