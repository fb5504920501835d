/**
 * Fidelity: the simulator answers as the real Platform API does where an exporter is easy to get wrong
 * (config and contract of data actions only on request, queue members that come from member groups, the
 * SDK's dependency-tracking type names, platform-generated trunk base settings, user expands and the
 * inactive-user result window, flow lookups, versioned flow exports and their download names), and it
 * plants real-looking credentials an exporter must redact. Driven through the official SDK where
 * practical, with plain fetch elsewhere; every response is also checked against the SDK models.
 */

import { strFromU8, unzipSync } from 'fflate';
import platformClient, { type Models } from 'purecloud-platform-client-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FLOW_DEPENDENCY_TYPE,
  FLOW_TYPE_ENUM,
  queueMembersOf,
  sipPassword,
} from '../../lambdas/simulator/org.ts';
import { DEPENDENCY_OBJECT_TYPES, type ExportFileNaming } from '../../lambdas/simulator/routes.ts';
import { DEFAULT_CLIENT, GenesysSimulator, type SimulatorOptions } from '../../lambdas/simulator/server.ts';
import { unexpectedViolations } from '../schema/known-violations.ts';
import { type SchemaCheck, strictSchema } from '../schema/strict.ts';

interface SdkError {
  status: number;
  code?: string;
  message?: string;
}

const checks: SchemaCheck[] = [];
const started: GenesysSimulator[] = [];

function strict(s: GenesysSimulator): GenesysSimulator {
  checks.push(strictSchema(s));
  return s;
}

const sim = strict(new GenesysSimulator({ size: 'small' }));
const client = platformClient.ApiClient.instance;

beforeAll(async () => {
  await sim.start();
  client.setGateway({ host: '127.0.0.1', protocol: 'http', port: Number(new URL(sim.url).port) } as never);
  await client.loginClientCredentialsGrant(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret);
});
afterAll(async () => {
  await sim.stop();
  await Promise.all(started.map((s) => s.stop()));
});
afterEach(() => {
  const found = checks.flatMap((c) => c.violations());
  for (const c of checks) c.reset();
  expect(unexpectedViolations(found), 'simulator responses that depart from the SDK models').toEqual([]);
});

async function rejection(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('expected the call to fail');
}

/** A further simulator, driven with plain fetch (the SDK's ApiClient is a singleton). */
async function startOther(opts: SimulatorOptions): Promise<{
  sim: GenesysSimulator;
  get: (path: string) => Promise<Response>;
  post: (path: string, body: unknown) => Promise<Response>;
}> {
  const other = strict(new GenesysSimulator(opts));
  started.push(other);
  await other.start();
  const res = await fetch(`${other.url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${DEFAULT_CLIENT.clientId}:${DEFAULT_CLIENT.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const { access_token } = (await res.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
  return {
    sim: other,
    get: (path) => fetch(`${other.url}${path}`, { headers }),
    post: (path, body) =>
      fetch(`${other.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }),
  };
}

const integrations = () => new platformClient.IntegrationsApi();
const routing = () => new platformClient.RoutingApi();
const architect = () => new platformClient.ArchitectApi();

describe('Integration actions: config and contract only on request', () => {
  it('lists actions without config unless includeConfig=true, and never with a contract', async () => {
    const plain = await integrations().getIntegrationsActions({ pageSize: 100 });
    expect(plain.entities?.length).toBe(sim.org.dataActions.length);
    for (const a of plain.entities ?? []) {
      expect(a).not.toHaveProperty('config');
      expect(a).not.toHaveProperty('contract');
      expect(a.integrationId).toBeTruthy();
    }
    const withConfig = await integrations().getIntegrationsActions({ pageSize: 100, includeConfig: true });
    for (const a of withConfig.entities ?? []) {
      expect(a.config?.request?.requestUrlTemplate).toMatch(/^https:\/\//);
      expect(a).not.toHaveProperty('contract');
    }
    const headers = (withConfig.entities ?? []).map((a) => a.config?.request?.headers ?? {});
    expect(headers.some((h) => /^Bearer \S{20,}$/.test(h.Authorization ?? ''))).toBe(true);
    expect(headers.some((h) => (h['x-api-key'] ?? '').length >= 20)).toBe(true);
  });

  it('filters the listing by ids (comma separated, at most 50), name and secure', async () => {
    const [a, b, c] = sim.org.dataActions;
    const byIds = await integrations().getIntegrationsActions({ ids: `${a?.id},${c?.id}` });
    expect(byIds.entities?.map((x) => x.id).sort()).toEqual([a?.id, c?.id].sort());
    const tooMany = Array.from({ length: 51 }, (_, i) => `custom_-_${i}`).join(',');
    const err = await rejection(integrations().getIntegrationsActions({ ids: tooMany }));
    expect(err.status).toBe(400);
    const byName = await integrations().getIntegrationsActions({
      name: String(b?.name).slice(0, 6).toLowerCase(),
    });
    expect(byName.entities?.map((x) => x.id)).toContain(b?.id);
    const secure = await integrations().getIntegrationsActions({ secure: 'true' });
    expect(secure.entities?.length).toBe(sim.org.dataActions.filter((x) => x.secure).length);
    expect(secure.entities?.every((x) => x.secure)).toBe(true);
  });

  it('gets one action with the contract only when expand=contract, the config only with includeConfig', async () => {
    const id = sim.org.dataActions[0]?.id as string;
    const bare = await integrations().getIntegrationsAction(id);
    expect(bare).not.toHaveProperty('config');
    expect(bare).not.toHaveProperty('contract');
    expect(bare.integrationId).toBe(sim.org.dataActions[0]?.integrationId);
    const contractOnly = await integrations().getIntegrationsAction(id, { expand: 'contract' });
    expect(contractOnly.contract?.input?.inputSchema?.properties).toBeTruthy();
    expect(contractOnly).not.toHaveProperty('config');
    const full = await integrations().getIntegrationsAction(id, { expand: 'contract', includeConfig: true });
    expect(full.contract?.output?.successSchema).toBeTruthy();
    expect(full.config?.request?.requestType).toBe('GET');
    expect(full.config?.response?.translationMap).toBeTruthy();
  });

  it('carries credentials in headers, JSON request templates and an array of the contract', async () => {
    const full: Models.Action[] = [];
    for (const a of sim.org.dataActions)
      full.push(
        await integrations().getIntegrationsAction(a.id as string, {
          expand: 'contract',
          includeConfig: true,
        }),
      );
    const templates = full.map((a) => a.config?.request?.requestTemplate ?? '');
    const bodyValue = (key: string) =>
      templates.map((t) => new RegExp(`"${key}": "([^"$]+)"`).exec(t)?.[1]).find(Boolean);
    const secrets = sim.plantedSecrets();
    for (const key of ['client_secret', 'access_token', 'refresh_token']) {
      const value = bodyValue(key);
      expect(value, key).toBeTruthy();
      expect(secrets).toContain(value);
    }
    const arrays = full.flatMap((a) => {
      const props = a.contract?.input?.inputSchema?.properties as
        | Record<string, { default?: unknown }>
        | undefined;
      return Object.values(props ?? {}).filter((p) => Array.isArray(p.default));
    });
    const inArray = arrays.flatMap((p) => p.default as Array<{ apiKey?: string }>).map((x) => x.apiKey);
    expect(inArray.length).toBeGreaterThan(0);
    for (const k of inArray) expect(secrets).toContain(k);
  });
});

describe('Queue members: direct and from member groups', () => {
  it('lists group members too; memberBy=user gives the direct ones, memberBy=group the others', async () => {
    const queue = sim.org.queues.find((q) =>
      (queueMembersOf(sim.org, q.id as string) ?? []).some((m) => m.memberBy === 'group'),
    );
    expect(queue, 'a queue with members from a member group').toBeTruthy();
    const id = queue?.id as string;
    const list = async (memberBy?: string) => {
      const ids: string[] = [];
      for (let n = 1; n < 20; n++) {
        const page = await routing().getRoutingQueueMembers(id, { pageSize: 5, pageNumber: n, memberBy });
        expect(page).not.toHaveProperty('total');
        expect(page).not.toHaveProperty('pageCount');
        ids.push(...(page.entities ?? []).map((m) => m.id as string));
        if (!page.nextUri) break;
      }
      return ids;
    };
    const all = await list();
    const direct = await list('user');
    const viaGroups = await list('group');
    expect(direct.sort()).toEqual([...(sim.org.queueMembers.get(id) ?? [])].sort());
    expect(viaGroups.length).toBeGreaterThan(0);
    expect([...direct, ...viaGroups].sort()).toEqual([...all].sort());
    expect(new Set(all).size).toBe(all.length);
    expect(queue?.memberCount).toBe(all.length);
    expect(queue?.userMemberCount).toBe(direct.length);
    const groupMember = (await routing().getRoutingQueueMembers(id, { pageSize: 100, memberBy: 'group' }))
      .entities?.[0];
    expect(groupMember?.memberBy).toBe('group');
    const err = await rejection(routing().getRoutingQueueMembers(id, { memberBy: 'team' }));
    expect(err.status).toBe(400);
  });

  it('sorts members by name, honours sortOrder, and caps the page size at 100', async () => {
    const id = sim.org.queues[1]?.id as string;
    const asc = (await routing().getRoutingQueueMembers(id, { pageSize: 100 })).entities?.map((m) => m.name);
    const desc = (
      await routing().getRoutingQueueMembers(id, { pageSize: 100, sortOrder: 'desc' })
    ).entities?.map((m) => m.name);
    expect(asc).toEqual([...(asc ?? [])].sort());
    expect(desc).toEqual([...(asc ?? [])].reverse());
    expect((await rejection(routing().getRoutingQueueMembers(id, { pageSize: 101 }))).status).toBe(400);
  });

  it('has SKILLGROUP and TEAM member groups; skill groups list by cursor and carry conditions singly', async () => {
    const types = new Set(sim.org.queues.flatMap((q) => (q.memberGroups ?? []).map((g) => g.type)));
    expect([...types].sort()).toEqual(['GROUP', 'SKILLGROUP', 'TEAM']);
    const listing = await routing().getRoutingSkillgroups({ pageSize: 1 });
    expect(listing.entities).toHaveLength(1);
    expect(listing.entities?.[0]).not.toHaveProperty('skillConditions');
    expect(listing.nextUri).toContain('after=');
    const sgQueue = sim.org.queues.find((q) => q.memberGroups?.some((g) => g.type === 'SKILLGROUP'));
    const sgId = sgQueue?.memberGroups?.find((g) => g.type === 'SKILLGROUP')?.id as string;
    const sg = await routing().getRoutingSkillgroup(sgId);
    const cond = sg.skillConditions[0]?.routingSkillConditions[0];
    expect(cond?.routingSkill).toBeTruthy();
    const members = await routing().getRoutingQueueMembers(sgQueue?.id as string, { pageSize: 100 });
    const listed = new Map((members.entities ?? []).map((m) => [m.id, m.memberBy]));
    const direct = new Set(sim.org.queueMembers.get(sgQueue?.id as string));
    const qualified = sim.org.users.filter(
      (u) =>
        u.state === 'active' &&
        !direct.has(u.id as string) &&
        u.skills?.some(
          (s) => s.name === cond?.routingSkill && (s.proficiency ?? 0) >= (cond?.proficiency ?? 0),
        ),
    );
    expect(qualified.length).toBeGreaterThan(0);
    for (const u of qualified) expect(listed.get(u.id), u.name).toBe('group');
  });
});

describe('Dependency tracking and flow types', () => {
  it('has a flow of every type of the SDK flow type enum', async () => {
    expect(new Set(sim.org.flows.map((f) => f.type))).toEqual(new Set(FLOW_TYPE_ENUM));
    for (const t of ['INBOUNDCALL', 'INBOUNDEMAIL', 'INBOUNDSHORTMESSAGE', 'INQUEUECALL', 'INQUEUEEMAIL'])
      expect(FLOW_TYPE_ENUM).toContain(t);
    const listed = await architect().getFlows({ pageSize: 100, type: ['workitem', 'digitalbot'] });
    expect(new Set(listed.entities?.map((f) => f.type))).toEqual(new Set(['WORKITEM', 'DIGITALBOT']));
  });

  it('names every consumed object with the SDK enum (ACDWRAPUPCODE, ACDLANGUAGE, <TYPE>FLOW, WORKFLOW)', async () => {
    const all = [...sim.org.flowDependencies.values()].flat();
    for (const d of all) expect(DEPENDENCY_OBJECT_TYPES.has(d.type as string), d.type).toBe(true);
    const types = new Set(all.map((d) => d.type));
    for (const t of [
      'ACDWRAPUPCODE',
      'ACDLANGUAGE',
      'ACDSKILL',
      'QUEUE',
      'DATAACTION',
      'BOTFLOW',
      'DIGITALBOTFLOW',
    ])
      expect(types, t).toContain(t);
    expect(types).not.toContain('WRAPUPCODE');
    expect(types).not.toContain('LANGUAGE');
    const flowsById = new Map(sim.org.flows.map((f) => [f.id, f]));
    for (const d of all.filter((x) => flowsById.has(x.id)))
      expect(d.type).toBe(FLOW_DEPENDENCY_TYPE[flowsById.get(d.id)?.type ?? '']);
    expect(FLOW_DEPENDENCY_TYPE.WORKFLOW).toBe('WORKFLOW');
    expect(FLOW_DEPENDENCY_TYPE.INQUEUEEMAIL).toBe('INQUEUEEMAILFLOW');
  });

  it('answers consumedresources under the flow type name only; rejects names outside the enum', async () => {
    for (const f of sim.org.flows.filter(
      (x) => (sim.org.flowDependencies.get(x.id as string) ?? []).length,
    )) {
      const objectType = FLOW_DEPENDENCY_TYPE[f.type ?? ''] as string;
      const res = await architect().getArchitectDependencytrackingConsumedresources(
        f.id as string,
        f.publishedVersion?.id ?? '1.0',
        objectType,
        { pageSize: 100 },
      );
      expect(res.entities?.map((d) => d.id).sort(), `${f.type}`).toEqual(
        sim.org.flowDependencies
          .get(f.id as string)
          ?.map((d) => d.id)
          .sort(),
      );
    }
    const workflow = sim.org.flows.find((f) => f.type === 'WORKFLOW' && !f.system);
    const wrongName = await rejection(
      architect().getArchitectDependencytrackingConsumedresources(
        workflow?.id as string,
        '1.0',
        'WORKFLOWFLOW',
      ),
    );
    expect(wrongName.status).toBe(400);
    const otherType = await architect().getArchitectDependencytrackingConsumedresources(
      sim.org.flows[0]?.id as string,
      '1.0',
      'WORKFLOW',
    );
    expect(otherType.entities).toEqual([]);
  });
});

describe('Trunk base settings', () => {
  it('include the platform-generated EDGE ones, one per edge, beside the EXTERNAL ones', async () => {
    const res =
      await new platformClient.TelephonyProvidersEdgeApi().getTelephonyProvidersEdgesTrunkbasesettings({
        pageSize: 100,
      });
    const byType = (t: string) => (res.entities ?? []).filter((x) => x.trunkType === t).length;
    expect(byType('EDGE')).toBe(2);
    expect(byType('EXTERNAL')).toBe(2);
    expect(res.total).toBe(4);
  });
});

describe('Users', () => {
  it('returns profileSkills, certifications and employerInfo only when expanded', async () => {
    const api = new platformClient.UsersApi();
    const plain = await api.getUsers({ pageSize: 100 });
    for (const u of plain.entities ?? []) {
      expect(u).not.toHaveProperty('profileSkills');
      expect(u).not.toHaveProperty('certifications');
      expect(u).not.toHaveProperty('employerInfo');
    }
    const expanded = await api.getUsers({
      pageSize: 100,
      expand: ['profileSkills', 'certifications', 'employerInfo'],
    });
    expect(
      expanded.entities?.every((u) => Array.isArray(u.profileSkills) && Array.isArray(u.certifications)),
    ).toBe(true);
    expect(expanded.entities?.every((u) => u.employerInfo?.employeeId)).toBe(true);
    expect(expanded.entities?.some((u) => (u.profileSkills?.length ?? 0) > 0)).toBe(true);
    expect(expanded.entities?.some((u) => (u.certifications?.length ?? 0) > 0)).toBe(true);
    const one = await api.getUser(sim.org.users[0]?.id as string, { expand: ['employerInfo'] });
    expect(one.employerInfo?.officialName).toBeTruthy();
    expect(one).not.toHaveProperty('certifications');
  });

  it('honours sortOrder (ASC/DESC, ascending/descending) and rejects other values', async () => {
    const api = new platformClient.UsersApi();
    const names = async (sortOrder?: string) =>
      ((await api.getUsers({ pageSize: 100, sortOrder })).entities ?? []).map((u) => u.name as string);
    const asc = await names();
    expect(asc).toEqual([...asc].sort());
    expect(await names('DESC')).toEqual([...asc].reverse());
    expect(await names('descending')).toEqual([...asc].reverse());
    expect(await names('ascending')).toEqual(asc);
    expect((await rejection(api.getUsers({ sortOrder: 'sideways' }))).status).toBe(400);
  });

  it('answers 400 past 10,000 inactive users; sorting DESC reaches the rest', async () => {
    const other = await startOther({ size: { users: 3, inactiveUsers: 10_300 } });
    const inactiveTotal = other.sim.org.users.filter((u) => u.state === 'inactive').length;
    expect(inactiveTotal).toBe(10_300);
    const last = await other.get('/api/v2/users?state=inactive&pageSize=500&pageNumber=20');
    expect(last.status).toBe(200);
    const lastBody = (await last.json()) as Models.UserEntityListing;
    expect(lastBody.total).toBe(inactiveTotal);
    expect(lastBody.entities).toHaveLength(500);
    const past = await other.get('/api/v2/users?state=inactive&pageSize=500&pageNumber=21');
    expect(past.status).toBe(400);
    const err = (await past.json()) as { code: string; message: string; status: number };
    expect(err).toMatchObject({ code: 'bad.request', status: 400 });
    expect(err.message).toContain('10000');
    expect((await other.get('/api/v2/users?state=inactive&pageSize=100&pageNumber=101')).status).toBe(400);
    // Active users are not limited.
    expect((await other.get('/api/v2/users?pageSize=100&pageNumber=101')).status).toBe(200);
    const seen = new Set<string>();
    for (const order of ['ASC', 'DESC']) {
      for (let n = 1; n <= 20; n++) {
        const res = await other.get(
          `/api/v2/users?state=inactive&pageSize=500&pageNumber=${n}&sortOrder=${order}`,
        );
        for (const u of ((await res.json()) as Models.UserEntityListing).entities ?? [])
          seen.add(u.id as string);
        if (order === 'DESC' && seen.size === inactiveTotal) break;
      }
    }
    expect(seen.size).toBe(inactiveTotal);
  });
});

describe('Flows: lookup and the deprecated id filter', () => {
  it('looks flows up by ID (paged), and GET /flows?id= ignores the other filters', async () => {
    const other = await startOther({ size: 'small' });
    const [a, b] = other.sim.org.flows;
    const gone = other.sim.org.flows.find((f) => f.type === 'WORKFLOW' && !f.system) as Models.Flow;
    gone.deleted = true;
    const ids = (res: Models.FlowEntityListing) => (res.entities ?? []).map((f) => f.id).sort();
    const lookup = (await (
      await other.get(`/api/v2/flows/lookup?id=${a?.id}&id=${b?.id}&id=${gone.id}&pageSize=2`)
    ).json()) as Models.FlowEntityListing;
    expect(lookup.total).toBe(3);
    expect(lookup.entities).toHaveLength(2);
    expect(lookup.nextUri).toContain('pageNumber=2');
    expect((await other.get('/api/v2/flows/lookup')).status).toBe(400);
    const listed = (await (await other.get('/api/v2/flows?pageSize=100')).json()) as Models.FlowEntityListing;
    expect(ids(listed)).not.toContain(gone.id);
    const byId = (await (
      await other.get(`/api/v2/flows?id=${gone.id}&deleted=false&type=inboundcall`)
    ).json()) as Models.FlowEntityListing;
    expect(ids(byId)).toEqual([gone.id]);
    // Through the SDK too, on the main simulator.
    const sdk = await architect().getFlowsLookup([sim.org.flows[2]?.id as string]);
    expect(sdk.entities?.map((f) => f.name)).toEqual([sim.org.flows[2]?.name]);
  });
});

describe('Flow export jobs', () => {
  async function runJob(
    other: Awaited<ReturnType<typeof startOther>>,
    flows: Models.ExportDetails[],
  ): Promise<{ state: Models.ArchitectExportJobStateResponse; download?: Response }> {
    const created = (await (
      await other.post('/api/v2/flows/export/jobs', { flows })
    ).json()) as Models.RegisterArchitectExportJobResponse;
    const state = (await (
      await other.get(`/api/v2/flows/export/jobs/${created.id}?expand=messages`)
    ).json()) as Models.ArchitectExportJobStateResponse;
    return { state, download: state.downloadUrl ? await fetch(state.downloadUrl) : undefined };
  }

  it('exports the asked version: published and saved drafts differ, the newest without a version', async () => {
    const other = await startOther({ size: 'small', exportJobDurationMs: 0 });
    const flow = other.sim.org.flows.find((f) => f.savedVersion) as Models.Flow;
    const published = flow.publishedVersion?.id as string;
    const saved = flow.savedVersion?.id as string;
    const versions = other.sim.org.flowVersions.get(flow.id as string);
    expect(versions?.get(published)).not.toBe(versions?.get(saved));
    const text = async (version?: string) =>
      (await runJob(other, [{ flow: { id: flow.id, version }, exportType: 'Yaml' }])).download?.text();
    expect(await text(published)).toBe(versions?.get(published));
    expect(await text(saved)).toBe(versions?.get(saved));
    expect(await text()).toBe(other.sim.org.flowDefinitions.get(flow.id as string));
    expect(other.sim.org.flowDefinitions.get(flow.id as string)).toBe(versions?.get(saved));
    expect(await text(published)).toContain(JSON.stringify(flow.name));
    const missing = await runJob(other, [{ flow: { id: flow.id, version: '999.0' } }]);
    expect(missing.state.status).toBe('Failure');
  });

  const cases: Array<[ExportFileNaming, (f: Models.Flow, fileName: string, n: number) => RegExp]> = [
    ['fileNameYaml', (_f, n) => new RegExp(`^${n}\\.yaml$`)],
    ['fileName', (_f, n) => new RegExp(`^${n}$`)],
    ['nameAndId', (f) => new RegExp(`^${reEscape(f.name)}_${f.id}\\.yaml$`)],
    ['containsId', (f) => new RegExp(`^.+${f.id}.*\\.yaml$`)],
    ['flowName', (f) => new RegExp(`^${reEscape(f.name)}\\.yaml$`)],
    ['opaque', (_f, _n, i) => new RegExp(`^flow-${i + 1}\\.yaml$`)],
  ];
  for (const [naming, expected] of cases) {
    it(`names downloaded entries per the '${naming}' variant`, async () => {
      const other = await startOther({ size: 'small', exportJobDurationMs: 0, exportFileNaming: naming });
      const [a, b] = other.sim.org.flows.filter((f) => !f.system) as [Models.Flow, Models.Flow];
      const { download } = await runJob(
        other,
        [a, b].map((f, i) => ({ flow: { id: f.id }, fileName: `export_${i}`, exportType: 'Yaml' })),
      );
      const zip = unzipSync(new Uint8Array(await (download as Response).arrayBuffer()));
      const names = Object.keys(zip);
      expect(names).toHaveLength(2);
      [a, b].forEach((f, i) => {
        const entry = names.find((n) => expected(f, `export_${i}`, i).test(n));
        expect(entry, `${naming} entry for ${f.name} in ${names.join(', ')}`).toBeTruthy();
        expect(strFromU8(zip[entry as string] as Uint8Array)).toContain(JSON.stringify(f.name));
      });
      if (naming === 'opaque' || naming === 'flowName')
        for (const n of names) for (const f of [a, b]) expect(n).not.toContain(f.id);
      const single = await runJob(other, [{ flow: { id: a.id }, fileName: 'export_0' }]);
      const disposition = single.download?.headers.get('content-disposition') ?? '';
      expect(disposition).toMatch(/^attachment; filename="/);
      const fileName = /filename="(.*)"/.exec(disposition)?.[1] ?? '';
      expect(expected(a, 'export_0', 0).test(fileName), fileName).toBe(true);
      expect(decodeURIComponent(new URL(single.state.downloadUrl as string).pathname)).toContain(fileName);
    });
  }

  it('fails the first N jobs of a flow with "could not find the flow", then succeeds', async () => {
    const other = await startOther({
      size: 'small',
      exportJobDurationMs: 0,
      exportFlowNotFound: { attempts: 2 },
    });
    const flow = other.sim.org.flows[0] as Models.Flow;
    const states: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { state } = await runJob(other, [{ flow: { id: flow.id }, exportType: 'Yaml' }]);
      states.push(state.status as string);
      if (state.status === 'Failure') expect(state.messages?.[0]?.text).toContain('could not find the flow');
    }
    expect(states).toEqual(['Failure', 'Failure', 'Success']);
  });

  it('fails every job that contains a given flow', async () => {
    const probe = new GenesysSimulator({ size: 'small' });
    const badId = probe.org.flows[3]?.id as string;
    const other = await startOther({ size: 'small', exportJobDurationMs: 0, exportFailFlowIds: [badId] });
    const good = other.sim.org.flows[0]?.id as string;
    for (let i = 0; i < 3; i++) {
      const { state } = await runJob(other, [{ flow: { id: good } }, { flow: { id: badId } }]);
      expect(state.status).toBe('Failure');
      expect(state.messages?.[0]?.type).toBe('Error');
    }
    expect((await runJob(other, [{ flow: { id: good } }])).state.status).toBe('Success');
  });
});

describe('Planted credentials', () => {
  it('lists every planted credential, each served somewhere, none saying "redacted"', async () => {
    const secrets = sim.plantedSecrets();
    expect(secrets).toContain(DEFAULT_CLIENT.clientSecret);
    for (const t of sim.org.trunkBaseSettings.filter((x) => x.trunkType === 'EXTERNAL'))
      expect(secrets).toContain(sipPassword(t));
    expect(secrets.length).toBeGreaterThanOrEqual(sim.org.dataActions.length + 3);
    for (const s of secrets) {
      expect(s.toLowerCase()).not.toContain('redacted');
      expect(s.length).toBeGreaterThanOrEqual(12);
    }
    const served: string[] = [];
    const tbs =
      await new platformClient.TelephonyProvidersEdgeApi().getTelephonyProvidersEdgesTrunkbasesettings({
        pageSize: 100,
      });
    served.push(JSON.stringify(tbs));
    for (const a of sim.org.dataActions)
      served.push(
        JSON.stringify(
          await integrations().getIntegrationsAction(a.id as string, {
            expand: 'contract',
            includeConfig: true,
          }),
        ),
      );
    for (const i of sim.org.integrations)
      served.push(JSON.stringify(await integrations().getIntegrationConfigCurrent(i.id as string)));
    const scripts = new platformClient.ScriptsApi();
    for (const x of sim.org.scripts) {
      const { url } = await scripts.postScriptExport(x.id as string, { body: { versionId: x.versionId } });
      served.push(await (await fetch(url as string)).text());
    }
    // DNC lists: the dnc.com login and the Gryphon license.
    served.push(
      JSON.stringify(await new platformClient.OutboundApi().getOutboundDnclists({ pageSize: 100 })),
    );
    const text = served.join('\n');
    for (const s of secrets.filter((x) => x !== DEFAULT_CLIENT.clientSecret))
      expect(text.includes(s), `${s} is served`).toBe(true);
  });
});

function reEscape(s: string | undefined): string {
  return String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
