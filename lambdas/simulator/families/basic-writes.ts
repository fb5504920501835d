/**
 * Write endpoints of divisions, skills, languages, wrap-up codes, schedules and schedule groups, as the
 * SDK defines them (`AuthorizationApi`, `RoutingApi`, `ArchitectApi`: paths, request models, permissions).
 * Skills can only change division (`PATCH`, `UpdateSkillDivisionRequest`) and languages not at all: the
 * API has no other update for them.
 */
import type { Models } from 'purecloud-platform-client-v2';
import type { Route, RouteContext } from '../route.ts';
import {
  type Body,
  divisionOf,
  duplicateName,
  existing,
  firstError,
  idsOf,
  isResponse,
  missingField,
  newId,
  refTo,
  remove,
  staleVersion,
  stamp,
  str,
  unknownReference,
  withBody,
} from '../writes.ts';

/** A write handler: the body already checked to be an object. */

export function divisionWrites(): Route[] {
  const base = '/api/v2/authorization/divisions';
  return [
    {
      method: 'POST',
      template: base,
      permissions: ['authorization:division:add', 'authorization:grant:add'],
      handle: withBody(({ org }, body) => {
        const invalid = firstError(
          missingField(body, ['name']),
          duplicateName(org.divisions, body.name, 'division'),
        );
        if (invalid) return invalid;
        const id = newId();
        const d: Models.AuthzDivision = {
          id,
          name: String(body.name),
          description: str(body.description) ?? '',
          homeDivision: false,
          selfUri: `${base}/${id}`,
        };
        org.divisions.push(d);
        return { status: 200, body: d };
      }),
    },
    {
      method: 'PUT',
      template: `${base}/{divisionId}`,
      permissions: ['authorization:division:edit'],
      handle: withBody((ctx, body) => {
        const d = existing(ctx.org.divisions, ctx, 'divisionId');
        if (isResponse(d)) return d;
        const invalid = firstError(
          missingField(body, ['name']),
          duplicateName(ctx.org.divisions, body.name, 'division', d.id),
        );
        if (invalid) return invalid;
        d.name = String(body.name);
        d.description = str(body.description) ?? '';
        return { status: 200, body: d };
      }),
    },
    {
      method: 'DELETE',
      template: `${base}/{divisionId}`,
      permissions: ['authorization:division:delete'],
      handle: (ctx) => remove(ctx.org.divisions, ctx, 'divisionId'),
    },
  ];
}

export function skillWrites(): Route[] {
  const base = '/api/v2/routing/skills';
  return [
    {
      method: 'POST',
      template: base,
      permissions: ['routing:skill:manage', 'routing:skill:create'],
      anyPermission: true,
      handle: withBody((ctx, body) => {
        const { org } = ctx;
        const active = org.skills.filter((s) => s.state !== 'deleted');
        const invalid = firstError(missingField(body, ['name']), duplicateName(active, body.name, 'skill'));
        if (invalid) return invalid;
        const division = divisionOf(org, body.divisionId);
        if (isResponse(division)) return division;
        const id = newId();
        const s: Models.RoutingSkill = {
          id,
          name: String(body.name),
          division,
          state: 'active',
          version: '1',
          dateModified: stamp(ctx),
          selfUri: `${base}/${id}`,
        };
        org.skills.push(s);
        return { status: 200, body: s };
      }),
    },
    {
      method: 'PATCH',
      template: `${base}/{skillId}`,
      permissions: ['routing:skill:update'],
      anyPermission: true,
      handle: withBody((ctx, body) => {
        const s = existing(ctx.org.skills, ctx, 'skillId');
        if (isResponse(s)) return s;
        const division = divisionOf(ctx.org, body.divisionId ?? s.division?.id);
        if (isResponse(division)) return division;
        s.division = division;
        s.version = String(Number(s.version ?? '1') + 1);
        s.dateModified = stamp(ctx);
        return { status: 200, body: s };
      }),
    },
    {
      method: 'DELETE',
      template: `${base}/{skillId}`,
      permissions: ['routing:skill:manage', 'routing:skill:delete'],
      anyPermission: true,
      handle: (ctx) => remove(ctx.org.skills, ctx, 'skillId'),
    },
  ];
}

export function languageWrites(): Route[] {
  const base = '/api/v2/routing/languages';
  return [
    {
      method: 'POST',
      template: base,
      permissions: ['routing:skill:manage'],
      anyPermission: true,
      handle: withBody((ctx, body) => {
        const invalid = firstError(
          missingField(body, ['name']),
          duplicateName(ctx.org.languages, body.name, 'language'),
        );
        if (invalid) return invalid;
        const id = newId();
        const l: Models.Language = {
          id,
          name: String(body.name),
          state: 'active',
          version: '1',
          dateModified: stamp(ctx),
          selfUri: `${base}/${id}`,
        };
        ctx.org.languages.push(l);
        return { status: 200, body: l };
      }),
    },
    {
      method: 'DELETE',
      template: `${base}/{languageId}`,
      permissions: ['routing:skill:manage'],
      anyPermission: true,
      handle: (ctx) => remove(ctx.org.languages, ctx, 'languageId'),
    },
  ];
}

export function wrapupCodeWrites(): Route[] {
  const base = '/api/v2/routing/wrapupcodes';
  const fields = (ctx: RouteContext, body: Body, exceptId?: string) => {
    const invalid = firstError(
      missingField(body, ['name']),
      duplicateName(ctx.org.wrapupCodes, body.name, 'wrap-up code', exceptId),
    );
    if (invalid) return invalid;
    const division = divisionOf(ctx.org, (body.division as Body | undefined)?.id);
    if (isResponse(division)) return division;
    return { name: String(body.name), division, description: str(body.description) };
  };
  return [
    {
      method: 'POST',
      template: base,
      permissions: ['routing:wrapupCode:add'],
      handle: withBody((ctx, body) => {
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const id = newId();
        const w: Models.WrapupCode = {
          id,
          ...f,
          dateCreated: stamp(ctx),
          dateModified: stamp(ctx),
          createdBy: 'system',
          modifiedBy: 'system',
          selfUri: `${base}/${id}`,
        };
        ctx.org.wrapupCodes.push(w);
        return { status: 200, body: w };
      }),
    },
    {
      method: 'PUT',
      template: `${base}/{codeId}`,
      permissions: ['routing:wrapupCode:edit'],
      handle: withBody((ctx, body) => {
        const w = existing(ctx.org.wrapupCodes, ctx, 'codeId');
        if (isResponse(w)) return w;
        const f = fields(ctx, body, w.id);
        if (isResponse(f)) return f;
        Object.assign(w, f, { dateModified: stamp(ctx) });
        if (f.description === undefined) delete w.description;
        return { status: 200, body: w };
      }),
    },
    {
      method: 'DELETE',
      template: `${base}/{codeId}`,
      permissions: ['routing:wrapupCode:delete'],
      handle: (ctx) => remove(ctx.org.wrapupCodes, ctx, 'codeId'),
    },
  ];
}

/** The fields a schedule body sets (`Schedule`: name, start and end required). */
function scheduleFields(ctx: RouteContext, body: Body) {
  const invalid = missingField(body, ['name', 'start', 'end']);
  if (invalid) return invalid;
  const division = divisionOf(ctx.org, (body.division as Body | undefined)?.id);
  if (isResponse(division)) return division;
  return {
    name: String(body.name),
    division,
    description: str(body.description),
    start: String(body.start),
    end: String(body.end),
    rrule: str(body.rrule),
  };
}

/** The fields a schedule group body sets; every schedule it names must exist. */
function scheduleGroupFields(ctx: RouteContext, body: Body) {
  const { org } = ctx;
  const invalid = firstError(
    missingField(body, ['name']),
    unknownReference(
      org.schedules,
      [...idsOf(body.openSchedules), ...idsOf(body.closedSchedules), ...idsOf(body.holidaySchedules)],
      'schedule',
    ),
  );
  if (invalid) return invalid;
  const division = divisionOf(org, (body.division as Body | undefined)?.id);
  if (isResponse(division)) return division;
  const refs = (v: unknown) => idsOf(v).map((id) => refTo(org.schedules, id));
  return {
    name: String(body.name),
    division,
    description: str(body.description),
    timeZone: str(body.timeZone),
    openSchedules: refs(body.openSchedules),
    closedSchedules: refs(body.closedSchedules),
    holidaySchedules: refs(body.holidaySchedules),
  };
}

/** POST, PUT (the current `version` required, as Architect checks it) and DELETE of an Architect type. */
function architectWrites<T extends { id?: string; version?: number; dateModified?: string }>(spec: {
  readonly base: string;
  readonly param: string;
  readonly permission: string;
  readonly list: (ctx: RouteContext) => T[];
  readonly fields: (ctx: RouteContext, body: Body) => ReturnType<Route['handle']> | Partial<T>;
}): Route[] {
  const { base, param, permission, list, fields } = spec;
  const defined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return [
    {
      method: 'POST',
      template: base,
      permissions: [`${permission}:add`],
      handle: withBody((ctx, body) => {
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const id = newId();
        const created = {
          id,
          ...defined(f),
          version: 1,
          state: 'active',
          dateCreated: stamp(ctx),
          dateModified: stamp(ctx),
          selfUri: `${base}/${id}`,
        } as unknown as T;
        list(ctx).push(created);
        return { status: 200, body: created };
      }),
    },
    {
      method: 'PUT',
      template: `${base}/{${param}}`,
      permissions: [`${permission}:edit`],
      handle: withBody((ctx, body) => {
        const current = existing(list(ctx), ctx, param);
        if (isResponse(current)) return current;
        const f = fields(ctx, body);
        if (isResponse(f)) return f;
        const stale = staleVersion(current.version, body.version);
        if (stale) return stale;
        for (const k of Object.keys(f)) delete (current as Record<string, unknown>)[k];
        Object.assign(current, defined(f), {
          version: (current.version ?? 1) + 1,
          dateModified: stamp(ctx),
        });
        return { status: 200, body: current };
      }),
    },
    {
      method: 'DELETE',
      template: `${base}/{${param}}`,
      permissions: [`${permission}:delete`],
      handle: (ctx) => remove(list(ctx), ctx, param),
    },
  ];
}

export function scheduleWrites(): Route[] {
  return [
    ...architectWrites<Models.Schedule>({
      base: '/api/v2/architect/schedules',
      param: 'scheduleId',
      permission: 'routing:schedule',
      list: (ctx) => ctx.org.schedules,
      fields: scheduleFields,
    }),
    ...architectWrites<Models.ScheduleGroup>({
      base: '/api/v2/architect/schedulegroups',
      param: 'scheduleGroupId',
      permission: 'routing:scheduleGroup',
      list: (ctx) => ctx.org.scheduleGroups,
      fields: scheduleGroupFields,
    }),
  ];
}
