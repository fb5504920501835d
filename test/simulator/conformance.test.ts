/**
 * Conformance: the official SDK `purecloud-platform-client-v2`, pointed at the simulator through its
 * gateway settings, logs in and calls every endpoint the exporter relies on, in each paging style.
 * Every response of every simulator in this file is also validated against the SDK's models
 * (test/schema: generated JSON Schemas, extra properties refused, documented enum values enforced).
 */

import { strFromU8, unzipSync } from 'fflate';
import platformClient from 'purecloud-platform-client-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_DEPENDENCY_TYPE } from '../../lambdas/simulator/org.ts';
import { buildRoutes, LIST_SPECS } from '../../lambdas/simulator/routes.ts';
import { DEFAULT_CLIENT, GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { KNOWN_VIOLATIONS, unexpectedViolations } from '../schema/known-violations.ts';
import { type SchemaCheck, strictSchema, summaryKey, type ViolationSummary } from '../schema/strict.ts';

interface SdkError {
  status: number;
  body: { code?: string; message?: string; status?: number; error?: string; error_description?: string };
  headers: Record<string, string>;
  code?: string;
}

/** Schema checks of every simulator this file starts; checked after each test. */
const checks: SchemaCheck[] = [];
/** Every violation seen so far (known ones included), for the known-violation tests at the end. */
const observed: ViolationSummary[] = [];

function strict(s: GenesysSimulator): GenesysSimulator {
  checks.push(strictSchema(s));
  return s;
}

const sim = strict(
  new GenesysSimulator({
    size: 'small',
    clients: [
      DEFAULT_CLIENT,
      { clientId: 'limited', clientSecret: 'limited-secret', permissions: ['routing:skill:view'] },
    ],
  }),
);
const client = platformClient.ApiClient.instance;

async function tokenFor(s: GenesysSimulator, clientId: string, clientSecret: string): Promise<string> {
  const res = await fetch(`${s.url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function rejection(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  await sim.start();
  const port = Number(new URL(sim.url).port);
  client.setGateway({ host: '127.0.0.1', protocol: 'http', port } as never);
  await client.loginClientCredentialsGrant(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret);
});
afterAll(() => sim.stop());

afterEach(() => {
  const found = checks.flatMap((c) => c.violations());
  for (const c of checks) c.reset();
  observed.push(...found);
  expect(unexpectedViolations(found), 'simulator responses that depart from the SDK models').toEqual([]);
});

describe('Simulator: login', () => {
  it('rejects a wrong secret with the OAuth 401 error shape', async () => {
    // The SDK's login rejects with its HTTP client's error, whose response holds the OAuth error body.
    const err = (await rejection(
      client.loginClientCredentialsGrant(DEFAULT_CLIENT.clientId, 'wrong'),
    )) as unknown as {
      response: { status: number; data: Record<string, string> };
    };
    expect(err.response.status).toBe(401);
    expect(err.response.data).toMatchObject({ error: 'invalid_client' });
    expect(err.response.data.error_description).toBeTruthy();
    await client.loginClientCredentialsGrant(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret);
  });

  it('answers 401 bad.credentials once the token has expired', async () => {
    const shortLived = strict(new GenesysSimulator({ size: { users: 3 }, tokenLifetimeSeconds: 300 }));
    await shortLived.start();
    try {
      const res = await fetch(`${shortLived.url}/oauth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${DEFAULT_CLIENT.clientId}:${DEFAULT_CLIENT.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      const token = (await res.json()) as { access_token: string; expires_in: number };
      expect(token.expires_in).toBe(300);
      const ok = await fetch(`${shortLived.url}/api/v2/organizations/me`, {
        headers: { authorization: `Bearer ${token.access_token}` },
      });
      expect(ok.status).toBe(200);
      shortLived.revokeTokens();
      const expired = await fetch(`${shortLived.url}/api/v2/organizations/me`, {
        headers: { authorization: `Bearer ${token.access_token}` },
      });
      expect(expired.status).toBe(401);
      expect(await expired.json()).toMatchObject({ code: 'bad.credentials', status: 401 });
    } finally {
      await shortLived.stop();
    }
  });
});

describe('Simulator: endpoints through the SDK', () => {
  it('serves the organization', async () => {
    const org = await new platformClient.OrganizationApi().getOrganizationsMe();
    expect(org.id).toBe(sim.org.organization.id);
  });

  it('pages users by number, hides inactive users unless asked, and honours expand', async () => {
    const api = new platformClient.UsersApi();
    const first = await api.getUsers({ pageSize: 15, pageNumber: 1 });
    const active = sim.org.users.filter((u) => u.state === 'active');
    expect(first.total).toBe(active.length);
    expect(first.pageCount).toBe(Math.ceil(active.length / 15));
    expect(first.nextUri).toBe('/api/v2/users?pageSize=15&pageNumber=2');
    expect(first.entities?.[0]?.skills).toBeUndefined();
    const seen = new Set<string>();
    for (let n = 1; n <= (first.pageCount ?? 0); n++) {
      for (const u of (await api.getUsers({ pageSize: 15, pageNumber: n })).entities ?? [])
        seen.add(u.id as string);
    }
    expect(seen.size).toBe(active.length);
    const all = await api.getUsers({ pageSize: 500, state: 'any', expand: ['skills', 'locations'] });
    expect(all.total).toBe(sim.org.users.length);
    expect(all.entities?.some((u) => (u.skills?.length ?? 0) > 0)).toBe(true);
    const inactive = sim.org.users.find((u) => u.state === 'inactive');
    const byId = await api.getUsers({ id: [inactive?.id as string], state: 'any' });
    expect(byId.entities?.map((u) => u.id)).toEqual([inactive?.id]);
  });

  it('rejects a page size over the maximum with 400', async () => {
    const err = await rejection(new platformClient.RoutingApi().getRoutingSkills({ pageSize: 501 }));
    // Without extended responses the SDK rejects with the ErrorBody itself.
    expect(err.status).toBe(400);
    expect(err.code).toBe('bad.request');
    const members = await rejection(
      new platformClient.RoutingApi().getRoutingQueueMembers(sim.org.queues[0]?.id as string, {
        pageSize: 101,
      }),
    );
    expect(members.status).toBe(400);
  });

  it('lists every configuration type with the SDK call a user would make', async () => {
    const routing = new platformClient.RoutingApi();
    const architect = new platformClient.ArchitectApi();
    const telephony = new platformClient.TelephonyProvidersEdgeApi();
    const auth = new platformClient.AuthorizationApi();
    const calls: Array<[string, Promise<{ entities?: unknown[] }>, number]> = [
      ['skills', routing.getRoutingSkills({ pageSize: 100 }), sim.org.skills.length],
      ['languages', routing.getRoutingLanguages({ pageSize: 100 }), sim.org.languages.length],
      ['wrapupcodes', routing.getRoutingWrapupcodes({ pageSize: 100 }), sim.org.wrapupCodes.length],
      ['queues', routing.getRoutingQueues({ pageSize: 100 }), sim.org.queues.length],
      ['flows', architect.getFlows({ pageSize: 100 }), sim.org.flows.length],
      ['schedules', architect.getArchitectSchedules({ pageSize: 100 }), sim.org.schedules.length],
      [
        'schedulegroups',
        architect.getArchitectSchedulegroups({ pageSize: 100 }),
        sim.org.scheduleGroups.length,
      ],
      ['prompts', architect.getArchitectPrompts({ pageSize: 100 }), sim.org.prompts.length],
      ['trunks', telephony.getTelephonyProvidersEdgesTrunks({ pageSize: 100 }), sim.org.trunks.length],
      [
        'trunkbasesettings',
        telephony.getTelephonyProvidersEdgesTrunkbasesettings({ pageSize: 100 }),
        sim.org.trunkBaseSettings.length,
      ],
      ['divisions', auth.getAuthorizationDivisions({ pageSize: 100 }), sim.org.divisions.length],
      ['roles', auth.getAuthorizationRoles({ pageSize: 100 }), sim.org.roles.length],
      ['groups', new platformClient.GroupsApi().getGroups({ pageSize: 100 }), sim.org.groups.length],
      [
        'locations',
        new platformClient.LocationsApi().getLocations({ pageSize: 100 }),
        sim.org.locations.length,
      ],
      [
        'actions',
        new platformClient.IntegrationsApi().getIntegrationsActions({ pageSize: 100 }),
        sim.org.dataActions.length,
      ],
    ];
    for (const [name, p, expected] of calls) {
      const page = await p;
      expect(page.entities?.length, name).toBe(expected);
    }
    const trunks = await telephony.getTelephonyProvidersEdgesTrunks({ pageSize: 1 });
    expect(trunks.totalNumberOfEntities).toBe(sim.org.trunks.length);
    const queue = sim.org.queues[0];
    const single = await routing.getRoutingQueue(queue?.id as string);
    expect(single.name).toBe(queue?.name);
  });

  it('lists the routing and Architect configuration of issue 14 with the SDK calls a user would make', async () => {
    const routing = new platformClient.RoutingApi();
    const architect = new platformClient.ArchitectApi();
    const calls: Array<[string, Promise<{ entities?: Array<{ id?: string }> }>, Array<{ id?: string }>]> = [
      ['ivrs', architect.getArchitectIvrs({ pageSize: 100 }), sim.org.ivrs],
      ['emergencygroups', architect.getArchitectEmergencygroups({ pageSize: 100 }), sim.org.emergencyGroups],
      ['milestones', architect.getFlowsMilestones({ pageSize: 100 }), sim.org.flowMilestones],
      ['outcomes', architect.getFlowsOutcomes({ pageSize: 100 }), sim.org.flowOutcomes],
      ['datatables', architect.getFlowsDatatables({ pageSize: 100 }), sim.org.dataTables],
      [
        'utilization labels',
        routing.getRoutingUtilizationLabels({ pageSize: 100 }),
        sim.org.utilizationLabels,
      ],
      ['sms addresses', routing.getRoutingSmsAddresses({ pageSize: 100 }), sim.org.smsAddresses],
      [
        'libraries',
        new platformClient.ResponseManagementApi().getResponsemanagementLibraries({ pageSize: 100 }),
        sim.org.responseLibraries,
      ],
    ];
    for (const [name, p, expected] of calls) {
      const page = await p;
      expect(page.entities?.map((e) => e.id).sort(), name).toEqual(expected.map((e) => e.id).sort());
      expect(expected.length, name).toBeGreaterThan(0);
    }
    const ivr = await architect.getArchitectIvr(sim.org.ivrs[0]?.id as string);
    expect(ivr.openHoursFlow?.id).toBe(sim.org.ivrs[0]?.openHoursFlow?.id);
    const group = await architect.getArchitectEmergencygroup(sim.org.emergencyGroups[0]?.id as string);
    expect(group.emergencyCallFlows?.[0]?.ivrs?.length).toBeGreaterThan(0);
    // Milestones and outcomes take a repeated id filter, which overrides the other filters.
    const [m1, m2] = sim.org.flowMilestones;
    const byId = await architect.getFlowsMilestones({ id: [m1?.id as string, m2?.id as string], name: 'x' });
    expect(byId.entities?.map((m) => m.id).sort()).toEqual([m1?.id, m2?.id].sort());
    const outcome = await architect.getFlowsOutcome(sim.org.flowOutcomes[0]?.id as string);
    expect(outcome.name).toBe(sim.org.flowOutcomes[0]?.name);
    expect((await routing.getRoutingUtilizationLabel(sim.org.utilizationLabels[0]?.id as string)).name).toBe(
      'System Default Label',
    );
    expect((await routing.getRoutingSmsAddress(sim.org.smsAddresses[0]?.id as string)).postalCode).toBe(
      sim.org.smsAddresses[0]?.postalCode,
    );
  });

  it('lists presence definitions unpaged, one kind at a time, and serves the routing singletons', async () => {
    const presence = new platformClient.PresenceApi();
    const active = await presence.getPresenceDefinitions0({ deactivated: 'false' });
    const inactive = await presence.getPresenceDefinitions0({ deactivated: 'true' });
    const defs = sim.org.presenceDefinitions;
    expect(active.entities?.map((d) => d.id).sort()).toEqual(
      defs
        .filter((d) => !d.deactivated)
        .map((d) => d.id)
        .sort(),
    );
    expect(inactive.entities?.map((d) => d.id).sort()).toEqual(
      defs
        .filter((d) => d.deactivated)
        .map((d) => d.id)
        .sort(),
    );
    expect(inactive.entities?.length).toBeGreaterThan(0);
    expect(active.total).toBe(active.entities?.length);
    expect(active).not.toHaveProperty('pageCount');
    expect(active.entities?.some((d) => d.type === 'System')).toBe(true);
    const user = defs.find((d) => d.type === 'User') as { id: string; divisionId?: string };
    expect((await presence.getPresenceDefinition0(user.id)).divisionId).toBe(user.divisionId);
    const byDivision = await presence.getPresenceDefinitions0({ divisionId: [user.divisionId as string] });
    expect(byDivision.entities?.every((d) => d.divisionId === user.divisionId)).toBe(true);

    const routing = new platformClient.RoutingApi();
    const utilization = await routing.getRoutingUtilization();
    expect(utilization).toEqual(sim.org.routingUtilization);
    expect(Object.keys(utilization.labelUtilizations ?? {}).length).toBeGreaterThan(0);
    expect(await routing.getRoutingSettings()).toEqual(sim.org.routingSettings?.settings);
    expect(await routing.getRoutingSettingsTranscription()).toEqual(sim.org.routingSettings?.transcription);
    expect(await routing.getRoutingSettingsContactcenter()).toEqual(sim.org.routingSettings?.contactCenter);
  });

  it('lists email routes per domain (ID = name) and responses per library (required libraryId)', async () => {
    const routing = new platformClient.RoutingApi();
    const domains = await routing.getRoutingEmailDomains({ pageSize: 100 });
    expect(domains.entities?.map((d) => d.id).sort()).toEqual(sim.org.emailDomains.map((d) => d.id).sort());
    const domain = sim.org.emailDomains[0]?.id as string;
    expect((await routing.getRoutingEmailDomain(domain)).name).toBe(domain);
    const routes = await routing.getRoutingEmailDomainRoutes(domain, { pageSize: 100 });
    const expected = sim.org.emailRoutes.get(domain) ?? [];
    expect(expected.length).toBeGreaterThan(0);
    expect(routes.entities?.map((x) => x.id).sort()).toEqual(expected.map((x) => x.id).sort());
    expect(routes.total).toBe(expected.length);
    expect((await rejection(routing.getRoutingEmailDomainRoutes('no.such.domain'))).status).toBe(404);

    const rm = new platformClient.ResponseManagementApi();
    const seen = new Set<string>();
    for (const l of sim.org.responseLibraries) {
      const page = await rm.getResponsemanagementResponses(l.id as string, { pageSize: 100 });
      for (const x of page.entities ?? []) {
        expect(x.libraries.map((y) => y.id)).toContain(l.id);
        seen.add(x.id as string);
      }
    }
    expect([...seen].sort()).toEqual(sim.org.responses.map((x) => x.id).sort());
    const one = sim.org.responses[0];
    expect((await rm.getResponsemanagementResponse(one?.id as string)).texts).toEqual(one?.texts);
  });

  it('pages the subjects granted each role, with their divisions (users, groups, an OAuth client)', async () => {
    const auth = new platformClient.AuthorizationApi();
    const employee = sim.org.roles.find((r) => r.name === 'employee');
    const seen: string[] = [];
    const total = sim.org.roleGrants.get(employee?.id as string)?.length ?? 0;
    expect(total).toBe(sim.org.users.filter((u) => u.state === 'active').length);
    for (let n = 1; n <= Math.ceil(total / 7); n++) {
      const page = await auth.getAuthorizationRoleSubjectgrants(employee?.id as string, {
        pageSize: 7,
        pageNumber: n,
      });
      expect(page.pageCount).toBe(Math.ceil(total / 7));
      for (const g of page.entities ?? []) {
        expect(g.type).toBe('PC_USER');
        expect(g.divisions?.map((d) => d.name)).toEqual(['Home']);
        seen.push(g.id as string);
      }
    }
    expect(new Set(seen).size).toBe(total);
    const admin = await auth.getAuthorizationRoleSubjectgrants(sim.org.roles[0]?.id as string, {
      pageSize: 100,
    });
    expect(new Set(admin.entities?.map((g) => g.type))).toEqual(new Set(['PC_USER', 'PC_OAUTH_CLIENT']));
    expect((await rejection(auth.getAuthorizationRoleSubjectgrants('no-such-role'))).status).toBe(404);
  });

  it('lists published scripts and exports one to a signed URL whose file holds its pages', async () => {
    const scripts = new platformClient.ScriptsApi();
    const listed = await scripts.getScriptsPublished({ pageSize: 100 });
    expect(listed.entities?.map((x) => x.id).sort()).toEqual(sim.org.scripts.map((x) => x.id).sort());
    expect(listed.entities?.map((x) => x.name)).toContain('Default Inbound Script');
    const custom = sim.org.scripts[3];
    expect((await scripts.getScriptsPublishedScriptId(custom?.id as string)).name).toBe(custom?.name);
    const { url } = await scripts.postScriptExport(custom?.id as string, {
      body: { versionId: custom?.versionId },
    });
    const file = await fetch(url as string);
    expect(file.status).toBe(200);
    const content = (await file.json()) as { pages?: Array<{ id?: string }>; startPageId?: string };
    expect(content.pages?.[0]?.id).toBe(content.startPageId);
    expect(
      (await fetch((url as string).replace(/X-Amz-Signature=\w+/, 'X-Amz-Signature=forged'))).status,
    ).toBe(403);
    expect((await rejection(scripts.postScriptExport('no-such-script', { body: {} }))).status).toBe(404);
  });

  it('lists evaluation forms without questions and reads their latest published versions by context', async () => {
    const quality = new platformClient.QualityApi();
    const listed = await quality.getQualityFormsEvaluations({ pageSize: 100 });
    expect(listed.entities?.length).toBe(sim.org.evaluationForms.length);
    for (const f of listed.entities ?? []) expect(f).not.toHaveProperty('questionGroups');
    const first = sim.org.evaluationForms[0];
    expect(
      (await quality.getQualityFormsEvaluation(first?.id as string)).questionGroups?.length,
    ).toBeGreaterThan(0);
    const contexts = sim.org.evaluationForms.map((f) => f.contextId as string);
    const published = await quality.getQualityFormsEvaluationsBulkContexts(contexts);
    expect(published.map((f) => f.contextId).sort()).toEqual(
      [...sim.org.publishedEvaluationForms.keys()].sort(),
    );
    expect(published.length).toBeLessThan(contexts.length);
    for (const f of published) {
      expect(f.published).toBe(true);
      expect(f.questionGroups?.[0]?.questions?.length).toBeGreaterThan(0);
    }
  });

  it('lists integrations with their current configuration, and credentials without their values', async () => {
    const api = new platformClient.IntegrationsApi();
    const listed = await api.getIntegrations({ pageSize: 100 });
    expect(listed.entities?.map((x) => x.id).sort()).toEqual(sim.org.integrations.map((x) => x.id).sort());
    for (const a of sim.org.dataActions) expect(listed.entities?.map((x) => x.id)).toContain(a.integrationId);
    const one = sim.org.integrations[0];
    const config = await api.getIntegrationConfigCurrent(one?.id as string);
    expect(Object.values(config.credentials).map((c) => c.id)).toEqual(
      Object.values(sim.org.integrationConfigs.get(one?.id as string)?.credentials ?? {}).map((c) => c.id),
    );
    const credentials = await api.getIntegrationsCredentials({ pageSize: 100 });
    expect(credentials.entities?.length).toBe(sim.org.integrationCredentials.length);
    for (const c of credentials.entities ?? [])
      expect(Object.keys(c).sort()).not.toContain('credentialFields');
    expect((await rejection(api.getIntegrationConfigCurrent('no-such-integration'))).status).toBe(404);
  });

  it('pages Messenger configurations and deployments by cursor', async () => {
    const api = new platformClient.WebDeploymentsApi();
    const configs = await api.getWebdeploymentsConfigurations({ showOnlyPublished: true, pageSize: '1' });
    expect(configs.entities?.length).toBe(1);
    expect(configs.nextUri).toBeDefined();
    const deployments = await api.getWebdeploymentsDeployments({ pageSize: '300' });
    expect(deployments.entities?.map((d) => d.configuration.id).sort()).toEqual(
      sim.org.webDeploymentConfigurations.map((c) => c.id).sort(),
    );
    const d = sim.org.webDeployments[0];
    expect((await api.getWebdeploymentsDeployment(d?.id as string)).flow?.id).toBe(d?.flow?.id);
  });

  it('lists sites with their outbound routes (paged) and number plans (a bare array), edge groups, pools, templates and phones', async () => {
    const edges = new platformClient.TelephonyProvidersEdgeApi();
    const sites = await edges.getTelephonyProvidersEdgesSites({ pageSize: 100 });
    expect(sites.entities?.map((x) => x.id).sort()).toEqual(sim.org.sites.map((x) => x.id).sort());
    expect(sites.entities?.some((x) => x.managed)).toBe(true);
    const site = sim.org.sites.find((x) => !x.managed);
    const routes = await edges.getTelephonyProvidersEdgesSiteOutboundroutes(site?.id as string, {
      pageSize: 100,
    });
    expect(routes.entities?.length).toBe(sim.org.siteOutboundRoutes.get(site?.id as string)?.length);
    const plans = await edges.getTelephonyProvidersEdgesSiteNumberplans(site?.id as string);
    expect(Array.isArray(plans)).toBe(true);
    expect(plans.map((p) => p.name)).toEqual(['Emergency', 'Extension']);
    expect((await edges.getTelephonyProvidersEdgesEdgegroups({ pageSize: 100 })).entities?.length).toBe(
      sim.org.edgeGroups.length,
    );
    expect((await edges.getTelephonyProvidersEdgesDidpools({ pageSize: 100 })).total).toBe(
      sim.org.didPools.length,
    );
    expect((await edges.getTelephonyProvidersEdgesExtensionpools({ pageSize: 100 })).total).toBe(
      sim.org.extensionPools.length,
    );
    const bases = await edges.getTelephonyProvidersEdgesPhonebasesettings({
      pageSize: 100,
      expand: ['properties', 'lines'],
    });
    expect(bases.entities?.[0]?.lines?.length).toBeGreaterThan(0);
    const phones = await edges.getTelephonyProvidersEdgesPhones({
      pageSize: 5,
      expand: ['properties', 'lines'],
    });
    expect(phones.total).toBe(sim.org.phones.length);
    expect(phones.entities?.[0]?.webRtcUser?.id).toBeDefined();
    expect((await rejection(edges.getTelephonyProvidersEdgesSiteNumberplans('no-such-site'))).status).toBe(
      404,
    );
  });

  it('serves data tables with their schema only with expand=schema, and their rows briefly unless showbrief=false', async () => {
    const architect = new platformClient.ArchitectApi();
    const plain = await architect.getFlowsDatatables({ pageSize: 100 });
    expect(plain.entities?.every((t) => t.schema === undefined)).toBe(true);
    const expanded = await architect.getFlowsDatatables({ pageSize: 100, expand: 'schema' });
    expect(expanded.entities?.every((t) => t.schema?.properties?.key !== undefined)).toBe(true);
    const table = sim.org.dataTables[0];
    const single = await architect.getFlowsDatatable(table?.id as string, { expand: 'schema' });
    expect(single.schema?.required).toEqual(['key']);
    const all = sim.org.dataTableRows.get(table?.id as string) ?? [];
    expect(all.length).toBeGreaterThan(10);
    const brief = await architect.getFlowsDatatableRows(table?.id as string, { pageSize: 5 });
    expect(brief.entities?.[0]).toEqual({ key: all[0]?.key });
    const rows: unknown[] = [];
    for (let n = 1; n <= Math.ceil(all.length / 5); n++) {
      const page = await architect.getFlowsDatatableRows(table?.id as string, {
        pageSize: 5,
        pageNumber: n,
        showbrief: false,
      });
      expect(page.pageCount).toBe(Math.ceil(all.length / 5));
      rows.push(...(page.entities ?? []));
    }
    expect(rows).toEqual(all);
    // No source documents a maximum page size for rows, so the simulator serves any positive size.
    const large = await architect.getFlowsDatatableRows(table?.id as string, { pageSize: 1000 });
    expect(large.entities).toHaveLength(Math.min(all.length, 1000));
    const err = await rejection(architect.getFlowsDatatableRows(table?.id as string, { pageSize: 0 }));
    expect(err.status).toBe(400);
  });

  it('pages skill groups by cursor without conditions, and reads conditions and member divisions by ID', async () => {
    const routing = new platformClient.RoutingApi();
    const ids: string[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await routing.getRoutingSkillgroups({ pageSize: 1, after });
      for (const g of page.entities ?? []) {
        expect(g).not.toHaveProperty('skillConditions');
        ids.push(g.id as string);
      }
      expect(page).not.toHaveProperty('total');
      if (!page.nextUri) break;
      after = new URL(page.nextUri, sim.url).searchParams.get('after') ?? undefined;
    }
    expect(ids.sort()).toEqual(sim.org.skillGroups.map((g) => g.id).sort());
    const group = sim.org.skillGroups[0];
    const full = await routing.getRoutingSkillgroup(group?.id as string);
    expect(full.skillConditions).toEqual(group?.skillConditions);
    const divisions = await routing.getRoutingSkillgroupMembersDivisions(group?.id as string);
    expect(divisions.entities?.map((d) => d.id)).toEqual(
      sim.org.skillGroupMemberDivisions.get(group?.id as string),
    );
    expect(divisions.entities?.map((d) => d.id)).toContain(group?.division?.id);
  });

  it('reports flows consuming data tables, milestones, outcomes, an IVR and an emergency group', async () => {
    const api = new platformClient.ArchitectApi();
    const consumed = new Set<string>();
    for (const f of sim.org.flows) {
      const type = FLOW_DEPENDENCY_TYPE[f.type ?? ''];
      if (!type || !(sim.org.flowDependencies.get(f.id as string) ?? []).length) continue;
      const res = await api.getArchitectDependencytrackingConsumedresources(f.id as string, '1.0', type, {
        pageSize: 100,
      });
      for (const d of res.entities ?? []) consumed.add(String(d.type));
    }
    expect([...consumed]).toEqual(
      expect.arrayContaining([
        'DATATABLE',
        'FLOWMILESTONE',
        'FLOWOUTCOME',
        'IVRCONFIGURATION',
        'EMERGENCYGROUP',
        'UTILIZATIONLABEL',
      ]),
    );
  });

  it('pages teams with cursors (after), following nextUri until it is absent', async () => {
    const api = new platformClient.TeamsApi();
    const names: string[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await api.getTeams({ pageSize: 1, after });
      names.push(...(page.entities ?? []).map((t) => t.name));
      if (!page.nextUri) break;
      after = new URL(page.nextUri, sim.url).searchParams.get('after') ?? undefined;
      expect(page).not.toHaveProperty('pageCount');
    }
    expect(names.sort()).toEqual(sim.org.teams.map((t) => t.name).sort());
  });

  it('serves per-queue wrap-up codes and members (members carry no totals)', async () => {
    const routing = new platformClient.RoutingApi();
    const q = sim.org.queues[0]?.id as string;
    const codes = await routing.getRoutingQueueWrapupcodes(q, { pageSize: 100 });
    expect(codes.entities?.map((c) => c.id).sort()).toEqual(
      [...(sim.org.queueWrapupCodes.get(q) ?? [])].sort(),
    );
    const members = await routing.getRoutingQueueMembers(q, { pageSize: 2 });
    expect(members).not.toHaveProperty('total');
    expect(members.nextUri).toContain('pageNumber=2');
  });

  it('reports what a flow consumes through dependency tracking', async () => {
    const [flowId, deps] = [...sim.org.flowDependencies.entries()].find(([, d]) => d.length > 0) ?? [];
    const res = await new platformClient.ArchitectApi().getArchitectDependencytrackingConsumedresources(
      flowId as string,
      '1.0',
      'INBOUNDCALLFLOW',
      { pageSize: 100 },
    );
    expect(res.entities?.map((d) => d.id).sort()).toEqual(deps?.map((d) => d.id).sort());
  });

  it('runs a flow export job: create, poll until Success, download YAML (one flow) or a zip (several)', async () => {
    const api = new platformClient.ArchitectApi();
    const [a, b] = sim.org.flows;
    const one = await api.postFlowsExportJobs({ flows: [{ flow: { id: a?.id }, exportType: 'Yaml' }] });
    expect(one.status).toBe('Started');
    let state = await api.getFlowsExportJob(one.id as string, { expand: ['messages'] });
    expect(state.status).toBe('Started');
    for (let i = 0; i < 50 && state.status === 'Started'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = await api.getFlowsExportJob(one.id as string, { expand: ['messages'] });
    }
    expect(state.status).toBe('Success');
    const yaml = await (await fetch(state.downloadUrl as string)).text();
    expect(yaml).toContain(JSON.stringify(a?.name));

    const many = await api.postFlowsExportJobs({
      flows: [a, b].map((f) => ({ flow: { id: f?.id }, exportType: 'Yaml', fileName: f?.id })),
    });
    await new Promise((r) => setTimeout(r, 1600));
    const done = await api.getFlowsExportJob(many.id as string, {});
    const zip = unzipSync(new Uint8Array(await (await fetch(done.downloadUrl as string)).arrayBuffer()));
    expect(Object.keys(zip).sort()).toEqual([`${a?.id}.yaml`, `${b?.id}.yaml`].sort());
    expect(strFromU8(zip[`${b?.id}.yaml`] as Uint8Array)).toContain(JSON.stringify(b?.name));
  });
});

describe('Simulator: permissions and rate limits', () => {
  it('answers 403 missing.permissions naming the permission', async () => {
    const limited = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('limited:limited-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    const { access_token } = (await limited.json()) as { access_token: string };
    const skills = await fetch(`${sim.url}/api/v2/routing/skills`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(skills.status).toBe(200);
    const queues = await fetch(`${sim.url}/api/v2/routing/queues`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(queues.status).toBe(403);
    const body = (await queues.json()) as { code: string; message: string };
    expect(body.code).toBe('missing.permissions');
    expect(body.message).toContain('routing:queue:view');
  });

  it('carries inin-ratelimit-* headers and answers 429 with Retry-After past the limit', async () => {
    const tight = strict(
      new GenesysSimulator({ size: { users: 3 }, rateLimitPerMinute: 5, rateLimitHeaders: true }),
    );
    await tight.start();
    // The SDK's ApiClient is a singleton: point it at the tight simulator for this test, then back.
    client.setGateway({
      host: '127.0.0.1',
      protocol: 'http',
      port: Number(new URL(tight.url).port),
    } as never);
    client.setReturnExtendedResponses(true);
    try {
      await client.loginClientCredentialsGrant(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret);
      const api = new platformClient.RoutingApi();
      const first = (await api.getRoutingSkills({})) as unknown as { headers: Record<string, string> };
      expect(first.headers['inin-ratelimit-allowed']).toBe('5');
      expect(first.headers['inin-ratelimit-count']).toBe('1');
      for (let i = 0; i < 4; i++) await api.getRoutingSkills({});
      const err = await rejection(api.getRoutingSkills({}));
      expect(err.status).toBe(429);
      expect(Number(err.headers['retry-after'])).toBeGreaterThan(0);
      expect(err.body).toMatchObject({ code: 'too.many.requests.retry.after', status: 429 });
      expect(tight.apiRequestCount()).toEqual({ total: 6, rateLimited: 1 });
    } finally {
      client.setReturnExtendedResponses(false);
      client.setGateway({
        host: '127.0.0.1',
        protocol: 'http',
        port: Number(new URL(sim.url).port),
      } as never);
      await client.loginClientCredentialsGrant(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret);
      await tight.stop();
    }
  });
});

describe('Simulator: outbound through the SDK (issue 15)', () => {
  const outbound = () => new platformClient.OutboundApi();
  const sorted = (xs: Array<{ id?: string }> | undefined) => (xs ?? []).map((x) => x.id).sort();

  it('lists every outbound type with the SDK call a user would make, 100 at most per page', async () => {
    const api = outbound();
    const calls: Array<[string, Promise<{ entities?: Array<{ id?: string }> }>, Array<{ id?: string }>]> = [
      ['campaigns', api.getOutboundCampaigns({ pageSize: 100 }), sim.org.campaigns],
      ['contact lists', api.getOutboundContactlists({ pageSize: 100 }), sim.org.contactLists],
      ['dnc lists', api.getOutboundDnclists({ pageSize: 100 }), sim.org.dncLists],
      ['callable time sets', api.getOutboundCallabletimesets({ pageSize: 100 }), sim.org.callableTimeSets],
      [
        'response sets',
        api.getOutboundCallanalysisresponsesets({ pageSize: 100 }),
        sim.org.callAnalysisResponseSets,
      ],
      ['rule sets', api.getOutboundRulesets({ pageSize: 100 }), sim.org.ruleSets],
      ['sequences', api.getOutboundSequences({ pageSize: 100 }), sim.org.campaignSequences],
    ];
    for (const [name, p, expected] of calls) {
      expect(sorted((await p).entities), name).toEqual(sorted(expected));
      expect(expected.length, name).toBeGreaterThan(0);
    }
    expect((await rejection(api.getOutboundCampaigns({ pageSize: 101 }))).status).toBe(400);
    const two = await api.getOutboundContactlists({ pageSize: 2, pageNumber: 2 });
    expect(two.pageCount).toBe(Math.ceil(sim.org.contactLists.length / 2));
    // The repeated id filter of campaigns and contact lists.
    const [c1, c2] = sim.org.campaigns;
    const byId = await api.getOutboundCampaigns({ id: [c1?.id as string, c2?.id as string] });
    expect(sorted(byId.entities)).toEqual(sorted([c1 ?? {}, c2 ?? {}]));
    const campaign = await api.getOutboundCampaign(c1?.id as string);
    expect(campaign.contactList.id).toBe(c1?.contactList.id);
    const sequence = await api.getOutboundSequence(sim.org.campaignSequences[0]?.id as string);
    expect(sequence.campaigns.length).toBeGreaterThan(1);
  });

  it('adds a list import status and size only when asked', async () => {
    const api = outbound();
    const list = sim.org.contactLists[0];
    const plain = await api.getOutboundContactlist(list?.id as string);
    expect(plain.columnNames).toEqual(list?.columnNames);
    expect(plain).not.toHaveProperty('size');
    expect(plain).not.toHaveProperty('importStatus');
    const full = await api.getOutboundContactlist(list?.id as string, {
      includeSize: true,
      includeImportStatus: true,
    });
    expect(full.size).toBe(list?.size);
    expect(full.importStatus?.state).toBe('IN_PROGRESS');
    const dnc = await api.getOutboundDnclists({ pageSize: 100, includeSize: true });
    expect(dnc.entities?.every((d) => typeof d.size === 'number')).toBe(true);
  });

  it('serves the outbound singletons, and contacts and list exports only to whom may view contacts', async () => {
    const api = outbound();
    expect(await api.getOutboundSettings()).toEqual(sim.org.outboundSettings);
    const mappings = await api.getOutboundWrapupcodemappings();
    expect(Object.keys(mappings.mapping ?? {}).length).toBeGreaterThan(0);
    const list = sim.org.contactLists[0]?.id as string;
    const contact = sim.org.contacts.get(list)?.[0];
    expect((await api.getOutboundContactlistContact(list, contact?.id as string)).data).toEqual(
      contact?.data,
    );
    expect((await api.getOutboundContactlistExport(list)).uri).toContain(list);
    const dnc = sim.org.dncLists[0]?.id as string;
    expect((await api.getOutboundDnclistExport(dnc)).uri).toContain(dnc);
    // Without outbound:contact:view, a contact list's definition but not its contacts.
    const viewer = strict(
      new GenesysSimulator({
        size: 'small',
        clients: [
          { clientId: 'lists', clientSecret: 'lists-secret', permissions: ['outbound:contactList:view'] },
        ],
      }),
    );
    await viewer.start();
    try {
      const token = await tokenFor(viewer, 'lists', 'lists-secret');
      const get = (path: string) =>
        fetch(`${viewer.url}${path}`, { headers: { authorization: `Bearer ${token}` } }).then(
          (r) => r.status,
        );
      const id = viewer.org.contactLists[0]?.id as string;
      expect(await get(`/api/v2/outbound/contactlists/${id}`)).toBe(200);
      expect(await get(`/api/v2/outbound/contactlists/${id}/export`)).toBe(403);
    } finally {
      await viewer.stop();
    }
  });
});

describe('Simulator: responses in the SDK models', () => {
  it('answers every route (and its errors) in the model its SDK method returns', async () => {
    const token = await tokenFor(sim, DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const get = async (path: string) => {
      const res = await fetch(`${sim.url}${path}`, { headers });
      await res.arrayBuffer();
      return res.status;
    };
    const job = (await (
      await fetch(`${sim.url}/api/v2/flows/export/jobs`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ flows: [{ flow: { id: sim.org.flows[0]?.id }, exportType: 'Yaml' }] }),
      })
    ).json()) as { id: string };
    const scriptExport = await fetch(`${sim.url}/api/v2/scripts/${sim.org.scripts[3]?.id}/export`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ versionId: sim.org.scripts[3]?.versionId }),
    });
    expect(scriptExport.status).toBe(200);
    await scriptExport.arrayBuffer();
    // An Architect import job (`/api/v2/flows/jobs/{jobId}`) has a `jobId` of its own.
    const importJob = (await (
      await fetch(`${sim.url}/api/v2/flows/jobs`, { method: 'POST', headers, body: '{}' })
    ).json()) as { id: string };
    const ids: Record<string, string> = { jobId: job.id };
    for (const s of LIST_SPECS)
      ids[s.idParam] = String((sim.org[s.collection] as unknown as Array<{ id: string }>)[0]?.id);
    ids.definitionId = String(sim.org.presenceDefinitions[0]?.id);
    ids.transactionId = sim.audit.startQuery(
      0,
      { interval: '2026-01-01T00:00:00Z/2026-01-02T00:00:00Z' },
      [],
    ).id;
    ids.domainName = String(sim.org.emailDomains[0]?.id);
    ids.responseId = String(sim.org.responses[0]?.id);
    ids.contactId = String(sim.org.contacts.get(ids.contactListId as string)?.[0]?.id);
    const [flowId] = [...sim.org.flowDependencies.entries()].find(([, d]) => d.length > 0) ?? [];
    // Routes that need query parameters, or show optional fields only when asked.
    const query: Record<string, string> = {
      '/api/v2/users':
        'state=any&expand=skills,languages,locations,groups,team,presence,routingStatus,dateLastLogin,profileSkills,certifications,employerInfo',
      '/api/v2/flows': 'deleted=true',
      '/api/v2/responsemanagement/responses': `libraryId=${sim.org.responseLibraries[0]?.id}`,
      '/api/v2/flows/lookup': sim.org.flows.map((f) => `id=${f.id}`).join('&'),
      '/api/v2/integrations/actions': 'includeConfig=true',
      '/api/v2/quality/forms/evaluations/bulk/contexts': sim.org.evaluationForms
        .map((f) => `contextId=${f.contextId}`)
        .join('&'),
      '/api/v2/integrations/actions/{actionId}': 'expand=contract&includeConfig=true',
      '/api/v2/architect/dependencytracking/consumedresources': `id=${flowId}&version=1.0&objectType=INBOUNDCALLFLOW`,
    };
    // Runtime state too: presence, routing status, member counts, trunk connection state.
    sim.advanceVolatileState();
    const gets = buildRoutes().filter((r) => r.method === 'GET');
    for (const r of gets) {
      const path = r.template.replace(/\{(\w+)\}/g, (_, p: string) =>
        r.template.startsWith('/api/v2/flows/jobs/') ? importJob.id : (ids[p] ?? 'unknown'),
      );
      // A new route that needs a parameter fails here: add it to `query` above.
      expect(await get(`${path}?${query[r.template] ?? 'pageSize=2'}`), r.template).toBe(200);
      if (r.template.includes('{'))
        expect(await get(r.template.replace(/\{\w+\}/g, 'no-such-id')), r.template).toBe(404);
    }
    const counts = sim.counts();
    // Write routes are driven in 'Simulator writes through the SDK' below.
    for (const r of gets) expect(counts[`${r.method} ${r.template}`], r.template).toBeGreaterThan(0);
  });

  it('refuses a planted extra property and a planted wrong enum value', async () => {
    // A simulator of its own, so that the planted faults do not count against this file's check.
    const planted = new GenesysSimulator({ size: { users: 3 } });
    const check = strictSchema(planted);
    await planted.start();
    try {
      const token = await tokenFor(planted, DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret);
      const get = (path: string) =>
        fetch(`${planted.url}${path}`, { headers: { authorization: `Bearer ${token}` } }).then((r) =>
          r.json(),
        );
      const queue = planted.org.queues[0];
      const flow = planted.org.flows[0];
      await get(`/api/v2/routing/queues/${queue?.id}`);
      await get(`/api/v2/flows/${flow?.id}`);
      expect(check.violations()).toEqual([]);

      // Two shapes an engine could wrongly expect: skills listed on the queue, flow types in lower case.
      Object.assign(queue ?? {}, { skills: [{ id: planted.org.skills[0]?.id }] });
      Object.assign(flow ?? {}, { type: 'inboundcall' });
      await get(`/api/v2/routing/queues/${queue?.id}`);
      await get('/api/v2/routing/queues?pageSize=100');
      await get(`/api/v2/flows/${flow?.id}`);
      expect(check.violations()).toEqual([
        {
          endpoint: 'GET /api/v2/flows/{flowId}',
          status: 200,
          path: '/type',
          message: expect.stringMatching(/^"inboundcall" is not a documented value of Flow\.type \(BOT, /),
        },
        {
          endpoint: 'GET /api/v2/routing/queues',
          status: 200,
          path: '/entities/*/skills',
          message: 'property not in SDK model Queue',
        },
        {
          endpoint: 'GET /api/v2/routing/queues/{queueId}',
          status: 200,
          path: '/skills',
          message: 'property not in SDK model Queue',
        },
      ]);
    } finally {
      check.detach();
      await planted.stop();
    }
  });
});

describe('Simulator writes through the SDK (issue 18: flows, users, groups, teams, locations)', () => {
  it('runs an Architect import job (register, upload to the signed URL, poll until it publishes)', async () => {
    const architect = new platformClient.ArchitectApi();
    const job = await architect.postFlowsJobs();
    expect(job.presignedUrl).toMatch(/^http/);
    const yaml = 'workflow:\n  name: "Conformance Workflow"\n  division: "Home"\n';
    const put = await fetch(String(job.presignedUrl), { method: 'PUT', headers: job.headers, body: yaml });
    expect(put.status).toBe(200);
    let state = await architect.getFlowsJob(String(job.id), { expand: ['messages'] });
    for (let i = 0; state.status === 'Started' && i < 100; i++) {
      await sim.clock.sleep(1_000);
      state = await architect.getFlowsJob(String(job.id), { expand: ['messages'] });
    }
    expect(state.status).toBe('Success');
    const flow = sim.org.flows.find((f) => f.id === state.flow?.id);
    expect([flow?.name, flow?.type, flow?.publishedVersion?.id]).toEqual([
      'Conformance Workflow',
      'WORKFLOW',
      '1.0',
    ]);
    const bad = await architect.postFlowsJobs();
    await fetch(String(bad.presignedUrl), {
      method: 'PUT',
      headers: bad.headers,
      body: 'workflow:\n  name: "Broken"\n  menu:\n    - target: "QUEUE:No Such Queue"\n',
    });
    let failed = await architect.getFlowsJob(String(bad.id));
    for (let i = 0; failed.status === 'Started' && i < 100; i++) {
      await sim.clock.sleep(1_000);
      failed = await architect.getFlowsJob(String(bad.id));
    }
    expect(failed.status).toBe('Failure');
    expect(failed.messages?.[0]?.text).toContain('No Such Queue');
    expect((await fetch(String(job.presignedUrl), { method: 'PUT', body: yaml })).status).toBe(403);
  });

  it('creates and changes locations, groups, teams and users, and their memberships', async () => {
    const users = new platformClient.UsersApi();
    const groups = new platformClient.GroupsApi();
    const teams = new platformClient.TeamsApi();
    const locations = new platformClient.LocationsApi();
    const location = await locations.postLocations({ name: 'Conformance Site', notes: 'n' });
    expect((await rejection(locations.postLocations({ name: 'conformance site' }))).status).toBe(409);
    expect(
      (await rejection(locations.patchLocation(String(location.id), { name: 'X', version: 9 }))).status,
    ).toBe(409);
    expect(
      (await locations.patchLocation(String(location.id), { name: 'Conformance Site 2', version: 1 }))
        .version,
    ).toBe(2);
    const group = await groups.postGroups({
      name: 'Conformance Group',
      type: 'official',
      rulesVisible: true,
      visibility: 'public',
    });
    expect((await rejection(groups.postGroups({ name: 'Conformance Group' } as never))).status).toBe(400);
    expect(
      (await groups.putGroup(String(group.id), { body: { name: 'Conformance Group 2', version: 1 } })).name,
    ).toBe('Conformance Group 2');
    const team = await teams.postTeams({ name: 'Conformance Team' });
    expect((await teams.patchTeam(String(team.id), { name: 'Conformance Team 2' })).name).toBe(
      'Conformance Team 2',
    );
    const home = sim.org.divisions.find((d) => d.homeDivision);
    const user = await users.postUsers({
      name: 'Conformance User',
      email: 'conformance@example.com',
      divisionId: String(home?.id),
    });
    expect(
      (
        await rejection(
          users.postUsers({ name: 'Again', email: 'Conformance@example.com', divisionId: String(home?.id) }),
        )
      ).status,
    ).toBe(409);
    expect((await rejection(users.patchUser(String(user.id), { title: 'x', version: 7 }))).status).toBe(409);
    const manager = sim.org.users.find((u) => u.state === 'active');
    const patched = await users.patchUser(String(user.id), {
      title: 'Agent',
      manager: manager?.id,
      locations: [{ locationDefinition: { id: location.id } }],
      version: 1,
    });
    expect([patched.title, patched.manager?.id, patched.version]).toEqual(['Agent', manager?.id, 2]);
    expect(
      (await rejection(users.patchUser(String(user.id), { manager: 'no-such-user', version: 2 }))).status,
    ).toBe(400);
    const skill = sim.org.skills[0];
    const language = sim.org.languages[0];
    const skills = await users.putUserRoutingskillsBulk(String(user.id), [
      { id: String(skill?.id), proficiency: 3 },
    ]);
    expect(skills.entities?.map((s) => s.id)).toEqual([skill?.id]);
    expect(
      (await rejection(users.putUserRoutingskillsBulk(String(user.id), [{ id: 'nope', proficiency: 1 }])))
        .status,
    ).toBe(400);
    await users.patchUserRoutinglanguagesBulk(String(user.id), [
      { id: String(language?.id), proficiency: 2 },
    ]);
    await users.deleteUserRoutinglanguage(String(user.id), String(language?.id));
    await groups.postGroupMembers(String(group.id), { memberIds: [String(user.id)] });
    expect(sim.org.users.find((u) => u.id === user.id)?.groups?.map((g) => g.id)).toEqual([group.id]);
    await groups.deleteGroupMembers(String(group.id), String(user.id));
    await teams.postTeamMembers(String(team.id), { memberIds: [String(user.id)] });
    expect(sim.org.users.find((u) => u.id === user.id)?.team?.id).toBe(team.id);
    await teams.deleteTeamMembers(String(team.id), String(user.id));
    const u = sim.org.users.find((x) => x.id === user.id);
    expect([u?.groups, u?.team, u?.languages, u?.skills?.length]).toEqual([[], undefined, [], 1]);
  });

  it('creates and renames flow outcomes, milestones, utilization labels and prompts with text-to-speech resources', async () => {
    const architect = new platformClient.ArchitectApi();
    const routing = new platformClient.RoutingApi();
    const outcome = await architect.postFlowsOutcomes({ body: { name: 'Conformance Outcome' } });
    expect(
      (await rejection(architect.postFlowsOutcomes({ body: { name: 'conformance outcome' } }))).status,
    ).toBe(409);
    await architect.putFlowsOutcome(String(outcome.id), { body: { name: 'Conformance Outcome 2' } });
    const milestone = await architect
      .postFlowsMilestones({
        body: { name: 'Conformance Milestone', division: { id: 'no-such-division' } },
      })
      .catch((e: unknown) => e as SdkError);
    expect((milestone as SdkError).status).toBe(400);
    const m = await architect.postFlowsMilestones({ body: { name: 'Conformance Milestone' } });
    expect(
      (await architect.putFlowsMilestone(String(m.id), { body: { name: 'Conformance Milestone 2' } })).name,
    ).toBe('Conformance Milestone 2');
    const label = await routing.postRoutingUtilizationLabels({ name: 'Conformance Label' });
    expect(
      (await routing.putRoutingUtilizationLabel(String(label.id), { name: 'Conformance Label 2' })).name,
    ).toBe('Conformance Label 2');
    expect((await rejection(routing.postRoutingUtilizationLabels({} as never))).status).toBe(400);
    const prompt = await architect.postArchitectPrompts({ name: 'Conformance_Prompt' });
    const asset = await architect.postArchitectPromptResources(String(prompt.id), {
      language: 'en-us',
      ttsString: 'Hello',
      text: 'Hello',
    });
    expect([asset.language, asset.languageDefault]).toEqual(['en-us', true]);
    expect(
      (await rejection(architect.postArchitectPromptResources(String(prompt.id), { language: 'en-us' })))
        .status,
    ).toBe(409);
    expect(
      (
        await architect.putArchitectPromptResource(String(prompt.id), 'en-us', {
          language: 'en-us',
          ttsString: 'Hi',
        })
      ).ttsString,
    ).toBe('Hi');
    expect(
      (await architect.putArchitectPrompt(String(prompt.id), { name: 'Conformance_Prompt_2' })).name,
    ).toBe('Conformance_Prompt_2');
    const schema = {
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
      properties: { key: { title: 'Code', type: 'string', $id: '/properties/key', displayOrder: 0 } },
      required: ['key'],
      additionalProperties: false,
      // The SDK types `additionalProperties` as an object; the platform's own tables say `false`.
    } as never;
    const table = await architect.postFlowsDatatables({ name: 'Conformance Table', schema });
    expect((await rejection(architect.postFlowsDatatables({ name: 'Conformance Table' }))).status).toBe(400);
    expect(
      (await rejection(architect.postFlowsDatatables({ name: 'conformance table', schema }))).status,
    ).toBe(409);
    expect(
      (await architect.putFlowsDatatable(String(table.id), { name: 'Conformance Table 2', schema })).name,
    ).toBe('Conformance Table 2');
    expect(sim.org.dataTableRows.get(String(table.id))).toEqual([]);
  });
});

// Before the next block: it checks that every write route has been driven by then.
describe('Simulator writes through the SDK (issue 18: telephony, IVRs, emergency groups)', () => {
  it('creates, changes and deletes trunk base settings, edge groups, pools, phone templates, phones, sites with routes and number plans, IVRs and emergency groups', async () => {
    const edges = new platformClient.TelephonyProvidersEdgeApi();
    const architect = new platformClient.ArchitectApi();
    const status = async (p: Promise<unknown>) => (await rejection(p)).status;

    const trunkMetabase = { id: 'external_sip_pcv_byoc_carrier.json', name: 'Generic BYOC Carrier' };
    const trunk = await edges.postTelephonyProvidersEdgesTrunkbasesettings({
      name: 'Conformance Trunk',
      trunkMetabase,
      trunkType: 'EXTERNAL',
    });
    expect(
      await status(edges.postTelephonyProvidersEdgesTrunkbasesettings({ name: 'No Type' } as never)),
    ).toBe(400);
    // The PUT carries the current version (Terraform reads it first and retries on a mismatch).
    const tid = String(trunk.id);
    expect(
      await status(
        edges.putTelephonyProvidersEdgesTrunkbasesetting(tid, { ...trunk, name: 'Stale', version: 0 }),
      ),
    ).toBe(409);
    const renamed = await edges.putTelephonyProvidersEdgesTrunkbasesetting(tid, {
      ...trunk,
      name: 'Conformance Trunk 2',
    });
    expect([renamed.name, renamed.version]).toEqual(['Conformance Trunk 2', 2]);

    const group = await edges.postTelephonyProvidersEdgesEdgegroups({
      name: 'Conformance Edge Group',
      phoneTrunkBases: [{ id: tid } as never],
    } as never);
    expect(group.phoneTrunkBases?.map((b) => b.name)).toEqual(['Conformance Trunk 2']);
    expect(
      await status(
        edges.postTelephonyProvidersEdgesEdgegroups({
          name: 'Bad Group',
          phoneTrunkBases: [{ id: 'no-such-trunk' }],
        } as never),
      ),
    ).toBe(400);
    await edges.putTelephonyProvidersEdgesEdgegroup(String(group.id), {
      ...group,
      name: 'Conformance Edge Group 2',
    });

    const pool = await edges.postTelephonyProvidersEdgesDidpools({
      startPhoneNumber: '+13175559000',
      endPhoneNumber: '+13175559099',
    } as never);
    expect(await status(edges.postTelephonyProvidersEdgesDidpools({ startPhoneNumber: '+1' } as never))).toBe(
      400,
    );
    expect(
      (
        await edges.putTelephonyProvidersEdgesDidpool(String(pool.id), {
          ...pool,
          comments: 'Conformance',
        })
      ).comments,
    ).toBe('Conformance');
    const extensions = await edges.postTelephonyProvidersEdgesExtensionpools({
      startNumber: '8000',
      endNumber: '8999',
    } as never);
    await edges.putTelephonyProvidersEdgesExtensionpool(String(extensions.id), {
      ...extensions,
      endNumber: '8499',
    });

    const template = await edges.postTelephonyProvidersEdgesPhonebasesettings({
      name: 'Conformance Template',
      phoneMetaBase: { id: 'inin_webrtc_softphone.json' },
      lines: [{ name: 'Conformance Template', lineMetaBase: { id: 'generic_line.json' } }],
    });
    expect(template.lines?.[0]?.id).toBeDefined();
    await edges.putTelephonyProvidersEdgesPhonebasesetting(String(template.id), {
      ...template,
      description: 'Conformance',
    });

    const location = sim.org.locations[0];
    const site = await edges.postTelephonyProvidersEdgesSites({
      name: 'Conformance Site',
      location: { id: location?.id },
      mediaModel: 'Premises',
    });
    expect(site.location?.name).toBe(location?.name);
    expect(await status(edges.postTelephonyProvidersEdgesSites({ name: 'No Location' } as never))).toBe(400);
    const sid = String(site.id);
    await edges.putTelephonyProvidersEdgesSite(sid, { ...site, callerName: 'Conformance' });
    const route = await edges.postTelephonyProvidersEdgesSiteOutboundroutes(sid, {
      name: 'Conformance Route',
      classificationTypes: ['National'],
      externalTrunkBases: [{ id: tid }],
    });
    await edges.putTelephonyProvidersEdgesSiteOutboundroute(sid, String(route.id), {
      ...route,
      distribution: 'RANDOM',
    });
    const plans = await edges.putTelephonyProvidersEdgesSiteNumberplans(sid, [
      { name: 'Emergency', match: '^911$', matchType: 'regex', classification: 'Emergency', priority: 1 },
    ]);
    expect(plans.map((p) => p.name)).toEqual(['Emergency']);
    expect(
      (await edges.getTelephonyProvidersEdgesSiteOutboundroutes(sid, {})).entities?.map(
        (r) => r.distribution,
      ),
    ).toEqual(['RANDOM']);
    await edges.deleteTelephonyProvidersEdgesSiteOutboundroute(sid, String(route.id));

    const user = sim.org.users.find((u) => u.state === 'active');
    const phone = await edges.postTelephonyProvidersEdgesPhones({
      name: 'Conformance Phone',
      site: { id: sid },
      phoneBaseSettings: { id: String(template.id) },
      lines: [{ name: 'Conformance Phone_1' }],
      webRtcUser: { id: user?.id },
    });
    expect([phone.site?.name, phone.webRtcUser?.name]).toEqual(['Conformance Site', user?.name]);
    expect(
      await status(
        edges.postTelephonyProvidersEdgesPhones({
          name: 'Bad Phone',
          site: { id: 'no-such-site' },
          phoneBaseSettings: { id: String(template.id) },
          lines: [],
        }),
      ),
    ).toBe(400);
    await edges.putTelephonyProvidersEdgesPhone(String(phone.id), { ...phone, name: 'Conformance Phone 2' });

    const flow = sim.org.flows.find((f) => f.type === 'INBOUNDCALL');
    const ivr = await architect.postArchitectIvrs({
      name: 'Conformance IVR',
      dnis: ['+13175559001'],
      openHoursFlow: { id: flow?.id },
    });
    expect(ivr.openHoursFlow?.name).toBe(flow?.name);
    expect(
      await status(architect.postArchitectIvrs({ name: 'Bad IVR', openHoursFlow: { id: 'no-such-flow' } })),
    ).toBe(400);
    expect(
      await status(architect.putArchitectIvr(String(ivr.id), { ...ivr, name: 'Stale', version: 99 })),
    ).toBe(409);
    await architect.putArchitectIvr(String(ivr.id), { ...ivr, name: 'Conformance IVR 2' });
    const emergency = await architect.postArchitectEmergencygroups({
      name: 'Conformance Emergency',
      enabled: false,
      emergencyCallFlows: [{ emergencyFlow: { id: flow?.id }, ivrs: [{ id: ivr.id }] }],
    });
    expect(emergency.emergencyCallFlows?.[0]?.ivrs?.map((i) => i.name)).toEqual(['Conformance IVR 2']);
    await architect.putArchitectEmergencygroup(String(emergency.id), { ...emergency, enabled: true });

    await architect.deleteArchitectEmergencygroup(String(emergency.id));
    await architect.deleteArchitectIvr(String(ivr.id));
    await edges.deleteTelephonyProvidersEdgesPhone(String(phone.id));
    await edges.deleteTelephonyProvidersEdgesSite(sid);
    await edges.deleteTelephonyProvidersEdgesPhonebasesetting(String(template.id));
    await edges.deleteTelephonyProvidersEdgesExtensionpool(String(extensions.id));
    await edges.deleteTelephonyProvidersEdgesDidpool(String(pool.id));
    await edges.deleteTelephonyProvidersEdgesEdgegroup(String(group.id));
    await edges.deleteTelephonyProvidersEdgesTrunkbasesetting(tid);
    expect(await status(edges.deleteTelephonyProvidersEdgesTrunkbasesetting(tid))).toBe(404);
    expect(sim.org.ivrs.some((i) => i.id === ivr.id)).toBe(false);
  });
});

// Before the import section below: its last test checks that every write route was called.
describe('Simulator writes through the SDK (issue 18: roles and role grants)', () => {
  it("creates and changes roles, and grants and removes a subject's roles in divisions", async () => {
    const authz = new platformClient.AuthorizationApi();
    const role = await authz.postAuthorizationRoles({
      name: 'Conformance Role',
      description: 'made by the SDK',
      permissions: ['routing:queue:view'],
    });
    expect([role.name, role.default, role.permissions]).toEqual([
      'Conformance Role',
      false,
      ['routing:queue:view'],
    ]);
    expect((await rejection(authz.postAuthorizationRoles({ name: 'conformance role' }))).status).toBe(409);
    expect((await rejection(authz.postAuthorizationRoles({} as never))).status).toBe(400);
    const changed = await authz.putAuthorizationRole(String(role.id), {
      name: 'Conformance Role 2',
      permissions: ['routing:queue:view', 'routing:skill:view'],
    });
    expect([changed.name, changed.permissions]).toEqual([
      'Conformance Role 2',
      ['routing:queue:view', 'routing:skill:view'],
    ]);
    expect((await rejection(authz.putAuthorizationRole('no-such-role', { name: 'x' }))).status).toBe(404);

    const user = sim.org.users.find((u) => u.state === 'active') as { id: string };
    const group = sim.org.groups[0] as { id: string };
    const [home, other] = sim.org.divisions as Array<{ id: string }>;
    const grants = { grants: [{ roleId: String(role.id), divisionId: home?.id as string }] };
    await authz.postAuthorizationSubjectBulkadd(user.id, grants, { subjectType: 'PC_USER' });
    await authz.postAuthorizationSubjectBulkadd(
      group.id,
      { grants: [{ roleId: String(role.id), divisionId: other?.id as string }] },
      { subjectType: 'PC_GROUP' },
    );
    const held = await authz.getAuthorizationRoleSubjectgrants(String(role.id));
    expect(held.entities?.map((g) => [g.id, g.type, g.divisions?.map((d) => d.id)]).sort()).toEqual(
      [
        [user.id, 'PC_USER', [home?.id]],
        [group.id, 'PC_GROUP', [other?.id]],
      ].sort(),
    );
    expect(
      (
        await rejection(
          authz.postAuthorizationSubjectBulkadd(user.id, {
            grants: [{ roleId: 'no-such-role', divisionId: String(home?.id) }],
          }),
        )
      ).status,
    ).toBe(400);
    expect((await rejection(authz.postAuthorizationSubjectBulkadd('no-such-user', grants))).status).toBe(404);
    await authz.postAuthorizationSubjectBulkremove(user.id, grants);
    expect(
      (await authz.getAuthorizationRoleSubjectgrants(String(role.id))).entities?.map((g) => g.id),
    ).toEqual([group.id]);
  });
});

describe('Simulator writes through the SDK (issue 18: Messenger configurations and deployments)', () => {
  it('creates a configuration as a draft, publishes it, changes and republishes it, and deploys a published version', async () => {
    const api = new platformClient.WebDeploymentsApi();
    const draft = await api.postWebdeploymentsConfigurations({
      name: 'Conformance Messenger',
      languages: ['en-us'],
      defaultLanguage: 'en-us',
    });
    expect([draft.version, draft.status]).toEqual(['draft', 'Active']);
    expect((await rejection(api.postWebdeploymentsConfigurations({} as never))).status).toBe(400);
    const id = String(draft.id);
    const first = await api.postWebdeploymentsConfigurationVersionsDraftPublish(id);
    expect(first.version).toBe('1');
    await api.putWebdeploymentsConfigurationVersionsDraft(id, {
      name: 'Conformance Messenger',
      languages: ['en-us', 'fr'],
      defaultLanguage: 'en-us',
    });
    const second = await api.postWebdeploymentsConfigurationVersionsDraftPublish(id);
    expect([second.version, second.languages]).toEqual(['2', ['en-us', 'fr']]);
    const versions = await api.getWebdeploymentsConfigurationVersions(id, { pageSize: '2' });
    expect(versions.entities?.map((v) => v.version)).toEqual(['draft', '2']);
    const rest = await api.getWebdeploymentsConfigurationVersions(id, {
      pageSize: '2',
      after: String(new URL(String(versions.nextUri), 'http://x').searchParams.get('after')),
    });
    expect(rest.entities?.map((v) => v.version)).toEqual(['1']);

    const deployment = await api.postWebdeploymentsDeployments({
      name: 'Conformance deployment',
      allowAllDomains: true,
      configuration: { id, version: '1' },
    });
    expect(deployment.configuration).toEqual({ id, name: 'Conformance Messenger', version: '1' });
    expect(
      (await rejection(api.postWebdeploymentsDeployments({ name: 'x', configuration: { id, version: '9' } })))
        .status,
    ).toBe(400);
    const moved = await api.putWebdeploymentsDeployment(String(deployment.id), {
      name: 'Conformance deployment',
      allowAllDomains: true,
      configuration: { id, version: '2' },
    });
    expect(moved.configuration?.version).toBe('2');
    const listed = await api.getWebdeploymentsConfigurations({ showOnlyPublished: true, pageSize: '300' });
    expect(listed.entities?.find((c) => c.id === id)?.version).toBe('2');
  });
});

describe('Simulator writes through the SDK (issue 18: integrations and data actions)', () => {
  it('installs an integration, sets its configuration at its version and its state, and creates and changes a data action', async () => {
    const api = new platformClient.IntegrationsApi();
    const created = await api.postIntegrations({
      body: { name: 'Conformance Actions', integrationType: { id: 'custom-rest-actions' } },
    });
    expect([created.intendedState, created.integrationType?.name]).toEqual([
      'DISABLED',
      'Web Services Data Actions',
    ]);
    expect(
      (
        await rejection(
          api.postIntegrations({ body: { name: 'x', integrationType: { id: 'no-such-type' } } }),
        )
      ).status,
    ).toBe(400);
    const id = String(created.id);
    const credential = sim.org.integrationCredentials[0] as { id: string; name: string };
    const config = await api.putIntegrationConfigCurrent(id, {
      body: {
        name: 'Conformance Actions 2',
        version: 1,
        properties: {},
        advanced: { timeoutMs: 5000 },
        notes: 'set through the SDK',
        credentials: { basicAuth: { id: credential.id } },
      },
    });
    expect([config.version, config.credentials?.basicAuth?.name]).toEqual([2, credential.name]);
    const stale = { name: 'x', version: 1, properties: {}, advanced: {}, notes: '', credentials: {} };
    expect((await rejection(api.putIntegrationConfigCurrent(id, { body: stale }))).status).toBe(409);
    const unknown = { ...stale, version: 2, credentials: { basicAuth: { id: 'no-such-credential' } } };
    expect((await rejection(api.putIntegrationConfigCurrent(id, { body: unknown }))).status).toBe(400);
    const enabled = await api.patchIntegration(id, { body: { intendedState: 'ENABLED' } as never });
    expect([enabled.name, enabled.intendedState]).toEqual(['Conformance Actions 2', 'ENABLED']);
    expect((await api.getIntegrationConfigCurrent(id)).notes).toBe('set through the SDK');

    const contract = {
      input: { inputSchema: { type: 'object', properties: {} } },
      output: { successSchema: { type: 'object', properties: {} } },
    };
    const config1 = {
      request: { requestUrlTemplate: 'https://example.com/a', requestType: 'GET', headers: {} },
      response: { translationMap: {}, successTemplate: '{}' },
    };
    const action = await api.postIntegrationsActions({
      name: 'Conformance Action',
      category: 'Conformance',
      integrationId: id,
      config: config1,
      contract: contract as never,
    });
    expect(action.version).toBe(1);
    expect(
      (
        await rejection(
          api.postIntegrationsActions({
            name: 'x',
            category: 'x',
            integrationId: 'no-such-integration',
            config: config1,
            contract: contract as never,
          }),
        )
      ).status,
    ).toBe(400);
    const changed = await api.patchIntegrationsAction(String(action.id), {
      name: 'Conformance Action 2',
      version: 1,
    });
    expect([changed.name, changed.version]).toEqual(['Conformance Action 2', 2]);
    expect(
      (await rejection(api.patchIntegrationsAction(String(action.id), { name: 'x', version: 1 }))).status,
    ).toBe(409);
  });
});

// Before the import section: its last test checks that every write route has been called.
describe('Simulator writes through the SDK (issue 18: outbound import)', () => {
  it('creates, updates at the current version and deletes every outbound type; changes the settings and wrap-up code mappings', async () => {
    const outbound = new platformClient.OutboundApi();
    const code = sim.org.wrapupCodes[0] as { id: string };
    const skill = sim.org.skills[0] as { id: string };
    const queue = sim.org.queues[0] as { id: string };
    const flow = sim.org.flows.find((f) => f.type === 'OUTBOUNDCALL') as { id: string };
    const list = await outbound.postOutboundContactlists({
      name: 'Conformance List',
      columnNames: ['Phone'],
      phoneColumns: [{ columnName: 'Phone', type: 'cell' }],
    });
    expect(list.version).toBe(1);
    expect((await rejection(outbound.postOutboundContactlists({ name: 'No Columns' } as never))).status).toBe(
      400,
    );
    const stale = await rejection(outbound.putOutboundContactlist(String(list.id), { ...list, version: 9 }));
    expect(stale.status).toBe(409);
    const list2 = await outbound.putOutboundContactlist(String(list.id), { ...list, trimWhitespace: true });
    expect([list2.version, list2.trimWhitespace]).toEqual([2, true]);
    const dnc = await outbound.postOutboundDnclists({ name: 'Conformance DNC', dncSourceType: 'rds' });
    expect(
      (await outbound.putOutboundDnclist(String(dnc.id), { ...dnc, name: 'Conformance DNC 2' })).name,
    ).toBe('Conformance DNC 2');
    const times = await outbound.postOutboundCallabletimesets({
      name: 'Conformance Hours',
      callableTimes: [
        { timeZoneId: 'Europe/London', timeSlots: [{ day: 1, startTime: '09:00:00', stopTime: '17:00:00' }] },
      ],
    });
    expect((await outbound.putOutboundCallabletimeset(String(times.id), { ...times })).version).toBe(2);
    const responses = await outbound.postOutboundCallanalysisresponsesets({
      name: 'Conformance Responses',
      responses: {
        'disposition.classification.callable.person': { reactionType: 'transfer_flow', data: flow.id },
      },
    });
    const noFlow = await rejection(
      outbound.postOutboundCallanalysisresponsesets({
        name: 'Bad',
        responses: {
          'disposition.classification.callable.person': { reactionType: 'transfer_flow', data: 'nope' },
        },
      }),
    );
    expect(noFlow.status).toBe(400);
    expect(
      (await outbound.putOutboundCallanalysisresponseset(String(responses.id), { ...responses })).version,
    ).toBe(2);
    const rules = await outbound.postOutboundRulesets({
      name: 'Conformance Rules',
      contactList: { id: list.id },
      queue: { id: queue.id },
      rules: [
        {
          name: 'r',
          category: 'DIALER_WRAPUP',
          conditions: [{ type: 'wrapupCondition', codes: [code.id] }],
          actions: [
            {
              type: 'Action',
              actionTypeName: 'SET_SKILLS',
              properties: { skills: JSON.stringify([skill.id]) },
            },
          ],
        },
      ],
    });
    expect(rules.contactList?.name).toBe('Conformance List');
    const badCode = await rejection(
      outbound.postOutboundRulesets({
        name: 'Bad',
        rules: [
          {
            name: 'r',
            category: 'DIALER_WRAPUP',
            conditions: [{ type: 'wrapupCondition', codes: ['nope'] }],
          },
        ],
      }),
    );
    expect(badCode.status).toBe(400);
    expect((await outbound.putOutboundRuleset(String(rules.id), { ...rules })).version).toBe(2);
    const campaignBody = {
      name: 'Conformance Campaign',
      contactList: { id: list.id },
      queue: { id: queue.id },
      dialingMode: 'preview',
      phoneColumns: [{ columnName: 'Phone', type: 'cell' }],
      callerName: 'Example',
      callerAddress: '+13175550000',
      campaignStatus: 'off',
      dncLists: [{ id: dnc.id }],
      callableTimeSet: { id: times.id },
      callAnalysisResponseSet: { id: responses.id },
      ruleSets: [{ id: rules.id }],
    };
    const campaign = await outbound.postOutboundCampaigns(campaignBody);
    expect(campaign.dncLists?.map((d) => d.name)).toEqual(['Conformance DNC 2']);
    const noList = await rejection(
      outbound.postOutboundCampaigns({ ...campaignBody, contactList: { id: 'nope' } }),
    );
    expect(noList.status).toBe(400);
    const on = await outbound.putOutboundCampaign(String(campaign.id), {
      ...campaignBody,
      campaignStatus: 'on',
      version: campaign.version,
    });
    expect([on.campaignStatus, on.version]).toEqual(['on', 2]);
    const second = await outbound.postOutboundCampaigns({ ...campaignBody, name: 'Conformance Campaign 2' });
    const sequence = await outbound.postOutboundSequences({
      name: 'Conformance Sequence',
      campaigns: [{ id: campaign.id }, { id: second.id }],
      status: 'off',
    } as never);
    expect(sequence.campaigns.map((c) => c.name)).toEqual(['Conformance Campaign', 'Conformance Campaign 2']);
    expect(
      (await outbound.putOutboundSequence(String(sequence.id), { ...sequence, status: 'on' })).status,
    ).toBe('on');

    const settings = await outbound.getOutboundSettings();
    await outbound.patchOutboundSettings({ abandonSeconds: 9, version: settings.version });
    expect((await outbound.getOutboundSettings()).abandonSeconds).toBe(9);
    expect((await rejection(outbound.patchOutboundSettings({ abandonSeconds: 1, version: 0 }))).status).toBe(
      409,
    );
    const mappings = await outbound.getOutboundWrapupcodemappings();
    const mapped = await outbound.putOutboundWrapupcodemappings({
      defaultSet: ['RIGHT_PARTY_CONTACT'],
      mapping: { [code.id]: ['CONTACT_UNCALLABLE'] },
      version: mappings.version,
    });
    expect(mapped.mapping).toEqual({ [code.id]: ['CONTACT_UNCALLABLE'] });
    const unknownCode = await rejection(
      outbound.putOutboundWrapupcodemappings({
        mapping: { nope: ['CONTACT_UNCALLABLE'] },
        version: mapped.version,
      }),
    );
    expect(unknownCode.status).toBe(400);

    const limits = await outbound.postOutboundAttemptlimits({
      name: 'Conformance Limits',
      maxAttemptsPerContact: 3,
      recallEntries: { busy: { nbrAttempts: 1, minutesBetweenAttempts: 10 } },
    });
    expect((await outbound.getOutboundAttemptlimits({ pageSize: 100 })).entities?.map((x) => x.id)).toContain(
      limits.id,
    );
    expect(
      (await outbound.putOutboundAttemptlimit(String(limits.id), { ...limits, maxAttemptsPerContact: 4 }))
        .version,
    ).toBe(2);
    const filter = await outbound.postOutboundContactlistfilters({
      name: 'Conformance Filter',
      contactList: { id: list.id },
      filterType: 'AND',
      clauses: [
        {
          filterType: 'AND',
          predicates: [{ column: 'Phone', columnType: 'alphabetic', operator: 'BEGINS_WITH', value: '+1' }],
        },
      ],
    });
    expect((await outbound.getOutboundContactlistfilter(String(filter.id))).contactList?.name).toBe(
      'Conformance List',
    );
    expect(
      (await rejection(outbound.postOutboundContactlistfilters({ name: 'Bad', contactList: { id: 'nope' } })))
        .status,
    ).toBe(400);
    expect((await outbound.putOutboundContactlistfilter(String(filter.id), { ...filter })).version).toBe(2);
    await outbound.deleteOutboundContactlistfilter(String(filter.id));
    await outbound.deleteOutboundAttemptlimit(String(limits.id));
    expect((await rejection(outbound.getOutboundAttemptlimit(String(limits.id)))).status).toBe(404);

    await outbound.deleteOutboundSequence(String(sequence.id));
    expect((await outbound.deleteOutboundCampaign(String(second.id))).name).toBe('Conformance Campaign 2');
    await outbound.deleteOutboundCampaign(String(campaign.id));
    await outbound.deleteOutboundRuleset(String(rules.id));
    await outbound.deleteOutboundCallanalysisresponseset(String(responses.id));
    await outbound.deleteOutboundCallabletimeset(String(times.id));
    await outbound.deleteOutboundDnclist(String(dnc.id));
    await outbound.deleteOutboundContactlist(String(list.id));
    expect((await rejection(outbound.getOutboundContactlist(String(list.id)))).status).toBe(404);
  });
});

// Before the import block below: its last test checks that every write route was called once.
describe('Simulator writes through the SDK (issue 18: routing configuration import)', () => {
  it('creates and changes libraries, responses, SMS addresses, presence definitions, skill groups, the utilization, the routing settings, email domains and routes', async () => {
    const responses = new platformClient.ResponseManagementApi();
    const routing = new platformClient.RoutingApi();
    const presence = new platformClient.PresenceApi();
    const home = sim.org.divisions.find((d) => d.homeDivision);

    const library = await responses.postResponsemanagementLibraries({ name: 'Conformance Library' });
    expect(library.version).toBe(1);
    expect(library.division?.id).toBe(home?.id);
    const renamed = await responses.putResponsemanagementLibrary(String(library.id), {
      name: 'Conformance Library 2',
      version: library.version,
    });
    expect(renamed.version).toBe(2);
    expect(
      (await rejection(responses.putResponsemanagementLibrary(String(library.id), { name: 'x', version: 1 })))
        .status,
    ).toBe(409);
    const response = await responses.postResponsemanagementResponses({
      name: 'Conformance Response',
      libraries: [{ id: library.id }],
      texts: [{ content: 'Hello', contentType: 'text/plain' }],
    });
    expect(response.libraries.map((l) => l.name)).toEqual(['Conformance Library 2']);
    const edited = await responses.putResponsemanagementResponse(String(response.id), {
      ...response,
      texts: [{ content: 'Hello again', contentType: 'text/plain' }],
    });
    expect(edited.texts?.[0]?.content).toBe('Hello again');
    expect(
      (await rejection(responses.postResponsemanagementResponses({ name: 'x', libraries: [{ id: 'nope' }] })))
        .status,
    ).toBe(400);

    const address = await routing.postRoutingSmsAddresses({
      name: 'Conformance Office',
      street: '1 Main St',
      city: 'Springfield',
      region: 'IL',
      postalCode: '62701',
      countryCode: 'US',
    });
    expect(sim.org.smsAddresses.some((a) => a.id === address.id)).toBe(true);
    const noStreet = { name: 'x', city: 'y', region: 'z', postalCode: '1', countryCode: 'US' };
    expect((await rejection(routing.postRoutingSmsAddresses(noStreet as never))).status).toBe(400);

    const definition = await presence.postPresenceDefinitions0({
      languageLabels: { en_US: 'Conformance Presence' },
      systemPresence: 'Busy',
    });
    expect(definition.type).toBe('User');
    const relabelled = await presence.putPresenceDefinition0(String(definition.id), {
      languageLabels: { en_US: 'Conformance Presence 2' },
      systemPresence: 'Busy',
    });
    expect(relabelled.languageLabels.en_US).toBe('Conformance Presence 2');

    const division = sim.org.divisions.find((d) => !d.homeDivision);
    const group = await routing.postRoutingSkillgroups({
      name: 'Conformance Skill Group',
      skillConditions: [],
    });
    await routing.patchRoutingSkillgroup(String(group.id), {
      name: 'Conformance Skill Group',
      description: 'patched',
      skillConditions: [],
    });
    await routing.postRoutingSkillgroupMembersDivisions(String(group.id), {
      body: { addDivisionIds: [String(division?.id)] },
    });
    const members = await routing.getRoutingSkillgroupMembersDivisions(String(group.id));
    expect(members.entities?.map((d) => d.id).sort()).toEqual([division?.id, home?.id].sort());
    expect(
      (
        await rejection(
          routing.postRoutingSkillgroupMembersDivisions(String(group.id), {
            body: { addDivisionIds: ['nope'] },
          }),
        )
      ).status,
    ).toBe(400);

    const label = sim.org.utilizationLabels[1];
    const utilization = await routing.putRoutingUtilization({
      utilization: { call: { maximumCapacity: 1, interruptableMediaTypes: [], includeNonAcd: false } },
      labelUtilizations: { [String(label?.id)]: { maximumCapacity: 2, interruptingLabelIds: [] } },
    });
    expect(utilization.labelUtilizations?.[String(label?.id)]?.labelName).toBe(label?.name);
    expect(
      (
        await rejection(
          routing.putRoutingUtilization({ labelUtilizations: { nope: { maximumCapacity: 1 } } }),
        )
      ).status,
    ).toBe(400);

    expect(
      (await routing.putRoutingSettings({ resetAgentScoreOnPresenceChange: true }))
        .resetAgentScoreOnPresenceChange,
    ).toBe(true);
    await routing.putRoutingSettingsTranscription({
      transcription: 'EnabledGlobally',
      transcriptionConfidenceThreshold: 70,
    });
    await routing.patchRoutingSettingsContactcenter({ removeSkillsFromBlindTransfer: false });
    expect((await routing.getRoutingSettingsContactcenter()).removeSkillsFromBlindTransfer).toBe(false);
    expect((await routing.getRoutingSettingsTranscription()).transcriptionConfidenceThreshold).toBe(70);

    const domain = await routing.postRoutingEmailDomains({ id: 'conformance.example.com', subDomain: false });
    expect(domain.name).toBe('conformance.example.com');
    expect((await rejection(routing.postRoutingEmailDomains({ id: 'conformance.example.com' }))).status).toBe(
      409,
    );
    await routing.patchRoutingEmailDomain(String(domain.id), {
      mailFromSettings: { mailFromDomain: 'mail' },
    });
    const queue = sim.org.queues[0];
    const route = await routing.postRoutingEmailDomainRoutes(String(domain.id), {
      pattern: 'help',
      fromName: 'Help',
      queue: { id: queue?.id },
    });
    expect(route.queue?.name).toBe(queue?.name);
    const moved = await routing.putRoutingEmailDomainRoute(String(domain.id), String(route.id), {
      pattern: 'help',
      fromName: 'Help desk',
      queue: { id: queue?.id },
    });
    expect(moved.fromName).toBe('Help desk');
    expect(
      (
        await rejection(
          routing.postRoutingEmailDomainRoutes(String(domain.id), {
            pattern: 'x',
            fromName: 'y',
            queue: { id: 'nope' },
          }),
        )
      ).status,
    ).toBe(400);
  });
  it('creates an evaluation form unpublished, replaces it, and publishes it (the answer is its new draft)', async () => {
    const quality = new platformClient.QualityApi();
    const groups = [
      {
        name: 'Greeting',
        type: 'questionGroup',
        weight: 1,
        questions: [
          {
            text: 'Greeted?',
            type: 'multipleChoiceQuestion',
            answerOptions: [
              { text: 'Yes', value: 1 },
              { text: 'No', value: 0 },
            ],
          },
        ],
      },
    ];
    const form = await quality.postQualityFormsEvaluations({
      name: 'Conformance Form',
      questionGroups: groups,
    });
    expect(form.published).toBe(false);
    expect(form.questionGroups?.[0]?.questions?.[0]?.answerOptions?.every((o) => !!o.id)).toBe(true);
    const replaced = await quality.putQualityFormsEvaluation(String(form.id), {
      name: 'Conformance Form',
      questionGroups: [{ ...groups[0], name: 'Opening' }],
    });
    expect(replaced.questionGroups?.[0]?.name).toBe('Opening');
    const draft = await quality.postQualityPublishedformsEvaluations({
      id: String(form.id),
      published: true,
    });
    expect(draft.id).not.toBe(form.id);
    expect(draft.published).toBe(false);
    const [published] = await quality.getQualityFormsEvaluationsBulkContexts([String(form.contextId)]);
    expect(published?.id).toBe(form.id);
    expect(published?.questionGroups?.[0]?.name).toBe('Opening');
    expect((await rejection(quality.postQualityFormsEvaluations({ name: 'x' } as never))).status).toBe(400);
    expect(
      (await rejection(quality.postQualityPublishedformsEvaluations({ id: 'nope', published: true }))).status,
    ).toBe(400);
  });
  it('deletes what import run --prune removes of the routing configuration (a presence definition is deactivated)', async () => {
    const responses = new platformClient.ResponseManagementApi();
    const routing = new platformClient.RoutingApi();
    const presence = new platformClient.PresenceApi();
    const quality = new platformClient.QualityApi();
    const user = sim.org.presenceDefinitions.find((d) => d.type === 'User' && !d.deactivated);
    const system = sim.org.presenceDefinitions.find((d) => d.type === 'System');
    const domain = sim.org.emailDomains[0];
    const route = sim.org.emailRoutes.get(String(domain?.id))?.[0];
    const gone = {
      response: String(sim.org.responses.at(-1)?.id),
      library: String(sim.org.responseLibraries.at(-1)?.id),
      address: String(sim.org.smsAddresses.at(-1)?.id),
      group: String(sim.org.skillGroups.at(-1)?.id),
      form: String(sim.org.evaluationForms.at(-1)?.id),
    };
    await responses.deleteResponsemanagementResponse(gone.response);
    await responses.deleteResponsemanagementLibrary(gone.library);
    await routing.deleteRoutingSmsAddress(gone.address);
    await routing.deleteRoutingSkillgroup(gone.group);
    await quality.deleteQualityFormsEvaluation(gone.form);
    await routing.deleteRoutingEmailDomainRoute(String(domain?.id), String(route?.id));
    await routing.deleteRoutingEmailDomain(String(domain?.id));
    await presence.deletePresenceDefinition0(String(user?.id));
    expect(user?.deactivated).toBe(true);
    expect((await rejection(presence.deletePresenceDefinition0(String(system?.id)))).status).toBe(400);
    expect(sim.org.skillGroups.some((g) => g.id === gone.group)).toBe(false);
    expect(sim.org.emailRoutes.has(String(domain?.id))).toBe(false);
    expect((await rejection(routing.deleteRoutingSkillgroup(gone.group))).status).toBe(404);
  });
});

describe('Simulator writes through the SDK (issue 18: import)', () => {
  it('creates, updates and deletes divisions, skills, languages, wrap-up codes, schedules, schedule groups and queues', async () => {
    const routing = new platformClient.RoutingApi();
    const authz = new platformClient.AuthorizationApi();
    const architect = new platformClient.ArchitectApi();
    const division = await authz.postAuthorizationDivisions({
      name: 'Conformance Division',
      description: 'd',
    });
    expect(division.id).toBeTruthy();
    expect(
      (
        await authz.putAuthorizationDivision(String(division.id), {
          name: 'Conformance Division 2',
          description: 'e',
        })
      ).name,
    ).toBe('Conformance Division 2');
    const dup = await rejection(
      authz.postAuthorizationDivisions({ name: 'conformance division 2', description: '' }),
    );
    expect(dup.status).toBe(409);
    const skill = await routing.postRoutingSkills({ name: 'Conformance Skill', divisionId: division.id });
    expect(skill.division?.id).toBe(division.id);
    expect((await rejection(routing.postRoutingSkills({ name: 'Conformance Skill' }))).status).toBe(409);
    expect(
      (await rejection(routing.postRoutingSkills({ name: 'Other', divisionId: 'no-such-division' }))).status,
    ).toBe(400);
    const home = sim.org.divisions.find((d) => d.homeDivision);
    expect((await routing.patchRoutingSkill(String(skill.id), { divisionId: home?.id })).division?.id).toBe(
      home?.id,
    );
    const language = await routing.postRoutingLanguages({ name: 'Conformance Language' });
    const code = await routing.postRoutingWrapupcodes({ name: 'Conformance Code', description: 'x' });
    expect((await routing.putRoutingWrapupcode(String(code.id), { name: 'Conformance Code 2' })).name).toBe(
      'Conformance Code 2',
    );
    expect((await rejection(routing.postRoutingWrapupcodes({} as never))).status).toBe(400);
    const schedule = await architect.postArchitectSchedules({
      name: 'Conformance Hours',
      start: '2026-01-05T08:00:00.000',
      end: '2026-01-05T18:00:00.000',
      rrule: 'FREQ=DAILY',
    });
    expect(schedule.version).toBe(1);
    const stale = await rejection(
      architect.putArchitectSchedule(String(schedule.id), { ...schedule, version: 7 }),
    );
    expect(stale.status).toBe(409);
    expect(
      (await architect.putArchitectSchedule(String(schedule.id), { ...schedule, description: 'now' }))
        .version,
    ).toBe(2);
    const group = await architect.postArchitectSchedulegroups({
      name: 'Conformance Group',
      openSchedules: [{ id: schedule.id }],
    });
    expect(
      (await rejection(architect.postArchitectSchedulegroups({ name: 'G', openSchedules: [{ id: 'nope' }] })))
        .status,
    ).toBe(400);
    expect(
      (
        await architect.putArchitectSchedulegroup(String(group.id), {
          ...group,
          closedSchedules: [{ id: schedule.id }],
        })
      ).closedSchedules?.[0]?.id,
    ).toBe(schedule.id);
    const queue = await routing.postRoutingQueues({
      name: 'Conformance Queue',
      bullseye: {
        rings: [
          {
            expansionCriteria: [{ type: 'TIMEOUT_SECONDS', threshold: 5 }],
            actions: { skillsToRemove: [{ id: skill.id }] },
          },
        ],
      },
    });
    expect((await rejection(routing.postRoutingQueues({ name: 'Conformance Queue' }))).status).toBe(409);
    expect(
      (await rejection(routing.postRoutingQueues({ name: 'Q', queueFlow: { id: 'no-such-flow' } }))).status,
    ).toBe(400);
    expect(
      (await routing.putRoutingQueue(String(queue.id), { name: 'Conformance Queue 2', description: 'd' }))
        .name,
    ).toBe('Conformance Queue 2');
    const added = await routing.postRoutingQueueWrapupcodes(String(queue.id), [{ id: code.id }]);
    expect(added.map((w) => w.id)).toEqual([code.id]);
    await routing.deleteRoutingQueueWrapupcode(String(queue.id), String(code.id));
    const user = sim.org.users.find((u) => u.state === 'active');
    await routing.postRoutingQueueMembers(String(queue.id), [{ id: user?.id }]);
    expect(sim.org.queueMembers.get(String(queue.id))).toEqual([user?.id]);
    await routing.postRoutingQueueMembers(String(queue.id), [{ id: user?.id }], { _delete: true });
    expect(sim.org.queueMembers.get(String(queue.id))).toEqual([]);
    await routing.deleteRoutingQueue(String(queue.id));
    await architect.deleteArchitectSchedulegroup(String(group.id));
    await architect.deleteArchitectSchedule(String(schedule.id));
    await routing.deleteRoutingWrapupcode(String(code.id));
    await routing.deleteRoutingLanguage(String(language.id));
    await routing.deleteRoutingSkill(String(skill.id));
    await authz.deleteAuthorizationDivision(String(division.id));
    expect((await rejection(routing.deleteRoutingSkill(String(skill.id)))).status).toBe(404);
    // What import run --prune deletes of the later importable types, through the SDK.
    const last = <T extends { id?: string; name?: string }>(list: T[]) =>
      String([...list].reverse().find((x) => x.name !== 'System Default Label')?.id);
    const gone = {
      group: last(sim.org.groups),
      team: last(sim.org.teams),
      location: last(sim.org.locations),
      label: last(sim.org.utilizationLabels),
      milestone: last(sim.org.flowMilestones),
      prompt: last(sim.org.prompts),
      table: last(sim.org.dataTables),
    };
    await new platformClient.GroupsApi().deleteGroup(gone.group);
    await new platformClient.TeamsApi().deleteTeam(gone.team);
    await new platformClient.LocationsApi().deleteLocation(gone.location);
    await routing.deleteRoutingUtilizationLabel(gone.label);
    await architect.deleteFlowsMilestone(gone.milestone);
    await architect.deleteArchitectPrompt(gone.prompt);
    await architect.deleteFlowsDatatable(gone.table);
    expect(sim.org.groups.some((g) => g.id === gone.group)).toBe(false);
    expect(sim.org.dataTables.some((t) => t.id === gone.table)).toBe(false);
    expect((await rejection(new platformClient.TeamsApi().deleteTeam(gone.team))).status).toBe(404);
    // Flows and users: kept as deleted (the flow listing's `deleted`, the user's state).
    const flow = sim.org.flows.find((f) => !f.system && f.deleted !== true);
    const person = sim.org.users.find((u) => u.state === 'active');
    await architect.deleteFlow(String(flow?.id));
    await new platformClient.UsersApi().deleteUser(String(person?.id));
    expect(flow?.deleted).toBe(true);
    expect(person?.state).toBe('deleted');
    expect((await rejection(architect.deleteFlow(String(flow?.id)))).status).toBe(404);
    const counts = sim.counts();
    for (const r of buildRoutes().filter(
      (x) =>
        x.method !== 'GET' &&
        !x.template.includes('/export') &&
        !x.template.includes('/jobs') &&
        !x.template.startsWith('/api/v2/audits/'),
    ))
      expect(counts[`${r.method} ${r.template}`] ?? 0, `${r.method} ${r.template}`).toBeGreaterThan(0);
  });

  it('refuses a write without its permission, and accepts either of the SDK\'s "ANY" permissions', async () => {
    const s = strict(
      new GenesysSimulator({
        size: 'empty',
        clients: [{ clientId: 'c', clientSecret: 's', permissions: ['routing:skill:create'] }],
      }),
    );
    await s.start();
    try {
      const token = await tokenFor(s, 'c', 's');
      const post = (path: string, body: unknown) =>
        fetch(`${s.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await post('/api/v2/routing/skills', { name: 'A' })).status).toBe(200);
      const denied = await post('/api/v2/routing/wrapupcodes', { name: 'A' });
      expect(denied.status).toBe(403);
      expect(((await denied.json()) as { message: string }).message).toContain('routing:wrapupCode:add');
      expect(s.org.divisions.map((d) => d.name)).toEqual(['Home']);
      expect(s.org.skills[0]?.division?.name).toBe('Home');
    } finally {
      await s.stop();
    }
  });
});

describe('Simulator: the audit API through the SDK (issue 17: incremental exports)', () => {
  it('records writes and control changes, serves them by asynchronous and realtime query, and refuses bad queries', async () => {
    const audit = new platformClient.AuditApi();
    const routing = new platformClient.RoutingApi();
    const mapping = await audit.getAuditsQueryServicemapping();
    const routingService = mapping.services?.find((s) => s.name === 'Routing');
    expect(routingService?.entities?.find((e) => e.name === 'Queue')?.actions).toContain('MemberAdd');
    const since = new Date(sim.clock.now() - 1_000).toISOString();
    sim.audit.forcedDelayMs = 0;
    const code = await routing.postRoutingWrapupcodes({ name: 'Audited Code', description: 'x' });
    const queue = sim.org.queues[0];
    const user = sim.org.users.find((u) => u.state === 'active');
    await routing.postRoutingQueueMembers(String(queue?.id), [{ id: String(user?.id) }], { _delete: true });
    await routing.postRoutingSkills({ name: 'Unaudited Skill' });
    sim.audit.forcedDelayMs = 60 * 60_000;
    await routing.deleteRoutingWrapupcode(String(code.id));
    sim.audit.forcedDelayMs = undefined;
    const interval = `${since}/${new Date(sim.clock.now() + 1_000).toISOString()}`;
    const started = await audit.postAuditsQuery({ interval, serviceName: 'Routing' });
    expect(started.id).toBeTruthy();
    await sim.clock.sleep(1_100);
    expect((await audit.getAuditsQueryTransactionId(String(started.id))).state).toBe('Succeeded');
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await audit.getAuditsQueryTransactionIdResults(String(started.id), {
        pageSize: 1,
        cursor,
      });
      seen.push(...(page.entities ?? []).map((m) => `${m.entityType} ${m.action} ${m.entity?.id}`));
      cursor = page.cursor;
    } while (cursor);
    // The delete is an hour late: not visible yet. The skill has no audit entity type.
    expect(seen.filter((x) => x.endsWith(String(code.id)) || x.endsWith(String(queue?.id)))).toEqual([
      `WrapupCode Create ${code.id}`,
      `Queue MemberRemove ${queue?.id}`,
    ]);
    const realtime = await audit.postAuditsQueryRealtime({
      interval,
      serviceName: 'Routing',
      filters: [
        { property: 'EntityType', value: 'Queue' },
        { property: 'EntityId', value: String(queue?.id) },
      ],
      pageSize: 10,
    });
    expect(realtime.total).toBe(1);
    expect(realtime.entities?.[0]?.entity?.id).toBe(queue?.id);
    const old = new Date(sim.clock.now() - 15 * 86_400_000).toISOString();
    expect((await rejection(audit.postAuditsQueryRealtime({ interval: `${old}/${since}` }))).status).toBe(
      400,
    );
    expect((await rejection(audit.postAuditsQuery({ interval: 'yesterday' }))).status).toBe(400);
    expect((await rejection(audit.postAuditsQuery({ interval, serviceName: 'Nope' }))).status).toBe(400);
    const results = await rejection(
      audit.getAuditsQueryTransactionIdResults(String(started.id), { pageSize: 501 }),
    );
    expect(results.status).toBe(400);
  });
});

// One expected failure per violation the simulator still has (test/schema/known-violations.ts). These
// run last and read what the tests above observed; once the simulator is fixed the test fails: delete
// the entry. (Run alone, with -t, they fail too: nothing was observed.)
describe('Simulator: known departures from the SDK models (fix test/simulator, then the list)', () => {
  it('has none left', () => {
    expect(KNOWN_VIOLATIONS).toEqual([]);
  });
  for (const v of KNOWN_VIOLATIONS) {
    it.fails(`KNOWN VIOLATION ${summaryKey(v)}`, () => {
      expect(observed.map(summaryKey)).not.toContain(summaryKey(v));
    });
  }
});
