/**
 * The fault matrix: whole exports against the simulator with one thing going wrong each time, then the
 * same invariants checked after every case: nothing of the earlier good snapshot lost or corrupted, a
 * partial run labelled partial, no secret anywhere in the output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportBatch } from '../../lambdas/engine/batch.ts';
import type { EngineContext } from '../../lambdas/engine/context.ts';
import { StorageError } from '../../lambdas/engine/errors.ts';
import { finalizeExport } from '../../lambdas/engine/finalize.ts';
import { publishToRemote } from '../../lambdas/engine/git/publish.ts';
import { planExport } from '../../lambdas/engine/plan.ts';
import { resolveReferences } from '../../lambdas/engine/resolve.ts';
import { runExport } from '../../lambdas/engine/run.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import type { SnapshotStore } from '../../lambdas/engine/storage/types.ts';
import type { FaultRule } from '../../lambdas/simulator/faults.ts';
import { sipPassword } from '../../lambdas/simulator/org.ts';
import { DEFAULT_CLIENT, type GenesysSimulator } from '../../lambdas/simulator/server.ts';
import {
  cleanup,
  exportOnce,
  harness,
  options,
  readManifest,
  snapshotFiles,
  startSimulator,
  tempDir,
} from '../helpers.ts';

afterEach(cleanup);

/** Secrets the org holds: none may appear in any file written. */
function secretsOf(sim: GenesysSimulator): string[] {
  const sip = sim.org.trunkBaseSettings.map((t) => sipPassword(t));
  return [DEFAULT_CLIENT.clientSecret, ...sip].filter((s) => s.length > 0);
}

const MANIFEST = join('.genesys', 'export-manifest.json');
/** Which run wrote the snapshot, and when: rewritten by every run, never part of the snapshot. */
const RUN_STAMP = join('.genesys', 'last-run.json');

/** Every file under `dir` with its exact bytes. */
function fileBytes(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/**
 * The invariants every case must keep. The organization did not change between the good run and the
 * faulted one, so every file of the good snapshot (JSON resources and YAML flow definitions alike) must
 * still be there byte for byte, and no other file may appear; only the manifest is rewritten.
 */
function checkInvariants(
  sim: GenesysSimulator,
  before: Map<string, Buffer>,
  dir: string,
  expectComplete: boolean,
): void {
  const after = fileBytes(dir);
  for (const [path, content] of before) {
    if (path === MANIFEST || path === RUN_STAMP) continue;
    expect(after.has(path), `lost ${path}`).toBe(true);
    expect(after.get(path)?.equals(content), `changed ${path}`).toBe(true);
  }
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  const m = readManifest(dir);
  expect(m.complete).toBe(expectComplete);
  for (const [path, content] of after)
    for (const s of secretsOf(sim)) expect(content.includes(s), `${s.slice(0, 4)}... in ${path}`).toBe(false);
  expect([...after.keys()].some((k) => k.includes('staging'))).toBe(false);
}

async function goodSnapshot(sim: GenesysSimulator): Promise<{ dir: string; before: Map<string, Buffer> }> {
  const dir = tempDir();
  const { result } = await exportOnce(sim, dir);
  expect(result.complete).toBe(true);
  const before = fileBytes(dir);
  expect([...before.keys()].some((k) => k.endsWith('.definition.yaml'))).toBe(true);
  return { dir, before };
}

describe('Fault matrix: the Genesys side', () => {
  const cases: Array<[string, FaultRule[], boolean]> = [
    [
      'a 429 storm with long Retry-After',
      [{ kind: 'status', status: 429, after: 5, times: 12, retryAfterSeconds: 90 }],
      true,
    ],
    [
      '502/503/504 bursts',
      [
        { kind: 'status', status: 503, after: 3, times: 4 },
        { kind: 'status', status: 504, after: 20, times: 3 },
      ],
      true,
    ],
    ['dropped connections', [{ kind: 'drop', probability: 0.08 }], true],
    [
      'responses cut short and malformed',
      [
        { kind: 'truncate', match: '/api/v2/routing', times: 2 },
        { kind: 'malformed', match: '/api/v2/flows', times: 2 },
      ],
      true,
    ],
    [
      'an endpoint that never recovers',
      [{ kind: 'status', status: 503, match: 'GET /api/v2/routing/queues/{queueId}/members' }],
      false,
    ],
  ];
  for (const [label, faults, complete] of cases) {
    it(`keeps the snapshot through ${label}`, async () => {
      const sim = await startSimulator();
      const { dir, before } = await goodSnapshot(sim);
      for (const f of faults) sim.faults.add(f);
      const { result } = await exportOnce(sim, dir);
      expect(result.complete).toBe(complete);
      checkInvariants(sim, before, dir, complete);
    });
  }

  it('keeps the snapshot when the token is revoked and permissions are removed mid-run', async () => {
    const sim = await startSimulator({ clients: [{ clientId: 'c', clientSecret: 's', permissions: ['*'] }] });
    const client = { clientId: 'c', clientSecret: 's', permissions: [] };
    const dir = tempDir();
    await exportOnce(sim, dir, {}, client);
    const before = fileBytes(dir);
    let n = 0;
    sim.onRequest = (e, s) => {
      n++;
      if (n === 10) s.revokeTokens();
      if (e.endpoint === 'GET /api/v2/architect/dependencytracking/consumedresources')
        s.setPermissions('c', ['routing:skill:view']);
    };
    const { result } = await exportOnce(sim, dir, {}, client);
    expect(result.complete).toBe(false);
    checkInvariants(sim, before, dir, false);
  });

  it('says when a listing changed under it, with no duplicates and no gaps', async () => {
    const sim = await startSimulator({
      size: { queues: 1200 },
      mutations: [{ collection: 'queues', afterPage: 1, add: 2, remove: 3 }],
    });
    const dir = tempDir();
    await exportOnce(sim, dir, { resourceTypes: ['routing:queue'] });
    const m = readManifest(dir);
    expect(m.types['routing:queue']?.changedDuringListing).toBe(true);
    const ids = m.resources
      .filter((r) => r.type === 'routing:queue')
      .map((r) => r.id)
      .sort();
    expect(ids).toEqual(sim.org.queues.map((q) => q.id as string).sort());
  });

  it('keeps earlier flow definitions when export jobs fail or never finish', async () => {
    for (const outcome of ['failure', 'never'] as const) {
      const sim = await startSimulator();
      const { dir, before } = await goodSnapshot(sim);
      sim.exportJobOutcome = outcome;
      const h = harness(sim, dir);
      await runExport({ ...h.ctx, exportJobTimeoutMs: 30_000 }, options(sim));
      checkInvariants(sim, before, dir, false);
    }
  });

  it('refuses an API response whose fields have the wrong types, without losing anything', async () => {
    // The org holds invalid data on purpose: the simulator's SDK-model check is off for this case.
    const sim = await startSimulator({}, { schema: false });
    const { dir, before } = await goodSnapshot(sim);
    (sim.org.skills as unknown[]).push(
      { id: 12345, name: ['not', 'a', 'string'] },
      { id: null, name: 'no id' },
    );
    const { result } = await exportOnce(sim, dir);
    expect(result.complete).toBe(false);
    checkInvariants(sim, before, dir, false);
  });

  it('writes names with control characters, non-ASCII and extreme length as escaped JSON', async () => {
    const sim = await startSimulator();
    const skill = sim.org.skills[0] as { name: string; id?: string };
    skill.name = `Sprachen \u00fc\u00df \u65e5\u672c\u8a9e \u0007\u0000 ../../x ${'n'.repeat(5000)}`;
    const dir = tempDir();
    await exportOnce(sim, dir, { resourceTypes: ['routing:skill'] });
    const file = JSON.parse(readFileSync(join(dir, 'routing', 'skill', `${skill.id}.json`), 'utf8'));
    expect(file.name).toBe(skill.name);
  });
});

/** A store whose writes fail once a trigger is set: S3 errors on write. */
function failingStore(inner: SnapshotStore, failWhen: (key: string) => boolean): SnapshotStore {
  return {
    location: inner.location,
    read: (k) => inner.read(k),
    list: (p) => inner.list(p),
    delete: (k) => inner.delete(k),
    move: (a, b) =>
      failWhen(b)
        ? Promise.reject(new StorageError('SlowDown: please reduce your request rate'))
        : inner.move(a, b),
    write: (k, d) =>
      failWhen(k)
        ? Promise.reject(new StorageError('InternalError: we encountered an internal error'))
        : inner.write(k, d),
  };
}

describe('Fault matrix: our side', () => {
  it('a batch that crashes part-way and is retried writes the same keys, no duplicates', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    const h = harness(sim, dir);
    const plan = await planExport(h.ctx, options(sim));
    const queues = plan.batches.find((b) => b.type === 'routing:queue');
    let writes = 0;
    const crashing: EngineContext = {
      ...h.ctx,
      store: failingStore(h.ctx.store, (k) => k.includes('/files/routing/queue/') && ++writes > 3),
    };
    await expect(exportBatch(crashing, queues as never)).rejects.toThrow(/InternalError/);
    await exportBatch(h.ctx, queues as never);
    await exportBatch(h.ctx, queues as never);
    for (const b of plan.batches.filter((x) => x !== queues)) await exportBatch(h.ctx, b);
    for (let round = 0; ; ) {
      const next = await resolveReferences(h.ctx, plan.runId, round);
      round = next.round;
      if (!next.batches.length) break;
      for (const b of next.batches) await exportBatch(h.ctx, b);
    }
    const out = await finalizeExport(h.ctx, plan.runId);
    expect(out.complete).toBe(true);
    const m = readManifest(dir);
    const keys = m.resources.map((r) => `${r.type}/${r.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(m.types['routing:queue']?.count).toBe(sim.org.queues.length);
  });

  it('finalize run twice gives the same manifest and loses nothing', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    const h = harness(sim, dir);
    const plan = await planExport(h.ctx, options(sim));
    for (const b of plan.batches) await exportBatch(h.ctx, b);
    await resolveReferences(h.ctx, plan.runId, 0).then(async (n) => {
      for (const b of n.batches) await exportBatch(h.ctx, b);
      await resolveReferences(h.ctx, plan.runId, n.round);
    });
    await finalizeExport(h.ctx, plan.runId);
    const once = snapshotFiles(dir, false);
    const again = await finalizeExport(h.ctx, plan.runId);
    expect(again.complete).toBe(true);
    expect(snapshotFiles(dir, false)).toEqual(once);
  });

  it('two runs at once into the same folder both finish and leave one consistent snapshot', async () => {
    const sim = await startSimulator();
    const dir = tempDir();
    const [a, b] = await Promise.all([exportOnce(sim, dir), exportOnce(sim, dir)]);
    expect(a.result.complete && b.result.complete).toBe(true);
    // The result is exactly what one run alone writes: no file lost, doubled or left half-written.
    const alone = tempDir();
    await exportOnce(sim, alone);
    expect(snapshotFiles(dir)).toEqual(snapshotFiles(alone));
    expect(readManifest(dir).resources).toEqual(readManifest(alone).resources);
    expect([...snapshotFiles(dir, false).keys()].some((k) => k.includes('staging'))).toBe(false);
  });

  it('S3 errors on write fail the run without touching the earlier snapshot', async () => {
    const sim = await startSimulator();
    const { dir, before } = await goodSnapshot(sim);
    sim.addResource('queues');
    const h = harness(sim, dir);
    const broken: EngineContext = {
      ...h.ctx,
      store: failingStore(
        new LocalStore(dir),
        (k) =>
          k === '.genesys/export-manifest.json' || (!k.includes('staging') && k.startsWith('routing/queue/')),
      ),
    };
    await expect(runExport(broken, options(sim))).rejects.toThrow(/SlowDown|InternalError/);
    const after = fileBytes(dir);
    for (const [path, content] of before) expect(after.get(path)?.equals(content), path).toBe(true);
  });

  it('an unreachable or rejecting Git remote fails clearly and leaves the snapshot as it was', async () => {
    const sim = await startSimulator();
    const { dir, before } = await goodSnapshot(sim);
    const unreachable = await publishToRemote(
      new LocalStore(dir),
      {
        url: 'http://127.0.0.1:9/nothing.git',
        branch: 'main',
        path: '',
        token: 'tok-secret-1',
        tokenStyle: 'basic',
      },
      { name: 'a', email: 'a@b' },
    ).catch((e: Error) => e);
    expect((unreachable as Error).message).toMatch(
      /^Fetching from http:\/\/127\.0\.0\.1:9\/nothing\.git failed: /,
    );
    expect((unreachable as Error).message).not.toContain('tok-secret-1');
    expect(fileBytes(dir)).toEqual(before);
  });
});

describe('Fault matrix: secrets stay out of every output', () => {
  it('no client secret, token or SIP password in log lines, state payloads, archive objects or commits', async () => {
    const { runCli } = await import('../../lambdas/cli/main.ts');
    const { runWorkflowLocally } = await import('../../lambdas/local/workflow.ts');
    const { localDeps } = await import('../../lambdas/local/deps.ts');
    const { PassThrough } = await import('node:stream');
    const sim = await startSimulator();
    const captured: string[] = [];
    const sink = () => {
      const s = new PassThrough() as unknown as NodeJS.WriteStream;
      s.on('data', (c: Buffer) => captured.push(c.toString()));
      return s;
    };
    const tokens: string[] = [];
    sim.onRequest = () => {};
    const cwd = tempDir();
    await runCli(
      [
        'export',
        'run',
        '--organizationId',
        String(sim.org.organization.id),
        '--outputDir',
        'out',
        '--verbose',
        '--gitCommit',
      ],
      {
        cwd,
        env: {
          GENESYS_CLOUD_BASE_URL: sim.url,
          GENESYS_CLOUD_OAUTH_CLIENT_ID: DEFAULT_CLIENT.clientId,
          GENESYS_CLOUD_OAUTH_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
        },
        stdout: sink(),
        stderr: sink(),
        clock: sim.clock,
      },
    );
    const archive = tempDir();
    const deps = localDeps({
      apiBaseUrl: sim.url,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
      clock: sim.clock,
      snapshot: new LocalStore(tempDir()),
      archive: new LocalStore(archive),
      logger: {
        info: (m, e) => captured.push(m, JSON.stringify(e ?? {})),
        warn: (m) => captured.push(m),
        error: (m) => captured.push(m),
      },
    });
    await runWorkflowLocally(
      deps,
      { options: { organizationId: sim.org.organization.id } },
      { onTask: (_s, out) => captured.push(JSON.stringify(out)) },
    );
    await deps.client.close();
    // Access tokens the simulator issued during both runs.
    tokens.push(...[...(sim as unknown as { tokens: Map<string, unknown> }).tokens.keys()]);
    const everything = [
      captured.join('\n'),
      ...snapshotFiles(join(cwd, 'out'), false).values(),
      ...snapshotFiles(archive, false).values(),
    ].join('\n');
    const gitObjects = (await import('node:child_process')).execFileSync(
      'git',
      ['-C', join(cwd, 'out'), 'log', '-p', '--all'],
      { encoding: 'utf8' },
    );
    for (const secret of [...secretsOf(sim), ...tokens]) {
      expect(everything.includes(secret)).toBe(false);
      expect(gitObjects.includes(secret)).toBe(false);
    }
    expect(captured.join('\n')).toContain('GET /api/v2/routing/queues 200');
  });
});
