import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files share one Redis and one PostgreSQL server; each uses its own database and queue prefix.
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
