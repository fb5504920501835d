/**
 * Several organizations, one bucket: the synthesized state machine run locally for two organizations,
 * each step given the deps of the organization its input names (as the Lambdas pick theirs): each
 * organization's snapshot, staging, run lock and runs in its own folder; runs of different organizations
 * proceed in parallel; a second run of one organization is refused while its first one runs.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunRecordSummary } from '../../lambdas/engine/run-record.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { S3Store } from '../../lambdas/engine/storage/s3.ts';
import { readJson, type SnapshotStore } from '../../lambdas/engine/storage/types.ts';
import { organizationStores } from '../../lambdas/handlers/organizations.ts';
import type { HandlerDeps } from '../../lambdas/handlers/runtime.ts';
import { localDeps } from '../../lambdas/local/deps.ts';
import { runWorkflowLocally } from '../../lambdas/local/workflow.ts';
import { DEFAULT_CLIENT, type GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { cleanup, startSimulator, tempDir } from '../helpers.ts';
import { startS3 } from '../s3.ts';

afterEach(cleanup);

function depsFor(
  sim: GenesysSimulator,
  stores: (folder: string) => SnapshotStore,
): HandlerDeps & { client: { close(): Promise<void> } } {
  const layout = organizationStores(sim.org.organization.id);
  return localDeps({
    apiBaseUrl: sim.url,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    clock: sim.clock,
    snapshot: stores(layout.snapshot),
    archive: stores(layout.archive),
  });
}

/** The deps of each organization by ID, as the Lambdas pick theirs; any other organization is a bug. */
function byOrganization(all: Map<string, HandlerDeps>, asked: string[]) {
  return (organizationId: string | undefined): HandlerDeps => {
    asked.push(organizationId ?? '(none)');
    const deps = organizationId ? all.get(organizationId) : undefined;
    if (!deps) throw new Error(`no deps for organization ${organizationId}`);
    return deps;
  };
}

const queuesOnly = (sim: GenesysSimulator) => ({
  options: {
    organizationId: sim.org.organization.id,
    resourceTypes: 'routing:queue',
    followReferences: false,
  },
  trigger: 'schedule',
});

describe('Several organizations: the workflow, run locally into one bucket', () => {
  it('runs two organizations at once, each into its own folder of the bucket (s3rver), both complete', async () => {
    const simA = await startSimulator({ seed: 1 });
    const simB = await startSimulator({ seed: 2 });
    const [a, b] = [simA.org.organization.id ?? '', simB.org.organization.id ?? ''];
    expect(a).not.toBe(b);
    const { s3, stop } = await startS3('shared');
    const all = new Map<string, HandlerDeps>();
    const clients: Array<{ close(): Promise<void> }> = [];
    for (const sim of [simA, simB]) {
      const deps = depsFor(sim, (folder) => new S3Store(s3, 'shared', folder));
      all.set(sim.org.organization.id ?? '', deps);
      clients.push(deps.client);
    }
    try {
      const asked: string[] = [];
      const [outA, outB] = (await Promise.all([
        runWorkflowLocally(byOrganization(all, asked), queuesOnly(simA)),
        runWorkflowLocally(byOrganization(all, asked), queuesOnly(simB)),
      ])) as Array<{ runId: string; outcome: string }>;
      expect(outA?.outcome).toBe('complete');
      expect(outB?.outcome).toBe('complete');
      expect(new Set(asked)).toEqual(new Set([a, b]));

      const bucket = new S3Store(s3, 'shared', '');
      const keys = await bucket.list('');
      expect(keys.length).toBeGreaterThan(0);
      // Nothing at the bucket's root: every object is in one organization's folder.
      expect(keys.filter((k) => !k.startsWith(`orgs/${a}/`) && !k.startsWith(`orgs/${b}/`))).toEqual([]);
      for (const [sim, out] of [
        [simA, outA],
        [simB, outB],
      ] as const) {
        const org = sim.org.organization.id;
        const queue = sim.org.queues[0]?.id;
        expect(keys).toContain(`orgs/${org}/latest/routing/queue/${queue}.json`);
        const record = await readJson<RunRecordSummary>(
          bucket,
          `orgs/${org}/runs/${out?.runId}/run-record.json`,
        );
        expect(record).toMatchObject({ outcome: 'complete', organizationId: org });
        expect(record?.counts['routing:queue']).toBe(sim.org.queues.length);
        // No staging and no run lock left behind.
        expect(keys.filter((k) => k.startsWith(`orgs/${org}/latest/.genesys/staging/`))).toEqual([]);
      }
      // The other organization's queues are not in this one's snapshot.
      const queueOfB = simB.org.queues[0]?.id;
      expect(keys).not.toContain(`orgs/${a}/latest/routing/queue/${queueOfB}.json`);
    } finally {
      for (const c of clients) await c.close();
      await stop();
    }
    // Two runs on s3rver on a machine shared with other jobs: minutes, not seconds, at worst.
  }, 240_000);

  it("refuses a second run of an organization while its first runs, and lets the other organization's run finish meanwhile", async () => {
    const simA = await startSimulator({ seed: 1 });
    const simB = await startSimulator({ seed: 2 });
    // The run lock needs conditional writes, which s3rver ignores: the bucket is a folder here.
    const bucket = tempDir();
    const folderStore = (folder: string) => new LocalStore(join(bucket, folder));
    const depsA = depsFor(simA, folderStore);
    const depsB = depsFor(simB, folderStore);
    // A's first run stops before its first batch until the gate opens: its Plan took A's lock.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let calls = 0;
    const heldA: HandlerDeps = {
      ...depsA,
      genesysClient: async () => {
        if (++calls > 1) await gate;
        return depsA.genesysClient();
      },
    };
    let planned!: () => void;
    const afterPlan = new Promise<void>((resolve) => {
      planned = resolve;
    });
    try {
      const first = runWorkflowLocally(heldA, queuesOnly(simA), {
        executionId: 'exec-a-nightly',
        onTask: (state) => {
          if (state === 'Plan') planned();
        },
      });
      await afterPlan;
      const secondA = await runWorkflowLocally(depsA, queuesOnly(simA), {
        executionId: 'exec-a-manual',
      }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(secondA).toBeInstanceOf(Error);
      expect((secondA as Error).message).toMatch(/another run is active: .* \(exec-a-nightly\)/);
      // B has its own lock: its run goes through while A's holds A's.
      const runB = (await runWorkflowLocally(depsB, queuesOnly(simB), { executionId: 'exec-b-nightly' })) as {
        outcome: string;
      };
      expect(runB.outcome).toBe('complete');
      open();
      const runA = (await first) as { outcome: string; runId: string };
      expect(runA.outcome).toBe('complete');
      // The refused run left no record: A has exactly its one run.
      const runsOfA = (
        await folderStore(organizationStores(simA.org.organization.id).archive).list('runs')
      ).filter((k) => k.endsWith('run-record.json'));
      expect(runsOfA).toEqual([`runs/${runA.runId}/run-record.json`]);
    } finally {
      open();
      await depsA.client.close();
      await depsB.client.close();
    }
  });
});
