/**
 * Coverage of outbound attempt limits and contact list filters end to end: exported from the small org with
 * their references (a filter's contact list; a contact list's attempt limits; a campaign's filters) in
 * import order, the same on every run, selectable by name and Terraform alias.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectSelectable } from '../cli/harness.ts';
import { cleanup, exportOnce, readManifest, snapshotFiles, startSimulator, tempDir } from '../helpers.ts';

afterEach(cleanup);

const TYPES = ['outbound:attemptlimit', 'outbound:contactlistfilter'];
const ALIASES = ['genesyscloud_outbound_attempt_limit', 'genesyscloud_outbound_contactlistfilter'];

describe('Coverage: outbound attempt limits and contact list filters', () => {
  it('exports both types with their references, each after what it references', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    const { result } = await exportOnce(sim, dir);
    expect(result.complete).toBe(true);
    const m = readManifest(dir);
    expect(m.errors).toEqual([]);
    const o = sim.org;
    const ids = (type: string) =>
      m.resources
        .filter((r) => r.type === type)
        .map((r) => r.id)
        .sort();
    expect(ids('outbound:attemptlimit')).toEqual(o.attemptLimits.map((x) => x.id).sort());
    expect(ids('outbound:contactlistfilter')).toEqual(o.contactListFilters.map((x) => x.id).sort());
    const key = (type: string, id: unknown) => `${type}/${String(id)}`;
    const deps = (k: string) => m.resources.find((r) => key(r.type, r.id) === k)?.dependsOn ?? [];
    const importedBefore = (a: string, b: string) =>
      expect(m.importOrder.indexOf(a), `${a} before ${b}`).toBeLessThan(m.importOrder.indexOf(b));

    for (const f of o.contactListFilters) {
      const k = key('outbound:contactlistfilter', f.id);
      const list = key('outbound:contactlist', f.contactList?.id);
      expect(deps(k)).toEqual([list]);
      importedBefore(list, k);
    }
    const limited = o.contactLists.filter((l) => l.attemptLimits);
    expect(limited.length).toBeGreaterThan(0);
    for (const l of limited) {
      const k = key('outbound:contactlist', l.id);
      const limit = key('outbound:attemptlimit', l.attemptLimits?.id);
      expect(deps(k)).toContain(limit);
      importedBefore(limit, k);
    }
    const filtered = o.campaigns.filter((c) => c.contactListFilters?.length);
    expect(filtered.length).toBeGreaterThan(0);
    for (const c of filtered)
      for (const f of c.contactListFilters ?? []) {
        const k = key('outbound:campaign', c.id);
        const filter = key('outbound:contactlistfilter', f.id);
        expect(deps(k)).toContain(filter);
        importedBefore(filter, k);
      }

    const limit = o.attemptLimits[0];
    const file = JSON.parse(readFileSync(join(dir, `outbound/attemptlimit/${limit?.id}.json`), 'utf8'));
    expect(file.recallEntries).toEqual(limit?.recallEntries);
    expect(file).not.toHaveProperty('version');
  });

  it('writes the same files on every run', async () => {
    const sim = await startSimulator();
    const a = tempDir();
    const b = tempDir();
    await exportOnce(sim, a, { resourceTypes: TYPES });
    sim.advanceVolatileState();
    await exportOnce(sim, b, { resourceTypes: TYPES });
    const pick = (dir: string) =>
      new Map(
        [...snapshotFiles(dir)].filter(([p]) => /^outbound\/(attemptlimit|contactlistfilter)\//.test(p)),
      );
    expect(pick(a).size).toBe(sim.org.attemptLimits.length + sim.org.contactListFilters.length);
    expect(pick(b)).toEqual(pick(a));
  });

  it('--resourceTypes takes the names and the Terraform aliases', async () => {
    const sim = await startSimulator();
    await expectSelectable(sim, TYPES, [TYPES.join(','), ALIASES.join(',')]);
  });
});
