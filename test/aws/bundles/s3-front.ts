/**
 * A front for s3rver, between it and processes that cannot be given a counting client (the bundles):
 * forwards every request, counts them by S3 operation, and answers `ListObjectVersions`, which s3rver
 * does not implement, as S3 answers it for a bucket whose versioning was never enabled: every object
 * once, current, with the version ID `null` (from a ListObjectsV2 of the same prefix). It also keeps the
 * promise of S3's conditional writes, which s3rver ignores: a PUT with `If-None-Match: *` or `If-Match`
 * is checked against the object's current ETag (one conditional write per key at a time, as S3 makes
 * them atomic) and answered 412 PreconditionFailed when the condition does not hold.
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FrontRequest {
  readonly operation: string;
  readonly bucket: string;
  readonly key: string;
}

/** The S3 operation of a REST request (path-style: `/<bucket>/<key>`). */
export function operationOf(method: string, url: URL, headers: IncomingMessage['headers']): string {
  const q = url.searchParams;
  const hasKey = url.pathname.split('/').filter(Boolean).length > 1;
  if (method === 'GET' && q.has('versions')) return 'ListObjectVersions';
  if (method === 'GET' && !hasKey) return q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
  if (method === 'GET') return 'GetObject';
  if (method === 'HEAD') return hasKey ? 'HeadObject' : 'HeadBucket';
  if (method === 'PUT') return headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject';
  if (method === 'POST' && q.has('delete')) return 'DeleteObjects';
  if (method === 'DELETE') return 'DeleteObject';
  return `${method} ${url.pathname}`;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const tag = (block: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(block)?.[1] ?? '';

export class S3Front {
  private server?: Server;
  url = '';
  readonly requests: FrontRequest[] = [];
  /** The conditional write under way per bucket key: the next one waits for it. */
  private readonly conditional = new Map<string, Promise<void>>();

  constructor(private readonly target: string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Requests by operation, e.g. `{ GetObject: 3, CopyObject: 1 }`. */
  byOperation(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.requests) out[r.operation] = (out[r.operation] ?? 0) + 1;
    return out;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://front');
    const operation = operationOf(req.method ?? 'GET', url, req.headers);
    const [bucket = '', ...keyParts] = url.pathname.split('/').filter(Boolean);
    this.requests.push({
      operation,
      bucket,
      key: decodeURIComponent(keyParts.join('/')) || (url.searchParams.get('prefix') ?? ''),
    });
    if (operation === 'PutObject' && (req.headers['if-none-match'] || req.headers['if-match'])) {
      const at = url.pathname;
      const before = this.conditional.get(at) ?? Promise.resolve();
      const done = before.then(() => this.conditionalPut(req, res, url));
      this.conditional.set(
        at,
        done.catch(() => undefined),
      );
      return;
    }
    if (operation === 'ListObjectVersions') {
      this.listVersions(url).then(
        (body) => {
          res.writeHead(200, { 'content-type': 'application/xml' });
          res.end(body);
        },
        (err: unknown) => {
          res.writeHead(500);
          res.end(String(err));
        },
      );
      return;
    }
    const forward = request(
      `${this.target}${req.url}`,
      { method: req.method, headers: { ...req.headers, host: new URL(this.target).host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(forward);
  }

  private async conditionalPut(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const head = await fetch(`${this.target}${url.pathname}`, { method: 'HEAD' });
    const etag = head.ok ? head.headers.get('etag') : null;
    const noneMatch = req.headers['if-none-match'];
    const match = req.headers['if-match'];
    const holds = noneMatch === '*' ? etag === null : match !== undefined && etag !== null && etag === match;
    if (!holds) {
      req.resume();
      res.writeHead(etag === null && match !== undefined ? 404 : 412, { 'content-type': 'application/xml' });
      res.end(
        etag === null && match !== undefined
          ? '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>'
          : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>${noneMatch ? 'If-None-Match' : 'If-Match'}</Condition></Error>`,
      );
      return;
    }
    await new Promise<void>((resolve) => {
      const forward = request(
        `${this.target}${req.url}`,
        { method: req.method, headers: { ...req.headers, host: new URL(this.target).host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', resolve);
        },
      );
      forward.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
        resolve();
      });
      req.pipe(forward);
    });
  }

  private async listVersions(url: URL): Promise<string> {
    const bucket = url.pathname.split('/').filter(Boolean)[0] ?? '';
    const prefix = url.searchParams.get('prefix') ?? '';
    const marker = url.searchParams.get('key-marker') ?? '';
    const list = new URL(`${this.target}/${bucket}`);
    list.searchParams.set('list-type', '2');
    list.searchParams.set('prefix', prefix);
    if (marker) list.searchParams.set('start-after', marker);
    const page = await (await fetch(list)).text();
    const truncated = tag(page, 'IsTruncated') === 'true';
    const versions = [...page.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)].map(([, c = '']) => ({
      key: tag(c, 'Key'),
      body: `<Version><Key>${tag(c, 'Key')}</Key><VersionId>null</VersionId><IsLatest>true</IsLatest><LastModified>${tag(c, 'LastModified')}</LastModified><ETag>${tag(c, 'ETag')}</ETag><Size>${tag(c, 'Size')}</Size><StorageClass>STANDARD</StorageClass></Version>`,
    }));
    const last = versions.at(-1)?.key ?? '';
    return `<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix><KeyMarker>${xml(marker)}</KeyMarker><VersionIdMarker></VersionIdMarker><MaxKeys>1000</MaxKeys><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextKeyMarker>${last}</NextKeyMarker><NextVersionIdMarker>null</NextVersionIdMarker>` : ''}${versions.map((v) => v.body).join('')}</ListVersionsResult>`;
  }
}
