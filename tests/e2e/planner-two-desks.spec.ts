import { test as base, expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Employee, Ticket } from '../../core/entities.js';
import { startHost } from '../../main/host/host.js';
import { createMemorySecretStore } from '../../main/sync/secret-store.js';
import { SyncNetworkError, createHttpTransport, type SyncTransport } from '../../main/sync/transport.js';
import { openWorkstation } from '../../main/workstation.js';
import { createServer, type PultServer } from '../../server/app.js';
import { importRows } from '../../server/db/import-rows.js';
import { PASSWORD, seedWorld, ticketRow, type World } from '../../server/test-support/world.js';
import { centre, drag, spot, visitsIn } from './planner-support.js';

/**
 * Two planners' desks on one company server, driven through the real renderer: a visit planned or moved at
 * one desk is drawn on the other's board without a reload, and when both move the same visit the server keeps
 * the first move; the second desk's visit snaps back to where the first put it, with a notice naming who moved
 * it. Desk B's link to the server can be cut on its own (its transport refuses), so which move reaches the
 * server first is decided by the test, not by reconnect timing.
 */

const RECONNECT_MS = 25_000;

type Company = Readonly<{
  world: World;
  serverUrl: string;
  sergey: Employee;
  waiting: Ticket;
  visitRow(): Promise<VisitRow>;
}>;
type VisitRow = Readonly<{ engineer_id: string; start_at: number; updated_by: string | null }> | undefined;
type Link = Readonly<{ transport: SyncTransport; cut(): void; restore(): void }>;
type Desk = Readonly<{ page: Page; link: Link }>;

/** The desk's real HTTP transport, which can be made to fail as a pulled cable would. */
function cuttableLink(serverUrl: string): Link {
  const inner = createHttpTransport(serverUrl);
  let open = true;
  const sockets = new Set<{ close(): void }>();
  const down = () => Promise.reject(new SyncNetworkError('the test cut this desk off'));
  return {
    transport: {
      ...inner,
      login: (...args) => (open ? inner.login(...args) : down()),
      push: (...args) => (open ? inner.push(...args) : down()),
      pull: (...args) => (open ? inner.pull(...args) : down()),
      poke(token, handlers) {
        if (!open) {
          setTimeout(handlers.onClose, 0);
          return { close() {} };
        }
        const socket = inner.poke(token, { ...handlers, onClose: () => (sockets.delete(socket), handlers.onClose()) });
        sockets.add(socket);
        return socket;
      },
    },
    cut() {
      open = false;
      for (const socket of [...sockets]) socket.close();
    },
    restore() {
      open = true;
    },
  };
}

const test = base.extend<{ company: Company; openDesk: (name: string) => Promise<Desk> }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: none.
  company: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'pult-e2e-planner-desks-'));
    const server: PultServer = await createServer({ db: `sqlite:${join(dir, 'server.sqlite')}` });
    const world = await seedWorld(server.database);
    const sergey: Employee = {
      id: randomUUID(),
      name: 'Сергей Монтажов',
      roles: ['engineer'],
      sipExtension: null,
      color: '#336699',
      active: true,
    };
    const waiting = ticketRow(world.client, 10, { status: 'needs_visit', title: 'Установка трекера на МАЗ' });
    await importRows(server.database, [
      { table: 'employees', row: sergey },
      { table: 'tickets', row: waiting },
    ]);
    await use({
      world,
      serverUrl: server.url,
      sergey,
      waiting,
      visitRow: async () => {
        const row = await server.database.db
          .selectFrom('visits')
          .select(['engineer_id', 'start_at', 'updated_by'])
          .where('ticket_id', '=', waiting.id)
          .executeTakeFirst();
        // PostgreSQL's bigint comes back as a string; SQLite's as a number: the test compares numbers.
        return (
          row && {
            engineer_id: String(row.engineer_id),
            start_at: Number(row.start_at),
            updated_by: row.updated_by === null ? null : String(row.updated_by),
          }
        );
      },
    });
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  },

  openDesk: async ({ browser, company }, use) => {
    const opened: (() => Promise<void>)[] = [];
    await use(async (name) => {
      const link = cuttableLink(company.serverUrl);
      const workstation = openWorkstation({
        dataFile: join(mkdtempSync(join(tmpdir(), `pult-e2e-planner-desk-${name}-`)), 'desk.sqlite'),
        sync: { serverUrl: company.serverUrl, secrets: createMemorySecretStore(), transport: link.transport },
      });
      const host = await startHost({ workstation, staticDir: resolve('out/renderer') });
      const context = await browser.newContext();
      opened.push(async () => {
        await context.close();
        await host.close();
        workstation.close();
      });
      const page = await context.newPage();
      await page.goto(host.url);
      return { page, link };
    });
    for (const close of opened.reverse()) await close();
  },
});

async function signInToCalendar(page: Page, login: string): Promise<void> {
  await page.getByTestId('signin-login').fill(login);
  await page.getByTestId('signin-password').fill(PASSWORD);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('ticket-grid')).toBeVisible();
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'online');
  await page.getByTestId('nav-calendar').click();
  // The calendar's chunk (FullCalendar) is parsed on the first visit: seconds on a loaded machine.
  await expect(page.locator('td.fc-timeline-lane[data-resource-id]').first()).toBeVisible({ timeout: 30_000 });
}

test('a visit planned or moved at one desk shows on the other’s board without a reload; of two moves of one visit the first wins and the other snaps back naming who moved it', async ({
  company,
  openDesk,
}) => {
  // Two windows, a dozen drags and waits on sync: a couple of minutes on this machine.
  test.slow();
  const a = await openDesk('a');
  const b = await openDesk('b');
  await signInToCalendar(a.page, 'pavel');
  await signInToCalendar(b.page, 'anna');
  const ivan = company.world.ivan.employee.id;
  const sergey = company.sergey.id;

  // Planned at A from the queue onto Ivan at 09:00: B's board draws it, and B's queue loses the ticket.
  const item = a.page.locator(`[data-queue-ticket="${company.waiting.id}"]`);
  await expect(b.page.locator(`[data-queue-ticket="${company.waiting.id}"]`)).toBeVisible();
  await drag(a.page, await centre(item), await spot(a.page, ivan, '09:00'));
  await expect.poll(async () => (await company.visitRow())?.engineer_id).toBe(ivan);
  await expect(visitsIn(b.page, ivan)).toHaveCount(1);
  await expect(b.page.locator(`[data-queue-ticket="${company.waiting.id}"]`)).toHaveCount(0);

  // Moved at A onto Sergey: B's board moves it too.
  await drag(a.page, await centre(visitsIn(a.page, ivan)), await spot(a.page, sergey, '09:00'));
  await expect.poll(async () => (await company.visitRow())?.engineer_id).toBe(sergey);
  await expect(visitsIn(b.page, sergey)).toHaveCount(1);
  await expect(visitsIn(b.page, ivan)).toHaveCount(0);

  // B, cut off, moves the visit back to Ivan, later: saved at its desk and drawn there, waiting to be sent.
  b.link.cut();
  await expect(b.page.getByTestId('sync-state')).toHaveAttribute('data-state', 'offline', { timeout: RECONNECT_MS });
  await drag(b.page, await centre(visitsIn(b.page, sergey)), await spot(b.page, ivan, '11:00'));
  await expect(b.page.getByTestId('sync-pending')).toHaveAttribute('data-pending', '1');
  await expect(visitsIn(b.page, ivan)).toHaveCount(1);

  // Meanwhile A moves it later on Sergey's lane, and the server takes A's move first.
  const before = (await company.visitRow())!.start_at;
  await drag(a.page, await centre(visitsIn(a.page, sergey)), await spot(a.page, sergey, '13:00'));
  await expect.poll(async () => (await company.visitRow())?.start_at).not.toBe(before);
  const won = (await company.visitRow())!;
  expect(won).toMatchObject({ engineer_id: sergey, updated_by: company.world.pavel.employee.id });

  // B is back: its move was made against the visit A has since moved, so it is refused by A's name, and B's
  // visit snaps back to where A put it.
  b.link.restore();
  const notice = b.page.getByTestId('sync-rejected');
  await expect(notice).toContainText('Павел Сидоров', { timeout: RECONNECT_MS });
  await expect(b.page.getByTestId('sync-pending')).toHaveAttribute('data-pending', '0');
  await expect(visitsIn(b.page, ivan)).toHaveCount(0);
  await expect(visitsIn(b.page, sergey)).toHaveCount(1);
  expect(await company.visitRow()).toEqual(won);
  // A's board was never touched by B's refused move.
  await expect(visitsIn(a.page, sergey)).toHaveCount(1);
  await expect(visitsIn(a.page, ivan)).toHaveCount(0);
});
