/**
 * The `genesyscloud` command line. Commander parses the flags (`--flag value` and `--flag=value`); every
 * failure ends as one line on stderr and an exit code: 0 complete, 3 partial, 1 failed, 2 usage.
 */
import { Command, CommanderError, Option } from 'commander';
import { CATALOG } from '../engine/catalog/index.ts';
import { ExportError, UsageError } from '../engine/errors.ts';
import { loadEnv } from './env.ts';
import { type CliIo, describeFailure, EXIT, exportRun, type RunFlags } from './export-run.ts';

export interface CliResult {
  readonly code: number;
}

function buildProgram(io: CliIo, done: (code: number) => void): Command {
  const program = new Command('genesyscloud')
    .description('Export Genesys Cloud configuration into a deterministic, version-controlled snapshot')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError(false);
  const exportCmd = program.command('export').description('Export commands').exitOverride();
  exportCmd
    .command('run')
    .description('Export the organization configuration to a folder')
    .exitOverride()
    .option('--organizationId <id>', 'organization ID the credentials must belong to (or GENESYS_CLOUD_ORG_ID)')
    .option('--outputDir <dir>', 'folder to write the snapshot to', './export-output')
    .option('--resourceTypes <types>', `comma-separated types (default: all). Known: ${CATALOG.map((t) => t.name).join(', ')}`)
    .option('--resourceIds <ids>', 'comma-separated resource IDs to export (any type)')
    .addOption(new Option('--includeAllResources [bool]', 'also export inactive, system and deleted-but-listed resources').preset('true'))
    .option('--concurrency <n>', 'API requests in flight at most', '4')
    .option('--format <format>', 'json or yaml', 'json')
    .option('--verbose', 'log every API call and warning')
    .option('--gitCommit', 'commit the snapshot into a Git repository at outputDir (created if absent)')
    .option('--gitRemote <url>', 'push the snapshot to this HTTPS Git remote (token in GENESYS_EXPORT_GIT_TOKEN)')
    .option('--gitBranch <branch>', 'branch to commit to', 'main')
    .option('--gitPath <folder>', 'folder inside the remote repository that holds the snapshot', 'snapshot/')
    .option('--gitTokenStyle <style>', 'github, github-app, gitlab, bitbucket or basic (default: from the host)')
    .option('--gitAuthorName <name>', 'commit author name (or GENESYS_EXPORT_GIT_AUTHOR_NAME)')
    .option('--gitAuthorEmail <email>', 'commit author email (or GENESYS_EXPORT_GIT_AUTHOR_EMAIL)')
    .action(async (flags: RunFlags) => {
      const env = loadEnv(io.cwd, io.env);
      const { code } = await exportRun(flags, { ...io, env });
      done(code);
    });
  return program;
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
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') return { code: 0 };
      if (err.code === 'commander.executeSubCommandAsync' || err.exitCode === 0) return { code: 0 };
      return { code: EXIT.usage };
    }
    if (err instanceof UsageError) {
      io.stderr.write(`genesyscloud: error: ${describeFailure(err)}\n`);
      return { code: EXIT.usage };
    }
    io.stderr.write(`genesyscloud: error: ${describeFailure(err)}\n`);
    return { code: err instanceof ExportError ? EXIT.failed : EXIT.failed };
  }
}
