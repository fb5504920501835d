/**
 * Queue write endpoints (`RoutingApi`): create (`CreateQueueRequest`), replace (`QueueRequest`), delete,
 * and the queue's wrap-up codes (`POST` a list of `WrapUpCodeReference`, `DELETE` one) and direct members
 * (`POST` a list of `WritableEntity`; `?delete=true` removes them). Every ID a body names must exist.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { notFound, type SimResponse } from '../errors.ts';
import type { SimOrg } from '../model.ts';
import type { Route, RouteContext } from '../route.ts';
import {
  arrayBody,
  type Body,
  divisionOf,
  duplicateName,
  existing,
  firstError,
  idsOf,
  isResponse,
  missingField,
  newId,
  objectBody,
  refTo,
  stamp,
  unknownReference,
} from '../writes.ts';

const BASE = '/api/v2/routing/queues';

/** `QueueRequest`'s fields that configure a queue (the rest is read-only: ID, stamps, member counts). */
const WRITABLE: readonly (keyof Models.QueueRequest)[] = [
  'name',
  'description',
  'mediaSettings',
  'routingRules',
  'conditionalGroupRouting',
  'conditionalGroupActivation',
  'bullseye',
  'scoringMethod',
  'lastAgentRoutingMode',
  'acwSettings',
  'skillEvaluationMethod',
  'memberGroups',
  'queueFlow',
  'emailInQueueFlow',
  'messageInQueueFlow',
  'whisperPrompt',
  'onHoldPrompt',
  'defaultMediaLanguage',
  'autoAnswerOnly',
  'cannedResponseLibraries',
  'enableTranscription',
  'enableAudioMonitoring',
  'enableManualAssignment',
  'agentOwnedRouting',
  'directRouting',
  'callingPartyName',
  'callingPartyNumber',
  'defaultScripts',
  'outboundMessagingAddresses',
  'outboundEmailAddress',
  'peerId',
  'suppressInQueueCallRecording',
];

const MEMBER_GROUPS: Readonly<Record<string, 'groups' | 'teams' | 'skillGroups'>> = {
  GROUP: 'groups',
  TEAM: 'teams',
  SKILLGROUP: 'skillGroups',
};

const obj = (v: unknown): Body => (v && typeof v === 'object' ? (v as Body) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** 400 for the first reference of the body to a resource the org does not have. */
function unknownReferences(org: SimOrg, body: Body): SimResponse | undefined {
  const rings = arr(obj(body.bullseye).rings);
  const skills = rings.flatMap((r) => idsOf(obj(obj(r).actions).skillsToRemove));
  const rules = arr(obj(body.conditionalGroupRouting).rules);
  const groups = [...arr(body.memberGroups), ...rules.flatMap((r) => arr(obj(r).groups))];
  const flows = ['queueFlow', 'emailInQueueFlow', 'messageInQueueFlow']
    .map((f) => obj(body[f]).id)
    .filter((id) => id !== undefined);
  const prompts = ['whisperPrompt', 'onHoldPrompt']
    .map((f) => obj(body[f]).id)
    .filter((id) => id !== undefined);
  return firstError(
    unknownReference(org.skills, skills, 'skill'),
    unknownReference(
      org.queues,
      rules.map((r) => obj(obj(r).queue).id),
      'queue',
    ),
    ...groups.map((g) =>
      unknownReference(org[MEMBER_GROUPS[String(obj(g).type)] ?? 'groups'], [obj(g).id], 'member group'),
    ),
    unknownReference(org.flows, flows, 'flow'),
    unknownReference(org.prompts, prompts, 'prompt'),
  );
}

/** The queue's configuration from a request body: writable fields only, references named. */
function queueFields(ctx: RouteContext, body: Body, exceptId?: string): Partial<Models.Queue> | SimResponse {
  const { org } = ctx;
  const invalid = firstError(
    missingField(body, ['name']),
    duplicateName(org.queues, body.name, 'queue', exceptId),
    unknownReferences(org, body),
  );
  if (invalid) return invalid;
  const division = divisionOf(org, obj(body.division).id);
  if (isResponse(division)) return division;
  const fields: Record<string, unknown> = { division };
  for (const k of WRITABLE)
    if (body[k] !== undefined && body[k] !== null) fields[k] = structuredClone(body[k]);
  for (const [k, list] of [
    ['queueFlow', org.flows],
    ['emailInQueueFlow', org.flows],
    ['messageInQueueFlow', org.flows],
    ['whisperPrompt', org.prompts],
    ['onHoldPrompt', org.prompts],
  ] as const)
    if (fields[k]) fields[k] = refTo(list, obj(fields[k]).id);
  return fields as Partial<Models.Queue>;
}

function createQueue(ctx: RouteContext): SimResponse {
  const body = objectBody(ctx.body);
  if (isResponse(body)) return body;
  const fields = queueFields(ctx, body);
  if (isResponse(fields)) return fields;
  const id = newId();
  const q: Models.Queue = {
    id,
    ...fields,
    dateCreated: stamp(ctx),
    dateModified: stamp(ctx),
    memberCount: 0,
    userMemberCount: 0,
    joinedMemberCount: 0,
    selfUri: `${BASE}/${id}`,
  };
  ctx.org.queues.push(q);
  ctx.org.queueWrapupCodes.set(id, []);
  ctx.org.queueMembers.set(id, []);
  return { status: 200, body: q };
}

function replaceQueue(ctx: RouteContext): SimResponse {
  const q = existing(ctx.org.queues, ctx, 'queueId');
  if (isResponse(q)) return q;
  const body = objectBody(ctx.body);
  if (isResponse(body)) return body;
  const fields = queueFields(ctx, body, q.id);
  if (isResponse(fields)) return fields;
  for (const k of WRITABLE) delete (q as Record<string, unknown>)[k];
  Object.assign(q, fields, { dateModified: stamp(ctx) });
  return { status: 200, body: q };
}

function deleteQueue(ctx: RouteContext): SimResponse {
  const i = ctx.org.queues.findIndex((q) => q.id === ctx.params.queueId);
  if (i < 0) return notFound(ctx.path);
  ctx.org.queues.splice(i, 1);
  ctx.org.queueWrapupCodes.delete(String(ctx.params.queueId));
  ctx.org.queueMembers.delete(String(ctx.params.queueId));
  return { status: 204 };
}

function addWrapupCodes(ctx: RouteContext): SimResponse {
  const codes = ctx.org.queueWrapupCodes.get(String(ctx.params.queueId));
  if (!codes) return notFound(ctx.path);
  const body = arrayBody(ctx.body);
  if (isResponse(body)) return body;
  const ids = body.map((b) => b.id);
  const invalid = unknownReference(ctx.org.wrapupCodes, ids, 'wrap-up code');
  if (invalid) return invalid;
  for (const id of ids) if (!codes.includes(String(id))) codes.push(String(id));
  const added = ctx.org.wrapupCodes.filter((w) => ids.includes(w.id));
  return { status: 200, body: added };
}

function removeWrapupCode(ctx: RouteContext): SimResponse {
  const codes = ctx.org.queueWrapupCodes.get(String(ctx.params.queueId));
  const i = codes?.indexOf(String(ctx.params.codeId)) ?? -1;
  if (!codes || i < 0) return notFound(ctx.path);
  codes.splice(i, 1);
  return { status: 204 };
}

function changeMembers(ctx: RouteContext): SimResponse {
  const members = ctx.org.queueMembers.get(String(ctx.params.queueId));
  if (!members) return notFound(ctx.path);
  const body = arrayBody(ctx.body);
  if (isResponse(body)) return body;
  const ids = body.map((b) => b.id);
  const invalid = unknownReference(ctx.org.users, ids, 'user');
  if (invalid) return invalid;
  const remove = ctx.query.get('delete')?.toLowerCase() === 'true';
  for (const id of ids.map(String)) {
    const i = members.indexOf(id);
    if (remove && i >= 0) members.splice(i, 1);
    if (!remove && i < 0) members.push(id);
  }
  return { status: 204 };
}

export function queueWrites(): Route[] {
  return [
    {
      method: 'POST',
      template: BASE,
      permissions: ['routing:queue:add'],
      anyPermission: true,
      handle: createQueue,
    },
    {
      method: 'PUT',
      template: `${BASE}/{queueId}`,
      permissions: ['routing:queue:edit'],
      anyPermission: true,
      handle: replaceQueue,
    },
    {
      method: 'DELETE',
      template: `${BASE}/{queueId}`,
      permissions: ['routing:queue:delete'],
      handle: deleteQueue,
    },
    {
      method: 'POST',
      template: `${BASE}/{queueId}/wrapupcodes`,
      permissions: ['routing:queue:edit'],
      handle: addWrapupCodes,
    },
    {
      method: 'DELETE',
      template: `${BASE}/{queueId}/wrapupcodes/{codeId}`,
      permissions: ['routing:queue:edit'],
      handle: removeWrapupCode,
    },
    {
      method: 'POST',
      template: `${BASE}/{queueId}/members`,
      permissions: ['routing:queue:edit', 'routing:queueMember:manage'],
      anyPermission: true,
      handle: changeMembers,
    },
  ];
}
