/**
 * Errors found before any work: an output folder that cannot be used is a one-line usage error before
 * the first API request; `export` alone prints its help and exits 2; `--version` prints package.json's.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, readManifest, startSimulator, tempDir } from '../helpers.ts';
import { cli, envFor } from './harness.ts';

afterEach(cleanup);

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const isRoot = process.getuid?.() === 0;

describe('CLI: an output folder that cannot be used stops the run before the first API request', () => {
  async function rejected(outputDir: string, prepare: (cwd: string) => void = () => {}) {
    const sim = await startSimulator();
    const cwd = tempDir();
    prepare(cwd);
    const before = readdirSync(cwd).sort();
    const r = await cli(
      ['export', 'run', '--organizationId', String(sim.org.organization.id), '--outputDir', outputDir],
      envFor(sim),
      cwd,
    );
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(sim.log).toEqual([]);
    expect(readdirSync(cwd).sort()).toEqual(before);
    return r;
  }

  it('below a file (./afile.txt/sub): named, no ENOTDIR, no listing', async () => {
    const r = await rejected('./afile.txt/sub', (cwd) => writeFileSync(join(cwd, 'afile.txt'), 'notes\n'));
    expect(r.err.trim()).toBe(
      `genesyscloud: error: --outputDir ./afile.txt/sub is inside a file: ${join(r.cwd, 'afile.txt')} is not a folder`,
    );
    expect(readFileSync(join(r.cwd, 'afile.txt'), 'utf8')).toBe('notes\n');
  });

  it('several levels below a file', async () => {
    const r = await rejected('afile.txt/a/b/c', (cwd) => writeFileSync(join(cwd, 'afile.txt'), ''));
    expect(r.err).toContain('--outputDir afile.txt/a/b/c is inside a file');
  });

  it('a file itself', async () => {
    const r = await rejected('afile.txt', (cwd) => writeFileSync(join(cwd, 'afile.txt'), ''));
    expect(r.err.trim()).toBe('genesyscloud: error: --outputDir afile.txt exists and is not a folder');
  });

  it('a folder that cannot be created (read-only file system)', async () => {
    const r = await rejected('/sys/cx-export-out');
    expect(r.err.trim()).toMatch(
      /^genesyscloud: error: --outputDir \/sys\/cx-export-out cannot be created: nothing can be created in \/sys \(E[A-Z]+\)$/,
    );
    expect(existsSync('/sys/cx-export-out')).toBe(false);
  });

  it.skipIf(isRoot)('a folder that is not writable', async () => {
    const r = await rejected('locked', (cwd) => {
      mkdirSync(join(cwd, 'locked'));
      chmodSync(join(cwd, 'locked'), 0o555);
    });
    expect(r.err.trim()).toMatch(/^genesyscloud: error: --outputDir locked is not writable \(EACCES\)$/);
    chmodSync(join(r.cwd, 'locked'), 0o755);
  });

  it('a new folder several levels deep is fine, and the check leaves nothing behind', async () => {
    const sim = await startSimulator();
    const r = await cli(
      [
        'export',
        'run',
        '--organizationId',
        String(sim.org.organization.id),
        '--outputDir',
        'a/b/out',
        '--resourceTypes=routing:skill',
        '--followReferences=false',
      ],
      envFor(sim),
    );
    expect(r.code, r.err).toBe(0);
    expect(readManifest(join(r.cwd, 'a/b/out')).complete).toBe(true);
    expect(readdirSync(r.cwd)).toEqual(['a']);
    expect(readdirSync(join(r.cwd, 'a/b/out')).filter((n) => n.includes('probe'))).toEqual([]);
  });
});

describe('CLI: export without a subcommand, --version', () => {
  it('`export` alone prints its help on stderr and exits 2', async () => {
    const r = await cli(['export']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage: genesyscloud export [options] [command]');
    for (const c of ['run', 'start', 'status', 'runs', 'show', 'diff'])
      expect(r.err).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    expect(r.out).toBe('');
  });

  it('`export --help` and `help export` still exit 0', async () => {
    const a = await cli(['export', '--help']);
    expect(a.code).toBe(0);
    expect(a.out).toContain('Usage: genesyscloud export');
    const b = await cli(['help', 'export']);
    expect(b.code).toBe(0);
    expect(b.out).toContain('Usage: genesyscloud export');
  });

  it('no arguments at all: help, exit 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.out + r.err).toContain('Usage: genesyscloud');
  });

  it('--version prints the version of package.json, in-process and as the installed bin', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${VERSION}\n`);
    const bin = await promisify(execFile)(process.execPath, [resolve('bin/genesyscloud.mjs'), '--version']);
    expect(bin.stdout).toBe(`${VERSION}\n`);
    const help = await cli(['--help']);
    expect(help.out).toContain('--version');
  });
});
