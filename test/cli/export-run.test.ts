/** `genesyscloud export run` as a user meets it: flags, .env, messages, exit codes. */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT } from '../../lambdas/simulator/server.ts';
import { cleanup, everyPermissionExcept, readManifest, startSimulator, tempDir } from '../helpers.ts';

import { cli, envFor } from './harness.ts';

afterEach(cleanup);

describe('CLI: usage errors are one line and exit 2', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown flag', ['export', 'run', '--organizationId', 'x', '--bogus'], /unknown option '--bogus'/],
    [
      'an unknown resource type',
      ['export', 'run', '--organizationId', 'x', '--resourceTypes=routing:queue,routing:nope'],
      /--resourceTypes: unknown resource type 'routing:nope'/,
    ],
    [
      'a bad boolean',
      ['export', 'run', '--organizationId', 'x', '--includeAllResources=maybe'],
      /--includeAllResources must be true or false, got 'maybe'/,
    ],
    [
      'a bad concurrency',
      ['export', 'run', '--organizationId', 'x', '--concurrency', '0'],
      /--concurrency must be a whole number from 1 to 64/,
    ],
    [
      'a bad format',
      ['export', 'run', '--organizationId', 'x', '--format=xml'],
      /--format must be json or yaml/,
    ],
    [
      'a resource ID with a path separator',
      ['export', 'run', '--organizationId', 'x', '--resourceIds', 'ok-id,../etc/passwd'],
      /--resourceIds: '..\/etc\/passwd' is not a resource ID/,
    ],
    ['a missing organization ID', ['export', 'run'], /--organizationId is required/],
    [
      'missing credentials',
      ['export', 'run', '--organizationId', 'x'],
      /GENESYS_CLOUD_OAUTH_CLIENT_ID \(or GENESYSCLOUD_OAUTHCLIENT_ID\) is not set/,
    ],
    [
      'a Git remote with credentials in it',
      ['export', 'run', '--organizationId', 'x', '--gitRemote', 'https://me:hunter2@git.example.com/r.git'],
      /--gitRemote must not contain credentials; put the token in GENESYS_EXPORT_GIT_TOKEN/,
    ],
    [
      'an ssh Git remote',
      ['export', 'run', '--organizationId', 'x', '--gitRemote', 'ssh://git@example.com/r.git'],
      /--gitRemote must be an https:\/\/ URL/,
    ],
    [
      'both Git modes',
      ['export', 'run', '--organizationId', 'x', '--gitCommit', '--gitRemote', 'https://example.com/r.git'],
      /--gitCommit and --gitRemote cannot be used together/,
    ],
    [
      'an unknown token style',
      [
        'export',
        'run',
        '--organizationId',
        'x',
        '--gitRemote',
        'https://example.com/r.git',
        '--gitTokenStyle',
        'svn',
      ],
      /--gitTokenStyle must be one of/,
    ],
  ];
  for (const [label, args, message] of cases) {
    it(`rejects ${label}`, async () => {
      const r = await cli(args, {});
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\n\s+at /);
    });
  }

  it('rejects a malformed .env naming the line', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.env'), 'GENESYS_CLOUD_OAUTH_CLIENT_ID=abc\nthis is not a variable\n');
    const r = await cli(['export', 'run', '--organizationId', 'x'], {}, cwd);
    expect(r.code).toBe(2);
    expect(r.err).toContain('.env line 2 is not KEY=value');
  });

  it('rejects an unknown region', async () => {
    const r = await cli(['export', 'run', '--organizationId', 'x'], {
      GENESYS_CLOUD_OAUTH_CLIENT_ID: 'a',
      GENESYS_CLOUD_OAUTH_CLIENT_SECRET: 'b',
      GENESYS_CLOUD_REGION: 'mars_1',
    });
    expect(r.code).toBe(2);
    expect(r.err).toContain("GENESYS_CLOUD_REGION 'mars_1' is not a Genesys Cloud region");
  });
});

describe('CLI: runs against the simulator', () => {
  it('exports with --flag=value and --flag value alike, reads .env, prints the summary, exits 0', async () => {
    const sim = await startSimulator();
    const cwd = tempDir();
    writeFileSync(
      join(cwd, '.env'),
      Object.entries(envFor(sim))
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
    const r = await cli(
      [
        'export',
        'run',
        `--organizationId=${sim.org.organization.id}`,
        '--outputDir',
        'out',
        '--resourceTypes',
        'routing:skill,routing:queue',
      ],
      {},
      cwd,
    );
    // Off a terminal, progress is plain lines on stderr; no warning.
    expect(r.err).toMatch(
      /^Listed 2 type\(s\) in (\d+h )?(\d+m )?\d+s: \d+ resources selected in \d+ batch\(es\)/,
    );
    expect(r.err).toMatch(/^routing:queue done: 8 of 8 exported/m);
    expect(r.err).not.toMatch(/warning|error/i);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Exported \d+ resources to .*out \(complete snapshot\)/);
    expect(r.out).toMatch(/routing:queue\s+8/);
    expect(r.out).toMatch(/API requests: \d+ \(retries 0, 429s 0\)/);
    expect(readManifest(join(cwd, 'out')).complete).toBe(true);
  });

  it('--verbose logs every API call and the skip warning; a skipped type exits 3', async () => {
    const sim = await startSimulator({
      clients: [{ ...DEFAULT_CLIENT, permissions: everyPermissionExcept('architect:flow:view') }],
    });
    const r = await cli(
      [
        'export',
        'run',
        '--organizationId',
        String(sim.org.organization.id),
        '--resourceTypes=routing:queue,routing:flow',
        '--verbose',
      ],
      envFor(sim),
    );
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^GET \/api\/v2\/routing\/queues 200 \d+ms$/m);
    expect(r.err).toContain(
      "warning: Resource type 'routing:flow' skipped: missing permission architect:flow:view",
    );
    expect(r.out).toContain('Skipped routing:flow: missing permission architect:flow:view');
    expect(r.out).toContain('PARTIAL');
  });

  it('--gitCommit commits into the output folder and the summary shows the commit, then "no changes"', async () => {
    const sim = await startSimulator();
    const cwd = tempDir();
    const args = [
      'export',
      'run',
      '--organizationId',
      String(sim.org.organization.id),
      '--outputDir',
      'out',
      '--gitCommit',
    ];
    const first = await cli(args, envFor(sim), cwd);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^Git commit: [0-9a-f]{40}$/m);
    sim.advanceVolatileState();
    const second = await cli(args, envFor(sim), cwd);
    expect(second.out).toContain('Git: no changes, no commit');
  });

  it('fails with exit 1 and one line on wrong credentials, writing nothing', async () => {
    const sim = await startSimulator();
    const r = await cli(
      ['export', 'run', '--organizationId', String(sim.org.organization.id), '--outputDir', 'out'],
      envFor(sim, 'wrong-secret'),
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^genesyscloud: error: Login to Genesys Cloud failed for OAuth client cx-export-demo: invalid_client/,
    );
    expect(r.err).not.toContain('wrong-secret');
    expect(existsSync(join(r.cwd, 'out'))).toBe(false);
  });

  it('fails with exit 1 on an organization mismatch, writing nothing', async () => {
    const sim = await startSimulator();
    const r = await cli(
      ['export', 'run', '--organizationId', '00000000-0000-0000-0000-000000000000', '--outputDir', 'out'],
      envFor(sim),
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('does not match the organization these credentials belong to');
    expect(existsSync(join(r.cwd, 'out')) ? readdirSync(join(r.cwd, 'out')) : []).toEqual([]);
  });

  it('shipped code reads no time-scale setting: a scaled clock reaches the CLI only through CliIo.clock', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|mjs|js)$/.test(e.name) && /TIME_SCALE|time.?scale/i.test(readFileSync(p, 'utf8')))
          offenders.push(p);
      }
    };
    walk('lambdas');
    walk('bin');
    expect(offenders).toEqual([]);
  });

  it('works as the installed bin (npx genesyscloud) with --help on every level', async () => {
    const bin = resolve('bin/genesyscloud.mjs');
    const run = promisify(execFile);
    const top = await run(process.execPath, [bin, '--help']);
    expect(top.stdout).toContain('export');
    const sub = await run(process.execPath, [bin, 'export', 'run', '--help']);
    expect(sub.stdout).toContain('--includeAllResources');
    const bad = await run(process.execPath, [bin, 'export', 'run', '--nope']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((bad as { code: number }).code).toBe(2);
  });
});
