/**
 * Telephony family (`telephony:trunkbasesettings`, `telephony:trunk`): trunk base settings (with the SIP
 * credentials the exporter must never write), the platform's edge trunk base settings, and trunks.
 */
import type { Models } from 'purecloud-platform-client-v2';
import type { Family, FixtureContext } from './family.ts';
import { range, suffix, ts } from './fixtures.ts';

/** The SIP password a trunk base setting holds (tests check it never leaves the simulator). */
export function sipPassword(t: Models.TrunkBase): string {
  const prop = t.properties?.trunk_sip_authentication_credentials_password as unknown as
    | { value: { instance: string } }
    | undefined;
  return prop?.value.instance ?? '';
}

/** External (BYOC carrier) trunk base settings; their SIP passwords are planted secrets. */
export function trunkBaseSettings({ counts, org, rnd, plant }: FixtureContext): void {
  org.trunkBaseSettings = range(counts.trunkBaseSettings).map(
    (i): Models.TrunkBase => ({
      id: rnd.uuid(),
      name: `${['Carrier SIP Trunk', 'BYOC Cloud Trunk', 'PSTN Backup'][i % 3]}${suffix(i, 3)}`,
      state: 'active',
      version: 1,
      trunkType: 'EXTERNAL',
      managed: false,
      trunkMetabase: { id: 'external_sip_pcv_byoc_carrier.json', name: 'Generic BYOC Carrier' },
      properties: {
        trunk_sip_authentication_credentials_username: {
          type: 'string',
          value: { default: '', instance: `sipuser${i}` },
        },
        trunk_sip_authentication_credentials_password: {
          type: 'string',
          value: { default: '', instance: `s3cr3t-sip-${rnd.hex(8)}` },
        },
        trunk_transport_serverProxyList: {
          type: 'array',
          value: { default: [], instance: [`sip${i}.carrier.example.net`] },
        },
      },
    }),
  );
  for (const t of org.trunkBaseSettings) if (sipPassword(t)) plant(sipPassword(t));
}

export function trunks({ counts, org, rnd }: FixtureContext): void {
  const bases = org.trunkBaseSettings;
  org.trunks = range(counts.trunks).map((i): Models.Trunk => {
    const base = bases.length ? bases[i % bases.length] : undefined;
    return {
      id: rnd.uuid(),
      name: `Edge ${1 + (i % 4)} - ${base?.name ?? 'Trunk'}${suffix(i, 4)}`,
      state: 'active',
      version: 1,
      trunkType: 'EXTERNAL',
      trunkBase: base ? { id: base.id, name: base.name } : undefined,
      trunkMetabase: { id: 'external_sip_pcv_byoc_carrier.json', name: 'Generic BYOC Carrier' },
      edge: { id: rnd.uuid(), name: `Edge ${1 + (i % 4)}` },
      inService: true,
      enabled: true,
      connectedStatus: { connected: true, connectedStateTime: ts(0) },
      optionsStatus: [],
      registersStatus: [],
      family: 2,
    };
  });
}

/** Platform-generated trunk base settings, one per edge. */
export function edgeTrunkBaseSettings({ counts, org, extra }: FixtureContext): void {
  for (let i = 0; i < counts.edges; i++) {
    org.trunkBaseSettings.push({
      id: extra.uuid(),
      name: `Edge ${i + 1} - Edge Trunk`,
      state: 'active',
      version: 1,
      trunkType: 'EDGE',
      trunkMetabase: { id: 'edge_trunk.json', name: 'Edge Trunk' },
      properties: {
        trunk_language: { type: 'string', value: { default: 'en-US', instance: 'en-US' } },
      },
    });
  }
}

export const telephonyFamily: Family = {
  name: 'telephony:trunkbasesettings, telephony:trunk',
  listings: [
    {
      base: '/api/v2/telephony/providers/edges/trunkbasesettings',
      idParam: 'trunkBaseSettingsId',
      collection: 'trunkBaseSettings',
      permissions: ['telephony:plugin:all'],
      maxPageSize: 100,
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'name',
      totalNumberOfEntities: true,
      single: true,
    },
    {
      base: '/api/v2/telephony/providers/edges/trunks',
      idParam: 'trunkId',
      collection: 'trunks',
      permissions: ['telephony:plugin:all'],
      maxPageSize: 100,
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'name',
      totalNumberOfEntities: true,
      single: true,
    },
  ],
};
