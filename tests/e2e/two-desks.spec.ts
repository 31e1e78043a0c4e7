import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startHost, type Host } from '../../main/host/host.js';
import { createMemorySecretStore } from '../../main/sync/secret-store.js';
import { openWorkstation, type Workstation } from '../../main/workstation.js';
import { createServer, type PultServer } from '../../server/app.js';
import { importRows, type ImportedRow } from '../../server/db/import-rows.js';
import { PASSWORD, seedWorld, ticketRow, type World } from '../../server/test-support/world.js';

/**
 * Two workstations that share one company server, driven through the real renderer: the server (embedded
 * SQLite, restartable on the same file and port), two desks each with its own replica and browser host, and
 * one browser context per desk, so the two pages share nothing but the server.
 *
 * What it tries to break: a change made at one desk must reach the other desk's open window without a
 * reload, and a change made while the server is down must be kept, counted as pending, and delivered once
 * the server is back.
 */

/** Sync waits on the desk's reconnect backoff (up to 10 s) after a server restart; everything else is quick. */
const RECONNECT_MS = 25_000;

type Company = Readonly<{
  world: World;
  serverUrl: string;
  /** Stops the server as a crash would look to a desk: its sockets close, its port stops answering. */
  stopServer(): Promise<void>;
  /** Starts the server again on the same database file and the same port. */
  startServer(): Promise<void>;
  /** Rows written into the server as an import would (before the desks that should pull them sign in). */
  importRows(rows: readonly ImportedRow[]): Promise<void>;
}>;

type Desk = Readonly<{ page: Page; host: Host; workstation: Workstation }>;

const test = base.extend<{ company: Company; openDesk: (name: string) => Promise<Desk> }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: none.
  company: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'pult-e2e-two-desks-'));
    const db = `sqlite:${join(dir, 'server.sqlite')}`;
    let server: PultServer | null = await createServer({ db });
    const serverUrl = server.url;
    const port = Number(new URL(serverUrl).port);
    const world = await seedWorld(server.database);
    await use({
      world,
      serverUrl,
      async stopServer() {
        await server?.close();
        server = null;
      },
      async startServer() {
        server = await createServer({ db, port });
      },
      async importRows(rows) {
        if (!server) throw new Error('the server is stopped');
        await importRows(server.database, rows);
      },
    });
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  },

  openDesk: async ({ browser, company }, use) => {
    const desks: { host: Host; workstation: Workstation; close(): Promise<void> }[] = [];
    await use(async (name) => {
      const workstation = openWorkstation({
        dataFile: join(mkdtempSync(join(tmpdir(), `pult-e2e-desk-${name}-`)), 'desk.sqlite'),
        sync: { serverUrl: company.serverUrl, secrets: createMemorySecretStore() },
      });
      const host = await startHost({ workstation, staticDir: resolve('out/renderer') });
      const context = await browser.newContext();
      desks.push({ host, workstation, close: () => context.close() });
      const page = await context.newPage();
      await page.goto(host.url);
      return { page, host, workstation };
    });
    for (const desk of desks.reverse()) {
      await desk.close();
      await desk.host.close();
      desk.workstation.close();
    }
  },
});

async function signIn(page: Page, login: string): Promise<void> {
  await page.getByTestId('signin-login').fill(login);
  await page.getByTestId('signin-password').fill(PASSWORD);
  await page.getByTestId('signin-submit').click();
  // The sign-in call resolves after the first pull, so the grid that replaces the form is already filled.
  await expect(page.getByTestId('ticket-grid')).toBeVisible();
  await expect(syncState(page)).toHaveAttribute('data-state', 'online');
}

const syncState = (page: Page): Locator => page.getByTestId('sync-state');
const pending = (page: Page): Locator => page.getByTestId('sync-pending');
const gridStatus = (page: Page, number: number): Locator =>
  page.locator(`[data-testid=ticket-row][data-ticket-number="${number}"] [data-testid=status-chip]`);
/** The chip beside the drawer's number (the history below has chips of its own, further down). */
const drawerStatus = (page: Page): Locator => page.getByTestId('ticket-drawer').getByTestId('status-chip').first();

async function openTicket(page: Page, number: number): Promise<void> {
  await page.locator(`[data-testid=ticket-row][data-ticket-number="${number}"]`).click();
  await expect(page.getByTestId('drawer-number')).toContainText(String(number));
}

async function setStatus(page: Page, status: string, comment?: string): Promise<void> {
  await page.getByTestId('status-select').click();
  await page.locator(`[role=option][data-status="${status}"]`).click();
  if (comment) await page.getByTestId('status-comment').fill(comment);
  await page.getByTestId('status-apply').click();
}

test.describe('two desks that share one server', () => {
  test('a status change at desk A shows in desk B’s open drawer and grid without a reload', async ({
    company,
    openDesk,
  }) => {
    const a = await openDesk('a');
    const b = await openDesk('b');
    await signIn(a.page, 'anna');
    await signIn(b.page, 'ivan');
    const number = company.world.ticket.number;

    await openTicket(b.page, number);
    await expect(drawerStatus(b.page)).toHaveAttribute('data-status', 'new');

    await openTicket(a.page, number);
    await setStatus(a.page, 'in_progress');
    await expect(drawerStatus(a.page)).toHaveAttribute('data-status', 'in_progress');

    // Desk B did nothing: the server's poke made it pull, and the pull's change event refreshed its window.
    await expect(drawerStatus(b.page)).toHaveAttribute('data-status', 'in_progress');
    await expect(gridStatus(b.page, number)).toHaveAttribute('data-status', 'in_progress');
    await expect(pending(a.page)).toHaveAttribute('data-pending', '0');
  });

  test('a change made while the server is down is kept, counted as pending, and reaches the other desk once the server is back', async ({
    company,
    openDesk,
  }) => {
    const a = await openDesk('a');
    const b = await openDesk('b');
    await signIn(a.page, 'anna');
    await signIn(b.page, 'ivan');
    const number = company.world.ticket.number;
    await openTicket(a.page, number);
    await openTicket(b.page, number);
    await setStatus(b.page, 'in_progress');
    await expect(drawerStatus(a.page)).toHaveAttribute('data-status', 'in_progress');
    await expect(pending(b.page)).toHaveAttribute('data-pending', '0');

    await company.stopServer();
    await expect(syncState(b.page)).toHaveAttribute('data-state', 'offline');
    await expect(syncState(b.page)).toContainText('Нет связи');

    const note = 'Клиент согласен на платный выезд';
    await setStatus(b.page, 'paid_visit', note);
    // Saved at the desk: its own window shows the change at once, and the status bar counts it as unsent.
    await expect(drawerStatus(b.page)).toHaveAttribute('data-status', 'paid_visit');
    await expect(pending(b.page)).toHaveAttribute('data-pending', '1');
    await expect(pending(b.page)).toHaveText('Не отправлено: 1');
    await expect(syncState(b.page)).toHaveAttribute('data-state', 'offline');
    // Nothing can have reached desk A: there is no server to carry it.
    await expect(drawerStatus(a.page)).toHaveAttribute('data-status', 'in_progress');

    // A new ticket at desk A meanwhile: its number is only the desk's guess, and the desk says so.
    const title = 'Не выходит на связь трекер, e2e';
    await a.page.getByTestId('drawer-close').click();
    await a.page.keyboard.press('n');
    const dialog = a.page.getByTestId('new-ticket-dialog');
    const picker = dialog.getByTestId('new-ticket-client').getByRole('combobox');
    await picker.pressSequentially(company.world.client.name.slice(5, 15));
    await a.page.getByTestId('client-option').first().click();
    await dialog.getByTestId('new-ticket-title').fill(title);
    await dialog.getByTestId('new-ticket-create').click();
    await expect(a.page.getByTestId('toast')).toContainText('предварительным');
    const created = a.page.getByTestId('ticket-row').filter({ hasText: title }).getByTestId('ticket-number');
    await expect(created).toHaveAttribute('data-provisional', 'true');
    await expect(created).toHaveAttribute('title', /Предварительный номер/);
    await expect(a.page.getByTestId('drawer-number')).toContainText('(предварительный)');
    await openTicket(a.page, number);

    await company.startServer();
    await expect(created).not.toHaveAttribute('data-provisional', 'true', { timeout: RECONNECT_MS });
    await expect(drawerStatus(a.page)).toHaveAttribute('data-status', 'paid_visit', { timeout: RECONNECT_MS });
    await expect(gridStatus(a.page, number)).toHaveAttribute('data-status', 'paid_visit');
    await expect(a.page.getByTestId('ticket-comments').getByTestId('comment')).toContainText([note]);
    await expect(pending(b.page)).toHaveAttribute('data-pending', '0', { timeout: RECONNECT_MS });
    await expect(syncState(b.page)).toHaveAttribute('data-state', 'online');
    await expect(syncState(a.page)).toHaveAttribute('data-state', 'online', { timeout: RECONNECT_MS });
    await expect(b.page.getByTestId('sync-rejected')).toHaveCount(0);
  });

  test('the last payment recorded at the accountant’s desk takes the debtor mark off the dispatcher’s grid and caller card without a reload', async ({
    company,
    openDesk,
  }) => {
    // A visit done and waiting for payment: its client owes its whole amount.
    const visit = ticketRow(company.world.client, 3, {
      title: 'Монтаж ДУТ, ждёт оплаты',
      status: 'waiting_payment',
      resolvedAt: Date.now() - 86_400_000,
    });
    const phone = { id: randomUUID(), clientId: company.world.client.id, contactId: null, raw: '+375 29 700-33-44' };
    await company.importRows([
      { table: 'tickets', row: visit },
      { table: 'phones', row: { ...phone, e164: '+375297003344' } },
    ]);
    const accountant = await openDesk('accountant');
    const dispatcher = await openDesk('dispatcher');
    await signIn(accountant.page, 'olga');
    await signIn(dispatcher.page, 'anna');
    // A completed visit is not among the open tickets the grid starts on.
    await dispatcher.page.getByTestId('view-all').click();
    const row = dispatcher.page.locator(`[data-testid=ticket-row][data-ticket-number="${visit.number}"]`);
    await expect(row).toHaveAttribute('data-debtor', 'true');
    // The card a call from the client's number would show at the dispatcher's desk (the softphone's own query).
    const callerDebt = async () => {
      const handlers = dispatcher.workstation.handlers as unknown as Record<string, (i: unknown) => Promise<unknown>>;
      const card = (await handlers['calls:caller-card']!({ number: '80297003344' })) as {
        matches: { client: { debt: { count: number } | null } }[];
      };
      return card.matches[0]?.client.debt?.count ?? 0;
    };
    expect(await callerDebt()).toBe(1);

    await accountant.page.getByTestId('nav-debts').click();
    const debtor = accountant.page.locator(`[data-testid="debtor"][data-client-id="${company.world.client.id}"]`);
    await debtor
      .locator(`[data-testid="debt-visit"][data-ticket-number="${visit.number}"]`)
      .getByTestId('debt-visit-pay')
      .click();
    const dialog = accountant.page.getByTestId('pay-dialog');
    await dialog.getByTestId('pay-full').click();
    await dialog.getByTestId('pay-dialog-submit').click();
    await expect(accountant.page.getByTestId('toast')).toHaveText('Оплата внесена');
    await expect(debtor).toHaveCount(0);

    // The dispatcher did nothing: the server's poke carried the payment, and the full payment moved it on.
    await expect(row).toHaveAttribute('data-debtor', 'false');
    await expect(row.getByTestId('status-chip')).toHaveAttribute('data-status', 'done');
    expect(await callerDebt()).toBe(0);
    await expect(pending(accountant.page)).toHaveAttribute('data-pending', '0');
  });
});
