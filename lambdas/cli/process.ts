/**
 * The CLI as a process: signals, exit code, and nothing left running. Ctrl-C or SIGTERM: `export start
 * --wait` stops following (the execution goes on); `export run` stops the run and removes its work in
 * progress (a second signal ends at once); any other command ends.
 */
import type { CliIo } from './io.ts';
import { runCli } from './main.ts';

export async function runProcess(argv: readonly string[], extra: Partial<CliIo> = {}): Promise<never> {
  // The AWS SDK warns on Node 20 about its own future releases: nothing the user caused or can act on.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const interrupt = new AbortController();
  const stoppable = argv.includes('run') || (argv.includes('start') && argv.includes('--wait'));
  const onSignal = () => {
    if (stoppable && !interrupt.signal.aborted) interrupt.abort();
    else process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const { code } = await runCli(argv, {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    interrupt: interrupt.signal,
    ...extra,
  });
  // Requests a stopped run left in flight must not keep the process alive; stdout is flushed first.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
