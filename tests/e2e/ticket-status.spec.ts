import { deskDatabase } from '../../main/workstation-db.js';
import { expect, test } from './fixtures.js';
import { deskUserId, openDesk, rowOf } from './support.js';

/**
 * A status change is a write to the desk's file, not to the page: after a reload (the token kept for this tab
 * only) the card, its history and the store all say the same thing, and the history names who did it.
 */

test('a status change survives a reload', async ({ page, desk }) => {
  const db = deskDatabase(desk.workstation);
  // An open ticket and a move the status model allows that keeps it open, so it stays in the default view.
  const pick = db
    .prepare(
      `SELECT t.id AS id, t.number AS number, t.status AS fromStatus, st.to_status AS toStatus, ts.name_ru AS toName
       FROM tickets t
       JOIN statuses s ON s.code = t.status
       JOIN status_transitions st ON st.from_status = t.status
       JOIN statuses ts ON ts.code = st.to_status
       WHERE s.kind = 'open' AND ts.kind = 'open'
       ORDER BY t.number DESC, ts.position LIMIT 1`,
    )
    .get() as { id: string; number: number; fromStatus: string; toStatus: string; toName: string } | undefined;
  if (!pick) throw new Error('seed 7 must have an open ticket with an open-to-open transition');
  const logBefore = (
    db.prepare('SELECT count(*) AS n FROM ticket_status_log WHERE ticket_id = ?').get(pick.id) as { n: number }
  ).n;
  const me = db.prepare('SELECT id, name FROM employees WHERE id = ?').get(deskUserId(db)) as {
    id: string;
    name: string;
  };

  await openDesk(page, desk.host.url, db);
  const drawer = page.getByTestId('ticket-drawer');
  const headerStatus = drawer.getByTestId('status-chip').first();

  await rowOf(page, pick.number).click();
  await expect(drawer).toHaveAttribute('data-ticket-id', pick.id);
  await expect(headerStatus).toHaveAttribute('data-status', pick.fromStatus);
  await drawer.getByTestId('status-select').click();
  await page.getByRole('listbox').locator(`[data-status="${pick.toStatus}"]`).click();
  await drawer.getByTestId('status-apply').click();
  await expect(page.getByTestId('toast')).toHaveText(`Статус изменён: ${pick.toName}`);
  await expect(headerStatus).toHaveAttribute('data-status', pick.toStatus);

  await page.reload();
  // The token left the address bar on first load; the reloaded tab is still let in.
  expect(page.url()).not.toContain('token');
  const row = rowOf(page, pick.number);
  await expect(row.locator('[data-column="status"]').getByTestId('status-chip')).toHaveAttribute(
    'data-status',
    pick.toStatus,
  );
  await expect(drawer).toHaveCount(0);
  await row.click();
  await expect(drawer.getByTestId('drawer-number')).toHaveText(`№ ${pick.number}`);
  await expect(headerStatus).toHaveAttribute('data-status', pick.toStatus);
  await expect(headerStatus).toHaveText(pick.toName);
  const entries = drawer.getByTestId('status-log-entry');
  await expect(entries).toHaveCount(logBefore + 1);
  const last = entries.last();
  await expect(last.getByTestId('status-chip')).toHaveAttribute('data-status', pick.toStatus);
  await expect(last).toContainText(me.name);

  expect(db.prepare('SELECT status FROM tickets WHERE id = ?').get(pick.id)).toEqual({ status: pick.toStatus });
  expect(
    db
      .prepare(
        `SELECT from_status AS fromStatus, to_status AS toStatus, by FROM ticket_status_log
         WHERE ticket_id = ? ORDER BY at DESC, rowid DESC LIMIT 1`,
      )
      .get(pick.id),
  ).toEqual({ fromStatus: pick.fromStatus, toStatus: pick.toStatus, by: me.id });
});

test('a priority change from the drawer shows in the grid and survives a reload', async ({ page, desk }) => {
  const db = deskDatabase(desk.workstation);
  const pick = db
    .prepare(
      `SELECT t.id AS id, t.number AS number FROM tickets t JOIN statuses s ON s.code = t.status
       WHERE s.kind = 'open' AND t.priority <> 'critical' ORDER BY t.number DESC LIMIT 1`,
    )
    .get() as { id: string; number: number };
  await openDesk(page, desk.host.url, db);
  const drawer = page.getByTestId('ticket-drawer');
  await rowOf(page, pick.number).click();
  await expect(drawer).toHaveAttribute('data-ticket-id', pick.id);
  await drawer.getByTestId('priority-select').click();
  await page.getByTestId('priority-option-critical').click();
  await expect(page.getByTestId('toast')).toHaveText('Приоритет изменён: Критический');
  await expect(rowOf(page, pick.number).locator('[data-column="priority"]')).toContainText('Критический');

  await page.reload();
  await expect(rowOf(page, pick.number).locator('[data-column="priority"]')).toContainText('Критический');
  expect(db.prepare('SELECT priority FROM tickets WHERE id = ?').get(pick.id)).toEqual({ priority: 'critical' });
});
