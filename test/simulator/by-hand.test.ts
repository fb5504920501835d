/**
 * The simulator run by hand (`npm run simulator`): its flags, the `.env` lines it prints, its control
 * endpoint and command, and a change made through them flowing into the exporter's next commit.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../lambdas/cli/main.ts';
import { createClock } from '../../lambdas/engine/clock.ts';
import { CONTROL_PATH } from '../../lambdas/simulator/control.ts';
import { runSimulatorCli } from '../../lambdas/simulator/main.ts';
import { DEFAULT_CLIENT, GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { captureStream, cleanup, startSimulator, tempDir } from '../helpers.ts';

const run = promisify(execFile);
const MAIN = resolve('lambdas/simulator/main.ts');
/** tsx's loader by absolute URL, so that a child can run in any folder (the one holding its .env). */
const TSX = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await cleanup();
});

/** `npm run simulator -- <args>` exactly as a user types it; never rejects. */
async function npmRun(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return run('npm', ['run', '-s', 'simulator', '--', ...args]).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );
}

/** The simulator's command in-process (usage errors need no process of their own). */
async function inProcess(args: string[], env: Record<string, string> = {}, cwd = tempDir()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSimulatorCli(args, {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env,
    cwd,
    untilStopped: () => Promise.resolve(),
  });
  return { code, out: out.join(''), err: err.join('') };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

async function control(base: string, body?: unknown, query = '') {
  const res = await fetch(`${base}${CONTROL_PATH}${query}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('npm run simulator: flags', () => {
  it('--help prints the usage with every flag and the control commands, exit 0', async () => {
    const [help, badPort] = await Promise.all([npmRun(['--help']), npmRun(['--port', 'abc'])]);
    expect(help.code).toBe(0);
    expect(help.err).toBe('');
    for (const flag of ['--size', '--port', '--seed', '--rate', '--inactive-users', '--export-naming'])
      expect(help.out).toContain(flag);
    expect(help.out).toContain('npm run simulator -- control rename queues <id> "New name"');
    expect(help.out).toContain(`POST ${CONTROL_PATH}`);
    // A bad --port is one line and exit 2, no stack trace.
    expect(badPort.code).toBe(2);
    expect(badPort.err).toBe(
      "simulator: error: option '--port <n>' argument 'abc' is invalid. --port must be a whole number from 0 to 65535\n",
    );
    expect(badPort.out).toBe('');
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['a port out of range', ['--port', '70000'], /--port must be a whole number from 0 to 65535/],
    ['a negative seed', ['--seed=-1'], /--seed must be a whole number/],
    ['an unknown size', ['--size', 'huge'], /argument 'huge' is invalid\. Allowed choices are small, large/],
    ['an unknown naming', ['--export-naming', 'x'], /Allowed choices are fileNameYaml, /],
    ['a bad --inactive-users', ['--inactive-users', 'many'], /--inactive-users must be a whole number/],
    ['an unknown flag', ['--bogus'], /unknown option '--bogus'/],
    ['control with no URL', ['control', 'list'], /no simulator URL: pass --url http:\/\/127\.0\.0\.1:<port>/],
    [
      'control aimed at a real org',
      ['control', 'list', '--url', 'https://api.mypurecloud.com'],
      /control talks to a simulator on this machine only, not https:\/\/api\.mypurecloud\.com/,
    ],
    ['rename without a name', ['control', 'rename', 'queues', 'some-id'], /missing required argument 'name'/],
  ];
  for (const [label, args, message] of usage)
    it(`rejects ${label}: one line, exit 2`, async () => {
      const r = await inProcess(args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    });

  it('honours --port (GenesysSimulator port option) on 127.0.0.1; a port in use is one line, exit 1', async () => {
    const port = await freePort();
    const sim = await startSimulator({ port });
    expect(sim.url).toBe(`http://127.0.0.1:${port}`);
    await expect(new GenesysSimulator({ port }).start()).rejects.toMatchObject({ code: 'EADDRINUSE' });
    const r = await inProcess(['--port', String(port)]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `simulator: error: port ${port} on 127.0.0.1 is in use: pick another --port, or --port 0 for any free one\n`,
    );
  });
});

describe('the control endpoint', () => {
  it('needs no token, stays out of the request log, rate limits and schema check, and answers errors as JSON', async () => {
    // startSimulator attaches the SDK-model check: cleanup fails the test if it saw a control response.
    const sim = await startSimulator({ rateLimitPerMinute: 1 });
    const listing = await control(sim.url, undefined, '?collection=queues');
    expect(listing.status).toBe(200);
    const queues = (listing.body.collections as Record<string, Array<{ id: string; name: string }>>).queues;
    expect(queues).toEqual(sim.org.queues.map((q) => ({ id: q.id, name: q.name })));
    const all = await control(sim.url);
    expect(Object.keys(all.body.collections as object)).toEqual(expect.arrayContaining(['skills', 'users']));

    const queue = sim.org.queues[0];
    const renamed = await control(sim.url, {
      action: 'rename',
      collection: 'queues',
      id: queue?.id,
      name: 'Renamed',
    });
    expect(renamed).toEqual({
      status: 200,
      body: {
        ok: true,
        action: 'rename',
        collection: 'queues',
        id: queue?.id,
        name: 'Renamed',
        previousName: expect.any(String),
      },
    });
    expect(queue?.name).toBe('Renamed');
    // A flow's Architect definition is renamed with it.
    const flow = sim.org.flows[0];
    await control(sim.url, { action: 'rename', collection: 'flows', id: flow?.id, name: 'Main IVR 2' });
    expect(sim.org.flowDefinitions.get(String(flow?.id))).toContain('name: "Main IVR 2"');

    const users = sim.org.users.length;
    const added = await control(sim.url, { action: 'add', collection: 'users', name: 'Ada Lovelace' });
    expect(sim.org.users).toHaveLength(users + 1);
    const ada = sim.org.users.find((u) => u.id === added.body.id);
    expect(ada).toMatchObject({ name: 'Ada Lovelace', state: 'active' });
    expect(ada?.email).not.toBe(sim.org.users[0]?.email);

    const skill = sim.org.skills[0];
    expect((await control(sim.url, { action: 'delete', collection: 'skills', id: skill?.id })).status).toBe(
      200,
    );
    expect(sim.org.skills.find((s) => s.id === skill?.id)).toBeUndefined();

    const errors: Array<[unknown, number, RegExp]> = [
      [{ action: 'delete', collection: 'skills', id: skill?.id }, 404, /no skills entry with id/],
      [{ action: 'explode', collection: 'skills' }, 400, /action must be one of rename, delete, add/],
      [{ action: 'add', collection: 'plantedSecrets' }, 400, /collection must be one of divisions, /],
      [{ action: 'rename', collection: 'queues', id: queue?.id, name: ' ' }, 400, /name must be a non-empty/],
    ];
    for (const [body, status, message] of errors) {
      const r = await control(sim.url, body);
      expect(r.status).toBe(status);
      expect(r.body).toEqual({ ok: false, error: expect.stringMatching(message) });
    }
    const form = await fetch(`${sim.url}${CONTROL_PATH}`, { method: 'POST', body: 'action=delete' });
    expect(form.status).toBe(415);
    // A name other than the loopback's (DNS rebinding) is refused.
    const foreign = await new Promise<number>((done, fail) => {
      const req = request(`${sim.url}${CONTROL_PATH}`, { headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
      req.on('error', fail).end();
    });
    expect(foreign).toBe(403);

    expect(sim.log).toEqual([]);
    expect(sim.apiRequestCount()).toEqual({ total: 0, rateLimited: 0 });
  });
});

describe('npm run simulator by hand, end to end', () => {
  it('prints ready-to-paste .env lines; a rename, a delete and an add made through control show in the next commit; Ctrl-C stops it', async () => {
    const cwd = tempDir();
    const child = spawn(process.execPath, ['--import', TSX, MAIN, '--port', '0', '--seed', '1'], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    await new Promise<void>((ready, fail) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('Press Ctrl-C to stop.')) ready();
      });
      child.once('exit', (code) => fail(new Error(`simulator exited ${code}: ${err}`)));
    });

    // Ready-to-paste lines: KEY=value at the start of a line, the demo secret included.
    const envLines = out.match(/^GENESYS_CLOUD_[A-Z_]+=.*$/gm) ?? [];
    const env = Object.fromEntries(
      envLines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(Object.keys(env)).toEqual([
      'GENESYS_CLOUD_BASE_URL',
      'GENESYS_CLOUD_OAUTH_CLIENT_ID',
      'GENESYS_CLOUD_OAUTH_CLIENT_SECRET',
      'GENESYS_CLOUD_ORG_ID',
    ]);
    const base = String(env.GENESYS_CLOUD_BASE_URL);
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out).toContain(`listening on ${base} (127.0.0.1 only)`);
    expect(env.GENESYS_CLOUD_OAUTH_CLIENT_ID).toBe(DEFAULT_CLIENT.clientId);
    expect(env.GENESYS_CLOUD_OAUTH_CLIENT_SECRET).toBe(DEFAULT_CLIENT.clientSecret);
    expect(out).toContain('npm run simulator -- control rename queues <id> "New name"');
    writeFileSync(join(cwd, '.env'), `${envLines.join('\n')}\n`);

    // The exporter, in-process, reads that .env (the org ID included). The child runs at real time.
    const exportRun = async () => {
      const stdout = captureStream();
      const stderr = captureStream();
      const { code } = await runCli(
        [
          'export',
          'run',
          '--outputDir',
          'out',
          '--gitCommit',
          '--resourceTypes',
          'routing:queue,routing:skill,admin:user',
          '--followReferences=false',
        ],
        { cwd, env: {}, stdout, stderr, clock: createClock(1) },
      );
      return { code, out: stdout.text(), err: stderr.text() };
    };
    const first = await exportRun();
    expect(first.err).not.toMatch(/warning|error/i);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^Git commit: [0-9a-f]{40}$/m);

    // Pick a queue and a skill from the listing, as a user would.
    const listed = await control(base);
    const { queues, skills } = listed.body.collections as Record<string, Array<{ id: string; name: string }>>;
    const queue = queues?.[0];
    const skill = skills?.[0];
    if (!queue || !skill) throw new Error('the listing has no queue or skill');
    // The documented command, run where the .env is.
    const renamed = await run(
      process.execPath,
      ['--import', TSX, MAIN, 'control', 'rename', 'queues', queue.id, 'Renamed', 'By', 'Hand'],
      // As `npm run` from the .env's folder: npm runs the script in the package, INIT_CWD names the folder.
      { cwd: resolve('.'), env: { ...process.env, INIT_CWD: cwd } },
    );
    expect(renamed.stdout).toBe(`Renamed queues ${queue.id}: '${queue.name}' -> 'Renamed By Hand'\n`);
    expect(
      (await control(base, { action: 'delete', collection: 'skills', id: skill.id })).body,
    ).toMatchObject({
      ok: true,
      name: skill.name,
    });
    const added = await control(base, { action: 'add', collection: 'users', name: 'Ada Lovelace' });
    expect(added.body).toMatchObject({ ok: true, name: 'Ada Lovelace' });

    const second = await exportRun();
    expect(second.code).toBe(0);
    expect(second.out).toContain('Changes since the last snapshot: 1 added, 1 changed, 1 removed');
    const commit = second.out.match(/^Git commit: ([0-9a-f]{40})$/m)?.[1];
    expect(commit).toBeDefined();
    const log = await run('git', ['log', '-1', '--format=%B', String(commit)], { cwd: join(cwd, 'out') });
    expect(log.stdout).toContain('Genesys Cloud export: 1 added, 1 changed, 1 removed');
    expect(log.stdout).toContain('routing:queue: 1 changed (Renamed By Hand)');
    expect(log.stdout).toContain(`routing:skill: 1 removed (${skill.name})`);
    expect(log.stdout).toContain('admin:user: 1 added (Ada Lovelace)');

    // Ctrl-C stops it cleanly.
    child.kill('SIGINT');
    const [code] = await once(child, 'close');
    expect(code).toBe(0);
    expect(out).toMatch(/Simulator stopped\.\n$/);
    expect(err).toBe('');
  });
});
