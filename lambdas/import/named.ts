/**
 * The simple named types import covers: flow outcomes and milestones (`ArchitectApi`: name, division,
 * description), utilization labels (`RoutingApi`: a name; the platform's own System Default Label is the
 * target's), and user prompts with their text-to-speech resources (`POST /api/v2/architect/prompts`, then
 * `POST .../resources` per language, `PUT .../resources/{languageCode}` when its text changed). A prompt's
 * recorded audio is not in a snapshot and is not imported: the resource keeps its text. Data tables
 * (`POST /api/v2/flows/datatables`, `PUT .../{datatableId}`: name, division, description, schema) are
 * imported without their rows, which can hold customer data and change through their own endpoints.
 */
import type { Entity } from '../engine/catalog/types.ts';
import { type ApplyContext, desired } from './apply.ts';
import type { Body, ImportableType } from './importable.ts';
import type { PlannedResource } from './plan.ts';

const q = encodeURIComponent;
const ref = (v: unknown): Body | undefined =>
  v && typeof v === 'object' ? { id: (v as Entity).id } : undefined;
const named = (e: Entity): Body => ({ name: e.name, description: e.description, division: ref(e.division) });

function namedType(type: string, base: string): ImportableType {
  return {
    type,
    create: { path: base, body: named },
    update: { method: 'PUT', path: (id) => `${base}/${q(id)}`, body: named },
    readOnly: [],
  };
}

export const flowOutcome = namedType('architect:flowoutcome', '/api/v2/flows/outcomes');
export const flowMilestone = namedType('architect:flowmilestone', '/api/v2/flows/milestones');

const SYSTEM_DEFAULT_LABEL = 'System Default Label';

export const utilizationLabel: ImportableType = {
  type: 'routing:utilizationlabel',
  create: { path: '/api/v2/routing/utilization/labels', body: (e) => ({ name: e.name }) },
  update: {
    method: 'PUT',
    path: (id) => `/api/v2/routing/utilization/labels/${q(id)}`,
    body: (e) => ({ name: e.name }),
  },
  readOnly: [],
  refuse: (e) =>
    e.name === SYSTEM_DEFAULT_LABEL
      ? `the platform's own ${SYSTEM_DEFAULT_LABEL}: import neither creates nor changes it`
      : undefined,
};

const list = (v: unknown): Entity[] => (Array.isArray(v) ? (v as Entity[]) : []);
const tts = (r: Entity): Body => ({ language: r.language, ttsString: r.ttsString, text: r.text });

async function writePrompt(r: PlannedResource, ctx: ApplyContext): Promise<{ id: string; pending: boolean }> {
  const { body, pending } = desired(r, ctx);
  const base = '/api/v2/architect/prompts';
  let id = r.targetId;
  let have: Entity[] = [];
  if (id === undefined) id = String((await ctx.client.post<Entity>(base, named(body))).id);
  else {
    have = list((ctx.target.get(r.type) ?? []).find((e) => e.id === id)?.resources);
    if ((r.changes ?? []).some((c) => c !== 'resources'))
      await ctx.client.put(`${base}/${q(id)}`, named(body));
  }
  for (const want of list(body.resources)) {
    const current = have.find((h) => h.language === want.language);
    if (!current) await ctx.client.post(`${base}/${q(id)}/resources`, tts(want));
    else if (JSON.stringify(tts(current)) !== JSON.stringify(tts(want)))
      await ctx.client.put(`${base}/${q(id)}/resources/${q(String(want.language))}`, tts(want));
  }
  return { id, pending };
}

export const userPrompt: ImportableType = {
  type: 'architect:userprompt',
  create: { path: '/api/v2/architect/prompts', body: named },
  update: { method: 'PUT', path: (id) => `/api/v2/architect/prompts/${q(id)}`, body: named },
  readOnly: [],
  writer: { write: writePrompt },
};

const dataTableBody = (e: Entity): Body => ({ ...named(e), schema: e.schema });

export const dataTable: ImportableType = {
  type: 'architect:datatable',
  create: { path: '/api/v2/flows/datatables', body: dataTableBody },
  update: { method: 'PUT', path: (id) => `/api/v2/flows/datatables/${q(id)}`, body: dataTableBody },
  readOnly: ['rows'],
};
