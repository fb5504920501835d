/**
 * Storage that does not pile up: staging expires, old versions and expired delete markers expire, and no
 * lifecycle rule moves objects to Glacier Instant Retrieval that S3 would never move (under 128 KB).
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CxExportStack } from '../../lib/cx-export-stack.ts';

type Rule = {
  Id?: string;
  Prefix?: string;
  Status: string;
  ObjectSizeGreaterThan?: number | string;
  ExpirationInDays?: number;
  ExpiredObjectDeleteMarker?: boolean;
  NoncurrentVersionExpiration?: { NoncurrentDays: number };
  Transitions?: Array<{ StorageClass: string }>;
  NoncurrentVersionTransitions?: Array<{ StorageClass: string }>;
};

function archiveRules(): Rule[] {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CxExportStack(app, 'Storage', {
    exportOptions: { organizationId: '11111111-2222-3333-4444-555555555555' },
  });
  const buckets = Template.fromStack(stack).findResources('AWS::S3::Bucket', {
    Properties: { VersioningConfiguration: { Status: 'Enabled' } },
  });
  const [bucket] = Object.values(buckets) as Array<{
    Properties: { LifecycleConfiguration: { Rules: Rule[] } };
  }>;
  return bucket?.Properties.LifecycleConfiguration.Rules ?? [];
}

describe('Archive bucket lifecycle', () => {
  it('expires the staging area a stack from before the staging bucket left (current and old versions) within a day', () => {
    const staging = archiveRules().find((r) => r.Prefix === 'latest/.genesys/staging/');
    expect(staging).toMatchObject({
      Status: 'Enabled',
      ExpirationInDays: 1,
      NoncurrentVersionExpiration: { NoncurrentDays: 1 },
    });
  });

  it('expires every old version and the delete markers left without one', () => {
    const rule = archiveRules().find((r) => r.ExpiredObjectDeleteMarker === true);
    expect(rule?.Prefix ?? '').toBe('');
    expect(rule?.NoncurrentVersionExpiration?.NoncurrentDays).toBeGreaterThan(0);
  });

  it('moves to Glacier Instant Retrieval only objects of 128 KB and more', () => {
    const toGlacierIr = archiveRules().filter((r) =>
      [...(r.Transitions ?? []), ...(r.NoncurrentVersionTransitions ?? [])].some(
        (t) => t.StorageClass === 'GLACIER_IR',
      ),
    );
    expect(toGlacierIr.length).toBeGreaterThan(0);
    for (const r of toGlacierIr)
      expect(Number(r.ObjectSizeGreaterThan), r.Id).toBeGreaterThanOrEqual(128 * 1024);
  });
});
