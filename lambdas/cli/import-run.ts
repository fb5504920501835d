/**
 * `genesyscloud import run`: plans (and with --apply carries out) the import of a snapshot folder (or of
 * an archived run, `--fromRun`) into an org, with the same credentials, `.env`, region handling, pacing
 * and retries as `export run`. The report goes to stdout, its JSON form to
 * `<inputDir>/.genesys/import/<org>.plan.json` (`.report.json` after --apply); exit code 0 when nothing
 * is blocked or failed, 3 otherwise, 130 when Ctrl-C stopped the apply (what was done is recorded).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { resolveTypeNames } from '../engine/catalog/index.ts';
import { systemClock } from '../engine/clock.ts';
import { DEFAULT_CONCURRENCY } from '../engine/defaults.ts';
import { UsageError } from '../engine/errors.ts';
import { GenesysClient } from '../engine/genesys/client.ts';
import { connectionFromEnv } from '../engine/genesys/config.ts';
import { isSafeId } from '../engine/keys.ts';
import type { SnapshotStore } from '../engine/storage/types.ts';
import { IMPORTABLE } from '../import/importable.ts';
import { planFilePath, reportJson, reportText } from '../import/report.ts';
import { runImport } from '../import/run.ts';
import { SecretValues } from '../import/secrets-file.ts';
import { readSnapshot, type Snapshot } from '../import/snapshot.ts';
import type { AwsClients, Target } from './aws.ts';
import { archivedIdMapKey, copyArchivedRun, restoreIdMap, saveIdMap } from './import-from-run.ts';
import type { CliIo } from './io.ts';
import { EXIT } from './report.ts';
import { chooseArchive } from './run-archive.ts';

export interface ImportFlags extends Target {
  inputDir?: string;
  fromRun?: string;
  workDir?: string;
  secretsFile?: string;
  prune?: boolean;
  resourceIds?: string;
  organizationId?: string;
  apply?: boolean;
  resourceTypes?: string;
  ignoreMissingResources?: boolean;
  concurrency?: string;
  verbose?: boolean;
}

export async function importRun(
  flags: ImportFlags,
  io: CliIo,
  aws: () => AwsClients = () => {
    throw new UsageError('--fromRun on S3 needs AWS clients');
  },
): Promise<number> {
  if (!flags.inputDir === !flags.fromRun)
    throw new UsageError(
      '--inputDir (a snapshot folder or a Git checkout of one) or --fromRun (an archived run) is required, not both',
    );
  if (flags.workDir !== undefined && !flags.fromRun)
    throw new UsageError('--workDir is the folder --fromRun copies the run into: it needs --fromRun');
  const organizationId = flags.organizationId ?? io.env.GENESYS_CLOUD_ORG_ID;
  if (!organizationId?.trim())
    throw new UsageError('--organizationId is required (or set GENESYS_CLOUD_ORG_ID)');
  const resourceTypes = importableTypes(flags.resourceTypes);
  const resourceIds = idList(flags.resourceIds);
  if (flags.prune && resourceIds.length)
    throw new UsageError(
      '--prune cannot be used with --resourceIds: everything else of the selected types would be deleted',
    );
  const concurrency = flags.concurrency === undefined ? DEFAULT_CONCURRENCY : Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new UsageError(`--concurrency must be a whole number from 1 to 64, got '${flags.concurrency}'`);
  const secrets = flags.secretsFile ? SecretValues.read(flags.secretsFile, io.cwd) : undefined;
  const connection = connectionFromEnv(io.env);
  const { snapshot, archive } = await snapshotFrom(flags, io, aws, organizationId.trim());
  checkResourceIds(snapshot, resourceIds);
  const client = new GenesysClient({
    connection,
    clock: io.clock ?? systemClock,
    concurrency,
    onCall: flags.verbose
      ? (c) =>
          io.stderr.write(
            `${c.method} ${c.path} ${c.status} ${c.ms}ms${c.attempt > 1 ? ` (attempt ${c.attempt})` : ''}\n`,
          )
      : undefined,
  });
  const apply = flags.apply === true;
  try {
    const result = await runImport(
      client,
      snapshot,
      {
        organizationId: organizationId.trim(),
        resourceTypes,
        resourceIds,
        ignoreMissingResources: flags.ignoreMissingResources === true,
        apply,
        prune: flags.prune === true,
        secrets,
        concurrency,
        signal: io.interrupt,
        // What --prune deletes is shown before anything is changed.
        onPlan: (plan) => {
          if (apply && flags.prune) io.stdout.write(reportText(plan));
        },
      },
      (r) =>
        io.stderr.write(
          `${r.outcome}: ${r.type}/${r.action === 'delete' ? r.targetId : r.sourceId} (${r.name})\n`,
        ),
    );
    const file = planFilePath(snapshot.dir, organizationId.trim(), !!result.applied);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, reportJson(result.plan, result.applied));
    io.stdout.write(reportText(result.plan, result.applied));
    io.stdout.write(`${result.applied ? 'Report' : 'Plan'} written to ${file}\n`);
    if (result.idMapPath) {
      io.stdout.write(`ID map: ${result.idMapPath}\n`);
      if (archive)
        io.stdout.write(
          `ID map kept in ${await saveIdMap(archive, result.idMapPath, organizationId.trim())}\n`,
        );
    }
    const rows = result.applied ?? result.plan.resources;
    const left = rows.filter((r) => 'outcome' in r && r.outcome === 'interrupted');
    if (left.length) {
      io.stderr.write(
        `Interrupted: ${rows.length - left.length} of ${rows.length} resources done, ${left.length} left for a rerun; report and ID map written\n`,
      );
      return EXIT.interrupted;
    }
    const bad = rows.filter((r) => r.action === 'blocked' || ('outcome' in r && r.outcome === 'failed'));
    return bad.length ? EXIT.partial : EXIT.complete;
  } finally {
    await client.close();
  }
}

/**
 * The snapshot folder, or the archived run copied into the working folder with the archive's ID map for
 * the target (the archive is returned so that the apply's map goes back to it).
 */
async function snapshotFrom(
  flags: ImportFlags,
  io: CliIo,
  aws: () => AwsClients,
  targetOrgId: string,
): Promise<{ snapshot: Snapshot; archive?: SnapshotStore }> {
  if (flags.inputDir) return { snapshot: readSnapshot(flags.inputDir, io.cwd) };
  const { store } = await chooseArchive(aws, flags, io.cwd);
  const dir = await copyArchivedRun(store, String(flags.fromRun), flags.workDir, io.cwd);
  io.stderr.write(`Run ${flags.fromRun} from ${store.location} copied into ${dir}\n`);
  if (await restoreIdMap(store, dir, targetOrgId))
    io.stderr.write(
      `ID map for ${targetOrgId} taken from ${store.location}${archivedIdMapKey(targetOrgId)}\n`,
    );
  return { snapshot: readSnapshot(dir, io.cwd), archive: store };
}

/** `--resourceIds`: comma-separated source IDs, as `export run` takes them. */
function idList(value: string | undefined): string[] {
  if (value === undefined) return [];
  const ids = value
    .split(',')
    .map((s) => s.trim().replace(/^['"]|['"]$/g, ''))
    .filter(Boolean);
  if (ids.length === 0) throw new UsageError('--resourceIds is empty');
  const bad = ids.find((id) => !isSafeId(id));
  if (bad !== undefined) throw new UsageError(`--resourceIds: '${bad.slice(0, 70)}' is not a resource ID`);
  return [...new Set(ids)];
}

/** Every ID asked for is a resource of the snapshot that import covers. */
function checkResourceIds(snapshot: Snapshot, ids: readonly string[]): void {
  const known = new Set(snapshot.manifest.resources.filter((r) => IMPORTABLE.has(r.type)).map((r) => r.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length)
    throw new UsageError(
      `--resourceIds: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''} not among the snapshot's importable resources`,
    );
}

/** `--resourceTypes` (names or aliases) resolved, each of a type import covers. */
function importableTypes(value: string | undefined): string[] {
  const names = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const types = resolveTypeNames(names);
  const exportOnly = types.filter((t) => !IMPORTABLE.has(t));
  if (exportOnly.length)
    throw new UsageError(
      `--resourceTypes: ${exportOnly.join(', ')} cannot be imported yet (importable: ${[...IMPORTABLE.keys()].join(', ')})`,
    );
  return types;
}
