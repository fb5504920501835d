/**
 * A push of a pack built in memory, over Git's smart-HTTP receive-pack, with isomorphic-git's own
 * discovery and request (authentication, its HTTP client): one ref update from the commit the pack was
 * built on, then the report-status answer read. isomorphic-git's `push` cannot send a pack it did not
 * write from objects on disk.
 */
import type { AuthCallback, HttpClient } from 'isomorphic-git';
import { GitRemoteHTTP } from 'isomorphic-git/managers';

const ZERO = '0'.repeat(40);

/** The branch moved since the commit was built on it: fetch again and re-apply. */
export class PushRejectedError extends Error {}

export interface PackPush {
  readonly http: HttpClient;
  readonly url: string;
  readonly onAuth?: AuthCallback;
  /** Full ref name, e.g. refs/heads/main. */
  readonly ref: string;
  /** The commit the new one was built on; undefined for a branch that does not exist yet. */
  readonly old?: string;
  readonly commit: string;
  readonly pack: Buffer[];
}

function pktLine(text: string): Buffer {
  const body = Buffer.from(text);
  return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, '0')), body]);
}

/** The payloads of pkt-lines up to the first flush. */
function pktLines(data: Buffer): string[] {
  const out: string[] = [];
  for (let at = 0; at + 4 <= data.length; ) {
    const length = Number.parseInt(data.subarray(at, at + 4).toString('latin1'), 16);
    if (!Number.isFinite(length)) throw new Error('unreadable answer from the Git server');
    if (length === 0) break;
    out.push(
      data
        .subarray(at + 4, at + length)
        .toString('utf8')
        .replace(/\n$/, ''),
    );
    at += length;
  }
  return out;
}

async function collect(body: AsyncIterableIterator<Uint8Array> | undefined): Promise<Buffer> {
  const parts: Buffer[] = [];
  if (body) for await (const part of body) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

export async function pushPack(p: PackPush): Promise<void> {
  const remote = (await GitRemoteHTTP.discover({
    http: p.http,
    onAuth: p.onAuth,
    service: 'git-receive-pack',
    url: p.url,
    headers: {},
    protocolVersion: 1,
  })) as { refs: Map<string, string>; capabilities: Set<string>; auth: unknown };
  const current = remote.refs.get(p.ref);
  if ((current ?? ZERO) !== (p.old ?? ZERO))
    throw new PushRejectedError(`rejected: ${p.ref} moved on the server (fetch first)`);
  if (!remote.capabilities.has('report-status'))
    throw new Error('the Git server does not report the status of a push (no report-status capability)');
  const res = await GitRemoteHTTP.connect({
    http: p.http,
    service: 'git-receive-pack',
    url: p.url,
    auth: remote.auth,
    headers: {},
    body: [pktLine(`${p.old ?? ZERO} ${p.commit} ${p.ref}\0report-status\n`), Buffer.from('0000'), ...p.pack],
  });
  const [unpack, ...refs] = pktLines(await collect(res.body));
  if (unpack !== 'unpack ok')
    throw new Error(`the Git server could not unpack the push: ${unpack ?? 'no answer'}`);
  const status = refs.find((l) => l.split(' ')[1] === p.ref);
  if (status?.startsWith('ok ')) return;
  const reason = status?.split(' ').slice(2).join(' ') || 'no status for the branch';
  // Objects missing: the branch was rewritten and pruned under the push, taking blobs the pack left out.
  if (/fetch first|non-fast-forward|stale|lock|failed to update|missing necessary objects/i.test(reason))
    throw new PushRejectedError(`rejected: ${reason}`);
  throw new Error(`the Git server refused the push: ${reason}`);
}
