import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (scripted node:http servers, no lab) and `integration` (real lab registries on loopback,
 * started by the tests themselves). Benchmarks live in `*.bench.ts` and run only under `npm run bench`.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{src,suites,scenarios,reports,fixtures}/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', 'node_modules/**', 'dist/**'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{src,suites,scenarios,reports,fixtures}/**/*.integration.test.ts'],
          exclude: ['node_modules/**', 'dist/**'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // Real registries are heavy on a 2-core machine: run integration files one at a time.
          fileParallelism: false,
        },
      },
    ],
    benchmark: { include: ['{src,scenarios}/**/*.bench.ts'] },
  },
});
