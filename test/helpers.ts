/** Shared test fixtures: a simulator on loopback, a scaled clock, a temp folder and an engine context. */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'vitest';
import { type Clock, createClock } from '../lambdas/engine/clock.ts';
import type { EngineContext, EngineEvent } from '../lambdas/engine/context.ts';
import { GenesysClient } from '../lambdas/engine/genesys/client.ts';
import type { ExportOptions, Manifest } from '../lambdas/engine/model.ts';
import { runExport } from '../lambdas/engine/run.ts';
import { LocalStore } from '../lambdas/engine/storage/local.ts';
import { buildRoutes } from '../lambdas/simulator/routes.ts';
import {
  DEFAULT_CLIENT,
  GenesysSimulator,
  type RequestLogEntry,
  type SimClient,
  type SimulatorOptions,
} from '../lambdas/simulator/server.ts';
import { strictSchema, summaryKey } from './schema/strict.ts';

/** Virtual time runs this much faster than real time in tests (60 s rate-limit windows last 0.3 s). */
export const TEST_TIME_SCALE = 200;

const cleanups: Array<() => Promise<void>> = [];

/** Runs `fn` at the next `cleanup()` (after each test), latest first. */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(async () => fn());
}

export async function cleanup(): Promise<void> {
  const errors: unknown[] = [];
  while (cleanups.length)
    await cleanups
      .pop()?.()
      .catch((err: unknown) => errors.push(err));
  if (errors.length) throw errors[0];
}

export function tempDir(prefix = 'cx-export-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A simulator on loopback whose every JSON response is checked against the official SDK's models: a test
 * fails at cleanup if the simulator answered outside them (`schema: false` for tests that plant invalid
 * data on purpose).
 */
export async function startSimulator(
  opts: SimulatorOptions = {},
  { schema = true }: { schema?: boolean } = {},
): Promise<GenesysSimulator> {
  const sim = new GenesysSimulator({ clock: createClock(TEST_TIME_SCALE), ...opts });
  const check = schema ? strictSchema(sim) : undefined;
  await sim.start();
  cleanups.push(async () => {
    await sim.stop();
    const violations = check?.violations() ?? [];
    if (violations.length)
      throw new Error(
        `the simulator answered outside the SDK's models:\n${violations.map(summaryKey).join('\n')}`,
      );
  });
  return sim;
}

export interface Harness {
  readonly ctx: EngineContext;
  readonly client: GenesysClient;
  readonly events: EngineEvent[];
}

export function harness(
  sim: GenesysSimulator,
  dir: string,
  client: SimClient = DEFAULT_CLIENT,
  clock: Clock = sim.clock,
): Harness {
  const events: EngineEvent[] = [];
  const gc = new GenesysClient({
    connection: {
      apiBaseUrl: sim.url,
      authUrl: sim.url,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    },
    clock,
    concurrency: 4,
    requestTimeoutMs: 5_000,
  });
  cleanups.push(() => gc.close());
  return {
    client: gc,
    events,
    ctx: { client: gc, store: new LocalStore(dir), clock, emit: (e) => events.push(e) },
  };
}

export function options(sim: GenesysSimulator, over: Partial<ExportOptions> = {}): ExportOptions {
  return {
    organizationId: String(sim.org.organization.id),
    resourceTypes: [],
    resourceIds: [],
    includeAllResources: false,
    followReferences: true,
    include: [],
    exclude: [],
    format: 'json',
    ...over,
  };
}

export async function exportOnce(
  sim: GenesysSimulator,
  dir: string,
  over: Partial<ExportOptions> = {},
  client: SimClient = DEFAULT_CLIENT,
) {
  const h = harness(sim, dir, client);
  const result = await runExport(h.ctx, options(sim, over));
  return { result, ...h };
}

/** Every file under `dir` with its bytes, for before/after comparisons (by default without the run's own files). */
export function snapshotFiles(dir: string, skipManifest = true): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  if (skipManifest) {
    out.delete(join('.genesys', 'export-manifest.json'));
    out.delete(join('.genesys', 'last-run.json'));
  }
  return out;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, '.genesys', 'export-manifest.json'), 'utf8')) as Manifest;
}

/** Every permission some simulator endpoint requires, less the ones named: a client missing just those. */
export function everyPermissionExcept(...missing: string[]): string[] {
  const all = new Set(buildRoutes().flatMap((r) => r.permissions));
  return [...all].filter((p) => !missing.includes(p)).sort();
}

/** A writable stream that keeps what was written, for CLI output assertions. */
export function captureStream(): NodeJS.WriteStream & { text: () => string } {
  const s = new PassThrough() as unknown as NodeJS.WriteStream & { text: () => string };
  let buf = '';
  s.on('data', (c: Buffer) => {
    buf += c.toString();
  });
  s.text = () => buf;
  return s;
}

/** A resource file of a snapshot, parsed. */
export function readSnapshotJson(dir: string, path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, path), 'utf8')) as Record<string, unknown>;
}

/** A complete, error-free export of a simulated org (the small one unless told): its simulator, folder, manifest. */
export async function exportedOrg(opts: SimulatorOptions = {}) {
  const sim = await startSimulator(opts);
  const dir = tempDir();
  const { result } = await exportOnce(sim, dir);
  expect(result.complete).toBe(true);
  const m = readManifest(dir);
  expect(m.errors).toEqual([]);
  return { sim, dir, m };
}

/**
 * The files under `prefixes` of two exports of the same org into two folders, the org's runtime state
 * (presence, member counts...) moved in between: a deterministic export gives two equal maps.
 */
export async function filesOfTwoRuns(
  sim: GenesysSimulator,
  prefixes: readonly string[],
): Promise<[Map<string, string>, Map<string, string>]> {
  const a = tempDir();
  const b = tempDir();
  await exportOnce(sim, a);
  sim.advanceVolatileState();
  await exportOnce(sim, b);
  const pick = (dir: string) =>
    new Map([...snapshotFiles(dir)].filter(([p]) => prefixes.some((f) => p.startsWith(f))));
  return [pick(a), pick(b)];
}

/** The most API requests the client had answered (not refused) in any 60 s after one of them. */
export function busiestMinute(log: readonly RequestLogEntry[]): number {
  const at = log.filter((e) => e.path.startsWith('/api/') && e.status !== 429).map((e) => e.at);
  let most = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while ((at[j] ?? 0) <= (at[i] ?? 0) - 60_000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}
