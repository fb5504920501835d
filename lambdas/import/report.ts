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
  const columns: readonly string[] = applied ? APPLY_COLUMNS : PLAN_COLUMNS;
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
    if (s === 'create' || s === 'created')
      lines.push(
        `${s}: ${what}${r.deferred?.length ? `; then updated to reference ${r.deferred.join(', ')}` : ''}`,
      );
    else if (s === 'update' || s === 'updated')
      lines.push(`${s}: ${what} -> ${r.targetId}: ${(r.changes ?? []).join(', ')}`);
    else if (s === 'blocked') lines.push(`blocked: ${what}: ${r.reason}`);
    else if (s === 'failed') lines.push(`failed: ${what}: ${r.error}`);
    for (const d of r.dropped ?? []) lines.push(`  dropped (--ignoreMissingResources): ${what}: ${d}`);
  }
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
