import { deskDatabase } from '../../main/workstation-db.js';
import { expect, test } from './fixtures.js';
import { openDesk } from './support.js';

/**
 * The company's travel settings on the map, in Chromium against the real workstation (which runs the simulator
 * itself): a dispatcher sees them and cannot change them; an admin changes the average speed and the road factor,
 * a value out of range is refused in words and changes nothing, and the gap filler's answer follows at once.
 * (The demo's engineers reach few open tickets in three hours at 50 km/h on roads 1.3 times the straight line.)
 */
test('an admin raises the average speed and lowers the road factor on the map, and the gap filler answers with more reachable tickets at once; a dispatcher only sees the settings', async ({
  page,
  desk,
}) => {
  test.slow();
  const db = deskDatabase(desk.workstation);
  await openDesk(page, desk.host.url, db);
  await page.getByTestId('nav-map').click();
  const summary = page.getByTestId('travel-settings');
  await expect(summary).toHaveAttribute('data-speed', '50');
  await expect(summary).toHaveAttribute('data-road-factor', '1.3');
  await expect(page.getByTestId('travel-settings-edit')).toHaveCount(0);

  const admin = db.prepare(`SELECT id FROM employees WHERE roles LIKE '%"admin"%' AND active = 1 LIMIT 1`).get() as
    { id: string } | undefined;
  if (!admin) throw new Error('the demo must have an admin');
  db.prepare("UPDATE settings SET value = ? WHERE key = 'desk.user_id'").run(admin.id);
  await page.reload();
  await page.getByTestId('nav-map').click();

  // The engineer with the most tickets within reach over the next three hours, as the desk answers now.
  const handlers = desk.workstation.handlers as unknown as Record<string, (i: unknown) => Promise<unknown>>;
  const { engineers } = (await handlers['map:objects']!({ filter: {} })) as {
    engineers: { id: string; name: string }[];
  };
  const now = Date.now();
  let best = { name: '', reachable: -1 };
  for (const e of engineers) {
    const answer = (await handlers['map:gap']!({
      engineerId: e.id,
      windowStart: now,
      windowEnd: now + 3 * 3_600_000,
      nextStop: null,
      filter: {},
      limit: 50,
    })) as { reachable: number };
    if (answer.reachable > best.reachable) best = { name: e.name, reachable: answer.reachable };
  }
  expect(best.name).not.toBe('');
  await page.getByTestId('gap-engineer').click();
  await page.getByRole('option', { name: best.name, exact: true }).click();
  await page.getByTestId('gap-find').click();
  const panel = page.getByTestId('gap-panel');
  await expect(panel).not.toHaveAttribute('data-reachable', '');
  const before = Number(await panel.getAttribute('data-reachable'));

  const stored = () =>
    db.prepare('SELECT average_speed_kmh AS speed, road_factor_percent AS factor FROM planning_settings').get();
  // Out of range: refused in the user's words, and nothing changes.
  await page.getByTestId('travel-settings-edit').click();
  await page.getByTestId('travel-speed').fill('500');
  await page.getByTestId('travel-settings-save').click();
  await expect(page.getByTestId('travel-settings-error')).toContainText('200');
  await page.getByTestId('travel-speed').fill('60');
  await page.getByTestId('travel-factor').fill('1,305');
  await page.getByTestId('travel-settings-save').click();
  await expect(page.getByTestId('travel-settings-error')).toBeVisible();
  expect(stored()).toEqual({ speed: 50, factor: 130 });
  await expect(summary).toHaveAttribute('data-speed', '50');

  // Fast cars on straight roads: the same engineer and window reach many more tickets, without asking again.
  await page.getByTestId('travel-speed').fill('200');
  await page.getByTestId('travel-factor').fill('1');
  await page.getByTestId('travel-settings-save').click();
  await expect(page.getByTestId('travel-settings-dialog')).toHaveCount(0);
  await expect(summary).toHaveAttribute('data-speed', '200');
  await expect(summary).toHaveAttribute('data-road-factor', '1');
  expect(stored()).toEqual({ speed: 200, factor: 100 });
  await expect.poll(async () => Number(await panel.getAttribute('data-reachable'))).toBeGreaterThan(before + 3);
  await expect(page.getByTestId('gap-fit').first()).toBeVisible();
});
