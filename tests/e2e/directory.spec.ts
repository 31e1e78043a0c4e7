import { test as base, expect as baseExpect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startHost, type Host } from '../../main/host/host.js';
import { createMemorySecretStore } from '../../main/sync/secret-store.js';
import { openWorkstation, type Workstation } from '../../main/workstation.js';
import { createServer, type PultServer } from '../../server/app.js';
import { PASSWORD, seedWorld, type World } from '../../server/test-support/world.js';

/**
 * The directory pane, in Chromium against real desks that share one real server. What it tries to break: a
 * client registered at one desk (with a phone and a vehicle) reaches the other desk; a second client with the
 * same phone is caught before it is saved; an edit shows at once; a merge brings the other client's tickets
 * into the kept card and the merged client leaves the list.
 */
// Each step waits on a real host and, for the second desk, on a sync round trip.
const expect = baseExpect.configure({ timeout: 30_000 });

type Company = Readonly<{ world: World; serverUrl: string }>;
type Desk = Readonly<{ page: Page }>;

const test = base.extend<{ company: Company; openDesk: (name: string) => Promise<Desk> }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: none.
  company: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'pult-e2e-directory-'));
    const server: PultServer = await createServer({ db: `sqlite:${join(dir, 'server.sqlite')}` });
    const world = await seedWorld(server.database);
    await use({ world, serverUrl: server.url });
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  },
  openDesk: async ({ browser, company }, use) => {
    const desks: { host: Host; workstation: Workstation; close(): Promise<void> }[] = [];
    await use(async (name) => {
      const workstation = openWorkstation({
        dataFile: join(mkdtempSync(join(tmpdir(), `pult-e2e-directory-${name}-`)), 'desk.sqlite'),
        sync: { serverUrl: company.serverUrl, secrets: createMemorySecretStore() },
      });
      const host = await startHost({ workstation, staticDir: resolve('out/renderer') });
      const context = await browser.newContext();
      desks.push({ host, workstation, close: () => context.close() });
      const page = await context.newPage();
      await page.goto(host.url);
      return { page };
    });
    for (const desk of desks.reverse()) {
      await desk.close();
      await desk.host.close();
      desk.workstation.close();
    }
  },
});

async function signInToDirectory(page: Page, login: string): Promise<void> {
  await page.getByTestId('signin-login').fill(login);
  await page.getByTestId('signin-password').fill(PASSWORD);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('ticket-grid')).toBeVisible();
  await page.getByTestId('nav-directory').click();
  await expect(page.getByTestId('directory-pane')).toBeVisible();
}

async function fillForm(page: Page, values: Readonly<Record<string, string>>): Promise<void> {
  for (const [field, value] of Object.entries(values)) await page.getByTestId(`field-${field}`).fill(value);
}

const card = (page: Page) => page.getByTestId('client-card');

test('a client made at one desk, with a phone and a vehicle, is caught as a duplicate, edited, merged, and seen at the other desk', async ({
  company,
  openDesk,
}) => {
  // Two desks, a server and a sync round trip in one test: more than the suite's default minute on a busy machine.
  test.setTimeout(240_000);
  const a = await openDesk('a');
  const page = a.page;
  await signInToDirectory(page, 'anna');

  // Create: a bad tax id is pointed at in Russian before anything is sent.
  await page.getByTestId('directory-new-client').click();
  await fillForm(page, { name: 'ООО «Тест-Логистик»', taxId: '100325913', phone: '8 029 765-43-21' });
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('client-form')).toContainText('Неверная контрольная цифра');
  await fillForm(page, { taxId: '100325912' });
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('client-form')).toBeHidden();
  await expect(page.getByTestId('client-card-name')).toHaveText('ООО «Тест-Логистик»');
  await expect(card(page).getByTestId('client-phones')).toContainText('8 029 765-43-21');

  await page.getByTestId('add-vehicle').click();
  await fillForm(page, { plate: 'АВ 7777-7', make: 'МАЗ', vin: 'XTA21099043512345' });
  await page.getByTestId('form-save').click();
  await expect(card(page).getByTestId('vehicle-row')).toContainText('АВ 7777-7');

  // Duplicate: the same phone typed another way is caught; the user opens the existing client instead.
  await page.getByTestId('directory-new-client').click();
  await fillForm(page, { name: 'Тест Логистик', phone: '+375 29 765 43 21' });
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('duplicates-alert')).toContainText('ООО «Тест-Логистик»');
  await expect(page.getByTestId('duplicates-alert')).toContainText('тот же телефон');
  await page.getByTestId('duplicate-open').first().click();
  await expect(page.getByTestId('client-form')).toBeHidden();
  await expect(page.getByTestId('client-card-name')).toHaveText('ООО «Тест-Логистик»');
  await expect(page.getByTestId('directory-client-row').filter({ hasText: 'Тест Логистик' })).toHaveCount(0);

  // Edit.
  await page.getByTestId('client-edit').click();
  await fillForm(page, { address: 'Минск, ул. Тимирязева, 67' });
  await page.getByTestId('form-save').click();
  await expect(card(page).getByTestId('client-address')).toHaveText('Минск, ул. Тимирязева, 67');

  // Merge: the seeded client's two tickets follow into this card; the merged one leaves the list.
  await expect(card(page).getByTestId('card-ticket')).toHaveCount(0);
  await page.getByTestId('client-merge').click();
  await page.getByTestId('merge-picker').locator('input').fill('Газель');
  await page.getByTestId('client-option').filter({ hasText: company.world.client.name }).click();
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('confirm-dialog')).toBeHidden();
  await expect(card(page).getByTestId('card-ticket')).toHaveCount(2);
  await expect(card(page).getByTestId('card-ticket').first()).toContainText('Заявка');
  await expect(card(page).getByTestId('merge-row')).toContainText(company.world.client.name);
  await expect(page.getByTestId('directory-client-row').filter({ hasText: company.world.client.name })).toHaveCount(0);

  // The other desk (a planner: reads, does not edit) sees the new client and its vehicle after sync.
  const b = await openDesk('b');
  await signInToDirectory(b.page, 'pavel');
  await b.page.getByTestId('directory-search').fill('тест-логистик');
  const row = b.page.getByTestId('directory-client-row').filter({ hasText: 'ООО «Тест-Логистик»' });
  await expect(row).toHaveCount(1);
  await row.click();
  await expect(card(b.page).getByTestId('vehicle-row')).toContainText('АВ 7777-7');
  await expect(card(b.page).getByTestId('card-ticket')).toHaveCount(2);
  await expect(b.page.getByTestId('directory-new-client')).toHaveCount(0);
  await expect(card(b.page).getByTestId('client-merge')).toHaveCount(0);
});
