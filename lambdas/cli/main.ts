/**
 * The `genesyscloud` command line. Commander parses the flags (`--flag value` and `--flag=value`); every
 * failure ends as one line on stderr and an exit code: 0 complete, 3 partial, 1 failed, 2 usage.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { CATALOG } from '../engine/catalog/index.ts';
import { DEFAULT_BRANCH, DEFAULT_CONCURRENCY, DEFAULT_STACK_NAME } from '../engine/defaults.ts';
import { UsageError } from '../engine/errors.ts';
import { DEFAULT_GIT_PATH } from '../engine/git/target.ts';
import { DEFAULT_FULL_AFTER_DAYS, DEFAULT_FULL_EVERY } from '../engine/incremental.ts';
import type { SnapshotStore } from '../engine/storage/types.ts';
import {
  type AwsClients,
  assertNoActiveRun,
  defaultAwsClients,
  executionOutcome,
  executionProgress,
  pickOrganization,
  resolveStateMachine,
  stackOrganizations,
  startExecution,
  type Target,
} from './aws.ts';
import { loadEnv } from './env.ts';
import { exportRun } from './export-run.ts';
import { follow } from './follow.ts';
import { awsErrorLine, diffText, executionText, runsTable } from './history-text.ts';
import { type ImportFlags, importRun } from './import-run.ts';
import type { CliIo } from './io.ts';
import { describeFailure, EXIT, exitCodeFor } from './report.ts';
import { chooseArchive, DEFAULT_ARCHIVE_DIR, diffRuns, findRun, listRuns, showRun } from './run-archive.ts';
import { exportOptionsFromFlags, type RunFlags } from './run-flags.ts';

/** The version printed by `--version`: package.json's. */
const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface CliResult {
  readonly code: number;
}

/** What to export: the options `export run` and `export start` share. */
function selection(c: Command): Command {
  return c
    .option(
      '--organizationId <id>',
      'organization ID the credentials must belong to (or GENESYS_CLOUD_ORG_ID)',
    )
    .option(
      '--resourceTypes <types>',
      `comma-separated types (default: all). Known: ${CATALOG.map((t) => t.name).join(', ')}`,
    )
    .option('--resourceIds <ids>', 'comma-separated resource IDs to export (any type)')
    .addOption(
      new Option(
        '--includeAllResources [bool]',
        'also export inactive, system and deleted-but-listed resources',
      ).preset('true'),
    )
    .addOption(
      new Option(
        '--followReferences [bool]',
        'follow references into other types (default true); false exports only the selected types',
      ).preset('true'),
    )
    .option(
      '--include <filter>',
      "keep only resources of a type whose name matches: '<type>::<regular expression>' (repeatable)",
      collect,
    )
    .option(
      '--exclude <filter>',
      "leave out resources of a type whose name matches: '<type>::<regular expression>' (repeatable)",
      collect,
    )
    .option('--format <format>', 'json or yaml', 'json');
}

/** Repeatable flags (`--include a --include b`) collect into an array. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** What every command's action needs: the outside world, AWS on demand, and where its exit code goes. */
interface CommandContext {
  readonly io: CliIo;
  readonly aws: () => AwsClients;
  readonly done: (code: number) => void;
}

function buildProgram(io: CliIo, done: (code: number) => void): Command {
  const program = new Command('genesyscloud')
    .description('Export Genesys Cloud configuration into a deterministic, version-controlled snapshot')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError(false)
    .version(VERSION, '--version', 'print the version of cx-export');
  const exportCmd = program.command('export').description('Export commands').exitOverride();
  const ctx: CommandContext = { io, aws: () => io.aws ?? defaultAwsClients(), done };
  addRunCommand(exportCmd, ctx);
  addStartCommand(exportCmd, ctx);
  addStatusCommand(exportCmd, ctx);
  addRunsCommand(exportCmd, ctx);
  addShowCommand(exportCmd, ctx);
  addDiffCommand(exportCmd, ctx);
  addImportCommand(program, ctx);
  return program;
}

function addRunCommand(exportCmd: Command, { io, done }: CommandContext): void {
  selection(
    exportCmd.command('run').description('Export the organization configuration to a folder').exitOverride(),
  )
    .option('--outputDir <dir>', 'folder to write the snapshot to', './export-output')
    .option('--concurrency <n>', 'API requests in flight at most', String(DEFAULT_CONCURRENCY))
    .option('--verbose', 'log every API call and warning')
    .option('--gitCommit', 'commit the snapshot into a Git repository at outputDir (created if absent)')
    .option(
      '--gitRemote <url>',
      'push the snapshot to this HTTPS Git remote (token in GENESYS_EXPORT_GIT_TOKEN)',
    )
    .option('--gitBranch <branch>', 'branch to commit to', DEFAULT_BRANCH)
    .option(
      '--gitPath <folder>',
      'folder inside the remote repository that holds the snapshot',
      `${DEFAULT_GIT_PATH}/`,
    )
    .option(
      '--gitTokenStyle <style>',
      'github, github-app, gitlab, bitbucket or basic (default: from the host)',
    )
    .option('--gitAuthorName <name>', 'commit author name (or GENESYS_EXPORT_GIT_AUTHOR_NAME)')
    .option('--gitAuthorEmail <email>', 'commit author email (or GENESYS_EXPORT_GIT_AUTHOR_EMAIL)')
    .option('--incremental', 'read again only what changed since the snapshot in outputDir')
    .option('--full', 'a full run, even with --incremental')
    .option('--fullEvery <n>', 'with --incremental, a full run every n runs', String(DEFAULT_FULL_EVERY))
    .option(
      '--fullAfterDays <days>',
      'with --incremental, a full run when the last full one is older than this',
      String(DEFAULT_FULL_AFTER_DAYS),
    )
    .action(async (flags: RunFlags) => {
      const env = loadEnv(io.cwd, io.env);
      const { code } = await exportRun(flags, { ...io, env });
      done(code);
    });
}

function addImportCommand(program: Command, { io, aws, done }: CommandContext): void {
  const importCmd = program.command('import').description('Import commands').exitOverride();
  importCmd
    .command('run')
    .description('Plan (and with --apply carry out) the import of a snapshot folder into an organization')
    .exitOverride()
    .option('--inputDir <dir>', 'the snapshot folder (an export-output, or a Git checkout of one)')
    .option('--fromRun <run-id>', 'import an archived run instead (the local archive, or the bucket)')
    .option('--archiveDir <dir>', `with --fromRun: a local run archive (default: ./${DEFAULT_ARCHIVE_DIR})`)
    .option('--stack <name>', `with --fromRun: the exporter's stack (default: ${DEFAULT_STACK_NAME})`)
    .option('--bucket <name>', 'with --fromRun: the archive bucket (default: from the stack outputs)')
    .option(
      '--workDir <dir>',
      'with --fromRun: the folder the run is copied into (default: ./import-work/<source org id>)',
    )
    .option(
      '--organizationId <id>',
      'the target organization the credentials must belong to (or GENESYS_CLOUD_ORG_ID)',
    )
    .option('--apply', 'carry the plan out (without it nothing is changed)')
    .option(
      '--resourceTypes <types>',
      'comma-separated types to import (default: every importable type of the snapshot)',
    )
    .option(
      '--ignoreMissingResources',
      'drop references the target cannot have (reported) instead of blocking',
    )
    .option(
      '--resourceIds <ids>',
      'comma-separated source IDs to import (default: all of the selected types)',
    )
    .option(
      '--secretsFile <json>',
      'values of redacted credentials: {"<type>/<id>": {"<path>": "<value>"}} (never logged or written)',
    )
    .option(
      '--prune',
      "also delete the selected types' resources absent from the snapshot (planned; deleted only with --apply)",
    )
    .option('--concurrency <n>', 'API requests in flight at most', String(DEFAULT_CONCURRENCY))
    .option('--verbose', 'log every API call')
    .action(async (flags: ImportFlags) => {
      const env = loadEnv(io.cwd, io.env);
      done(await importRun(flags, { ...io, env }, aws));
    });
}

/** The deployment a command talks to. */
function target(c: Command): Command {
  return c
    .option('--stateMachineArn <arn>', 'the exporter state machine (default: from the stack outputs)')
    .option('--stack <name>', `the CloudFormation stack of the exporter (default: ${DEFAULT_STACK_NAME})`)
    .option('--bucket <name>', 'the archive bucket (default: from the stack outputs)');
}

/** The history commands also read a local run archive (the demo's ./export-archive). */
function history(c: Command): Command {
  return target(c)
    .option(
      '--archiveDir <dir>',
      `a local run archive folder (default: ./${DEFAULT_ARCHIVE_DIR} when it exists and no --stack or --bucket is given)`,
    )
    .option(
      '--organizationId <id>',
      'the organization, in a stack that exports several (required there; its folder orgs/<id>/ with --bucket)',
    );
}

function addStartCommand(exportCmd: Command, { io, aws, done }: CommandContext): void {
  selection(
    target(
      exportCmd.command('start').description('Start an export on AWS (same options as run)').exitOverride(),
    ),
  )
    .option('--wait', 'follow the execution until it ends')
    .action(async (flags: RunFlags & Target & { wait?: boolean }) => {
      const env = loadEnv(io.cwd, io.env);
      const options = exportOptionsFromFlags(flags, env);
      const { concurrency: _c, ...exportOptions } = options;
      const clients = aws();
      const arn = await resolveStateMachine(clients, flags);
      // A stack of several organizations: the organization must be one of them, and only its own
      // running execution refuses the start.
      const several = await stackOrganizations(clients, flags);
      await assertNoActiveRun(clients, arn, pickOrganization(several, exportOptions.organizationId));
      const executionArn = await startExecution(clients, arn, exportOptions);
      io.stdout.write(`Started ${executionArn}\n`);
      if (!flags.wait) return done(EXIT.complete);
      done(await follow(clients, executionArn, io));
    });
}

/** The run archive a history command reads; says so when a local folder was picked by default. */
async function archiveFor({ io, aws }: CommandContext, flags: Target): Promise<SnapshotStore> {
  const choice = await chooseArchive(aws, flags, io.cwd);
  if (choice.implicit) io.stderr.write(`Run archive: ${choice.store.location} (local folder)\n`);
  return choice.store;
}

function addStatusCommand(exportCmd: Command, ctx: CommandContext): void {
  const { io, aws, done } = ctx;
  history(
    exportCmd
      .command('status <execution>')
      .description('State, progress and summary of an execution ARN or run ID')
      .exitOverride(),
  ).action(async (execution: string, flags: Target) => {
    if (execution.startsWith('arn:')) {
      const p = await executionProgress(aws(), execution);
      io.stdout.write(executionText(p));
      return done(p.status === 'RUNNING' ? EXIT.complete : exitCodeFor(executionOutcome(p)));
    }
    const record = await findRun(await archiveFor(ctx, flags), execution);
    io.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    done(exitCodeFor(record.outcome));
  });
}

function addRunsCommand(exportCmd: Command, ctx: CommandContext): void {
  const { io, done } = ctx;
  history(exportCmd.command('runs').description('Recent runs from the archive, newest first').exitOverride())
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON instead of a table')
    .action(async (flags: Target & { limit: string; json?: boolean }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new UsageError(`--limit must be a whole number from 1 to 1000, got '${flags.limit}'`);
      const store = await archiveFor(ctx, flags);
      const records = await listRuns(store, limit);
      if (records.length === 0 && !flags.json) io.stderr.write(`No runs archived in ${store.location}\n`);
      else io.stdout.write(`${flags.json ? JSON.stringify(records, null, 2) : runsTable(records)}\n`);
      done(EXIT.complete);
    });
}

function addShowCommand(exportCmd: Command, ctx: CommandContext): void {
  history(
    exportCmd
      .command('show <runId> [resource]')
      .description('The manifest of a run, or one archived resource (<type>/<id>)')
      .exitOverride(),
  ).action(async (runId: string, resource: string | undefined, flags: Target) => {
    ctx.io.stdout.write(await showRun(await archiveFor(ctx, flags), runId, resource));
    ctx.done(EXIT.complete);
  });
}

function addDiffCommand(exportCmd: Command, ctx: CommandContext): void {
  history(
    exportCmd
      .command('diff <runId> [olderRunId]')
      .description('What changed between two archived runs (default: the run before)')
      .exitOverride(),
  ).action(async (runId: string, older: string | undefined, flags: Target) => {
    ctx.io.stdout.write(`${diffText(await diffRuns(await archiveFor(ctx, flags), runId, older))}\n`);
    ctx.done(EXIT.complete);
  });
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<CliResult> {
  let code: number = EXIT.complete;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return { code: EXIT.usage };
    }
    await program.parseAsync([...argv], { from: 'user' });
    return { code };
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version end with exit code 0; commander already printed its one-line error otherwise.
      // `export` without a subcommand shows its help as an error (exit code 1 from commander): usage.
      if (err.code === 'commander.help') return { code: err.exitCode === 0 ? 0 : EXIT.usage };
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return { code: 0 };
      if (err.code === 'commander.executeSubCommandAsync' || err.exitCode === 0) return { code: 0 };
      return { code: EXIT.usage };
    }
    if (err instanceof UsageError) {
      io.stderr.write(`genesyscloud: error: ${describeFailure(err)}\n`);
      return { code: EXIT.usage };
    }
    io.stderr.write(`genesyscloud: error: ${awsErrorLine(err) ?? describeFailure(err)}\n`);
    return { code: EXIT.failed };
  }
}
