/** What changed between two snapshots, as the Git commit message and `export diff` say it. */
import { describe, expect, it } from 'vitest';
import type { ResourceChange } from '../../lambdas/engine/changes.ts';
import { commitMessage } from '../../lambdas/engine/git/summary.ts';
import type { Manifest, RunStamp } from '../../lambdas/engine/model.ts';
import { changeLines, diffSnapshots, resourceOfPath } from '../../lambdas/engine/snapshot-diff.ts';

describe('Summary: files to resources', () => {
  it('knows resource files by folder and extension, and nothing else', () => {
    expect(resourceOfPath('routing/queue/q1.json')).toEqual({ type: 'routing:queue', id: 'q1' });
    expect(resourceOfPath('routing/queue/q1.yaml')).toEqual({ type: 'routing:queue', id: 'q1' });
    expect(resourceOfPath('routing/flow/f1.definition.yaml')).toEqual({ type: 'routing:flow', id: 'f1' });
    expect(resourceOfPath('routing/queue/a.b.json')).toEqual({ type: 'routing:queue', id: 'a.b' });
    for (const p of [
      'routing/queue/q1.txt',
      'routing/queue/q1',
      'routing/queue/sub/q1.json',
      'README.md',
      '.genesys/export-manifest.json',
      'x/routing/queue/q1.json',
      'routing/queue/q1.jsonx',
      'routing/queue/q1.definition.yamlx',
    ])
      expect(resourceOfPath(p), p).toBeUndefined();
  });
});

describe('Summary: diffing snapshots', () => {
  const names = (type: string, id: string) => (id === 'nameless' ? '' : `${type.split(':')[1]} ${id}`);
  it('counts each resource once as added, changed or removed, sorted by type, kind and name', () => {
    const before = new Map([
      ['routing/queue/same.json', 'h1'],
      ['routing/queue/changed.json', 'h2'],
      ['routing/queue/gone.json', 'h3'],
      ['routing/flow/f.json', 'h4'],
      ['routing/flow/f.definition.yaml', 'h5'],
      ['routing/flow/g.json', 'h6'],
      ['README.md', 'r1'],
    ]);
    const after = new Map([
      ['routing/queue/same.json', 'h1'],
      ['routing/queue/changed.json', 'h2b'],
      ['routing/queue/new.json', 'h7'],
      ['routing/flow/f.json', 'h4'],
      ['routing/flow/f.definition.yaml', 'h5b'],
      ['routing/flow/g.json', 'h6'],
      ['routing/flow/g.definition.yaml', 'h8'],
      ['routing/skill/nameless.json', 'h9'],
      ['README.md', 'r2'],
    ]);
    expect(diffSnapshots(before, after, names)).toEqual([
      { type: 'routing:flow', id: 'f', name: 'flow f', change: 'changed' },
      { type: 'routing:flow', id: 'g', name: 'flow g', change: 'changed' },
      { type: 'routing:queue', id: 'new', name: 'queue new', change: 'added' },
      { type: 'routing:queue', id: 'changed', name: 'queue changed', change: 'changed' },
      { type: 'routing:queue', id: 'gone', name: 'queue gone', change: 'removed' },
      { type: 'routing:skill', id: 'nameless', name: '', change: 'added' },
    ]);
    expect(diffSnapshots(before, before, names)).toEqual([]);
  });
  it('a resource whose definition alone was removed has changed, not been removed', () => {
    const before = new Map([
      ['routing/flow/f.json', 'a'],
      ['routing/flow/f.definition.yaml', 'b'],
    ]);
    const after = new Map([['routing/flow/f.json', 'a']]);
    expect(diffSnapshots(before, after, names)).toEqual([
      { type: 'routing:flow', id: 'f', name: 'flow f', change: 'changed' },
    ]);
  });
});

const ch = (type: string, change: ResourceChange['change'], ...names: string[]): ResourceChange[] =>
  names.map((name, i) => ({ type, id: `${type}-${change}-${i}`, name, change }));

describe('Summary: commit message', () => {
  it('says per type what was added, changed and removed, five names at most, IDs for nameless ones', () => {
    const changes = [
      ...ch('routing:queue', 'removed', 'Old'),
      ...ch('routing:queue', 'added', 'Billing'),
      ...ch('routing:queue', 'changed', 'A', 'B', 'C', 'D', 'E', 'F', 'G'),
      ...ch('architect:schedule', 'changed', 'A', 'B', 'C', 'D', 'E'),
      ...ch('routing:skill', 'added', ''),
    ];
    expect(changeLines(changes)).toEqual([
      'architect:schedule: 5 changed (A, B, C, D, E)',
      'routing:queue: 1 added (Billing), 7 changed (A, B, C, D, E and 2 more), 1 removed (Old)',
      'routing:skill: 1 added (routing:skill-added-0)',
    ]);
    expect(changeLines([])).toEqual([]);
  });

  const manifest = {
    organizationName: 'Acme',
    organizationId: 'org-1',
    complete: true,
    skipped: [],
  } as unknown as Manifest;
  const stamp: RunStamp = {
    schemaVersion: 1,
    runId: 'run-9',
    exportTime: '2024-05-01T10:00:00Z',
    complete: true,
  };

  it('has a title with the counts, a line per type, and the organization, run, time and completeness', () => {
    const changes = [...ch('routing:queue', 'added', 'Q'), ...ch('routing:queue', 'removed', 'R', 'S')];
    expect(commitMessage(changes, manifest, stamp)).toBe(
      'Genesys Cloud export: 1 added, 0 changed, 2 removed\n\n' +
        'routing:queue: 1 added (Q), 2 removed (R, S)\n\n' +
        'Organization: Acme (org-1)\nRun: run-9\nTime: 2024-05-01T10:00:00Z\nSnapshot: complete\n',
    );
  });

  it('has no empty body for no changes, and names the skipped types of a partial snapshot', () => {
    const partial = {
      ...manifest,
      complete: false,
      skipped: [
        { type: 'routing:flow', reason: 'x' },
        { type: 'routing:skill', reason: 'y' },
      ],
    } as unknown as Manifest;
    expect(commitMessage([], partial, stamp)).toBe(
      'Genesys Cloud export: 0 added, 0 changed, 0 removed\n\n' +
        'Organization: Acme (org-1)\nRun: run-9\nTime: 2024-05-01T10:00:00Z\n' +
        'Snapshot: partial (skipped: routing:flow, routing:skill)\n',
    );
    const failedOnly = { ...manifest, complete: false } as unknown as Manifest;
    expect(commitMessage([], failedOnly, stamp)).toMatch(/\nSnapshot: partial\n$/);
  });
});
