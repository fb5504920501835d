/**
 * People family (`admin:group`, `admin:team`, `admin:user`): groups, teams and users, with the users'
 * listing rules (`state`, `expand`, the 10,000-result window of inactive users).
 */
import type { Models } from 'purecloud-platform-client-v2';
import { apiError, type SimResponse } from '../errors.ts';
import type { Family, FixtureContext } from './family.ts';
import { randomDivision, range, suffix, ts } from './fixtures.ts';

const FIRST = [
  'Ava',
  'Liam',
  'Noah',
  'Emma',
  'Olivia',
  'Mateo',
  'Sofia',
  'Lucas',
  'Mia',
  'Amara',
  'Yusuf',
  'Chloe',
  'Hiro',
  'Ines',
  'Kofi',
  'Lena',
  'Ravi',
  'Zoe',
  'Omar',
  'Nina',
];
const LAST = [
  'Garcia',
  'Smith',
  'Okafor',
  'Muller',
  'Rossi',
  'Tanaka',
  'Silva',
  'Novak',
  'Haddad',
  'Kim',
  'Dubois',
  'Larsen',
  'Patel',
  'Cohen',
  'Nguyen',
  'Walsh',
];
const PROFILE_SKILLS = [
  'Salesforce',
  'Zendesk',
  'Conflict Resolution',
  'Technical Writing',
  'Spanish Correspondence',
  'Escalation Handling',
];
const CERTIFICATIONS = [
  'Genesys Cloud CX Professional',
  'ITIL 4 Foundation',
  'PCI DSS Awareness',
  'Customer Service Excellence',
];

export function groups({ counts, org, rnd }: FixtureContext): void {
  org.groups = range(counts.groups).map(
    (i): Models.Group => ({
      id: rnd.uuid(),
      name: `${['Tier 1 Agents', 'Tier 2 Agents', 'Supervisors', 'Night Shift', 'Spanish Speakers', 'Escalation Team'][i % 6]}${suffix(i, 6)}`,
      description: 'Routing group',
      type: 'official',
      rulesVisible: true,
      visibility: 'public',
      state: 'active',
      version: 1 + rnd.int(3),
      memberCount: rnd.int(40),
      dateModified: ts(rnd.int(200)),
    }),
  );
}

export function teams({ counts, org, rnd }: FixtureContext): void {
  org.teams = range(counts.teams).map(
    (i): Models.Team => ({
      id: rnd.uuid(),
      name: `Team ${['Atlas', 'Beacon', 'Comet', 'Delta', 'Ember', 'Falcon', 'Granite'][i % 7]}${suffix(i, 7)}`,
      division: randomDivision(rnd, org),
      description: 'Work team',
      dateCreated: ts(500),
      dateModified: ts(rnd.int(200)),
      memberCount: rnd.int(30),
    }),
  );
}

/** The `i`th user: skills, languages, a location, groups and a team drawn from the org so far. */
function user({ org, rnd }: FixtureContext, i: number): Models.User {
  const { skills, languages, locations, groups, teams } = org;
  const first = FIRST[i % FIRST.length] ?? 'Alex';
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length] ?? 'Doe';
  const n = Math.floor(i / (FIRST.length * LAST.length));
  const name = `${first} ${last}${n ? ` ${n + 1}` : ''}`;
  const email = `${first}.${last}${n ? n + 1 : ''}@example.com`.toLowerCase();
  // Roughly 1 in 25 users is inactive and 1 in 200 deleted: the default listing hides them.
  const state = i > 2 && i % 200 === 7 ? 'deleted' : i > 2 && i % 25 === 3 ? 'inactive' : 'active';
  const team = teams.length && rnd.chance(0.7) ? rnd.pick(teams) : undefined;
  return {
    id: rnd.uuid(),
    name,
    division: randomDivision(rnd, org),
    email,
    username: email,
    state,
    title: rnd.pick(['Agent', 'Senior Agent', 'Supervisor', 'Team Lead']),
    department: rnd.pick(['Customer Care', 'Sales', 'Support']),
    version: 1 + rnd.int(9),
    chat: { jabberId: `${rnd.hex(24)}@example.orgspan.com` },
    primaryContactInfo: [{ address: email, mediaType: 'EMAIL', type: 'PRIMARY' }],
    addresses: [],
    acdAutoAnswer: rnd.chance(0.2),
    skills: rnd.sample(skills, Math.min(skills.length, rnd.int(4))).map((s) => ({
      id: s.id,
      name: s.name,
      proficiency: 1 + rnd.int(5),
      state: 'active',
      skillUri: `/api/v2/routing/skills/${s.id}`,
    })),
    languages: rnd.sample(languages, Math.min(languages.length, rnd.int(3))).map((l) => ({
      id: l.id,
      name: l.name,
      proficiency: 1 + rnd.int(5),
      state: 'active',
      languageUri: `/api/v2/routing/languages/${l.id}`,
    })),
    locations:
      locations.length && rnd.chance(0.8) ? [{ locationDefinition: { id: rnd.pick(locations).id } }] : [],
    groups: rnd.sample(groups, Math.min(groups.length, rnd.int(3))).map((g) => ({
      id: g.id,
      name: g.name,
      type: g.type,
      rulesVisible: g.rulesVisible,
      visibility: g.visibility,
    })),
    team: team ? { id: team.id, name: team.name } : undefined,
    presence: { presenceDefinition: { id: 'available', systemPresence: 'Available' }, modifiedDate: ts(0) },
    routingStatus: { status: 'OFF_QUEUE', startTime: ts(0) },
    dateLastLogin: ts(rnd.int(10)),
  };
}

export function users(ctx: FixtureContext): void {
  const { counts, org, rnd } = ctx;
  const users: Models.User[] = [];
  for (let i = 0; i < counts.users; i++) users.push(user(ctx, i));
  // Managers point at earlier users, inactive ones included (closure must still find them).
  for (let i = 1; i < users.length; i++) {
    if (rnd.chance(0.6)) {
      const m = users[rnd.int(Math.min(i, 50))];
      const u = users[i];
      if (m && u && m.id !== u.id) u.manager = { id: m.id, version: 0, selfUri: `/api/v2/users/${m.id}` };
    }
  }
  org.users = users;
}

/** Profile skills, certifications and employer info (shown only when expanded). */
export function userProfiles({ org, extra }: FixtureContext): void {
  org.users.forEach((u, i) => {
    u.profileSkills = extra.sample(PROFILE_SKILLS, extra.int(4)).sort();
    u.certifications = extra.sample(CERTIFICATIONS, extra.int(3)).sort();
    u.employerInfo = {
      officialName: 'Example Contact Center Ltd',
      employeeId: `E${String(10_000 + i)}`,
      employeeType: extra.pick(['Full-time', 'Part-time', 'Contractor']),
      dateHire: `20${String(10 + extra.int(15))}-0${1 + extra.int(9)}-1${extra.int(10)}`,
    };
  });
}

/** Cheap inactive users, e.g. to go past the 10,000 results one inactive-user listing can reach. */
export function inactiveUsers({ counts, org, extra }: FixtureContext): void {
  const home = org.divisions[0];
  for (let n = 1; n <= counts.inactiveUsers; n++) {
    const email = `former.agent${n}@example.com`;
    org.users.push({
      id: extra.uuid(),
      name: `Former Agent ${String(n).padStart(5, '0')}`,
      division: home ? { id: home.id, name: home.name } : undefined,
      email,
      username: email,
      state: 'inactive',
      version: 1,
      primaryContactInfo: [{ address: email, mediaType: 'EMAIL', type: 'PRIMARY' }],
      addresses: [],
      skills: [],
      languages: [],
      locations: [],
      groups: [],
    });
  }
}

/** User fields returned only when named in `expand` (UsersApi.md, getUsers `expand` values). */
const USER_EXPANDABLE = [
  'skills',
  'languages',
  'locations',
  'groups',
  'team',
  'presence',
  'routingStatus',
  'dateLastLogin',
  'profileSkills',
  'certifications',
  'employerInfo',
] as const;

function userState(e: Record<string, unknown>, q: URLSearchParams): boolean {
  const state = q.get('state') ?? 'active';
  return state === 'any' || e.state === state;
}

/** How far one listing of inactive users can page (`pageNumber * pageSize`). */
export const INACTIVE_USERS_RESULT_WINDOW = 10_000;

function validateUsers(q: URLSearchParams): SimResponse | undefined {
  const order = q.get('sortOrder');
  if (order !== null && !['asc', 'desc', 'ascending', 'descending'].includes(order.toLowerCase()))
    return apiError(
      400,
      'bad.request',
      `Value [${order}] is not valid for field type [SortOrder]. Allowable values are: ascending, descending`,
    );
  if ((q.get('state') ?? 'active') === 'inactive') {
    const size = Number(q.get('pageSize') ?? '25');
    const page = Number(q.get('pageNumber') ?? '1');
    if (Number.isFinite(size) && Number.isFinite(page) && page * size > INACTIVE_USERS_RESULT_WINDOW)
      return apiError(
        400,
        'bad.request',
        `Result window is too large, pageNumber * pageSize must be less than or equal to [${INACTIVE_USERS_RESULT_WINDOW}] but was [${page * size}].`,
      );
  }
  return undefined;
}

function projectUser(e: Record<string, unknown>, q: URLSearchParams): Record<string, unknown> {
  const expand = new Set(q.getAll('expand').flatMap((x) => x.split(',')));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if ((USER_EXPANDABLE as readonly string[]).includes(k) && !expand.has(k)) continue;
    out[k] = v;
  }
  return out;
}

export const peopleFamily: Family = {
  name: 'admin:group, admin:team, admin:user',
  listings: [
    {
      base: '/api/v2/users',
      idParam: 'userId',
      collection: 'users',
      permissions: [],
      maxPageSize: 500,
      paging: 'pageNumber',
      idFilter: true,
      sortBy: 'name',
      filter: userState,
      filterSingle: true,
      validate: validateUsers,
      project: projectUser,
      single: true,
    },
    {
      base: '/api/v2/groups',
      idParam: 'groupId',
      collection: 'groups',
      permissions: [],
      maxPageSize: 500,
      paging: 'pageNumber',
      idFilter: true,
      sortBy: 'name',
      single: true,
    },
    {
      base: '/api/v2/teams',
      idParam: 'teamId',
      collection: 'teams',
      permissions: ['groups:team:view'],
      maxPageSize: 100,
      paging: 'cursor',
      idFilter: false,
      sortBy: 'name',
      single: true,
    },
  ],
};
