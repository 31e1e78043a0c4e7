import { deskDatabase } from '../../main/workstation-db.js';
import en from '../../renderer/i18n/en.json' with { type: 'json' };
import ru from '../../renderer/i18n/ru.json' with { type: 'json' };
import { intlLocale, LANGS } from '../../renderer/i18n/languages.js';
import { formatDateTime } from '../../renderer/ui/format.js';
import { callsOf } from './calls.js';
import { expect, test } from './fixtures.js';
import {
  countText,
  debtors,
  expectGridShows,
  money,
  openDesk,
  openTicketCount,
  renderedNumbers,
  rowOf,
  rows,
  searchAndSettle,
  shortDate,
  showAllTickets,
  unpaidTickets,
} from './support.js';

/**
 * The ticket grid as a dispatcher meets it: debtors stand out, search forgives the way a plate or a phone is
 * typed, 2000 tickets scroll without being loaded, the keyboard drives it. Each figure on screen is checked
 * against the store itself, so a wrong sum, a missed debtor or a row from the wrong result fails here.
 */

type TicketRef = Readonly<{ id: string; number: number }>;

test("a debtor's rows are highlighted and the badge shows the right count, sum and oldest date", async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  const owing = debtors(db);
  const debtor = owing[0];
  if (!debtor || debtor.oldestAt === null) throw new Error('seed 7 must leave a debtor with a dated unpaid visit');
  const owingIds = new Set(owing.map((d) => d.clientId));
  const debtorTicket = db
    .prepare('SELECT number FROM tickets WHERE client_id = ? ORDER BY number DESC LIMIT 1')
    .get(debtor.clientId) as TicketRef;
  const clearTicket = db
    .prepare(
      `SELECT number FROM tickets WHERE client_id NOT IN (${owing.map(() => '?').join(', ')})
       ORDER BY number DESC LIMIT 1`,
    )
    .get(...owingIds) as TicketRef;

  await openDesk(page, desk.host.url, db);
  await showAllTickets(page, db);

  // Every row on screen, not just the one looked for: marked exactly when its client owes. The rows are read in
  // one pass: the grid renders a window of rows that it may re-measure while the test reads, so a row counted
  // a moment before may be gone (or a new one there) by the time it is asked for.
  const clientOf = db.prepare('SELECT client_id AS clientId FROM tickets WHERE id = ?');
  const wronglyMarked = async () => {
    const shown = await rows(page).evaluateAll((els) =>
      els.map((el) => ({ id: el.dataset.ticketId ?? '', debtor: el.dataset.debtor ?? '' })),
    );
    if (shown.length === 0) return ['no rows on screen'];
    return shown.flatMap(({ id, debtor }) => {
      const ticket = clientOf.get(id) as { clientId: string } | undefined;
      if (!ticket) return [`${id}: a row for no ticket in the store`];
      const expected = owingIds.has(ticket.clientId) ? 'true' : 'false';
      return debtor === expected ? [] : [`${id}: data-debtor=${debtor}, expected ${expected}`];
    });
  };
  await expect.poll(wronglyMarked).toEqual([]);

  const search = page.getByTestId('ticket-search');
  const searchFor = (text: string) => searchAndSettle(page, text, () => search.fill(text));
  await searchFor(String(debtorTicket.number));
  const marked = rowOf(page, debtorTicket.number);
  await expect(marked).toHaveAttribute('data-debtor', 'true');
  const badge = marked.getByTestId('debt-badge');
  await expect(badge).toHaveText(`Долг ${debtor.count}`);
  // The stripe is the badge's red, so the two read as one sign.
  const red = await badge.evaluate((el) => getComputedStyle(el).backgroundColor);
  await expect(marked).toHaveCSS('border-left-color', red);

  await badge.hover();
  const tooltip = page.getByRole('tooltip').getByTestId('debt-tooltip');
  await expect(tooltip).toContainText(`Неоплаченных выездов: ${debtor.count}`);
  await expect(tooltip).toContainText(`Сумма долга: ${money(debtor.sum, debtor.currency)}`);
  await expect(tooltip).toContainText(`Самый старый: ${shortDate(debtor.oldestAt)}`);

  await searchFor(String(clearTicket.number));
  const plain = rowOf(page, clearTicket.number);
  await expect(plain).toHaveAttribute('data-debtor', 'false');
  await expect(plain.getByTestId('debt-badge')).toHaveCount(0);
  await expect(plain).toHaveCSS('border-left-color', 'rgba(0, 0, 0, 0)');
});

test("the unpaid view lists exactly the unpaid visits, each marked with its client's debt", async ({ page, desk }) => {
  const db = deskDatabase(desk.workstation);
  const debtOfClient = new Map(debtors(db).map((d) => [d.clientId, d]));
  const unpaid = unpaidTickets(db);
  expect(unpaid.length).toBeGreaterThan(0);

  await openDesk(page, desk.host.url, db);
  await page.getByTestId('view-unpaid').click();
  await expectGridShows(page, unpaid.length);
  const shown = await renderedNumbers(page);
  // As many as fit on the screen, in the store's order; none missing from the top, none extra.
  expect(shown.length).toBeGreaterThanOrEqual(Math.min(unpaid.length, 15));
  expect(shown).toEqual(unpaid.slice(0, shown.length).map((t) => t.number));
  for (const { number, clientId } of unpaid.slice(0, shown.length)) {
    const row = rowOf(page, number);
    await expect(row).toHaveAttribute('data-debtor', 'true');
    await expect(row.getByTestId('debt-badge')).toHaveText(`Долг ${debtOfClient.get(clientId)?.count}`);
  }
});

test('search finds a ticket by plate and by a phone number typed differently', async ({ page, desk }) => {
  const db = deskDatabase(desk.workstation);
  const search = page.getByTestId('ticket-search');

  /** The `/` key takes the dispatcher to the search box from anywhere, replacing what was typed before. */
  const searchWithSlash = (text: string) =>
    searchAndSettle(page, text, async () => {
      await search.blur();
      await page.keyboard.press('/');
      await expect(search).toBeFocused();
      await page.keyboard.type(text);
      await expect(search).toHaveValue(text);
    });

  // A plate of each country's format, with tickets, and no other plate that starts the same.
  const vehicleLike = (glob: string) =>
    db
      .prepare(
        `SELECT v.plate AS plate, v.plate_key AS plateKey, count(t.id) AS n FROM vehicles v
         JOIN tickets t ON t.vehicle_id = v.id
         WHERE v.plate GLOB ?
           AND NOT EXISTS (SELECT 1 FROM vehicles w WHERE w.id <> v.id AND w.plate_key LIKE v.plate_key || '%')
         GROUP BY v.id HAVING n BETWEEN 2 AND 12 ORDER BY n DESC, v.plate LIMIT 1`,
      )
      .get(glob) as { plate: string; plateKey: string; n: number } | undefined;
  const belarusian = vehicleLike('[0-9][0-9][0-9][0-9] [A-Z][A-Z]-[0-9]');
  const russian = vehicleLike('[А-Я][0-9][0-9][0-9][А-Я][А-Я] [0-9]*');
  if (!belarusian || !russian) throw new Error('seed 7 must have Belarusian and Russian plates with tickets');

  await openDesk(page, desk.host.url, db);
  await showAllTickets(page, db);

  for (const [vehicle, typed] of [
    // "1234 AB-7" typed as "1234ab7": no space, no dash, lower case.
    [belarusian, belarusian.plate.replace(/[\s-]/g, '').toLowerCase()],
    // «А123ВС 77» typed on a Latin keyboard as "a123bc77".
    [russian, russian.plateKey.toLowerCase()],
  ] as const) {
    const expected = (
      db
        .prepare(
          `SELECT t.number AS number FROM tickets t JOIN vehicles v ON v.id = t.vehicle_id
           WHERE v.plate = ? ORDER BY t.number DESC`,
        )
        .all(vehicle.plate) as { number: number }[]
    ).map((r) => r.number);
    await searchWithSlash(typed);
    await expectGridShows(page, expected.length);
    expect(await renderedNumbers(page), `tickets of ${vehicle.plate} for "${typed}"`).toEqual(expected);
    for (const number of expected) {
      await expect(rowOf(page, number).locator('[data-column="plate"]')).toHaveText(vehicle.plate);
    }
  }

  // A Belarusian mobile stored in a local format ("8 029 …", "80 29 …"), of one client only.
  const phone = db
    .prepare(
      `SELECT p.raw AS raw, p.e164 AS e164, p.client_id AS clientId, c.name AS clientName FROM phones p
       JOIN clients c ON c.id = p.client_id
       WHERE p.e164 GLOB '+375[0-9][0-9][0-9]*' AND p.raw NOT LIKE '+%'
         AND substr(p.e164, 5, 2) IN ('25', '29', '33', '44')
         AND (SELECT count(DISTINCT client_id) FROM phones q WHERE q.e164 = p.e164) = 1
         AND EXISTS (SELECT 1 FROM tickets t WHERE t.client_id = p.client_id)
       ORDER BY p.e164 LIMIT 1`,
    )
    .get() as { raw: string; e164: string; clientId: string; clientName: string } | undefined;
  if (!phone) throw new Error('seed 7 must have a Belarusian mobile stored in a local format');
  const clientTickets = (
    db.prepare('SELECT count(*) AS n FROM tickets WHERE client_id = ?').get(phone.clientId) as { n: number }
  ).n;
  // "+375291234567" → "+375 29 1234567": the international form, grouped unlike the stored one.
  const typed = `${phone.e164.slice(0, 4)} ${phone.e164.slice(4, 6)} ${phone.e164.slice(6)}`;
  expect(typed.replace(/\D/g, '')).not.toBe(phone.raw.replace(/\D/g, ''));

  await searchWithSlash(typed);
  await expect(page.getByTestId('ticket-count')).toHaveText(countText(clientTickets));
  await expect(page.getByTestId('ticket-row-loading')).toHaveCount(0);
  // Read in one pass, as the debtor test does: the rendered window may be re-measured while the test reads.
  const clientsShown = () =>
    rows(page).evaluateAll((els) => els.map((el) => el.querySelector('[data-column="client"]')?.textContent ?? ''));
  await expect
    .poll(async () => (await clientsShown()).filter((client) => !client.includes(phone.clientName)))
    .toEqual([]);
  expect((await clientsShown()).length).toBeGreaterThan(0);
});

test('the grid pages through 2000 tickets without loading them all', async ({ page, desk }) => {
  const db = deskDatabase(desk.workstation);
  const total = (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
  expect(total).toBe(2000);
  const numbersAt = (offset: number, limit: number) =>
    (
      db.prepare('SELECT number FROM tickets ORDER BY number DESC LIMIT ? OFFSET ?').all(limit, offset) as {
        number: number;
      }[]
    ).map((r) => r.number);

  await openDesk(page, desk.host.url, db);
  await showAllTickets(page, db);
  const grid = page.getByTestId('ticket-grid');
  const rowAt = (index: number) => page.locator(`[data-testid="ticket-row"][aria-rowindex="${index + 2}"]`);

  // The middle of the list: the row there is the store's 1001st by number, fetched on arrival.
  const rowHeight = await rows(page)
    .first()
    .evaluate((el) => el.getBoundingClientRect().height);
  await grid.evaluate((el, top) => el.scrollTo({ top }), 1000 * rowHeight);
  await expect(rowAt(1000)).toHaveAttribute('data-ticket-number', String(numbersAt(1000, 1)[0]));

  await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  const smallest = (db.prepare('SELECT min(number) AS n FROM tickets').get() as { n: number }).n;
  await expect(rowAt(total - 1)).toHaveAttribute('data-ticket-number', String(smallest));
  await expect(page.getByTestId('ticket-row-loading')).toHaveCount(0);
  const bottom = await renderedNumbers(page);
  expect(bottom).toEqual(numbersAt(total - bottom.length, bottom.length));

  // Only what was on screen was asked for and rendered: a few pages, a few dozen rows in the DOM.
  expect(bottom.length).toBeLessThan(100);
  const calls = callsOf(page) as readonly { method: string; input: { offset?: number; limit?: number } }[];
  const queries = calls.filter((c) => c.method === 'tickets:query');
  const rowsAsked = new Set(
    queries.flatMap((q) => {
      const offset = q.input.offset ?? 0;
      return Array.from({ length: q.input.limit ?? 100 }, (_, i) => offset + i);
    }),
  );
  // Three places the list came to rest (top, middle, bottom), at most two pages of 100 each.
  expect(rowsAsked.size).toBeLessThanOrEqual(3 * 2 * 100);
  expect(queries.every((q) => (q.input.limit ?? 100) <= 100)).toBe(true);
  expect(calls.length).toBeLessThan(20);
});

test('keyboard: arrows move, Enter opens, Esc closes', async ({ page, desk }) => {
  const db = deskDatabase(desk.workstation);
  const open = db
    .prepare(
      `SELECT t.id AS id, t.number AS number FROM tickets t JOIN statuses s ON s.code = t.status
       WHERE s.kind = 'open' ORDER BY t.number DESC LIMIT 3`,
    )
    .all() as TicketRef[];
  const [first, second] = open;
  if (!first || !second) throw new Error('seed 7 must have at least two open tickets');

  await openDesk(page, desk.host.url, db);
  const selected = page.locator('[data-testid="ticket-row"][data-selected="true"]');
  const drawer = page.getByTestId('ticket-drawer');
  await expect(selected).toHaveCount(0);

  await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveAttribute('data-ticket-number', String(first.number));
  await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveAttribute('data-ticket-number', String(second.number));
  await expect(selected).toHaveCount(1);
  await page.keyboard.press('ArrowUp');
  await expect(selected).toHaveAttribute('data-ticket-number', String(first.number));
  // The top is a wall, not a wrap to the last ticket.
  await page.keyboard.press('ArrowUp');
  await expect(selected).toHaveAttribute('data-ticket-number', String(first.number));

  await page.keyboard.press('Enter');
  await expect(drawer).toHaveAttribute('data-ticket-id', first.id);
  await expect(drawer.getByTestId('drawer-number')).toHaveText(`№ ${first.number}`);

  // An open drawer follows the selection.
  await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveAttribute('data-ticket-number', String(second.number));
  await expect(drawer).toHaveAttribute('data-ticket-id', second.id);
  await expect(drawer.getByTestId('drawer-number')).toHaveText(`№ ${second.number}`);

  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
  // Closing the card does not lose the dispatcher's place in the list.
  await expect(selected).toHaveAttribute('data-ticket-number', String(second.number));
  await page.keyboard.press('Enter');
  await expect(drawer).toHaveAttribute('data-ticket-id', second.id);
});

test('keyboard: after a click on a view tab or a sort header, Enter still opens the ticket the arrows selected', async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  const numberColumn = page.locator('[role="columnheader"][data-column="number"]');
  const selected = page.locator('[data-testid="ticket-row"][data-selected="true"]');
  const drawer = page.getByTestId('ticket-drawer');
  const firstTwo = (sql: string) => {
    const [first, second] = db.prepare(`${sql} LIMIT 2`).all() as TicketRef[];
    if (!first || !second) throw new Error(`seed 7 must give two rows for ${sql}`);
    return [first, second] as const;
  };

  // The mouse chose the view: the focus is left on the "All" tab, which has its own use for Enter.
  await openDesk(page, desk.host.url, db);
  await showAllTickets(page, db);
  const [, secondOfAll] = firstTwo('SELECT id, number FROM tickets ORDER BY number DESC');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveAttribute('data-ticket-number', String(secondOfAll.number));
  await page.keyboard.press('Enter');
  await expect(drawer).toHaveAttribute('data-ticket-id', secondOfAll.id);
  await expect(page.getByTestId('view-all')).toHaveAttribute('aria-selected', 'true');

  // The mouse chose the sort: Enter must open the ticket, not flip the sort and lose the selection.
  await page.reload();
  await expectGridShows(page, openTicketCount(db));
  await page.getByTestId('sort-number').click();
  await expect(numberColumn).toHaveAttribute('aria-sort', 'ascending');
  const [firstOpen, secondOpen] = firstTwo(
    `SELECT t.id AS id, t.number AS number FROM tickets t JOIN statuses s ON s.code = t.status
     WHERE s.kind = 'open' ORDER BY t.number ASC`,
  );
  await expect(rows(page).first()).toHaveAttribute('data-ticket-number', String(firstOpen.number));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveAttribute('data-ticket-number', String(secondOpen.number));
  await page.keyboard.press('Enter');
  await expect(drawer).toHaveAttribute('data-ticket-id', secondOpen.id);
  await expect(numberColumn).toHaveAttribute('aria-sort', 'ascending');
});

test('the position line says which rows are on screen and which is selected, and a re-sort keeps the selected ticket', async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  // A client with more tickets than a screen shows, fewer than a page holds: after the re-sort the selected
  // ticket is among the fetched rows but below the screen, so the grid has to bring it into view.
  const { name } = db
    .prepare(
      `SELECT c.name AS name FROM clients c JOIN tickets t ON t.client_id = c.id
       GROUP BY c.id HAVING count(*) BETWEEN 25 AND 90 ORDER BY count(*) DESC LIMIT 1`,
    )
    .get() as { name: string };
  const position = page.getByTestId('grid-position');
  const selected = page.locator('[data-testid="ticket-row"][data-selected="true"]');

  await openDesk(page, desk.host.url, db);
  await showAllTickets(page, db);
  const all = (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
  await expect(position).toHaveAttribute('data-total', String(all));
  await expect(position).toHaveAttribute('data-from', '1');
  await expect(position).toContainText(`из ${countText(all).replace(/\D+$/, '').trim()}`);

  await searchAndSettle(page, name, () => page.getByTestId('ticket-search').fill(name));
  const total = Number(await position.getAttribute('data-total'));
  expect(total).toBeGreaterThanOrEqual(25);
  expect(total).toBeLessThanOrEqual(100);
  await page.getByTestId('ticket-grid').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const number = await selected.getAttribute('data-ticket-number');
  await expect(position).toHaveAttribute('data-selected', '2');
  await expect(position).toContainText('выбрана строка 2');

  // Number ascending: the second-newest ticket is now second from the end, and it is still the one selected.
  const before = await rows(page).first().getAttribute('data-ticket-number');
  await page.getByTestId('sort-number').click();
  await expect(rows(page).first()).not.toHaveAttribute('data-ticket-number', before!);
  await expect(selected).toHaveCount(1);
  await expect(selected).toHaveAttribute('data-ticket-number', number!);
  await expect(position).toHaveAttribute('data-selected', String(total - 1));
  await expect(selected).toHaveAttribute('aria-rowindex', String(total - 1 + 1));
  await expect(selected).toBeInViewport();
  // The arrows go on from the ticket's new place, not from its old index.
  await page.keyboard.press('ArrowDown');
  await expect(position).toHaveAttribute('data-selected', String(total));
});

/**
 * What the grid shows from a fixed vocabulary (a six-digit ticket number, every status, type and priority in
 * both languages, a date and time) is never cut: a dispatcher reads "Критический", not "Критичес…". Each value
 * is put into a real cell of the rendered grid and measured there, with the grid's own fonts and widths.
 */
for (const width of [1024, 1920]) {
  test(`at ${width} px every status, type, priority, date and a six-digit number fits its column`, async ({
    page,
    desk,
  }) => {
    const db = deskDatabase(desk.workstation);
    await page.setViewportSize({ width, height: 900 });
    await openDesk(page, desk.host.url, db);
    const statuses = db.prepare('SELECT name_ru, name_en FROM statuses').all() as {
      name_ru: string;
      name_en: string;
    }[];
    // The widest date and time of the year, as each language writes it.
    const late = Date.UTC(2026, 11, 28, 20, 58);
    const dates = LANGS.map((lang) => formatDateTime(late, intlLocale(lang), 'Europe/Minsk'));
    const values: Record<string, string[]> = {
      number: ['999999'],
      status: statuses.flatMap((s) => [s.name_ru, s.name_en]),
      type: [...Object.values(ru.type), ...Object.values(en.type)],
      priority: [...Object.values(ru.priority), ...Object.values(en.priority)],
      created: dates,
      planned: dates,
    };
    const cut = await page.evaluate((values) => {
      const row = document.querySelector('[data-testid="ticket-row"]')!;
      const found: string[] = [];
      for (const [column, texts] of Object.entries(values)) {
        const cell = row.querySelector<HTMLElement>(`[data-column="${column}"]`)!;
        // The element that holds the text: the deepest one with any.
        let holder: HTMLElement = cell;
        while (holder.firstElementChild instanceof HTMLElement) holder = holder.firstElementChild;
        const before = holder.textContent;
        for (const text of texts) {
          holder.textContent = text;
          for (let el: HTMLElement | null = holder; el && el !== row; el = el.parentElement) {
            if (el.scrollWidth > el.clientWidth + 0.5) {
              found.push(`${column}: "${text}" needs ${el.scrollWidth} px, has ${el.clientWidth}`);
              break;
            }
          }
        }
        holder.textContent = before;
      }
      return found;
    }, values);
    expect(cut).toEqual([]);
  });
}
