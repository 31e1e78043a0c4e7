import type { Database } from 'better-sqlite3';
import { deskDatabase } from '../../main/workstation-db.js';
import { expect, test } from './fixtures.js';
import { fillDate, openDesk } from './support.js';

/**
 * The KPI tab of the accountant's pane against the real desk: an accountant sets a price on the engineers'
 * list, records an engineer's work on a completed ticket, and the report for the ticket's completion day shows
 * the engineer's earnings by work type in its chart.
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
  await page.getByTestId('work-code').click();
  await page.getByTestId('work-code-tracker-install').click();
  await page.getByTestId('work-employee').click();
  await page.getByRole('option', { name: engineer.name, exact: true }).click();
  await page.getByTestId('work-quantity').fill('2');
  await page.getByTestId('work-submit').click();
  await expect(page.getByTestId('toast')).toHaveText('Работа записана');
  await expect(page.getByTestId('work-line')).toHaveCount(1);
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
