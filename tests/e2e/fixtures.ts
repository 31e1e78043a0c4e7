import { deskDatabase } from '../../main/workstation-db.js';
import { test as base } from '@playwright/test';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { generateDemo } from '../../tools/demo/generate.js';
import { startHost, type Host } from '../../main/host/host.js';
import { openWorkstation, type Workstation } from '../../main/workstation.js';
import { recordCalls } from './calls.js';

/** Demo time is pinned so the figures a test reads from the store are the ones the page shows. */
export const DEMO_NOW = Date.UTC(2026, 10, 20, 9, 0, 0);

type DeskFixture = Readonly<{ host: Host; workstation: Workstation; dataFile: string }>;

/**
 * The seeded demo store, generated once per worker. Generating 2000 tickets takes seconds; copying the
 * finished file takes milliseconds, and the same seed gives the same file, so every test still starts from
 * exactly the data `generateDemo(…, { seed: 7 })` writes, in a file no other test has touched.
 */
// eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: none.
const demoTemplate = async ({}, use: (path: string) => Promise<void>) => {
  const path = join(mkdtempSync(join(tmpdir(), 'pult-e2e-template-')), 'demo.sqlite');
  const workstation = openWorkstation({ dataFile: path });
  await generateDemo(deskDatabase(workstation), { tickets: 2000, seed: 7, now: DEMO_NOW });
  // Everything into the main file: the copy must not depend on a -wal file beside it.
  deskDatabase(workstation).pragma('wal_checkpoint(TRUNCATE)');
  workstation.close();
  await use(path);
  rmSync(dirname(path), { recursive: true, force: true });
};

/**
 * A desk per test: a fresh SQLite file with the seeded demo data, the real workstation core, and the real
 * browser host serving the built renderer (`electron-vite build` runs before the e2e suite).
 */
export const test = base.extend<{ desk: DeskFixture }, { demoTemplate: string }>({
  demoTemplate: [demoTemplate, { scope: 'worker' }],
  // Every test's page records its calls to the workstation, however they travel (calls.ts).
  page: async ({ page }, use) => {
    recordCalls(page);
    await use(page);
  },
  desk: async ({ demoTemplate }, use) => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'pult-e2e-')), 'desk.sqlite');
    copyFileSync(demoTemplate, dataFile);
    const workstation = openWorkstation({ dataFile });
    const host = await startHost({ workstation, staticDir: resolve('out/renderer') });
    await use({ host, workstation, dataFile });
    await host.close();
    workstation.close();
    rmSync(dirname(dataFile), { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
