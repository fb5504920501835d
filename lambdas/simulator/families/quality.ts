/**
 * Quality evaluation forms (`quality:evaluationform`): each form's newest version is listed (without its
 * questions) at `GET /api/v2/quality/forms/evaluations` and read whole by ID; the latest published version
 * of each form comes from `GET /api/v2/quality/forms/evaluations/bulk/contexts?contextId=...` (a JSON array).
 * One form in four has never been published.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { apiError } from '../errors.ts';
import type { Random } from '../random.ts';
import type { Route } from '../route.ts';
import type { Family, FixtureContext } from './family.ts';
import { range, ts } from './fixtures.ts';

const FORM_WORDS = [
  'Voice Quality',
  'Chat Quality',
  'Email Quality',
  'Compliance',
  'Sales Call',
  'Onboarding',
];

function questionGroups(r: Random): Models.EvaluationQuestionGroup[] {
  return range(1 + r.int(3)).map((g) => ({
    id: r.uuid(),
    name: ['Greeting', 'Resolution', 'Closing'][g],
    type: 'questionGroup',
    defaultAnswersToHighest: false,
    defaultAnswersToNA: false,
    naEnabled: false,
    weight: 1,
    manualWeight: false,
    questions: range(1 + r.int(3)).map((q) => ({
      id: r.uuid(),
      text: `Question ${g + 1}.${q + 1}`,
      helpText: '',
      type: 'multipleChoiceQuestion',
      naEnabled: false,
      commentsRequired: false,
      isKill: false,
      isCritical: q === 0 && r.chance(0.2),
      answerOptions: [
        { id: r.uuid(), text: 'Yes', value: 1 },
        { id: r.uuid(), text: 'No', value: 0 },
      ],
    })),
  }));
}

export function evaluationForms({ counts, org, stream }: FixtureContext): void {
  const r = stream('quality:evaluationform');
  for (const i of range(counts.evaluationForms)) {
    const name = `${FORM_WORDS[i % FORM_WORDS.length]} Form${i < FORM_WORDS.length ? '' : ` ${Math.floor(i / FORM_WORDS.length) + 1}`}`;
    const contextId = r.uuid();
    const form: Models.EvaluationFormResponse = {
      id: r.uuid(),
      name,
      modifiedDate: ts(r.int(60)),
      published: false,
      contextId,
      questionGroups: questionGroups(r),
      weightMode: r.chance(0.5) ? 'SCALED' : 'OFF',
      evaluationSettings: { revisionsEnabled: false, disputesEnabled: r.chance(0.3) },
    };
    org.evaluationForms.push(form);
    if (i % 4 === 2) continue;
    org.publishedEvaluationForms.set(contextId, {
      ...form,
      id: r.uuid(),
      published: true,
      modifiedDate: ts(60 + r.int(60)),
      questionGroups: questionGroups(r),
    });
  }
}

/** `GET /api/v2/quality/forms/evaluations/bulk/contexts`: the latest published version per context ID. */
function bulkContextsRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/quality/forms/evaluations/bulk/contexts',
    permissions: ['quality:evaluationForm:view'],
    handle: ({ org, query }) => {
      const ids = query
        .getAll('contextId')
        .flatMap((x) => x.split(','))
        .filter(Boolean);
      if (!ids.length) return apiError(400, 'bad.request', 'contextId is required');
      const found = ids
        .map((id) => org.publishedEvaluationForms.get(id))
        .filter((f): f is Models.EvaluationFormResponse => !!f)
        .map((f) => ({ ...f, selfUri: `/api/v2/quality/forms/evaluations/${f.id}` }));
      return { status: 200, body: found };
    },
  };
}

/** The listing leaves out the questions; the single GET has them. */
function withoutQuestions(e: Record<string, unknown>): Record<string, unknown> {
  const { questionGroups: _q, ...rest } = e;
  return rest;
}

export const qualityFamily: Family = {
  name: 'quality:evaluationform',
  listings: [
    {
      base: '/api/v2/quality/forms/evaluations',
      idParam: 'formId',
      collection: 'evaluationForms',
      permissions: ['quality:evaluationForm:view'],
      maxPageSize: 'undocumented',
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'name',
      single: true,
      project: withoutQuestions,
      projectSingle: (e) => e,
    },
  ],
  routes: () => [bulkContextsRoute()],
  fixtures: [evaluationForms],
};
