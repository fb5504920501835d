/**
 * An S3 REST server in memory (path-style, the operations cx-export sends), counting requests like
 * S3Front: for the five-times-larger org of bench/finish.ts, where s3rver cannot serve in time (it keeps
 * each object as files and walks its directory tree on every listing page, so a 134,000-key listing is
 * quadratic). Same wire protocol as S3 and s3rver: the bundles and the SDK cannot tell. Conditional
 * writes as S3 makes them; buckets unversioned (ListObjectVersions: each object once, version `null`).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FrontRequest } from './s3-front.ts';
import { operationOf } from './s3-front.ts';

interface StoredObject {
  readonly data: Buffer;
  readonly etag: string;
  readonly modified: string;
  readonly type: string;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unxml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

class Bucket {
  readonly objects = new Map<string, StoredObject>();
  private sorted: string[] | undefined;

  put(key: string, o: StoredObject): void {
    if (!this.objects.has(key)) this.sorted = undefined;
    this.objects.set(key, o);
  }

  delete(key: string): void {
    if (this.objects.delete(key)) this.sorted = undefined;
  }

  /** Keys under `prefix` after `after`, at most `max`, and whether more follow. */
  page(prefix: string, after: string, max: number): { keys: string[]; truncated: boolean } {
    this.sorted ??= [...this.objects.keys()].sort();
    const keys = this.sorted;
    // The first key past `after` (strictly) and at or past `prefix`.
    const strict = after >= prefix;
    const bound = strict ? after : prefix;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const k = keys[mid] as string;
      if (k < bound || (strict && k === bound)) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < keys.length; i++) {
      const k = keys[i] as string;
      if (k <= after) continue;
      if (!k.startsWith(prefix)) break;
      if (out.length === max) return { keys: out, truncated: true };
      out.push(k);
    }
    return { keys: out, truncated: false };
  }
}

export class MemoryS3 {
  private server?: Server;
  url = '';
  readonly requests: FrontRequest[] = [];
  private readonly buckets = new Map<string, Bucket>();

  constructor(buckets: readonly string[]) {
    for (const b of buckets) this.buckets.set(b, new Bucket());
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500);
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://memory');
    const operation = operationOf(req.method ?? 'GET', url, req.headers);
    const [name = '', ...parts] = url.pathname.split('/').filter(Boolean);
    const key = parts.map(decodeURIComponent).join('/');
    this.requests.push({ operation, bucket: name, key: key || (url.searchParams.get('prefix') ?? '') });
    const body = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    const bucket = this.buckets.get(name);
    if (!bucket) return error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    const q = url.searchParams;
    switch (operation) {
      case 'HeadBucket':
        res.writeHead(200);
        return void res.end();
      case 'ListObjectsV2': {
        const token = q.get('continuation-token');
        const after = token ? Buffer.from(token, 'base64url').toString() : (q.get('start-after') ?? '');
        const prefix = q.get('prefix') ?? '';
        const { keys, truncated } = bucket.page(prefix, after, Number(q.get('max-keys') ?? 1000));
        const contents = keys
          .map((k) => {
            const o = bucket.objects.get(k) as StoredObject;
            return `<Contents><Key>${xml(k)}</Key><LastModified>${o.modified}</LastModified><ETag>${xml(o.etag)}</ETag><Size>${o.data.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
          })
          .join('');
        const next = truncated
          ? `<NextContinuationToken>${Buffer.from(keys.at(-1) ?? '').toString('base64url')}</NextContinuationToken>`
          : '';
        return send(
          res,
          `${HEAD}<ListBucketResult ${NS}><Name>${xml(name)}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>${truncated}</IsTruncated>${next}${contents}</ListBucketResult>`,
        );
      }
      case 'ListObjectVersions': {
        const prefix = q.get('prefix') ?? '';
        const marker = q.get('key-marker') ?? '';
        const { keys, truncated } = bucket.page(prefix, marker, 1000);
        const versions = keys
          .map((k) => {
            const o = bucket.objects.get(k) as StoredObject;
            return `<Version><Key>${xml(k)}</Key><VersionId>null</VersionId><IsLatest>true</IsLatest><LastModified>${o.modified}</LastModified><ETag>${xml(o.etag)}</ETag><Size>${o.data.length}</Size><StorageClass>STANDARD</StorageClass></Version>`;
          })
          .join('');
        const next = truncated
          ? `<NextKeyMarker>${xml(keys.at(-1) ?? '')}</NextKeyMarker><NextVersionIdMarker>null</NextVersionIdMarker>`
          : '';
        return send(
          res,
          `${HEAD}<ListVersionsResult ${NS}><Name>${xml(name)}</Name><Prefix>${xml(prefix)}</Prefix><KeyMarker>${xml(marker)}</KeyMarker><MaxKeys>1000</MaxKeys><IsTruncated>${truncated}</IsTruncated>${next}${versions}</ListVersionsResult>`,
        );
      }
      case 'GetObject':
      case 'HeadObject': {
        const o = bucket.objects.get(key);
        if (!o) {
          if (operation === 'HeadObject') {
            res.writeHead(404);
            return void res.end();
          }
          return error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
        }
        res.writeHead(200, {
          etag: o.etag,
          'content-type': o.type,
          'content-length': o.data.length,
          'last-modified': new Date(o.modified).toUTCString(),
        });
        return void res.end(operation === 'GetObject' ? o.data : undefined);
      }
      case 'PutObject': {
        const current = bucket.objects.get(key);
        const noneMatch = req.headers['if-none-match'];
        const match = req.headers['if-match'];
        if (match !== undefined && !current)
          return error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
        if ((noneMatch === '*' && current) || (match !== undefined && current?.etag !== match))
          return error(
            res,
            412,
            'PreconditionFailed',
            'At least one of the pre-conditions you specified did not hold',
          );
        const o = stored(body, String(req.headers['content-type'] ?? 'application/octet-stream'));
        bucket.put(key, o);
        res.writeHead(200, { etag: o.etag });
        return void res.end();
      }
      case 'CopyObject': {
        const source = decodeURIComponent(String(req.headers['x-amz-copy-source']).split('?')[0] ?? '');
        const [fromName = '', ...fromParts] = source.replace(/^\//, '').split('/');
        const from = this.buckets.get(fromName)?.objects.get(fromParts.join('/'));
        if (!from) return error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
        const o = { ...from, modified: new Date().toISOString() };
        bucket.put(key, o);
        return send(
          res,
          `${HEAD}<CopyObjectResult><LastModified>${o.modified}</LastModified><ETag>${xml(o.etag)}</ETag></CopyObjectResult>`,
        );
      }
      case 'DeleteObject':
        bucket.delete(key);
        res.writeHead(204);
        return void res.end();
      case 'DeleteObjects': {
        for (const [, k = ''] of body.toString().matchAll(/<Key>([^<]*)<\/Key>/g)) bucket.delete(unxml(k));
        return send(res, `${HEAD}<DeleteResult ${NS}></DeleteResult>`);
      }
      default:
        return error(res, 501, 'NotImplemented', `${operation} is not implemented here`);
    }
  }
}

function stored(data: Buffer, type: string): StoredObject {
  return {
    data,
    etag: `"${createHash('md5').update(data).digest('hex')}"`,
    modified: new Date().toISOString(),
    type,
  };
}

function send(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'application/xml' });
  res.end(body);
}

function error(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`${HEAD}<Error><Code>${code}</Code><Message>${xml(message)}</Message></Error>`);
}
