/**
 * Write endpoints of the routing configuration import covers, from the SDK (`ResponseManagementApi`,
 * `RoutingApi`, `PresenceApi`; paths, request models and permissions from its build/docs) and the way the
 * Terraform provider's resources call them:
 * - response libraries (`Library`: name required; `PUT` at the current `version`) and canned responses
 *   (`Response`: `libraries` required, each an existing library; `PUT` at the current `version`);
 * - SMS addresses (`SmsAddressProvision`: name, street, city, region, postal code and country required;
 *   the API has no update);
 * - presence definitions (`OrganizationPresenceDefinition`: `languageLabels` required; the platform sets
 *   `type: User`);
 * - skill groups (`SkillGroupWithMemberDivisions` create, `SkillGroup` PATCH) and their member divisions
 *   (`POST .../members/divisions` with `addDivisionIds`/`removeDivisionIds`, answering nothing);
 * - the org's utilization (`PUT /api/v2/routing/utilization`, `UtilizationRequest`: label utilizations
 *   keyed by existing label IDs) and routing settings (`PUT /routing/settings`, `PUT .../transcription`:
 *   transcription and threshold required, `PATCH .../contactcenter` answering nothing);
 * - inbound email domains (`InboundDomainCreateRequest`: `id`, the domain name, required; `PATCH` of the
 *   patchable settings) and their routes (`InboundRoute`: pattern and fromName required, `PUT` replaces).
 * DELETE of each (what `import run --prune` removes): 204, or 404 for an unknown ID. A presence definition
 * is deactivated, not removed (Terraform's delete waits for `deactivated`); a System one cannot be (400).
 * No source says whether these APIs refuse a duplicate name, so none is refused here (email domains are
 * unique by their ID).
 */
import type { Models } from 'purecloud-platform-client-v2';
import { apiError, notFound } from '../errors.ts';
import type { Route, RouteContext } from '../route.ts';
import {
  type Body,
  divisionOf,
  existing,
  firstError,
  idsOf,
  isResponse,
  missingField,
  newId,
  remove,
  staleVersion,
  stamp,
  str,
  unknownReference,
  withBody,
} from '../writes.ts';
import type { Family } from './family.ts';

const clone = <T>(v: unknown): T => (v === undefined ? (undefined as T) : (structuredClone(v) as T));
const divisionIdOf = (body: Body): unknown => (body.division as Body | undefined)?.id;

const LIBRARIES = '/api/v2/responsemanagement/libraries';

function libraryWrites(): Route[] {
  const fields = (ctx: RouteContext, body: Body) => {
    const invalid = missingField(body, ['name']);
    if (invalid) return invalid;
    const division = divisionOf(ctx.org, divisionIdOf(body));
    if (isResponse(division)) return division;
    return {
      name: String(body.name),
      division,
      ...(str(body.responseType) ? { responseType: str(body.responseType) } : {}),
    };
  };
  return [
    {
      method: 'POST',
      template: LIBRARIES,
      permissions: ['responses:library:add'],
      handle: withBody((ctx, body) => {
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const id = newId();
        const library: Models.Library = {
          id,
          ...f,
          version: 1,
          dateCreated: stamp(ctx),
          selfUri: `${LIBRARIES}/${id}`,
        };
        ctx.org.responseLibraries.push(library);
        return { status: 200, body: library };
      }),
    },
    {
      method: 'PUT',
      template: `${LIBRARIES}/{libraryId}`,
      permissions: ['responses:library:edit'],
      handle: withBody((ctx, body) => {
        const library = existing(ctx.org.responseLibraries, ctx, 'libraryId');
        if (isResponse(library)) return library;
        const stale = staleVersion(library.version, body.version);
        if (stale) return stale;
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        delete library.responseType;
        Object.assign(library, f, { version: (library.version ?? 1) + 1 });
        return { status: 200, body: library };
      }),
    },
  ];
}

const RESPONSES = '/api/v2/responsemanagement/responses';
const RESPONSE_FIELDS = [
  'name',
  'texts',
  'interactionType',
  'substitutions',
  'substitutionsSchema',
  'responseType',
  'messagingTemplate',
  'assets',
  'footer',
] as const;

function responseWrites(): Route[] {
  const fields = (ctx: RouteContext, body: Body) => {
    const libraryIds = idsOf(body.libraries);
    const invalid = firstError(
      missingField(body, ['libraries']),
      libraryIds.length ? undefined : apiError(400, 'bad.request', 'A response needs at least one library.'),
      unknownReference(ctx.org.responseLibraries, libraryIds, 'library'),
    );
    if (invalid) return invalid;
    const out: Partial<Models.Response> = {
      libraries: libraryIds.map((id) => {
        const l = ctx.org.responseLibraries.find((x) => x.id === id) as Models.Library;
        return { id: l.id, name: l.name, selfUri: `${LIBRARIES}/${l.id}` };
      }),
    };
    for (const k of RESPONSE_FIELDS) if (body[k] !== undefined) Object.assign(out, { [k]: clone(body[k]) });
    return out;
  };
  return [
    {
      method: 'POST',
      template: RESPONSES,
      permissions: ['responses:response:add'],
      handle: withBody((ctx, body) => {
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const id = newId();
        const response = {
          id,
          ...f,
          version: 1,
          dateCreated: stamp(ctx),
          selfUri: `${RESPONSES}/${id}`,
        } as Models.Response;
        ctx.org.responses.push(response);
        return { status: 200, body: response };
      }),
    },
    {
      method: 'PUT',
      template: `${RESPONSES}/{responseId}`,
      permissions: ['responses:response:edit'],
      handle: withBody((ctx, body) => {
        const i = ctx.org.responses.findIndex((x) => x.id === ctx.params.responseId);
        const current = ctx.org.responses[i];
        if (!current) return notFound(ctx.path);
        const stale = staleVersion(current.version, body.version);
        if (stale) return stale;
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const replaced = {
          id: current.id,
          ...f,
          version: (current.version ?? 1) + 1,
          dateCreated: current.dateCreated,
          selfUri: current.selfUri,
        } as Models.Response;
        ctx.org.responses.splice(i, 1, replaced);
        return { status: 200, body: replaced };
      }),
    },
  ];
}

const SMS_ADDRESS_FIELDS = ['name', 'street', 'city', 'region', 'postalCode', 'countryCode'] as const;

function smsAddressWrites(): Route[] {
  const base = '/api/v2/routing/sms/addresses';
  return [
    {
      method: 'POST',
      template: base,
      permissions: ['sms:phoneNumber:add'],
      handle: withBody((ctx, body) => {
        const invalid = missingField(body, SMS_ADDRESS_FIELDS);
        if (invalid) return invalid;
        const id = newId();
        const address: Models.SmsAddress = { id, selfUri: `${base}/${id}`, validated: true };
        for (const k of SMS_ADDRESS_FIELDS) address[k] = String(body[k]);
        ctx.org.smsAddresses.push(address);
        return { status: 200, body: address };
      }),
    },
  ];
}

const PRESENCES = '/api/v2/presence/definitions';

function presenceWrites(): Route[] {
  const fields = (ctx: RouteContext, body: Body) => {
    const invalid = missingField(body, ['languageLabels']);
    if (invalid) return invalid;
    const division = divisionOf(ctx.org, body.divisionId);
    if (isResponse(division)) return division;
    const labels = clone<Record<string, string>>(body.languageLabels);
    return {
      name: labels.en_US ?? str(body.name),
      languageLabels: labels,
      systemPresence: str(body.systemPresence),
      divisionId: division.id,
      deactivated: body.deactivated === true,
    };
  };
  return [
    {
      method: 'POST',
      template: PRESENCES,
      permissions: ['presence:presenceDefinition:add'],
      handle: withBody((ctx, body) => {
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const id = newId();
        const d: Models.OrganizationPresenceDefinition = {
          id,
          ...f,
          type: 'User',
          selfUri: `${PRESENCES}/${id}`,
        };
        ctx.org.presenceDefinitions.push(d);
        return { status: 200, body: d };
      }),
    },
    {
      method: 'PUT',
      template: `${PRESENCES}/{definitionId}`,
      permissions: ['presence:presenceDefinition:edit'],
      handle: withBody((ctx, body) => {
        const d = existing(ctx.org.presenceDefinitions, ctx, 'definitionId');
        if (isResponse(d)) return d;
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        Object.assign(d, f);
        return { status: 200, body: d };
      }),
    },
  ];
}

const SKILL_GROUPS = '/api/v2/routing/skillgroups';

function skillGroupWrites(): Route[] {
  const divisionIds = (ctx: RouteContext, v: unknown) => {
    const ids = Array.isArray(v) ? v : [];
    return unknownReference(ctx.org.divisions, ids, 'division') ?? ids.map(String);
  };
  return [
    {
      method: 'POST',
      template: SKILL_GROUPS,
      permissions: ['routing:skillGroup:add'],
      handle: withBody((ctx, body) => {
        const invalid = missingField(body, ['name', 'skillConditions']);
        if (invalid) return invalid;
        const division = divisionOf(ctx.org, divisionIdOf(body));
        if (isResponse(division)) return division;
        const members = divisionIds(ctx, body.memberDivisions);
        if (isResponse(members)) return members;
        const id = newId();
        const group: Models.SkillGroup = {
          id,
          name: String(body.name),
          division,
          ...(str(body.description) !== undefined ? { description: str(body.description) } : {}),
          skillConditions: clone(body.skillConditions),
          dateCreated: stamp(ctx),
          dateModified: stamp(ctx),
          selfUri: `${SKILL_GROUPS}/${id}`,
        };
        ctx.org.skillGroups.push(group);
        // The group's own division is always one its members come from.
        ctx.org.skillGroupMemberDivisions.set(id, [...new Set([String(division.id), ...members])].sort());
        return { status: 200, body: { ...group, memberDivisions: members } };
      }),
    },
    {
      method: 'PATCH',
      template: `${SKILL_GROUPS}/{skillGroupId}`,
      permissions: ['routing:skillGroup:edit'],
      handle: withBody((ctx, body) => {
        const group = existing(ctx.org.skillGroups, ctx, 'skillGroupId');
        if (isResponse(group)) return group;
        const noName = body.name === undefined ? undefined : missingField(body, ['name']);
        if (noName) return noName;
        if (divisionIdOf(body) !== undefined) {
          const division = divisionOf(ctx.org, divisionIdOf(body));
          if (isResponse(division)) return division;
          group.division = division;
        }
        if (body.name !== undefined) group.name = String(body.name);
        if (body.description !== undefined) group.description = str(body.description);
        if (body.skillConditions !== undefined) group.skillConditions = clone(body.skillConditions);
        group.dateModified = stamp(ctx);
        return { status: 200, body: group };
      }),
    },
    {
      method: 'POST',
      template: `${SKILL_GROUPS}/{skillGroupId}/members/divisions`,
      permissions: ['routing:skillGroup:add'],
      handle: withBody((ctx, body) => {
        const group = existing(ctx.org.skillGroups, ctx, 'skillGroupId');
        if (isResponse(group)) return group;
        const add = divisionIds(ctx, body.addDivisionIds);
        if (isResponse(add)) return add;
        const remove = divisionIds(ctx, body.removeDivisionIds);
        if (isResponse(remove)) return remove;
        const have = new Set(ctx.org.skillGroupMemberDivisions.get(String(group.id)) ?? []);
        for (const id of add) have.add(id);
        for (const id of remove) have.delete(id);
        ctx.org.skillGroupMemberDivisions.set(String(group.id), [...have].sort());
        return { status: 204 };
      }),
    },
  ];
}

function utilizationWrite(): Route {
  return {
    method: 'PUT',
    template: '/api/v2/routing/utilization',
    permissions: ['routing:utilization:manage'],
    handle: withBody((ctx, body) => {
      const requested = (body.labelUtilizations ?? {}) as Record<string, Models.LabelUtilizationRequest>;
      const labelIds = Object.entries(requested).flatMap(([id, l]) => [
        id,
        ...(l.interruptingLabelIds ?? []),
      ]);
      const invalid = unknownReference(ctx.org.utilizationLabels, labelIds, 'utilization label');
      if (invalid) return invalid;
      const labelUtilizations: Record<string, Models.LabelUtilizationResponse> = {};
      for (const [id, l] of Object.entries(requested))
        labelUtilizations[id] = {
          maximumCapacity: l.maximumCapacity,
          interruptingLabelIds: [...(l.interruptingLabelIds ?? [])],
          labelName: ctx.org.utilizationLabels.find((x) => x.id === id)?.name,
        };
      const utilization: Models.UtilizationResponse = {
        utilization: clone(body.utilization ?? {}),
        labelUtilizations,
        ...(typeof body.maxInboundCalls === 'number' ? { maxInboundCalls: body.maxInboundCalls } : {}),
      };
      ctx.org.routingUtilization = utilization;
      return { status: 200, body: utilization };
    }),
  };
}

/** A new org's routing settings, before anything writes them (the API's defaults are not documented). */
function routingSettingsOf(ctx: RouteContext): NonNullable<RouteContext['org']['routingSettings']> {
  ctx.org.routingSettings ??= {
    settings: {},
    transcription: { transcription: 'Disabled', transcriptionConfidenceThreshold: 0 },
    contactCenter: {},
  };
  return ctx.org.routingSettings;
}

function routingSettingsWrites(): Route[] {
  return [
    {
      method: 'PUT',
      template: '/api/v2/routing/settings',
      permissions: ['routing:settings:edit'],
      handle: withBody((ctx, body) => {
        const settings: Models.RoutingSettings = {};
        if (typeof body.resetAgentScoreOnPresenceChange === 'boolean')
          settings.resetAgentScoreOnPresenceChange = body.resetAgentScoreOnPresenceChange;
        routingSettingsOf(ctx).settings = settings;
        return { status: 200, body: settings };
      }),
    },
    {
      method: 'PUT',
      template: '/api/v2/routing/settings/transcription',
      permissions: ['routing:transcriptionSettings:edit'],
      handle: withBody((ctx, body) => {
        const invalid = missingField(body, ['transcription', 'transcriptionConfidenceThreshold']);
        if (invalid) return invalid;
        const transcription = clone<Models.TranscriptionSettings>(body);
        routingSettingsOf(ctx).transcription = transcription;
        return { status: 200, body: transcription };
      }),
    },
    {
      method: 'PATCH',
      template: '/api/v2/routing/settings/contactcenter',
      permissions: ['routing:settings:edit'],
      handle: withBody((ctx, body) => {
        const current = routingSettingsOf(ctx);
        if (typeof body.removeSkillsFromBlindTransfer === 'boolean')
          current.contactCenter = {
            ...current.contactCenter,
            removeSkillsFromBlindTransfer: body.removeSkillsFromBlindTransfer,
          };
        return { status: 204 };
      }),
    },
  ];
}

const DOMAINS = '/api/v2/routing/email/domains';
/** `InboundDomainPatchRequest`: what a domain's PATCH can change. */
export const DOMAIN_PATCHABLE = [
  'mailFromSettings',
  'customSMTPServer',
  'imapSettings',
  'graphApiSettings',
  'emailSetting',
] as const;

function emailDomainWrites(): Route[] {
  const integration = (ctx: RouteContext, body: Body) =>
    unknownReference(
      ctx.org.integrations,
      [
        (body.customSMTPServer as Body | undefined)?.id,
        (body.imapSettings as Body | undefined)?.integration,
        (body.graphApiSettings as Body | undefined)?.integration,
      ]
        .map((x) => (x && typeof x === 'object' ? (x as Body).id : x))
        .filter((x) => x !== undefined),
      'integration',
    );
  const patch = (domain: Models.InboundDomain, body: Body) => {
    for (const k of DOMAIN_PATCHABLE)
      if (body[k] !== undefined) Object.assign(domain, { [k]: clone(body[k]) });
  };
  return [
    {
      method: 'POST',
      template: DOMAINS,
      permissions: ['routing:email:manage'],
      handle: withBody((ctx, body) => {
        const invalid = firstError(missingField(body, ['id']), integration(ctx, body));
        if (invalid) return invalid;
        const id = String(body.id);
        if (ctx.org.emailDomains.some((d) => d.id?.toLowerCase() === id.toLowerCase()))
          return apiError(409, 'general.conflict', `The domain '${id}' already exists.`);
        const domain: Models.InboundDomain = {
          id,
          name: id,
          subDomain: body.subDomain === true,
          mxRecordStatus: 'NOT_AVAILABLE',
          selfUri: `${DOMAINS}/${id}`,
        };
        patch(domain, body);
        ctx.org.emailDomains.push(domain);
        ctx.org.emailRoutes.set(id, []);
        return { status: 200, body: domain };
      }),
    },
    {
      method: 'PATCH',
      template: `${DOMAINS}/{domainId}`,
      permissions: ['routing:email:manage'],
      handle: withBody((ctx, body) => {
        const domain = existing(ctx.org.emailDomains, ctx, 'domainId');
        if (isResponse(domain)) return domain;
        const invalid = integration(ctx, body);
        if (invalid) return invalid;
        patch(domain, body);
        return { status: 200, body: domain };
      }),
    },
  ];
}

const ROUTE_FIELDS = [
  'name',
  'pattern',
  'priority',
  'fromName',
  'fromEmail',
  'replyEmailAddress',
  'autoBcc',
  'signature',
  'historyInclusion',
  'allowMultipleActions',
  'mailboxFolders',
] as const;

function emailRouteWrites(): Route[] {
  const base = `${DOMAINS}/{domainName}/routes`;
  const ref = (list: ReadonlyArray<{ id?: string; name?: string }>, v: unknown, uri: string) => {
    const id = (v as Body | undefined)?.id;
    const found = list.find((x) => x.id === id);
    return found ? { id: found.id, name: found.name, selfUri: `${uri}/${found.id}` } : undefined;
  };
  const fields = (ctx: RouteContext, body: Body): Models.InboundRoute | ReturnType<Route['handle']> => {
    const refIds = (v: unknown) => (v && typeof v === 'object' ? [(v as Body).id] : []);
    const invalid = firstError(
      missingField(body, ['pattern', 'fromName']),
      unknownReference(ctx.org.queues, refIds(body.queue), 'queue'),
      unknownReference(ctx.org.skills, idsOf(body.skills), 'skill'),
      unknownReference(ctx.org.languages, refIds(body.language), 'language'),
      unknownReference(ctx.org.flows, [...refIds(body.flow), ...refIds(body.spamFlow)], 'flow'),
    );
    if (invalid) return invalid;
    const route: Models.InboundRoute = { pattern: String(body.pattern), fromName: String(body.fromName) };
    for (const k of ROUTE_FIELDS) if (body[k] !== undefined) Object.assign(route, { [k]: clone(body[k]) });
    const queue = ref(ctx.org.queues, body.queue, '/api/v2/routing/queues');
    const language = ref(ctx.org.languages, body.language, '/api/v2/routing/languages');
    const flow = ref(ctx.org.flows, body.flow, '/api/v2/flows');
    const spamFlow = ref(ctx.org.flows, body.spamFlow, '/api/v2/flows');
    return {
      ...route,
      ...(queue ? { queue } : {}),
      skills: idsOf(body.skills).map((id) => ref(ctx.org.skills, { id }, '/api/v2/routing/skills') as Body),
      ...(language ? { language } : {}),
      ...(flow ? { flow } : {}),
      ...(spamFlow ? { spamFlow } : {}),
      status: 'Active',
    };
  };
  return [
    {
      method: 'POST',
      template: base,
      permissions: ['routing:email:manage'],
      handle: withBody((ctx, body) => {
        const routes = ctx.org.emailRoutes.get(ctx.params.domainName ?? '');
        if (!routes) return notFound(ctx.path);
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const id = newId();
        const route = { ...f, id, selfUri: `${DOMAINS}/${ctx.params.domainName}/routes/${id}` };
        routes.push(route);
        return { status: 200, body: route };
      }),
    },
    {
      method: 'PUT',
      template: `${base}/{routeId}`,
      permissions: ['routing:email:manage'],
      handle: withBody((ctx, body) => {
        const routes = ctx.org.emailRoutes.get(ctx.params.domainName ?? '');
        if (!routes) return notFound(ctx.path);
        const i = routes.findIndex((r) => r.id === ctx.params.routeId);
        if (i < 0) return notFound(ctx.path);
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const route = { ...f, id: ctx.params.routeId, selfUri: routes[i]?.selfUri };
        routes.splice(i, 1, route);
        return { status: 200, body: route };
      }),
    },
  ];
}

function deletes(): Route[] {
  const del = (
    template: string,
    param: string,
    permission: string,
    list: (ctx: RouteContext) => Array<{ id?: string }>,
  ): Route => ({
    method: 'DELETE',
    template,
    permissions: [permission],
    handle: (ctx) => remove(list(ctx), ctx, param),
  });
  return [
    del(`${LIBRARIES}/{libraryId}`, 'libraryId', 'responses:library:delete', (c) => c.org.responseLibraries),
    del(`${RESPONSES}/{responseId}`, 'responseId', 'responses:response:delete', (c) => c.org.responses),
    del(
      '/api/v2/routing/sms/addresses/{addressId}',
      'addressId',
      'sms:phoneNumber:delete',
      (c) => c.org.smsAddresses,
    ),
    {
      ...del(
        `${SKILL_GROUPS}/{skillGroupId}`,
        'skillGroupId',
        'routing:skillGroup:delete',
        (c) => c.org.skillGroups,
      ),
      handle: (ctx) => {
        const answer = remove(ctx.org.skillGroups, ctx, 'skillGroupId');
        if (answer.status === 204) ctx.org.skillGroupMemberDivisions.delete(String(ctx.params.skillGroupId));
        return answer;
      },
    },
    {
      ...del(`${DOMAINS}/{domainId}`, 'domainId', 'routing:email:manage', (c) => c.org.emailDomains),
      handle: (ctx) => {
        const answer = remove(ctx.org.emailDomains, ctx, 'domainId');
        if (answer.status === 204) ctx.org.emailRoutes.delete(String(ctx.params.domainId));
        return answer;
      },
    },
    {
      method: 'DELETE',
      template: `${DOMAINS}/{domainName}/routes/{routeId}`,
      permissions: ['routing:email:manage'],
      handle: (ctx) => {
        const routes = ctx.org.emailRoutes.get(ctx.params.domainName ?? '');
        return routes ? remove(routes, ctx, 'routeId') : notFound(ctx.path);
      },
    },
    {
      method: 'DELETE',
      template: `${PRESENCES}/{definitionId}`,
      permissions: ['presence:presenceDefinition:delete', 'presence:presenceDefinition:edit'],
      anyPermission: true,
      handle: (ctx) => {
        const d = existing(ctx.org.presenceDefinitions, ctx, 'definitionId');
        if (isResponse(d)) return d;
        if (d.type === 'System')
          return apiError(400, 'bad.request', 'A system presence definition cannot be deleted.');
        d.deactivated = true;
        return { status: 204 };
      },
    },
  ];
}

export const routingConfigWritesFamily: Family = {
  name: 'routing configuration writes',
  listings: [],
  routes: () => [
    ...libraryWrites(),
    ...responseWrites(),
    ...smsAddressWrites(),
    ...presenceWrites(),
    ...skillGroupWrites(),
    utilizationWrite(),
    ...routingSettingsWrites(),
    ...emailDomainWrites(),
    ...emailRouteWrites(),
    ...deletes(),
  ],
};
