/**
 * `genesyscloud import run`: plans (and with --apply carries out) the import of a snapshot folder into an
 * org, with the same credentials, `.env`, region handling, pacing and retries as `export run`. The report
 * goes to stdout, its JSON form to `<inputDir>/.genesys/import/<org>.plan.json` (`.report.json` after
 * --apply); exit code 0 when nothing is blocked or failed, 3 otherwise.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { resolveTypeNames } from '../engine/catalog/index.ts';
import { systemClock } from '../engine/clock.ts';
import { DEFAULT_CONCURRENCY } from '../engine/defaults.ts';
import { UsageError } from '../engine/errors.ts';
import { GenesysClient } from '../engine/genesys/client.ts';
import { connectionFromEnv } from '../engine/genesys/config.ts';
import { IMPORTABLE } from '../import/importable.ts';
import { planFilePath, reportJson, reportText } from '../import/report.ts';
import { runImport } from '../import/run.ts';
import { readSnapshot } from '../import/snapshot.ts';
import type { CliIo } from './io.ts';
import { EXIT } from './report.ts';

export interface ImportFlags {
  inputDir?: string;
  organizationId?: string;
  apply?: boolean;
  resourceTypes?: string;
  ignoreMissingResources?: boolean;
  concurrency?: string;
  verbose?: boolean;
}

export async function importRun(flags: ImportFlags, io: CliIo): Promise<number> {
  if (!flags.inputDir) throw new UsageError('--inputDir is required: the snapshot folder to import');
  const organizationId = flags.organizationId ?? io.env.GENESYS_CLOUD_ORG_ID;
  if (!organizationId?.trim())
    throw new UsageError('--organizationId is required (or set GENESYS_CLOUD_ORG_ID)');
  const resourceTypes = importableTypes(flags.resourceTypes);
  const concurrency = flags.concurrency === undefined ? DEFAULT_CONCURRENCY : Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new UsageError(`--concurrency must be a whole number from 1 to 64, got '${flags.concurrency}'`);
  const connection = connectionFromEnv(io.env);
  const snapshot = readSnapshot(flags.inputDir, io.cwd);
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
  try {
    const result = await runImport(
      client,
      snapshot,
      {
        organizationId: organizationId.trim(),
        resourceTypes,
        ignoreMissingResources: flags.ignoreMissingResources === true,
        apply: flags.apply === true,
      },
      (r) => io.stderr.write(`${r.outcome}: ${r.type}/${r.sourceId} (${r.name})\n`),
    );
    const file = planFilePath(snapshot.dir, organizationId.trim(), !!result.applied);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, reportJson(result.plan, result.applied));
    io.stdout.write(reportText(result.plan, result.applied));
    io.stdout.write(`${result.applied ? 'Report' : 'Plan'} written to ${file}\n`);
    if (result.idMapPath) io.stdout.write(`ID map: ${result.idMapPath}\n`);
    const rows = result.applied ?? result.plan.resources;
    const bad = rows.filter((r) => r.action === 'blocked' || ('outcome' in r && r.outcome === 'failed'));
    return bad.length ? EXIT.partial : EXIT.complete;
  } finally {
    await client.close();
  }
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
