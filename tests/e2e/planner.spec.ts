import type { Database } from 'better-sqlite3';
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { deskDatabase } from '../../main/workstation-db.js';
import { expect, test } from './fixtures.js';
import { fillTime, openDesk } from './support.js';

/**
 * The planner in Chromium against the real workstation: a ticket dragged from the queue onto an engineer is
 * planned (the ticket follows to "visit planned"), a visit dragged onto another engineer moves, a move onto a
 * busy engineer is refused and snaps back with the reason, Ctrl+Z takes back the last change, and a reload
 * shows what the store holds.
 */

type VisitRow = { id: string; engineer_id: string; start_at: number; ticket_id: string };

const visitOf = (db: Database, ticketId: string) =>
  db.prepare('SELECT id, engineer_id, start_at, ticket_id FROM visits WHERE ticket_id = ?').get(ticketId) as
    VisitRow | undefined;
const statusOf = (db: Database, ticketId: string) =>
  (db.prepare('SELECT status FROM tickets WHERE id = ?').get(ticketId) as { status: string }).status;

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  await expect(locator).toBeVisible();
  const box = await locator.boundingBox();
  if (!box) throw new Error('no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags with real mouse events (FullCalendar listens to pointer moves, not to HTML5 drag and drop). */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 5, from.y + 5, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 15 });
  await page.mouse.up();
}

/** The point of an engineer's lane at a time of today (left edge of the slot plus a little). */
async function spot(page: Page, engineerId: string, hour: string) {
  const today = await page.evaluate(() => new Date().toLocaleDateString('sv'));
  const slot = page.locator(`td.fc-timeline-slot-lane[data-date^="${today}T${hour}"]`).first();
  await slot.scrollIntoViewIfNeeded();
  const lane = page.locator(`td.fc-timeline-lane[data-resource-id="${engineerId}"]`);
  const slotBox = (await slot.boundingBox())!;
  const laneBox = (await lane.boundingBox())!;
  return { x: slotBox.x + 6, y: laneBox.y + laneBox.height / 2 };
}

test('drag from the queue plans, drag between engineers moves, a clash snaps back with its reason, Ctrl+Z undoes, a reload keeps it', async ({
  page,
  desk,
}) => {
  // Five drags, each a round trip through the workstation and a redraw of the board: about a minute here.
  test.slow();
  const db = deskDatabase(desk.workstation);
  await openDesk(page, desk.host.url, db);
  await page.getByTestId('nav-calendar').click();
  const lanes = page.locator('td.fc-timeline-lane[data-resource-id]');
  await expect(lanes.first()).toBeVisible();
  const [a, b] = (await lanes.evaluateAll((els) => els.slice(0, 2).map((e) => e.getAttribute('data-resource-id')))) as [
    string,
    string,
  ];
  const queue = page.locator('[data-queue-ticket]');
  await expect(queue.first()).toBeVisible();
  const first = (await queue.nth(0).getAttribute('data-queue-ticket'))!;
  const second = (await queue.nth(1).getAttribute('data-queue-ticket'))!;

  // From the queue onto engineer A at 09:00.
  await drag(page, await centre(queue.nth(0)), await spot(page, a, '09:00'));
  await expect.poll(() => visitOf(db, first)?.engineer_id).toBe(a);
  expect(statusOf(db, first)).toBe('visit_planned');
  await expect(page.locator(`[data-queue-ticket="${first}"]`)).toHaveCount(0);
  const visit = page.locator('.fc-timeline-event.visit').first();
  await expect(visit).toBeVisible();

  // Onto engineer B at the same time.
  await drag(page, await centre(visit), await spot(page, b, '09:00'));
  await expect.poll(() => visitOf(db, first)?.engineer_id).toBe(b);

  // The second ticket onto A at 09:00, then onto B, who is busy then: refused, named, and back on A.
  await drag(page, await centre(page.locator(`[data-queue-ticket="${second}"]`)), await spot(page, a, '09:00'));
  await expect.poll(() => visitOf(db, second)?.engineer_id).toBe(a);
  const secondEvent = page.locator(`td.fc-timeline-lane[data-resource-id="${a}"] .fc-timeline-event.visit`);
  await expect(secondEvent).toBeVisible();
  await drag(page, await centre(secondEvent), await spot(page, b, '09:30'));
  await expect(page.getByRole('alert').filter({ hasText: 'уже выезд по заявке' })).toBeVisible();
  expect(visitOf(db, second)?.engineer_id).toBe(a);
  await expect(secondEvent).toBeVisible();

  // Ctrl+Z takes back the last change that happened: the second ticket's planning.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect.poll(() => visitOf(db, second)).toBeUndefined();
  expect(statusOf(db, second)).toBe('needs_visit');
  await expect(page.locator(`[data-queue-ticket="${second}"]`)).toBeVisible();

  // A reload shows the first visit still on B.
  await page.reload();
  await expect(page).toHaveURL(/#\/calendar$/);
  await expect(page.locator(`td.fc-timeline-lane[data-resource-id="${b}"] .fc-timeline-event.visit`)).toBeVisible();
});

test("an engineer's day opens from their name with its route; edited working hours move the shading; the day sheet downloads as a PDF", async ({
  page,
  desk,
}) => {
  test.slow();
  const db = deskDatabase(desk.workstation);
  await openDesk(page, desk.host.url, db);
  await page.getByTestId('nav-calendar').click();
  const lane = page.locator('td.fc-timeline-lane[data-resource-id]').first();
  await expect(lane).toBeVisible();
  const engineerId = (await lane.getAttribute('data-resource-id'))!;
  const shift = page.locator(`td.fc-timeline-lane[data-resource-id="${engineerId}"] .fc-bg-event.shift`).first();
  const today = await page.evaluate(() => new Date().getDay() || 7);
  const shaded = async () => {
    const box = await shift.boundingBox();
    return box ? Math.round(box.x) : null;
  };
  const before = await shaded();

  await page.locator(`[data-engineer-id="${engineerId}"]`).first().click();
  await expect(page.getByTestId('planner-day')).toBeVisible();
  await expect(page.getByTestId('planner-day-load')).toBeVisible();

  // Today 06:00–07:00 only: the shading moves to the morning, and the week is stored for this engineer.
  await page.getByTestId('planner-edit-hours').click();
  await fillTime(page, `hours-${today}-start`, '06:00');
  await fillTime(page, `hours-${today}-end`, '07:00');
  await page.getByTestId('hours-save').click();
  await expect(page.getByTestId('planner-hours')).toBeHidden();
  await expect
    .poll(() =>
      db.prepare('SELECT weekday, start_minute, end_minute FROM working_hours WHERE engineer_id = ?').all(engineerId),
    )
    .toEqual([{ weekday: today, start_minute: 360, end_minute: 420 }]);
  await expect.poll(shaded).not.toBe(before);

  const download = page.waitForEvent('download');
  await page.getByTestId('planner-day-sheet').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^day-sheet-\d{4}-\d{2}-\d{2}\.pdf$/);
  const bytes = await readFile((await file.path())!);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
});
