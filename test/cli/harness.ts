/** The CLI in-process for tests: the simulator's credentials as environment, and a run with output captured. */

import { join } from 'node:path';
import { expect } from 'vitest';
import type { CliIo } from '../../lambdas/cli/io.ts';
import { runCli } from '../../lambdas/cli/main.ts';
import { createClock } from '../../lambdas/engine/clock.ts';
import { DEFAULT_CLIENT, type GenesysSimulator } from '../../lambdas/simulator/server.ts';
import { captureStream, readManifest, TEST_TIME_SCALE, tempDir } from '../helpers.ts';

export function envFor(sim: GenesysSimulator, secret = DEFAULT_CLIENT.clientSecret): Record<string, string> {
  return {
    GENESYS_CLOUD_BASE_URL: sim.url,
    GENESYS_CLOUD_OAUTH_CLIENT_ID: DEFAULT_CLIENT.clientId,
    GENESYS_CLOUD_OAUTH_CLIENT_SECRET: secret,
  };
}

type Captured = ReturnType<typeof captureStream>;

/** Runs the CLI with the tests' scaled clock injected (the product has no time-scale setting). */
export async function cli(
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd = tempDir(),
  extra: Partial<CliIo> & { stderr?: Captured } = {},
) {
  const stdout = captureStream();
  const stderr = extra.stderr ?? captureStream();
  const { code } = await runCli(args, {
    cwd,
    env,
    stdout,
    clock: createClock(TEST_TIME_SCALE),
    ...extra,
    stderr,
  });
  return { code, out: stdout.text(), err: stderr.text(), cwd };
}

/**
 * `export run --resourceTypes=<types> --followReferences=false` into a fresh folder (plus `extra` flags);
 * the exit code, output and the manifest written.
 */
export async function exportTypes(sim: GenesysSimulator, types: string, extra: string[] = []) {
  const r = await cli(
    [
      'export',
      'run',
      '--organizationId',
      String(sim.org.organization.id),
      '--outputDir',
      'out',
      `--resourceTypes=${types}`,
      '--followReferences=false',
      ...extra,
    ],
    envFor(sim),
  );
  const manifest = r.code === 0 || r.code === 3 ? readManifest(join(r.cwd, 'out')) : undefined;
  return { ...r, manifest };
}

/** Each spelling of `types` (names, Terraform names, short names) selects exactly those types, none empty. */
export async function expectSelectable(
  sim: GenesysSimulator,
  types: readonly string[],
  spellings: readonly string[],
): Promise<void> {
  for (const spelling of spellings) {
    const r = await exportTypes(sim, spelling);
    expect(r.code, r.err).toBe(0);
    expect(Object.keys(r.manifest?.types ?? {}).sort(), spelling).toEqual([...types].sort());
    for (const t of types) expect(r.manifest?.types[t]?.count, t).toBeGreaterThan(0);
  }
}
