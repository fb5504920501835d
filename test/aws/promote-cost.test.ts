/**
 * Promote on S3 does work in proportion to what changed: one listing gives every file's content tag, a
 * staged file with the same bytes as the snapshot's is never copied and no snapshot file is read; removed
 * files are deleted one request each, with no listing first. Publish reads only the files whose ETag
 * changed since its last publish and grafts them onto the fetched parent. Counted at the S3 client
 * (s3rver behind it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PublishTarget } from '../../lambdas/engine/git/target.ts';
import type { Manifest } from '../../lambdas/engine/model.ts';
import { S3Store } from '../../lambdas/engine/storage/s3.ts';
import { localDeps } from '../../lambdas/local/deps.ts';
import { runWorkflowLocally } from '../../lambdas/local/workflow.ts';
import { DEFAULT_CLIENT, type GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { GitHttpServer } from '../git/server.ts';
import { cleanup, startSimulator } from '../helpers.ts';
import { byCommand, recordRequests, type S3Request, startS3 } from '../s3.ts';

afterEach(cleanup);

/** Runs the workflow and returns the requests each state sent. */
async function requestsPerState(
  sim: GenesysSimulator,
  snapshot: S3Store,
  archive: S3Store,
  sent: S3Request[],
  target?: PublishTarget,
): Promise<{ out: { outcome: string; changes: Record<string, number> }; states: Map<string, S3Request[]> }> {
  const states = new Map<string, S3Request[]>();
  let mark = 0;
  const deps = localDeps({
    apiBaseUrl: sim.url,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    clock: sim.clock,
    snapshot,
    archive,
    gitTarget: target && (async () => target),
  });
  const out = (await runWorkflowLocally(
    deps,
    { options: { organizationId: sim.org.organization.id, resourceTypes: 'routing:queue,routing:skill' } },
    {
      beforeTask: () => {
        mark = sent.length;
      },
      onTask: (state) => states.set(state, [...(states.get(state) ?? []), ...sent.slice(mark)]),
    },
  )) as { outcome: string; changes: Record<string, number> };
  await deps.client.close();
  return { out, states };
}

const isResourceFile = (key: string) => /^latest\/(?!\.genesys\/)[^/]+\/[^/]+\//.test(key);

describe('Promote on S3: requests in proportion to the changes', () => {
  it('copies only changed files, reads no snapshot file, deletes gone files without listing them', async () => {
    const { s3, stop } = await startS3('archive');
    try {
      const sent = recordRequests(s3);
      const sim = await startSimulator();
      const snapshot = new S3Store(s3, 'archive', 'latest');
      const archive = new S3Store(s3, 'archive', '');

      const first = await requestsPerState(sim, snapshot, archive, sent);
      expect(first.out.outcome).toBe('complete');
      const promote1 = first.states.get('Promote') ?? [];
      const manifest = JSON.parse(
        Buffer.from((await snapshot.read('.genesys/export-manifest.json')) ?? []).toString(),
      ) as Manifest;
      const files = manifest.resources.flatMap((r) => [r.path, r.definitionPath].filter(Boolean));
      expect(files.length).toBeGreaterThan(sim.org.queues.length);
      expect(byCommand(promote1).CopyObjectCommand).toBe(files.length);
      expect(promote1.filter((r) => r.command === 'GetObjectCommand' && isResourceFile(r.key))).toEqual([]);

      // Nothing changed: not one copy, not one single-object delete, not one read of a resource file.
      const second = await requestsPerState(sim, snapshot, archive, sent);
      expect(second.out.changes).toEqual({ added: 0, changed: 0, removed: 0 });
      const promote2 = second.states.get('Promote') ?? [];
      expect(byCommand(promote2).CopyObjectCommand ?? 0).toBe(0);
      expect(promote2.filter((r) => isResourceFile(r.key))).toEqual([]);

      // One queue renamed, one skill removed: one copy, one delete of that skill's file, no listing of it.
      (sim.org.queues[0] as { name: string }).name = 'Billing Escalations';
      const gone = sim.org.skills[0]?.id as string;
      sim.removeResource('skills', gone);
      const third = await requestsPerState(sim, snapshot, archive, sent);
      expect(third.out.changes).toEqual({ added: 0, changed: 1, removed: 1 });
      const promote3 = third.states.get('Promote') ?? [];
      expect(promote3.filter((r) => r.command === 'CopyObjectCommand').map((r) => r.key)).toEqual([
        `latest/routing/queue/${sim.org.queues[0]?.id}.json`,
      ]);
      expect(
        promote3
          .filter((r) => r.command === 'DeleteObjectCommand' && isResourceFile(r.key))
          .map((r) => r.key),
      ).toEqual([`latest/routing/skill/${gone}.json`]);
      expect(promote3.filter((r) => r.command === 'ListObjectsV2Command' && r.key.includes(gone))).toEqual(
        [],
      );
      expect(promote3.filter((r) => r.command === 'GetObjectCommand' && isResourceFile(r.key))).toEqual([]);
      expect(await snapshot.read(`routing/skill/${gone}.json`)).toBeUndefined();
      expect(
        Buffer.from((await snapshot.read(`routing/queue/${sim.org.queues[0]?.id}.json`)) ?? []).toString(),
      ).toContain('Billing Escalations');
    } finally {
      await stop();
    }
  });
});

describe('Publish on S3: reads only what changed since the last publish', () => {
  it('reads every file once, then only the changed file, and the commit holds the whole snapshot', async () => {
    const { s3, stop } = await startS3('archive');
    const git = new GitHttpServer('git', 'cost-token');
    await git.start();
    try {
      const sent = recordRequests(s3);
      const sim = await startSimulator();
      const snapshot = new S3Store(s3, 'archive', 'latest');
      const archive = new S3Store(s3, 'archive', '');
      const target: PublishTarget = {
        kind: 'remote',
        url: git.createRepo('cost.git'),
        branch: 'main',
        path: 'snapshot',
        token: 'git:cost-token',
        tokenStyle: 'basic',
        author: { name: 'cx-export', email: 'cx-export@example.com' },
      };
      const reads = (states: Map<string, S3Request[]>) =>
        (states.get('Publish') ?? [])
          .filter((r) => r.command === 'GetObjectCommand' && isResourceFile(r.key))
          .map((r) => r.key);

      const first = await requestsPerState(sim, snapshot, archive, sent, target);
      const files = (await snapshot.list('')).filter((k) => isResourceFile(`latest/${k}`));
      expect(reads(first.states).sort()).toEqual(files.map((k) => `latest/${k}`).sort());

      const queue = sim.org.queues[1] as { id: string; name: string };
      queue.name = 'Renamed Queue';
      const second = await requestsPerState(sim, snapshot, archive, sent, target);
      expect(second.out.changes).toEqual({ added: 0, changed: 1, removed: 0 });
      expect(reads(second.states)).toEqual([`latest/routing/queue/${queue.id}.json`]);
      expect(git.git('cost.git', 'rev-list', '--count', 'main').trim()).toBe('2');
      expect(git.git('cost.git', 'show', `main:snapshot/routing/queue/${queue.id}.json`)).toContain(
        'Renamed Queue',
      );
      const tree = git.git('cost.git', 'ls-tree', '-r', '--name-only', 'main').trim().split('\n');
      for (const k of files) expect(tree, k).toContain(`snapshot/${k}`);
    } finally {
      await git.stop();
      await stop();
    }
  });
});
