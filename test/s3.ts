/** A real S3 protocol server (s3rver) on loopback with its buckets, and an SDK v3 client for it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export async function startS3(
  bucket: string,
  ...more: string[]
): Promise<{ s3: S3Client; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cx-s3rver-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: !process.env.S3RVER_LOG,
    directory: dir,
    configureBuckets: [bucket, ...more].map((name) => ({ name, configs: [] })),
  });
  const { port } = await server.run();
  const s3 = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    // s3rver predates flexible checksums: without these, uploads are stored in aws-chunked framing.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    s3,
    stop: async () => {
      s3.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One request the client sent: the command and the key (or, for a listing, the prefix) it named. */
export interface S3Request {
  readonly command: string;
  readonly key: string;
  readonly versionId?: string;
}

/**
 * Counts every request an S3 client sends (each attempt, each page of a listing), in front of the server:
 * the figures of the request-cost tests and the bench.
 */
export function recordRequests(s3: S3Client): S3Request[] {
  const sent: S3Request[] = [];
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string; Prefix?: string; VersionId?: string };
      sent.push({
        command: context.commandName ?? 'unknown',
        key: input.Key ?? input.Prefix ?? '',
        ...(input.VersionId ? { versionId: input.VersionId } : {}),
      });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'cxExportRequestCounter', priority: 'low' },
  );
  return sent;
}

/** Requests by command, e.g. `{ GetObjectCommand: 3, CopyObjectCommand: 1 }`. */
export function byCommand(requests: readonly S3Request[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests) out[r.command] = (out[r.command] ?? 0) + 1;
  return out;
}
