/**
 * Selection flags as a user types them: --followReferences, repeatable --include/--exclude, and what the
 * summary says about resources that came in by reference and IDs that were not found. (What the engine
 * does with them is tested in test/engine/selection.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, readManifest, startSimulator, tempDir } from '../helpers.ts';
import { cli, envFor } from './harness.ts';

afterEach(cleanup);

describe('CLI: selection flags that are wrong are one line, exit 2, and no request', () => {
  const cases: Array<[string, string[], string]> = [
    [
      'an invalid regular expression',
      ['--include', 'routing:queue::(Sales'],
      "genesyscloud: error: --include 'routing:queue::(Sales': invalid regular expression (",
    ],
    [
      'a filter without ::',
      ['--exclude', 'routing:queue:^Sales'],
      "genesyscloud: error: --exclude 'routing:queue:^Sales' must be '<type>::<regular expression>'",
    ],
    [
      'a filter of an unknown type',
      ['--include', 'routing:queue::^Sales', '--include', 'routing:nope::x'],
      "genesyscloud: error: --include: unknown resource type 'routing:nope'",
    ],
    [
      'a bad boolean',
      ['--followReferences=maybe'],
      "genesyscloud: error: --followReferences must be true or false, got 'maybe'",
    ],
    [
      'a bad boolean as the next word',
      ['--followReferences', 'no'],
      "genesyscloud: error: --followReferences must be true or false, got 'no'",
    ],
    ['an --include without a value', ['--include'], "error: option '--include <filter>' argument missing"],
  ];
  for (const [label, flags, message] of cases) {
    it(`rejects ${label}`, async () => {
      const sim = await startSimulator();
      const r = await cli(
        [
          'export',
          'run',
          '--organizationId',
          String(sim.org.organization.id),
          '--outputDir',
          'out',
          ...flags,
        ],
        envFor(sim),
      );
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err.startsWith(message), r.err).toBe(true);
      expect(r.out).toBe('');
      expect(sim.log).toEqual([]);
    });
  }
});

describe('CLI: selection flags reach the export', () => {
  it('--followReferences=false, --followReferences false and repeated --include/--exclude', async () => {
    const sim = await startSimulator();
    const cwd = tempDir();
    const r = await cli(
      [
        'export',
        'run',
        '--organizationId',
        String(sim.org.organization.id),
        '--outputDir',
        'out',
        '--resourceTypes=routing:skill,routing:queue',
        '--followReferences',
        'false',
        '--include',
        'routing:queue::^B',
        '--include=routing:queue::^S',
        '--exclude',
        'routing:skill::Copy',
        '--exclude=routing:skill::^Z',
      ],
      envFor(sim),
      cwd,
    );
    expect(r.code, r.err).toBe(0);
    const m = readManifest(`${cwd}/out`);
    expect(m.options.followReferences).toBe(false);
    expect(m.options.include).toEqual([
      { type: 'routing:queue', pattern: '^B' },
      { type: 'routing:queue', pattern: '^S' },
    ]);
    expect(m.options.exclude).toEqual([
      { type: 'routing:skill', pattern: 'Copy' },
      { type: 'routing:skill', pattern: '^Z' },
    ]);
    expect(Object.keys(m.types).sort()).toEqual(['routing:queue', 'routing:skill']);
    const queues = m.resources.filter((x) => x.type === 'routing:queue').map((x) => x.name);
    expect(queues.length).toBeGreaterThan(0);
    for (const name of queues) expect(name).toMatch(/^[BS]/);
    expect(r.out).toContain('  By reference: none (--followReferences=false)\n');
  });

  it('a bare --followReferences means true, and the summary names every type that came in by reference', async () => {
    const sim = await startSimulator();
    const cwd = tempDir();
    const r = await cli(
      [
        'export',
        'run',
        '--organizationId',
        String(sim.org.organization.id),
        '--outputDir',
        'out',
        '--resourceTypes=routing:queue',
        '--followReferences',
      ],
      envFor(sim),
      cwd,
    );
    expect(r.code, r.err).toBe(0);
    const m = readManifest(`${cwd}/out`);
    expect(m.options.followReferences).toBe(true);
    const expected = Object.entries(m.types)
      .filter(([, t]) => t.byReference > 0)
      .map(([type, t]) => `${type} ${t.byReference}`)
      .sort();
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.join(', ')).toContain('admin:user ');
    const line = r.out.split('\n').find((l) => l.startsWith('  By reference: '));
    expect(line).toBe(`  By reference: ${expected.join(', ')}`);
    expect(r.out).not.toContain('routing:queue 8,');
  });

  it('--resourceIds that do not exist: named on stdout and in a warning on stderr, exit 3', async () => {
    const sim = await startSimulator();
    const queue = String(sim.org.queues[0]?.id);
    const missing = ['00000000-0000-4000-8000-00000000dead', '00000000-0000-4000-8000-00000000beef'];
    const r = await cli(
      [
        'export',
        'run',
        '--organizationId',
        String(sim.org.organization.id),
        '--outputDir',
        'out',
        `--resourceIds=${queue},${missing.join(',')}`,
      ],
      envFor(sim),
    );
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/\(PARTIAL snapshot\)/);
    expect(r.out).toContain(`Not found: ${[...missing].sort().join(', ')} (--resourceIds)\n`);
    for (const id of missing) expect(r.err).toContain(`warning: --resourceIds: ${id} was not found\n`);
    expect(r.err).not.toContain(`${queue} was not found`);
  });
});
