/**
 * Issue 18's round trip, for the first slice of importable types and for every one: the small org (without
 * only what refers to export-only types: its queues keep their flows, prompts, groups, teams and members)
 * exported, imported into an empty org with --apply (the redacted credentials supplied by --secretsFile
 * from the source org), that org exported: the two snapshots are the same through names, apart from what
 * the platform assigns and what import leaves out by design, each counted.
 */
import { join } from 'node:path';
import type { Models } from 'purecloud-platform-client-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { IMPORTABLE } from '../../lambdas/import/importable.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { cleanup, exportOnce, startSimulator, tempDir } from '../helpers.ts';
import {
  writes as apiWrites,
  importInto,
  ROUND_TRIP_TYPES,
  secretsFromSource,
  stripExportOnlyReferences,
} from './fixtures.ts';
import { noneByDesign, roundTrip } from './round-trip.ts';

afterEach(cleanup);

const TYPES = [...ROUND_TRIP_TYPES].sort();
const EVERY_TYPE = [...IMPORTABLE.keys()].sort();
const NOTHING_BY_DESIGN = noneByDesign();
/** The small org without references to export-only types, exported whole; an empty org beside it. */
async function everyTypeExported() {
  const a = await startSimulator();
  stripExportOnlyReferences(a, new Set(EVERY_TYPE));
  const b = await startSimulator({ size: 'empty', seed: 2 });
  const source = tempDir();
  await exportOnce(a, source, { resourceTypes: EVERY_TYPE });
  return { a, b, source };
}

/** The target exported whole and compared with the source snapshot. */
async function exportedBack(target: GenesysSimulator, source: string) {
  const restored = tempDir();
  await exportOnce(target, restored, { resourceTypes: EVERY_TYPE });
  return roundTrip(source, restored, EVERY_TYPE);
}

/** A second apply: nothing created, updated or failed, and no write reaches the org. */
async function expectNothingToDo(target: GenesysSimulator, args: string[]): Promise<void> {
  const before = writes(target).length;
  const again = await importInto(target, args, '--apply');
  expect(again.out.split('\n').filter((l) => /^(created|updated|failed)/.test(l))).toEqual([]);
  expect(writes(target).length).toBe(before);
}

/** Changes made to an org (an export job reads flow definitions: not a change). */
const writes = (sim: GenesysSimulator) =>
  apiWrites(sim).filter((e) => e.endpoint !== 'POST /api/v2/flows/export/jobs');

describe('import run: the round trip of every importable type', () => {
  it('restores the small org into an empty one: the export of the target is the source, through names', async () => {
    const a = await startSimulator();
    stripExportOnlyReferences(a);
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const source = tempDir();
    await exportOnce(a, source, { resourceTypes: TYPES });

    const applied = await importInto(b, ['--inputDir', source], '--apply');
    // Exit 3: the source's system flow differs from the target's own, which import does not change.
    expect(applied.code).toBe(3);
    expect(applied.out.split('\n').filter((l) => /^(blocked|failed)/.test(l))).toEqual([
      expect.stringMatching(
        /^blocked: routing:flow\/\S+ \(Default In-Queue Flow\): a system flow .* import neither creates nor changes it$/,
      ),
    ]);
    expect(writes(b).filter((e) => e.status >= 400)).toEqual([]);

    const restored = tempDir();
    await exportOnce(b, restored, { resourceTypes: TYPES });
    const trip = roundTrip(source, restored, TYPES);
    expect(trip.differ).toEqual([]);
    expect(new Set(trip.compared.map((k) => k.slice(0, k.indexOf('/'))))).toEqual(new Set(TYPES));
    expect(trip.byDesign).toEqual({ ...NOTHING_BY_DESIGN, published: 1, system: 1, rows: 2 });

    // Queues kept what import covers: flows, prompts, groups and members.
    const queues = b.org.queues as Models.Queue[];
    expect(queues.some((q) => q.queueFlow?.name === 'Default In-Queue Flow')).toBe(true);
    expect(queues.some((q) => q.whisperPrompt)).toBe(true);
    expect(queues.some((q) => q.memberGroups?.some((g) => g.type === 'GROUP'))).toBe(true);
    expect(queues.some((q) => (b.org.queueMembers.get(String(q.id)) ?? []).length > 0)).toBe(true);

    await expectNothingToDo(b, ['--inputDir', source]);
  });

  it('every importable type on the small org: the same through names, credentials supplied by --secretsFile', async () => {
    const { a, b, source } = await everyTypeExported();
    const secrets = secretsFromSource(a, source, join(tempDir(), 'secrets.json'));
    expect(secrets.values.length).toBeGreaterThan(0);

    const applied = await importInto(b, ['--inputDir', source], '--apply', '--secretsFile', secrets.file);
    expect(applied.code).toBe(3);
    expect(
      applied.out
        .split('\n')
        .filter((l) => /^(blocked|failed)/.test(l))
        .map((l) => l.replace(/\/\S+ /, ' '))
        .sort(),
    ).toEqual([
      'blocked: authorization:rolegrant (cx-export): the grants of a PC_OAUTH_CLIENT subject: import writes those of users and groups only',
      'blocked: outbound:settings (settings): the target org has no outbound settings to change (the API never creates them: they come with outbound)',
      'blocked: outbound:wrapupcodemappings (wrapupcodemappings): the target org has no outbound wrap-up code mappings to change (the API never creates them: they come with outbound)',
      'blocked: quality:evaluationform (Email Quality Form): a form never published: its questions are not in the snapshot (only published versions are read in full)',
      "blocked: routing:flow (Default In-Queue Flow): a system flow (the platform's own INQUEUECALL flow): import neither creates nor changes it",
    ]);
    expect(writes(b).filter((e) => e.status >= 400)).toEqual([]);
    for (const v of secrets.values) expect(applied.out + applied.err).not.toContain(v);

    const trip = await exportedBack(b, source);
    expect(trip.differ).toEqual([]);
    expect(new Set(trip.compared.map((k) => k.slice(0, k.indexOf('/'))))).toEqual(new Set(EVERY_TYPE));
    expect(trip.compared.length).toBe(269);
    expect(trip.byDesign).toEqual({
      ...NOTHING_BY_DESIGN,
      published: 1,
      system: 1,
      rows: 2,
      clientGrants: 1,
      outboundSingletons: 2,
      draftForms: 1,
      edgeTrunks: 1,
    });

    await expectNothingToDo(b, ['--inputDir', source, '--secretsFile', secrets.file]);
  });

  it('every importable type without --secretsFile: only what holds a redacted credential, or refers to it, is missing', async () => {
    const { b, source } = await everyTypeExported();

    const applied = await importInto(b, ['--inputDir', source], '--apply');
    expect(applied.code).toBe(3);
    const needs = applied.out.split('\n').filter((l) => /^blocked: .*: needs a value for /.test(l));
    expect(new Set(needs.map((l) => l.slice('blocked: '.length, l.indexOf('/'))))).toEqual(
      new Set([
        'integration:integration',
        'integration:action',
        'telephony:trunkbasesettings',
        'outbound:dnclist',
      ]),
    );

    const trip = await exportedBack(b, source);
    expect(trip.differ).toEqual([]);
    // 16 hold a credential; 45 more refer to them (flows, queues, IVRs, sites, phones...), all counted.
    expect(needs).toHaveLength(16);
    expect(trip.byDesign).toEqual({
      ...NOTHING_BY_DESIGN,
      published: 1,
      system: 1,
      rows: 2,
      clientGrants: 1,
      outboundSingletons: 2,
      draftForms: 1,
      credentials: 61,
    });
  });
});
