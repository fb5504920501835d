/**
 * Outbound attempt limits and contact list filters (`outbound:attemptlimit`, `outbound:contactlistfilter`):
 * listings paged by number with the SDK's documented maximum of 100 (OutboundApi.js, "The max that will be
 * returned is 100"), single GETs, and fixtures from streams of their own. Recall entries are keyed as
 * Terraform's `genesyscloud_outbound_attempt_limit` writes them (busy, noAnswer, answeringMachine, fax);
 * filter clauses use the provider's documented values (AND/OR, numeric/alphabetic, its operators). The
 * first contact list uses the first attempt limit, and the first campaign a filter on its own contact list.
 */
import type { Models } from 'purecloud-platform-client-v2';
import type { ListSpec } from '../route.ts';
import type { Family, FixtureContext } from './family.ts';
import { range, suffix, ts } from './fixtures.ts';

const ref = (e: { id?: string; name?: string }, base: string): Models.DomainEntityRef => ({
  id: e.id,
  name: e.name,
  selfUri: `${base}/${e.id}`,
});

const LIMITS = ['Standard Attempts', 'Strict Attempts', 'Collections Attempts'];

export function attemptLimits({ counts, org, stream }: FixtureContext): void {
  const r = stream('outbound:attemptlimit');
  org.attemptLimits = range(counts.attemptLimits).map((i): Models.AttemptLimits => {
    const perContact = 3 + r.int(6);
    return {
      id: r.uuid(),
      name: `${LIMITS[i % LIMITS.length]}${suffix(i, LIMITS.length)}`,
      dateCreated: ts(400 + r.int(300)),
      dateModified: ts(r.int(100)),
      version: 1 + r.int(5),
      maxAttemptsPerContact: perContact,
      maxAttemptsPerNumber: 1 + r.int(perContact),
      timeZoneId: r.pick(['America/New_York', 'America/Chicago', 'Europe/London']),
      resetPeriod: r.pick(['NEVER', 'TODAY']),
      recallEntries: {
        busy: { nbrAttempts: 1 + r.int(2), minutesBetweenAttempts: 5 + r.int(30) },
        noAnswer: { nbrAttempts: 1 + r.int(2), minutesBetweenAttempts: 30 + r.int(60) },
        ...(r.chance(0.5) ? { answeringMachine: { nbrAttempts: 1, minutesBetweenAttempts: 240 } } : {}),
      },
    };
  });
  const first = org.attemptLimits[0];
  const list = org.contactLists[0];
  if (first && list) list.attemptLimits = ref(first, '/api/v2/outbound/attemptlimits');
}

export function contactListFilters({ counts, org, stream }: FixtureContext): void {
  const r = stream('outbound:contactlistfilter');
  const lists = org.contactLists;
  if (!lists.length) return;
  org.contactListFilters = range(counts.contactListFilters).map((i): Models.ContactListFilter => {
    const list = lists[i % lists.length] as Models.ContactList;
    const over = 100 * (1 + r.int(50));
    return {
      id: r.uuid(),
      name: `${list.name} Balance Over ${over}${suffix(i, lists.length)}`,
      dateCreated: ts(300 + r.int(300)),
      dateModified: ts(r.int(100)),
      version: 1 + r.int(5),
      contactList: ref(list, '/api/v2/outbound/contactlists'),
      filterType: 'AND',
      clauses: [
        {
          filterType: r.pick(['AND', 'OR']),
          predicates: [
            {
              column: 'Balance',
              columnType: 'numeric',
              operator: 'GREATER_THAN',
              value: String(over),
              inverted: false,
            },
            ...(r.chance(0.5)
              ? [
                  {
                    column: 'ZipCode',
                    columnType: 'alphabetic',
                    operator: 'BEGINS_WITH',
                    value: String(1 + r.int(9)),
                    inverted: r.chance(0.3),
                  },
                ]
              : []),
          ],
        },
      ],
    };
  });
  const campaign = org.campaigns[0];
  const filter = org.contactListFilters.find((f) => f.contactList?.id === campaign?.contactList.id);
  if (campaign && filter) campaign.contactListFilters = [ref(filter, '/api/v2/outbound/contactlistfilters')];
}

function listing(
  base: string,
  idParam: string,
  collection: ListSpec['collection'],
  permission: string,
): ListSpec {
  return {
    base,
    idParam,
    collection,
    permissions: [permission],
    maxPageSize: 100,
    paging: 'pageNumber',
    idFilter: false,
    sortBy: 'name',
    single: true,
  };
}

export const outboundLimitsFamily: Family = {
  name: 'outbound:attemptlimit, outbound:contactlistfilter',
  listings: [
    listing(
      '/api/v2/outbound/attemptlimits',
      'attemptLimitsId',
      'attemptLimits',
      'outbound:attemptLimits:view',
    ),
    listing(
      '/api/v2/outbound/contactlistfilters',
      'contactListFilterId',
      'contactListFilters',
      'outbound:contactListFilter:view',
    ),
  ],
  fixtures: [attemptLimits, contactListFilters],
};
