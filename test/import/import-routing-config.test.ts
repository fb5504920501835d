/**
 * `import run` for the routing configuration: response libraries and responses, SMS addresses, presence
 * definitions, skill groups with their member divisions, the org's utilization and routing settings,
 * email domains and their routes. Restored into an empty org and exported back the same (through names),
 * a second apply with nothing to do, a change in the source that changes exactly that resource, and the
 * platform's System presence definitions matched by their system presence, never created. Evaluation
 * forms are created from their published version, then published; one never published is blocked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Models } from 'purecloud-platform-client-v2';
import { afterEach, describe, expect, it } from 'vitest';
import type { Entity } from '../../lambdas/engine/catalog/types.ts';
import { IMPORTABLE } from '../../lambdas/import/importable.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { cleanup, exportOnce, readManifest, startSimulator, tempDir } from '../helpers.ts';
import { importInto, stripQueueReferences, writes } from './fixtures.ts';

afterEach(cleanup);

const AREA = [
  'responsemanagement:library',
  'responsemanagement:response',
  'routing:smsaddress',
  'presence:definition',
  'routing:skillgroup',
  'routing:utilization',
  'routing:settings',
  'routing:emaildomain',
  'routing:emailroute',
  'quality:evaluationform',
];
/** Set by the platform when a resource is created: never the same in two orgs. */
const SERVER_ASSIGNED = ['dateCreated', 'createdBy', 'dateModified', 'chat'];

/** The small org, its queues and email routes without what the first import tests leave out (flows...). */
async function sourceOrg(): Promise<GenesysSimulator> {
  const sim = await startSimulator();
  stripQueueReferences(sim);
  for (const routes of sim.org.emailRoutes.values())
    for (const r of routes) {
      delete r.flow;
      delete r.spamFlow;
      if (!r.queue) r.queue = { id: sim.org.queues[0]?.id, name: sim.org.queues[0]?.name };
    }
  publishEveryForm(sim);
  return sim;
}

/** A form never published is blocked (its questions are not in a snapshot): each gets a published version. */
function publishEveryForm(sim: GenesysSimulator): void {
  for (const f of sim.org.evaluationForms)
    if (!sim.org.publishedEvaluationForms.has(String(f.contextId)))
      sim.org.publishedEvaluationForms.set(String(f.contextId), {
        ...f,
        id: `${f.id}-published`,
        published: true,
      });
}

/** Each importable resource by `type/name`, IDs (values and map keys) replaced by `<type:name>`. */
function byName(dir: string): Map<string, unknown> {
  const m = readManifest(dir);
  const covered = m.resources.filter((r) => IMPORTABLE.has(r.type));
  const names = new Map(covered.map((r) => [r.id, `<${r.type}:${r.name}>`]));
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return names.get(v) ?? v;
    if (Array.isArray(v))
      return v.map(swap).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !SERVER_ASSIGNED.includes(k))
          .map(([k, x]) => [names.get(k) ?? k, swap(x)])
          .sort(([a], [b]) => String(a).localeCompare(String(b))),
      );
    return v;
  };
  const out = new Map<string, unknown>();
  for (const r of covered) {
    const file = JSON.parse(readFileSync(join(dir, r.path), 'utf8')) as Entity;
    // An evaluation form's context, version, group, question and answer IDs are the platform's.
    const body = r.type === 'quality:evaluationform' ? { ...platformIdsOut(file), id: file.id } : file;
    out.set(`${r.type}/${r.name}`, swap(body));
  }
  return out;
}

function platformIdsOut(v: unknown): Entity {
  const strip = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(strip)
      : x && typeof x === 'object'
        ? Object.fromEntries(
            Object.entries(x)
              .filter(([k]) => k !== 'id' && k !== 'contextId')
              .map(([k, y]) => [k, strip(y)]),
          )
        : x;
  return strip(v) as Entity;
}

const planLines = (out: string) => out.split('\n').filter((l) => /^(create|update|blocked|failed)/.test(l));

describe('import run: routing configuration', () => {
  it('restores every type of the area into an empty org, the same through names; a second apply does nothing', async () => {
    const a = await sourceOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const source = tempDir();
    await exportOnce(a, source, { resourceTypes: AREA });
    const inSnapshot = new Set(readManifest(source).resources.map((r) => r.type));
    for (const t of AREA) expect(inSnapshot.has(t), t).toBe(true);

    const applied = await importInto(b, ['--inputDir', source], '--apply');
    expect(planLines(applied.out).filter((l) => !l.startsWith('create'))).toEqual([]);
    expect(applied.code).toBe(0);
    expect(writes(b).filter((e) => e.status >= 400)).toEqual([]);
    // Member divisions through their own endpoint, settings through their three.
    expect(writes(b).map((e) => e.endpoint)).toEqual(
      expect.arrayContaining([
        'POST /api/v2/routing/skillgroups/{skillGroupId}/members/divisions',
        'PUT /api/v2/routing/utilization',
        'PUT /api/v2/routing/settings',
        'PUT /api/v2/routing/settings/transcription',
        'PATCH /api/v2/routing/settings/contactcenter',
        'POST /api/v2/routing/email/domains/{domainName}/routes',
        'POST /api/v2/quality/publishedforms/evaluations',
      ]),
    );

    const restored = tempDir();
    await exportOnce(b, restored, { resourceTypes: AREA });
    const want = byName(source);
    expect([...want.keys()].filter((k) => AREA.some((t) => k.startsWith(`${t}/`))).length).toBeGreaterThan(
      20,
    );
    expect(byName(restored)).toEqual(want);

    const before = writes(b).length;
    const again = await importInto(b, ['--inputDir', source], '--apply');
    expect(planLines(again.out)).toEqual([]);
    expect(again.code).toBe(0);
    expect(writes(b).length).toBe(before);
  });

  it('a change in the source changes exactly that resource in the target (versioned PUT, PATCH, singleton PUT)', async () => {
    const a = await sourceOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    await exportOnce(a, dir, { resourceTypes: AREA });
    expect((await importInto(b, ['--inputDir', dir], '--apply')).code).toBe(0);

    const library = a.org.responseLibraries[0] as Models.Library;
    const oldName = library.name;
    library.name = `${oldName} (renamed)`;
    const group = a.org.skillGroups[0] as Models.SkillGroup;
    group.description = 'Changed in the source';
    (a.org.routingUtilization as Models.UtilizationResponse).maxInboundCalls = 9;
    await exportOnce(a, dir, { resourceTypes: AREA });

    const plan = await importInto(b, ['--inputDir', dir]);
    expect(plan.code).toBe(0);
    expect(planLines(plan.out).sort()).toEqual(
      [
        expect.stringMatching(new RegExp(`^update: responsemanagement:library/${library.id} .*: name$`)),
        expect.stringMatching(new RegExp(`^update: routing:skillgroup/${group.id} .*: description$`)),
        expect.stringMatching(/^update: routing:utilization\/utilization .*: maxInboundCalls$/),
      ].sort(),
    );
    const before = writes(b).length;
    expect((await importInto(b, ['--inputDir', dir], '--apply')).code).toBe(0);
    expect(
      writes(b)
        .slice(before)
        .map((e) => `${e.endpoint} ${e.status}`)
        .sort(),
    ).toEqual(
      [
        'PUT /api/v2/responsemanagement/libraries/{libraryId} 200',
        'PATCH /api/v2/routing/skillgroups/{skillGroupId} 200',
        'PUT /api/v2/routing/utilization 200',
      ].sort(),
    );
    expect(b.org.responseLibraries.map((l) => l.name)).toContain(library.name);
    expect(b.org.responseLibraries.map((l) => l.name)).not.toContain(oldName);
    expect(b.org.skillGroups.find((g) => g.name === group.name)?.description).toBe('Changed in the source');
    expect(b.org.routingUtilization?.maxInboundCalls).toBe(9);
  });

  it('publishes an evaluation form whose questions changed in the source (PUT of its draft, then publish), and blocks one never published', async () => {
    const a = await sourceOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    await exportOnce(a, dir, { resourceTypes: ['quality:evaluationform'] });
    expect((await importInto(b, ['--inputDir', dir], '--apply')).code).toBe(0);
    expect(b.org.publishedEvaluationForms.size).toBe(a.org.evaluationForms.length);

    const form = a.org.evaluationForms[0] as Models.EvaluationFormResponse;
    const published = a.org.publishedEvaluationForms.get(
      String(form.contextId),
    ) as Models.EvaluationFormResponse;
    const question = published.questionGroups?.[0]?.questions?.[0] as Models.EvaluationQuestion;
    question.text = 'Did the agent greet the customer by name?';
    a.org.evaluationForms.push({
      ...form,
      id: 'never-published',
      name: 'Draft Only Form',
      contextId: 'draft-only',
    });
    await exportOnce(a, dir, { resourceTypes: ['quality:evaluationform'] });

    const before = writes(b).length;
    const applied = await importInto(b, ['--inputDir', dir], '--apply');
    expect(applied.code).toBe(3);
    // In the plan's order: the blocked form is listed first.
    expect(planLines(applied.out)).toEqual([
      'blocked: quality:evaluationform/never-published (Draft Only Form): a form never published: its questions are not in the snapshot (only published versions are read in full)',
      expect.stringMatching(
        new RegExp(
          `^updated: quality:evaluationform/${form.id} \\(${form.name}\\) -> [\\w-]+: publishedVersion$`,
        ),
      ),
    ]);
    expect(
      writes(b)
        .slice(before)
        .map((e) => `${e.endpoint} ${e.status}`),
    ).toEqual([
      'PUT /api/v2/quality/forms/evaluations/{formId} 200',
      'POST /api/v2/quality/publishedforms/evaluations 200',
    ]);
    const target = b.org.evaluationForms.find((f) => f.name === form.name);
    const live = b.org.publishedEvaluationForms.get(String(target?.contextId));
    expect(live?.questionGroups?.[0]?.questions?.[0]?.text).toBe(question.text);
    // The ID map follows the form to its new draft: the next apply matches it and has nothing to do.
    const last = writes(b).length;
    const again = await importInto(b, ['--inputDir', dir], '--apply');
    expect(planLines(again.out).filter((l) => !l.includes('never-published'))).toEqual([]);
    const idMap = JSON.parse(
      readFileSync(join(dir, '.genesys', 'id-map', `${b.org.organization.id}.json`), 'utf8'),
    );
    expect(idMap.ids['quality:evaluationform'][String(form.id)]).toBe(target?.id);
    expect(writes(b).length).toBe(last);
  });

  it('--prune deletes what the source no longer has (a presence definition is deactivated), never a System presence', async () => {
    const a = await sourceOrg();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    await exportOnce(a, dir, { resourceTypes: AREA });
    expect((await importInto(b, ['--inputDir', dir], '--apply')).code).toBe(0);
    // The target's own System presences (a real org has them): never pruned.
    b.org.presenceDefinitions.push({
      id: '00000000-0000-4000-8000-000000000001',
      name: 'Available',
      type: 'System',
      systemPresence: 'Available',
      languageLabels: { en_US: 'Available' },
      divisionId: b.org.divisions[0]?.id,
      deactivated: false,
    });

    const library = a.org.responseLibraries.at(-1) as Models.Library;
    // The library's responses go with it.
    const gone = a.org.responses.filter((r) => r.libraries.some((x) => x.id === library.id));
    const group = a.org.skillGroups.at(-1) as Models.SkillGroup;
    const address = a.org.smsAddresses.at(-1) as Models.SmsAddress;
    const definition = a.org.presenceDefinitions.find((d) => d.type === 'User' && !d.deactivated);
    const form = a.org.evaluationForms.at(-1) as Models.EvaluationFormResponse;
    a.org.responses = a.org.responses.filter((r) => !gone.includes(r));
    a.org.responseLibraries = a.org.responseLibraries.filter((l) => l !== library);
    a.org.skillGroups = a.org.skillGroups.filter((g) => g !== group);
    a.org.smsAddresses = a.org.smsAddresses.filter((x) => x !== address);
    a.org.presenceDefinitions = a.org.presenceDefinitions.filter((d) => d !== definition);
    a.org.evaluationForms = a.org.evaluationForms.filter((f) => f !== form);
    await exportOnce(a, dir, { resourceTypes: AREA });

    const applied = await importInto(b, ['--inputDir', dir], '--apply', '--prune');
    expect(applied.code).toBe(0);
    const deleted = applied.out
      .split('\n')
      .filter((l) => l.startsWith('deleted'))
      .map((l) => l.replace(/^deleted \(--prune\): ([^/]+)\/[^ ]+ \((.*)\): not in the snapshot$/, '$1 $2'));
    expect(gone.length).toBeGreaterThan(0);
    expect(deleted.sort()).toEqual(
      [
        `presence:definition ${definition?.name}`,
        `quality:evaluationform ${form.name}`,
        `responsemanagement:library ${library.name}`,
        ...gone.map((r) => `responsemanagement:response ${r.name}`),
        `routing:skillgroup ${group.name}`,
        `routing:smsaddress ${address.name}`,
      ].sort(),
    );
    expect(b.org.presenceDefinitions.find((d) => d.name === definition?.name)?.deactivated).toBe(true);
    expect(b.org.presenceDefinitions.find((d) => d.type === 'System')?.deactivated).toBe(false);
    expect(b.org.skillGroups.some((g) => g.name === group.name)).toBe(false);
    // Deleted already: a second prune has nothing to do.
    const before = writes(b).length;
    expect((await importInto(b, ['--inputDir', dir], '--apply', '--prune')).code).toBe(0);
    expect(writes(b).length).toBe(before);
  });

  it("the platform's System presence definitions are matched by their system presence, never created", async () => {
    const a = await startSimulator();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const system = a.org.presenceDefinitions.filter((d) => d.type === 'System');
    // The target has every System definition but Break, under its own IDs and another label for Away.
    b.org.presenceDefinitions = system
      .filter((d) => d.systemPresence !== 'Break')
      .map((d, i) => ({
        ...d,
        id: `00000000-0000-4000-8000-00000000000${i}`,
        divisionId: b.org.divisions[0]?.id,
        ...(d.systemPresence === 'Away' ? { name: 'Out', languageLabels: { en_US: 'Out' } } : {}),
      }));
    const dir = tempDir();
    await exportOnce(a, dir, { resourceTypes: ['presence:definition'], includeAllResources: true });
    const plan = await importInto(b, ['--inputDir', dir], '--resourceTypes', 'presence:definition');
    const blocked = planLines(plan.out).filter((l) => l.includes('System presence'));
    const reason = (p: string) =>
      `the platform's own System presence '${p}': the API creates only User presence definitions, and import does not change the platform's`;
    const of = (p: string) =>
      system.find((d) => d.systemPresence === p) as Models.OrganizationPresenceDefinition;
    // Break: the target lacks it; Away: the target's has another label. The other eight are the target's.
    expect(blocked.sort()).toEqual(
      [
        `blocked: presence:definition/${of('Away').id} (Away): ${reason('Away')}`,
        `blocked: presence:definition/${of('Break').id} (Break): ${reason('Break')}`,
      ].sort(),
    );
    const planned = JSON.parse(
      readFileSync(join(dir, '.genesys', 'import', `${b.org.organization.id}.plan.json`), 'utf8'),
    ) as { resources: Array<{ sourceId: string; action: string; targetId?: string }> };
    const unchanged = planned.resources.filter(
      (r) => system.some((d) => d.id === r.sourceId) && r.action === 'unchanged',
    );
    expect(unchanged.length).toBe(8);
    expect(unchanged.every((r) => r.targetId?.startsWith('00000000-'))).toBe(true);
  });
});
