/**
 * `import run`'s flags against the simulator over HTTP: --secretsFile (values of redacted credentials that
 * reach the target org and nothing else), --prune (plans deletions, deletes only with --apply, never a
 * built-in object or what a partial snapshot left out), --resourceIds, --fromRun (the local run archive),
 * a Git checkout as --inputDir, and one-line errors for bad input.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { archiveRun } from '../../lambdas/engine/run-record.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { DEFAULT_CLIENT } from '../../lambdas/simulator/server.ts';
import { cli, envFor } from '../cli/harness.ts';
import {
  cleanup,
  everyPermissionExcept,
  exportOnce,
  readManifest,
  startSimulator,
  tempDir,
} from '../helpers.ts';
import { COVERED_TYPES, coveredOnlyOrg, everyFile, importInto, writes } from './fixtures.ts';

afterEach(cleanup);

const SECRET = 'Planted-Secret-7f3a9c41';

describe('import run --secretsFile', () => {
  it('blocks a resource whose credential is redacted, and with the file creates it with the value, which appears in no output, file or log line', async () => {
    const a = await coveredOnlyOrg();
    const q = a.org.queues[0] as NonNullable<(typeof a.org.queues)[0]>;
    q.description = 'Escalation runbook: https://wiki.example.com/runbook?token=SourceOrgToken-1111';
    const dir = tempDir();
    await exportOnce(a, dir, COVERED_TYPES);
    const queueFile = readManifest(dir).resources.find((r) => r.id === q.id)?.path as string;
    expect(JSON.parse(readFileSync(join(dir, queueFile), 'utf8')).description).toBe(
      'Escalation runbook: https://wiki.example.com/runbook?token=<redacted>',
    );
    const b = await startSimulator({ size: 'empty', seed: 2 });

    const plan = await importInto(b, ['--inputDir', dir]);
    expect(plan.code).toBe(3);
    expect(plan.out).toContain(
      `blocked: routing:queue/${q.id} (${q.name}): needs a value for description (redacted in the snapshot; --secretsFile supplies it)`,
    );

    const secrets = join(tempDir(), 'secrets.json');
    const withToken = `Escalation runbook: https://wiki.example.com/runbook?token=${SECRET}`;
    writeFileSync(
      secrets,
      JSON.stringify({
        [`routing:queue/${q.id}`]: { description: withToken },
        'routing:skill/not-in-the-snapshot': { 'properties.password.value': SECRET },
      }),
    );
    const applied = await importInto(
      b,
      ['--inputDir', dir],
      '--apply',
      '--verbose',
      '--secretsFile',
      secrets,
    );
    expect(applied.code, applied.out).toBe(0);
    expect(applied.out).toContain(
      `created: routing:queue/${q.id} (${q.name}); with --secretsFile values for description`,
    );
    expect(applied.out).toContain(
      '--secretsFile values no redacted field of this import asked for: routing:skill/not-in-the-snapshot properties.password.value',
    );
    expect(b.org.queues.find((x) => x.name === q.name)?.description).toBe(withToken);
    expect(applied.err).toMatch(/^POST \/api\/v2\/routing\/queues 200 /m);
    for (const text of [plan.out, plan.err, applied.out, applied.err]) expect(text).not.toContain(SECRET);
    const files = everyFile(dir);
    expect([...files.keys()].some((p) => p.endsWith('.report.json'))).toBe(true);
    expect([...files.keys()].some((p) => p.includes(join('.genesys', 'id-map')))).toBe(true);
    for (const [path, text] of files) expect(text, path).not.toContain(SECRET);

    // The target answers with the credential redacted, as the snapshot holds it: nothing to do.
    const before = writes(b).length;
    const again = await importInto(b, ['--inputDir', dir], '--apply', '--secretsFile', secrets);
    expect(again.code).toBe(0);
    expect(writes(b).length).toBe(before);
    expect(again.out).not.toContain(SECRET);
  });

  it('refuses a malformed, unreadable or mistyped secrets file in one line that names it and quotes no value', async () => {
    const a = await coveredOnlyOrg();
    const dir = tempDir();
    await exportOnce(a, dir, COVERED_TYPES);
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const folder = tempDir();
    const cases: Array<[string, string | undefined, RegExp]> = [
      ['broken.json', `{"routing:queue/q1": {"description": "${SECRET}"`, /is not valid JSON$/],
      ['missing.json', undefined, /cannot be read \(ENOENT\)$/],
      ['list.json', `["${SECRET}"]`, /must be an object of \{"<type>\/<id>": \{"<path>": "<value>"\}\}$/],
      ['key.json', `{"q1": {"description": "${SECRET}"}}`, /: 'q1' is not '<type>\/<id>'$/],
      [
        'number.json',
        '{"routing:queue/q1": {"description": 42}}',
        /: routing:queue\/q1 description must be a non-empty string$/,
      ],
    ];
    for (const [name, content, message] of cases) {
      const file = join(folder, name);
      if (content !== undefined) writeFileSync(file, content);
      const r = await importInto(b, ['--inputDir', dir], '--apply', '--secretsFile', file);
      expect(r.code, name).toBe(2);
      expect(r.err.split('\n').filter(Boolean), name).toHaveLength(1);
      expect(r.err, name).toMatch(new RegExp(`^genesyscloud: error: --secretsFile ${file}`));
      expect(r.err.trim(), name).toMatch(message);
      expect(r.err, name).not.toContain(SECRET);
    }
    expect(writes(b)).toEqual([]);
  });
});

describe('import run --prune', () => {
  it('deletes groups, locations and labels the snapshot lacks, never the System Default Label', async () => {
    const a = await startSimulator();
    const dir = tempDir();
    const types = ['admin:group', 'organization:location', 'routing:utilizationlabel'];
    await exportOnce(a, dir, { resourceTypes: types, followReferences: false });
    const b = await startSimulator({ size: 'empty', seed: 3 });
    const flags = ['--resourceTypes', types.join(','), '--ignoreMissingResources'];
    expect((await importInto(b, ['--inputDir', dir], '--apply', ...flags)).code).toBe(0);
    const extraGroup = b.addResource('groups');
    const extraLocation = b.addResource('locations');
    // Every real org has the platform's own label; a snapshot never holds it (import does not write it).
    b.org.utilizationLabels.push({ id: 'system-default-label', name: 'System Default Label' });
    const labelsBefore = b.org.utilizationLabels.map((l) => l.name);
    const before = writes(b).length;
    const applied = await importInto(b, ['--inputDir', dir], '--apply', '--prune', ...flags);
    expect(applied.code).toBe(0);
    expect(
      writes(b)
        .slice(before)
        .map((e) => `${e.endpoint} ${e.status}`)
        .sort(),
    ).toEqual(['DELETE /api/v2/groups/{groupId} 204', 'DELETE /api/v2/locations/{locationId} 204']);
    expect(b.org.groups.map((g) => g.id)).not.toContain(extraGroup.id);
    expect(b.org.locations.map((l) => l.id)).not.toContain(extraLocation.id);
    expect(b.org.utilizationLabels.map((l) => l.name)).toEqual(labelsBefore);
    expect(labelsBefore).toContain('System Default Label');
  });

  it('plans the deletion of what the snapshot lacks, deletes it only with --apply (queues before skills), then has nothing to do', async () => {
    const a = await coveredOnlyOrg();
    const dir = tempDir();
    await exportOnce(a, dir, COVERED_TYPES);
    const b = await startSimulator({ size: 'empty', seed: 2 });
    expect((await importInto(b, ['--inputDir', dir], '--apply')).code).toBe(0);
    const extraSkill = b.addResource('skills');
    const extraQueue = b.addResource('queues');
    const skillsBefore = b.org.skills.length;

    const noPrune = await importInto(b, ['--inputDir', dir]);
    expect(noPrune.code).toBe(0);
    expect(noPrune.out).not.toMatch(/delete/);

    const before = writes(b).length;
    const plan = await importInto(b, ['--inputDir', dir], '--prune');
    expect(plan.code).toBe(0);
    expect(writes(b).length).toBe(before);
    expect(plan.out).toMatch(/type +create +update +unchanged +blocked +delete/);
    expect(plan.out.split('\n').filter((l) => l.startsWith('delete'))).toEqual([
      `delete (--prune): routing:queue/${extraQueue.id} (${extraQueue.name}): not in the snapshot`,
      `delete (--prune): routing:skill/${extraSkill.id} (${extraSkill.name}): not in the snapshot`,
    ]);

    const applied = await importInto(b, ['--inputDir', dir], '--apply', '--prune');
    expect(applied.code).toBe(0);
    // The plan listing the deletions is printed before anything is changed, then the report.
    expect(applied.out.indexOf('delete (--prune)')).toBeGreaterThan(-1);
    expect(applied.out.indexOf('delete (--prune)')).toBeLessThan(applied.out.indexOf('Import applied'));
    expect(applied.out).toContain(
      `deleted (--prune): routing:skill/${extraSkill.id} (${extraSkill.name}): not in the snapshot`,
    );
    expect(
      writes(b)
        .slice(before)
        .map((e) => `${e.endpoint} ${e.status}`),
    ).toEqual(['DELETE /api/v2/routing/queues/{queueId} 204', 'DELETE /api/v2/routing/skills/{skillId} 204']);
    expect(b.org.skills).toHaveLength(skillsBefore - 1);
    expect(b.org.queues.map((x) => x.id)).not.toContain(extraQueue.id);

    const last = writes(b).length;
    const again = await importInto(b, ['--inputDir', dir], '--apply', '--prune');
    expect(again.code).toBe(0);
    expect(writes(b).length).toBe(last);
  });

  it('records a refused delete on its resource (exit 3); a rerun deletes what is left', async () => {
    const a = await coveredOnlyOrg();
    const dir = tempDir();
    await exportOnce(a, dir, COVERED_TYPES);
    const b = await startSimulator({ size: 'empty', seed: 2 });
    expect((await importInto(b, ['--inputDir', dir], '--apply')).code).toBe(0);
    const extraSkill = b.addResource('skills');
    const extraQueue = b.addResource('queues');
    b.setPermissions(
      DEFAULT_CLIENT.clientId,
      everyPermissionExcept('routing:skill:manage', 'routing:skill:delete'),
    );
    const first = await importInto(b, ['--inputDir', dir], '--apply', '--prune');
    expect(first.code).toBe(3);
    expect(first.out).toMatch(
      new RegExp(
        `^failed: delete routing:skill/${extraSkill.id} \\(${extraSkill.name}\\): .*403.*routing:skill:delete`,
        'm',
      ),
    );
    expect(b.org.queues.map((q) => q.id)).not.toContain(extraQueue.id);
    expect(b.org.skills.map((x) => x.id)).toContain(extraSkill.id);
    b.setPermissions(DEFAULT_CLIENT.clientId, ['*']);
    const rerun = await importInto(b, ['--inputDir', dir], '--apply', '--prune');
    expect(rerun.code).toBe(0);
    expect(rerun.out.split('\n').filter((l) => l.startsWith('deleted'))).toEqual([
      `deleted (--prune): routing:skill/${extraSkill.id} (${extraSkill.name}): not in the snapshot`,
    ]);
    expect(b.org.skills.map((x) => x.id)).not.toContain(extraSkill.id);
  });

  it('never deletes the Home division, nor what a snapshot of part of a type left out; refuses --prune with --resourceIds', async () => {
    const a = await coveredOnlyOrg();
    const dir = tempDir();
    await exportOnce(a, dir, COVERED_TYPES);
    // A snapshot whose Home division no longer says so, under another name: nothing in it is the target's Home.
    const m = readManifest(dir);
    const home = m.resources.find(
      (r) =>
        r.type === 'authorization:division' &&
        JSON.parse(readFileSync(join(dir, r.path), 'utf8')).homeDivision === true,
    );
    if (!home) throw new Error('fixture: no Home division');
    const body = JSON.parse(readFileSync(join(dir, home.path), 'utf8'));
    writeFileSync(
      join(dir, home.path),
      JSON.stringify({ ...body, homeDivision: false, name: 'Headquarters' }, null, 2),
    );
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const targetHome = b.org.divisions.find((d) => d.homeDivision === true);
    const plan = await importInto(b, ['--inputDir', dir], '--prune');
    expect(plan.code).toBe(0);
    expect(plan.out).toMatch(/authorization:division +\d+ +0 +0 +0 +0/);
    expect(plan.out).not.toContain(`authorization:division/${targetHome?.id}`);

    // Queues selected, skills only by reference: the skills the snapshot lacks are not its to delete.
    const partial = tempDir();
    await exportOnce(a, partial, { resourceTypes: ['routing:queue'] });
    expect(readManifest(partial).types['routing:skill']?.listedCompletely).toBe(false);
    const full = await importInto(b, ['--inputDir', tempCopy(dir)], '--apply');
    expect(full.code).toBe(0);
    const prunePartial = await importInto(b, ['--inputDir', partial], '--prune');
    expect(prunePartial.out).toContain(
      'not pruned: routing:skill: the snapshot does not hold every routing:skill (complete, not listed completely)',
    );
    expect(prunePartial.out).not.toMatch(/^delete/m);

    const withIds = await importInto(b, ['--inputDir', dir], '--prune', '--apply', '--resourceIds', 'x1');
    expect(withIds.code).toBe(2);
    expect(withIds.err).toBe(
      'genesyscloud: error: --prune cannot be used with --resourceIds: everything else of the selected types would be deleted\n',
    );
  });
});

function tempCopy(dir: string): string {
  const copy = tempDir();
  cpSync(dir, copy, { recursive: true });
  return copy;
}

describe('import run --resourceIds', () => {
  it('imports only the resources named, and refuses an ID the snapshot lacks in one line', async () => {
    const a = await coveredOnlyOrg();
    const dir = tempDir();
    await exportOnce(a, dir, COVERED_TYPES);
    // Skills of the Home division: the target has its counterpart (another division would block them).
    const home = a.org.divisions.find((d) => d.homeDivision === true);
    const [s1, s2] = a.org.skills.filter((s) => s.division?.id === home?.id);
    const code = a.org.wrapupCodes[0];
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const skillsBefore = b.org.skills.length;
    const r = await importInto(
      b,
      ['--inputDir', dir],
      '--apply',
      '--resourceIds',
      `${s1?.id}, ${s2?.id},${code?.id}`,
    );
    expect(r.code, r.out).toBe(0);
    expect(r.out.split('\n').filter((l) => /^(created|updated|blocked|failed)/.test(l))).toEqual(
      expect.arrayContaining([
        `created: routing:skill/${s1?.id} (${s1?.name})`,
        `created: routing:skill/${s2?.id} (${s2?.name})`,
        `created: organization:wrapupcode/${code?.id} (${code?.name})`,
      ]),
    );
    expect(r.out.split('\n').filter((l) => /^(created|updated|blocked|failed)/.test(l))).toHaveLength(3);
    expect(b.org.skills).toHaveLength(skillsBefore + 2);

    const unknown = await importInto(b, ['--inputDir', dir], '--resourceIds', `${s1?.id},nope-1`);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe(
      "genesyscloud: error: --resourceIds: nope-1 not among the snapshot's importable resources\n",
    );
    const bad = await importInto(b, ['--inputDir', dir], '--resourceIds', '../etc');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe("genesyscloud: error: --resourceIds: '../etc' is not a resource ID\n");
  });
});

describe('import run: where the snapshot comes from', () => {
  it('--fromRun reads a run of the local archive into a working folder that keeps the ID map; an unknown run is one line', async () => {
    const a = await coveredOnlyOrg();
    const project = tempDir();
    const output = join(project, 'export-output');
    await exportOnce(a, output, COVERED_TYPES);
    const runId = '20260301T020000Z-a1b2c3';
    await archiveRun(new LocalStore(join(project, 'export-archive')), new LocalStore(output), {
      schemaVersion: 1,
      runId,
      trigger: 'manual',
      startedAt: '2026-03-01T02:00:00Z',
      finishedAt: '2026-03-01T02:01:00Z',
      durationSeconds: 60,
      outcome: 'complete',
      counts: {},
    });
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const args = ['import', 'run', '--fromRun', runId, '--organizationId', String(b.org.organization.id)];
    const applied = await cli([...args, '--apply'], envFor(b), project);
    expect(applied.code, applied.err).toBe(0);
    const work = join(project, 'import-work', String(a.org.organization.id));
    expect(applied.err).toContain(
      `Run ${runId} from ${join(project, 'export-archive')} copied into ${work}\n`,
    );
    expect(applied.out).toMatch(/routing:queue +8 +0 +0 +0 +0/);
    expect(existsSync(join(work, '.genesys', 'id-map', `${b.org.organization.id}.json`))).toBe(true);

    // The same run again: the copy is replaced, the ID map kept, nothing to do.
    const before = writes(b).length;
    const again = await cli([...args, '--apply'], envFor(b), project);
    expect(again.code).toBe(0);
    expect(writes(b).length).toBe(before);

    // The ID map is kept in the archive too: another machine (a new working folder) matches through it.
    const archived = join(project, 'export-archive', 'import', 'id-map', `${b.org.organization.id}.json`);
    expect(readFileSync(archived, 'utf8')).toBe(
      readFileSync(join(work, '.genesys', 'id-map', `${b.org.organization.id}.json`), 'utf8'),
    );
    const elsewhere = await cli([...args, '--workDir', 'other-machine'], envFor(b), project);
    expect(elsewhere.code, elsewhere.err).toBe(0);
    expect(elsewhere.err).toContain(`ID map for ${b.org.organization.id} taken from `);
    const plan = JSON.parse(
      readFileSync(
        join(project, 'other-machine', '.genesys', 'import', `${b.org.organization.id}.plan.json`),
        'utf8',
      ),
    ) as { resources: Array<{ name: string; matchedBy?: string }> };
    expect(plan.resources.length).toBeGreaterThan(0);
    // All but the Home division, which every org has and which is matched as such, never created.
    expect(plan.resources.filter((r) => r.matchedBy !== 'id-map').map((r) => [r.name, r.matchedBy])).toEqual([
      ['Home', 'name'],
    ]);

    const unknown = await cli(
      ['import', 'run', '--fromRun', '20990101T000000Z-none', '--organizationId', 'x'],
      envFor(b),
      project,
    );
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe(
      `genesyscloud: error: --fromRun 20990101T000000Z-none: no such run in the archive ${join(project, 'export-archive')}\n`,
    );
    // A folder of the user's is never cleared to make room for the copy.
    const mine = join(project, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'keep me');
    const notACopy = await cli([...args, '--workDir', 'mine'], envFor(b), project);
    expect(notACopy.code).toBe(2);
    expect(notACopy.err).toBe(
      'genesyscloud: error: --workDir mine is neither empty nor a copy of an archived run\n',
    );
    expect(readFileSync(join(mine, 'notes.txt'), 'utf8')).toBe('keep me');
    const both = await cli(['import', 'run', '--fromRun', runId, '--inputDir', work], envFor(b), project);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/^genesyscloud: error: --inputDir .* or --fromRun .* is required, not both\n$/);
  });

  it('a Git checkout of a snapshot works as --inputDir', async () => {
    const a = await coveredOnlyOrg();
    const cwd = tempDir();
    const exported = await cli(
      [
        'export',
        'run',
        '--organizationId',
        String(a.org.organization.id),
        '--outputDir',
        'out',
        '--gitCommit',
        '--resourceTypes',
        COVERED_TYPES.resourceTypes.join(','),
      ],
      envFor(a),
      cwd,
    );
    expect(exported.code).toBe(0);
    const checkout = join(cwd, 'checkout');
    execFileSync('git', ['clone', '--quiet', join(cwd, 'out'), checkout]);
    expect(existsSync(join(checkout, '.git'))).toBe(true);
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const r = await importInto(b, ['--inputDir', checkout], '--apply');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/routing:queue +8 +0 +0 +0 +0/);
    expect(b.org.queues).toHaveLength(8);
  });
});
