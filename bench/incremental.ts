/**
 * `npx tsx bench/incremental.ts [small|large]` (and `npm run bench`, after the large org): a full export
 * against an incremental one after about 1% of the org changed overnight (renames, adds and deletes spread
 * over types as a real org sees them: mostly users and queues, a few flows; queue members and wrap-up codes
 * changed through the queue's own endpoints). Same simulator settings as bench/run.ts (300 requests per
 * minute, 50-150 ms latency, time-scaled): requests and virtual time of each, side by side. Both runs start
 * from the same snapshot, in copies of one folder, after the night has passed (audit entries arrived).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Clock, createClock } from '../lambdas/engine/clock.ts';
import { GenesysClient } from '../lambdas/engine/genesys/client.ts';
import type { ChangeRequest } from '../lambdas/engine/incremental.ts';
import type { ExportOptions } from '../lambdas/engine/model.ts';
import { normalizeOptions } from '../lambdas/engine/options.ts';
import { runExport } from '../lambdas/engine/run.ts';
import { LocalStore } from '../lambdas/engine/storage/local.ts';
import { applyControl } from '../lambdas/simulator/control.ts';
import type { CollectionName } from '../lambdas/simulator/model.ts';
import { createRandom } from '../lambdas/simulator/random.ts';
import { DEFAULT_CLIENT, GenesysSimulator, type RequestLogEntry } from '../lambdas/simulator/server.ts';

const size = (process.argv[2] ?? 'small') as 'small' | 'large';
const SCALE = Number(process.env.BENCH_TIME_SCALE ?? 5);

/** A scaled clock the benchmark moves on by a night between the snapshot and the changed org's runs. */
function nightClock(): Clock & { advance(ms: number): void } {
  const base = createClock(SCALE);
  let offset = 0;
  return {
    scale: base.scale,
    now: () => base.now() + offset,
    sleep: base.sleep,
    advance: (ms) => {
      offset += ms;
    },
  };
}

const clock = nightClock();
const sim = new GenesysSimulator({ size, clock, rateLimitPerMinute: 300, latencyMs: { min: 50, max: 150 } });
await sim.start();
// The engine's own defaults for every option but the organization.
const options: ExportOptions = normalizeOptions({ organizationId: String(sim.org.organization.id) });

function client(): GenesysClient {
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

async function exportInto(dir: string, changes?: ChangeRequest) {
  const c = client();
  const firstLogged = sim.log.length;
  const before = sim.apiRequestCount().total;
  const counts = sim.counts();
  const start = clock.now();
  try {
    const r = await runExport(
      { client: c, clock, store: new LocalStore(dir) },
      options,
      8,
      undefined,
      changes,
    );
    const byEndpoint = Object.entries(sim.counts())
      .map(([k, v]) => [k, v - (counts[k] ?? 0)] as const)
      .filter(([k, v]) => v > 0 && k.includes(' /api/'))
      .sort((x, y) => y[1] - x[1]);
    return {
      r,
      requests: sim.apiRequestCount().total - before,
      seconds: (clock.now() - start) / 1000,
      byEndpoint,
      log: sim.log.slice(firstLogged),
    };
  } finally {
    await c.close();
  }
}

/** IDs of the resources the night changed (renamed, added, deleted, members or wrap-up codes changed). */
const touched = new Set<string>();

/** About 1% of the exported resources changed, spread as an org changes overnight. */
async function changeOvernight(total: number): Promise<number> {
  const rnd = createRandom(99);
  const budget = Math.max(3, Math.round(total / 100));
  const weights: Array<[CollectionName, number]> = [
    ['users', 0.4],
    ['queues', 0.15],
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
      const done = applyControl(
        sim,
        action === 'add' ? { action, collection } : { action, collection, id, name: `Renamed ${i}` },
      );
      touched.add(String((done.body as { id?: unknown } | undefined)?.id ?? id));
      changed++;
    }
  }
  // Queue members swapped and wrap-up codes added, through the queue's endpoints (audited).
  const api = client();
  try {
    for (let i = 0; i < Math.max(1, Math.round(budget * 0.1)); i++) {
      const q = String(rnd.pick(sim.org.queues).id);
      const [leaving] = sim.org.queueMembers.get(q) ?? [];
      if (leaving) await api.post(`/api/v2/routing/queues/${q}/members?delete=true`, [{ id: leaving }]);
      const user = rnd.pick(sim.org.users.filter((u) => u.state === 'active'));
      await api.post(`/api/v2/routing/queues/${q}/members`, [{ id: user.id }]);
      const other = String(rnd.pick(sim.org.queues).id);
      await api.post(`/api/v2/routing/queues/${other}/wrapupcodes`, [
        { id: rnd.pick(sim.org.wrapupCodes).id },
      ]);
      touched.add(q);
      touched.add(other);
      changed += 2;
    }
  } finally {
    await api.close();
  }
  return changed;
}

const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The run's requests by the resources their path or query names: none (listing pages, the audit query,
 * login, export job polls); a resource the night changed; a resource whose file changed only through
 * another's change (`filesChanged`: a queue that lost a deleted member); or only resources whose files did
 * not change (what not having a documented change signal costs).
 */
function whereRequestsWent(log: readonly RequestLogEntry[], filesChanged: ReadonlySet<string>) {
  const bucket = () => ({ total: 0, byEndpoint: new Map<string, number>() });
  const out = { none: 0, changed: bucket(), cascaded: bucket(), unchanged: bucket() };
  for (const entry of log) {
    if (!entry.endpoint.includes(' /api/')) continue;
    const ids = `${entry.path}${entry.query}`.match(ID) ?? [];
    // A job or query transaction's ID is not a resource's.
    const named = /\{(jobId|transactionId)\}/.test(entry.endpoint) ? [] : ids;
    if (!named.length) {
      out.none++;
      continue;
    }
    const b = named.some((id) => touched.has(id))
      ? out.changed
      : named.some((id) => filesChanged.has(id))
        ? out.cascaded
        : out.unchanged;
    b.total++;
    b.byEndpoint.set(entry.endpoint, (b.byEndpoint.get(entry.endpoint) ?? 0) + 1);
  }
  return out;
}

function top(byEndpoint: ReadonlyMap<string, number>): string {
  return [...byEndpoint]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([e, n]) => `${e.replace(/^GET \/api\/v2\//, '')} ${n}`)
    .join(', ');
}

const base = mkdtempSync(join(tmpdir(), 'cx-incremental-'));
try {
  const first = await exportInto(join(base, 'a'), { incremental: true });
  const total = Object.values(first.r.counts).reduce((a, b) => a + b, 0);
  const changed = await changeOvernight(total);
  clock.advance(8 * 3_600_000);
  cpSync(join(base, 'a'), join(base, 'b'), { recursive: true });
  const full = await exportInto(join(base, 'a'));
  const inc = await exportInto(join(base, 'b'), { incremental: true });
  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
  console.log(
    `== incremental, ${size} org: ${total} resources, ${changed} changes overnight, time scale x${SCALE}`,
  );
  console.log(
    `  full export:        ${String(full.requests).padStart(6)} requests, ${full.seconds.toFixed(1)} s (${full.r.changes.length} resources changed)`,
  );
  console.log(
    `  incremental export: ${String(inc.requests).padStart(6)} requests (${pct(inc.requests, full.requests)}), ${inc.seconds.toFixed(1)} s (${pct(inc.seconds, full.seconds)}); ${inc.r.tracking?.reused} resources kept unread, ${inc.r.changes.length} changed`,
  );
  if (inc.r.tracking?.mode !== 'incremental')
    console.log(`  NOT INCREMENTAL: ${inc.r.tracking?.reason ?? 'no tracking'}`);
  const split = whereRequestsWent(inc.log, new Set(inc.r.changes.map((c) => c.id)));
  console.log(
    `  incremental requests by what they name: no resource ${split.none} (listing pages, audit, login, export job polls); a resource the night changed ${split.changed.total} (${pct(split.changed.total, full.requests)}: ${top(split.changed.byEndpoint)}); one whose file changed through another's change ${split.cascaded.total} (${top(split.cascaded.byEndpoint)}); one whose file did not change ${split.unchanged.total} (${pct(split.unchanged.total, full.requests)} of the full run's requests: ${top(split.unchanged.byEndpoint)})`,
  );
  if (process.env.BENCH_VERBOSE)
    for (const [endpoint, n] of inc.byEndpoint) console.log(`    ${String(n).padStart(6)}  ${endpoint}`);
} finally {
  rmSync(base, { recursive: true, force: true });
  await sim.stop();
}
