/**
 * Flows family (`routing:flow`): Architect flows of every type the SDK knows, what each consumes
 * (dependency tracking), their versions and YAML, `GET /api/v2/flows/lookup` and the export jobs.
 */
import type { Models } from 'purecloud-platform-client-v2';
import {
  consumedResourcesRoute,
  dedupeById,
  dependency as dep,
  FLOW_DEPENDENCY_TYPE,
} from '../dependency-tracking.ts';
import { apiError } from '../errors.ts';
import { exportJobRoutes } from '../export-jobs.ts';
import { multi, sorted } from '../listing.ts';
import { pageByNumber } from '../paging.ts';
import type { Route } from '../route.ts';
import type { Family, FixtureContext } from './family.ts';
import { activeUsers, divisionRef, flowOfType, randomDivision, range, suffix } from './fixtures.ts';
import { flowYaml } from './flow-yaml.ts';

/**
 * `Flow.type` values: the SDK's flow type enum (ArchitectApi.md, getFlows `type`: bot, commonmodule,
 * digitalbot, emailsend, inboundcall, inboundchat, inboundemail, inboundshortmessage, outboundcall,
 * inqueuecall, inqueueemail, inqueueshortmessage, speech, securecall, surveyinvite, voice, voicemail,
 * voicesurvey, workflow, workitem), upper case in response bodies.
 */
export const FLOW_TYPE_ENUM = [
  'BOT',
  'COMMONMODULE',
  'DIGITALBOT',
  'EMAILSEND',
  'INBOUNDCALL',
  'INBOUNDCHAT',
  'INBOUNDEMAIL',
  'INBOUNDSHORTMESSAGE',
  'OUTBOUNDCALL',
  'INQUEUECALL',
  'INQUEUEEMAIL',
  'INQUEUESHORTMESSAGE',
  'SPEECH',
  'SECURECALL',
  'SURVEYINVITE',
  'VOICE',
  'VOICEMAIL',
  'VOICESURVEY',
  'WORKFLOW',
  'WORKITEM',
] as const;

const COVERAGE_FLOW_NAMES: Record<(typeof FLOW_TYPE_ENUM)[number], string> = {
  BOT: 'Order Status Voice Bot',
  COMMONMODULE: 'Shared Lookup Module',
  DIGITALBOT: 'Web Chat Digital Bot',
  EMAILSEND: 'Order Confirmation Email',
  INBOUNDCALL: 'Main IVR',
  INBOUNDCHAT: 'Web Chat Intake',
  INBOUNDEMAIL: 'Email Intake',
  INBOUNDSHORTMESSAGE: 'SMS and Messaging Intake',
  OUTBOUNDCALL: 'Collections Outbound Calls',
  INQUEUECALL: 'In-Queue Music',
  INQUEUEEMAIL: 'Email In-Queue Handling',
  INQUEUESHORTMESSAGE: 'Messaging In-Queue Handling',
  SPEECH: 'Speech Intent Flow',
  SECURECALL: 'Secure Card Payment',
  SURVEYINVITE: 'Post-Contact Survey Invite',
  VOICE: 'Voice Agent Handover',
  VOICEMAIL: 'Voicemail Handling',
  VOICESURVEY: 'Post-Call Voice Survey',
  WORKFLOW: 'Callback Workflow',
  WORKITEM: 'Case Workitem Routing',
};

/** The types the first `counts.flows` flows cycle through (the second is the built-in in-queue flow). */
const BASE_FLOW_TYPES = ['INBOUNDCALL', 'INQUEUECALL', 'COMMONMODULE', 'WORKFLOW', 'INBOUNDEMAIL'] as const;

export function flows({ counts, org, rnd }: FixtureContext): void {
  org.flows = range(counts.flows).map((i): Models.Flow => {
    const type = BASE_FLOW_TYPES[i % BASE_FLOW_TYPES.length] ?? 'INBOUNDCALL';
    const system = i === 1; // the built-in default in-queue flow
    const active = i % 9 !== 8; // a few flows were never published
    return {
      id: rnd.uuid(),
      name: system
        ? 'Default In-Queue Flow'
        : `${['Main IVR', 'In-Queue Music', 'Account Lookup Module', 'Callback Workflow', 'Email Intake'][i % 5]}${suffix(i, 5)}`,
      division: randomDivision(rnd, org),
      description: `${type.toLowerCase()} flow`,
      type,
      active,
      system,
      deleted: false,
      publishedVersion: active ? { id: `${1 + rnd.int(20)}.0`, name: 'published' } : undefined,
      checkedInVersion: { id: `${1 + rnd.int(20)}.0` },
      savedVersion: undefined,
    };
  });
}

/**
 * Flows consume queues, skills, data actions, prompts, schedule groups and other flows; the first two
 * user flows form a cycle (each transfers to the other), which the manifest must report.
 */
export function flowDependencies({ org, rnd }: FixtureContext): void {
  const { queues, scheduleGroups, prompts, skills, dataActions } = org;
  const depType = FLOW_DEPENDENCY_TYPE;
  const userFlows = org.flows.filter((f) => !f.system);
  userFlows.forEach((f, i) => {
    const deps: Models.Dependency[] = [];
    if (f.type === 'INBOUNDCALL' || f.type === 'INBOUNDEMAIL') {
      for (const q of rnd.sample(queues, Math.min(queues.length, 2))) deps.push(dep(q, 'QUEUE'));
      if (scheduleGroups.length) deps.push(dep(rnd.pick(scheduleGroups), 'SCHEDULEGROUP'));
      if (prompts.length) deps.push(dep(rnd.pick(prompts), 'USERPROMPT'));
    }
    if (skills.length && rnd.chance(0.6)) deps.push(dep(rnd.pick(skills), 'ACDSKILL'));
    if (dataActions.length && rnd.chance(0.5)) deps.push(dep(rnd.pick(dataActions), 'DATAACTION'));
    const next = userFlows[(i + 1) % userFlows.length];
    if (next && next.id !== f.id && (i === 0 || rnd.chance(0.3)))
      deps.push(dep(next, depType[next.type ?? ''] ?? 'INBOUNDCALLFLOW'));
    if (i === 1 && userFlows[0])
      deps.push(dep(userFlows[0], depType[userFlows[0].type ?? ''] ?? 'INBOUNDCALLFLOW'));
    org.flowDependencies.set(f.id as string, dedupeById(deps));
  });
}

/** One more flow for each type of the SDK's flow type enum the org does not have yet. */
export function coverageFlows({ org, extra }: FixtureContext): void {
  const { flows } = org;
  if (!flows.length) return;
  for (const type of FLOW_TYPE_ENUM) {
    if (flows.some((f) => f.type === type)) continue;
    const published = 1 + extra.int(12);
    flows.push({
      id: extra.uuid(),
      name: COVERAGE_FLOW_NAMES[type],
      division: divisionRef(extra.pick(org.divisions)),
      description: `${type.toLowerCase()} flow`,
      type,
      active: true,
      system: false,
      deleted: false,
      publishedVersion: { id: `${published}.0`, name: 'published' },
      checkedInVersion: { id: `${published}.0` },
      savedVersion: undefined,
    });
  }
}

/** Dependencies of the added flows, and wrap-up codes, languages and more flow types consumed by others. */
export function coverageDependencies({ org, extra }: FixtureContext): void {
  const { flowDependencies, queues, languages, wrapupCodes, skills, dataActions, groups, schedules } = org;
  const flowOf = (type: string) => flowOfType(org, type);
  const add = (flow: Models.Flow | undefined, d: Models.Dependency | undefined) => {
    if (!flow?.id || !d?.id) return;
    flowDependencies.set(flow.id, dedupeById([...(flowDependencies.get(flow.id) ?? []), d]));
  };
  const flowDep = (f: Models.Flow | undefined) =>
    f && FLOW_DEPENDENCY_TYPE[f.type ?? '']
      ? dep(f, FLOW_DEPENDENCY_TYPE[f.type ?? ''] as string)
      : undefined;
  // `some` draws even where the flow is missing: the draws stay in step whatever the org holds.
  const some = <T>(items: readonly T[]) => (items.length ? extra.pick(items) : undefined);
  const entity = (e: { id?: string; name?: string } | undefined, type: string) =>
    e ? dep(e, type) : undefined;
  const mainIvr = flowOf('INBOUNDCALL');
  add(mainIvr, flowDep(flowOf('BOT')));
  add(mainIvr, flowDep(flowOf('SECURECALL')));
  add(mainIvr, flowDep(flowOf('VOICEMAIL')));
  add(mainIvr, entity(some(languages), 'ACDLANGUAGE'));
  add(mainIvr, entity(some(wrapupCodes), 'ACDWRAPUPCODE'));
  for (const type of ['INBOUNDCHAT', 'INBOUNDSHORTMESSAGE']) {
    const f = flowOf(type);
    add(f, entity(some(queues), 'QUEUE'));
    add(f, flowDep(flowOf('DIGITALBOT')));
    add(f, entity(some(languages), 'ACDLANGUAGE'));
  }
  const workitem = flowOf('WORKITEM');
  add(workitem, entity(some(queues), 'QUEUE'));
  add(workitem, entity(some(skills), 'ACDSKILL'));
  add(workitem, entity(some(languages), 'ACDLANGUAGE'));
  add(workitem, entity(some(wrapupCodes), 'ACDWRAPUPCODE'));
  for (const type of ['OUTBOUNDCALL', 'VOICE', 'DIGITALBOT'])
    add(flowOf(type), entity(some(queues), 'QUEUE'));
  for (const type of ['BOT', 'DIGITALBOT', 'SECURECALL', 'SURVEYINVITE', 'OUTBOUNDCALL'])
    add(flowOf(type), entity(some(dataActions), 'DATAACTION'));
  add(flowOf('INQUEUEEMAIL'), entity(some(skills), 'ACDSKILL'));
  add(flowOf('INQUEUESHORTMESSAGE'), flowDep(flowOf('COMMONMODULE')));
  add(flowOf('VOICEMAIL'), entity(some(groups), 'GROUP'));
  add(flowOf('INQUEUECALL'), entity(some(schedules), 'SCHEDULE'));
  for (const f of org.flows)
    if (!flowDependencies.has(f.id as string) && !f.system) flowDependencies.set(f.id as string, []);
}

/**
 * Flow versions: every published/checked-in version has the flow's definition; some flows are checked
 * out with a newer saved draft whose text differs. Export jobs without a version get the newest one.
 */
export function flowVersions({ counts, org, extra }: FixtureContext): void {
  const editors = activeUsers(org);
  org.flows.forEach((f, i) => {
    const deps = org.flowDependencies.get(f.id as string) ?? [];
    const text = flowYaml(f, deps);
    const versions = new Map<string, string>();
    for (const v of [f.publishedVersion?.id, f.checkedInVersion?.id]) if (v) versions.set(v, text);
    let newest = text;
    if (!f.system && f.active && i % 3 === 0 && i < counts.flows) {
      const major = Math.max(
        ...[f.publishedVersion?.id, f.checkedInVersion?.id].map((v) => Number.parseFloat(v ?? '0') || 0),
      );
      const saved = `${major + 1}.0`;
      const editor = editors.length ? extra.pick(editors) : undefined;
      f.savedVersion = { id: saved, name: 'saved', type: 'SAVE' };
      if (editor) f.lockedUser = { id: editor.id, name: editor.name, version: editor.version };
      newest = flowYaml(f, deps, true);
      versions.set(saved, newest);
    }
    org.flowDefinitions.set(f.id as string, newest);
    org.flowVersions.set(f.id as string, versions);
  });
}

/**
 * Each version's YAML written again from everything the flow consumes once every family has added to it
 * (data tables, milestones, scripts...): Architect's dependency tracking is derived from the definition, so
 * what the flow consumes and what its YAML references are the same. Draws nothing.
 */
export function flowDefinitionsFromDependencies({ org }: Pick<FixtureContext, 'org'>): void {
  for (const f of org.flows) {
    const id = String(f.id);
    const deps = org.flowDependencies.get(id) ?? [];
    const versions = org.flowVersions.get(id);
    if (!versions) continue;
    const draft = (v: string) => v === f.savedVersion?.id;
    for (const v of versions.keys()) versions.set(v, flowYaml(f, deps, draft(v)));
    const newest = f.savedVersion?.id ?? f.checkedInVersion?.id ?? f.publishedVersion?.id;
    org.flowDefinitions.set(id, flowYaml(f, deps, newest !== undefined && draft(newest)));
  }
}

/** `GET /api/v2/flows/lookup`: flows by ID, sorted by ID or name. */
function lookupRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/flows/lookup',
    permissions: ['architect:flow:view'],
    handle: ({ org, query, path }) => {
      const ids = new Set(
        query
          .getAll('id')
          .flatMap((x) => x.split(','))
          .filter(Boolean),
      );
      if (ids.size === 0)
        return apiError(400, 'bad.request', 'The id parameter is required: at least one flow ID.');
      const sortBy = query.get('sortBy') === 'name' ? 'name' : 'id';
      const flows = org.flows.filter((f) => ids.has(f.id as string)) as unknown as Record<string, unknown>[];
      return pageByNumber(sorted(flows, sortBy, query), path, query, { maxPageSize: 500 });
    },
  };
}

export const flowsFamily: Family = {
  name: 'routing:flow',
  listings: [
    {
      base: '/api/v2/flows',
      idParam: 'flowId',
      collection: 'flows',
      permissions: ['architect:flow:view'],
      maxPageSize: 500,
      paging: 'pageNumber',
      idFilter: true,
      sortBy: 'id',
      single: true,
      idsOverrideFilters: true,
      filter: (e, q) =>
        (q.get('deleted') === 'true' || e.deleted !== true) &&
        (multi(q, 'type').length === 0 || multi(q, 'type').some((t) => t.toUpperCase() === e.type)),
    },
  ],
  routes: () => [consumedResourcesRoute(), lookupRoute(), ...exportJobRoutes()],
};
