/**
 * Ctrl-C during `import run --apply`, the CLI as a child process: the resource under way finishes, the run
 * stops before the next one, writes the ID map and the report of what it did (the rest `interrupted`),
 * exits 130 with one line; a rerun creates only what is left, and another does nothing. The interruption
 * point is an event (the simulator sees the third queue created), and the queue's own follow-up request is
 * held a little (a slow fault) so that the signal lands before the run checks it, whatever the machine.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT } from '../../lambdas/simulator/server.ts';
import { cleanup, exportOnce, startSimulator, TEST_TIME_SCALE, tempDir } from '../helpers.ts';
import { COVERED_TYPES, coveredOnlyOrg, importInto, writes } from './fixtures.ts';

afterEach(cleanup);

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CLI_CHILD = join(ROOT, 'test/cli-child.ts');

describe('import run: Ctrl-C during --apply', () => {
  it('stops between resources, records what was done, exits 130; a rerun picks up what is left', async () => {
    const a = await coveredOnlyOrg();
    const dir = tempDir();
    await exportOnce(a, dir, COVERED_TYPES);
    const b = await startSimulator({ size: 'empty', seed: 2 });
    const org = String(b.org.organization.id);
    b.faults.add({
      kind: 'slow',
      match: 'POST /api/v2/routing/queues/{queueId}/wrapupcodes',
      after: 2,
      delayMs: 40_000,
    });

    const child = spawn(
      process.execPath,
      ['--import', TSX, CLI_CHILD, 'import', 'run', '--inputDir', dir, '--organizationId', org, '--apply'],
      {
        cwd: tempDir(),
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          TEST_TIME_SCALE: String(TEST_TIME_SCALE),
          GENESYS_CLOUD_BASE_URL: b.url,
          GENESYS_CLOUD_OAUTH_CLIENT_ID: DEFAULT_CLIENT.clientId,
          GENESYS_CLOUD_OAUTH_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let queuesCreated = 0;
    b.onRequest = (e) => {
      if (e.endpoint === 'POST /api/v2/routing/queues' && ++queuesCreated === 3) child.kill('SIGINT');
    };
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((done) =>
      child.on('exit', (c) => setImmediate(() => done(c))),
    );
    b.onRequest = undefined;
    b.faults.clear();

    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(
      /^Interrupted: \d+ of \d+ resources done, \d+ left for a rerun; report and ID map written$/m,
    );
    expect(b.org.queues).toHaveLength(3);
    const report = JSON.parse(
      readFileSync(join(dir, '.genesys', 'import', `${org}.report.json`), 'utf8'),
    ) as { resources: Array<{ type: string; outcome: string; targetId?: string }> };
    const queues = report.resources.filter((r) => r.type === 'routing:queue');
    expect(queues.filter((r) => r.outcome === 'interrupted').length).toBeGreaterThanOrEqual(5);
    expect(report.resources.filter((r) => r.type !== 'routing:queue' && r.outcome === 'interrupted')).toEqual(
      [],
    );
    expect(stdout).toMatch(/^interrupted: create routing:queue\/.+: not started$/m);
    const idMapFile = join(dir, '.genesys', 'id-map', `${org}.json`);
    expect(existsSync(idMapFile)).toBe(true);
    const idMap = JSON.parse(readFileSync(idMapFile, 'utf8')) as {
      ids: Record<string, Record<string, string>>;
    };
    expect(Object.values(idMap.ids['routing:queue'] ?? {}).sort()).toEqual(
      b.org.queues.map((q) => String(q.id)).sort(),
    );

    const rerun = await importInto(b, ['--inputDir', dir], '--apply');
    expect(rerun.code, rerun.out).toBe(0);
    expect(b.org.queues).toHaveLength(8);
    expect(new Set(b.org.queues.map((q) => q.name)).size).toBe(8);
    expect(writes(b).filter((e) => e.status >= 400)).toEqual([]);
    const last = writes(b).length;
    expect((await importInto(b, ['--inputDir', dir], '--apply')).code).toBe(0);
    expect(writes(b).length).toBe(last);
  }, 60_000);
});
