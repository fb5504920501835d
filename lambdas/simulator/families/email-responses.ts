/**
 * Inbound email and canned responses (`routing:emaildomain`, `routing:emailroute`,
 * `responsemanagement:response`): email domains (ID = domain name), their routes (listed per domain, to
 * queues, skills, languages and inbound-email flows), and responses listed per library (some in two
 * libraries). Each fixture draws from a stream of its own.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { apiError, notFound } from '../errors.ts';
import { pageByNumber } from '../paging.ts';
import type { Route } from '../route.ts';
import type { Family, FixtureContext } from './family.ts';
import { flowOfType, range, suffix } from './fixtures.ts';

const DOMAIN_WORDS = ['support', 'billing', 'sales', 'claims', 'care', 'orders'];

export function emailDomains({ counts, org, stream }: FixtureContext): void {
  const r = stream('routing:emaildomain');
  org.emailDomains = range(counts.emailDomains).map((i): Models.InboundDomain => {
    const id = `${DOMAIN_WORDS[i % DOMAIN_WORDS.length]}${suffix(i, DOMAIN_WORDS.length).trim()}.cx-export.mypurecloud.com`;
    return { id, name: id, mxRecordStatus: r.chance(0.9) ? 'VALID' : 'NOT_AVAILABLE', subDomain: true };
  });
}

const entityRef = (e: { id?: string; name?: string }, base: string): Models.DomainEntityRef => ({
  id: e.id,
  name: e.name,
  selfUri: `${base}/${e.id}`,
});

export function emailRoutes({ counts, org, stream }: FixtureContext): void {
  const r = stream('routing:emailroute');
  org.emailRoutes = new Map(org.emailDomains.map((d) => [d.id as string, []]));
  if (!org.emailDomains.length) return;
  const flow = flowOfType(org, 'INBOUNDEMAIL');
  for (const i of range(counts.emailRoutes)) {
    const domain = org.emailDomains[i % org.emailDomains.length] as Models.InboundDomain;
    const queue = r.pick(org.queues);
    const skills = r.sample(org.skills, r.int(3));
    const language = org.languages.length && r.chance(0.3) ? r.pick(org.languages) : undefined;
    const pattern = `${DOMAIN_WORDS[i % DOMAIN_WORDS.length]}${i < DOMAIN_WORDS.length ? '' : i}`;
    const route: Models.InboundRoute = {
      id: r.uuid(),
      name: `${pattern}@${domain.id}`,
      pattern,
      fromName: `${(domain.id as string).split('.')[0]} team`,
      fromEmail: `${pattern}@${domain.id}`,
      priority: 1 + r.int(5),
      ...(flow && r.chance(0.3)
        ? { flow: entityRef(flow, '/api/v2/flows') }
        : { queue: entityRef(queue, '/api/v2/routing/queues') }),
      skills: skills.map((s) => entityRef(s, '/api/v2/routing/skills')),
      ...(language ? { language: entityRef(language, '/api/v2/routing/languages') } : {}),
      ...(flow && r.chance(0.2) ? { spamFlow: entityRef(flow, '/api/v2/flows') } : {}),
      autoBcc: [],
      historyInclusion: r.pick(['Include', 'Exclude', 'Optional']),
      allowMultipleActions: false,
      status: 'Active',
    };
    org.emailRoutes.get(domain.id as string)?.push(route);
  }
}

const RESPONSE_TEXTS = [
  'Thank you for contacting us. A member of our team will reply within one business day.',
  'Your invoice is attached. Let us know if anything looks wrong.',
  'Please restart the device and tell us whether the problem persists.',
  'Our opening hours are 8am to 8pm, Monday to Friday.',
  'We have received your claim and assigned it the reference in the subject line.',
];

export function responses({ counts, org, stream }: FixtureContext): void {
  const r = stream('responsemanagement:response');
  const libraries = org.responseLibraries;
  if (!libraries.length) return;
  org.responses = range(counts.responses).map((i): Models.Response => {
    const first = libraries[i % libraries.length] as Models.Library;
    // The first response is in two libraries, and a fifth of the others.
    const second =
      libraries.length > 1
        ? i === 0
          ? libraries[1]
          : r.chance(0.2)
            ? r.pick(libraries)
            : undefined
        : undefined;
    const libs = second && second.id !== first.id ? [first, second] : [first];
    const text = RESPONSE_TEXTS[i % RESPONSE_TEXTS.length] as string;
    return {
      id: r.uuid(),
      name: `Response ${i + 1}`,
      version: 1 + r.int(4),
      libraries: libs.map((l) => entityRef(l, '/api/v2/responsemanagement/libraries')),
      texts: [{ content: text, contentType: 'text/plain' }],
      interactionType: r.pick(['chat', 'email']),
      substitutions: [],
    };
  });
}

/** `GET /api/v2/routing/email/domains/{domainName}/routes`: page numbers; 404 for an unknown domain. */
function domainRoutesRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/routing/email/domains/{domainName}/routes',
    permissions: ['routing:email:view'],
    handle: ({ org, params, path, query }) => {
      const routes = org.emailRoutes.get(params.domainName ?? '');
      if (!routes) return notFound(path);
      const selfUri = `/api/v2/routing/email/domains/${params.domainName}/routes`;
      return pageByNumber(
        routes.map((x) => ({ ...x, selfUri: `${selfUri}/${x.id}` })),
        path,
        query,
        { maxPageSize: 'undocumented' },
      );
    },
  };
}

/** `GET /api/v2/responsemanagement/responses?libraryId=`: `libraryId` is required; page numbers. */
function responsesRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/responsemanagement/responses',
    permissions: ['responses:response:view'],
    collection: 'responses',
    handle: ({ org, path, query }) => {
      const libraryId = query.get('libraryId');
      if (!libraryId) return apiError(400, 'bad.request', 'libraryId is required');
      const items = org.responses
        .filter((x) => x.libraries.some((l) => l.id === libraryId))
        .map((x) => ({ ...x, selfUri: `/api/v2/responsemanagement/responses/${x.id}` }));
      return pageByNumber(items, path, query, { maxPageSize: 'undocumented' });
    },
  };
}

function responseRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/responsemanagement/responses/{responseId}',
    permissions: ['responses:response:view'],
    handle: ({ org, params, path }) => {
      const x = org.responses.find((e) => e.id === params.responseId);
      return x
        ? { status: 200, body: { ...x, selfUri: `/api/v2/responsemanagement/responses/${x.id}` } }
        : notFound(path);
    },
  };
}

export const emailResponsesFamily: Family = {
  name: 'routing:emaildomain, routing:emailroute, responsemanagement:response',
  listings: [
    {
      base: '/api/v2/routing/email/domains',
      idParam: 'domainId',
      collection: 'emailDomains',
      permissions: ['routing:email:manage'],
      maxPageSize: 'undocumented',
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'id',
      single: true,
    },
  ],
  routes: () => [domainRoutesRoute(), responsesRoute(), responseRoute()],
  fixtures: [emailDomains, emailRoutes, responses],
};
