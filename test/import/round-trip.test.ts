/**
 * Issue 18's round trip for every importable type: the small org (without only what refers to export-only
 * types: its queues keep their flows, prompts, groups, teams and members) exported, imported into an empty
 * org with --apply, that org exported: the two snapshots are the same through names, apart from what the
 * platform assigns and what import leaves out by design, each counted.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { afterEach, describe, expect, it } from 'vitest';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { cleanup, exportOnce, startSimulator, tempDir } from '../helpers.ts';
import { writes as apiWrites, importInto, ROUND_TRIP_TYPES, stripExportOnlyReferences } from './fixtures.ts';
import { roundTrip } from './round-trip.ts';

afterEach(cleanup);

const TYPES = [...ROUND_TRIP_TYPES].sort();
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
    expect(trip.byDesign).toEqual({ published: 1, system: 1, rows: 2, deleted: 0, goneReferences: 0 });

    // Queues kept what import covers: flows, prompts, groups and members.
    const queues = b.org.queues as Models.Queue[];
    expect(queues.some((q) => q.queueFlow?.name === 'Default In-Queue Flow')).toBe(true);
    expect(queues.some((q) => q.whisperPrompt)).toBe(true);
    expect(queues.some((q) => q.memberGroups?.some((g) => g.type === 'GROUP'))).toBe(true);
    expect(queues.some((q) => (b.org.queueMembers.get(String(q.id)) ?? []).length > 0)).toBe(true);

    const before = writes(b).length;
    const again = await importInto(b, ['--inputDir', source], '--apply');
    expect(again.out.split('\n').filter((l) => /^(created|updated|failed)/.test(l))).toEqual([]);
    expect(writes(b).length).toBe(before);
  });
});
