/**
 * The snapshot in a user's own Git workflow (the export guide's: the project is the repository,
 * `./export-output` a folder in it): an unchanged org leaves the reviewed tree unchanged, and
 * `--gitCommit` commits into the enclosing repository, touching only the folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../lambdas/cli/main.ts';
import { createClock } from '../../lambdas/engine/clock.ts';
import { DEFAULT_CLIENT, type GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { captureStream, cleanup, startSimulator, TEST_TIME_SCALE, tempDir } from '../helpers.ts';

afterEach(cleanup);

const envFor = (sim: GenesysSimulator) => ({
  GENESYS_CLOUD_BASE_URL: sim.url,
  GENESYS_CLOUD_OAUTH_CLIENT_ID: DEFAULT_CLIENT.clientId,
  GENESYS_CLOUD_OAUTH_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
});

async function exportRun(sim: GenesysSimulator, cwd: string, ...extra: string[]) {
  const stdout = captureStream();
  const stderr = captureStream();
  const args = [
    'export',
    'run',
    '--organizationId',
    String(sim.org.organization.id),
    '--outputDir',
    './export-output',
    ...extra,
  ];
  const { code } = await runCli(args, {
    cwd,
    env: envFor(sim),
    stdout,
    stderr,
    clock: createClock(TEST_TIME_SCALE),
  });
  return { code, out: stdout.text(), err: stderr.text() };
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

function project(): string {
  const cwd = tempDir();
  git(cwd, 'init', '-q', '-b', 'main');
  git(cwd, 'config', 'user.email', 'admin@example.com');
  git(cwd, 'config', 'user.name', 'Admin');
  writeFileSync(join(cwd, 'README.md'), '# our contact center\n');
  git(cwd, 'add', 'README.md');
  git(cwd, 'commit', '-q', '-m', 'project');
  return cwd;
}

describe('Snapshot in a Git workflow', () => {
  it('an unchanged org leaves the reviewed tree byte-identical: run stamps are kept apart and ignored', async () => {
    const sim = await startSimulator();
    const cwd = project();
    expect((await exportRun(sim, cwd)).code).toBe(0);
    git(cwd, 'add', 'export-output');
    git(cwd, 'commit', '-q', '-m', 'first snapshot');
    sim.advanceVolatileState();
    expect((await exportRun(sim, cwd)).code).toBe(0);
    git(cwd, 'add', 'export-output');
    // Nothing to review: no timestamp-only diff, and the stamps file is not even a candidate.
    expect(git(cwd, 'status', '--porcelain')).toBe('');
    const stamp = JSON.parse(readFileSync(join(cwd, 'export-output', '.genesys', 'last-run.json'), 'utf8'));
    expect(stamp).toMatchObject({ schemaVersion: 1, complete: true });
    expect(git(cwd, 'check-ignore', 'export-output/.genesys/last-run.json').trim()).toBe(
      'export-output/.genesys/last-run.json',
    );
    const manifest = JSON.parse(
      readFileSync(join(cwd, 'export-output', '.genesys', 'export-manifest.json'), 'utf8'),
    );
    expect(manifest).not.toHaveProperty('runId');
    expect(manifest).not.toHaveProperty('exportTime');
  });

  it('--gitCommit inside a repository commits there, touching only the output folder, and says so', async () => {
    const sim = await startSimulator();
    const cwd = project();
    // The user has work of their own staged: it stays staged and out of the export's commit.
    writeFileSync(join(cwd, 'notes.txt'), 'draft\n');
    git(cwd, 'add', 'notes.txt');
    const first = await exportRun(sim, cwd, '--gitCommit');
    expect(first.code).toBe(0);
    const head = git(cwd, 'rev-parse', 'HEAD').trim();
    expect(first.out).toContain(
      `Git commit: ${head} in the repository at ${cwd} (only export-output/ touched)`,
    );
    // No nested repository, no gitlink: real files under export-output/ in the project's own history.
    expect(() => git(join(cwd, 'export-output'), 'rev-parse', '--show-toplevel').trim()).not.toThrow();
    expect(git(join(cwd, 'export-output'), 'rev-parse', '--show-toplevel').trim()).toBe(cwd);
    const files = git(cwd, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n');
    expect(files.every((f) => f.startsWith('export-output/'))).toBe(true);
    expect(files).toContain('export-output/.genesys/export-manifest.json');
    expect(git(cwd, 'ls-tree', 'HEAD', 'export-output').split(/\s+/)[1]).toBe('tree');
    expect(git(cwd, 'log', '--format=%s', '-2').trim().split('\n')[1]).toBe('project');
    expect(git(cwd, 'status', '--porcelain').trim()).toBe('A  notes.txt');
    expect(git(cwd, 'show', 'HEAD:README.md')).toBe('# our contact center\n');

    // Again with nothing changed: no commit, a clean tree but for the user's own staged file.
    sim.advanceVolatileState();
    const second = await exportRun(sim, cwd, '--gitCommit');
    expect(second.out).toContain(`Git: no changes, no commit in the repository at ${cwd}`);
    expect(git(cwd, 'rev-parse', 'HEAD').trim()).toBe(head);
    expect(git(cwd, 'status', '--porcelain').trim()).toBe('A  notes.txt');
  });

  it('--gitCommit on a folder the enclosing repository ignores gives the folder its own repository', async () => {
    const sim = await startSimulator();
    const cwd = project();
    writeFileSync(join(cwd, '.gitignore'), 'export-output/\n');
    git(cwd, 'add', '.gitignore');
    git(cwd, 'commit', '-q', '-m', 'ignore the snapshot');
    const head = git(cwd, 'rev-parse', 'HEAD').trim();
    const run = await exportRun(sim, cwd, '--gitCommit');
    expect(run.code).toBe(0);
    expect(run.out).not.toContain('in the repository at');
    expect(git(cwd, 'rev-parse', 'HEAD').trim()).toBe(head);
    expect(git(cwd, 'status', '--porcelain')).toBe('');
    expect(git(join(cwd, 'export-output'), 'rev-parse', '--show-toplevel').trim()).toBe(
      join(cwd, 'export-output'),
    );
    expect(git(join(cwd, 'export-output'), 'status', '--porcelain')).toBe('');
  });

  it('--gitCommit outside any repository creates one in the output folder', async () => {
    const sim = await startSimulator();
    const cwd = tempDir();
    mkdirSync(join(cwd, 'export-output'));
    const run = await exportRun(sim, cwd, '--gitCommit');
    expect(run.code).toBe(0);
    expect(git(join(cwd, 'export-output'), 'rev-parse', '--show-toplevel').trim()).toBe(
      join(cwd, 'export-output'),
    );
    expect(git(join(cwd, 'export-output'), 'status', '--porcelain')).toBe('');
  });
});
