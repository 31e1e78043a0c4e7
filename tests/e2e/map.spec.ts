import type { Page } from '@playwright/test';
import { DateTime } from 'luxon';
import { v7 as uuidv7 } from 'uuid';
import { deskDatabase } from '../../main/workstation-db.js';
import { expect, test } from './fixtures.js';
import { openDesk } from './support.js';

/**
 * The map in Chromium against the real workstation, which runs the simulator itself (a desk without a server):
 * markers appear and move, clicking a vehicle opens its ticket, the gap filler lists what the desk computes,
 * and with no tiles reachable (tests have no internet, and the test host's CSP lists no tile origin) the
 * bundled outline is drawn instead of a grey field.
 */

async function openMap(page: Page, url: string, desk: Parameters<typeof deskDatabase>[0]) {
  await openDesk(page, url, deskDatabase(desk));
  await page.getByTestId('nav-map').click();
  await expect(page.getByTestId('map-pane')).toBeVisible();
}

test('markers appear and move, the offline outline is drawn, and clicking a vehicle opens its ticket', async ({
  page,
  desk,
}) => {
  test.slow();
  await openMap(page, desk.host.url, desk.workstation);
  const canvas = page.getByTestId('map-canvas');
  await expect(canvas).toHaveAttribute('data-outline', 'drawn');
  expect(await page.locator('path.pult-map-outline').count()).toBeGreaterThan(3);
  // No tile ever loaded: what the user sees is the outline.
  expect(await page.locator('img.leaflet-tile-loaded').count()).toBe(0);

  const marker = page.locator('[data-testid="map-cluster"], path.pult-map-vehicle');
  await expect(marker.first()).toBeVisible();
  const before = Number(await canvas.getAttribute('data-updates'));
  await expect
    .poll(async () => Number(await canvas.getAttribute('data-updates')), { timeout: 10_000 })
    .toBeGreaterThan(before);

  // Zoom into clusters until a single vehicle is on screen, then pick it.
  const vehicle = page.locator('path.pult-map-vehicle');
  for (let i = 0; i < 12 && (await vehicle.count()) === 0; i += 1) {
    await page.getByTestId('map-cluster').first().click();
    await page.waitForTimeout(400);
  }
  await vehicle.first().click({ force: true });
  const card = page.getByTestId('map-vehicle-card');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('map-position-age')).toBeVisible();
  await card.getByTestId('map-open-ticket').first().click();
  await expect(page.getByTestId('ticket-drawer')).toBeVisible();
});

test('the gap filler lists the tickets the desk finds for the engineer and window', async ({ page, desk }) => {
  test.slow();
  await openMap(page, desk.host.url, desk.workstation);
  const handlers = desk.workstation.handlers as unknown as Record<string, (i: unknown) => Promise<unknown>>;
  const { engineers } = (await handlers['map:objects']!({ filter: {} })) as {
    engineers: { id: string; name: string }[];
  };
  // The engineer with the most tickets within reach over the next three hours.
  const now = Date.now();
  let best = { name: '', count: 0 };
  for (const e of engineers) {
    const answer = (await handlers['map:gap']!({
      engineerId: e.id,
      windowStart: now,
      windowEnd: now + 3 * 3_600_000,
      nextStop: null,
      filter: {},
      limit: 50,
    })) as { fits: unknown[] };
    if (answer.fits.length > best.count) best = { name: e.name, count: answer.fits.length };
  }
  expect(best.count).toBeGreaterThan(0);
  await page.getByTestId('gap-engineer').click();
  await page.getByRole('option', { name: best.name, exact: true }).click();
  await page.getByTestId('gap-find').click();
  const fits = page.getByTestId('gap-fit');
  await expect(fits.first()).toBeVisible();
  const ids = await fits.evaluateAll((els) => els.map((e) => e.getAttribute('data-ticket-id')));
  // What the page lists is what the desk answers for the same engineer and window (the page's window starts at
  // the minute, so it may hold a ticket or two more or fewer at the edge).
  const open = await handlers['map:objects']!({ filter: {} });
  const openIds = new Set(
    (open as { vehicles: { tickets: { id: string }[] }[] }).vehicles.flatMap((v) => v.tickets.map((t) => t.id)),
  );
  expect(ids.every((id) => id !== null && openIds.has(id))).toBe(true);
  expect(Math.abs(ids.length - Math.min(best.count, 50))).toBeLessThanOrEqual(3);
});

type MapObjectsAnswer = { vehicles: { clientId: string; clientName: string; tickets: { status: string }[] }[] };

test('the grid’s status, type, assignee and client filters narrow the map to what the desk answers for the same filter', async ({
  page,
  desk,
}) => {
  test.slow();
  await openMap(page, desk.host.url, desk.workstation);
  const handlers = desk.workstation.handlers as unknown as Record<string, (i: unknown) => Promise<unknown>>;
  const objects = async (filter: Record<string, unknown>) =>
    (await handlers['map:objects']!({ filter })) as MapObjectsAnswer;
  const pane = page.getByTestId('map-pane');
  const count = pane.getByTestId('map-count');
  const ticketsOf = (answer: MapObjectsAnswer) => answer.vehicles.reduce((n, v) => n + v.tickets.length, 0);
  const all = await objects({});
  await expect(count).toHaveAttribute('data-tickets', String(ticketsOf(all)));

  // A status some open tickets have, but not all of them.
  const byStatus = new Map<string, number>();
  for (const v of all.vehicles) for (const x of v.tickets) byStatus.set(x.status, (byStatus.get(x.status) ?? 0) + 1);
  const [code] = [...byStatus.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const model = (await handlers['statuses:model']!({})) as { statuses: { code: string; nameRu: string }[] };
  const name = model.statuses.find((s) => s.code === code)!.nameRu;
  await pane.getByTestId('filter-status').click();
  await page.getByRole('option', { name, exact: true }).click();
  await page.keyboard.press('Escape');
  const oneStatus = await objects({ statuses: [code] });
  expect(ticketsOf(oneStatus)).toBeLessThan(ticketsOf(all));
  await expect(count).toHaveAttribute('data-tickets', String(ticketsOf(oneStatus)));

  // The type narrows further, on top of the status (the filters combine as in the grid).
  await pane.getByTestId('filter-type').click();
  await page.getByRole('option', { name: 'Монтаж', exact: true }).click();
  await page.keyboard.press('Escape');
  const statusAndType = await objects({ statuses: [code], types: ['installation'] });
  await expect(count).toHaveAttribute('data-tickets', String(ticketsOf(statusAndType)));

  // "Unassigned" is the grid's own assignee choice.
  await pane.getByTestId('filter-reset').click();
  await expect(count).toHaveAttribute('data-tickets', String(ticketsOf(all)));
  await pane.getByTestId('filter-assignee').click();
  await page.getByRole('option', { name: 'Не назначен', exact: true }).click();
  await page.keyboard.press('Escape');
  const unassigned = await objects({ assigneeIds: [null] });
  await expect(count).toHaveAttribute('data-tickets', String(ticketsOf(unassigned)));

  // A client: only its vehicles stay on the map.
  await pane.getByTestId('filter-reset').click();
  const client = all.vehicles[0]!;
  const picker = pane.getByTestId('filter-client').locator('input');
  await picker.fill(client.clientName);
  await page.getByTestId('client-option').filter({ hasText: client.clientName }).first().click();
  const oneClient = await objects({ clientId: client.clientId });
  expect(oneClient.vehicles.every((v) => v.clientId === client.clientId)).toBe(true);
  await expect(count).toHaveAttribute('data-vehicles', String(oneClient.vehicles.length));
  await expect(count).toHaveAttribute('data-tickets', String(ticketsOf(oneClient)));
});

test('"On the map" in a ticket opens the map centred on its vehicle with its card, and a ticket opened there is the grid’s selection back in the grid', async ({
  page,
  desk,
}) => {
  test.slow();
  const db = deskDatabase(desk.workstation);
  await openDesk(page, desk.host.url, db);
  const rendered = await page
    .getByTestId('ticket-row')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-ticket-id') ?? ''));
  const withVehicle = db
    .prepare(
      `SELECT t.id, t.vehicle_id AS vehicleId, v.plate FROM tickets t JOIN vehicles v ON v.id = t.vehicle_id
       WHERE t.status_kind = 'open' AND t.id IN (${rendered.map(() => '?').join(',')})`,
    )
    .all(...rendered) as { id: string; vehicleId: string; plate: string }[];
  const target = withVehicle[0]!;
  const other = rendered.find((id) => id !== target.id)!;

  await page.locator(`[data-testid="ticket-row"][data-ticket-id="${target.id}"]`).click();
  const drawer = page.getByTestId('ticket-drawer');
  await expect(drawer).toHaveAttribute('data-ticket-id', target.id);
  await drawer.getByTestId('drawer-show-on-map').click();

  await expect(page).toHaveURL(/#\/map$/);
  const card = page.getByTestId('map-vehicle-card');
  await expect(card).toBeVisible();
  await expect(card).toContainText(target.plate);
  // Centred close enough that the vehicle is a marker of its own, on screen.
  await expect(page.locator(`path.pult-map-vehicle[data-object-id="${target.vehicleId}"]`)).toBeVisible();

  // Back in the grid, select another row; then open the first ticket from the map's card.
  await page.getByTestId('nav-tickets').click();
  await page.locator(`[data-testid="ticket-row"][data-ticket-id="${other}"]`).click();
  await expect(page.locator(`[data-testid="ticket-row"][data-ticket-id="${other}"]`)).toHaveAttribute(
    'data-selected',
    'true',
  );
  await page.getByTestId('nav-map').click();
  await card.getByTestId('map-open-ticket').first().click();
  const opened = await page.getByTestId('pane-map').getByTestId('ticket-drawer').getAttribute('data-ticket-id');
  expect(opened).not.toBeNull();
  await page.getByTestId('nav-tickets').click();
  await expect(page.locator(`[data-testid="ticket-row"][data-ticket-id="${opened}"]`)).toHaveAttribute(
    'data-selected',
    'true',
  );
  if (opened !== other)
    await expect(page.locator(`[data-testid="ticket-row"][data-ticket-id="${other}"]`)).toHaveAttribute(
      'data-selected',
      'false',
    );
});

test('"Visit cancelled → fill the gap" on a planned visit opens the gap filler with that engineer and the visit’s window, answered', async ({
  page,
  desk,
}) => {
  test.slow();
  const db = deskDatabase(desk.workstation);
  const handlers = desk.workstation.handlers as unknown as Record<string, (i: unknown) => Promise<unknown>>;
  const { engineers } = (await handlers['map:objects']!({ filter: {} })) as {
    engineers: { id: string; name: string }[];
  };
  const engineer = engineers[0]!;
  const ticket = db.prepare(`SELECT id FROM tickets WHERE status = 'needs_visit' ORDER BY number LIMIT 1`).get() as {
    id: string;
  };
  // A visit later today, on the minute (the panel's times are minutes); in the last hours before midnight in
  // Minsk, earlier today instead, so that the day panel the engineer's name opens (today's) holds it.
  const lastStart = DateTime.now().setZone('Europe/Minsk').startOf('day').plus({ hours: 22 }).toMillis();
  const startAt = Math.min(Math.ceil((Date.now() + 60 * 60_000) / 60_000) * 60_000, lastStart);
  const endAt = startAt + 90 * 60_000;
  await handlers['visit:plan']!({
    id: uuidv7(),
    ticketId: ticket.id,
    engineerId: engineer.id,
    startAt,
    endAt,
    workTypeId: null,
    place: null,
    placeLatE6: null,
    placeLonE6: null,
    logId: uuidv7(),
  });
  const minutes = (at: number) =>
    new Intl.DateTimeFormat('ru-RU', {
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZone: 'Europe/Minsk',
    }).format(at);

  await openDesk(page, desk.host.url, db);
  await page.getByTestId('nav-calendar').click();
  await page.locator(`[data-engineer-id="${engineer.id}"]`).first().click();
  await expect(page.getByTestId('planner-day')).toBeVisible();
  await page
    .getByTestId('planner-stop')
    .filter({ hasText: minutes(startAt) })
    .getByTestId('planner-fill-gap')
    .click();

  await expect(page).toHaveURL(/#\/map$/);
  const panel = page.getByTestId('gap-panel');
  await expect(panel.getByTestId('gap-engineer')).toContainText(engineer.name);
  await expect(panel.getByTestId('gap-from').locator('input')).toHaveValue(minutes(startAt));
  await expect(panel.getByTestId('gap-to').locator('input')).toHaveValue(minutes(endAt));
  // Answered at once: tickets that fit, or the reason there are none.
  await expect(
    panel
      .getByTestId('gap-fit')
      .first()
      .or(panel.getByText(/Ни одну|нет координат/)),
  ).toBeVisible();
  // The visit itself is left as it was.
  expect(
    db.prepare('SELECT count(*) AS n FROM visits WHERE engineer_id = ? AND start_at = ?').get(engineer.id, startAt),
  ).toEqual({
    n: 1,
  });
});
