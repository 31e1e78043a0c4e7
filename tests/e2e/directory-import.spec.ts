import iconv from 'iconv-lite';
import { deskDatabase } from '../../main/workstation-db.js';
import { expect, test } from './fixtures.js';

/**
 * The directory's import dialog in Chromium against the real desk: a Windows-1251 CSV as Russian Excel saves
 * it goes through the upload, the guessed columns, the progress and the report; the same file again creates
 * nothing, and the report says why a line was skipped.
 */

const CSV = [
  'Наименование;УНП;Телефон;Госномер;Марка;Оборудование;Серийный номер;Дата установки',
  'ООО «Импорт-Тест»;100325912;+375 29 700-11-22;ЕЕ 7001-7;МАЗ;ДУТ;IMP-SN-1;16.03.2026',
  'ООО «Импорт-Тест»;100325912;+375 29 700-11-22;ЕЕ 7002-7;Volvo;Трекер;IMP-SN-2;17.03.2026',
  'ООО «Неверный УНП»;100325913;;;;;;',
].join('\r\n');

test('a CSV imported through the dialog shows progress and a report, and a second run duplicates nothing', async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  await page.goto(desk.host.url);
  await expect(page.getByTestId('ticket-grid')).toBeVisible();
  await page.getByTestId('nav-directory').click();

  const importOnce = async () => {
    await page.getByTestId('directory-import').click();
    await page.getByTestId('import-file').setInputFiles({
      name: 'клиенты.csv',
      mimeType: 'text/csv',
      buffer: iconv.encode(CSV, 'win1251'),
    });
    await expect(page.getByTestId('import-preview-row')).toHaveCount(3);
    await expect(page.getByTestId('import-preview-row').first()).toContainText('ООО «Импорт-Тест»');
    await page.getByTestId('import-run').click();
    await expect(page.getByTestId('import-progress')).toBeVisible();
    await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 30_000 });
    const counts = (await page.getByTestId('import-counts').textContent()) ?? '';
    await expect(page.getByTestId('import-report-row')).toContainText(['неверный УНП / ИНН']);
    const download = page.waitForEvent('download');
    await page.getByTestId('import-save-report').click();
    expect((await download).suggestedFilename()).toBe('import-report.csv');
    await page.getByTestId('import-close').click();
    return counts;
  };

  const first = await importOnce();
  expect(first).toContain('Создано: 5');
  expect(first).toContain('Пропущено: 1');
  expect(count("SELECT count(*) AS n FROM clients WHERE tax_id = '100325912'")).toBe(1);
  expect(count("SELECT count(*) AS n FROM equipment WHERE serial LIKE 'IMP-SN-%'")).toBe(2);

  await page.getByTestId('directory-search').fill('Импорт-Тест');
  await expect(page.getByTestId('directory-client-row')).toHaveCount(1);

  const second = await importOnce();
  expect(second).toContain('Создано: 0');
  expect(count("SELECT count(*) AS n FROM clients WHERE tax_id = '100325912'")).toBe(1);
  expect(count("SELECT count(*) AS n FROM vehicles WHERE plate LIKE 'ЕЕ 700%'")).toBe(2);
  expect(count("SELECT count(*) AS n FROM equipment WHERE serial LIKE 'IMP-SN-%'")).toBe(2);
});

test("a ticket on a client's card opens in the ticket drawer, and so does one on a vehicle's card", async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  const ticket = db
    .prepare(
      `SELECT t.number, c.id AS clientId, c.name AS client, v.plate FROM tickets t JOIN clients c ON c.id = t.client_id
       JOIN vehicles v ON v.id = t.vehicle_id
       WHERE t.status_kind = 'open' AND t.vehicle_id IS NOT NULL ORDER BY t.number LIMIT 1`,
    )
    .get() as { number: number; clientId: string; client: string; plate: string };
  await page.goto(desk.host.url);
  await expect(page.getByTestId('ticket-grid')).toBeVisible();
  await page.getByTestId('nav-directory').click();
  await page.getByTestId('directory-search').fill(ticket.client);
  // The list answers the search a moment after the typing, and other clients' names may hold this one's words:
  // click this client's own row once it is listed.
  await page.locator(`[data-testid="directory-client-row"][data-client-id="${ticket.clientId}"]`).click();
  await page
    .getByTestId('card-ticket-open')
    .filter({ hasText: `№ ${ticket.number}` })
    .first()
    .click();
  await expect(page.getByTestId('ticket-drawer')).toBeVisible();
  await expect(page.getByTestId('drawer-number')).toContainText(String(ticket.number));
  await page.getByTestId('drawer-close').click();
  await expect(page.getByTestId('ticket-drawer')).toBeHidden();

  await page.getByTestId('open-vehicle').filter({ hasText: ticket.plate }).first().click();
  await page
    .getByTestId('card-ticket-open')
    .filter({ hasText: `№ ${ticket.number}` })
    .first()
    .click();
  await expect(page.getByTestId('drawer-number')).toContainText(String(ticket.number));
});

test('equipment is installed with a date typed the Russian way, 01122026, stored as the 1st of December', async ({
  page,
  desk,
}) => {
  const db = deskDatabase(desk.workstation);
  // A vehicle the client's card lists (one with an open ticket, as in the test above).
  const vehicle = db
    .prepare(
      `SELECT v.plate, c.id AS clientId, c.name AS client FROM tickets t JOIN clients c ON c.id = t.client_id
       JOIN vehicles v ON v.id = t.vehicle_id
       WHERE t.status_kind = 'open' AND t.vehicle_id IS NOT NULL ORDER BY t.number LIMIT 1`,
    )
    .get() as { plate: string; clientId: string; client: string };
  await page.goto(desk.host.url);
  await expect(page.getByTestId('ticket-grid')).toBeVisible();
  await page.getByTestId('nav-directory').click();
  await page.getByTestId('directory-search').fill(vehicle.client);
  await page.locator(`[data-testid="directory-client-row"][data-client-id="${vehicle.clientId}"]`).click();
  await page.getByTestId('open-vehicle').filter({ hasText: vehicle.plate }).first().click();
  await page.getByTestId('install-equipment').click();
  const form = page.getByTestId('equipment-form');
  await form.getByTestId('field-kind').fill('ДУТ');
  await form.getByTestId('field-serial').fill('DATE-SN-1');
  const installed = form.getByTestId('field-installedAt');
  // Today is filled in; the day is typed over it, the Russian way round.
  await installed.locator('.MuiPickersSectionList-section').first().click();
  await page.keyboard.type('01122026');
  await expect(installed.locator('input')).toHaveValue('01.12.2026');
  await form.getByTestId('form-save').click();
  await expect(form).toBeHidden();
  const row = db.prepare("SELECT installed_at AS at FROM equipment WHERE serial = 'DATE-SN-1'").get() as {
    at: number;
  };
  expect(row.at).toBe(Date.UTC(2026, 11, 1));
});
