import { test as base } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDemo } from '../../main/demo/generate.js';
import { startHost, type Host } from '../../main/host/host.js';
import { openWorkstation, type Workstation } from '../../main/workstation.js';

/** Demo time is pinned so the figures a test reads from the store are the ones the page shows. */
export const DEMO_NOW = Date.UTC(2026, 10, 20, 9, 0, 0);

type DeskFixture = Readonly<{ host: Host; workstation: Workstation; dataFile: string }>;

/**
 * A desk per test: a fresh SQLite file with the seeded demo data, the real workstation core, and the real
 * browser host serving the built renderer (`electron-vite build` runs before the e2e suite).
 */
export const test = base.extend<{ desk: DeskFixture }>({
  desk: async ({}, use) => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'pult-e2e-')), 'desk.sqlite');
    const workstation = openWorkstation({ dataFile });
    generateDemo(workstation.db, { tickets: 2000, seed: 7, now: DEMO_NOW });
    const host = await startHost({ workstation, staticDir: resolve('out/renderer') });
    await use({ host, workstation, dataFile });
    await host.close();
    workstation.close();
  },
});

export { expect } from '@playwright/test';
