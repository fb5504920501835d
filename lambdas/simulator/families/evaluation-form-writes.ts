/**
 * Evaluation form writes, from the SDK (`QualityApi`) and Terraform's `genesyscloud_quality_forms_evaluation`:
 * `POST /api/v2/quality/forms/evaluations` creates an unpublished form (`EvaluationForm`: name and
 * questionGroups required; the platform gives every group, question and answer an ID and the form a
 * context ID), `PUT .../{formId}` replaces an unpublished form, and `POST /api/v2/quality/publishedforms/
 * evaluations` (`PublishForm`: id, published) publishes one: the form becomes the context's published
 * version under its ID, and the answer is a new unpublished copy, under a new ID, that the listing shows
 * from then on (Terraform sets the resource's ID to it: "newDraftEval"). `DELETE .../{formId}` removes the
 * form with its published versions.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { apiError } from '../errors.ts';
import type { Route, RouteContext } from '../route.ts';
import { type Body, existing, isResponse, missingField, newId, stamp, withBody } from '../writes.ts';
import type { Family } from './family.ts';

const FORMS = '/api/v2/quality/forms/evaluations';

/** A copy of the question groups with a new ID on every group, question and answer option. */
function withNewIds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withNewIds);
  if (v && typeof v === 'object') {
    const out: Body = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'id' && k !== 'contextId') out[k] = withNewIds(x);
    return { id: newId(), ...out };
  }
  return v;
}

const FORM_FIELDS = ['weightMode', 'evaluationSettings', 'aiScoring', 'dialect'] as const;

function formFields(body: Body): Partial<Models.EvaluationFormResponse> | ReturnType<Route['handle']> {
  const invalid = missingField(body, ['name', 'questionGroups']);
  if (invalid) return invalid;
  if (!Array.isArray(body.questionGroups))
    return apiError(400, 'bad.request', 'questionGroups must be a list of question groups.');
  const out: Partial<Models.EvaluationFormResponse> = {
    name: String(body.name),
    questionGroups: withNewIds(body.questionGroups) as Models.EvaluationQuestionGroup[],
  };
  for (const k of FORM_FIELDS)
    if (body[k] !== undefined) Object.assign(out, { [k]: structuredClone(body[k]) });
  return out;
}

function draft(ctx: RouteContext): Models.EvaluationFormResponse | ReturnType<Route['handle']> {
  return existing(ctx.org.evaluationForms, ctx, 'formId');
}

export const evaluationFormWritesFamily: Family = {
  name: 'quality:evaluationform writes',
  listings: [],
  routes: () => [
    {
      method: 'POST',
      template: FORMS,
      permissions: ['quality:evaluationForm:add'],
      handle: withBody((ctx, body) => {
        const f = formFields(body);
        if (isResponse(f)) return f;
        const id = newId();
        const form = {
          ...f,
          id,
          contextId: newId(),
          published: false,
          modifiedDate: stamp(ctx),
          selfUri: `${FORMS}/${id}`,
        } as Models.EvaluationFormResponse;
        ctx.org.evaluationForms.push(form);
        return { status: 200, body: form };
      }),
    },
    {
      method: 'PUT',
      template: `${FORMS}/{formId}`,
      permissions: ['quality:evaluationForm:edit'],
      handle: withBody((ctx, body) => {
        const form = draft(ctx);
        if (isResponse(form)) return form;
        const f = formFields(body);
        if (isResponse(f)) return f;
        for (const k of FORM_FIELDS) delete form[k];
        Object.assign(form, f, { modifiedDate: stamp(ctx) });
        return { status: 200, body: form };
      }),
    },
    {
      method: 'POST',
      template: '/api/v2/quality/publishedforms/evaluations',
      permissions: ['quality:evaluationForm:add'],
      handle: withBody((ctx, body) => {
        const invalid = missingField(body, ['id', 'published']);
        if (invalid) return invalid;
        const i = ctx.org.evaluationForms.findIndex((x) => x.id === body.id);
        const form = ctx.org.evaluationForms[i];
        if (!form)
          return apiError(
            400,
            'bad.request',
            `The evaluation form with id '${String(body.id)}' does not exist.`,
          );
        if (body.published !== true)
          return apiError(
            400,
            'bad.request',
            'An evaluation form is unpublished by publishing another version.',
          );
        ctx.org.publishedEvaluationForms.set(String(form.contextId), {
          ...structuredClone(form),
          published: true,
          modifiedDate: stamp(ctx),
        });
        const id = newId();
        const next: Models.EvaluationFormResponse = {
          ...structuredClone(form),
          id,
          published: false,
          selfUri: `${FORMS}/${id}`,
        };
        ctx.org.evaluationForms.splice(i, 1, next);
        return { status: 200, body: next };
      }),
    },
    {
      method: 'DELETE',
      template: `${FORMS}/{formId}`,
      permissions: ['quality:evaluationForm:delete'],
      handle: (ctx) => {
        const form = draft(ctx);
        if (isResponse(form)) return form;
        ctx.org.evaluationForms.splice(ctx.org.evaluationForms.indexOf(form), 1);
        ctx.org.publishedEvaluationForms.delete(String(form.contextId));
        return { status: 204 };
      },
    },
  ],
};
