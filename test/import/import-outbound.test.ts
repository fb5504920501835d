/**
 * `import run` for outbound dialing: the small org's contact lists, DNC lists, callable time sets, call
 * analysis response sets, rule sets, campaigns and sequences restored into a new org (with the queues,
 * skills, wrap-up codes and divisions they reference), the org-wide outbound settings and wrap-up code
 * mappings written over the target's own, and the export of the target compared with the source through
 * names. What outbound references that import does not create (scripts, data actions; flows here) is
 * matched by name in the target; a reference the target lacks blocks its resource.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Models } from 'purecloud-platform-client-v2';
import { afterEach, describe, expect, it } from 'vitest';
import type { Entity } from '../../lambdas/engine/catalog/types.ts';
import { readSnapshot } from '../../lambdas/import/snapshot.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { newId } from '../../lambdas/simulator/writes.ts';
import { cleanup, exportOnce, readManifest, startSimulator, tempDir } from '../helpers.ts';
import { COVERED_TYPES, importInto, stripQueueReferences, writes } from './fixtures.ts';

afterEach(cleanup);

const OUTBOUND = [
  'outbound:settings',
  'outbound:wrapupcodemappings',
  'outbound:contactlist',
  'outbound:dnclist',
  'outbound:callabletimeset',
  'outbound:callanalysisresponseset',
  'outbound:ruleset',
  'outbound:campaign',
  'outbound:sequence',
  'outbound:attemptlimit',
  'outbound:contactlistfilter',
];
const TYPES = ['--resourceTypes', [...COVERED_TYPES.resourceTypes, ...OUTBOUND].join(',')];
const SERVER_ASSIGNED = ['dateCreated'];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Copies of the resources with these IDs, under new IDs: the same things, as another org has them. */
function sameNames<T extends { id?: string }>(from: readonly T[], ids: ReadonlySet<unknown>): T[] {
  return from.filter((x) => ids.has(x.id)).map((x) => ({ ...structuredClone(x), id: newId() }));
}

/**
 * The source (small org, queues without what import leaves out) and a new org that has what every outbound
 * org has (its own settings and wrap-up code mappings) and, by name, the scripts, data actions and flows
 * the source's outbound configuration uses.
 */
async function orgs(): Promise<{ a: GenesysSimulator; b: GenesysSimulator }> {
  const a = await startSimulator();
  stripQueueReferences(a);
  const b = await startSimulator({ size: 'empty', seed: 2 });
  b.org.outboundSettings = {
    id: b.org.organization.id,
    name: b.org.organization.name,
    version: 1,
    maxCallsPerAgent: 1,
    maxConfigurableCallsPerAgent: 15,
    abandonSeconds: 2,
  };
  b.org.wrapUpCodeMappings = { id: b.org.organization.id, version: 1, defaultSet: [], mapping: {} };
  const scripts = new Set(a.org.campaigns.map((c) => c.script?.id));
  b.org.scripts.push(...sameNames(a.org.scripts, scripts));
  const actions = new Set(
    a.org.ruleSets.flatMap((r) => r.rules.flatMap((x) => x.conditions.map((c) => c.dataAction?.id))),
  );
  b.org.dataActions.push(...sameNames(a.org.dataActions, actions));
  const flows = new Set(
    a.org.callAnalysisResponseSets.flatMap((s) => Object.values(s.responses).map((r) => r.data)),
  );
  // A flow as its own org publishes it: the same YAML and dependencies.
  for (const f of sameNames(a.org.flows, flows)) {
    const was = String(a.org.flows.find((x) => x.name === f.name)?.id);
    b.org.flows.push(f);
    const id = String(f.id);
    const copy = <V>(from: Map<string, V>, to: Map<string, V>) => {
      const v = from.get(was);
      if (v !== undefined) to.set(id, v);
    };
    copy(a.org.flowDefinitions, b.org.flowDefinitions);
    copy(a.org.flowDependencies, b.org.flowDependencies);
    copy(a.org.flowVersions, b.org.flowVersions);
  }
  return { a, b };
}

/** `--secretsFile` with a value for every redacted DNC credential of the snapshot. */
function secretsFor(dir: string): string {
  const values: Record<string, Record<string, string>> = {};
  for (const [key, r] of readSnapshot(dir, process.cwd()).resources)
    if (r.entry.type === 'outbound:dnclist')
      for (const field of ['loginId', 'licenseId'])
        if ((r.body as Entity)[field] !== undefined)
          values[key] = { ...values[key], [field]: `${field}-value` };
  const file = join(tempDir(), 'secrets.json');
  writeFileSync(file, JSON.stringify(values));
  return file;
}

/** Each outbound resource by `type/name`, every ID (whole, in a map key or inside text) by `<type:name>`. */
function byName(dir: string): Map<string, unknown> {
  const m = readManifest(dir);
  // A singleton's ID is its name, the same in every org (and in two types: outbound and routing settings).
  const names = new Map(
    m.resources.filter((r) => r.id !== r.name).map((r) => [r.id, `<${r.type}:${r.name}>`]),
  );
  const text = (s: string) => names.get(s) ?? s.replace(UUID, (id) => names.get(id) ?? id);
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v))
      return v.map(swap).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !SERVER_ASSIGNED.includes(k))
          .map(([k, x]) => [text(k), swap(x)]),
      );
    return v;
  };
  const snapshot = readSnapshot(dir, process.cwd());
  const out = new Map<string, unknown>();
  for (const r of snapshot.resources.values())
    if (OUTBOUND.includes(r.entry.type)) out.set(`${r.entry.type}/${r.entry.name}`, swap(r.body));
  return out;
}

describe('import run: outbound dialing', () => {
  it('restores every outbound type into a new org (references by name where import does not create them) and a second apply does nothing', async () => {
    const { a, b } = await orgs();
    const source = tempDir();
    await exportOnce(a, source);
    const secrets = secretsFor(source);

    const plan = await importInto(b, ['--inputDir', source], ...TYPES);
    expect(writes(b)).toEqual([]);
    // The two DNC lists with an external account need its credential.
    expect(plan.out).toMatch(
      /blocked: outbound:dnclist\/.+ \(Gryphon Compliance\): needs a value for licenseId/,
    );
    expect(plan.out).toMatch(
      /blocked: outbound:dnclist\/.+ \(National DNC \(dnc.com\)\): needs a value for loginId/,
    );

    const applied = await importInto(
      b,
      ['--inputDir', source],
      ...TYPES,
      '--secretsFile',
      secrets,
      '--apply',
    );
    expect(writes(b).filter((e) => e.status >= 400)).toEqual([]);
    expect(applied.code).toBe(0);
    // Never created: the target's own settings and mappings are changed.
    expect(writes(b).map((e) => e.endpoint)).toEqual(
      expect.arrayContaining(['PATCH /api/v2/outbound/settings', 'PUT /api/v2/outbound/wrapupcodemappings']),
    );
    const onCampaigns = a.org.campaigns.filter((c) => c.campaignStatus === 'on').length;
    expect(onCampaigns).toBeGreaterThan(0);
    // Created off, then switched on by an update (as Terraform does).
    expect(
      writes(b).filter((e) => e.endpoint === 'PUT /api/v2/outbound/campaigns/{campaignId}'),
    ).toHaveLength(onCampaigns);

    const restored = tempDir();
    await exportOnce(b, restored);
    const want = byName(source);
    expect([...new Set([...want.keys()].map((k) => k.slice(0, k.indexOf('/'))))].sort()).toEqual(
      [...OUTBOUND].sort(),
    );
    expect(Object.fromEntries(byName(restored))).toEqual(Object.fromEntries(want));
    expect(b.org.dncLists.find((d) => d.dncSourceType === 'gryphon')?.licenseId).toBe('licenseId-value');
    // A sequence runs its campaigns in order: the same order in the target.
    for (const s of a.org.campaignSequences)
      expect(b.org.campaignSequences.find((x) => x.name === s.name)?.campaigns.map((c) => c.name)).toEqual(
        s.campaigns.map((c) => c.name),
      );

    const before = writes(b).length;
    const again = await importInto(b, ['--inputDir', source], ...TYPES, '--secretsFile', secrets, '--apply');
    expect(again.out.split('\n').filter((l) => /^(created|updated|failed|blocked)/.test(l))).toEqual([]);
    expect(again.code).toBe(0);
    expect(writes(b).length).toBe(before);
  });

  it('a campaign renamed and a setting changed in org A change exactly those in org B, through the ID map', async () => {
    const { a, b } = await orgs();
    const dir = tempDir();
    await exportOnce(a, dir);
    const secrets = secretsFor(dir);
    const flags = [...TYPES, '--secretsFile', secrets];
    expect((await importInto(b, ['--inputDir', dir], ...flags, '--apply')).code).toBe(0);

    const renamed = a.org.campaigns[0] as Models.Campaign;
    const oldName = String(renamed.name);
    renamed.name = `${oldName} (2027)`;
    for (const s of a.org.campaignSequences)
      s.campaigns = s.campaigns.map((c) => (c.id === renamed.id ? { ...c, name: renamed.name } : c));
    (a.org.outboundSettings as Models.OutboundSettings).abandonSeconds = 7;
    await exportOnce(a, dir);

    const plan = await importInto(b, ['--inputDir', dir], ...flags);
    expect(plan.code).toBe(0);
    expect(plan.out.split('\n').filter((l) => /^(create|update|blocked)/.test(l))).toEqual([
      'update: outbound:settings/settings (settings) -> settings: abandonSeconds',
      expect.stringMatching(
        new RegExp(`^update: outbound:campaign/${renamed.id} \\(.+\\) -> [\\w-]+: name$`),
      ),
    ]);
    const before = writes(b).length;
    expect((await importInto(b, ['--inputDir', dir], ...flags, '--apply')).code).toBe(0);
    expect(
      writes(b)
        .slice(before)
        .map((e) => e.endpoint),
    ).toEqual(['PATCH /api/v2/outbound/settings', 'PUT /api/v2/outbound/campaigns/{campaignId}']);
    expect(b.org.campaigns.map((c) => c.name)).toContain(renamed.name);
    expect(b.org.campaigns.map((c) => c.name)).not.toContain(oldName);
    expect(b.org.campaigns).toHaveLength(a.org.campaigns.length);
    expect(b.org.outboundSettings?.abandonSeconds).toBe(7);
  });

  it('a campaign whose script the target org lacks (scripts are export-only) is blocked naming it; --ignoreMissingResources creates it without', async () => {
    const { a, b } = await orgs();
    const campaign = a.org.campaigns.find((c) => c.script && c.campaignStatus === 'off') as Models.Campaign;
    const script = campaign.script as Models.DomainEntityRef;
    b.org.scripts = b.org.scripts.filter((s) => s.name !== script.name);
    const dir = tempDir();
    await exportOnce(a, dir);
    const flags = [...TYPES, '--secretsFile', secretsFor(dir)];
    const plan = await importInto(b, ['--inputDir', dir], ...flags);
    expect(plan.code).toBe(3);
    expect(plan.out).toContain(
      `blocked: outbound:campaign/${campaign.id} (${campaign.name}): references what the target org does not have and this import cannot create: script -> script:script/${script.id} (${script.name})`,
    );
    const applied = await importInto(b, ['--inputDir', dir], ...flags, '--apply', '--ignoreMissingResources');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain(
      `dropped (--ignoreMissingResources): outbound:campaign/${campaign.id} (${campaign.name}): script -> script:script/${script.id} (${script.name})`,
    );
    const created = b.org.campaigns.find((c) => c.name === campaign.name);
    expect(created).toBeDefined();
    expect(created?.script).toBeUndefined();
    expect(created?.contactList?.name).toBe(campaign.contactList.name);
  });

  it('outbound settings are never created: a target org without them is reported, the rest goes on', async () => {
    const { a, b } = await orgs();
    b.org.outboundSettings = undefined;
    const dir = tempDir();
    await exportOnce(a, dir);
    const plan = await importInto(b, ['--inputDir', dir], ...TYPES, '--secretsFile', secretsFor(dir));
    expect(plan.code).toBe(3);
    expect(plan.out.split('\n').filter((l) => l.startsWith('blocked:'))).toEqual([
      'blocked: outbound:settings/settings (settings): the target org has no outbound settings to change (the API never creates them: they come with outbound)',
    ]);
  });

  it('--prune deletes the outbound resources of the target the snapshot does not have, campaigns before what they use; never the settings', async () => {
    const { a, b } = await orgs();
    const dir = tempDir();
    await exportOnce(a, dir);
    const flags = [...TYPES, '--secretsFile', secretsFor(dir)];
    expect((await importInto(b, ['--inputDir', dir], ...flags, '--apply')).code).toBe(0);
    const list = b.org.contactLists[0] as Models.ContactList;
    const extraList = { ...structuredClone(list), id: newId(), name: 'Old Promotion List' };
    const extraCampaign = {
      ...structuredClone(b.org.campaigns[0] as Models.Campaign),
      id: newId(),
      name: 'Old Promotion Campaign',
      contactList: { id: extraList.id, name: extraList.name },
    };
    b.org.contactLists.push(extraList);
    b.org.campaigns.push(extraCampaign);

    const before = writes(b).length;
    const applied = await importInto(b, ['--inputDir', dir], ...flags, '--apply', '--prune');
    expect(applied.code).toBe(0);
    expect(
      writes(b)
        .slice(before)
        .map((e) => `${e.method} ${e.path}`),
    ).toEqual([
      `DELETE /api/v2/outbound/campaigns/${extraCampaign.id}`,
      `DELETE /api/v2/outbound/contactlists/${extraList.id}`,
    ]);
    expect(b.org.outboundSettings).toBeDefined();
    expect(b.org.campaigns).toHaveLength(a.org.campaigns.length);
  });
});
