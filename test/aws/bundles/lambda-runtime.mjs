/**
 * A warm Lambda execution environment for one bundled handler, run under the Lambda's own Node major:
 * `node lambda-runtime.mjs <bundle/index.mjs>`. Invocations arrive as JSON lines on stdin
 * (`{"id","event","remainingMs"}`) and their results leave as JSON lines on file descriptor 3, so that the
 * handler's own log lines (Powertools writes to stdout) stay apart and can be inspected. An error is
 * reported as Lambda reports it: its `errorType` is the error's name, which Step Functions matches.
 */
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const [bundle] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(bundle).href);
const results = createWriteStream(null, { fd: 3 });
const send = (message) => results.write(`${JSON.stringify(message)}\n`);

let requestCount = 0;
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { id, event, remainingMs } = JSON.parse(line);
  const deadline = Date.now() + (remainingMs ?? 900_000);
  const context = {
    awsRequestId: `local-${++requestCount}`,
    functionName: bundle,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await handler(event, context);
    const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    send({ id, result: result ?? null, maxRssMb, node: process.version });
  } catch (err) {
    send({ id, error: { errorType: err?.name ?? 'Error', errorMessage: String(err?.message ?? err) } });
  }
}
