import type { Page } from '@playwright/test';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { dispatch } from '../../core/dispatch.js';
import { contentSecurityPolicy } from '../../main/adapter/web-security.js';
import { startHost, type Host } from '../../main/host/host.js';
import { createMemorySecretStore } from '../../main/sync/secret-store.js';
import { deskDatabase } from '../../main/workstation-db.js';
import { openWorkstation, type Workstation } from '../../main/workstation.js';
import { startKamailio, type KamailioLab, type SippResult } from '../../test-support/sip-lab/index.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.js';
import { expect, test as base } from './fixtures.js';
import { debtOf } from './support.js';

/** What the phone's end-to-end specs share: the SIP lab per worker, a desk whose CSP lets it reach the lab. */

export const RING_GROUP = 'firstline';

/**
 * Chromium for a call: a microphone without a microphone (the fake device, granted without a prompt), and
 * candidates on 127.0.0.1 accepted (the lab's and rtpengine's; Chromium ignores loopback ones without the flag,
 * and then no packet flows). `test.use({ launchOptions: CALL_CHROMIUM })`.
 */
export const CALL_CHROMIUM = {
  executablePath: CHROMIUM_PATH,
  args: [
    ...CHROMIUM_ARGS,
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    '--allow-loopback-in-peer-connection',
  ],
};

export type PhoneDesk = Readonly<{ host: Host; workstation: Workstation }>;

export const test = base.extend<{ phoneDesk: PhoneDesk }, { lab: KamailioLab }>({
  lab: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: none.
    async ({}, use) => {
      const lab = await startKamailio();
      await use(lab);
      await lab.stop();
    },
    { scope: 'worker' },
  ],
  phoneDesk: async ({ demoTemplate, lab }, use) => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'pult-e2e-phone-')), 'desk.sqlite');
    copyFileSync(demoTemplate, dataFile);
    const workstation = openWorkstation({
      dataFile,
      phone: { secrets: createMemorySecretStore(), passwordKept: 'memory', pbxWebSocketUrl: lab.wsUrl },
    });
    const host = await startHost({
      workstation,
      staticDir: resolve('out/renderer'),
      contentSecurityPolicy: contentSecurityPolicy({ pbxWebSocketUrl: lab.wsUrl }),
    });
    await use({ host, workstation });
    await host.close();
    workstation.close();
    rmSync(dirname(dataFile), { recursive: true, force: true });
  },
});

export const account = (lab: KamailioLab) => ({
  aor: `sip:${RING_GROUP}@${lab.domain}`,
  authorizationUsername: '',
  server: lab.wsUrl,
  iceServers: [],
  ringGroup: 'Первая линия',
  ringTimeoutSeconds: 60,
  password: null,
});

export async function configure(desk: PhoneDesk, lab: KamailioLab): Promise<void> {
  const result = await dispatch(desk.workstation.handlers, 'phone:save-settings', account(lab));
  if (!result.ok) throw new Error(result.error.message);
}

export async function expectRegistered(page: Page): Promise<void> {
  await expect(page.getByTestId('phone-registration')).toHaveAttribute('data-state', 'registered', { timeout: 15_000 });
}

/** A client of the demo directory with a Belarusian number, and that number written as people dial it at home. */
export function demoCaller(desk: PhoneDesk) {
  const db = deskDatabase(desk.workstation);
  const row = db
    .prepare(
      `SELECT p.e164, p.raw, c.id AS clientId, c.name FROM phones p JOIN clients c ON c.id = p.client_id
       WHERE p.contact_id IS NULL AND p.e164 LIKE '+375%' ORDER BY c.name LIMIT 1`,
    )
    .get() as { e164: string; raw: string; clientId: string; name: string } | undefined;
  if (!row) throw new Error('the demo directory must hold a client with a Belarusian number');
  // +375 29 1234567 → 80291234567: the national format, not the one stored.
  return { ...row, dialled: `80${row.e164.slice(4)}`, debt: debtOf(db, row.clientId) };
}

export function sippOk(result: SippResult): void {
  expect(result.exitCode, `${result.output}\n${result.errors}`).toBe(0);
}

export { expect };
