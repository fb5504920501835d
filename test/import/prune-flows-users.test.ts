/**
 * `import run --prune` for flows and users: a flow the snapshot lacks is deleted (`DELETE /api/v2/flows/{flowId}`),
 * a user the snapshot lacks is deleted (`DELETE /api/v2/users/{userId}`: it remains in state deleted); never
 * a system flow, nor what the export left out as inactive (a flow never published, an inactive user).
 */
import { randomUUID } from 'node:crypto';
import type { Models } from 'purecloud-platform-client-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { IMPORTABLE } from '../../lambdas/import/importable.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { cleanup, exportOnce, startSimulator, tempDir } from '../helpers.ts';
import { writes as apiWrites, importInto, stripExportOnlyReferences } from './fixtures.ts';

afterEach(cleanup);

/** Changes made to an org (an export job reads flow definitions: not a change). */
const writes = (sim: GenesysSimulator) =>
  apiWrites(sim).filter((e) => e.endpoint !== 'POST /api/v2/flows/export/jobs');

/** A flow of the target besides the imported ones, published or not. */
function addFlow(sim: GenesysSimulator, name: string, active: boolean): Models.Flow {
  const template = sim.org.flows.find((f) => !f.system) as Models.Flow;
  const id = randomUUID();
  const flow: Models.Flow = {
    ...structuredClone(template),
    id,
    name,
    active,
    selfUri: `/api/v2/flows/${id}`,
  };
  if (!active) delete flow.publishedVersion;
  sim.org.flows.push(flow);
  sim.org.flowDependencies.set(id, []);
  sim.org.flowDefinitions.set(id, String(sim.org.flowDefinitions.get(String(template.id))));
  sim.org.flowVersions.set(id, new Map(sim.org.flowVersions.get(String(template.id))));
  return flow;
}

/** A user of the target besides the imported ones, with an email of its own. */
function addUser(sim: GenesysSimulator, name: string, state: 'active' | 'inactive'): Models.User {
  const template = sim.org.users.find((u) => u.state === 'active') as Models.User;
  const id = randomUUID();
  const email = `${name.toLowerCase().replace(/ /g, '.')}@example.com`;
  const user: Models.User = {
    ...structuredClone(template),
    id,
    name,
    email,
    username: email,
    state,
    selfUri: `/api/v2/users/${id}`,
  };
  sim.org.users.push(user);
  return user;
}

describe('import run --prune: flows and users', () => {
  it('deletes the flow and the user the snapshot lacks, never a system flow, an unpublished flow or an inactive user; then has nothing to do', async () => {
    const a = await startSimulator();
    stripExportOnlyReferences(a);
    const dir = tempDir();
    await exportOnce(a, dir, { resourceTypes: [...IMPORTABLE.keys()] });
    const b = await startSimulator({ size: 'empty', seed: 2 });
    await importInto(b, ['--inputDir', dir], '--apply');

    const extraFlow = addFlow(b, 'Retired IVR', true);
    const draftFlow = addFlow(b, 'Draft IVR', false);
    const leaver = addUser(b, 'Left Company', 'active');
    const onLeave = addUser(b, 'On Leave', 'inactive');
    const systemFlows = b.org.flows.filter((f) => f.system).map((f) => f.id);
    expect(systemFlows.length).toBeGreaterThan(0);

    const types = ['--resourceTypes', 'routing:flow,admin:user'];
    const before = writes(b).length;
    const plan = await importInto(b, ['--inputDir', dir], '--prune', ...types);
    expect(writes(b).length).toBe(before);
    expect(plan.out.split('\n').filter((l) => l.startsWith('delete'))).toEqual([
      // Reverse import order: a flow consumes users, it goes first.
      `delete (--prune): routing:flow/${extraFlow.id} (${extraFlow.name}): not in the snapshot`,
      `delete (--prune): admin:user/${leaver.id} (${leaver.name}): not in the snapshot`,
    ]);

    await importInto(b, ['--inputDir', dir], '--apply', '--prune', ...types);
    expect(
      writes(b)
        .slice(before)
        .map((e) => `${e.endpoint} ${e.status}`)
        .sort(),
    ).toEqual(['DELETE /api/v2/flows/{flowId} 204', 'DELETE /api/v2/users/{userId} 200']);
    expect(b.org.flows.find((f) => f.id === extraFlow.id)?.deleted).toBe(true);
    expect(b.org.users.find((u) => u.id === leaver.id)?.state).toBe('deleted');
    expect(b.org.flows.find((f) => f.id === draftFlow.id)?.deleted).not.toBe(true);
    expect(b.org.users.find((u) => u.id === onLeave.id)?.state).toBe('inactive');
    expect(b.org.flows.filter((f) => systemFlows.includes(f.id) && f.deleted)).toEqual([]);

    const last = writes(b).length;
    const again = await importInto(b, ['--inputDir', dir], '--apply', '--prune', ...types);
    expect(again.out).not.toMatch(/^delete/m);
    expect(writes(b).length).toBe(last);
  });
});
