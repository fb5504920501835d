import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: many files wait on simulated latency and child processes rather than on the CPU, so three
    // forks share CI's two cores (measured: the suite's CPU time is about two thirds of its wall time at
    // two), and a test slowed by its neighbours must not fail for it.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 3,
    // As the CLI does: the AWS SDK's notice about its own future Node requirement is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
