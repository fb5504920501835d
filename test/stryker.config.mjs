// @ts-check
/**
 * Mutation testing (StrykerJS) of the modules where a silent bug costs most: `npm run mutate` (paths are relative to the repository root, where npm runs it).
 *
 * Each module is listed with the test files that are its unit tests. Stryker runs only those files
 * (`testFiles`), and with `coverageAnalysis: 'perTest'` only the tests that reach each mutant, so a run
 * stays well under 30 minutes on two cores. Incremental: results are kept in reports/ (git-ignored), and a
 * rerun tests again only the mutants whose code or covering tests changed (`npm run mutate -- --force`
 * starts over). Reports: reports/mutation/mutation.html and .json.
 *
 * To add a module: one entry in MODULES, with the test files that exercise it directly (fast ones; a
 * whole export per mutant is what makes a run slow).
 */

/** @type {Record<string, string[]>} source glob -> its test files */
const MODULES = {
  'lambdas/engine/genesys/*.ts': ['test/engine/client.test.ts', 'test/engine/retry-policy.test.ts'],
  'lambdas/engine/graph.ts': ['test/engine/graph.test.ts', 'test/engine/units.test.ts'],
  'lambdas/engine/storage/local.ts': ['test/engine/storage.test.ts'],
  'lambdas/engine/redact.ts': ['test/engine/redact.test.ts', 'test/engine/normalize.test.ts'],
  'lambdas/engine/normalize.ts': ['test/engine/normalize.test.ts', 'test/engine/units.test.ts'],
  'lambdas/engine/select.ts': ['test/engine/normalize.test.ts', 'test/engine/redact.test.ts'],
  // Keys and paths, path safety included: where a resource lands and how keys parse back.
  'lambdas/engine/keys.ts': ['test/engine/keys.test.ts', 'test/engine/batch-paths.test.ts'],
  // The removal rule, carry-over, unresolved references and the manifest, on staging written by hand.
  'lambdas/engine/finalize.ts': ['test/engine/finalize.test.ts'],
  'lambdas/engine/manifest.ts': ['test/engine/finalize.test.ts'],
  'lambdas/engine/flows.ts': ['test/engine/flow-download.test.ts', 'test/engine/flow-jobs.test.ts'],
  'lambdas/engine/snapshot-diff.ts': ['test/git/summary.test.ts', 'test/git/publish-unit.test.ts'],
  'lambdas/engine/git/summary.ts': ['test/git/summary.test.ts'],
  'lambdas/engine/git/{graft,tree,commit,local,snapshot,publish}.ts': ['test/git/publish-unit.test.ts'],
  'lambdas/engine/git/remote.ts': ['test/git/publish-unit.test.ts', 'test/git/publish-remote-unit.test.ts'],
  // The pack and the objects in it, and the push that sends it.
  'lambdas/engine/git/objects.ts': ['test/git/publish-unit.test.ts'],
  'lambdas/engine/git/receive-pack.ts': ['test/git/publish-remote-unit.test.ts'],
};

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: Object.keys(MODULES),
  testFiles: [...new Set(Object.values(MODULES).flat())],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 85, break: null },
  concurrency: 2,
  // A mutant that loops forever on a virtual clock is caught by the time limit: keep it short.
  timeoutMS: 5_000,
  // Mutants in module-level constants (the region table, the retry statuses) would need every test file
  // reloaded for each of them; the region table is checked against the SDK's own list instead.
  ignoreStatic: true,
  tempDirName: '.stryker-tmp',
  // Our tsconfig needs no rewriting (no extends or references), and TypeScript 7 has no JS API for
  // Stryker to parse it with: point the option at nothing so that the sandbox copies tsconfig.json as is.
  tsconfigFile: 'stryker-no-tsconfig-rewrite.json',
  ignorePatterns: [
    'reports',
    'cdk.out',
    'coverage',
    'export-output',
    'export-archive',
    '.scratch',
    'test/tmp',
  ],
};
