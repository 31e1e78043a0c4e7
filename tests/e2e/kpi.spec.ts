import type { Database } from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { deskDatabase } from '../../main/workstation-db.js';
import { expect, test } from './fixtures.js';
import { fillDate, openDesk, rowOf, searchAndSettle, showAllTickets } from './support.js';

/**
 * The KPI tab of the accountant's pane against the real desk: an accountant sets a price on the engineers'
 * list, records an engineer's work on a completed ticket, and the report for the ticket's completion day shows
 * the engineer's earnings by work type in its chart. The ticket drawer's «Работы» records and cancels lines on
 * the ticket itself, priced as on its completion day, and shows a refusal where it happened.
 */

function signInAsAccountant(db: Database): void {
  const accountant = db
    .prepare("SELECT id FROM employees WHERE roles LIKE '%accountant%' AND active = 1 ORDER BY name LIMIT 1")
    .get() as { id: string } | undefined;
  if (!accountant) throw new Error('seed 7 must have an accountant');
  db.prepare("UPDATE settings SET value = ? WHERE key = 'desk.user_id'").run(accountant.id);
}

test('set a price, record work on a completed ticket, see it in the employee report', async ({ page, desk }) => {
  const db = deskDatabase(desk.workstation);
  signInAsAccountant(db);
  const engineer = db
    .prepare("SELECT id, name FROM employees WHERE roles LIKE '%engineer%' AND active = 1 ORDER BY name LIMIT 1")
    .get() as { id: string; name: string };
  const ticket = db
    .prepare(
      `SELECT number, resolved_at FROM tickets WHERE status_kind = 'completed' AND resolved_at IS NOT NULL
       ORDER BY number LIMIT 1`,
    )
    .get() as { number: number; resolved_at: number };
  // The completion day in Minsk (UTC+3, no daylight saving), whose prices apply.
  const day = new Date(ticket.resolved_at + 3 * 3_600_000).toISOString().slice(0, 10);

  await openDesk(page, desk.host.url, db);
  await page.getByTestId('nav-debts').click();
  await page.getByTestId('accountant-tab-work').click();

  const prices = page.getByTestId('prices');
  await prices.getByLabel('Прайс-лист').click();
  await page.getByTestId('price-list-money').click();
  await page.getByTestId('price-code').fill('tracker-install');
  await page.getByTestId('price-name').fill('Монтаж трекера');
  await page.getByTestId('price-value').fill('45,50');
  await fillDate(page, 'price-from', '2020-01-01');
  await page.getByTestId('price-submit').click();
  await expect(page.getByTestId('toast')).toHaveText('Цена установлена');
  await expect(prices.locator('[data-testid="price-row"][data-code="tracker-install"]')).toHaveAttribute(
    'data-in-force',
    'true',
  );

  await page.getByTestId('work-number').fill(String(ticket.number));
  await page.getByTestId('work-find').click();
  await expect(page.getByTestId('work-ticket')).toHaveAttribute('data-completed', 'true');
  await page.getByTestId('ticket-work-code').click();
  await page.getByTestId('ticket-work-code-tracker-install').click();
  await page.getByTestId('ticket-work-employee').click();
  await page.getByRole('option', { name: engineer.name, exact: true }).click();
  await page.getByTestId('ticket-work-quantity').fill('2');
  await page.getByTestId('ticket-work-submit').click();
  await expect(page.getByTestId('toast')).toHaveText('Работа записана');
  await expect(page.getByTestId('ticket-work-line')).toHaveCount(1);
  const stored = db.prepare('SELECT quantity, unit_value, day FROM work_lines').all();
  expect(stored).toEqual([{ quantity: 2, unit_value: 45_50, day }]);

  await fillDate(page, 'report-from', day);
  await fillDate(page, 'report-to', day);
  const row = page.locator(`[data-testid="report-row"][data-employee-id="${engineer.id}"]`);
  await expect(row).toHaveAttribute('data-total', String(2 * 45_50));
  await expect(row.locator('[data-testid="work-bar"][data-code="tracker-install"]')).toHaveCount(1);
});

test('time in status shows figures per type and status and lists the tickets that skipped statuses', async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  signInAsAccountant(db);
  // A ticket of the demo closed straight from new: the tab must name it among the flagged.
  const skipped = db
    .prepare(
      `SELECT t.number, t.created_at FROM tickets t
       WHERE (SELECT count(*) FROM ticket_status_log l WHERE l.ticket_id = t.id) = 1 AND t.status = 'new'
       ORDER BY t.created_at DESC LIMIT 1`,
    )
    .get() as { number: number; created_at: number };
  const logId = db.prepare('SELECT id FROM ticket_status_log LIMIT 1').get() as { id: string };
  db.prepare(
    `INSERT INTO ticket_status_log (id, ticket_id, from_status, to_status, at, by)
     SELECT ?, id, 'new', 'closed', created_at + 60000, NULL FROM tickets WHERE number = ?`,
  ).run(`${logId.id.slice(0, 24)}ffffffffffff`, skipped.number);
  const day = new Date(skipped.created_at + 3 * 3_600_000).toISOString().slice(0, 10);

  await openDesk(page, desk.host.url, db);
  await page.getByTestId('nav-debts').click();
  await page.getByTestId('accountant-tab-status').click();
  // A month of the demo up to that day: figures from every ticket created in it, the flagged one left out.
  const monthBefore = new Date(skipped.created_at + 3 * 3_600_000 - 30 * 86_400_000).toISOString().slice(0, 10);
  await fillDate(page, 'times-from', monthBefore);
  await fillDate(page, 'times-to', day);
  await expect(page.getByTestId('times-row').first()).toBeVisible();
  await expect(page.getByTestId('times-flagged-ticket').filter({ hasText: `№${skipped.number} ` })).toContainText(
    'не была в работе',
  );
});

/** Prices straight into the desk's replica, as a pull from the server would bring them. */
function putPrice(
  db: Database,
  p: Readonly<{ list: 'points' | 'money'; code: string; name: string; value: number; from: string; id: string }>,
): void {
  db.prepare(
    `INSERT INTO price_items (id, list, code, name, unit, value, currency, effective_from, set_at, set_by)
     VALUES (?, ?, ?, ?, 'шт', ?, ?, ?, 0, NULL)`,
  ).run(p.id, p.list, p.code, p.name, p.value, p.list === 'money' ? 'BYN' : null, p.from);
}

/** The newest completed ticket: a four-digit number, so searching for it finds it among few others. */
function completedTicket(db: Database): { number: number; resolved_at: number } {
  return db
    .prepare(
      `SELECT number, resolved_at FROM tickets WHERE status_kind = 'completed' AND resolved_at IS NOT NULL
       ORDER BY number DESC LIMIT 1`,
    )
    .get() as { number: number; resolved_at: number };
}

async function openDrawerOf(page: Page, db: Database, number: number): Promise<void> {
  await showAllTickets(page, db);
  const search = page.getByTestId('ticket-search');
  await searchAndSettle(page, String(number), () => search.fill(String(number)));
  await rowOf(page, number).click();
  await expect(page.getByTestId('drawer-number')).toContainText(String(number));
}

const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

test("the ticket drawer records work at the completion day's price and cancels a line, which stays struck out", async ({
  page,
  desk,
}) => {
  // Two lines on two lists and a cancellation, each through menus: over a minute on two busy cores.
  test.slow();
  const db = deskDatabase(desk.workstation);
  signInAsAccountant(db);
  const ticket = completedTicket(db);
  const day = new Date(ticket.resolved_at + 3 * 3_600_000).toISOString().slice(0, 10);
  const engineer = db
    .prepare("SELECT id, name FROM employees WHERE roles LIKE '%engineer%' AND active = 1 ORDER BY name LIMIT 1")
    .get() as { id: string; name: string };
  const office = db
    .prepare("SELECT id, name FROM employees WHERE roles NOT LIKE '%engineer%' AND active = 1 ORDER BY name LIMIT 1")
    .get() as { id: string; name: string };
  // In force on the completion day: 45.50; a raise from the next day on must not be offered nor charged; a type
  // priced only from the next day is not offered at all.
  putPrice(db, {
    id: '01900000-0000-7000-8000-000000000001',
    list: 'money',
    code: 'tracker-install',
    name: 'Монтаж трекера',
    value: 45_50,
    from: '2020-01-01',
  });
  putPrice(db, {
    id: '01900000-0000-7000-8000-000000000002',
    list: 'money',
    code: 'tracker-install',
    name: 'Монтаж трекера',
    value: 99_00,
    from: dayAfter(day),
  });
  putPrice(db, {
    id: '01900000-0000-7000-8000-000000000003',
    list: 'money',
    code: 'fuel-sensor',
    name: 'Установка ДУТ',
    value: 70_00,
    from: dayAfter(day),
  });
  putPrice(db, {
    id: '01900000-0000-7000-8000-000000000004',
    list: 'points',
    code: 'callback',
    name: 'Перезвон клиенту',
    value: 150,
    from: '2020-01-01',
  });

  await openDesk(page, desk.host.url, db);
  await openDrawerOf(page, db, ticket.number);
  const work = page.getByTestId('ticket-work');
  await expect(work).toHaveAttribute('data-completed', 'true');
  await expect(work.getByTestId('ticket-work-empty')).toHaveText('Работы не записаны');
  await expect(work).toContainText(`Цены на ${day}`);

  await page.getByTestId('ticket-work-code').click();
  await expect(page.getByRole('option')).toHaveCount(1);
  await expect(page.getByTestId('ticket-work-code-tracker-install')).toContainText('45,50');
  await page.getByTestId('ticket-work-code-tracker-install').click();
  await page.getByTestId('ticket-work-employee').click();
  // The money list pays engineers only: nobody from the office is offered.
  await expect(page.getByRole('option', { name: office.name, exact: true })).toHaveCount(0);
  await page.getByRole('option', { name: engineer.name, exact: true }).click();
  await page.getByTestId('ticket-work-quantity').fill('2');
  await page.getByTestId('ticket-work-submit').click();
  await expect(page.getByTestId('toast')).toHaveText('Работа записана');

  // A points line for an office colleague, on the other list.
  await page.getByTestId('ticket-work-list').click();
  await page.getByTestId('ticket-work-list-points').click();
  await page.getByTestId('ticket-work-code').click();
  await page.getByTestId('ticket-work-code-callback').click();
  await page.getByTestId('ticket-work-employee').click();
  await page.getByRole('option', { name: office.name, exact: true }).click();
  await page.getByTestId('ticket-work-submit').click();

  const lines = work.getByTestId('ticket-work-line');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0).getByTestId('ticket-work-line-employee')).toHaveText(engineer.name);
  await expect(lines.nth(0).getByTestId('ticket-work-line-value')).toContainText('91,00');
  await expect(lines.nth(1).getByTestId('ticket-work-line-value')).toHaveText('1,5 балл.');
  expect(
    db.prepare('SELECT list, quantity, unit_value, day, cancelled_at FROM work_lines ORDER BY list').all(),
  ).toEqual([
    { list: 'money', quantity: 2, unit_value: 45_50, day, cancelled_at: null },
    { list: 'points', quantity: 1, unit_value: 150, day, cancelled_at: null },
  ]);

  await lines.nth(0).getByTestId('ticket-work-line-cancel').click();
  await expect(page.getByTestId('toast')).toContainText('Строка работ отменена');
  await expect(lines.nth(0)).toHaveAttribute('data-cancelled', 'true');
  await expect(lines.nth(0).getByTestId('ticket-work-line-cancel')).toHaveCount(0);
  await expect(lines.nth(0)).toContainText('отменена');
  // Cancelled, not deleted: the row stays with who cancelled it.
  const cancelled = db.prepare("SELECT cancelled_at, cancelled_by FROM work_lines WHERE list = 'money'").get() as {
    cancelled_at: number | null;
    cancelled_by: string | null;
  };
  expect(cancelled.cancelled_at).not.toBeNull();
  expect(cancelled.cancelled_by).toBe(
    (db.prepare("SELECT value FROM settings WHERE key = 'desk.user_id'").get() as { value: string }).value,
  );
});

test('an engineer recording their own pay in the drawer is refused on screen and nothing is written', async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  const engineer = db
    .prepare('SELECT id, name FROM employees WHERE roles = \'["engineer"]\' AND active = 1 ORDER BY name LIMIT 1')
    .get() as { id: string; name: string };
  db.prepare("UPDATE settings SET value = ? WHERE key = 'desk.user_id'").run(engineer.id);
  const ticket = completedTicket(db);
  putPrice(db, {
    id: '01900000-0000-7000-8000-000000000001',
    list: 'money',
    code: 'tracker-install',
    name: 'Монтаж трекера',
    value: 45_50,
    from: '2020-01-01',
  });

  await openDesk(page, desk.host.url, db);
  await openDrawerOf(page, db, ticket.number);
  await page.getByTestId('ticket-work-code').click();
  await page.getByTestId('ticket-work-code-tracker-install').click();
  await page.getByTestId('ticket-work-employee').click();
  await page.getByRole('option', { name: engineer.name, exact: true }).click();
  await page.getByTestId('ticket-work-submit').click();

  const refusal = page.getByTestId('ticket-work-error');
  await expect(refusal).toHaveAttribute('data-code', 'forbidden');
  await expect(refusal).toContainText('Вашей роли это не разрешено');
  await expect(refusal).toContainText('свою оплату никто не записывает сам');
  await expect(page.getByTestId('ticket-work-line')).toHaveCount(0);
  expect(db.prepare('SELECT count(*) AS n FROM work_lines').get()).toEqual({ n: 0 });
});
