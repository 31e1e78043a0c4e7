import { deskDatabase } from '../../main/workstation-db.js';
import { expect, test } from './fixtures.js';
import { expectGridShows, openDesk, openTicketCount, renderedNumbers, searchAndSettle } from './support.js';

/**
 * The search box never answers something other than what was asked without saying so: a search of symbols
 * only, or one longer than what is searched, gets a line above the grid in the window's language; a search
 * for a phone's last digits says that those clients come first. Clearing the search clears the line.
 */
test('a search of symbols only, or one cut to its maximum length, says so above the grid in Russian and English', async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  const open = openTicketCount(db);
  await openDesk(page, desk.host.url, db);
  const search = page.getByTestId('ticket-search');
  const notice = page.getByTestId('search-notice');
  const searchFor = (text: string) => searchAndSettle(page, text, () => search.fill(text));
  await expect(notice).toHaveCount(0);

  await searchFor('"%*_');
  await expect(notice).toContainText('нет ни букв, ни цифр');
  // What the grid shows is the view without the search, and the counter says so.
  await expectGridShows(page, open);

  await page.getByTestId('lang-en').click();
  await expect(notice).toContainText('no letters or digits');

  // A paste longer than what is searched: the start is searched, the rest is cut, and the line says that.
  await searchFor(`трекер ${'я'.repeat(240)}`);
  await expect(notice).toContainText('only its first 200 characters');
  await page.getByTestId('lang-ru').click();
  await expect(notice).toContainText('первые 200 символов');

  await search.fill('');
  await expect(notice).toHaveCount(0);
  await expectGridShows(page, open);
});

test('the last four digits of a client’s phone put that client’s tickets first, and the line says why', async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  // A client whose number's last four digits no other client's number ends with, with open tickets.
  const client = db
    .prepare(
      `SELECT p.client_id AS clientId, substr(p.e164, -4) AS ending FROM phones p
       JOIN tickets t ON t.client_id = p.client_id AND t.status_kind = 'open'
       WHERE p.e164 IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM phones q WHERE q.client_id <> p.client_id AND substr(q.e164, -4) = substr(p.e164, -4))
       GROUP BY p.id ORDER BY count(t.id) DESC LIMIT 1`,
    )
    .get() as { clientId: string; ending: string };
  const theirs = (
    db
      .prepare(`SELECT number FROM tickets WHERE client_id = ? AND status_kind = 'open' ORDER BY number DESC`)
      .all(client.clientId) as { number: number }[]
  ).map((r) => r.number);
  await openDesk(page, desk.host.url, db);
  const typed = `${client.ending.slice(0, 2)}-${client.ending.slice(2)}`;
  await searchAndSettle(page, typed, () => page.getByTestId('ticket-search').fill(typed));
  await expect(page.getByTestId('search-notice')).toContainText(`оканчивается на ${client.ending}`);
  const shown = await renderedNumbers(page);
  expect(shown.slice(0, theirs.length)).toEqual(theirs);
});
