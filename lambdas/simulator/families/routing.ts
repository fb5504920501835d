/**
 * Routing family (`routing:skill`, `routing:language`, `routing:queue`, and skill groups): skills,
 * languages, queues with their wrap-up codes and members, and the skill groups queues take members from.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { apiError, notFound } from '../errors.ts';
import { bool, sorted } from '../listing.ts';
import type { SimOrg } from '../model.ts';
import { pageByNumber } from '../paging.ts';
import type { Route } from '../route.ts';
import { languageWrites, skillWrites } from './basic-writes.ts';
import type { Family, FixtureContext } from './family.ts';
import { activeUsers, divisionRef, flowOfType, randomDivision, range, ref, suffix, ts } from './fixtures.ts';
import { queueWrites } from './queue-writes.ts';

const SKILL_WORDS = [
  'Billing',
  'Technical Support',
  'Sales',
  'Retention',
  'Claims',
  'Onboarding',
  'VIP',
  'Collections',
  'Returns',
  'Fraud',
  'Escalations',
  'Warranty',
];
const LANG_NAMES = [
  'English',
  'Spanish',
  'French',
  'German',
  'Portuguese',
  'Italian',
  'Dutch',
  'Japanese',
  'Arabic',
  'Hindi',
];
const QUEUE_WORDS = [
  'Billing',
  'Tech Support',
  'Sales',
  'Retention',
  'Claims',
  'General Enquiries',
  'Premier',
  'Collections',
  'Returns',
  'Fraud Desk',
];
export function skills({ counts, org, rnd }: FixtureContext): void {
  org.skills = range(counts.skills).map(
    (i): Models.RoutingSkill => ({
      id: rnd.uuid(),
      name: `${SKILL_WORDS[i % SKILL_WORDS.length]}${suffix(i, SKILL_WORDS.length)}`,
      division: randomDivision(rnd, org),
      state: 'active',
      version: String(1 + rnd.int(5)),
      dateModified: ts(rnd.int(400)),
    }),
  );
}

export function languages({ counts, org, rnd }: FixtureContext): void {
  org.languages = range(counts.languages).map(
    (i): Models.Language => ({
      id: rnd.uuid(),
      name: `${LANG_NAMES[i % LANG_NAMES.length]}${suffix(i, LANG_NAMES.length)}`,
      state: 'active',
      version: '1',
      dateModified: ts(rnd.int(400)),
    }),
  );
}

/** The `i`th queue: it references skills (bullseye), groups (member groups), flows and prompts. */
function queue({ counts, org, rnd }: FixtureContext, i: number): Models.Queue {
  const { skills, groups, prompts } = org;
  const inQueueFlows = org.flows.filter((f) => f.type === 'INQUEUECALL');
  const emailFlows = org.flows.filter((f) => f.type === 'INBOUNDEMAIL');
  return {
    id: rnd.uuid(),
    name: `${QUEUE_WORDS[i % QUEUE_WORDS.length]}${suffix(i, QUEUE_WORDS.length)}`,
    division: randomDivision(rnd, org),
    description: 'Inbound voice queue',
    dateCreated: ts(800),
    dateModified: ts(rnd.int(300)),
    modifiedBy: rnd.uuid(),
    createdBy: rnd.uuid(),
    memberCount: counts.membersPerQueue,
    userMemberCount: counts.membersPerQueue,
    joinedMemberCount: rnd.int(counts.membersPerQueue + 1),
    mediaSettings: {
      call: { alertingTimeoutSeconds: 8, serviceLevel: { percentage: 0.8, durationMs: 20000 } },
    },
    acwSettings: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 },
    skillEvaluationMethod: 'ALL',
    scoringMethod: 'TimestampAndPriority',
    bullseye: {
      rings: [
        {
          expansionCriteria: [{ type: 'TIMEOUT_SECONDS', threshold: 15 }],
          actions: {
            skillsToRemove: skills.length
              ? rnd.sample(skills, 1).map((s) => ({ id: s.id, name: s.name }))
              : [],
          },
        },
        { expansionCriteria: [{ type: 'TIMEOUT_SECONDS', threshold: 30 }], actions: { skillsToRemove: [] } },
      ],
    },
    memberGroups:
      groups.length && rnd.chance(0.5)
        ? [rnd.pick(groups)].map((g) => ({ id: g.id, name: g.name, type: 'GROUP' }))
        : [],
    queueFlow: inQueueFlows.length ? ref(rnd.pick(inQueueFlows)) : undefined,
    emailInQueueFlow: emailFlows.length && rnd.chance(0.3) ? ref(rnd.pick(emailFlows)) : undefined,
    whisperPrompt: prompts.length && rnd.chance(0.5) ? ref(rnd.pick(prompts)) : undefined,
    onHoldPrompt: prompts.length && rnd.chance(0.3) ? ref(rnd.pick(prompts)) : undefined,
    enableTranscription: false,
    autoAnswerOnly: false,
    callingPartyName: 'Example Corp',
  };
}

/** Queues; every third one routes conditionally to the queue before it. */
export function queues(ctx: FixtureContext): void {
  const queues = range(ctx.counts.queues).map((i) => queue(ctx, i));
  for (let i = 1; i < queues.length; i += 3) {
    const q = queues[i];
    const target = queues[i - 1];
    if (q && target)
      q.conditionalGroupRouting = {
        rules: [
          {
            queue: { id: target.id, name: target.name },
            metric: 'EstimatedWaitTime',
            operator: 'GreaterThan',
            conditionValue: 60,
            waitSeconds: 20,
            groups: [],
          },
        ],
      };
  }
  ctx.org.queues = queues;
}

/** Each queue's wrap-up codes and the active users added to it directly. */
export function queueWrapupCodesAndMembers({ counts, org, rnd }: FixtureContext): void {
  const active = activeUsers(org);
  for (const q of org.queues) {
    org.queueWrapupCodes.set(
      q.id as string,
      rnd
        .sample(org.wrapupCodes, Math.min(org.wrapupCodes.length, counts.wrapupCodesPerQueue))
        .map((w) => w.id as string),
    );
    org.queueMembers.set(
      q.id as string,
      rnd.sample(active, Math.min(active.length, counts.membersPerQueue)).map((u) => u.id as string),
    );
  }
}

/**
 * Skill groups: members are the active users holding the skill at or above the proficiency. The skills
 * most held (at 3 or more) come first, so that the skill groups have members.
 */
export function skillGroups({ counts, org, extra }: FixtureContext): void {
  const { skills } = org;
  const active = activeUsers(org);
  const holders = (s: Models.RoutingSkill) =>
    active.filter((u) => u.skills?.some((x) => x.id === s.id && (x.proficiency ?? 0) >= 3)).length;
  const rankedSkills = skills
    .map((s, i) => ({ s, i, n: holders(s) }))
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .map((x) => x.s);
  org.skillGroups = range(skills.length ? counts.skillGroups : 0).map((i) => {
    const skill = rankedSkills[i % rankedSkills.length] as Models.RoutingSkill;
    return {
      id: extra.uuid(),
      name: `${skill.name} Experts${suffix(i, skills.length)}`,
      division: divisionRef(extra.pick(org.divisions)),
      description: `Agents with ${skill.name} at proficiency 3 or more`,
      dateCreated: ts(400),
      dateModified: ts(extra.int(100)),
      skillConditions: [
        {
          routingSkillConditions: [
            {
              routingSkill: skill.name,
              comparator: 'GreaterThanOrEqualTo',
              proficiency: 3,
              childConditions: [],
            },
          ],
          languageSkillConditions: [],
          operation: 'And',
        },
      ],
    };
  });
}

/** In-queue email and message flows, and a TEAM and a SKILLGROUP member group. */
export function queueFlowsAndMemberGroups({ org }: FixtureContext): void {
  const { queues, skillGroups, teams } = org;
  const inQueueEmail = flowOfType(org, 'INQUEUEEMAIL');
  const inQueueMessage = flowOfType(org, 'INQUEUESHORTMESSAGE');
  for (const q of queues) {
    if (q.emailInQueueFlow && inQueueEmail) q.emailInQueueFlow = ref(inQueueEmail);
  }
  if (queues[0] && inQueueMessage) queues[0].messageInQueueFlow = ref(inQueueMessage);
  const skillGroupQueue = queues[2 % Math.max(1, queues.length)];
  if (skillGroupQueue && skillGroups[0])
    skillGroupQueue.memberGroups = [
      ...(skillGroupQueue.memberGroups ?? []),
      { id: skillGroups[0].id, name: skillGroups[0].name, type: 'SKILLGROUP' },
    ];
  const teamQueue = queues[3 % Math.max(1, queues.length)];
  if (teamQueue && teams[0])
    teamQueue.memberGroups = [
      ...(teamQueue.memberGroups ?? []),
      { id: teams[0].id, name: teams[0].name, type: 'TEAM' },
    ];
}

/** Queue member counts include the members that come from member groups. */
export function queueMemberCounts({ org }: FixtureContext): void {
  for (const q of org.queues) {
    const members = queueMembersOf(org, q.id as string) ?? [];
    q.memberCount = members.length;
    q.userMemberCount = members.filter((m) => m.memberBy === 'user').length;
    q.joinedMemberCount = Math.min(q.joinedMemberCount ?? 0, q.memberCount);
  }
}

/** One member of a queue as `GET /api/v2/routing/queues/{id}/members` lists it. */
export interface SimQueueMember {
  readonly user: Models.User;
  /** `user` for members added directly, `group` for those that come from a member group. */
  readonly memberBy: 'user' | 'group';
}

/**
 * A queue's members: the users added directly, then the active users that come from its member groups
 * (group members, team members, skill-group matches) and were not added directly. Undefined for an
 * unknown queue.
 */
export function queueMembersOf(
  org: Pick<SimOrg, 'queues' | 'queueMembers' | 'users' | 'groups' | 'teams' | 'skillGroups'>,
  queueId: string,
): SimQueueMember[] | undefined {
  const direct = org.queueMembers.get(queueId);
  const queue = org.queues.find((q) => q.id === queueId);
  if (!direct || !queue) return undefined;
  const byId = new Map(org.users.map((u) => [u.id as string, u]));
  const out: SimQueueMember[] = [];
  const seen = new Set<string>();
  for (const id of direct) {
    const u = byId.get(id);
    if (u && !seen.has(id)) {
      seen.add(id);
      out.push({ user: u, memberBy: 'user' });
    }
  }
  for (const g of queue.memberGroups ?? []) {
    const inGroup = (u: Models.User): boolean => {
      if (g.type === 'GROUP') return (u.groups ?? []).some((x) => x.id === g.id);
      if (g.type === 'TEAM') return u.team?.id === g.id;
      if (g.type === 'SKILLGROUP') {
        const sg = org.skillGroups.find((x) => x.id === g.id);
        const cond = sg?.skillConditions[0]?.routingSkillConditions[0];
        return (
          !!cond &&
          (u.skills ?? []).some(
            (s) => s.name === cond.routingSkill && (s.proficiency ?? 0) >= cond.proficiency,
          )
        );
      }
      return false;
    };
    for (const u of org.users) {
      if (u.state !== 'active' || seen.has(u.id as string) || !inGroup(u)) continue;
      seen.add(u.id as string);
      out.push({ user: u, memberBy: 'group' });
    }
  }
  return out;
}

/** Skill group listing entities are `SkillGroupDefinition`s: no conditions. */
function projectSkillGroupListing(e: Record<string, unknown>): Record<string, unknown> {
  const { skillConditions: _c, ...rest } = e;
  return rest;
}

function queueRoutes(): Route[] {
  return [
    queueWrapupCodesRoute(),
    queueMembersRoute(),
    ...skillWrites(),
    ...languageWrites(),
    ...queueWrites(),
  ];
}

/** `GET /api/v2/routing/queues/{queueId}/wrapupcodes`. */
function queueWrapupCodesRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/routing/queues/{queueId}/wrapupcodes',
    permissions: ['routing:queue:view'],
    handle: ({ org, params, query, path }) => {
      const ids = org.queueWrapupCodes.get(params.queueId ?? '');
      if (!ids) return notFound(path);
      const codes = ids
        .map((id) => org.wrapupCodes.find((w) => w.id === id))
        .filter((w): w is Models.WrapupCode => !!w);
      return pageByNumber(sorted(codes as unknown as Record<string, unknown>[], 'name', query), path, query, {
        maxPageSize: 100,
      });
    },
  };
}

/** `GET /api/v2/routing/queues/{queueId}/members`: direct and member-group members (`memberBy`, `joined`, `name`). */
function queueMembersRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/routing/queues/{queueId}/members',
    permissions: ['routing:queue:view'],
    handle: ({ org, params, query, path }) => {
      const all = queueMembersOf(org, params.queueId ?? '');
      if (!all) return notFound(path);
      const memberBy = query.get('memberBy');
      if (memberBy !== null && memberBy !== 'user' && memberBy !== 'group')
        return apiError(
          400,
          'bad.request',
          `Value [${memberBy}] is not valid for field type [MemberBy]. Allowable values are: user, group`,
        );
      const joined = bool(query, 'joined');
      const name = query.get('name')?.toLowerCase();
      const members: Models.QueueMember[] = all
        .filter((m) => !memberBy || m.memberBy === memberBy)
        .filter((m) => !name || String(m.user.name).toLowerCase().includes(name))
        .map(({ user: u, memberBy: by }) => ({
          id: u.id,
          name: u.name,
          user: { id: u.id, name: u.name, version: u.version ?? 1, selfUri: `/api/v2/users/${u.id}` },
          ringNumber: 1,
          joined: true,
          memberBy: by,
          selfUri: `/api/v2/users/${u.id}`,
        }))
        .filter((m) => joined === undefined || m.joined === joined);
      return pageByNumber(
        sorted(members as unknown as Record<string, unknown>[], 'name', query),
        path,
        query,
        { maxPageSize: 100, omitTotals: true },
      );
    },
  };
}

export const routingFamily: Family = {
  name: 'routing:skill, routing:language, routing:queue, skill groups',
  listings: [
    {
      base: '/api/v2/routing/skills',
      idParam: 'skillId',
      collection: 'skills',
      permissions: ['routing:skill:view'],
      maxPageSize: 500,
      paging: 'pageNumber',
      idFilter: true,
      sortBy: 'name',
      single: true,
    },
    {
      base: '/api/v2/routing/languages',
      idParam: 'languageId',
      collection: 'languages',
      permissions: [],
      maxPageSize: 100,
      paging: 'pageNumber',
      idFilter: true,
      sortBy: 'name',
      single: true,
    },
    {
      base: '/api/v2/routing/queues',
      idParam: 'queueId',
      collection: 'queues',
      permissions: ['routing:queue:view'],
      maxPageSize: 500,
      paging: 'pageNumber',
      idFilter: true,
      sortBy: 'name',
      single: true,
    },
    {
      base: '/api/v2/routing/skillgroups',
      idParam: 'skillGroupId',
      collection: 'skillGroups',
      permissions: ['routing:skillGroup:view'],
      maxPageSize: 'undocumented',
      paging: 'cursor',
      idFilter: false,
      sortBy: 'name',
      filter: (e, q) => {
        const name = q.get('name');
        return !name || String(e.name).toLowerCase().startsWith(name.toLowerCase());
      },
      project: projectSkillGroupListing,
      projectSingle: (e) => e,
      single: true,
    },
  ],
  routes: queueRoutes,
};
