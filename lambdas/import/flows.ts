/**
 * Flows are imported as Terraform's `genesyscloud_flow` does it: an Architect import job per flow
 * (`POST /api/v2/flows/jobs` answers a signed URL, the flow's YAML is `PUT` there, the job is polled with
 * `GET /api/v2/flows/jobs/{jobId}?expand=messages` until Success or Failure); the job publishes the flow,
 * creating it or a new version of the flow of that name and type. The YAML names what it references, so it
 * needs no ID rewriting; what the flow consumes (`consumedResources`) is what orders, blocks and defers it.
 * A reference to a flow created later in the run (a cycle) is taken out of the YAML for the first import
 * (the innermost list element holding it, e.g. a menu choice), and the whole YAML is imported again once
 * everything exists.
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { requireType } from '../engine/catalog/index.ts';
import type { Entity } from '../engine/catalog/types.ts';
import type { GenesysClient } from '../engine/genesys/client.ts';
import type { ApplyContext } from './apply.ts';
import type { ImportableType } from './importable.ts';
import type { PlannedResource } from './plan.ts';
import { rewriteReferences, type SourceReference } from './rewrite.ts';

/** The field of a flow's snapshot form (and of the target's) that holds its YAML definition. */
export const DEFINITION = 'definition';

/** Virtual ms an import job may take before the flow is recorded as failed. */
const JOB_TIMEOUT_MS = 16 * 60_000;

interface JobState {
  readonly id?: string;
  readonly status?: string;
  readonly flow?: { readonly id?: string };
  readonly messages?: ReadonlyArray<{ readonly text?: string }>;
}

/** Runs one import job for the YAML; the ID of the flow it published. */
export async function importFlowYaml(client: GenesysClient, yaml: string): Promise<string> {
  const job = await client.post<{ id?: string; presignedUrl?: string; headers?: Record<string, string> }>(
    '/api/v2/flows/jobs',
    {},
  );
  if (!job.id || !job.presignedUrl)
    throw new Error('the Architect import job was not registered (no job ID or upload URL)');
  await client.upload(job.presignedUrl, job.headers ?? {}, yaml);
  const clock = client.clock;
  const started = clock.now();
  let wait = 1_000;
  for (;;) {
    await clock.sleep(wait);
    const state = await client.get<JobState>(
      `/api/v2/flows/jobs/${encodeURIComponent(job.id)}?expand=messages`,
    );
    if (state.status === 'Success') {
      if (!state.flow?.id)
        throw new Error(`Architect import job ${job.id} succeeded without naming its flow`);
      return state.flow.id;
    }
    if (state.status === 'Failure') {
      const why =
        (state.messages ?? [])
          .map((m) => m.text)
          .filter(Boolean)
          .join('; ') || 'no reason given';
      throw new Error(`Architect import job ${job.id} failed: ${why}`);
    }
    if (clock.now() - started > JOB_TIMEOUT_MS)
      throw new Error(`Architect import job ${job.id} did not finish within ${JOB_TIMEOUT_MS / 60_000} min`);
    wait = Math.min(wait * 2, 15_000);
  }
}

const mentions = (node: unknown, names: ReadonlySet<string>): boolean => {
  if (typeof node === 'string') return names.has(node) || names.has(node.slice(node.indexOf(':') + 1));
  if (Array.isArray(node)) return node.some((x) => mentions(x, names));
  if (node && typeof node === 'object') return Object.values(node).some((x) => mentions(x, names));
  return false;
};

/** Drops, from every list, the innermost elements that mention one of the names (a value `<name>` or `<TYPE>:<name>`). */
function dropMentions(node: unknown, names: ReadonlySet<string>): unknown {
  if (Array.isArray(node))
    return node
      .filter((x) => !mentions(x, names) || holdsListMentioning(x, names))
      .map((x) => dropMentions(x, names));
  if (node && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, dropMentions(v, names)]));
  return node;
}

function holdsListMentioning(node: unknown, names: ReadonlySet<string>): boolean {
  if (Array.isArray(node)) return mentions(node, names);
  if (node && typeof node === 'object') return Object.values(node).some((x) => holdsListMentioning(x, names));
  return false;
}

/** The YAML without what references the named resources (the flow's own name is kept). */
export function yamlWithout(yaml: string, refs: readonly SourceReference[]): string {
  const names = new Set(refs.map((r) => r.name).filter((n): n is string => !!n));
  if (!names.size) return yaml;
  const doc = parseYaml(yaml) as Record<string, Entity>;
  const out = Object.fromEntries(
    Object.entries(doc).map(([key, body]) => {
      const { name, ...rest } = body ?? {};
      return [key, { name, ...(dropMentions(rest, names) as Entity) }];
    }),
  );
  return stringifyYaml(out);
}

/** Imports the flow's YAML (without what is not there yet); whether some reference was left for later. */
async function writeFlow(
  r: PlannedResource,
  ctx: ApplyContext,
): Promise<{ readonly id: string; readonly pending: boolean }> {
  const source = ctx.snapshot.resources.get(r.key)?.body as Entity;
  const yaml = source[DEFINITION];
  if (typeof yaml !== 'string') throw new Error('the snapshot holds no definition (YAML) for this flow');
  const { dropped } = rewriteReferences(requireType(r.type), source, (ref) => ctx.matcher.resolve(ref));
  const missing = dropped.filter((d) => d.why === 'missing');
  if (missing.length && !ctx.ignoreMissingResources)
    throw new Error(
      `references what the target org does not have: ${missing.map((d) => `${d.type}/${d.id}`).join(', ')}`,
    );
  const id = await importFlowYaml(ctx.client, yamlWithout(yaml, dropped));
  if (r.targetId !== undefined && id !== r.targetId)
    throw new Error(`the import job published flow ${id}, not ${r.targetId}`);
  return { id, pending: dropped.some((d) => d.why === 'pending') };
}

/** Set by the platform (versions, state, what the flow consumes) or held by the YAML: never compared. */
const FLOW_READ_ONLY = [
  'active',
  'system',
  'deleted',
  'publishedVersion',
  'checkedInVersion',
  'savedVersion',
  'debugVersion',
  'publishedBy',
  'consumedResources',
  'inputSchema',
  'outputSchema',
  'supportedLanguages',
  'compatibleFlowTypes',
  'nluInfo',
];

export const flow: ImportableType = {
  type: 'routing:flow',
  create: { path: '/api/v2/flows/jobs', body: () => ({}) },
  update: { method: 'PUT', path: () => '/api/v2/flows/jobs', body: () => ({}) },
  readOnly: FLOW_READ_ONLY,
  writer: { write: writeFlow },
  // Architect names flows uniquely within a type; a system flow is the target's flow of that type.
  naturalKey: (e) =>
    e.system === true
      ? `\u0000system:${String(e.type)}`
      : `${String(e.type ?? '').toUpperCase()}:${String(e.name ?? '').toLowerCase()}`,
  refuse: (desired, current) => {
    if (desired.system === true)
      return `a system flow (the platform's own ${String(desired.type)} flow): import neither creates nor changes it${current ? '' : ', and the target org has none'}`;
    if (current && current.name !== desired.name)
      return `renamed from '${String(current.name)}': an Architect import job publishes the flow of the YAML's name, so rename the target's flow first`;
    return undefined;
  },
};
