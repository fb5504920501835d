/**
 * `npx tsx bench/incremental.ts [small|large]`: requests of a full export against an incremental one after
 * about 1% of the org changed overnight (renames, adds and deletes spread over types as a real org sees
 * them: mostly users and queues, a few flows, queue membership changes). In-process, requests only (no
 * timing): both runs start from the same snapshot, into copies of one folder.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClock } from '../lambdas/engine/clock.ts';
import { GenesysClient } from '../lambdas/engine/genesys/client.ts';
import type { ChangeRequest } from '../lambdas/engine/incremental.ts';
import type { ExportOptions } from '../lambdas/engine/model.ts';
import { normalizeOptions } from '../lambdas/engine/options.ts';
import { runExport } from '../lambdas/engine/run.ts';
import { LocalStore } from '../lambdas/engine/storage/local.ts';
import { applyControl } from '../lambdas/simulator/control.ts';
import type { CollectionName } from '../lambdas/simulator/model.ts';
import { createRandom } from '../lambdas/simulator/random.ts';
import { DEFAULT_CLIENT, GenesysSimulator } from '../lambdas/simulator/server.ts';

const size = (process.argv[2] ?? 'small') as 'small' | 'large';
const sim = new GenesysSimulator({ size, clock: createClock(1000), rateLimitPerMinute: 100_000 });
await sim.start();
// The engine's own defaults for every option but the organization.
const options: ExportOptions = normalizeOptions({ organizationId: String(sim.org.organization.id) });

async function exportInto(dir: string, changes?: ChangeRequest) {
  const client = new GenesysClient({
    connection: {
      apiBaseUrl: sim.url,
      authUrl: sim.url,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
    },
    clock: sim.clock,
    concurrency: 8,
  });
  const before = sim.apiRequestCount().total;
  try {
    const r = await runExport(
      { client, clock: sim.clock, store: new LocalStore(dir) },
      options,
      8,
      undefined,
      changes,
    );
    return { r, requests: sim.apiRequestCount().total - before };
  } finally {
    await client.close();
  }
}

const base = mkdtempSync(join(tmpdir(), 'cx-incremental-'));
try {
  const first = await exportInto(join(base, 'a'), { incremental: true });
  const total = Object.values(first.r.counts).reduce((a, b) => a + b, 0);
  // About 1% of the exported resources, spread as an org changes overnight.
  const rnd = createRandom(99);
  const budget = Math.max(3, Math.round(total / 100));
  const weights: Array<[CollectionName, number]> = [
    ['users', 0.4],
    ['queues', 0.2],
    ['flows', 0.1],
    ['skills', 0.05],
    ['wrapupCodes', 0.05],
    ['groups', 0.05],
    ['schedules', 0.05],
    ['dataActions', 0.05],
    ['scripts', 0.05],
  ];
  let changed = 0;
  for (const [collection, share] of weights) {
    const n = Math.max(1, Math.round(budget * share));
    for (let i = 0; i < n; i++) {
      const items = sim.org[collection] as Array<{ id?: string }>;
      const action = rnd.pick(['rename', 'rename', 'rename', 'add', 'delete'] as const);
      const id = String(rnd.pick(items).id);
      applyControl(
        sim,
        action === 'add' ? { action, collection } : { action, collection, id, name: `Renamed ${i}` },
      );
      changed++;
    }
  }
  // Queue membership: a member swapped in a few queues.
  for (let i = 0; i < Math.max(1, Math.round(budget * 0.1)); i++) {
    const q = String(rnd.pick(sim.org.queues).id);
    const members = sim.org.queueMembers.get(q) ?? [];
    sim.org.queueMembers.set(q, [...members.slice(1), String(rnd.pick(sim.org.users).id)]);
    changed++;
  }
  cpSync(join(base, 'a'), join(base, 'b'), { recursive: true });
  const full = await exportInto(join(base, 'a'));
  const inc = await exportInto(join(base, 'b'), { incremental: true });
  const pct = (n: number) => `${((100 * n) / full.requests).toFixed(1)}%`;
  console.log(`${size} org: ${total} resources, ${changed} changes`);
  console.log(`  full export:        ${full.requests} requests (${full.r.changes.length} resources changed)`);
  console.log(
    `  incremental export: ${inc.requests} requests (${pct(inc.requests)}), ${inc.r.tracking?.reused} resources kept unread, ${inc.r.changes.length} changed`,
  );
} finally {
  rmSync(base, { recursive: true, force: true });
  await sim.stop();
}
