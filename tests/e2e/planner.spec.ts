import type { Database } from 'better-sqlite3';
import { readFile } from 'node:fs/promises';
import { deskDatabase } from '../../main/workstation-db.js';
import { expect, test } from './fixtures.js';
import { boardAnswers, centre, drag, spot } from './planner-support.js';
import { fillDate, fillTime, openDesk } from './support.js';

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

test('drag from the queue plans, drag between engineers moves, a clash snaps back with its reason, Ctrl+Z undoes, two moves in a row both hold, a reload keeps it', async ({
  page,
  desk,
}) => {
  // Five drags, each a round trip through the workstation and a redraw of the board: about a minute here.
  test.slow();
  const db = deskDatabase(desk.workstation);
  await openDesk(page, desk.host.url, db);
  await page.getByTestId('nav-calendar').click();
  const lanes = page.locator('td.fc-timeline-lane[data-resource-id]');
  // The calendar's chunk (FullCalendar) is parsed on the first visit: seconds on a loaded machine.
  await expect(lanes.first()).toBeVisible({ timeout: 30_000 });
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

  // The first visit moved twice on B without a reload: each move carries the revision the one before it made,
  // so neither is refused as someone else's.
  const onB = page.locator(`td.fc-timeline-lane[data-resource-id="${b}"] .fc-timeline-event.visit`);
  const startedAt = visitOf(db, first)!.start_at;
  const answered = await boardAnswers(page);
  await drag(page, await centre(onB), await spot(page, b, '13:00'));
  await expect.poll(() => visitOf(db, first)!.start_at).not.toBe(startedAt);
  const movedAt = visitOf(db, first)!.start_at;
  // The board's answer to the move is in (drawn again or left as dropped) before the visit is picked up again.
  await expect.poll(() => boardAnswers(page)).toBeGreaterThan(answered);
  await drag(page, await centre(onB), await spot(page, b, '15:00'));
  await expect.poll(() => visitOf(db, first)!.start_at).toBe(movedAt + 2 * 3_600_000);
  await expect(page.getByRole('alert').filter({ hasText: 'Выезд уже изменил' })).toHaveCount(0);

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
  await expect(lane).toBeVisible({ timeout: 30_000 });
  const engineerId = (await lane.getAttribute('data-resource-id'))!;
  const shift = page.locator(`td.fc-timeline-lane[data-resource-id="${engineerId}"] .fc-bg-event.shift`).first();
  const today = await page.evaluate(() => new Date().getDay() || 7);
  const shaded = async () => {
    const box = await shift.boundingBox();
    return box ? Math.round(box.x) : null;
  };
  const before = await shaded();

  // A name too long for the column ends in an ellipsis, and the whole name is its tooltip.
  const label = page.locator(`[data-engineer-id="${engineerId}"]`).first();
  const { name } = db.prepare('SELECT name FROM employees WHERE id = ?').get(engineerId) as { name: string };
  await expect(label).toHaveAttribute('title', name);
  await expect(label.locator('.fc-datagrid-cell-cushion')).toHaveCSS('text-overflow', 'ellipsis');

  await label.click();
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

test("the editors: time off from an engineer's day shades the lane at once, holidays every lane, an admin edits a work type's checklist; bad input is refused and changes nothing", async ({
  page,
  desk,
}) => {
  test.slow();
  const db = deskDatabase(desk.workstation);
  await openDesk(page, desk.host.url, db);
  await page.getByTestId('nav-calendar').click();
  const lane = page.locator('td.fc-timeline-lane[data-resource-id]').first();
  await expect(lane).toBeVisible({ timeout: 30_000 });
  // The demo desk's dispatcher plans, but holidays are the company's calendar and templates an admin's.
  await expect(page.getByTestId('planner-edit-holidays')).toHaveCount(0);
  await expect(page.getByTestId('planner-edit-checklists')).toHaveCount(0);

  const admin = db.prepare(`SELECT id FROM employees WHERE roles LIKE '%"admin"%' AND active = 1 LIMIT 1`).get() as
    { id: string } | undefined;
  if (!admin) throw new Error('seed 7 must have an admin');
  db.prepare("UPDATE settings SET value = ? WHERE key = 'desk.user_id'").run(admin.id);
  await page.reload();
  await expect(lane).toBeVisible({ timeout: 30_000 });
  const engineerId = (await lane.getAttribute('data-resource-id'))!;
  const timeOffIn = (id: string) => page.locator(`td.fc-timeline-lane[data-resource-id="${id}"] .fc-bg-event.time-off`);
  const offRows = () => db.prepare('SELECT kind, note FROM time_off WHERE engineer_id = ?').all(engineerId);
  const before = offRows();

  // Time off, from the engineer's day: 00:30–02:00 today, when no demo visit is planned.
  await page.locator(`[data-engineer-id="${engineerId}"]`).first().click();
  await page.getByTestId('planner-edit-time-off').click();
  const dialog = page.getByTestId('planner-time-off');
  await dialog.getByRole('combobox', { name: 'Причина' }).click();
  await page.locator('[role=option][data-kind="training"]').click();
  await fillTime(page, 'time-off-from-time', '02:00');
  await fillTime(page, 'time-off-to-time', '00:30');
  await dialog.getByTestId('time-off-note').fill('Обучение Teltonika');
  await page.getByTestId('time-off-add').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Окончание должно быть позже начала' })).toBeVisible();
  expect(offRows()).toEqual(before);

  await fillTime(page, 'time-off-from-time', '00:30');
  await fillTime(page, 'time-off-to-time', '02:00');
  await page.getByTestId('time-off-add').click();
  await expect.poll(offRows).toEqual([...before, { kind: 'training', note: 'Обучение Teltonika' }]);
  await expect(dialog.getByTestId('time-off-row').filter({ hasText: 'Обучение Teltonika' })).toBeVisible();
  await expect(timeOffIn(engineerId)).toHaveCount(1);
  await dialog
    .getByTestId('time-off-row')
    .filter({ hasText: 'Обучение Teltonika' })
    .getByTestId('time-off-remove')
    .click();
  await expect.poll(offRows).toEqual(before);
  await expect(timeOffIn(engineerId)).toHaveCount(0);
  await page.getByRole('button', { name: 'Закрыть', exact: true }).click();
  await expect(dialog).toBeHidden();

  // A holiday today: shaded across the lanes; a second one on the same date is refused by name.
  const today = await page.evaluate(() => new Date().toLocaleDateString('sv'));
  const holidayRows = () => db.prepare('SELECT day, name FROM holidays WHERE day = ?').all(today);
  await page.getByTestId('planner-edit-holidays').click();
  await fillDate(page, 'holiday-day', today);
  await page.getByTestId('holiday-name').fill('День инженера');
  await page.getByTestId('holiday-add').click();
  await expect.poll(holidayRows).toEqual([{ day: today, name: 'День инженера' }]);
  await expect(page.locator('.fc-bg-event.holiday').first()).toBeVisible();
  await fillDate(page, 'holiday-day', today);
  await page.getByTestId('holiday-name').fill('Ещё один');
  await page.getByTestId('holiday-add').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Этот день уже праздник: День инженера' })).toBeVisible();
  expect(holidayRows()).toEqual([{ day: today, name: 'День инженера' }]);
  await page.locator(`[data-testid=holiday-row][data-day="${today}"]`).getByTestId('holiday-remove').click();
  await expect.poll(holidayRows).toEqual([]);
  await expect(page.locator('.fc-bg-event.holiday')).toHaveCount(0);
  await page.getByTestId('planner-holidays').getByRole('button', { name: 'Закрыть', exact: true }).click();

  // A work type's checklist: a new optional text question is stored beside the ones it had; a blank one is not.
  const checklistOf = (code: string) =>
    JSON.parse(
      (db.prepare('SELECT checklist FROM work_types WHERE code = ?').get(code) as { checklist: string }).checklist,
    ) as {
      id: string;
      question: string;
      required: boolean;
      kind: string;
    }[];
  await page.getByTestId('planner-edit-checklists').click();
  const editor = page.getByTestId('planner-checklist');
  await editor.getByRole('combobox', { name: 'Вид работ' }).click();
  const option = page.locator('[role=option][data-work-type]').first();
  const code = (await option.getAttribute('data-work-type'))!;
  await option.click();
  const had = checklistOf(code);
  await page.getByTestId('checklist-add-question').click();
  const added = editor.getByTestId('checklist-question').last();
  await added.getByTestId('checklist-question-text').fill('Есть ли смотровая яма?');
  await added.getByRole('combobox').click();
  await page.locator('[role=option][data-kind="text"]').click();
  await added.getByTestId('checklist-question-required').uncheck();
  await page.getByTestId('checklist-save').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Чек-лист сохранён' })).toBeVisible();
  await expect
    .poll(() => checklistOf(code).slice(had.length))
    .toEqual([
      { id: expect.stringMatching(/^q-\d+$/), question: 'Есть ли смотровая яма?', required: false, kind: 'text' },
    ]);
  expect(checklistOf(code).slice(0, had.length)).toEqual(had);

  const saved = checklistOf(code);
  await page.getByTestId('checklist-add-question').click();
  await page.getByTestId('checklist-save').click();
  await expect(page.getByTestId('toast').filter({ hasText: `Вопрос ${saved.length + 1} пустой` })).toBeVisible();
  expect(checklistOf(code)).toEqual(saved);
});
