import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** How the planner's end-to-end tests point at FullCalendar's lanes and drag on them. */

export type Point = Readonly<{ x: number; y: number }>;

export async function centre(locator: Locator): Promise<Point> {
  // A board answer may redraw the event between a look and a measure (no element for a moment): measure again.
  let box: Awaited<ReturnType<Locator['boundingBox']>> = null;
  await expect.poll(async () => (box = await locator.boundingBox()) !== null, { message: 'no box' }).toBe(true);
  const { x, y, width, height } = box!;
  return { x: x + width / 2, y: y + height / 2 };
}

/** How many board answers the calendar has drawn (the pane counts them for tests and the benchmark). */
export async function boardAnswers(page: Page): Promise<number> {
  return Number(await page.getByTestId('planner-calendar').getAttribute('data-board-answers'));
}

/** Drags with real mouse events (FullCalendar listens to pointer moves, not to HTML5 drag and drop). */
export async function drag(page: Page, from: Point, to: Point): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 5, from.y + 5, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 15 });
  await page.mouse.up();
}

/** The point of an engineer's lane at a time of today (left edge of the slot plus a little). */
export async function spot(page: Page, engineerId: string, hour: string): Promise<Point> {
  const today = await page.evaluate(() => new Date().toLocaleDateString('sv'));
  const slot = page.locator(`td.fc-timeline-slot-lane[data-date^="${today}T${hour}"]`).first();
  await slot.scrollIntoViewIfNeeded();
  const lane = page.locator(`td.fc-timeline-lane[data-resource-id="${engineerId}"]`);
  const slotBox = (await slot.boundingBox())!;
  const laneBox = (await lane.boundingBox())!;
  return { x: slotBox.x + 6, y: laneBox.y + laneBox.height / 2 };
}

/** The visits drawn in an engineer's lane. */
export const visitsIn = (page: Page, engineerId: string): Locator =>
  page.locator(`td.fc-timeline-lane[data-resource-id="${engineerId}"] .fc-timeline-event.visit`);
