/**
 * Write endpoints of outbound dialing, from the SDK (`OutboundApi.js` paths, `index.d.ts` request models and
 * their required fields, build/docs/OutboundApi.md permissions): contact lists (`ContactList`: columnNames),
 * DNC lists (`DncListCreate`/`DncList`: name, dncSourceType), callable time sets (`CallableTimeSet`: name,
 * callableTimes), call analysis response sets (`ResponseSet`: name, responses), rule sets (`RuleSet`: name,
 * rules), campaigns (`Campaign`: name, contactList, dialingMode, phoneColumns, callerName, callerAddress) and
 * campaign sequences (`CampaignSequence`: campaigns), attempt limits (`AttemptLimits`) and contact list
 * filters (`ContactListFilter`: name): `POST`, `PUT .../{id}` with the current `version`
 * (Terraform's provider reads it before every update; a stale one is 409), `DELETE`. The org-wide
 * singletons are only changed: `PATCH /api/v2/outbound/settings` (204) and
 * `PUT /api/v2/outbound/wrapupcodemappings`, both at their current version. A reference to an ID the org
 * does not have is 400. Names are not checked for uniqueness: the SDK and the provider say nothing of it.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { apiError, notFound, type SimResponse } from '../errors.ts';
import type { SimOrg } from '../model.ts';
import type { Route, RouteContext } from '../route.ts';
import {
  type Body,
  divisionOf,
  existing,
  firstError,
  isResponse,
  missingField,
  newId,
  remove,
  staleVersion,
  stamp,
  withBody,
} from '../writes.ts';
import type { Family } from './family.ts';

type Named = { id?: string; name?: string };
type Ref = Models.DomainEntityRef;
type Fields = Record<string, unknown>;

const unknownId = (what: string, id: unknown): SimResponse =>
  apiError(400, 'bad.request', `The ${what} with id '${String(id)}' does not exist.`);

const idOf = (v: unknown): unknown => (v && typeof v === 'object' ? (v as Named).id : v);

/** `{id, name, selfUri}` of the referenced resource, as the outbound API answers references. */
function refTo(list: readonly Named[], v: unknown, base: string, what: string): Ref | SimResponse {
  const id = idOf(v);
  const found = list.find((x) => x.id === id);
  return found ? { id: found.id, name: found.name, selfUri: `${base}/${found.id}` } : unknownId(what, id);
}

/** An optional reference: undefined when absent. */
function optionalRef(
  list: readonly Named[],
  v: unknown,
  base: string,
  what: string,
): Ref | SimResponse | undefined {
  return v === undefined || v === null ? undefined : refTo(list, v, base, what);
}

/** A list of references; undefined when absent. */
function refList(
  list: readonly Named[],
  v: unknown,
  base: string,
  what: string,
): Ref[] | SimResponse | undefined {
  if (v === undefined || v === null) return undefined;
  const out: Ref[] = [];
  for (const x of Array.isArray(v) ? v : []) {
    const r = refTo(list, x, base, what);
    if (isResponse(r)) return r;
    out.push(r);
  }
  return out;
}

const divisionRef = (org: SimOrg, body: Body) => divisionOf(org, idOf(body.division));

/** The first error among resolved values, else the values with the undefined ones left out. */
function resolved(values: Record<string, unknown>): Fields | SimResponse {
  const error = Object.values(values).find(isResponse);
  if (error) return error as SimResponse;
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

/** Fields the platform sets, never taken from a request body. */
const SERVER_FIELDS = ['id', 'version', 'dateCreated', 'dateModified', 'selfUri'];
const given = (body: Body): Fields =>
  Object.fromEntries(Object.entries(body).filter(([k, v]) => !SERVER_FIELDS.includes(k) && v !== undefined));

function contactListFields(ctx: RouteContext, body: Body): Fields | SimResponse {
  const invalid = missingField(body, ['name', 'columnNames']);
  if (invalid) return invalid;
  const { importStatus: _status, size: _size, ...rest } = given(body);
  return resolved({
    ...rest,
    division: divisionRef(ctx.org, body),
    attemptLimits: optionalRef(
      ctx.org.attemptLimits,
      body.attemptLimits,
      '/api/v2/outbound/attemptlimits',
      'attempt limits',
    ),
  });
}

function dncListFields(ctx: RouteContext, body: Body): Fields | SimResponse {
  const invalid = missingField(body, ['name', 'dncSourceType']);
  if (invalid) return invalid;
  const { importStatus: _status, size: _size, ...rest } = given(body);
  return resolved({ ...rest, division: divisionRef(ctx.org, body) });
}

function callableTimeSetFields(_ctx: RouteContext, body: Body): Fields | SimResponse {
  return missingField(body, ['name', 'callableTimes']) ?? given(body);
}

function responseSetFields(ctx: RouteContext, body: Body): Fields | SimResponse {
  const invalid = missingField(body, ['name', 'responses']);
  if (invalid) return invalid;
  const reactions = Object.values((body.responses ?? {}) as Record<string, Models.Reaction>);
  const flows = new Set(ctx.org.flows.map((f) => f.id));
  const bad = reactions.find((r) => r.reactionType === 'transfer_flow' && !flows.has(String(r.data)));
  return bad ? unknownId('flow', bad.data) : given(body);
}

/** A rule set's wrap-up codes, data actions and skills must exist (`DialerRule` conditions and actions). */
function ruleSetFields(ctx: RouteContext, body: Body): Fields | SimResponse {
  const { org } = ctx;
  const invalid = missingField(body, ['name', 'rules']);
  if (invalid) return invalid;
  const rules = structuredClone((Array.isArray(body.rules) ? body.rules : []) as Models.DialerRule[]);
  const codes = new Set(org.wrapupCodes.map((c) => c.id));
  const skills = new Set(org.skills.map((s) => s.id));
  for (const rule of rules) {
    for (const c of rule.conditions ?? []) {
      const code = c.type === 'wrapupCondition' ? (c.codes ?? []).find((x) => !codes.has(x)) : undefined;
      if (code !== undefined) return unknownId('wrap-up code', code);
      if (c.dataAction) {
        const r = refTo(org.dataActions, c.dataAction, '/api/v2/integrations/actions', 'data action');
        if (isResponse(r)) return r;
        c.dataAction = r;
      }
    }
    for (const a of rule.actions ?? []) {
      if (a.dataAction) {
        const r = refTo(org.dataActions, a.dataAction, '/api/v2/integrations/actions', 'data action');
        if (isResponse(r)) return r;
        a.dataAction = r;
      }
      const listed = a.actionTypeName === 'SET_SKILLS' ? a.properties?.skills : undefined;
      const ids: unknown = listed === undefined ? [] : JSON.parse(listed);
      const skill = (Array.isArray(ids) ? ids : []).find((x) => !skills.has(x));
      if (skill !== undefined) return unknownId('skill', skill);
    }
  }
  return resolved({
    ...given(body),
    rules,
    contactList: optionalRef(org.contactLists, body.contactList, CONTACT_LISTS, 'contact list'),
    queue: optionalRef(org.queues, body.queue, '/api/v2/routing/queues', 'queue'),
  });
}

const CONTACT_LISTS = '/api/v2/outbound/contactlists';

function campaignFields(ctx: RouteContext, body: Body): Fields | SimResponse {
  const { org } = ctx;
  const invalid = missingField(body, [
    'name',
    'contactList',
    'dialingMode',
    'phoneColumns',
    'callerName',
    'callerAddress',
  ]);
  if (invalid) return invalid;
  return resolved({
    ...given(body),
    division: divisionRef(org, body),
    contactList: refTo(org.contactLists, body.contactList, CONTACT_LISTS, 'contact list'),
    queue: optionalRef(org.queues, body.queue, '/api/v2/routing/queues', 'queue'),
    script: optionalRef(org.scripts, body.script, '/api/v2/scripts', 'script'),
    edgeGroup: optionalRef(
      org.edgeGroups,
      body.edgeGroup,
      '/api/v2/telephony/providers/edges/edgegroups',
      'edge group',
    ),
    site: optionalRef(org.sites, body.site, '/api/v2/telephony/providers/edges/sites', 'site'),
    callableTimeSet: optionalRef(
      org.callableTimeSets,
      body.callableTimeSet,
      '/api/v2/outbound/callabletimesets',
      'callable time set',
    ),
    callAnalysisResponseSet: optionalRef(
      org.callAnalysisResponseSets,
      body.callAnalysisResponseSet,
      '/api/v2/outbound/callanalysisresponsesets',
      'call analysis response set',
    ),
    dncLists: refList(org.dncLists, body.dncLists, '/api/v2/outbound/dnclists', 'DNC list'),
    ruleSets: refList(org.ruleSets, body.ruleSets, '/api/v2/outbound/rulesets', 'rule set'),
    contactListFilters: refList(
      org.contactListFilters,
      body.contactListFilters,
      '/api/v2/outbound/contactlistfilters',
      'contact list filter',
    ),
  });
}

/** `campaigns` required; `currentCampaign` is where the platform is, not a request field (Terraform omits it). */
function sequenceFields(ctx: RouteContext, body: Body): Fields | SimResponse {
  const invalid = missingField(body, ['name', 'campaigns']);
  if (invalid) return invalid;
  const { currentCampaign: _at, stopMessage: _why, ...rest } = given(body);
  return resolved({
    ...rest,
    currentCampaign: 0,
    campaigns: refList(ctx.org.campaigns, body.campaigns, '/api/v2/outbound/campaigns', 'campaign'),
  });
}

/** `AttemptLimits` (name, as Terraform requires it; recall entries keyed by outcome). */
function attemptLimitFields(_ctx: RouteContext, body: Body): Fields | SimResponse {
  return missingField(body, ['name']) ?? given(body);
}

/** `ContactListFilter`: name required; the contact list it filters must exist. */
function contactListFilterFields(ctx: RouteContext, body: Body): Fields | SimResponse {
  const invalid = missingField(body, ['name']);
  if (invalid) return invalid;
  return resolved({
    ...given(body),
    contactList: optionalRef(ctx.org.contactLists, body.contactList, CONTACT_LISTS, 'contact list'),
  });
}

interface Spec {
  readonly base: string;
  readonly param: string;
  readonly permission: string;
  readonly list: (org: SimOrg) => Named[];
  readonly fields: (ctx: RouteContext, body: Body) => Fields | SimResponse;
  /** What DELETE answers (`deleteOutboundCampaign` returns the campaign; the others nothing). */
  readonly deleteReturns?: boolean;
}

/** POST, PUT at the current version (the body's fields replace the resource's) and DELETE. */
function writesOf(spec: Spec): Route[] {
  const { base, param, permission, list, fields } = spec;
  type Versioned = Named & { version?: number } & Record<string, unknown>;
  return [
    {
      method: 'POST',
      template: base,
      permissions: [`${permission}:add`],
      handle: withBody((ctx, body) => {
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const id = newId();
        const created: Versioned = {
          ...f,
          id,
          version: 1,
          dateCreated: stamp(ctx),
          dateModified: stamp(ctx),
          selfUri: `${base}/${id}`,
        };
        list(ctx.org).push(created);
        return { status: 200, body: created };
      }),
    },
    {
      method: 'PUT',
      template: `${base}/{${param}}`,
      permissions: [`${permission}:edit`],
      handle: withBody((ctx, body) => {
        const current = existing(list(ctx.org) as Versioned[], ctx, param);
        if (isResponse(current)) return current;
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const stale = staleVersion(current.version, body.version);
        if (stale) return stale;
        for (const k of Object.keys(current)) if (!SERVER_FIELDS.includes(k)) delete current[k];
        Object.assign(current, f, { version: (current.version ?? 1) + 1, dateModified: stamp(ctx) });
        return { status: 200, body: current };
      }),
    },
    {
      method: 'DELETE',
      template: `${base}/{${param}}`,
      permissions: [`${permission}:delete`],
      handle: (ctx) => {
        const gone = list(ctx.org).find((x) => x.id === ctx.params[param]);
        const answer = remove(list(ctx.org), ctx, param);
        return spec.deleteReturns && answer.status === 204 ? { status: 200, body: gone } : answer;
      },
    },
  ];
}

/** `PATCH /api/v2/outbound/settings`: the fields given change, at the current version; answers 204. */
function settingsWrite(): Route {
  return {
    method: 'PATCH',
    template: '/api/v2/outbound/settings',
    permissions: ['outbound:settings:edit'],
    handle: withBody((ctx, body) => {
      const current = ctx.org.outboundSettings;
      if (!current) return notFound(ctx.path);
      const stale = staleVersion(current.version, body.version);
      if (stale) return stale;
      const { maxConfigurableCallsPerAgent: _limit, ...changes } = given(body);
      Object.assign(current, changes, { version: (current.version ?? 1) + 1, dateModified: stamp(ctx) });
      return { status: 204 };
    }),
  };
}

/** `PUT /api/v2/outbound/wrapupcodemappings`: every mapped key must be a wrap-up code of the org. */
function wrapupCodeMappingsWrite(): Route {
  return {
    method: 'PUT',
    template: '/api/v2/outbound/wrapupcodemappings',
    permissions: ['outbound:wrapUpCodeMapping:edit'],
    handle: withBody((ctx, body) => {
      const current = ctx.org.wrapUpCodeMappings;
      if (!current) return notFound(ctx.path);
      const mapping = (body.mapping ?? {}) as Record<string, string[]>;
      const codes = new Set(ctx.org.wrapupCodes.map((c) => c.id));
      const unknown = Object.keys(mapping).find((k) => !codes.has(k));
      const invalid = firstError(
        staleVersion(current.version, body.version),
        unknown === undefined ? undefined : unknownId('wrap-up code', unknown),
      );
      if (invalid) return invalid;
      current.mapping = mapping;
      current.defaultSet = Array.isArray(body.defaultSet) ? (body.defaultSet as string[]) : [];
      current.version = (current.version ?? 1) + 1;
      current.dateModified = stamp(ctx);
      return { status: 200, body: current };
    }),
  };
}

export const outboundWritesFamily: Family = {
  name: 'outbound:* (writes)',
  listings: [],
  routes: () => [
    ...writesOf({
      base: CONTACT_LISTS,
      param: 'contactListId',
      permission: 'outbound:contactList',
      list: (o) => o.contactLists,
      fields: contactListFields,
    }),
    ...writesOf({
      base: '/api/v2/outbound/dnclists',
      param: 'dncListId',
      permission: 'outbound:dncList',
      list: (o) => o.dncLists,
      fields: dncListFields,
    }),
    ...writesOf({
      base: '/api/v2/outbound/callabletimesets',
      param: 'callableTimeSetId',
      permission: 'outbound:callableTimeSet',
      list: (o) => o.callableTimeSets,
      fields: callableTimeSetFields,
    }),
    ...writesOf({
      base: '/api/v2/outbound/callanalysisresponsesets',
      param: 'callAnalysisSetId',
      permission: 'outbound:responseSet',
      list: (o) => o.callAnalysisResponseSets,
      fields: responseSetFields,
    }),
    ...writesOf({
      base: '/api/v2/outbound/rulesets',
      param: 'ruleSetId',
      permission: 'outbound:ruleSet',
      list: (o) => o.ruleSets,
      fields: ruleSetFields,
    }),
    ...writesOf({
      base: '/api/v2/outbound/campaigns',
      param: 'campaignId',
      permission: 'outbound:campaign',
      list: (o) => o.campaigns,
      fields: campaignFields,
      deleteReturns: true,
    }),
    ...writesOf({
      base: '/api/v2/outbound/sequences',
      param: 'sequenceId',
      permission: 'outbound:campaignSequence',
      list: (o) => o.campaignSequences,
      fields: sequenceFields,
    }),
    ...writesOf({
      base: '/api/v2/outbound/attemptlimits',
      param: 'attemptLimitsId',
      permission: 'outbound:attemptLimits',
      list: (o) => o.attemptLimits,
      fields: attemptLimitFields,
    }),
    ...writesOf({
      base: '/api/v2/outbound/contactlistfilters',
      param: 'contactListFilterId',
      permission: 'outbound:contactListFilter',
      list: (o) => o.contactListFilters,
      fields: contactListFilterFields,
    }),
    settingsWrite(),
    wrapupCodeMappingsWrite(),
  ],
};
