/**
 * Telephony beyond trunks (`telephony:site`, `telephony:edgegroup`, `telephony:didpool`,
 * `telephony:extensionpool`, `telephony:phonebasesettings`, `telephony:phone`): sites at the org's
 * locations (plus the Genesys-managed cloud site) with their outbound routes and number plans, edge groups
 * over the trunk base settings, number pools, phone templates, and a WebRTC phone for agents. Trunks gain
 * their edge group. Every fixture draws from a stream of its own.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { notFound } from '../errors.ts';
import { pageByNumber } from '../paging.ts';
import type { Route } from '../route.ts';
import type { Family, FixtureContext } from './family.ts';
import { activeUsers, divisionRef, range, ts } from './fixtures.ts';

const ref = (e: { id?: string; name?: string }) => ({ id: e.id as string, name: e.name });

const audit = (r: FixtureContext['rnd']) => ({
  version: 1 + r.int(9),
  dateCreated: ts(300 + r.int(300)),
  dateModified: ts(r.int(100)),
  state: 'active',
});

/** A trunk base setting as an edge group embeds it (its required fields; never its properties). */
const trunkBaseRef = (b: Models.TrunkBase): Models.TrunkBase => ({
  id: b.id,
  name: b.name,
  trunkMetabase: b.trunkMetabase,
  trunkType: b.trunkType,
});

export function edgeGroups({ counts, org, stream }: FixtureContext): void {
  const r = stream('telephony:edgegroup');
  const bases = org.trunkBaseSettings.filter((b) => b.trunkType === 'EXTERNAL');
  const edge = org.trunkBaseSettings.filter((b) => b.trunkType === 'EDGE');
  org.edgeGroups = range(counts.edgeGroups).map(
    (i): Models.EdgeGroup => ({
      id: r.uuid(),
      name: `Edge Group ${i + 1}`,
      ...audit(r),
      managed: false,
      hybrid: false,
      edgeTrunkBaseAssignment: {
        family: 1,
        trunkBase: edge.length ? trunkBaseRef(r.pick(edge)) : undefined,
      },
      phoneTrunkBases: bases.length ? [trunkBaseRef(bases[i % bases.length] as Models.TrunkBase)] : [],
    }),
  );
  if (!org.edgeGroups.length) return;
  org.trunks.forEach((t, i) => {
    if (i % 2 === 0) t.edgeGroup = ref(org.edgeGroups[i % org.edgeGroups.length] as Models.EdgeGroup);
  });
}

export function sites({ counts, org, stream }: FixtureContext): void {
  const r = stream('telephony:site');
  const managed: Models.Site = {
    id: r.uuid(),
    name: 'PureCloud Voice - AWS',
    ...audit(r),
    managed: true,
    location: { id: org.locations[0]?.id, name: org.locations[0]?.name },
    mediaModel: 'Cloud',
    coreSite: true,
  };
  const own = range(counts.sites).map((i): Models.Site => {
    const location = org.locations[i % Math.max(1, org.locations.length)];
    return {
      id: r.uuid(),
      name: `${location?.name ?? 'Site'} Site${i < org.locations.length ? '' : ` ${i + 1}`}`,
      ...audit(r),
      division: org.divisions[0] ? divisionRef(org.divisions[0]) : undefined,
      managed: false,
      location: { id: location?.id, name: location?.name },
      mediaModel: 'Premises',
      coreSite: false,
      mediaRegionsUseLatencyBased: r.chance(0.5),
      callerId: `+1317555${String(1000 + i).padStart(4, '0')}`,
      callerName: 'Contact Center',
    };
  });
  own.forEach((s, i) => {
    if (i > 0 && own[0]) s.primarySites = [ref(own[0])];
  });
  org.sites = [managed, ...own];
  // Outbound routes use the org's own (external) trunks, never the platform's edge trunk base settings.
  const bases = org.trunkBaseSettings.filter((b) => b.trunkType === 'EXTERNAL');
  for (const s of own) {
    org.siteOutboundRoutes.set(
      s.id as string,
      range(1 + r.int(2)).map((j) => ({
        id: r.uuid(),
        name: `${s.name} ${j === 0 ? 'Default' : 'International'} Route`,
        ...audit(r),
        classificationTypes: j === 0 ? ['National', 'Emergency'] : ['International'],
        enabled: true,
        distribution: r.pick(['SEQUENTIAL', 'RANDOM']),
        externalTrunkBases: bases.length ? [ref(r.pick(bases))] : [],
      })),
    );
    org.siteNumberPlans.set(s.id as string, [
      {
        id: r.uuid(),
        name: 'Emergency',
        ...audit(r),
        match: '^(911|112)$',
        normalizedFormat: '$1',
        priority: 1,
        matchType: 'regex',
        classification: 'Emergency',
      },
      {
        id: r.uuid(),
        name: 'Extension',
        ...audit(r),
        priority: 2,
        digitLength: { start: '4', end: '4' },
        matchType: 'digitLength',
        classification: 'Extension',
      },
    ]);
  }
}

export function numberPools({ counts, org, stream }: FixtureContext): void {
  const r = stream('telephony:pools');
  org.didPools = range(counts.didPools).map((i): Models.DIDPool => {
    const start = 3_175_550_000 + i * 100;
    return {
      id: r.uuid(),
      name: `DID block ${i + 1}`,
      ...audit(r),
      startPhoneNumber: `+1${start}`,
      endPhoneNumber: `+1${start + 99}`,
      comments: '',
      provider: r.pick(['PURE_CLOUD', 'PURE_CLOUD_VOICE']),
    };
  });
  org.extensionPools = range(counts.extensionPools).map(
    (i): Models.ExtensionPool => ({
      id: r.uuid(),
      name: `Extensions ${1000 + i * 1000}-${1999 + i * 1000}`,
      ...audit(r),
      startNumber: String(1000 + i * 1000),
      endNumber: String(1999 + i * 1000),
    }),
  );
}

export function phones({ counts, org, stream }: FixtureContext): void {
  const r = stream('telephony:phone');
  org.phoneBaseSettings = range(counts.phoneBaseSettings).map(
    (i): Models.PhoneBase => ({
      id: r.uuid(),
      name: `${['WebRTC', 'Polycom VVX', 'Yealink T5'][i % 3]} Template${i < 3 ? '' : ` ${i + 1}`}`,
      ...audit(r),
      phoneMetaBase: {
        id: ['inin_webrtc_softphone.json', 'polycom_vvx.json', 'yealink_t5.json'][i % 3] as string,
      },
      lines: [{ id: r.uuid(), name: 'Line 1', lineMetaBase: { id: 'generic_line.json' } }],
      properties: { phone_label: { value: { instance: `Template ${i + 1}` } } as object },
    }),
  );
  const own = org.sites.filter((s) => !s.managed);
  const template = org.phoneBaseSettings[0];
  if (!own.length || !template) return;
  const users = activeUsers(org).slice(0, counts.phones);
  org.phones = users.map((u, i): Models.Phone => {
    const site = own[i % own.length] as Models.Site;
    return {
      id: r.uuid(),
      name: `${u.name} WebRTC`,
      ...audit(r),
      site: ref(site),
      phoneBaseSettings: ref(template),
      phoneMetaBase: template.phoneMetaBase,
      lines: [
        {
          id: r.uuid(),
          name: `${u.name} WebRTC_1`,
          defaultForUser: { id: u.id as string },
          loggedInUser: r.chance(0.3) ? { id: u.id as string } : undefined,
        },
      ],
      webRtcUser: { id: u.id as string, name: u.name },
      status: { operationalStatus: r.chance(0.9) ? 'OPERATIONAL' : 'DEGRADED' },
    };
  });
}

/** `GET /sites/{siteId}/outboundroutes` (page numbers) and `/numberplans` (a bare array). */
function siteRoutes(): Route[] {
  return [
    {
      method: 'GET',
      template: '/api/v2/telephony/providers/edges/sites/{siteId}/outboundroutes',
      permissions: ['telephony:plugin:all'],
      handle: ({ org, params, path, query }) => {
        if (!org.sites.some((s) => s.id === params.siteId)) return notFound(path);
        return pageByNumber(org.siteOutboundRoutes.get(params.siteId ?? '') ?? [], path, query, {
          maxPageSize: 'undocumented',
        });
      },
    },
    {
      method: 'GET',
      template: '/api/v2/telephony/providers/edges/sites/{siteId}/numberplans',
      permissions: ['telephony:plugin:all'],
      handle: ({ org, params, path }) => {
        if (!org.sites.some((s) => s.id === params.siteId)) return notFound(path);
        return { status: 200, body: org.siteNumberPlans.get(params.siteId ?? '') ?? [] };
      },
    },
  ];
}

const listing = (
  base: string,
  idParam: string,
  collection: Family['listings'][number]['collection'],
  extra = {},
) => ({
  base,
  idParam,
  collection,
  permissions: ['telephony:plugin:all'],
  maxPageSize: 'undocumented' as const,
  paging: 'pageNumber' as const,
  idFilter: false,
  sortBy: 'name' as const,
  single: true,
  totalNumberOfEntities: true,
  ...extra,
});

export const telephonyEdgesFamily: Family = {
  name: 'telephony:site, telephony:edgegroup, telephony:didpool, telephony:extensionpool, telephony:phonebasesettings, telephony:phone',
  listings: [
    listing('/api/v2/telephony/providers/edges/edgegroups', 'edgeGroupId', 'edgeGroups'),
    listing('/api/v2/telephony/providers/edges/sites', 'siteId', 'sites', { permissions: [] }),
    listing('/api/v2/telephony/providers/edges/didpools', 'didPoolId', 'didPools', { idFilter: true }),
    listing('/api/v2/telephony/providers/edges/extensionpools', 'extensionPoolId', 'extensionPools', {
      permissions: ['telephony:extensionPool:view'],
    }),
    listing('/api/v2/telephony/providers/edges/phonebasesettings', 'phoneBaseId', 'phoneBaseSettings'),
    listing('/api/v2/telephony/providers/edges/phones', 'phoneId', 'phones'),
  ],
  routes: siteRoutes,
  fixtures: [edgeGroups, sites, numberPools, phones],
};
