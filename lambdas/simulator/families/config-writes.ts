/**
 * Write endpoints of the simple named types import covers, from the SDK (`ArchitectApi`, `RoutingApi`):
 * flow outcomes (`POST /api/v2/flows/outcomes`, `PUT .../{flowOutcomeId}` answering an `Operation`) and
 * milestones (`POST /api/v2/flows/milestones`, `PUT .../{milestoneId}`), both `FlowOutcome`/`FlowMilestone`
 * bodies (name required, division); utilization labels (`CreateUtilizationLabelRequest`,
 * `UpdateUtilizationLabelRequest`: name); user prompts (`Prompt`: name required) and their text-to-speech
 * resources (`PromptAssetCreate`: language required; `POST .../resources`, `PUT .../resources/{languageCode}`);
 * data tables (`DataTable`: name and schema; `POST /api/v2/flows/datatables`, `PUT .../{datatableId}`),
 * created without rows.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { apiError, notFound, type SimResponse } from '../errors.ts';
import type { Route, RouteContext } from '../route.ts';
import {
  type Body,
  divisionOf,
  duplicateName,
  existing,
  firstError,
  isResponse,
  missingField,
  newId,
  str,
  withBody,
} from '../writes.ts';
import type { Family } from './family.ts';

const divisionIdOf = (body: Body): unknown => (body.division as Body | undefined)?.id;

type Named = { id?: string; name?: string; division?: unknown; description?: string; selfUri?: string };

/** Create and replace of a named resource with a division (outcomes, milestones). */
function namedWithDivision(
  base: string,
  param: string,
  list: (ctx: RouteContext) => Named[],
  what: string,
  permission: string,
  replaced: (n: Named) => SimResponse['body'],
): Route[] {
  const fields = (ctx: RouteContext, body: Body, exceptId?: string) => {
    const invalid = firstError(
      missingField(body, ['name']),
      duplicateName(list(ctx), body.name, what, exceptId),
    );
    if (invalid) return invalid;
    const division = divisionOf(ctx.org, divisionIdOf(body));
    if (isResponse(division)) return division;
    return { name: String(body.name), division, description: str(body.description) };
  };
  return [
    {
      method: 'POST',
      template: base,
      permissions: [`${permission}:add`],
      handle: withBody((ctx, body) => {
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const id = newId();
        const n: Named = { id, ...f, selfUri: `${base}/${id}` };
        list(ctx).push(n);
        return { status: 200, body: n };
      }),
    },
    {
      method: 'PUT',
      template: `${base}/{${param}}`,
      permissions: [`${permission}:edit`],
      handle: withBody((ctx, body) => {
        const n = existing(list(ctx), ctx, param);
        if (isResponse(n)) return n;
        const f = fields(ctx, body, n.id);
        if (isResponse(f)) return f;
        Object.assign(n, f);
        return { status: 200, body: replaced(n) };
      }),
    },
  ];
}

function utilizationLabelWrites(): Route[] {
  const base = '/api/v2/routing/utilization/labels';
  return [
    {
      method: 'POST',
      template: base,
      permissions: ['routing:utilization:manage'],
      handle: withBody((ctx, body) => {
        const invalid = firstError(
          missingField(body, ['name']),
          duplicateName(ctx.org.utilizationLabels, body.name, 'utilization label'),
        );
        if (invalid) return invalid;
        const id = newId();
        const label: Models.UtilizationLabel = { id, name: String(body.name), selfUri: `${base}/${id}` };
        ctx.org.utilizationLabels.push(label);
        return { status: 200, body: label };
      }),
    },
    {
      method: 'PUT',
      template: `${base}/{labelId}`,
      permissions: ['routing:utilization:manage'],
      handle: withBody((ctx, body) => {
        const label = existing(ctx.org.utilizationLabels, ctx, 'labelId');
        if (isResponse(label)) return label;
        const invalid = firstError(
          missingField(body, ['name']),
          duplicateName(ctx.org.utilizationLabels, body.name, 'utilization label', label.id),
        );
        if (invalid) return invalid;
        label.name = String(body.name);
        return { status: 200, body: label };
      }),
    },
  ];
}

const PROMPTS = '/api/v2/architect/prompts';

function promptAsset(promptId: string, body: Body, languageDefault: boolean): Models.PromptAsset {
  const language = String(body.language).toLowerCase();
  return {
    id: language,
    language,
    ttsString: str(body.ttsString),
    text: str(body.text),
    languageDefault,
    selfUri: `${PROMPTS}/${promptId}/resources/${language}`,
  };
}

function promptWrites(): Route[] {
  const fields = (ctx: RouteContext, body: Body, exceptId?: string) => {
    const invalid = firstError(
      missingField(body, ['name']),
      duplicateName(ctx.org.prompts, body.name, 'prompt', exceptId),
    );
    if (invalid) return invalid;
    const division = divisionOf(ctx.org, divisionIdOf(body));
    if (isResponse(division)) return division;
    return { name: String(body.name), description: str(body.description), division };
  };
  return [
    {
      method: 'POST',
      template: PROMPTS,
      permissions: ['architect:userPrompt:add'],
      handle: withBody((ctx, body) => {
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const id = newId();
        const p: Models.Prompt = { id, ...f, resources: [], selfUri: `${PROMPTS}/${id}` };
        ctx.org.prompts.push(p);
        return { status: 200, body: p };
      }),
    },
    {
      method: 'PUT',
      template: `${PROMPTS}/{promptId}`,
      permissions: ['architect:userPrompt:edit'],
      handle: withBody((ctx, body) => {
        const p = existing(ctx.org.prompts, ctx, 'promptId');
        if (isResponse(p)) return p;
        const f = fields(ctx, body, p.id);
        if (isResponse(f)) return f;
        Object.assign(p, f);
        return { status: 200, body: p };
      }),
    },
    {
      method: 'POST',
      template: `${PROMPTS}/{promptId}/resources`,
      permissions: ['architect:userPrompt:edit'],
      handle: withBody((ctx, body) => {
        const p = existing(ctx.org.prompts, ctx, 'promptId');
        if (isResponse(p)) return p;
        const invalid = missingField(body, ['language']);
        if (invalid) return invalid;
        const resources = p.resources ?? [];
        if (resources.some((r) => r.language === String(body.language).toLowerCase()))
          return apiError(
            409,
            'general.conflict',
            `The prompt already has a resource for '${String(body.language)}'.`,
          );
        const asset = promptAsset(String(p.id), body, resources.length === 0);
        p.resources = [...resources, asset];
        return { status: 200, body: asset };
      }),
    },
    {
      method: 'PUT',
      template: `${PROMPTS}/{promptId}/resources/{languageCode}`,
      permissions: ['architect:userPrompt:edit'],
      handle: withBody((ctx, body) => {
        const p = existing(ctx.org.prompts, ctx, 'promptId');
        if (isResponse(p)) return p;
        const i = (p.resources ?? []).findIndex((r) => r.language === ctx.params.languageCode);
        if (i < 0) return notFound(ctx.path);
        const current = p.resources?.[i] as Models.PromptAsset;
        const asset = promptAsset(
          String(p.id),
          { ...body, language: current.language },
          !!current.languageDefault,
        );
        p.resources?.splice(i, 1, asset);
        return { status: 200, body: asset };
      }),
    },
  ];
}

function dataTableWrites(): Route[] {
  const base = '/api/v2/flows/datatables';
  const fields = (ctx: RouteContext, body: Body, exceptId?: string) => {
    const invalid = firstError(
      missingField(body, ['name', 'schema']),
      duplicateName(ctx.org.dataTables, body.name, 'data table', exceptId),
    );
    if (invalid) return invalid;
    const division = divisionOf(ctx.org, divisionIdOf(body));
    if (isResponse(division)) return division;
    return {
      name: String(body.name),
      description: str(body.description),
      division,
      schema: structuredClone(body.schema) as Models.JsonSchemaDocument,
    };
  };
  return [
    {
      method: 'POST',
      template: base,
      permissions: ['architect:datatable:add'],
      anyPermission: true,
      handle: withBody((ctx, body) => {
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const id = newId();
        const table: Models.DataTable = { id, ...f, selfUri: `${base}/${id}` };
        ctx.org.dataTables.push(table);
        ctx.org.dataTableRows.set(id, []);
        return { status: 200, body: table };
      }),
    },
    {
      method: 'PUT',
      template: `${base}/{datatableId}`,
      permissions: ['architect:datatable:edit'],
      anyPermission: true,
      handle: withBody((ctx, body) => {
        const table = existing(ctx.org.dataTables, ctx, 'datatableId');
        if (isResponse(table)) return table;
        const f = fields(ctx, body, table.id);
        if (isResponse(f)) return f;
        Object.assign(table, f);
        return { status: 200, body: table };
      }),
    },
  ];
}

export const configWritesFamily: Family = {
  name: 'architect:flowoutcome, architect:flowmilestone, routing:utilizationlabel, architect:userprompt (writes)',
  listings: [],
  routes: () => [
    ...namedWithDivision(
      '/api/v2/flows/outcomes',
      'flowOutcomeId',
      (ctx) => ctx.org.flowOutcomes as Named[],
      'flow outcome',
      'architect:flowOutcome',
      (n): Models.Operation => ({ id: n.id, complete: true }),
    ),
    ...namedWithDivision(
      '/api/v2/flows/milestones',
      'milestoneId',
      (ctx) => ctx.org.flowMilestones as Named[],
      'flow milestone',
      'architect:flowMilestone',
      (n) => n,
    ),
    ...utilizationLabelWrites(),
    ...promptWrites(),
    ...dataTableWrites(),
  ],
};
