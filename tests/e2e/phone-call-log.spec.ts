import { v7 as uuidv7 } from 'uuid';
import { dispatch } from '../../core/dispatch.js';
import { deskDatabase } from '../../main/workstation-db.js';
import { expect, test } from './fixtures.js';
import { openDesk, rowOf, searchAndSettle, showAllTickets } from './support.js';

/**
 * Calls where a dispatcher reads a ticket, and an unlisted caller filed from the callback row. What this
 * tries to break: a callback ticket whose drawer does not list its missed calls, and a client created from the
 * row that leaves the callback under «Неизвестный абонент».
 */

test('the ticket drawer lists the calls of a callback ticket, each with what became of it', async ({ page, desk }) => {
  const db = deskDatabase(desk.workstation);
  const pick = db
    .prepare(
      `SELECT t.id, t.number, count(c.id) AS calls FROM tickets t JOIN calls c ON c.callback_ticket_id = t.id
       WHERE t.type = 'callback' GROUP BY t.id HAVING count(c.id) BETWEEN 1 AND 20
       ORDER BY calls DESC, t.number DESC LIMIT 1`,
    )
    .get() as { id: string; number: number; calls: number } | undefined;
  if (!pick) throw new Error('seed 7 must have a callback ticket with its missed calls');

  await openDesk(page, desk.host.url, db);
  // The demo's callbacks were all called back: not in the default view of open tickets.
  await showAllTickets(page, db);
  const search = page.getByTestId('ticket-search');
  await searchAndSettle(page, String(pick.number), () => search.fill(String(pick.number)));
  await rowOf(page, pick.number).click();
  const drawer = page.getByTestId('ticket-drawer');
  await expect(drawer).toHaveAttribute('data-ticket-id', pick.id);
  await expect(drawer.getByTestId('call-log-row')).toHaveCount(pick.calls);
  // Newest first: the oldest is the miss that opened the callback.
  await expect(drawer.getByTestId('call-log-row').last()).toHaveAttribute('data-kind', 'missed');
});

test('a client created from an unlisted caller’s callback row takes the callback, shown at once', async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  const number = '+375 33 765-43-21';
  const recorded = await dispatch(desk.workstation.handlers, 'call:record', {
    id: uuidv7(),
    sipCallId: `${uuidv7()}@e2e`,
    direction: 'in',
    number,
    startedAt: Date.now() - 60_000,
    outcome: 'missed',
    resolveLogId: uuidv7(),
  });
  expect(recorded.ok, JSON.stringify(recorded)).toBe(true);

  await openDesk(page, desk.host.url, db);
  await page.getByTestId('nav-calls').click();
  const row = page.locator('[data-testid="callback-row"][data-number="+375337654321"]');
  await expect(row.getByTestId('callback-client')).toHaveText('неизвестный абонент');
  await row.getByTestId('quick-client-open').click();
  await expect(row.getByTestId('quick-client-phone')).toHaveValue(number);
  await row.getByTestId('quick-client-name').fill('ООО «Ночной рейс»');
  await row.getByTestId('quick-client-create').click();
  await expect(row.getByTestId('callback-client')).toHaveText('ООО «Ночной рейс»');
  const stored = db
    .prepare(
      `SELECT cl.name AS client, t.client_id = cb.client_id AS same FROM callbacks cb
       JOIN tickets t ON t.id = cb.id JOIN clients cl ON cl.id = cb.client_id WHERE cb.number_key = ?`,
    )
    .get('+375337654321') as { client: string; same: number } | undefined;
  expect(stored).toEqual({ client: 'ООО «Ночной рейс»', same: 1 });
});

test('the directory’s client card lists the client’s calls, and a missed call’s callback ticket opens its drawer', async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  // A client with a few calls, one of them gone to a callback ticket, and a name no other client shares.
  const pick = db
    .prepare(
      `SELECT k.client_id AS clientId, cl.name AS name, count(*) AS calls,
              max(k.callback_ticket_id) AS ticketId
       FROM calls k JOIN clients cl ON cl.id = k.client_id
       WHERE (SELECT count(*) FROM clients o WHERE o.name = cl.name) = 1
       GROUP BY k.client_id HAVING count(*) BETWEEN 2 AND 20 AND max(k.callback_ticket_id) IS NOT NULL
       ORDER BY calls DESC, cl.name LIMIT 1`,
    )
    .get() as { clientId: string; name: string; calls: number; ticketId: string } | undefined;
  if (!pick) throw new Error('seed 7 must have a client with calls, one of them missed into a callback');
  const ticket = db.prepare('SELECT number FROM tickets WHERE id = ?').get(pick.ticketId) as { number: number };

  await openDesk(page, desk.host.url, db);
  await page.getByTestId('nav-directory').click();
  await page.getByTestId('directory-search').fill(pick.name);
  await page.getByTestId('directory-client-row').filter({ hasText: pick.name }).first().click();
  const card = page.getByTestId('client-card');
  await expect(card).toHaveAttribute('data-client-id', pick.clientId);
  const calls = card.getByTestId('call-log-row');
  await expect(calls).toHaveCount(pick.calls);
  // Each row says what became of the call and who took it, as the ticket drawer's list does.
  await expect(calls.first().getByTestId('call-log-kind')).not.toBeEmpty();
  const link = card.locator(`[data-testid="call-log-ticket"][data-ticket-id="${pick.ticketId}"]`).first();
  await expect(link).toHaveText(`перезвон № ${ticket.number}`);
  await link.click();
  await expect(page.getByTestId('ticket-drawer')).toHaveAttribute('data-ticket-id', pick.ticketId);
});
