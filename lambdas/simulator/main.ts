/**
 * Runs the simulator by hand: `npm run simulator -- [--size small|large] [--port <n>] [--seed <n>] ...`
 * prints its URL and ready-to-paste `.env` lines, then serves until Ctrl-C; and
 * `npm run simulator -- control list|rename|delete|add ...` changes the running simulator's org through
 * its control endpoint (`/sim/control`), so a change can be seen flowing into the next export's commit.
 * Every usage error is one line and exit 2; any other failure one line and exit 1.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadEnv } from '../cli/env.ts';
import { CONTROL_PATH, type ControlResult } from './control.ts';
import type { ExportFileNaming } from './export-jobs.ts';
import { DEFAULT_CLIENT, GenesysSimulator, ORG_SIZES } from './server.ts';

const NAMINGS: readonly ExportFileNaming[] = [
  'fileNameYaml',
  'fileName',
  'nameAndId',
  'containsId',
  'flowName',
  'opaque',
];

export interface SimulatorCliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Resolves when the user asks the running simulator to stop (Ctrl-C). */
  readonly untilStopped: () => Promise<unknown>;
}

/** A failure to report as one line: `usage` exits 2, otherwise 1. */
class CliFailure extends Error {
  constructor(
    message: string,
    readonly code: 1 | 2,
  ) {
    super(message);
  }
}

function wholeNumber(flag: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max)
      throw new InvalidArgumentError(`${flag} must be a whole number from ${min} to ${max}`);
    return n;
  };
}

interface StartFlags {
  size: 'small' | 'large';
  port: number;
  seed: number;
  rate: number;
  inactiveUsers: number;
  exportNaming: ExportFileNaming;
}

/** Runs `npm run simulator -- <argv>`; resolves with the exit code. */
export async function runSimulatorCli(argv: readonly string[], io: SimulatorCliIo): Promise<number> {
  let code = 0;
  const program = new Command('npm run simulator --')
    .description(
      'Runs the Genesys Cloud simulator on 127.0.0.1 and prints the .env lines that point the exporter at it.',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`simulator: ${s}`),
    })
    .showSuggestionAfterError(false)
    .addOption(new Option('--size <size>', 'generated org size').choices(['small', 'large']).default('small'))
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', wholeNumber('--port', 0, 65_535), 0)
    .option(
      '--seed <n>',
      'seed of the generated org (same seed, same org and IDs)',
      wholeNumber('--seed', 0, 2 ** 31),
      1,
    )
    .option(
      '--rate <n>',
      'API requests allowed per token per minute',
      wholeNumber('--rate', 1, 1_000_000),
      300,
    )
    .option(
      '--inactive-users <n>',
      'inactive users to add to the org (on top of --size)',
      wholeNumber('--inactive-users', 0, 1_000_000),
      0,
    )
    .addOption(
      new Option('--export-naming <naming>', 'how entries of downloaded flow exports are named')
        .choices(NAMINGS)
        .default('fileNameYaml'),
    )
    .addHelpText(
      'after',
      `
Examples:
  npm run simulator                          small org on any free port
  npm run simulator -- --port 8080 --seed 7  a stable URL; another org
  npm run simulator -- control list queues   the running simulator's queues (id, name)
  npm run simulator -- control rename queues <id> "New name"
  npm run simulator -- control delete skills <id>
  npm run simulator -- control add users "Ada Lovelace"

control reads the simulator's URL from --url, or GENESYS_CLOUD_BASE_URL in the environment or ./.env.
The control endpoint itself: GET ${CONTROL_PATH} lists the org; POST ${CONTROL_PATH} takes JSON such as
{"action":"rename","collection":"queues","id":"<id>","name":"New name"}. No token; 127.0.0.1 only.
`,
    )
    .action(async (flags: StartFlags) => {
      code = await start(flags, io);
    });

  const control = program
    .command('control')
    .description(`changes the running simulator's org through ${CONTROL_PATH}`);
  const urlOption = () =>
    new Option(
      '--url <url>',
      'the simulator (default: GENESYS_CLOUD_BASE_URL from the environment or ./.env)',
    );
  control
    .command('list')
    .description('lists the collections, or one collection as id and name')
    .argument('[collection]', 'e.g. queues, skills, users')
    .addOption(urlOption())
    .action(async (collection: string | undefined, o: { url?: string }) => {
      code = await list(simulatorUrl(o.url, io), collection, io);
    });
  control
    .command('rename')
    .description('renames a resource')
    .argument('<collection>', 'e.g. queues')
    .argument('<id>', 'the resource ID (see control list)')
    .argument('<name...>', 'the new name')
    .addOption(urlOption())
    .action(async (collection: string, id: string, name: string[], o: { url?: string }) => {
      code = await change(
        simulatorUrl(o.url, io),
        { action: 'rename', collection, id, name: name.join(' ') },
        io,
      );
    });
  control
    .command('delete')
    .description('deletes a resource')
    .argument('<collection>', 'e.g. skills')
    .argument('<id>', 'the resource ID (see control list)')
    .addOption(urlOption())
    .action(async (collection: string, id: string, o: { url?: string }) => {
      code = await change(simulatorUrl(o.url, io), { action: 'delete', collection, id }, io);
    });
  control
    .command('add')
    .description('adds a resource (a copy of the first one, under a new ID)')
    .argument('<collection>', 'e.g. users')
    .argument('[name...]', 'its name (default: "<first one\'s name> Copy <n>")')
    .addOption(urlOption())
    .action(async (collection: string, name: string[], o: { url?: string }) => {
      code = await change(
        simulatorUrl(o.url, io),
        { action: 'add', collection, ...(name.length ? { name: name.join(' ') } : {}) },
        io,
      );
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const failure =
      err instanceof CliFailure ? err : new CliFailure(err instanceof Error ? err.message : String(err), 1);
    io.stderr.write(`simulator: error: ${failure.message.split('\n')[0]}\n`);
    return failure.code;
  }
}

async function start(flags: StartFlags, io: SimulatorCliIo): Promise<number> {
  const sim = new GenesysSimulator({
    size:
      flags.inactiveUsers > 0 ? { ...ORG_SIZES[flags.size], inactiveUsers: flags.inactiveUsers } : flags.size,
    exportFileNaming: flags.exportNaming,
    seed: flags.seed,
    rateLimitPerMinute: flags.rate,
    port: flags.port,
  });
  let url: string;
  try {
    url = await sim.start();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE')
      throw new CliFailure(
        `port ${flags.port} on 127.0.0.1 is in use: pick another --port, or --port 0 for any free one`,
        1,
      );
    if (e.code === 'EACCES')
      throw new CliFailure(
        `port ${flags.port} on 127.0.0.1 is not allowed here: pick a port above 1023, or --port 0`,
        1,
      );
    throw err;
  }
  const org = sim.org.organization;
  io.stdout.write(
    [
      `Genesys Cloud simulator: ${flags.size} org '${org.name}' (seed ${flags.seed}) listening on ${url} (127.0.0.1 only)`,
      '',
      'Paste into .env (a demo client and secret, for this simulator only):',
      `GENESYS_CLOUD_BASE_URL=${url}`,
      `GENESYS_CLOUD_OAUTH_CLIENT_ID=${DEFAULT_CLIENT.clientId}`,
      `GENESYS_CLOUD_OAUTH_CLIENT_SECRET=${DEFAULT_CLIENT.clientSecret}`,
      `GENESYS_CLOUD_ORG_ID=${org.id}`,
      '',
      'Export and commit: npx genesyscloud export run --outputDir ./export-output --gitCommit',
      `Change the org (${url}${CONTROL_PATH}; reads the URL from ./.env, or add --url ${url}):`,
      '  npm run simulator -- control list queues',
      '  npm run simulator -- control rename queues <id> "New name"',
      '  npm run simulator -- control delete skills <id>',
      '  npm run simulator -- control add users "Ada Lovelace"',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await io.untilStopped();
  await sim.stop();
  io.stdout.write('Simulator stopped.\n');
  return 0;
}

/** The running simulator's URL: --url, else GENESYS_CLOUD_BASE_URL; only ever a loopback http URL. */
function simulatorUrl(flag: string | undefined, io: SimulatorCliIo): string {
  let value = flag;
  if (!value) {
    try {
      value = loadEnv(io.cwd, io.env).GENESYS_CLOUD_BASE_URL;
    } catch (err) {
      throw new CliFailure(err instanceof Error ? err.message : String(err), 2);
    }
  }
  if (!value)
    throw new CliFailure(
      'no simulator URL: pass --url http://127.0.0.1:<port> or set GENESYS_CLOUD_BASE_URL (the line the simulator printed)',
      2,
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliFailure(`'${value}' is not a URL: pass --url http://127.0.0.1:<port>`, 2);
  }
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new CliFailure(
      `control talks to a simulator on this machine only, not ${url.origin}: pass --url http://127.0.0.1:<port>`,
      2,
    );
  return url.origin;
}

async function call(origin: string, init?: RequestInit, query = ''): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(`${origin}${CONTROL_PATH}${query}`, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new CliFailure(`no simulator answers at ${origin} (${cause}): start one with npm run simulator`, 1);
  }
  const body = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!body) throw new CliFailure(`${origin} answered ${res.status} without JSON: is it the simulator?`, 1);
  if (!res.ok || body.ok === false) throw new CliFailure(String(body.error ?? `status ${res.status}`), 1);
  return body;
}

async function list(origin: string, collection: string | undefined, io: SimulatorCliIo): Promise<number> {
  const body = await call(
    origin,
    undefined,
    collection ? `?collection=${encodeURIComponent(collection)}` : '',
  );
  const collections = body.collections as Record<string, Array<{ id: string; name: string; state?: string }>>;
  if (!collection) {
    for (const [name, items] of Object.entries(collections))
      io.stdout.write(`${name.padEnd(18)} ${String(items.length).padStart(6)}\n`);
    io.stdout.write('List one with: npm run simulator -- control list <collection>\n');
    return 0;
  }
  for (const item of collections[collection] ?? [])
    io.stdout.write(`${item.id}  ${item.name}${item.state ? ` (${item.state})` : ''}\n`);
  return 0;
}

async function change(
  origin: string,
  request: { action: string; collection: string; id?: string; name?: string },
  io: SimulatorCliIo,
): Promise<number> {
  const r = (await call(origin, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  })) as unknown as ControlResult;
  const line =
    r.action === 'rename'
      ? `Renamed ${r.collection} ${r.id}: '${r.previousName}' -> '${r.name}'`
      : r.action === 'delete'
        ? `Deleted ${r.collection} ${r.id} ('${r.name}')`
        : `Added ${r.collection} ${r.id} ('${r.name}')`;
  io.stdout.write(`${line}\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `control list users | head`: a reader that went away is no error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  process.exitCode = await runSimulatorCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    // `npm run` runs scripts in the package's folder: the user's own folder (and .env) is INIT_CWD.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    untilStopped: () =>
      new Promise((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      }),
  });
}
