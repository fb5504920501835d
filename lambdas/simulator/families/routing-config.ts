/**
 * Routing configuration family (`routing:utilizationlabel`, `routing:smsaddress`,
 * `responsemanagement:library`, and the rest of `routing:skillgroup`): utilization labels, SMS addresses,
 * canned-response libraries, the skill groups added after the first ones, and each skill group's member
 * divisions. The skill group listing itself is served by the routing family.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { notFound } from '../errors.ts';
import type { Route } from '../route.ts';
import type { Family, FixtureContext } from './family.ts';
import { activeUsers, divisionRef, range, suffix, ts } from './fixtures.ts';

const LABEL_WORDS = [
  'Urgent',
  'VIP',
  'Back Office',
  'Callback',
  'Escalation',
  'Chat Only',
  'Claims Review',
  'Outbound Follow-up',
];

/** The platform creates this label in every org (Terraform exports it as a data source). */
export const SYSTEM_DEFAULT_LABEL = 'System Default Label';

export function utilizationLabels({ counts, org, stream }: FixtureContext): void {
  const r = stream('routing:utilizationlabel');
  org.utilizationLabels = range(counts.utilizationLabels).map(
    (i): Models.UtilizationLabel => ({
      id: r.uuid(),
      name:
        i === 0
          ? SYSTEM_DEFAULT_LABEL
          : `${LABEL_WORDS[(i - 1) % LABEL_WORDS.length]}${suffix(i - 1, LABEL_WORDS.length)}`,
    }),
  );
}

const ADDRESSES = [
  {
    street: '601 Interactive Way',
    city: 'Indianapolis',
    region: 'IN',
    postalCode: '46278',
    countryCode: 'US',
  },
  {
    street: '1 Grand Canal Square',
    city: 'Dublin',
    region: 'Dublin',
    postalCode: 'D02 P820',
    countryCode: 'IE',
  },
  { street: '100 Pacific Highway', city: 'Sydney', region: 'NSW', postalCode: '2060', countryCode: 'AU' },
  {
    street: '2001 Junipero Serra Blvd',
    city: 'Daly City',
    region: 'CA',
    postalCode: '94014',
    countryCode: 'US',
  },
];

export function smsAddresses({ counts, org, stream }: FixtureContext): void {
  const r = stream('routing:smsaddress');
  org.smsAddresses = range(counts.smsAddresses).map((i): Models.SmsAddress => {
    const a = ADDRESSES[i % ADDRESSES.length] as (typeof ADDRESSES)[number];
    return {
      id: r.uuid(),
      name: `${a.city} Office${suffix(i, ADDRESSES.length)}`,
      ...a,
      validated: r.chance(0.8),
    };
  });
}

const LIBRARIES: ReadonlyArray<{ name: string; responseType?: string }> = [
  { name: 'Billing Responses' },
  { name: 'Technical Support Snippets' },
  { name: 'Sales Templates' },
  { name: 'Email Signatures', responseType: 'Footer' },
  { name: 'WhatsApp Templates', responseType: 'MessagingTemplate' },
];

export function responseLibraries({ counts, org, stream }: FixtureContext): void {
  const r = stream('responsemanagement:library');
  const authors = activeUsers(org);
  org.responseLibraries = range(counts.responseLibraries).map((i): Models.Library => {
    const l = LIBRARIES[i % LIBRARIES.length] as (typeof LIBRARIES)[number];
    const author = authors.length ? r.pick(authors) : undefined;
    return {
      id: r.uuid(),
      name: `${l.name}${suffix(i, LIBRARIES.length)}`,
      version: 1 + r.int(6),
      dateCreated: ts(300 + r.int(300)),
      ...(author
        ? {
            createdBy: {
              id: author.id,
              name: author.name,
              version: author.version ?? 1,
              selfUri: `/api/v2/users/${author.id}`,
            },
          }
        : {}),
      ...(l.responseType ? { responseType: l.responseType } : {}),
      division: divisionRef(r.pick(org.divisions)),
    };
  });
}

/** Skill groups past the first `skillGroups`: specialists at proficiency 4, some with a language too. */
export function moreSkillGroups({ counts, org, stream }: FixtureContext): void {
  const r = stream('routing:skillgroup');
  const { skills, languages } = org;
  if (!skills.length) return;
  const first = org.skillGroups.length;
  for (const i of range(counts.moreSkillGroups)) {
    const skill = skills[i % skills.length] as Models.RoutingSkill;
    const language = languages.length && r.chance(0.4) ? r.pick(languages) : undefined;
    org.skillGroups.push({
      id: r.uuid(),
      name: `${skill.name} Specialists${suffix(i, skills.length)}`,
      division: divisionRef(r.pick(org.divisions)),
      description: `Agents with ${skill.name} at proficiency 4 or more${language ? ` who speak ${language.name}` : ''}`,
      dateCreated: ts(200 + first + i),
      dateModified: ts(r.int(100)),
      skillConditions: [
        {
          routingSkillConditions: [
            {
              routingSkill: skill.name,
              comparator: 'GreaterThanOrEqualTo',
              proficiency: 4,
              childConditions: [],
            },
          ],
          languageSkillConditions: language
            ? [
                {
                  languageSkill: language.name,
                  comparator: 'GreaterThanOrEqualTo',
                  proficiency: 3,
                  childConditions: [],
                },
              ]
            : [],
          operation: 'And',
        },
      ],
    });
  }
}

/**
 * Each skill group's member divisions: the divisions of the active users its first routing-skill
 * condition matches, and its own division (draws nothing).
 */
export function skillGroupMemberDivisions({ org }: FixtureContext): void {
  const active = activeUsers(org);
  for (const g of org.skillGroups) {
    const cond = g.skillConditions[0]?.routingSkillConditions[0];
    const divisions = new Set<string>();
    if (g.division?.id) divisions.add(g.division.id);
    for (const u of active)
      if (
        cond &&
        u.division?.id &&
        (u.skills ?? []).some((s) => s.name === cond.routingSkill && (s.proficiency ?? 0) >= cond.proficiency)
      )
        divisions.add(u.division.id);
    org.skillGroupMemberDivisions.set(g.id as string, [...divisions].sort());
  }
}

/** `GET /api/v2/routing/skillgroups/{skillGroupId}/members/divisions`: unpaged, `{entities}` only. */
function memberDivisionsRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/routing/skillgroups/{skillGroupId}/members/divisions',
    permissions: ['routing:skillGroup:view'],
    handle: ({ org, params, path }) => {
      const ids = org.skillGroupMemberDivisions.get(params.skillGroupId ?? '');
      if (!ids) return notFound(path);
      const entities: Models.Division[] = ids
        .map((id) => org.divisions.find((d) => d.id === id))
        .filter((d): d is Models.AuthzDivision => !!d)
        .map(divisionRef);
      const body: Models.SkillGroupMemberDivisionList = { entities };
      return { status: 200, body };
    },
  };
}

export const routingConfigFamily: Family = {
  name: 'routing:utilizationlabel, routing:smsaddress, responsemanagement:library, routing:skillgroup',
  listings: [
    {
      base: '/api/v2/routing/utilization/labels',
      idParam: 'labelId',
      collection: 'utilizationLabels',
      permissions: ['routing:utilization:view'],
      maxPageSize: 'undocumented',
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'name',
      single: true,
    },
    {
      base: '/api/v2/routing/sms/addresses',
      idParam: 'addressId',
      collection: 'smsAddresses',
      permissions: ['sms:phoneNumber:view'],
      maxPageSize: 'undocumented',
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'id',
      single: true,
    },
    {
      base: '/api/v2/responsemanagement/libraries',
      idParam: 'libraryId',
      collection: 'responseLibraries',
      permissions: ['responses:library:view'],
      maxPageSize: 'undocumented',
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'name',
      single: true,
    },
  ],
  routes: () => [memberDivisionsRoute()],
  fixtures: [utilizationLabels, smsAddresses, responseLibraries, moreSkillGroups, skillGroupMemberDivisions],
};
