/**
 * The types `import run` can create and update, each with the write endpoints the SDK gives it
 * (`src/purecloud-platform-client-v2/api/*Api.js`) and the request body built from a snapshot file.
 * Every other catalog type is export-only for now and reported as such.
 */
import type { Entity } from '../engine/catalog/types.ts';
import type { ApplyContext } from './apply.ts';
import { role, roleGrant } from './authorization.ts';
import { evaluationForm } from './evaluation-forms.ts';
import { flow } from './flows.ts';
import { dataAction, integration } from './integrations.ts';
import { dataTable, flowMilestone, flowOutcome, userPrompt, utilizationLabel } from './named.ts';
import {
  attemptLimit,
  callAnalysisResponseSet,
  callableTimeSet,
  campaign,
  campaignSequence,
  contactList,
  contactListFilter,
  dncList,
  outboundSettings,
  outboundWrapupCodeMappings,
  ruleSet,
} from './outbound.ts';
import { group, location, team, user } from './people.ts';
import type { PlannedResource } from './plan.ts';
import {
  cannedResponse,
  emailDomain,
  emailRoute,
  presenceDefinition,
  responseLibrary,
  routingSettings,
  routingUtilization,
  skillGroup,
  smsAddress,
} from './routing-config.ts';
import {
  didPool,
  edgeGroup,
  emergencyGroup,
  extensionPool,
  ivr,
  phone,
  phoneBaseSettings,
  site,
  trunkBaseSettings,
} from './telephony.ts';
import { webDeployment, webDeploymentConfiguration } from './webdeployments.ts';

export type Body = Record<string, unknown>;

export interface ChildList {
  /** Field of the snapshot form that holds the list (`{id}` objects). */
  readonly field: string;
  /** Adds the given IDs (one request). */
  readonly add: (parentId: string, ids: readonly string[]) => { path: string; body: unknown };
  /** Removes the given IDs: one request per ID, or one for all. */
  readonly remove: (
    parentId: string,
    ids: readonly string[],
  ) => Array<{ method: 'DELETE' | 'POST'; path: string; body?: unknown }>;
}

export interface ImportableType {
  readonly type: string;
  /** `POST` path and request body (references already rewritten to the target's IDs). */
  readonly create: { readonly path: string; readonly body: (e: Entity) => Body };
  /**
   * How a resource is changed, or undefined when the API cannot change it at all (languages). `fields`:
   * the only fields the update can change (skills: their division); another field differing blocks.
   */
  readonly update?: {
    readonly method: 'PUT' | 'PATCH';
    readonly path: (id: string) => string;
    readonly body: (e: Entity, current: Entity) => Body;
    readonly fields?: readonly string[];
    /** The body must carry the resource's current `version` (read just before). */
    readonly versioned?: boolean;
    /** Where the current version is read (the single GET). */
    readonly read?: (id: string) => string;
  };
  /** Set by the platform, never by a request: not compared. */
  readonly readOnly: readonly string[];
  /**
   * The form compared with the target's, where the platform sets fields inside lists (the IDs of a phone's
   * lines, of a site's outbound routes, an evaluation form's question IDs) or some list's order means
   * nothing (a subject's grants): what is left out is neither compared nor written.
   */
  readonly comparable?: (e: Entity) => Entity;
  /** Lists changed through their own endpoints after the resource itself (a queue's wrap-up codes). */
  readonly children?: readonly ChildList[];
  /** The natural key another org's resource is matched by (default: the name, without case). */
  readonly naturalKey?: (e: Entity) => string | undefined;
  /**
   * Written some other way than a JSON create or update (flows: Architect import jobs): creates or
   * updates the resource; `pending` when a reference was left out until the resources after it exist.
   */
  readonly writer?: {
    readonly write: (r: PlannedResource, ctx: ApplyContext) => Promise<{ id: string; pending: boolean }>;
  };
  /** Why a resource that would be created (no `current`) or changed cannot be, if it cannot. */
  readonly refuse?: (desired: Entity, current: Entity | undefined) => string | undefined;
  /**
   * A resource the source org keeps only as a record of what it was (a deleted user): when the target has
   * no counterpart, a reference to it is dropped, whatever --ignoreMissingResources, since no import can
   * create it; the plan lists each.
   */
  readonly gone?: (e: Entity) => boolean;
  /** Reference paths the resource is nothing without (a grant's subject): one that is gone blocks it. */
  readonly requires?: readonly string[];
}

const ref = (v: unknown): Body | undefined =>
  v && typeof v === 'object' ? { id: (v as Entity).id } : undefined;

/** Every field of the snapshot form except the ones named. */
function without(e: Entity, fields: readonly string[]): Body {
  return Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k)));
}

const q = encodeURIComponent;

const division: ImportableType = {
  type: 'authorization:division',
  create: {
    path: '/api/v2/authorization/divisions',
    body: (e) => ({ name: e.name, description: e.description ?? '' }),
  },
  update: {
    method: 'PUT',
    path: (id) => `/api/v2/authorization/divisions/${q(id)}`,
    body: (e) => ({ name: e.name, description: e.description ?? '' }),
  },
  readOnly: ['homeDivision'],
  // Every org has one Home division, whatever it is called: the source's is the target's.
  naturalKey: (e) => (e.homeDivision === true ? '\u0000home' : String(e.name ?? '').toLowerCase()),
};

const skill: ImportableType = {
  type: 'routing:skill',
  create: {
    path: '/api/v2/routing/skills',
    body: (e) => ({ name: e.name, divisionId: (e.division as Entity | undefined)?.id }),
  },
  update: {
    method: 'PATCH',
    path: (id) => `/api/v2/routing/skills/${q(id)}`,
    body: (e) => ({ divisionId: (e.division as Entity | undefined)?.id }),
    fields: ['division'],
  },
  readOnly: ['state'],
};

const language: ImportableType = {
  type: 'routing:language',
  create: { path: '/api/v2/routing/languages', body: (e) => ({ name: e.name }) },
  readOnly: ['state'],
};

const wrapupCode: ImportableType = {
  type: 'organization:wrapupcode',
  create: {
    path: '/api/v2/routing/wrapupcodes',
    body: (e) => ({ name: e.name, description: e.description, division: ref(e.division) }),
  },
  update: {
    method: 'PUT',
    path: (id) => `/api/v2/routing/wrapupcodes/${q(id)}`,
    body: (e) => ({ name: e.name, description: e.description, division: ref(e.division) }),
  },
  readOnly: ['dateCreated'],
};

const ARCHITECT_READ_ONLY = ['dateCreated', 'createdBy', 'createdByApp', 'state'];

function architectType(type: string, base: string): ImportableType {
  const body = (e: Entity) => ({ ...without(e, ['id', ...ARCHITECT_READ_ONLY]), division: ref(e.division) });
  return {
    type,
    create: { path: base, body },
    update: {
      method: 'PUT',
      path: (id) => `${base}/${q(id)}`,
      body: (e, current) => ({ ...body(e), version: current.version }),
      versioned: true,
      read: (id) => `${base}/${q(id)}`,
    },
    readOnly: ARCHITECT_READ_ONLY,
  };
}

const QUEUE_CHILDREN = ['wrapupCodes', 'members'];
const QUEUE_READ_ONLY = ['dateCreated', 'createdBy'];

const queueBody = (e: Entity): Body => without(e, ['id', ...QUEUE_READ_ONLY, ...QUEUE_CHILDREN]);

const queue: ImportableType = {
  type: 'routing:queue',
  create: { path: '/api/v2/routing/queues', body: queueBody },
  update: { method: 'PUT', path: (id) => `/api/v2/routing/queues/${q(id)}`, body: queueBody },
  readOnly: QUEUE_READ_ONLY,
  children: [
    {
      field: 'wrapupCodes',
      add: (id, ids) => ({
        path: `/api/v2/routing/queues/${q(id)}/wrapupcodes`,
        body: ids.map((x) => ({ id: x })),
      }),
      remove: (id, ids) =>
        ids.map((x) => ({ method: 'DELETE', path: `/api/v2/routing/queues/${q(id)}/wrapupcodes/${q(x)}` })),
    },
    {
      field: 'members',
      add: (id, ids) => ({
        path: `/api/v2/routing/queues/${q(id)}/members`,
        body: ids.map((x) => ({ id: x })),
      }),
      remove: (id, ids) => [
        {
          method: 'POST',
          path: `/api/v2/routing/queues/${q(id)}/members?delete=true`,
          body: ids.map((x) => ({ id: x })),
        },
      ],
    },
  ],
};

/** Importable types by name. */
export const IMPORTABLE: ReadonlyMap<string, ImportableType> = new Map(
  [
    division,
    skill,
    language,
    wrapupCode,
    architectType('architect:schedule', '/api/v2/architect/schedules'),
    architectType('architect:schedulegroup', '/api/v2/architect/schedulegroups'),
    queue,
    flow,
    location,
    group,
    team,
    user,
    flowOutcome,
    flowMilestone,
    utilizationLabel,
    userPrompt,
    dataTable,
    trunkBaseSettings,
    edgeGroup,
    site,
    didPool,
    extensionPool,
    phoneBaseSettings,
    phone,
    ivr,
    emergencyGroup,
    role,
    roleGrant,
    webDeploymentConfiguration,
    webDeployment,
    integration,
    dataAction,
    outboundSettings,
    outboundWrapupCodeMappings,
    contactList,
    dncList,
    callableTimeSet,
    callAnalysisResponseSet,
    ruleSet,
    campaign,
    campaignSequence,
    attemptLimit,
    contactListFilter,
    responseLibrary,
    cannedResponse,
    smsAddress,
    presenceDefinition,
    skillGroup,
    routingUtilization,
    routingSettings,
    emailDomain,
    emailRoute,
    evaluationForm,
  ].map((t) => [t.type, t]),
);

/** The key a resource is matched by in another org: the type's, else its name without case. */
export function naturalKeyOf(t: ImportableType | undefined, e: Entity): string | undefined {
  if (t?.naturalKey) return t.naturalKey(e);
  return typeof e.name === 'string' ? e.name.toLowerCase() : undefined;
}
