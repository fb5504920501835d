/** `genesyscloud export run --incremental`: what it prints, and Git showing it exactly as a full run. */
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, startSimulator, tempDir } from '../helpers.ts';
import { cli, envFor } from './harness.ts';

afterEach(cleanup);

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });

/** The commit message without the lines naming the run (its ID and time differ between folders). */
const message = (dir: string) =>
  git(dir, 'log', '-1', '--format=%B')
    .split('\n')
    .filter((l) => !/^(Run|Time): /.test(l))
    .join('\n');

describe('CLI: --incremental', () => {
  it('starts full, then keeps unchanged resources; Git shows the same tree and message as a full run', async () => {
    const sim = await startSimulator({ size: 'small', seed: 11 });
    const env = envFor(sim);
    const org = String(sim.org.organization.id);
    const incDir = tempDir();
    const fullDir = tempDir();
    const run = (dir: string, ...extra: string[]) =>
      cli(['export', 'run', '--organizationId', org, '--outputDir', dir, '--gitCommit', ...extra], env);
    const first = await run(incDir, '--incremental');
    expect(first.code).toBe(0);
    expect(first.out).toContain('Full run (no earlier snapshot with change stamps)');
    expect((await run(fullDir)).code).toBe(0);
    const flow = sim.org.flows.find((f) => f.active && !f.system);
    if (flow) flow.name = 'Main IVR (renamed)';
    const second = await run(incDir, '--incremental');
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/Incremental run from \S+: \d+ resource\(s\) kept without reading them again/);
    const full = await run(fullDir);
    expect(full.out).not.toContain('Incremental run');
    expect(git(incDir, 'rev-parse', 'HEAD^{tree}')).toBe(git(fullDir, 'rev-parse', 'HEAD^{tree}'));
    expect(message(incDir)).toBe(message(fullDir));
    expect(message(incDir)).toContain('routing:flow: 1 changed (Main IVR (renamed))');
    const forced = await run(incDir, '--incremental', '--full');
    expect(forced.out).toContain('Full run (--full)');
  }, 120_000);

  it('rejects a --fullEvery that is not a whole number from 1 to 1000', async () => {
    const r = await cli(['export', 'run', '--organizationId', 'x', '--incremental', '--fullEvery', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--fullEvery must be a whole number from 1 to 1000, got '0'/);
  });

  it('rejects a --fullAfterDays beyond the reach of the audit log', async () => {
    const r = await cli(['export', 'run', '--organizationId', 'x', '--incremental', '--fullAfterDays', '30']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--fullAfterDays must be a number of days above 0 and at most 13 .*got '30'/);
  });
});
