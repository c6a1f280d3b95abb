import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // The property tests' draws, pinned (PLN_TEST_SEED changes them).
    setupFiles: ['test/fast-check-seed.ts'],
    // Generous: the machine may be busy; no test depends on being quick.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Most end-to-end tests run the CLI in-process (test/helpers/inproc.ts);
    // the rest start processes (git, the built program), which forked workers
    // do sooner than worker threads (sync-module: 13 s against 18 s here).
    // Each file has its own modules (isolate): no state passes between files.
    pool: 'forks',
    isolate: true,
    // Two workers suit a 2-core machine.
    maxWorkers: 2,
  },
});
