import { deskDatabase } from '../../main/workstation-db.js';
import type { Page } from '@playwright/test';
import type { Database } from 'better-sqlite3';
import { expect, test } from './fixtures.js';
import { debtOf, debtors, deskUserId, money, openDesk, shortDate } from './support.js';

/**
 * The debt rule at the moment it matters: a dispatcher about to send an engineer to a client who has not paid
 * for the last visits must see the debt and say the client was told, and the store keeps the figures that
 * were acknowledged. A client who owes nothing must not be slowed down by any of it.
 */

/**
 * Opens the dialog with the N key and picks the client through the picker's search. The list already says
 * who owes: the debt is seen before the client is chosen, not after.
 */
async function startTicketFor(page: Page, clientName: string, owes: boolean) {
  await page.keyboard.press('n');
  const dialog = page.getByTestId('new-ticket-dialog');
  const picker = dialog.getByTestId('new-ticket-client').getByRole('combobox');
  await expect(picker).toBeFocused();
  await picker.pressSequentially(clientName);
  const option = page.getByTestId('client-option').filter({ has: page.getByText(clientName, { exact: true }) });
  await expect(option).toHaveAttribute('data-debtor', String(owes));
  await expect(option.getByTestId('debt-badge')).toHaveCount(owes ? 1 : 0);
  await option.click();
  await expect(picker).toHaveValue(clientName);
  return dialog;
}

function ticketTitled(db: Database, title: string) {
  return db.prepare('SELECT id, number, client_id AS clientId FROM tickets WHERE title = ?').all(title) as {
    id: string;
    number: number;
    clientId: string;
  }[];
}

test('creating a ticket for a debtor requires the acknowledgement, and the acknowledgement is stored', async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  const debtor = debtors(db)[0];
  if (!debtor || debtor.oldestAt === null) throw new Error('seed 7 must leave a debtor with a dated unpaid visit');
  const title = `Не работает трекер, e2e ${test.info().testId}`;

  await openDesk(page, desk.host.url, db);
  const dialog = await startTicketFor(page, debtor.name, true);
  const alert = dialog.getByTestId('debt-alert');
  await expect(alert).toBeVisible();
  await expect(alert.getByTestId('debt-alert-text')).toHaveText(
    `Неоплаченных выездов: ${debtor.count} на сумму ${money(debtor.sum, debtor.currency)}; ` +
      `самый старый от ${shortDate(debtor.oldestAt)}.`,
  );

  // Everything else is filled in: only the acknowledgement stands between the dispatcher and Create.
  await dialog.getByTestId('new-ticket-title').fill(title);
  const create = dialog.getByTestId('new-ticket-create');
  const ack = dialog.getByTestId('debt-ack');
  await expect(create).toBeDisabled();
  await ack.check();
  await expect(create).toBeEnabled();
  await ack.uncheck();
  await expect(create).toBeDisabled();
  // Enter in the title field submits the form; it must not get past the rule either.
  await dialog.getByTestId('new-ticket-title').press('Enter');
  await expect(dialog).toBeVisible();
  expect(ticketTitled(db, title)).toEqual([]);

  await ack.check();
  await create.click();
  await expect(dialog).toBeHidden();
  const [created, ...more] = ticketTitled(db, title);
  expect(more).toEqual([]);
  expect(created?.clientId).toBe(debtor.clientId);
  await expect(page.getByTestId('toast')).toHaveText(`Заявка №${created?.number} создана`);

  const acks = db
    .prepare(
      `SELECT client_id AS clientId, debt_count AS count, debt_sum AS sum, oldest_at AS oldestAt, by
       FROM debt_acknowledgements WHERE ticket_id = ?`,
    )
    .all(created?.id);
  expect(acks).toEqual([
    { clientId: debtor.clientId, count: debtor.count, sum: debtor.sum, oldestAt: debtor.oldestAt, by: deskUserId(db) },
  ]);
});

test('a ticket for a client without debt needs no acknowledgement', async ({ page, desk }) => {
  const db = deskDatabase(desk.workstation);
  const owing = new Set(debtors(db).map((d) => d.clientId));
  // A client whose name no other client's name contains, so the picker's first screen shows it.
  const client = (
    db
      .prepare(
        `SELECT c.id AS id, c.name AS name FROM clients c
         WHERE NOT EXISTS (SELECT 1 FROM clients o WHERE o.id <> c.id AND instr(o.name, c.name) > 0)
         ORDER BY c.name`,
      )
      .all() as { id: string; name: string }[]
  ).find((c) => !owing.has(c.id));
  if (!client) throw new Error('seed 7 must have a client without debt');
  expect(debtOf(db, client.id)).toBeNull();
  const title = `Консультация по отчётам, e2e ${test.info().testId}`;

  await openDesk(page, desk.host.url, db);
  const dialog = await startTicketFor(page, client.name, false);
  await dialog.getByTestId('new-ticket-title').fill(title);
  await expect(dialog.getByTestId('new-ticket-create')).toBeEnabled();
  await expect(dialog.getByTestId('debt-alert')).toHaveCount(0);
  await expect(dialog.getByTestId('debt-ack')).toHaveCount(0);
  await dialog.getByTestId('new-ticket-create').click();

  await expect(dialog).toBeHidden();
  const [created] = ticketTitled(db, title);
  expect(created?.clientId).toBe(client.id);
  await expect(page.getByTestId('toast')).toHaveText(`Заявка №${created?.number} создана`);
  expect(db.prepare('SELECT count(*) AS n FROM debt_acknowledgements WHERE ticket_id = ?').get(created?.id)).toEqual({
    n: 0,
  });
});
