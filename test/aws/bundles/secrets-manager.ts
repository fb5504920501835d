/**
 * A Secrets Manager stand-in on loopback for Lambda bundles running in their own processes (where
 * aws-sdk-client-mock cannot reach): the JSON protocol's `GetSecretValue`, which is all the handlers call
 * (through Powertools Parameters). Point a process at it with `AWS_ENDPOINT_URL_SECRETS_MANAGER`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class SecretsManagerStandIn {
  private server?: Server;
  url = '';
  /** SecretIds asked for, in order. */
  readonly reads: string[] = [];

  constructor(private readonly secrets: Record<string, string>) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
        const send = (status: number, payload: unknown) => {
          res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(JSON.stringify(payload));
        };
        if (target !== 'secretsmanager.GetSecretValue')
          return send(400, { __type: 'InvalidRequestException', message: `not supported: ${target}` });
        this.reads.push(String(SecretId));
        const value = SecretId === undefined ? undefined : this.secrets[SecretId];
        if (value === undefined)
          return send(400, {
            __type: 'ResourceNotFoundException',
            message: "Secrets Manager can't find the specified secret.",
          });
        send(200, {
          ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${SecretId}`,
          Name: SecretId,
          SecretString: value,
          VersionId: '00000000-0000-0000-0000-000000000001',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1_700_000_000,
        });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
