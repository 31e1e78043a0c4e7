import { deskDatabase } from '../../main/workstation-db.js';
import { expect, test } from './fixtures.js';
import { expectGridShows, openDesk, showAllTickets } from './support.js';

/**
 * A date is typed the way the interface's language writes it, whatever language the browser speaks: this browser
 * says en-US, whose own date input asks for mm/dd/yyyy and reads 01122026 as the 12th of January.
 */
test.use({ locale: 'en-US' });

/** Local midnight, as the browser (same zone as the fixtures) starts the day. */
const dayStart = (year: number, month: number, day: number) => new Date(year, month - 1, day).getTime();

test('the grid\'s "created from" takes 01122026 as the 1st of December in Russian, 01/12/2026 in English, and filters on it', async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  await openDesk(page, desk.host.url, db);
  await showAllTickets(page, db);

  // A day with tickets before and after it, from the store itself.
  const { created } = db
    .prepare('SELECT created_at AS created FROM tickets ORDER BY created_at LIMIT 1 OFFSET 1000')
    .get() as {
    created: number;
  };
  const day = await page.evaluate((ms) => {
    const d = new Date(ms);
    return { y: d.getFullYear(), m: d.getMonth() + 1, d: d.getDate() };
  }, created);
  const since = dayStart(day.y, day.m, day.d);
  const expected = (db.prepare('SELECT count(*) AS n FROM tickets WHERE created_at >= ?').get(since) as { n: number })
    .n;
  const total = (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
  expect(expected).toBeGreaterThan(0);
  expect(expected).toBeLessThan(total);

  const two = (n: number) => String(n).padStart(2, '0');
  const from = page.getByTestId('filter-created-from');
  await from.locator('.MuiPickersSectionList-root').click();
  await page.keyboard.type(`${two(day.d)}${two(day.m)}${day.y}`);
  await expect(from.locator('input')).toHaveValue(`${two(day.d)}.${two(day.m)}.${day.y}`);
  await expectGridShows(page, expected);

  // In English the same day reads day first too (the British order), and the filter holds.
  await page.getByTestId('lang-en').click();
  await expect(from.locator('input')).toHaveValue(`${two(day.d)}/${two(day.m)}/${day.y}`);
  await expect(page.getByTestId('ticket-count')).toHaveText(`${new Intl.NumberFormat('en').format(expected)} tickets`);

  // A day that does not exist is marked as wrong and filters nothing away.
  await page.getByTestId('lang-ru').click();
  await page.getByTestId('filter-reset').click();
  await expectGridShows(page, total);
  await from.locator('.MuiPickersSectionList-root').click();
  await page.keyboard.type(`3102${day.y}`);
  await expect(from.locator('input')).toHaveValue(`31.02.${day.y}`);
  await expect(from.locator('.Mui-error').first()).toBeVisible();
  await expectGridShows(page, total);
});
