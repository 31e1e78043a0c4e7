import type { Database } from 'better-sqlite3';
import type { Locator, Page, Response } from '@playwright/test';
import { nextAnswer } from './calls.js';
import { expect } from './fixtures.js';

/**
 * What the end-to-end tests share: how a dispatcher gets to the grid, and the ground truth read straight from
 * the store. The store queries here are written from the rules, not copied from the app's SQL: a debt is a
 * completed paid visit whose payments (the payments table, not the derived `paid_total`) fall short.
 */

/** The page's locale and time zone (playwright.config.ts): expected strings are formatted with them. */
export const LOCALE = 'ru-RU';
export const TIME_ZONE = 'Europe/Minsk';

export type Debt = Readonly<{ count: number; sum: number; oldestAt: number | null; currency: string }>;

/** The unpaid visits: completed, paid-for visits whose payments fall short of the amount. */
const UNPAID_VISITS = `
  FROM tickets t
  JOIN statuses s ON s.code = t.status
  JOIN clients c ON c.id = t.client_id
  LEFT JOIN (SELECT ticket_id, sum(amount) AS paid FROM payments WHERE cancelled_at IS NULL GROUP BY ticket_id) p
    ON p.ticket_id = t.id
  WHERE t.billing = 'paid' AND s.kind = 'completed' AND coalesce(p.paid, 0) < t.amount`;

const DEBT_SQL = `
  SELECT t.client_id AS clientId, c.name AS name, c.currency AS currency, count(*) AS count,
         sum(t.amount - coalesce(p.paid, 0)) AS sum, min(t.resolved_at) AS oldestAt
  ${UNPAID_VISITS}`;

export type Debtor = Debt & Readonly<{ clientId: string; name: string }>;

/** Every client that owes money, the largest number of unpaid visits first. */
export function debtors(db: Database): Debtor[] {
  return db.prepare(`${DEBT_SQL} GROUP BY t.client_id ORDER BY count DESC, t.client_id`).all() as Debtor[];
}

/** The unpaid visits themselves, newest first. */
export function unpaidTickets(db: Database): { number: number; clientId: string }[] {
  return db
    .prepare(`SELECT t.number AS number, t.client_id AS clientId ${UNPAID_VISITS} ORDER BY t.number DESC`)
    .all() as { number: number; clientId: string }[];
}

export function debtOf(db: Database, clientId: string): Debt | null {
  const row = db.prepare(`${DEBT_SQL} AND t.client_id = ? GROUP BY t.client_id`).get(clientId) as Debt | undefined;
  return row ?? null;
}

export function deskUserId(db: Database): string {
  const row = db.prepare("SELECT value FROM settings WHERE key = 'desk.user_id'").get() as { value: string };
  return row.value;
}

export function openTicketCount(db: Database): number {
  return (
    db
      .prepare("SELECT count(*) AS n FROM tickets t JOIN statuses s ON s.code = t.status WHERE s.kind = 'open'")
      .get() as { n: number }
  ).n;
}

export const money = (minor: number, currency: string) =>
  new Intl.NumberFormat(LOCALE, { style: 'currency', currency }).format(minor / 100);

export const shortDate = (ms: number) =>
  new Intl.DateTimeFormat(LOCALE, { dateStyle: 'short', timeZone: TIME_ZONE }).format(ms);

/** The result counter as the dispatcher reads it: «1 заявка», «3 заявки», «2 000 заявок». */
export function countText(n: number): string {
  const word = { one: 'заявка', few: 'заявки', many: 'заявок', other: 'заявки' } as const;
  const form = new Intl.PluralRules(LOCALE).select(n) as keyof typeof word;
  return `${new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 }).format(n)} ${word[form] ?? word.other}`;
}

/** Opens the desk the way the host hands it out (token in the fragment) and waits for the first page. */
export async function openDesk(page: Page, url: string, db: Database): Promise<Response | null> {
  const response = await page.goto(url);
  await expectGridShows(page, openTicketCount(db));
  return response;
}

/** The counter says `total`, and the rows on screen belong to that result (no placeholder rows left). */
export async function expectGridShows(page: Page, total: number): Promise<void> {
  await expect(page.getByTestId('ticket-count')).toHaveText(countText(total));
  await expect(page.getByTestId('grid-loading')).toHaveCount(0);
  await expect(page.getByTestId('ticket-row-loading')).toHaveCount(0);
}

export async function showAllTickets(page: Page, db: Database): Promise<void> {
  await page.getByTestId('view-all').click();
  const n = (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
  await expectGridShows(page, n);
}

/**
 * Runs `type` (whatever puts `text` into the search box) and waits until the grid shows that search's own
 * answer. The grid keeps the previous result on screen until the new one lands, so without this a test could
 * read, or hover, a row of the old result.
 */
export async function searchAndSettle(page: Page, text: string, type: () => Promise<void>): Promise<void> {
  const answered = nextAnswer(page, (call) => {
    const input = call.input as { filter?: { text?: string } } | undefined;
    return call.method === 'tickets:query' && input?.filter?.text === text.trim();
  });
  await type();
  await answered;
  // The answer has arrived; the loading bar stays until it is on screen.
  await expect(page.getByTestId('grid-loading')).toHaveCount(0);
  await expect(page.getByTestId('ticket-row-loading')).toHaveCount(0);
}

export function rows(page: Page): Locator {
  return page.getByTestId('ticket-row');
}

export function rowOf(page: Page, number: number): Locator {
  return page.locator(`[data-testid="ticket-row"][data-ticket-number="${number}"]`);
}

/** The ticket numbers of the rows the grid has rendered, in grid order. */
export async function renderedNumbers(page: Page): Promise<number[]> {
  const rendered = await rows(page).evaluateAll((els) =>
    els.map((el) => ({ index: Number(el.getAttribute('aria-rowindex')), number: Number(el.dataset.ticketNumber) })),
  );
  return rendered.sort((a, b) => a.index - b.index).map((r) => r.number);
}

/**
 * Types an ISO day (`2026-12-01`) into a date field (renderer/ui/DateField) the way a Russian user does: day,
 * month, year, digits only, over whatever the field held.
 */
export async function fillDate(page: Page, testId: string, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-');
  await page.getByTestId(testId).locator('.MuiPickersSectionList-section').first().click();
  await page.keyboard.type(`${day}${month}${year}`);
  await expect(page.getByTestId(testId).locator('input')).toHaveValue(`${day}.${month}.${year}`);
}

/** Types `HH:mm` into a time field (renderer/ui/TimeField): hours, then minutes, digits only, over what it held. */
export async function fillTime(page: Page, testId: string, time: string): Promise<void> {
  await page.getByTestId(testId).locator('.MuiPickersSectionList-section').first().click();
  await page.keyboard.type(time.replace(':', ''));
  await expect(page.getByTestId(testId).locator('input')).toHaveValue(time);
}
