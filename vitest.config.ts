import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CI reads the closing `N passed, N failed` line printed by this reporter (docs/stack.md).
    reporters: ['default', './test/support/summaryReporter.ts'],
    // Two test files at a time even on 2 cores (Vitest's default is one fewer than the cores, i.e.
    // one): most files wait on spawned CLIs, Chromium or Redis, so two side by side cut the
    // suite's wall time by about 1.8× (measured in a loaded run: 2446 s of tests in 1320 s).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A hang guard, not a speed test: with two files sharing the cores a slow test may take
    // twice its time alone (docs/stack.md: speed is measured in bench/, never asserted in a test).
    testTimeout: 180_000,
    globalSetup: ['./test/support/globalSetup.ts'],
  },
});
