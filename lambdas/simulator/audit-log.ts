/**
 * The org's audit log, as `AuditApi` serves it: every change the simulator makes (a write endpoint, the
 * control endpoint, a listing mutation) records an `AuditLogMessage`, which becomes visible to queries
 * a while later, as in the real service (entries can arrive minutes late).
 *
 * What is audited follows the service mapping (`GET /api/v2/audits/query/servicemapping`, model
 * `AuditQueryServiceMapping`): `AUDITED` below. Service, entity type and action names come from the
 * enums the SDKs once carried for `AuditLogMessage` (platform-client-sdk-java `build/docs/AuditLogMessage.md`,
 * commit 01c3a1fb: ServiceNameEnum, EntityTypeEnum, ActionEnum); SDK 257+ types them as free strings
 * whose valid values the service mapping gives. That list has no entity type for routing skills,
 * languages, divisions, scripts or data tables (only their rows, `Row`): those changes leave no entry
 * here (`UNAUDITED` says why). Which service each entity type belongs to and which actions it records is
 * not documented per entity: the mapping here is an assumption (see the report of issue 17).
 */
import { randomUUID } from 'node:crypto';
import type { Models } from 'purecloud-platform-client-v2';
import type { CollectionName } from './model.ts';
import { createRandom, type Random } from './random.ts';

/** Service -> entity type -> actions, as `servicemapping` answers it. */
export const AUDITED: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  Architect: {
    Flow: ['Create', 'Update', 'Delete', 'Publish', 'Checkin', 'Checkout', 'Revert'],
    Schedule: ['Create', 'Update', 'Delete'],
    ScheduleGroup: ['Create', 'Update', 'Delete'],
    Prompt: ['Create', 'Update', 'Delete'],
    IVR: ['Create', 'Update', 'Delete'],
    EmergencyGroup: ['Create', 'Update', 'Delete'],
  },
  Directory: {
    User: ['Create', 'Update', 'Delete'],
    Group: ['Create', 'Update', 'Delete', 'MemberAdd', 'MemberRemove'],
    Location: ['Create', 'Update', 'Delete'],
  },
  Integrations: {
    Action: ['Create', 'Update', 'Delete', 'Publish'],
    Integration: ['Create', 'Update', 'Delete'],
  },
  Routing: {
    Queue: ['Create', 'Update', 'Delete', 'MemberAdd', 'MemberRemove', 'MemberUpdate'],
    WrapupCode: ['Create', 'Update', 'Delete'],
    SkillsGroup: ['Create', 'Update', 'Delete'],
  },
};

/** Where a collection's changes are audited: service and entity type. */
export const COLLECTION_AUDIT: Partial<Record<CollectionName, { service: string; entityType: string }>> = {
  flows: { service: 'Architect', entityType: 'Flow' },
  schedules: { service: 'Architect', entityType: 'Schedule' },
  scheduleGroups: { service: 'Architect', entityType: 'ScheduleGroup' },
  users: { service: 'Directory', entityType: 'User' },
  groups: { service: 'Directory', entityType: 'Group' },
  dataActions: { service: 'Integrations', entityType: 'Action' },
  queues: { service: 'Routing', entityType: 'Queue' },
  wrapupCodes: { service: 'Routing', entityType: 'WrapupCode' },
  skillGroups: { service: 'Routing', entityType: 'SkillsGroup' },
};

/** Collections whose changes no entity type of the audit log covers. */
export const UNAUDITED: Partial<Record<CollectionName, string>> = {
  skills: 'no entity type for routing skills (only UserSkill)',
  languages: 'no entity type for routing languages (only UserLanguage)',
  divisions: 'no entity type for divisions',
  scripts: 'no entity type for published scripts (ComposerScript is the Composer editor)',
  dataTables: 'rows are audited as Row, the tables themselves have no entity type',
};

/** Audit entries of the API's write endpoints, by route (`METHOD template`). */
export const WRITE_AUDITS: Readonly<Record<string, { entityType: string; param?: string; action?: string }>> =
  {
    'POST /api/v2/routing/queues': { entityType: 'Queue' },
    'PUT /api/v2/routing/queues/{queueId}': { entityType: 'Queue', param: 'queueId' },
    'DELETE /api/v2/routing/queues/{queueId}': { entityType: 'Queue', param: 'queueId' },
    'POST /api/v2/routing/queues/{queueId}/members': {
      entityType: 'Queue',
      param: 'queueId',
      action: 'Member',
    },
    'POST /api/v2/routing/queues/{queueId}/wrapupcodes': {
      entityType: 'Queue',
      param: 'queueId',
      action: 'Update',
    },
    'DELETE /api/v2/routing/queues/{queueId}/wrapupcodes/{codeId}': {
      entityType: 'Queue',
      param: 'queueId',
      action: 'Update',
    },
    'POST /api/v2/routing/wrapupcodes': { entityType: 'WrapupCode' },
    'PUT /api/v2/routing/wrapupcodes/{codeId}': { entityType: 'WrapupCode', param: 'codeId' },
    'DELETE /api/v2/routing/wrapupcodes/{codeId}': { entityType: 'WrapupCode', param: 'codeId' },
    'POST /api/v2/architect/schedules': { entityType: 'Schedule' },
    'PUT /api/v2/architect/schedules/{scheduleId}': { entityType: 'Schedule', param: 'scheduleId' },
    'DELETE /api/v2/architect/schedules/{scheduleId}': { entityType: 'Schedule', param: 'scheduleId' },
    'POST /api/v2/architect/schedulegroups': { entityType: 'ScheduleGroup' },
    'PUT /api/v2/architect/schedulegroups/{scheduleGroupId}': {
      entityType: 'ScheduleGroup',
      param: 'scheduleGroupId',
    },
    'DELETE /api/v2/architect/schedulegroups/{scheduleGroupId}': {
      entityType: 'ScheduleGroup',
      param: 'scheduleGroupId',
    },
  };

const SERVICE_OF: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(AUDITED).flatMap(([service, types]) => Object.keys(types).map((t) => [t, service])),
);

/** Entries appear within seconds most of the time, and up to this late (virtual ms). */
export const MAX_AUDIT_DELAY_MS = 5 * 60_000;

interface Entry {
  readonly message: Models.AuditLogMessage;
  readonly at: number;
  /** When queries start to see it. */
  readonly visibleAt: number;
}

export interface AuditChange {
  readonly entityType: string;
  readonly id: string;
  readonly name?: string;
  readonly action: string;
}

/** An asynchronous query: its results are the entries visible when it was created. */
export interface AuditQueryJob {
  readonly id: string;
  readonly startedAt: number;
  readonly request: Models.AuditQueryRequest;
  readonly results: readonly Models.AuditLogMessage[];
}

export class AuditLog {
  readonly entries: Entry[] = [];
  readonly queries = new Map<string, AuditQueryJob>();
  /** Delay of the next entries, when a test wants them late (ms); otherwise drawn. */
  forcedDelayMs: number | undefined;
  private readonly rnd: Random;

  constructor(
    seed: number,
    private readonly now: () => number,
  ) {
    this.rnd = createRandom(seed + 17);
  }

  /** Records a change if its entity type is audited (`AUDITED`); others leave no trace, as in the API. */
  record(change: AuditChange): void {
    const service = SERVICE_OF[change.entityType];
    if (!service || !AUDITED[service]?.[change.entityType]?.includes(change.action)) return;
    const at = this.now();
    const delay =
      this.forcedDelayMs ?? (this.rnd.chance(0.8) ? this.rnd.int(5_000) : this.rnd.int(MAX_AUDIT_DELAY_MS));
    this.entries.push({
      at,
      visibleAt: at + delay,
      message: {
        id: randomUUID(),
        serviceName: service,
        level: 'USER',
        eventDate: new Date(at).toISOString(),
        action: change.action,
        entity: { id: change.id, ...(change.name ? { name: change.name } : {}) },
        entityType: change.entityType,
        status: 'SUCCESS',
      },
    });
  }

  recordCollection(collection: CollectionName, id: string, action: string, name?: string): void {
    const where = COLLECTION_AUDIT[collection];
    if (where) this.record({ entityType: where.entityType, id, name, action });
  }

  startQuery(
    now: number,
    request: Models.AuditQueryRequest,
    results: Models.AuditLogMessage[],
  ): AuditQueryJob {
    const job = { id: randomUUID(), startedAt: now, request, results };
    this.queries.set(job.id, job);
    return job;
  }

  /** The entries visible at `asOf` whose event date lies in [from, to). */
  visible(asOf: number, from: number, to: number): Models.AuditLogMessage[] {
    return this.entries.filter((e) => e.visibleAt <= asOf && e.at >= from && e.at < to).map((e) => e.message);
  }
}

/** `AuditQueryServiceMapping`, from `AUDITED`. */
export function serviceMapping(): Models.AuditQueryServiceMapping {
  return {
    services: Object.entries(AUDITED).map(([name, types]) => ({
      name,
      entities: Object.entries(types).map(([entity, actions]) => ({ name: entity, actions: [...actions] })),
    })),
  };
}

const METHOD_ACTIONS: Readonly<Record<string, string>> = {
  POST: 'Create',
  PUT: 'Update',
  PATCH: 'Update',
  DELETE: 'Delete',
};

/** Records the audit entry of a successful write endpoint call (`WRITE_AUDITS`), if it has one. */
export function recordWrite(
  log: AuditLog,
  endpoint: string,
  params: Readonly<Record<string, string>>,
  query: URLSearchParams,
  answer: unknown,
): void {
  const spec = WRITE_AUDITS[endpoint];
  if (!spec) return;
  const body = (answer && typeof answer === 'object' ? answer : {}) as { id?: string; name?: string };
  const id = spec.param ? params[spec.param] : body.id;
  if (!id) return;
  const action =
    spec.action === 'Member'
      ? query.get('delete')?.toLowerCase() === 'true'
        ? 'MemberRemove'
        : 'MemberAdd'
      : (spec.action ?? METHOD_ACTIONS[endpoint.split(' ')[0] ?? ''] ?? 'Update');
  log.record({ entityType: spec.entityType, id, action, name: spec.param ? undefined : body.name });
}
