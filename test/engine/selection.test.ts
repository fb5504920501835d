/**
 * Selection that does what it says: unknown --resourceIds are named and make the run partial;
 * followReferences=false exports only the selected types; name filters hold for referenced resources
 * too; and none of these narrower runs removes what still exists.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, exportOnce, readManifest, snapshotFiles, startSimulator, tempDir } from '../helpers.ts';

afterEach(cleanup);

describe('Selection', () => {
  it('names each --resourceIds ID that does not exist, in a warning and the manifest, and is partial', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    const queue = sim.org.queues[1];
    const missing = '00000000-0000-4000-8000-00000000dead';
    const { result, events } = await exportOnce(sim, dir, { resourceIds: [String(queue?.id), missing] });
    expect(result.complete).toBe(false);
    expect(result.notFound).toEqual([missing]);
    expect(readManifest(dir).notFound).toEqual([missing]);
    expect(events).toContainEqual({
      kind: 'warning',
      message: `--resourceIds: ${missing} was not found in any type`,
    });
    expect(readManifest(dir).resources.some((r) => r.id === queue?.id)).toBe(true);
  });

  it('says how many resources of each type came in only by reference', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    const { result } = await exportOnce(sim, dir, { resourceTypes: ['routing:queue'] });
    expect(result.byReference['routing:queue']).toBeUndefined();
    expect(result.byReference['admin:user']).toBeGreaterThan(0);
    expect(result.byReference['routing:flow']).toBeGreaterThan(0);
    const m = readManifest(dir);
    for (const [type, n] of Object.entries(result.byReference)) expect(m.types[type]?.byReference).toBe(n);
    expect(m.types['routing:queue']?.byReference).toBe(0);
  });

  it('--followReferences=false exports only the selected types and lists the rest as not followed', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    const { result } = await exportOnce(sim, dir, {
      resourceTypes: ['routing:queue'],
      followReferences: false,
    });
    const m = readManifest(dir);
    expect(Object.keys(m.types)).toEqual(['routing:queue']);
    expect(m.types['routing:queue']?.count).toBe(sim.org.queues.length);
    expect(m.unresolvedReferences.length).toBeGreaterThan(0);
    expect(
      m.unresolvedReferences
        .filter((u) => !u.to.startsWith('routing:queue/') && !u.reason.includes('not exported by cx-export'))
        .every((u) => u.reason === 'not followed (--followReferences=false)'),
    ).toBe(true);
    expect(result.complete).toBe(true);
    expect(result.byReference).toEqual({});
  });

  it('--include and --exclude hold for selected and referenced resources alike', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    const { result } = await exportOnce(sim, dir, {
      resourceTypes: ['routing:queue'],
      include: [{ type: 'routing:queue', pattern: '^(Sales|Billing)$' }],
      exclude: [{ type: 'admin:user', pattern: 'Garcia$' }],
    });
    const m = readManifest(dir);
    const queues = m.resources
      .filter((r) => r.type === 'routing:queue')
      .map((r) => r.name)
      .sort();
    expect(queues).toEqual(['Billing', 'Sales']);
    const users = m.resources.filter((r) => r.type === 'admin:user');
    expect(users.length).toBeGreaterThan(0);
    expect(users.some((u) => u.name.endsWith('Garcia'))).toBe(false);
    const garcia = sim.org.users.find((u) => u.name?.endsWith('Garcia'));
    const filtered = m.unresolvedReferences.filter(
      (u) => u.reason === 'left out by a name filter (--include/--exclude)',
    );
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((u) => u.to.startsWith('admin:user/') || u.to.startsWith('routing:queue/'))).toBe(
      true,
    );
    expect(garcia).toBeDefined();
    expect(result.complete).toBe(true);
  });

  it('narrower runs into a full snapshot remove nothing that still exists', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const before = [...snapshotFiles(dir).keys()];
    await exportOnce(sim, dir, { include: [{ type: 'routing:queue', pattern: '^Sales$' }] });
    expect([...snapshotFiles(dir).keys()]).toEqual(before);
    await exportOnce(sim, dir, { resourceTypes: ['routing:queue'], followReferences: false });
    expect([...snapshotFiles(dir).keys()]).toEqual(before);
  });
});
