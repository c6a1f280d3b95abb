import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Generous: the machine may be busy; no test depends on being quick.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Most end-to-end tests run the CLI in-process (test/helpers/inproc.ts);
    // worker threads start sooner than forked processes. Each file still has
    // its own modules (isolate), so no state passes from one file to the next.
    pool: 'threads',
    isolate: true,
    // Two workers suit a 2-core machine.
    maxWorkers: 2,
  },
});
