/**
 * Organization family: the organization itself (`GET /api/v2/organizations/me`), locations
 * (`organization:location`) and wrap-up codes (`organization:wrapupcode`).
 */
import type { Models } from 'purecloud-platform-client-v2';
import { wrapupCodeWrites } from './basic-writes.ts';
import type { Family, FixtureContext } from './family.ts';
import { randomDivision, range, suffix, ts } from './fixtures.ts';

const CITIES = ['Indianapolis', 'Dublin', 'Frankfurt', 'Sydney', 'Tokyo', 'Sao Paulo', 'Toronto', 'London'];
const WRAPUP_WORDS = [
  'Resolved',
  'Escalated',
  'Callback Scheduled',
  'Transferred',
  'No Answer',
  'Wrong Number',
  'Sale Completed',
  'Complaint Logged',
  'Refund Issued',
  'Follow-up Needed',
];

/** The organization record; `orgId` is the org's first draw. */
export function organizationRecord(orgId: string): Models.Organization {
  return {
    id: orgId,
    name: 'Example Contact Center',
    defaultLanguage: 'en-us',
    defaultCountryCode: 'US',
    thirdPartyOrgName: 'examplecc',
    domain: 'examplecc',
    version: 42,
    state: 'active',
    voicemailEnabled: true,
    productPlatform: 'PureCloud',
    features: { realtimeCIC: false, purecloud: true },
  };
}

export function locations({ counts, org, rnd }: FixtureContext): void {
  org.locations = range(counts.locations).map(
    (i): Models.LocationDefinition => ({
      id: rnd.uuid(),
      name: `${CITIES[i % CITIES.length]} Contact Center${suffix(i, CITIES.length)}`,
      address: {
        city: CITIES[i % CITIES.length],
        country: 'US',
        street1: `${100 + i} Main Street`,
        zipcode: `${46000 + i}`,
      },
      emergencyNumber: {
        e164: `+1317555${String(1000 + i).slice(-4)}`,
        number: `317555${String(1000 + i).slice(-4)}`,
        type: 'default',
      },
      state: 'active',
      version: 1,
      path: [],
    }),
  );
}

export function wrapupCodes({ counts, org, rnd }: FixtureContext): void {
  org.wrapupCodes = range(counts.wrapupCodes).map(
    (i): Models.WrapupCode => ({
      id: rnd.uuid(),
      name: `${WRAPUP_WORDS[i % WRAPUP_WORDS.length]}${suffix(i, WRAPUP_WORDS.length)}`,
      division: randomDivision(rnd, org),
      description: 'Disposition code',
      dateCreated: ts(600),
      dateModified: ts(rnd.int(300)),
      createdBy: 'system',
      modifiedBy: 'system',
    }),
  );
}

export const organizationFamily: Family = {
  name: 'organization, organization:location, organization:wrapupcode',
  listings: [
    {
      base: '/api/v2/locations',
      idParam: 'locationId',
      collection: 'locations',
      permissions: [],
      maxPageSize: 100,
      paging: 'pageNumber',
      idFilter: true,
      sortBy: 'name',
      single: true,
    },
    {
      base: '/api/v2/routing/wrapupcodes',
      idParam: 'codeId',
      collection: 'wrapupCodes',
      permissions: ['routing:wrapupCode:view'],
      maxPageSize: 500,
      paging: 'pageNumber',
      idFilter: true,
      sortBy: 'name',
      single: true,
    },
  ],
  routes: () => [
    {
      method: 'GET',
      template: '/api/v2/organizations/me',
      permissions: [],
      handle: ({ org }) => ({ status: 200, body: org.organization }),
    },
    ...wrapupCodeWrites(),
  ],
};
