/**
 * `export runs`, `show`, `diff` and `status <run-id>` on a local run archive, the one `npm run demo` and
 * the local workflow write (./export-archive): found by default when it exists and no stack or bucket is
 * named, or given with --archiveDir. No AWS client is touched.
 */

import * as fs from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../lambdas/cli/aws.ts';
import { runCli } from '../../lambdas/cli/main.ts';
import { localTarget } from '../../lambdas/engine/git/target.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { localDeps } from '../../lambdas/local/deps.ts';
import { runWorkflowLocally } from '../../lambdas/local/workflow.ts';
import { DEFAULT_CLIENT } from '../../lambdas/simulator/server.ts';
import { captureStream, cleanup, startSimulator, tempDir } from '../helpers.ts';

/** AWS clients that must not be used: every access is recorded and fails as a machine without AWS does. */
function noAws(): AwsClients & { touched: string[] } {
  const touched: string[] = [];
  const fail = (name: string) => {
    touched.push(name);
    throw new Error('Region is missing');
  };
  return {
    touched,
    get sfn() {
      return fail('sfn');
    },
    get s3() {
      return fail('s3');
    },
    get cloudformation() {
      return fail('cloudformation');
    },
  } as AwsClients & { touched: string[] };
}

async function cli(args: string[], cwd: string, aws = noAws()) {
  const stdout = captureStream();
  const stderr = captureStream();
  const { code } = await runCli(args, { cwd, env: {}, stdout, stderr, aws });
  return { code, out: stdout.text(), err: stderr.text(), aws };
}

/** Two runs of the local workflow, as `npm run demo` makes them: ./export-output and ./export-archive. */
let project: string;
let runs: { first: string; second: string; addedSkill: { id: string; name: string }; commitBody: string };

beforeAll(async () => {
  const sim = await startSimulator();
  project = tempDir('cx-local-history-');
  const output = join(project, 'export-output');
  const deps = localDeps({
    apiBaseUrl: sim.url,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    clock: sim.clock,
    snapshot: new LocalStore(output),
    archive: new LocalStore(join(project, 'export-archive')),
    gitTarget: async () => localTarget('main'),
  });
  try {
    const input = { options: { organizationId: sim.org.organization.id }, trigger: 'manual' as const };
    const first = (await runWorkflowLocally(deps, input)) as { runId: string };
    const added = sim.addResource('skills');
    (sim.org.queues[0] as { name: string }).name = 'Billing Escalations';
    const second = (await runWorkflowLocally(deps, input)) as { runId: string };
    const [head] = await git.log({ fs, dir: output, depth: 1 });
    runs = {
      first: first.runId,
      second: second.runId,
      addedSkill: { id: String(added.id), name: String(added.name) },
      commitBody: head?.commit.message ?? '',
    };
  } finally {
    await deps.client.close();
  }
}, 120_000);
// The archive is shared by the tests of this file; the simulator and folders go at the end.
afterAll(cleanup);

describe.sequential('CLI: history commands on a local run archive', () => {
  it('export runs: ./export-archive by default, newest first, no AWS', async () => {
    const r = await cli(['export', 'runs'], project);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe(`Run archive: ${join(project, 'export-archive')} (local folder)\n`);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^RUN\s+FINISHED\s+TRIGGER\s+OUTCOME\s+RESOURCES\s+CHANGES\s+COMMIT$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      new RegExp(`^${runs.second}\\s.*\\smanual\\s+complete\\s+\\d+\\s+\\+1 ~1 -0\\s+[0-9a-f]{12}$`),
    );
    expect(lines[2]).toMatch(
      new RegExp(`^${runs.first}\\s.*\\smanual\\s+complete\\s+\\d+\\s+\\+\\d+ ~0 -0\\s+[0-9a-f]{12}$`),
    );
    expect(r.aws.touched).toEqual([]);

    const json = await cli(['export', 'runs', '--json', '--limit', '1'], project);
    expect(JSON.parse(json.out).map((x: { runId: string }) => x.runId)).toEqual([runs.second]);
  });

  it('export show: a run manifest, and one archived resource', async () => {
    const m = await cli(['export', 'show', runs.second], project);
    expect(m.code).toBe(0);
    expect(JSON.parse(m.out).resources.some((x: { id: string }) => x.id === runs.addedSkill.id)).toBe(true);
    const skill = await cli(['export', 'show', runs.second, `routing:skill/${runs.addedSkill.id}`], project);
    expect(skill.code).toBe(0);
    expect(JSON.parse(skill.out).name).toBe(runs.addedSkill.name);
    const missing = await cli(['export', 'show', runs.first, `routing:skill/${runs.addedSkill.id}`], project);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(
      `genesyscloud: error: run ${runs.first} has no resource routing:skill/${runs.addedSkill.id}`,
    );
    expect(m.aws.touched).toEqual([]);
  });

  it('export diff: what changed since the run before, with names, as the Git commit says', async () => {
    const r = await cli(['export', 'diff', runs.second], project);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe(`${runs.first} -> ${runs.second}: 1 added, 1 changed, 0 removed`);
    expect(lines).toContain(`routing:skill: 1 added (${runs.addedSkill.name})`);
    expect(lines).toContain('routing:queue: 1 changed (Billing Escalations)');
    for (const line of lines.slice(1)) expect(runs.commitBody).toContain(line);
    const explicit = await cli(['export', 'diff', runs.second, runs.first], project);
    expect(explicit.out).toBe(r.out);
  });

  it('export status <run-id>: the archived run record', async () => {
    const r = await cli(['export', 'status', runs.first], project);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ runId: runs.first, outcome: 'complete' });
  });

  it('--archiveDir from anywhere, without the default-folder note', async () => {
    const elsewhere = tempDir();
    const r = await cli(['export', 'runs', '--archiveDir', join(project, 'export-archive')], elsewhere);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain(runs.second);
    const rel = await cli(['export', 'diff', runs.second, '--archiveDir', 'export-archive'], project);
    expect(rel.out.split('\n')[0]).toBe(`${runs.first} -> ${runs.second}: 1 added, 1 changed, 0 removed`);
    expect(rel.err).toBe('');
  });

  it('an empty archive folder says so', async () => {
    const empty = tempDir();
    mkdirSync(join(empty, 'export-archive'));
    const r = await cli(['export', 'runs'], empty);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toContain(`No runs archived in ${join(empty, 'export-archive')}\n`);
  });

  it('errors are one line: a missing --archiveDir, --archiveDir with --bucket, no archive and no AWS region', async () => {
    const missing = await cli(['export', 'runs', '--archiveDir', 'nowhere'], project);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('genesyscloud: error: --archiveDir nowhere is not a folder\n');
    const both = await cli(
      ['export', 'show', runs.first, '--archiveDir', 'export-archive', '--bucket', 'b'],
      project,
    );
    expect(both.code).toBe(2);
    expect(both.err).toBe('genesyscloud: error: --archiveDir cannot be used with --bucket or --stack\n');
    // No ./export-archive and nothing named: the deployed stack's bucket, which needs AWS.
    const none = await cli(['export', 'runs'], tempDir());
    expect(none.code).toBe(1);
    expect(none.err).toBe(
      'genesyscloud: error: no AWS region set (AWS_REGION or AWS_PROFILE); for a local run archive use --archiveDir <folder> (default ./export-archive when it exists)\n',
    );
    expect(none.aws.touched).toEqual(['cloudformation']);
    // Naming a bucket skips the local folder even where it exists.
    const bucket = await cli(['export', 'runs', '--bucket', 'archive'], project);
    expect(bucket.aws.touched).toEqual(['s3']);
  });
});
