/**
 * The state machine CDK synthesizes, run locally with the same handler code, against the simulator: on a
 * local folder and on a real S3 protocol server (s3rver) through @aws-sdk/client-s3.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Manifest } from '../../lambdas/engine/model.ts';
import type { RunRecordSummary } from '../../lambdas/engine/run-record.ts';
import { LocalStore } from '../../lambdas/engine/storage/local.ts';
import { S3Store } from '../../lambdas/engine/storage/s3.ts';
import type { SnapshotStore } from '../../lambdas/engine/storage/types.ts';
import type { HandlerDeps } from '../../lambdas/handlers/runtime.ts';
import { localDeps } from '../../lambdas/local/deps.ts';
import { runWorkflowLocally } from '../../lambdas/local/workflow.ts';
import type { GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { DEFAULT_CLIENT } from '../../lambdas/simulator/server.ts';
import {
  cleanup,
  everyPermissionExcept,
  exportOnce,
  readManifest,
  snapshotFiles,
  startSimulator,
  tempDir,
} from '../helpers.ts';
import { startS3 } from '../s3.ts';

afterEach(cleanup);

function deps(
  sim: GenesysSimulator,
  snapshot: SnapshotStore,
  archive: SnapshotStore,
  notices: string[] = [],
): HandlerDeps {
  return localDeps({
    apiBaseUrl: sim.url,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    clock: sim.clock,
    snapshot,
    archive,
    logger: { info: () => {}, warn: (m) => notices.push(m), error: (m) => notices.push(m) },
  });
}

const stripRun = (m: Manifest) => ({ ...m, runId: '', exportTime: '' });

describe('Workflow: the synthesized state machine, run locally', () => {
  it('yields the same snapshot and manifest as the CLI for the same org and options, and archives the run', async () => {
    const sim = await startSimulator();
    const viaCli = tempDir();
    await exportOnce(sim, viaCli);
    const snapshot = tempDir();
    const archive = tempDir();
    const result = (await runWorkflowLocally(deps(sim, new LocalStore(snapshot), new LocalStore(archive)), {
      options: { organizationId: sim.org.organization.id },
      trigger: 'schedule',
    })) as {
      runId: string;
      outcome: string;
    };
    expect(result.outcome).toBe('complete');
    expect(snapshotFiles(snapshot)).toEqual(snapshotFiles(viaCli));
    expect(stripRun(readManifest(snapshot))).toEqual(stripRun(readManifest(viaCli)));
    const record = JSON.parse(
      readFileSync(join(archive, 'runs', result.runId, 'run-record.json'), 'utf8'),
    ) as RunRecordSummary;
    expect(record).toMatchObject({
      outcome: 'complete',
      trigger: 'schedule',
      runId: result.runId,
      organizationId: sim.org.organization.id,
    });
    expect(record.options?.organizationId).toBe(sim.org.organization.id);
    expect(record.apiRequests).toBeGreaterThan(0);
    expect(
      readFileSync(
        join(archive, 'runs', result.runId, 'snapshot', 'routing', 'queue', `${sim.org.queues[0]?.id}.json`),
        'utf8',
      ),
    ).toContain(String(sim.org.queues[0]?.name));
    expect(JSON.parse(readFileSync(join(archive, 'latest.json'), 'utf8')).runId).toBe(result.runId);
  });

  it('records a failed run and fails the execution on bad options, leaving the snapshot untouched', async () => {
    const sim = await startSimulator();
    const snapshot = tempDir();
    const archive = tempDir();
    await expect(
      runWorkflowLocally(deps(sim, new LocalStore(snapshot), new LocalStore(archive)), {
        options: { organizationId: sim.org.organization.id, resourceTypes: ['routing:nope'] },
      }),
    ).rejects.toThrow(/unknown resource type 'routing:nope'/);
    const runs = new LocalStore(archive);
    const records = (await runs.list('runs')).filter((k) => k.endsWith('run-record.json'));
    expect(records).toHaveLength(1);
    const record = JSON.parse(readFileSync(join(archive, records[0] as string), 'utf8')) as RunRecordSummary;
    expect(record.outcome).toBe('failed');
    expect(record.error).toContain('UsageError');
    expect(snapshotFiles(snapshot, false).size).toBe(0);
  });

  it('notifies on a partial run', async () => {
    const sim = await startSimulator({
      clients: [{ ...DEFAULT_CLIENT, permissions: everyPermissionExcept('architect:flow:view') }],
    });
    const notices: unknown[] = [];
    const out = (await runWorkflowLocally(
      deps(sim, new LocalStore(tempDir()), new LocalStore(tempDir())),
      { options: { organizationId: sim.org.organization.id, resourceTypes: 'routing:queue,routing:flow' } },
      { onNotify: (m) => notices.push(m) },
    )) as { outcome: string };
    expect(out.outcome).toBe('partial');
    expect(notices).toHaveLength(1);
  });
});

describe('Workflow: on S3 (s3rver on loopback through @aws-sdk/client-s3)', () => {
  it('writes the snapshot under latest/ and the run under runs/<run-id>/, re-runs without changes', async () => {
    const { s3, stop } = await startS3('archive');
    try {
      const sim = await startSimulator();
      const snapshot = new S3Store(s3, 'archive', 'latest');
      const archive = new S3Store(s3, 'archive', '');
      const first = (await runWorkflowLocally(deps(sim, snapshot, archive), {
        options: { organizationId: sim.org.organization.id },
      })) as { runId: string; outcome: string; changes: { added: number } };
      expect(first.outcome).toBe('complete');
      const keys = await archive.list('');
      expect(keys).toContain('latest/.genesys/export-manifest.json');
      expect(keys).toContain(`runs/${first.runId}/run-record.json`);
      expect(keys).toContain(`runs/${first.runId}/snapshot/routing/queue/${sim.org.queues[0]?.id}.json`);
      expect(keys.some((k) => k.includes('/staging/'))).toBe(false);
      const manifest = JSON.parse(
        Buffer.from((await snapshot.read('.genesys/export-manifest.json')) as Uint8Array).toString('utf8'),
      ) as Manifest;
      expect(manifest.resources.length).toBe(first.changes.added);
      sim.advanceVolatileState();
      const second = (await runWorkflowLocally(deps(sim, snapshot, archive), {
        options: { organizationId: sim.org.organization.id },
      })) as { changes: Record<string, number> };
      expect(second.changes).toEqual({ added: 0, changed: 0, removed: 0 });
    } finally {
      await stop();
    }
  });
});
