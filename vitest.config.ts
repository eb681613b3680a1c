import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // the integration suites share one private dockerd; a file per worker is enough
    fileParallelism: true,
  },
});
