/**
 * `export start --wait`: polls the execution, prints each new progress line on stderr and, when it ends,
 * its output on stdout. Ctrl-C stops following; the execution keeps running.
 */
import { type AwsClients, executionOutcome, executionProgress } from './aws.ts';
import { endText, progressLine } from './history-text.ts';
import type { CliIo } from './io.ts';
import { EXIT, exitCodeFor } from './report.ts';

export async function follow(clients: AwsClients, executionArn: string, io: CliIo): Promise<number> {
  let last = '';
  for (;;) {
    if (io.interrupt?.aborted) {
      io.stderr.write(
        `Stopped following; the execution keeps running. Follow it again with: genesyscloud export status ${executionArn}\n`,
      );
      return EXIT.interrupted;
    }
    const p = await executionProgress(clients, executionArn);
    const line = progressLine(p);
    if (line !== last) io.stderr.write(`${line}\n`);
    last = line;
    if (p.status !== 'RUNNING') {
      io.stdout.write(endText(p));
      return exitCodeFor(executionOutcome(p));
    }
    await pause(io.pollMs ?? 5_000, io.interrupt);
  }
}

/** Waits `ms`, or less when the signal aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
