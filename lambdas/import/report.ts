/**
 * What `import run` prints and writes: per type how many resources are created, updated, unchanged,
 * blocked (and failed, after an apply), then each change and each blocked resource with its reason, the
 * references dropped, and the snapshot's types that import does not cover yet. The JSON form is the
 * same content, sorted, without times: the same plan is the same bytes.
 */
import { join } from 'node:path';
import type { AppliedResource } from './apply.ts';
import type { ImportPlan, PlannedResource } from './plan.ts';

const PLAN_COLUMNS = ['create', 'update', 'unchanged', 'blocked'] as const;
const APPLY_COLUMNS = ['created', 'updated', 'unchanged', 'blocked', 'failed'] as const;

export const planFilePath = (dir: string, targetOrgId: string, applied: boolean): string =>
  join(dir, '.genesys', 'import', `${targetOrgId}.${applied ? 'report' : 'plan'}.json`);

/** The plan or, after an apply, its outcome. */
export function reportText(plan: ImportPlan, applied?: readonly AppliedResource[]): string {
  const rows: readonly (PlannedResource & { outcome?: string; error?: string })[] = applied ?? plan.resources;
  const pruning = plan.pruneSkipped !== undefined;
  const columns: readonly string[] = [
    ...(applied ? APPLY_COLUMNS : PLAN_COLUMNS),
    ...(pruning ? [applied ? 'deleted' : 'delete'] : []),
    ...(applied?.some((r) => r.outcome === 'interrupted') ? ['interrupted'] : []),
  ];
  const state = (r: (typeof rows)[number]) => (applied ? String(r.outcome) : r.action);
  const types = [...new Set(rows.map((r) => r.type))];
  const lines = [
    `${applied ? 'Import applied' : 'Import plan'}: ${plan.sourceOrganization.name} (${plan.sourceOrganization.id}) -> ${plan.targetOrganization.name} (${plan.targetOrganization.id})${applied ? '' : '; nothing was changed (--apply carries it out)'}`,
    `  ${'type'.padEnd(28)}${columns.map((c) => c.padStart(10)).join('')}`,
    ...types.map(
      (t) =>
        `  ${t.padEnd(28)}${columns.map((c) => String(rows.filter((r) => r.type === t && state(r) === c).length).padStart(10)).join('')}`,
    ),
  ];
  for (const r of rows) {
    const s = state(r);
    const what = `${r.type}/${r.sourceId} (${r.name})`;
    const secrets = r.secrets?.length ? `; with --secretsFile values for ${r.secrets.join(', ')}` : '';
    if (s === 'create' || s === 'created')
      lines.push(
        `${s}: ${what}${r.deferred?.length ? `; then updated to reference ${r.deferred.join(', ')}` : ''}${secrets}`,
      );
    else if (s === 'update' || s === 'updated')
      lines.push(`${s}: ${what} -> ${r.targetId}: ${(r.changes ?? []).join(', ')}${secrets}`);
    else if (s === 'delete' || s === 'deleted')
      lines.push(`${s} (--prune): ${r.type}/${r.targetId} (${r.name}): not in the snapshot`);
    else if (s === 'blocked') lines.push(`blocked: ${what}: ${r.reason}`);
    else if (s === 'failed')
      lines.push(
        `failed: ${r.action === 'delete' ? `delete ${r.type}/${r.targetId} (${r.name})` : what}: ${r.error}`,
      );
    else if (s === 'interrupted')
      lines.push(
        `interrupted: ${r.action === 'delete' ? `delete ${r.type}/${r.targetId} (${r.name})` : `${r.action} ${what}`}${r.error ? `: ${r.error}` : ': not started'}`,
      );
    for (const d of r.dropped ?? []) lines.push(`  dropped (--ignoreMissingResources): ${what}: ${d}`);
    for (const d of r.gone ?? []) lines.push(`  dropped (deleted in the source org): ${what}: ${d}`);
  }
  for (const p of plan.pruneSkipped ?? []) lines.push(`not pruned: ${p.type}: ${p.reason}`);
  if (plan.unusedSecrets?.length)
    lines.push(
      `--secretsFile values no redacted field of this import asked for: ${plan.unusedSecrets.join(', ')}`,
    );
  if (plan.exportOnly.length)
    lines.push(
      `Export-only (import does not cover these types yet): ${plan.exportOnly.map((e) => `${e.type} ${e.count}`).join(', ')}`,
    );
  return `${lines.join('\n')}\n`;
}

/** The plan (or outcome) as JSON. */
export function reportJson(plan: ImportPlan, applied?: readonly AppliedResource[]): string {
  return `${JSON.stringify({ ...plan, resources: applied ?? plan.resources }, null, 2)}\n`;
}
