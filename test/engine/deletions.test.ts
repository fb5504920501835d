/**
 * The deletion rule: a resource is removed when a complete listing of its type shows it gone from the
 * org, whatever happened to other types; a resource that still exists but is no longer selected is removed
 * only by a complete run. The same rule holds in the folder and in Git.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOG } from '../../lambdas/engine/catalog/index.ts';
import { commitLocal } from '../../lambdas/engine/git/publish.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import {
  cleanup,
  everyPermissionExcept,
  exportOnce,
  readManifest,
  snapshotFiles,
  startSimulator,
  tempDir,
} from '../helpers.ts';

afterEach(cleanup);

const author = { name: 'cx-export test', email: 'test@example.com' };
const noTelephony = {
  clientId: 'c',
  clientSecret: 's',
  permissions: everyPermissionExcept('telephony:plugin:all'),
};

async function orgWithoutTelephony() {
  const sim = await startSimulator({ clients: [{ ...noTelephony }] });
  const dir = tempDir();
  // A skill nothing references, so that deleting it leaves no dangling reference.
  const added = sim.addResource('skills');
  return { sim, dir, added };
}

describe('Deletions', () => {
  it('records a deletion even when another type is always denied, and says which types could not remove', async () => {
    const { sim, dir, added } = await orgWithoutTelephony();
    sim.setPermissions('c', ['*']);
    await exportOnce(sim, dir, {}, noTelephony);
    const telephonyBefore = [...snapshotFiles(dir)].filter(([k]) => k.startsWith('telephony/'));
    const path = join(dir, 'routing', 'skill', `${added.id}.json`);
    expect(existsSync(path)).toBe(true);
    const telephony = () => [...snapshotFiles(dir)].filter(([k]) => k.startsWith('telephony/'));
    sim.setPermissions('c', everyPermissionExcept('telephony:plugin:all'));
    sim.removeResource('skills', added.id);
    const { result } = await exportOnce(sim, dir, {}, noTelephony);
    expect(result.complete).toBe(false);
    // The denied types keep every file they had.
    expect(telephony()).toEqual(telephonyBefore);
    expect(telephonyBefore.length).toBeGreaterThan(0);
    expect(existsSync(path)).toBe(false);
    expect(result.changes).toContainEqual({
      type: 'routing:skill',
      id: added.id,
      name: added.name,
      change: 'removed',
    });
    const m = readManifest(dir);
    expect(m.resources.some((r) => r.id === added.id)).toBe(false);
    expect(m.types['routing:skill']?.listedCompletely).toBe(true);
    // Every type that needs the denied permission, and only those.
    expect(m.removalsNotRecorded.map((r) => r.type)).toEqual(
      CATALOG.filter((t) => t.permissions.includes('telephony:plugin:all'))
        .map((t) => t.name)
        .sort(),
    );
    expect(m.removalsNotRecorded.map((r) => r.type)).toContain('telephony:trunk');
    expect(m.removalsNotRecorded[0]?.reason).toMatch(/telephony:plugin:all/);
  });

  it('keeps a resource that still exists but is no longer selected until a complete run', async () => {
    const { sim, dir } = await orgWithoutTelephony();
    await exportOnce(sim, dir, {}, noTelephony);
    // An active user nothing but its own role grants references becomes inactive, and loses its grants:
    // it exists, but is no longer selected.
    const m1 = readManifest(dir);
    const referenced = new Set(
      m1.resources.filter((r) => r.type !== 'authorization:rolegrant').flatMap((r) => r.dependsOn),
    );
    const user = sim.org.users.find((u) => u.state === 'active' && !referenced.has(`admin:user/${u.id}`));
    expect(user).toBeDefined();
    (user as { state: string }).state = 'inactive';
    for (const [role, held] of sim.org.roleGrants)
      sim.org.roleGrants.set(
        role,
        held.filter((g) => g.id !== user?.id),
      );
    const path = join(dir, 'admin', 'user', `${user?.id}.json`);
    const partial = await exportOnce(sim, dir, {}, noTelephony);
    expect(partial.result.complete).toBe(false);
    expect(existsSync(path)).toBe(true);
    expect(readManifest(dir).resources.find((r) => r.id === user?.id)?.carriedOver).toBe(true);
    sim.setPermissions('c', ['*']);
    const complete = await exportOnce(sim, dir, {}, noTelephony);
    expect(complete.result.complete).toBe(true);
    expect(existsSync(path)).toBe(false);
  });

  it('a --resourceIds run into a full snapshot removes nothing that still exists', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    await exportOnce(sim, dir);
    const before = snapshotFiles(dir);
    const queue = sim.org.queues[1];
    const { result } = await exportOnce(sim, dir, { resourceIds: [String(queue?.id)] });
    expect(result.changes.filter((c) => c.change === 'removed')).toEqual([]);
    expect([...snapshotFiles(dir).keys()]).toEqual([...before.keys()]);
  });

  it('Git follows the same rule: a partial run commits the removal and keeps the denied types', async () => {
    const { sim, dir, added } = await orgWithoutTelephony();
    sim.setPermissions('c', ['*']);
    await exportOnce(sim, dir, {}, noTelephony);
    const store = new LocalStore(dir);
    await commitLocal(store, 'main', author);
    const tracked = () => execFileSync('git', ['-C', dir, 'ls-files'], { encoding: 'utf8' }).split('\n');
    const trunkFiles = tracked().filter((f) => f.startsWith('telephony/trunk/'));
    expect(trunkFiles.length).toBeGreaterThan(0);
    expect(tracked()).toContain(`routing/skill/${added.id}.json`);
    sim.removeResource('skills', added.id);
    sim.setPermissions('c', everyPermissionExcept('telephony:plugin:all'));
    await exportOnce(sim, dir, {}, noTelephony);
    const second = await commitLocal(store, 'main', author);
    expect(second.commit).toBeDefined();
    expect(tracked()).not.toContain(`routing/skill/${added.id}.json`);
    expect(tracked().filter((f) => f.startsWith('telephony/trunk/'))).toEqual(trunkFiles);
  });
});
