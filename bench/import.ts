/**
 * `npx tsx bench/import.ts [large|small]`: the round trip of issue 18 for the types import covers. The
 * simulated org (its queues without the references to types import does not cover yet: flows, prompts,
 * groups, members, scripts) is exported, planned and applied into an empty org, that org is exported, and
 * the two snapshots are compared with every ID replaced by the name of what it is. Prints the requests
 * and the wall time of each step, and the resources that differ (none expected). In-process, scaled clock.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClock } from '../lambdas/engine/clock.ts';
import { GenesysClient } from '../lambdas/engine/genesys/client.ts';
import { MANIFEST_KEY } from '../lambdas/engine/keys.ts';
import type { Manifest } from '../lambdas/engine/model.ts';
import { normalizeOptions } from '../lambdas/engine/options.ts';
import { runExport } from '../lambdas/engine/run.ts';
import { LocalStore } from '../lambdas/engine/storage/local.ts';
import { runImport } from '../lambdas/import/run.ts';
import { readSnapshot } from '../lambdas/import/snapshot.ts';
import { DEFAULT_CLIENT, GenesysSimulator } from '../lambdas/simulator/server.ts';
import { COVERED_TYPES, stripQueueReferences } from '../test/import/fixtures.ts';

const size = (process.argv[2] ?? 'large') as 'small' | 'large';
// The first seven types: the round trip of every importable type does not come out identical yet (users
// differ, flows are blocked on the stripped org): issue 18's note.
const COVERED = COVERED_TYPES.resourceTypes;
/** Set by the platform when a resource is created: never the same in two orgs. */
const SERVER_ASSIGNED = ['dateCreated', 'createdBy', 'createdByApp'];

const clock = createClock(1000);
const source = new GenesysSimulator({ size, clock, rateLimitPerMinute: 100_000 });
const target = new GenesysSimulator({ size: 'empty', seed: 2, clock, rateLimitPerMinute: 100_000 });
await source.start();
await target.start();
stripQueueReferences(source);

function clientOf(sim: GenesysSimulator): GenesysClient {
  return new GenesysClient({
    connection: {
      apiBaseUrl: sim.url,
      authUrl: sim.url,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
    },
    clock,
    concurrency: 8,
  });
}

/** Runs `step` and says how many requests `sim` answered and how long it took. */
async function measured<T>(label: string, sim: GenesysSimulator, step: () => Promise<T>): Promise<T> {
  const before = sim.apiRequestCount().total;
  const started = performance.now();
  const out = await step();
  const ms = performance.now() - started;
  console.log(
    `  ${label.padEnd(34)} ${String(sim.apiRequestCount().total - before).padStart(6)} requests ${(ms / 1000).toFixed(1).padStart(6)} s`,
  );
  return out;
}

async function exportCovered(sim: GenesysSimulator, dir: string): Promise<void> {
  const client = clientOf(sim);
  try {
    const options = normalizeOptions({
      organizationId: String(sim.org.organization.id),
      resourceTypes: COVERED,
    });
    await runExport({ client, clock, store: new LocalStore(dir) }, options, 8);
  } finally {
    await client.close();
  }
}

/** Each resource by `type/name`, every ID replaced by `<type:name>` of what it is. */
function byName(dir: string): Map<string, string> {
  const m = JSON.parse(readFileSync(join(dir, MANIFEST_KEY), 'utf8')) as Manifest;
  const names = new Map(m.resources.map((r) => [r.id, `<${r.type}:${r.name}>`]));
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return names.get(v) ?? v;
    if (Array.isArray(v))
      return v
        .map(swap)
        .map((x) => JSON.stringify(x))
        .sort();
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !SERVER_ASSIGNED.includes(k))
          .map(([k, x]) => [k, swap(x)]),
      );
    return v;
  };
  return new Map(
    m.resources.map((r) => [
      `${r.type}/${r.name}`,
      JSON.stringify(swap(JSON.parse(readFileSync(join(dir, r.path), 'utf8')))),
    ]),
  );
}

const base = mkdtempSync(join(tmpdir(), 'cx-import-bench-'));
try {
  console.log(`${size} org, types: ${COVERED.join(', ')}`);
  const a = join(base, 'a');
  const b = join(base, 'b');
  await measured('export source', source, () => exportCovered(source, a));
  const snapshot = readSnapshot(a, base);
  const client = clientOf(target);
  const organizationId = String(target.org.organization.id);
  const opts = { organizationId, resourceTypes: [], ignoreMissingResources: false, concurrency: 8 };
  try {
    const plan = await measured('plan (empty target)', target, () =>
      runImport(client, snapshot, { ...opts, apply: false }),
    );
    const applied = await measured('apply', target, () =>
      runImport(client, snapshot, { ...opts, apply: true }),
    );
    const outcomes = new Map<string, number>();
    for (const r of applied.applied ?? []) outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
    console.log(
      `    ${plan.plan.resources.length} resources: ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    );
    const again = await measured('second apply (nothing to do)', target, () =>
      runImport(client, snapshot, { ...opts, apply: true }),
    );
    const changed = (again.applied ?? []).filter((r) => r.outcome !== 'unchanged').length;
    console.log(`    not unchanged: ${changed}`);
  } finally {
    await client.close();
  }
  await measured('export target', target, () => exportCovered(target, b));
  const want = byName(a);
  const got = byName(b);
  const differ = [...new Set([...want.keys(), ...got.keys()])]
    .filter((k) => want.get(k) !== got.get(k))
    .sort();
  console.log(
    `  round trip: ${want.size} resources, ${differ.length} differ${differ.length ? `: ${differ.slice(0, 10).join(', ')}` : ''}`,
  );
  if (differ.length) process.exitCode = 1;
} finally {
  rmSync(base, { recursive: true, force: true });
  await source.stop();
  await target.stop();
}
