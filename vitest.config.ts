import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CI reads the closing `N passed, N failed` line printed by this reporter (docs/stack.md).
    reporters: ['default', './test/support/summaryReporter.ts'],
    testTimeout: 60_000,
    globalSetup: ['./test/support/globalSetup.ts'],
  },
});
