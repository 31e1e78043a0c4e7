import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startHost } from '../../main/host/host.js';
import { createMemorySecretStore } from '../../main/sync/secret-store.js';
import { openWorkstation } from '../../main/workstation.js';
import { createServer, type PultServer } from '../../server/app.js';
import { PASSWORD, seedWorld } from '../../server/test-support/world.js';

/**
 * The admin's PBX settings screen in the phone pane, against a real company server: a PBX is added and its
 * token shown once, a mailbox pattern without a number group is refused in the form and nothing reaches the
 * server, the fixed pattern is saved and tried on the sample message, and a dispatcher never sees the screen.
 */
const test = base.extend<{ server: PultServer; desk: (login: string) => Promise<Page> }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: none.
  server: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'pult-e2e-pbx-'));
    const server = await createServer({ db: `sqlite:${join(dir, 'server.sqlite')}`, pbx: { mailboxPollMs: false } });
    await seedWorld(server.database);
    await use(server);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  },
  desk: async ({ browser, server }, use) => {
    const closers: (() => Promise<void> | void)[] = [];
    await use(async (login) => {
      const workstation = openWorkstation({
        dataFile: join(mkdtempSync(join(tmpdir(), `pult-e2e-pbx-${login}-`)), 'desk.sqlite'),
        sync: { serverUrl: server.url, secrets: createMemorySecretStore() },
      });
      const host = await startHost({ workstation, staticDir: resolve('out/renderer') });
      const context = await browser.newContext();
      closers.push(
        () => context.close(),
        () => host.close(),
        () => workstation.close(),
      );
      const page = await context.newPage();
      await page.goto(host.url);
      await page.getByTestId('signin-login').fill(login);
      await page.getByTestId('signin-password').fill(PASSWORD);
      await page.getByTestId('signin-submit').click();
      await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'online');
      await page.getByTestId('nav-calls').click();
      await expect(page.getByTestId('pane-calls')).toBeVisible();
      return page;
    });
    for (const close of closers) await close();
  },
});

const SAMPLE = [
  'From: asterisk@pbx.example.by',
  'Subject: =?UTF-8?B?0J/RgNC+0L/Rg9GJ0LXQvdC90YvQuSDQt9Cy0L7QvdC+0Lo=?=',
  'Date: Mon, 02 Nov 2026 12:00:00 +0300',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Пропущенный звонок',
  'Номер: 8 029 123-45-67',
  'Очередь: support',
].join('\n');

test('an admin adds a PBX, sees its token once, and saves a mailbox whose pattern the sample proves', async ({
  server,
  desk,
}) => {
  const page = await desk('admin');
  await page.getByTestId('pbx-settings-open').click();
  const dialog = page.getByTestId('pbx-settings-dialog');
  await expect(dialog.getByTestId('pbx-none')).toBeVisible();

  await dialog.getByTestId('pbx-new-name').fill('Офис, Asterisk');
  await dialog.getByTestId('pbx-new-id').fill('Office!');
  await dialog.getByTestId('pbx-create').click();
  await expect(dialog.getByTestId('pbx-error')).toContainText('id');
  await dialog.getByTestId('pbx-new-id').fill('office');
  await dialog.getByTestId('pbx-create').click();
  const token = (await dialog.getByTestId('pbx-token-value').textContent()) ?? '';
  expect(token.length).toBeGreaterThan(20);
  await expect(dialog.getByTestId('pbx-webhook')).toContainText('/api/pbx/office/cti');

  await dialog.getByTestId('pbx-host').fill('mail.example.by');
  await dialog.getByTestId('pbx-user').fill('pbx@example.by');
  await dialog.getByTestId('pbx-password').fill('секрет IMAP');
  await dialog.getByTestId('pbx-pattern').fill('Номер:\\s*(?<nubmer>.+)$');
  await dialog.getByTestId('pbx-sample').fill(SAMPLE);
  await dialog.getByTestId('pbx-port').fill('99999');
  await dialog.getByTestId('pbx-save').click();
  await expect(dialog.getByText('nubmer')).toBeVisible();
  await expect(dialog.getByText('от 1 до 65535')).toBeVisible();
  const untouched = await server.database.db.selectFrom('pbxes').select('mailbox').executeTakeFirstOrThrow();
  expect(untouched.mailbox).toBeNull();

  await dialog.getByTestId('pbx-port').fill('993');
  await dialog.getByTestId('pbx-pattern').fill('Номер:\\s*(?<number>.+)$\\s*Очередь:\\s*(?<queue>\\S+)');
  await dialog.getByTestId('pbx-test').click();
  await expect(dialog.getByTestId('pbx-sample-result')).toContainText('8 029 123-45-67');
  await expect(dialog.getByTestId('pbx-sample-result')).toContainText('support');
  await dialog.getByTestId('pbx-save').click();
  await expect(dialog.getByTestId('pbx-notice')).toContainText('сохранены');
  await expect(dialog.getByTestId('pbx-mailbox-status')).toContainText('ещё не проверялся');
  const saved = await server.database.db.selectFrom('pbxes').select('mailbox').executeTakeFirstOrThrow();
  expect(saved.mailbox).toContain('mail.example.by');
  // The token was shown once: reopening the screen lists the PBX without it.
  await dialog.getByTestId('pbx-close').click();
  await page.getByTestId('pbx-settings-open').click();
  await expect(page.getByTestId('pbx-settings-dialog').getByTestId('pbx-webhook')).toBeVisible();
  await expect(page.getByTestId('pbx-settings-dialog')).not.toContainText(token);
  await expect(page.getByTestId('pbx-password')).toHaveAttribute('placeholder', /сохранён на сервере/);
});

test('a dispatcher sees no PBX settings in the phone pane', async ({ desk }) => {
  const page = await desk('anna');
  await expect(page.getByTestId('phone-settings-open')).toBeVisible();
  await expect(page.getByTestId('pbx-settings-open')).toHaveCount(0);
});
