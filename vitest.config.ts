import { defineConfig } from 'vitest/config';
import { contractIndex } from './core/contract.js';

export default defineConfig({
  // What the renderer build writes in (electron.vite.config.ts), for the renderer's unit tests.
  define: { __PULT_CONTRACT_INDEX__: JSON.stringify(contractIndex()) },
  test: {
    include: ['{core,main,renderer,server,preload,replica,tools}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Store tests open real SQLite files and spawn processes; two cores are plenty busy with two forks.
    pool: 'forks',
    maxWorkers: 2,
  },
});
