/**
 * Evaluation forms for import, as Terraform's `genesyscloud_quality_forms_evaluation` writes them: the form
 * is created unpublished (`POST /api/v2/quality/forms/evaluations`: name and question groups), or its
 * unpublished version replaced (`PUT .../{formId}`), then published (`POST /api/v2/quality/publishedforms/
 * evaluations` with `{id, published: true}`), whose answer is the form's new unpublished version: the ID
 * the target lists from then on. What is imported is the snapshot's published version, the only one read
 * with its questions (the listing leaves them out): a form never published cannot be created, and an
 * unpublished draft's edits are not in a snapshot. Group, question and answer IDs are the platform's.
 */
import type { Entity } from '../engine/catalog/types.ts';
import { type ApplyContext, desired } from './apply.ts';
import type { Body, ImportableType } from './importable.ts';
import type { PlannedResource } from './plan.ts';

const FORMS = '/api/v2/quality/forms/evaluations';
const FORM_FIELDS = ['name', 'weightMode', 'evaluationSettings', 'aiScoring', 'dialect'];

/** A copy without the IDs the platform gives (groups, questions, answers; context IDs). */
function withoutIds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutIds);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'id' && k !== 'contextId')
        .map(([k, x]) => [k, withoutIds(x)]),
    );
  return v;
}

const ref = (v: unknown): Body | undefined =>
  v && typeof v === 'object' ? { id: (v as Entity).id } : undefined;

/** `EvaluationForm` of the published version. */
function formBody(form: Entity, published: Entity): Body {
  const body: Body = {};
  for (const k of FORM_FIELDS) if (published[k] !== undefined) body[k] = published[k];
  body.questionGroups = withoutIds(published.questionGroups ?? []);
  const division = ref(published.division ?? form.division);
  return division ? { ...body, division } : body;
}

async function writeForm(r: PlannedResource, ctx: ApplyContext): Promise<{ id: string; pending: boolean }> {
  const { body, pending } = desired(r, ctx);
  const published = body.publishedVersion as Entity;
  const send = formBody(body, published);
  let id = r.targetId;
  if (id === undefined) id = String((await ctx.client.post<Entity>(FORMS, send)).id);
  else await ctx.client.put(`${FORMS}/${encodeURIComponent(id)}`, send);
  const draft = await ctx.client.post<Entity>('/api/v2/quality/publishedforms/evaluations', {
    id,
    published: true,
  });
  return { id: String(draft.id), pending };
}

export const evaluationForm: ImportableType = {
  type: 'quality:evaluationform',
  create: { path: FORMS, body: (e) => e },
  update: { method: 'PUT', path: (id) => `${FORMS}/${encodeURIComponent(id)}`, body: (e) => e },
  readOnly: ['contextId', 'published'],
  writer: { write: writeForm },
  // The published version is what is imported; its IDs (and the draft's) are the platform's.
  comparable: (e) => ({
    name: e.name,
    division: e.division,
    publishedVersion: withoutIds(
      Object.fromEntries(
        Object.entries((e.publishedVersion ?? {}) as Entity).filter(([k]) => k !== 'published'),
      ),
    ),
  }),
  refuse: (e) =>
    e.publishedVersion
      ? undefined
      : 'a form never published: its questions are not in the snapshot (only published versions are read in full)',
};
