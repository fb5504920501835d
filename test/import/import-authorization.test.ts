/**
 * `import run` for roles and role grants: the small org's custom roles and every user's and group's grants
 * restored into a new org (whose own default roles stand for the source's), exported back the same
 * (compared through names), a second apply with nothing to do, and a role renamed and a grant added in
 * org A that change exactly those in org B. An OAuth client's grants are reported, not imported.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Models } from 'purecloud-platform-client-v2';
import { afterEach, describe, expect, it } from 'vitest';
import type { Entity } from '../../lambdas/engine/catalog/types.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { cleanup, exportOnce, readManifest, startSimulator, tempDir } from '../helpers.ts';
import { importInto, writes } from './fixtures.ts';

afterEach(cleanup);

const AREA = { resourceTypes: ['authorization:role', 'authorization:rolegrant'] };
const COMPARED = new Set(['authorization:role', 'authorization:rolegrant']);

/** Each role and grant file by `type/name`, IDs replaced by `<type:name>` of what they are. */
function byName(dir: string): Map<string, unknown> {
  const m = readManifest(dir);
  // A grant file has its subject's ID: the subject's own type names it.
  const names = new Map<string, string>();
  for (const r of m.resources)
    if (r.type !== 'authorization:rolegrant') names.set(r.id, `<${r.type}:${r.name}>`);
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return names.get(v) ?? v;
    if (Array.isArray(v))
      return v.map(swap).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]));
    return v;
  };
  const out = new Map<string, unknown>();
  for (const r of m.resources.filter((x) => COMPARED.has(x.type))) {
    const file = JSON.parse(readFileSync(join(dir, r.path), 'utf8')) as Entity;
    out.set(`${r.type}/${r.type === 'authorization:rolegrant' ? `${file.type}:` : ''}${r.name}`, swap(file));
  }
  return out;
}

const OAUTH_GRANT = (sim: GenesysSimulator) =>
  [...sim.org.roleGrants.values()]
    .flat()
    .find((g) => g.type === 'PC_OAUTH_CLIENT') as Models.SubjectDivisionGrants;

const actions = (out: string) => out.split('\n').filter((l) => /^(create|update|blocked|failed)/.test(l));

describe('import run: roles and role grants', () => {
  it('restores the custom roles and every user and group grant into a new org; a second apply does nothing', async () => {
    const a = await startSimulator();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    await exportOnce(a, dir, AREA);
    const oauth = OAUTH_GRANT(a);

    const applied = await importInto(b, ['--inputDir', dir], '--apply');
    // The OAuth client's grants are the one thing not imported (exit 3: something was blocked), and the
    // reason is that, not its subject missing in the target (--ignoreMissingResources would not help).
    expect(applied.code).toBe(3);
    expect(actions(applied.out).filter((l) => l.startsWith('blocked'))).toEqual([
      `blocked: authorization:rolegrant/${oauth.id} (${oauth.name}): the grants of a PC_OAUTH_CLIENT subject: import writes those of users and groups only`,
    ]);
    expect(writes(b).filter((e) => e.status >= 400)).toEqual([]);
    // The default roles are the target's own: changed to the source's permissions, not created.
    expect(b.org.roles.filter((r) => r.default).map((r) => r.name)).toEqual(['admin', 'employee']);
    expect(b.org.roles.filter((r) => r.name === 'admin')).toHaveLength(1);

    const restored = tempDir();
    await exportOnce(b, restored, AREA);
    const want = byName(dir);
    want.delete(`authorization:rolegrant/PC_OAUTH_CLIENT:${oauth.name}`);
    expect([...want.keys()].filter((k) => k.startsWith('authorization:role/')).length).toBeGreaterThan(3);
    expect([...want.keys()].filter((k) => k.includes('PC_GROUP:')).length).toBeGreaterThan(0);
    expect(byName(restored)).toEqual(want);

    const before = writes(b).length;
    const again = await importInto(b, ['--inputDir', dir], '--apply');
    expect(actions(again.out).filter((l) => !l.startsWith('blocked'))).toEqual([]);
    expect(writes(b).length).toBe(before);
  });

  it('a role renamed and a grant added in org A change exactly those in org B', async () => {
    const a = await startSimulator();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    await exportOnce(a, dir, AREA);
    await importInto(b, ['--inputDir', dir], '--apply');

    const renamed = a.org.roles.find(
      (r) => !r.default && (a.org.roleGrants.get(String(r.id)) ?? []).length,
    ) as Models.DomainOrganizationRole;
    const oldName = String(renamed.name);
    renamed.name = `${oldName} EMEA`;
    // A subject already holding some role gets the renamed one in a division it does not hold it in.
    const held = new Set((a.org.roleGrants.get(String(renamed.id)) ?? []).map((g) => g.id));
    const holder = (
      a.org.roleGrants.get(String(a.org.roles.find((r) => r.name === 'employee')?.id)) ?? []
    ).find((g) => !held.has(g.id)) as Models.SubjectDivisionGrants;
    const division = a.org.divisions[1] as Models.AuthzDivision;
    a.org.roleGrants.get(String(renamed.id))?.push({
      id: holder.id,
      name: holder.name,
      type: holder.type,
      divisions: [{ id: division.id, name: division.name }],
    });
    await exportOnce(a, dir, AREA);

    const plan = await importInto(b, ['--inputDir', dir]);
    expect(actions(plan.out).filter((l) => !l.startsWith('blocked'))).toEqual([
      expect.stringMatching(
        new RegExp(`^update: authorization:role/${renamed.id} \\(${renamed.name}\\) -> [\\w-]+: name$`),
      ),
      expect.stringMatching(
        new RegExp(`^update: authorization:rolegrant/${holder.id} \\(${holder.name}\\) -> [\\w-]+: grants$`),
      ),
    ]);
    const before = writes(b).length;
    await importInto(b, ['--inputDir', dir], '--apply');
    expect(
      writes(b)
        .slice(before)
        .map((e) => e.endpoint),
    ).toEqual([
      'PUT /api/v2/authorization/roles/{roleId}',
      'POST /api/v2/authorization/subjects/{subjectId}/bulkadd',
    ]);
    const target = b.org.roles.find((r) => r.name === renamed.name) as Models.DomainOrganizationRole;
    expect(b.org.roles.map((r) => r.name)).not.toContain(oldName);
    const subject = (b.org.users.find((u) => u.name === holder.name) ??
      b.org.groups.find((g) => g.name === holder.name)) as { id: string };
    expect(
      b.org.roleGrants
        .get(String(target.id))
        ?.find((g) => g.id === subject.id)
        ?.divisions?.map((d) => d.name),
    ).toEqual([division.name]);
  });

  it('a grant taken away in org A is removed in org B (bulkremove), the subject keeping its other roles', async () => {
    const a = await startSimulator();
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const dir = tempDir();
    await exportOnce(a, dir, AREA);
    await importInto(b, ['--inputDir', dir], '--apply');
    const admin = String(a.org.roles.find((r) => r.name === 'admin')?.id);
    const grants = a.org.roleGrants.get(admin) ?? [];
    const demoted = grants.find((g) => g.type === 'PC_USER') as Models.SubjectDivisionGrants;
    a.org.roleGrants.set(
      admin,
      grants.filter((g) => g !== demoted),
    );
    await exportOnce(a, dir, AREA);
    const before = writes(b).length;
    await importInto(b, ['--inputDir', dir], '--apply');
    const sent = writes(b).slice(before);
    expect(sent.map((e) => e.endpoint)).toEqual([
      'POST /api/v2/authorization/subjects/{subjectId}/bulkremove',
    ]);
    const user = b.org.users.find((u) => u.name === demoted.name) as Models.User;
    const targetAdmin = String(b.org.roles.find((r) => r.name === 'admin')?.id);
    expect(b.org.roleGrants.get(targetAdmin)?.map((g) => g.id)).not.toContain(user.id);
    const employee = String(b.org.roles.find((r) => r.name === 'employee')?.id);
    expect(b.org.roleGrants.get(employee)?.map((g) => g.id)).toContain(user.id);
  });
});
