import { readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import Papa from 'papaparse';
import { deskDatabase } from '../../main/workstation-db.js';
import { expect, test } from './fixtures.js';
import { debtors, money, openDesk, rowOf, searchAndSettle, showAllTickets, unpaidTickets } from './support.js';

/**
 * The accountant's pane against the real desk: it lists a debtor with what the store says it owes, recording
 * the last payment there takes the debtor's mark off the grid, and the exports reach the user as downloads.
 */

/** The desk works as an accountant: only accountants and admins may record payments. */
function signInAsAccountant(db: Database): string {
  const accountant = db
    .prepare("SELECT id FROM employees WHERE roles LIKE '%accountant%' AND active = 1 ORDER BY name LIMIT 1")
    .get() as { id: string } | undefined;
  if (!accountant) throw new Error('seed 7 must have an accountant');
  db.prepare("UPDATE settings SET value = ? WHERE key = 'desk.user_id'").run(accountant.id);
  return accountant.id;
}

test('the pane lists a debtor; recording its last payment there takes the debtor mark off the grid', async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  signInAsAccountant(db);
  // A debtor with one unpaid visit still "waiting for payment": one payment in full ends its debt and, by the
  // status model's rule, moves the visit on to "done".
  const statusOf = (number: number) =>
    (db.prepare('SELECT status FROM tickets WHERE number = ?').get(number) as { status: string }).status;
  const debtor = debtors(db).find(
    (d) =>
      d.count === 1 &&
      unpaidTickets(db).some((t) => t.clientId === d.clientId && statusOf(t.number) === 'waiting_payment'),
  );
  if (!debtor) throw new Error('seed 7 must leave a debtor with a single unpaid visit waiting for payment');
  const visit = unpaidTickets(db).find((t) => t.clientId === debtor.clientId)!;

  await openDesk(page, desk.host.url, db);
  // A completed visit is not in the default view of open tickets.
  await showAllTickets(page, db);
  const search = page.getByTestId('ticket-search');
  await searchAndSettle(page, String(visit.number), () => search.fill(String(visit.number)));
  await expect(rowOf(page, visit.number)).toHaveAttribute('data-debtor', 'true');
  // The visit's card says what is still owed.
  await rowOf(page, visit.number).click();
  await expect(page.getByTestId('drawer-owed')).toHaveText(money(debtor.sum, debtor.currency));
  await page.keyboard.press('Escape');

  await page.getByTestId('nav-debts').click();
  const card = page.locator(`[data-testid="debtor"][data-client-id="${debtor.clientId}"]`);
  await expect(card.getByTestId('debtor-name')).toHaveText(debtor.name);
  await expect(card.getByTestId('debtor-owed')).toHaveText(money(debtor.sum, debtor.currency));
  await expect(page.getByTestId('debtor')).toHaveCount(debtors(db).length);

  const row = card.locator(`[data-testid="debt-visit"][data-ticket-number="${visit.number}"]`);
  await row.getByTestId('debt-visit-pay').click();
  const dialog = page.getByTestId('pay-dialog');
  await dialog.getByTestId('pay-full').click();
  await dialog.getByTestId('pay-comment').fill('Оплата по счёту');
  await dialog.getByTestId('pay-dialog-submit').click();
  await expect(page.getByTestId('toast')).toHaveText('Оплата внесена');
  await expect(card).toHaveCount(0);
  const stored = db
    .prepare(
      'SELECT p.amount, p.comment FROM payments p JOIN tickets t ON t.id = p.ticket_id WHERE t.number = ? ORDER BY p.rowid DESC',
    )
    .get(visit.number) as { amount: number; comment: string };
  expect(stored.comment).toBe('Оплата по счёту');

  await page.getByTestId('nav-tickets').click();
  await expect(rowOf(page, visit.number)).toHaveAttribute('data-debtor', 'false');
  expect(statusOf(visit.number)).toBe('done');
  await expect(rowOf(page, visit.number).getByTestId('status-chip')).toHaveAttribute('data-status', 'done');
});

test('the debts list downloads as CSV with what the pane shows, and a reminder letter as a PDF', async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  signInAsAccountant(db);
  const owing = debtors(db);
  await openDesk(page, desk.host.url, db);
  await page.getByTestId('nav-debts').click();
  await expect(page.getByTestId('debtor')).toHaveCount(owing.length);

  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('debts-export-csv').click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^debts-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await csv.path(), 'utf8');
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ';', skipEmptyLines: true });
  const visits = owing.reduce((n, d) => n + d.count, 0);
  expect(parsed.data).toHaveLength(visits + 1);
  expect(new Set(parsed.data.slice(1).map((r) => r[0]))).toEqual(new Set(owing.map((d) => d.name)));

  // The first letter asks for the company's details, then downloads.
  const first = page.getByTestId('debtor').first();
  await first.getByTestId('debtor-letter').click();
  const company = page.getByTestId('company-dialog');
  await company.getByTestId('company-name').fill('ООО «Пульт-Сервис»');
  await company.getByTestId('company-dialog-submit').click();
  await expect(company).toHaveCount(0);
  const pdfDownload = page.waitForEvent('download');
  await first.getByTestId('debtor-letter').click();
  const pdf = await pdfDownload;
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  expect(
    readFileSync(await pdf.path())
      .subarray(0, 5)
      .toString('latin1'),
  ).toBe('%PDF-');
});

test('a reminder with a follow-up today shows on the debtor and marks it due', async ({ page, desk }) => {
  const db = deskDatabase(desk.workstation);
  signInAsAccountant(db);
  const debtor = debtors(db)[0]!;
  await openDesk(page, desk.host.url, db);
  await page.getByTestId('nav-debts').click();
  const card = page.locator(`[data-testid="debtor"][data-client-id="${debtor.clientId}"]`);
  await card.getByTestId('debtor-remind').click();
  const dialog = page.getByTestId('remind-dialog');
  await dialog.getByTestId('remind-note').fill('Позвонили, обещали оплатить до пятницы');
  // Typed the Russian way, day first, into the date field.
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${String(d.getDate()).padStart(2, '0')}${String(d.getMonth() + 1).padStart(2, '0')}${d.getFullYear()}`;
  });
  await dialog.getByTestId('remind-follow-up').locator('.MuiPickersSectionList-root').click();
  await page.keyboard.type(today);
  await dialog.getByTestId('remind-dialog-submit').click();
  await expect(card.getByTestId('debtor-reminder')).toContainText('Позвонили, обещали оплатить до пятницы');
  await expect(card).toHaveAttribute('data-follow-up', 'today');
  await expect(card.getByTestId('debtor-follow-up')).toHaveText('Перезвонить сегодня');
});
