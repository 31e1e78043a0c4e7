import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** How the planner's end-to-end tests point at FullCalendar's lanes and drag on them. */

export type Point = Readonly<{ x: number; y: number }>;

export async function centre(locator: Locator): Promise<Point> {
  await expect(locator).toBeVisible();
  const box = await locator.boundingBox();
  if (!box) throw new Error('no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
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
