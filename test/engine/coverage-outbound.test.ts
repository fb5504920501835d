/**
 * Coverage of issue 15's outbound types end to end: campaigns and their building blocks (contact and DNC
 * list definitions, callable time sets, call analysis response sets, rule sets), sequences, and the two
 * org-wide singletons, exported from the small org with their references in import order, the same on
 * every run, selectable by name and alias; DNC service credentials redacted; and no customer data: no
 * contact, contact export or DNC export is ever requested, and no contact's data reaches a file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED } from '../../lambdas/engine/redact.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { expectSelectable } from '../cli/harness.ts';
import { cleanup, exportOnce, readManifest, snapshotFiles, startSimulator, tempDir } from '../helpers.ts';

afterEach(cleanup);

const TYPES = [
  'outbound:settings',
  'outbound:wrapupcodemappings',
  'outbound:contactlist',
  'outbound:dnclist',
  'outbound:callabletimeset',
  'outbound:callanalysisresponseset',
  'outbound:ruleset',
  'outbound:campaign',
  'outbound:sequence',
] as const;

const ALIASES = [
  'genesyscloud_outbound_settings',
  'genesyscloud_outbound_wrapupcodemappings',
  'genesyscloud_outbound_contact_list',
  'genesyscloud_outbound_dnclist',
  'genesyscloud_outbound_callabletimeset',
  'genesyscloud_outbound_callanalysisresponseset',
  'genesyscloud_outbound_ruleset',
  'genesyscloud_outbound_campaign',
  'genesyscloud_outbound_sequence',
];

type Json = Record<string, unknown>;
const readJson = (dir: string, path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8')) as Json;

/** Requests for a list's contents: contacts (one, bulk, search, jobs), exports, DNC entries. */
const CUSTOMER_DATA =
  /^\/api\/v2\/outbound\/(contactlists\/[^/]+\/(contacts|export|clear|timezonemappingpreview)|dnclists\/[^/]+\/(export|phonenumbers|emailaddresses|whatsappnumbers|customexclusioncolumns))/;

function customerDataRequests(sim: GenesysSimulator): string[] {
  return sim.log.filter((e) => CUSTOMER_DATA.test(e.path)).map((e) => `${e.method} ${e.path}`);
}

describe('Coverage: outbound (issue 15)', () => {
  it('exports every outbound type, with its references, each after what it references', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    const { result } = await exportOnce(sim, dir);
    expect(result.complete).toBe(true);
    const m = readManifest(dir);
    expect(m.errors).toEqual([]);
    const ids = (type: string) =>
      m.resources
        .filter((r) => r.type === type)
        .map((r) => r.id)
        .sort();
    const o = sim.org;
    const expected: Record<string, Array<{ id?: string }>> = {
      'outbound:contactlist': o.contactLists,
      'outbound:dnclist': o.dncLists,
      'outbound:callabletimeset': o.callableTimeSets,
      'outbound:callanalysisresponseset': o.callAnalysisResponseSets,
      'outbound:ruleset': o.ruleSets,
      'outbound:campaign': o.campaigns,
      'outbound:sequence': o.campaignSequences,
    };
    for (const [type, list] of Object.entries(expected)) {
      expect(list.length, type).toBeGreaterThan(0);
      expect(ids(type), type).toEqual(list.map((x) => x.id).sort());
    }
    expect(ids('outbound:settings')).toEqual(['settings']);
    expect(ids('outbound:wrapupcodemappings')).toEqual(['wrapupcodemappings']);

    const byKey = new Map(m.resources.map((r) => [`${r.type}/${r.id}`, r]));
    const pos = new Map(m.importOrder.map((k, i) => [k, i]));
    const depsOf = (key: string) => byKey.get(key)?.dependsOn ?? [];
    for (const r of m.resources.filter((x) => x.type.startsWith('outbound:')))
      for (const d of r.dependsOn) {
        const key = `${r.type}/${r.id}`;
        expect(pos.get(d) as number, `${d} before ${key}`).toBeLessThan(pos.get(key) as number);
      }

    for (const c of o.campaigns) {
      const deps = depsOf(`outbound:campaign/${c.id}`);
      expect(deps).toContain(`outbound:contactlist/${c.contactList.id}`);
      expect(deps).toContain(`authorization:division/${c.division?.id}`);
      if (c.queue) expect(deps).toContain(`routing:queue/${c.queue.id}`);
      for (const d of c.dncLists ?? []) expect(deps).toContain(`outbound:dnclist/${d.id}`);
      for (const x of c.ruleSets ?? []) expect(deps).toContain(`outbound:ruleset/${x.id}`);
      if (c.callableTimeSet) expect(deps).toContain(`outbound:callabletimeset/${c.callableTimeSet.id}`);
      if (c.callAnalysisResponseSet)
        expect(deps).toContain(`outbound:callanalysisresponseset/${c.callAnalysisResponseSet.id}`);
    }
    // Every kind of campaign reference is exercised by the small org.
    expect(o.campaigns.some((c) => c.dncLists?.length && c.ruleSets?.length && c.callableTimeSet)).toBe(true);
    expect(o.campaigns.some((c) => c.callAnalysisResponseSet)).toBe(true);

    // A response set transferring to a flow depends on that flow, and on nothing else.
    const flowSet = o.callAnalysisResponseSets.find((s) =>
      Object.values(s.responses).some((x) => x.reactionType === 'transfer_flow'),
    );
    const flowIds = [
      ...new Set(
        Object.values(flowSet?.responses ?? {})
          .filter((x) => x.reactionType === 'transfer_flow')
          .map((x) => x.data),
      ),
    ];
    expect(depsOf(`outbound:callanalysisresponseset/${flowSet?.id}`)).toEqual(
      flowIds.map((f) => `routing:flow/${f}`),
    );

    // Rule sets: wrap-up codes of wrap-up conditions only (not call analysis dispositions), data actions,
    // skills set by an action, the contact list and the queue.
    for (const s of o.ruleSets) {
      const deps = depsOf(`outbound:ruleset/${s.id}`);
      const codes = s.rules.flatMap((x) =>
        x.conditions.filter((c) => c.type === 'wrapupCondition').flatMap((c) => c.codes ?? []),
      );
      expect(codes.length).toBeGreaterThan(0);
      for (const c of codes) expect(deps).toContain(`organization:wrapupcode/${c}`);
      expect(deps.some((d) => d.includes('disposition.'))).toBe(false);
      const skills = s.rules.flatMap((x) =>
        (x.actions ?? []).flatMap((a) =>
          a.properties?.skills ? (JSON.parse(a.properties.skills) as string[]) : [],
        ),
      );
      expect(skills.length).toBeGreaterThan(0);
      for (const k of skills) expect(deps).toContain(`routing:skill/${k}`);
      for (const x of s.rules.flatMap((r) => r.conditions))
        if (x.dataAction) expect(deps).toContain(`integration:action/${x.dataAction.id}`);
      if (s.contactList) expect(deps).toContain(`outbound:contactlist/${s.contactList.id}`);
      if (s.queue) expect(deps).toContain(`routing:queue/${s.queue.id}`);
    }
    expect(o.ruleSets.some((s) => s.rules.some((r) => r.conditions.some((c) => c.dataAction)))).toBe(true);

    for (const s of o.campaignSequences)
      expect(depsOf(`outbound:sequence/${s.id}`)).toEqual(
        [...new Set(s.campaigns.map((c) => `outbound:campaign/${c.id}`))].sort(),
      );
    for (const l of o.contactLists)
      expect(depsOf(`outbound:contactlist/${l.id}`)).toEqual(
        [
          `authorization:division/${l.division?.id}`,
          ...(l.attemptLimits ? [`outbound:attemptlimit/${l.attemptLimits.id}`] : []),
        ].sort(),
      );
    const mapped = Object.keys(o.wrapUpCodeMappings?.mapping ?? {});
    expect(mapped.length).toBeGreaterThan(0);
    expect(depsOf('outbound:wrapupcodemappings/wrapupcodemappings')).toEqual(
      mapped.map((c) => `organization:wrapupcode/${c}`).sort(),
    );
    for (const t of TYPES) expect(m.types[t]?.count, t).toBeGreaterThan(0);
  });

  it('writes definitions without runtime state, singletons under stable names, DNC credentials redacted', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const list = sim.org.contactLists[0];
    const file = readJson(dir, `outbound/contactlist/${list?.id}.json`);
    expect(file.columnNames).toEqual(list?.columnNames);
    expect(file.phoneColumns).toEqual(list?.phoneColumns);
    expect(file).not.toHaveProperty('size');
    expect(file).not.toHaveProperty('importStatus');
    const withErrors = sim.org.campaigns.find((c) => c.errors?.length) ?? sim.org.campaigns[0];
    const campaign = readJson(dir, `outbound/campaign/${withErrors?.id}.json`);
    expect(campaign).not.toHaveProperty('errors');
    expect(campaign.campaignStatus).toBe(withErrors?.campaignStatus);
    const seq = readJson(dir, `outbound/sequence/${sim.org.campaignSequences[0]?.id}.json`);
    expect(seq).not.toHaveProperty('currentCampaign');
    expect(seq.status).toBe(sim.org.campaignSequences[0]?.status);

    const settings = readJson(dir, 'outbound/settings/settings.json');
    expect(settings).toMatchObject({
      id: 'settings',
      maxCallsPerAgent: sim.org.outboundSettings?.maxCallsPerAgent,
    });
    const mappings = readJson(dir, 'outbound/wrapupcodemappings/wrapupcodemappings.json');
    expect(mappings.mapping).toEqual(sim.org.wrapUpCodeMappings?.mapping);

    const gryphon = sim.org.dncLists.find((d) => d.dncSourceType === 'gryphon');
    const dncCom = sim.org.dncLists.find((d) => d.dncSourceType === 'dnc.com');
    expect(readJson(dir, `outbound/dnclist/${gryphon?.id}.json`).licenseId).toBe(REDACTED);
    const dncComFile = readJson(dir, `outbound/dnclist/${dncCom?.id}.json`);
    expect(dncComFile.loginId).toBe(REDACTED);
    expect(dncComFile.campaignId).toBe(dncCom?.campaignId);
    const text = [...snapshotFiles(dir, false).values()].join('\n');
    for (const s of sim.plantedSecrets()) expect(text.includes(s), 'a planted credential').toBe(false);
  });

  it('never asks for contacts, list exports or DNC entries, and writes no contact data', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    // Everything, with deleted and inactive resources too: the widest export there is.
    const { result } = await exportOnce(sim, dir, { includeAllResources: true });
    expect(result.complete).toBe(true);
    expect(readManifest(dir).types['outbound:contactlist']?.count).toBe(sim.org.contactLists.length);
    expect(customerDataRequests(sim)).toEqual([]);
    // Asked by ID (a reference followed to each list) it is the same.
    await exportOnce(sim, tempDir(), {
      resourceTypes: ['outbound:campaign'],
      resourceIds: sim.org.campaigns.map((c) => c.id as string),
    });
    expect(customerDataRequests(sim)).toEqual([]);
    const text = [...snapshotFiles(dir, false).values()].join('\n');
    const values = [...sim.org.contacts.values()].flat().flatMap((c) => [
      c.id as string,
      ...Object.entries(c.data)
        .filter(([k]) => /Phone|Account/.test(k))
        .map(([, v]) => v),
    ]);
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(text.includes(v), `contact data ${v}`).toBe(false);
  });

  it('follows a campaign to its script, a built-in one included, ordered before it', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const m = readManifest(dir);
    const campaign = sim.org.campaigns.find((c) => c.script?.name === 'Default Outbound Script');
    const key = `outbound:campaign/${campaign?.id}`;
    const scriptKey = `script:script/${campaign?.script?.id}`;
    expect(m.resources.find((r) => `${r.type}/${r.id}` === key)?.dependsOn).toContain(scriptKey);
    // Built-in scripts are exported only when referenced: this one is.
    expect(m.resources.some((r) => `${r.type}/${r.id}` === scriptKey)).toBe(true);
    expect(m.importOrder.indexOf(scriptKey)).toBeLessThan(m.importOrder.indexOf(key));
  });

  it('writes the same files on every run, whatever the runtime state', async () => {
    const sim = await startSimulator();
    const a = tempDir();
    const b = tempDir();
    await exportOnce(sim, a);
    sim.advanceVolatileState();
    for (const l of sim.org.contactLists) l.size = (l.size ?? 0) + 7;
    for (const c of sim.org.campaigns) c.errors = [{ error: 'Line limit reached', details: 'LINES' }];
    for (const s of sim.org.campaignSequences) {
      s.currentCampaign = s.campaigns.length - 1;
      s.stopMessage = 'Stopped: contact list empty';
    }
    await exportOnce(sim, b);
    const pick = (dir: string) => new Map([...snapshotFiles(dir)].filter(([p]) => p.startsWith('outbound/')));
    expect(pick(a).size).toBeGreaterThan(TYPES.length);
    expect(pick(b)).toEqual(pick(a));
  });

  it('--resourceTypes takes the names and the Terraform aliases', async () => {
    const sim = await startSimulator();
    await expectSelectable(sim, TYPES, [TYPES.join(','), ALIASES.join(',')]);
    expect(customerDataRequests(sim)).toEqual([]);
  });
});
