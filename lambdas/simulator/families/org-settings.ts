/**
 * Presence definitions and the org-wide routing singletons (`presence:definition`, `routing:utilization`,
 * `routing:settings`): the platform's System presence definitions and the org's own User ones (some
 * deactivated), the utilization settings (per media type and per utilization label) and the routing,
 * transcription and contact-center settings. Each fixture draws from a stream of its own.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { notFound } from '../errors.ts';
import type { Route } from '../route.ts';
import type { Family, FixtureContext } from './family.ts';
import { range, suffix } from './fixtures.ts';
import { SYSTEM_DEFAULT_LABEL } from './routing-config.ts';

/** The platform's System definitions, one per system presence, in every org. */
const SYSTEM_PRESENCES = [
  'Available',
  'Away',
  'Busy',
  'Offline',
  'Idle',
  'OnQueue',
  'Meal',
  'Training',
  'Meeting',
  'Break',
] as const;

const USER_PRESENCES: ReadonlyArray<{ name: string; systemPresence: string; fr: string }> = [
  { name: 'Coaching', systemPresence: 'Training', fr: 'Coaching' },
  { name: 'Team Huddle', systemPresence: 'Meeting', fr: 'Réunion d’équipe' },
  { name: 'Lunch', systemPresence: 'Meal', fr: 'Déjeuner' },
  { name: 'Back Office Work', systemPresence: 'Busy', fr: 'Travail administratif' },
  { name: 'Short Break', systemPresence: 'Break', fr: 'Courte pause' },
  { name: 'Project Time', systemPresence: 'Away', fr: 'Temps projet' },
];

const systemName = (p: string) => (p === 'OnQueue' ? 'On Queue' : p);

export function presenceDefinitions({ counts, org, stream }: FixtureContext): void {
  const r = stream('presence:definition');
  const home = org.divisions.find((d) => d.homeDivision) ?? org.divisions[0];
  const system = SYSTEM_PRESENCES.map(
    (p): Models.OrganizationPresenceDefinition => ({
      id: r.uuid(),
      name: systemName(p),
      type: 'System',
      languageLabels: { en_US: systemName(p) },
      systemPresence: p,
      divisionId: home?.id,
      deactivated: false,
    }),
  );
  const user = range(counts.presenceDefinitions).map((i): Models.OrganizationPresenceDefinition => {
    const d = USER_PRESENCES[i % USER_PRESENCES.length] as (typeof USER_PRESENCES)[number];
    const name = `${d.name}${suffix(i, USER_PRESENCES.length)}`;
    return {
      id: r.uuid(),
      name,
      type: 'User',
      languageLabels: r.chance(0.5) ? { en_US: name, fr: d.fr } : { en_US: name },
      systemPresence: d.systemPresence,
      divisionId: r.pick(org.divisions).id,
      // The last one is always deactivated, so that both listings have something to show.
      deactivated: i === counts.presenceDefinitions - 1 || r.chance(0.15),
    };
  });
  org.presenceDefinitions = [...system, ...user];
}

const MEDIA = ['call', 'callback', 'chat', 'email', 'message'] as const;

export function routingUtilization({ org, stream }: FixtureContext): void {
  const r = stream('routing:utilization');
  const utilization: Record<string, Models.MediaUtilization> = {};
  for (const m of MEDIA)
    utilization[m] = {
      maximumCapacity: m === 'call' ? 1 : 1 + r.int(4),
      interruptableMediaTypes: m === 'call' ? [] : r.sample(['call', 'callback'], 1 + r.int(2)).sort(),
      includeNonAcd: r.chance(0.2),
    };
  const labels = org.utilizationLabels.filter((l) => l.name !== SYSTEM_DEFAULT_LABEL);
  const labelUtilizations: Record<string, Models.LabelUtilizationResponse> = {};
  for (const [i, l] of labels.entries()) {
    if (i % 2 === 1) continue;
    const others = labels.filter((o) => o.id !== l.id);
    labelUtilizations[l.id as string] = {
      maximumCapacity: 1 + r.int(3),
      interruptingLabelIds: others.length
        ? r
            .sample(others, Math.min(others.length, r.int(3)))
            .map((o) => o.id as string)
            .sort()
        : [],
      labelName: l.name,
    };
  }
  org.routingUtilization = { utilization, labelUtilizations, maxInboundCalls: 1 + r.int(3) };
}

export function routingSettings({ org, stream }: FixtureContext): void {
  const r = stream('routing:settings');
  org.routingSettings = {
    settings: { resetAgentScoreOnPresenceChange: r.chance(0.5) },
    transcription: {
      transcription: r.pick(['Disabled', 'EnabledGlobally', 'EnabledQueueFlow']),
      transcriptionConfidenceThreshold: 50 + r.int(40),
      lowLatencyTranscriptionEnabled: r.chance(0.5),
      contentSearchEnabled: r.chance(0.5),
      pciDssRedactionEnabled: r.chance(0.5),
      piiRedactionEnabled: r.chance(0.5),
    },
    contactCenter: { removeSkillsFromBlindTransfer: r.chance(0.5) },
  };
}

/**
 * `GET /api/v2/presence/definitions`: unpaged (`{total, entities, selfUri}`), one kind at a time
 * (`deactivated`, default false), optionally of some divisions; page parameters are ignored.
 */
function presenceDefinitionsRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/presence/definitions',
    permissions: ['presence:presenceDefinition:view'],
    collection: 'presenceDefinitions',
    handle: ({ org, query }) => {
      const deactivated = (query.get('deactivated') ?? 'false').toLowerCase() === 'true';
      const divisions = query.getAll('divisionId');
      const entities = org.presenceDefinitions
        .filter((d) => (d.deactivated ?? false) === deactivated)
        .filter((d) => !divisions.length || divisions.includes(d.divisionId as string))
        .map((d) => ({ ...d, selfUri: `/api/v2/presence/definitions/${d.id}` }));
      const body: Models.OrganizationPresenceDefinitionEntityListing = {
        total: entities.length,
        entities,
        selfUri: '/api/v2/presence/definitions',
      };
      return { status: 200, body };
    },
  };
}

function presenceDefinitionRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/presence/definitions/{definitionId}',
    permissions: ['presence:presenceDefinition:view'],
    handle: ({ org, params, path }) => {
      const d = org.presenceDefinitions.find((x) => x.id === params.definitionId);
      if (!d) return notFound(path);
      const body: Models.OrganizationPresenceDefinition = {
        ...d,
        selfUri: `/api/v2/presence/definitions/${d.id}`,
      };
      return { status: 200, body };
    },
  };
}

/** A singleton GET: the object, or 404 where the org has none. */
function singleton(
  template: string,
  permissions: readonly string[],
  pick: (org: FixtureContext['org']) => object | undefined,
): Route {
  return {
    method: 'GET',
    template,
    permissions,
    handle: ({ org, path }) => {
      const body = pick(org);
      return body ? { status: 200, body } : notFound(path);
    },
  };
}

export const orgSettingsFamily: Family = {
  name: 'presence:definition, routing:utilization, routing:settings',
  listings: [],
  routes: () => [
    presenceDefinitionsRoute(),
    presenceDefinitionRoute(),
    singleton('/api/v2/routing/utilization', ['routing:utilization:view'], (o) => o.routingUtilization),
    singleton('/api/v2/routing/settings', [], (o) => o.routingSettings?.settings),
    singleton(
      '/api/v2/routing/settings/transcription',
      ['routing:transcriptionSettings:view'],
      (o) => o.routingSettings?.transcription,
    ),
    singleton('/api/v2/routing/settings/contactcenter', [], (o) => o.routingSettings?.contactCenter),
  ],
  fixtures: [presenceDefinitions, routingUtilization, routingSettings],
};
