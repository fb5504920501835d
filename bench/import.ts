/**
 * `npx tsx bench/import.ts [large|small] [all]`: the round trip of issue 18 for the first slice of importable
 * types (ROUND_TRIP_TYPES), or with `all` for every importable type (IMPORTABLE).
 * The simulated org, without only what refers to export-only types (its queues keep their flows, prompts,
 * groups, teams and members), is exported, planned and applied into an empty org with a --secretsFile of
 * the source's values for what the snapshot holds redacted, that org is exported, and the two snapshots are compared with every ID replaced by the name of what it is (round-trip.ts).
 * Prints the requests and the wall time of each step, the plan's blocked resources with their reasons, the
 * differences by design with their reasons, and the resources that differ (none expected).
 * In-process, scaled clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClock } from '../lambdas/engine/clock.ts';
import { GenesysClient } from '../lambdas/engine/genesys/client.ts';
import { normalizeOptions } from '../lambdas/engine/options.ts';
import { runExport } from '../lambdas/engine/run.ts';
import { LocalStore } from '../lambdas/engine/storage/local.ts';
import { IMPORTABLE } from '../lambdas/import/importable.ts';
import { runImport } from '../lambdas/import/run.ts';
import { SecretValues } from '../lambdas/import/secrets-file.ts';
import { readSnapshot } from '../lambdas/import/snapshot.ts';
import { DEFAULT_CLIENT, GenesysSimulator } from '../lambdas/simulator/server.ts';
import { ROUND_TRIP_TYPES, secretsFromSource, stripExportOnlyReferences } from '../test/import/fixtures.ts';
import { BY_DESIGN, roundTrip } from '../test/import/round-trip.ts';

const size = (process.argv[2] ?? 'large') as 'small' | 'large';
// `all`: every importable type, not only the first slice.
const KEPT = process.argv[3] === 'all' ? new Set(IMPORTABLE.keys()) : ROUND_TRIP_TYPES;
const TYPES = [...KEPT].sort();

const clock = createClock(1000);
const source = new GenesysSimulator({ size, clock, rateLimitPerMinute: 100_000 });
const target = new GenesysSimulator({ size: 'empty', seed: 2, clock, rateLimitPerMinute: 100_000 });
await source.start();
await target.start();
stripExportOnlyReferences(source, KEPT);

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

async function exportTypes(sim: GenesysSimulator, dir: string): Promise<void> {
  const client = clientOf(sim);
  try {
    const options = normalizeOptions({
      organizationId: String(sim.org.organization.id),
      resourceTypes: TYPES,
    });
    await runExport({ client, clock, store: new LocalStore(dir) }, options, 8);
  } finally {
    await client.close();
  }
}

const base = mkdtempSync(join(tmpdir(), 'cx-import-bench-'));
try {
  console.log(`${size} org, ${TYPES.length} importable types: ${TYPES.join(', ')}`);
  const a = join(base, 'a');
  const b = join(base, 'b');
  await measured('export source', source, () => exportTypes(source, a));
  const snapshot = readSnapshot(a, base);
  // The credentials the snapshot holds redacted, as the source org's administrator supplies them.
  const { file, values } = secretsFromSource(source, a, join(base, 'secrets.json'));
  console.log(`    --secretsFile: ${values.length} redacted values from the source org`);
  const secrets = SecretValues.read(file, base);
  const client = clientOf(target);
  const organizationId = String(target.org.organization.id);
  const opts = { organizationId, resourceTypes: [], ignoreMissingResources: false, concurrency: 8, secrets };
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
    const blocked = plan.plan.resources.filter((x) => x.action === 'blocked');
    const failed = (applied.applied ?? []).filter((x) => x.outcome === 'failed');
    for (const r of blocked.slice(0, 5)) console.log(`    blocked: ${r.key} (${r.name}): ${r.reason}`);
    for (const r of failed.slice(0, 5)) console.log(`    failed: ${r.key} (${r.name}): ${r.error}`);
    if (blocked.length + failed.length > 10)
      console.log(`    (${blocked.length} blocked, ${failed.length} failed in all)`);
    const changed = (again.applied ?? []).filter((r) => r.outcome !== 'unchanged' && r.outcome !== 'blocked');
    console.log(`    neither unchanged nor blocked: ${changed.length}`);
  } finally {
    await client.close();
  }
  await measured('export target', target, () => exportTypes(target, b));
  const { compared, differ, byDesign } = roundTrip(a, b, TYPES);
  for (const [k, n] of Object.entries(byDesign))
    if (n) console.log(`    by design: ${n} ${BY_DESIGN[k as keyof typeof BY_DESIGN]}`);
  console.log(
    `  round trip: ${compared.length} resources, ${differ.length} differ${differ.length ? `: ${differ.slice(0, 10).join(', ')}` : ''}`,
  );
  if (differ.length) process.exitCode = 1;
} finally {
  rmSync(base, { recursive: true, force: true });
  await source.stop();
  await target.stop();
}
