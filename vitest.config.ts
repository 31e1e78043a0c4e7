import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,main,renderer,server,preload,replica,tools}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Store tests open real SQLite files and spawn processes; two cores are plenty busy with two forks.
    pool: 'forks',
    maxWorkers: 2,
  },
});
