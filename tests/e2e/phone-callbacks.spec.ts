import type { Page } from '@playwright/test';
import { formatPhone } from '../../core/phone.js';
import type { OutputOf } from '../../core/contract.js';
import { dispatch } from '../../core/dispatch.js';
import { deskDatabase } from '../../main/workstation-db.js';
import { runSipp } from '../../test-support/sip-lab/index.js';
import { nextAnswer, recordCalls } from './calls.js';
import {
  CALL_CHROMIUM,
  configure,
  expect,
  expectRegistered,
  RING_GROUP,
  sippOk,
  test,
  type PhoneDesk,
} from './phone-fixtures.js';

/**
 * Missed calls become callbacks on screen, against real SIP software: Kamailio as the PBX, sipp as a caller
 * who gives up. What the first line relies on: one row per number however often it called (its counter says
 * how often), the client named, who is calling back named, and a ring group's desks make one callback, not two.
 */

test.use({ launchOptions: CALL_CHROMIUM });

/** A demo client with a Belarusian number that has no open callback yet, dialled as people dial at home. */
function freshCaller(desk: PhoneDesk) {
  const row = deskDatabase(desk.workstation)
    .prepare(
      `SELECT p.e164, c.name FROM phones p JOIN clients c ON c.id = p.client_id
       WHERE p.contact_id IS NULL AND p.e164 LIKE '+375%'
         AND NOT EXISTS (SELECT 1 FROM callbacks cb WHERE cb.number_key = p.e164 AND cb.state = 'open')
         AND (SELECT count(*) FROM phones q WHERE q.e164 = p.e164) = 1
       ORDER BY c.name LIMIT 1`,
    )
    .get() as { e164: string; name: string } | undefined;
  if (!row) throw new Error('the demo directory must hold a client with a Belarusian number and no open callback');
  return { ...row, dialled: `80${row.e164.slice(4)}` };
}

function callsOf(desk: PhoneDesk, e164: string): number {
  const row = deskDatabase(desk.workstation)
    .prepare('SELECT count(*) AS n FROM calls WHERE number_e164 = ?')
    .get(e164) as { n: number };
  return row.n;
}

async function openPhonePane(page: Page, url: string) {
  await page.goto(url);
  await page.getByTestId('phone-registration').click();
  await expect(page.getByTestId('pane-calls')).toBeVisible();
  await expectRegistered(page);
}

const rowFor = (page: Page, e164: string) => page.locator(`[data-testid="callback-row"][data-number="${e164}"]`);

test('a call the caller cancels is one open callback with the client’s name; a second adds to its counter; claiming it names who calls back', async ({
  page,
  phoneDesk,
  lab,
}) => {
  await configure(phoneDesk, lab);
  const caller = freshCaller(phoneDesk);
  const info = await dispatch(phoneDesk.workstation.handlers, 'app:info', {});
  if (!info.ok) throw new Error(info.error.message);
  const user = (info.value as OutputOf<'app:info'>).user.name;
  await openPhonePane(page, phoneDesk.host.url);
  await expect(rowFor(page, caller.e164)).toHaveCount(0);

  sippOk(
    await runSipp(lab, { scenario: 'cancel-without-reason', target: RING_GROUP, keys: { caller: caller.dialled } }),
  );
  const row = rowFor(page, caller.e164);
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('callback-client')).toHaveText(caller.name);
  await expect(row.getByTestId('callback-number')).toHaveText(formatPhone(caller.dialled));
  await expect(row.getByTestId('callback-count')).toHaveAttribute('data-count', '1');
  await expect(row.getByTestId('callback-count')).toHaveText('пропущено: 1');
  await expect(row.getByTestId('callback-claimed-by')).toHaveCount(0);

  sippOk(
    await runSipp(lab, { scenario: 'cancel-without-reason', target: RING_GROUP, keys: { caller: caller.dialled } }),
  );
  await expect(row.getByTestId('callback-count')).toHaveAttribute('data-count', '2');
  await expect(rowFor(page, caller.e164)).toHaveCount(1);
  expect(callsOf(phoneDesk, caller.e164)).toBe(2);

  // The call log has both, missed, with the client.
  const log = page.getByTestId('call-log-row').filter({ hasText: caller.name });
  await expect(log).toHaveCount(2);
  await expect(log.first()).toHaveAttribute('data-kind', 'missed');
  await expect(log.first().getByTestId('call-log-number')).toContainText(formatPhone(caller.dialled));

  await row.getByTestId('callback-claim').click();
  await expect(row.getByTestId('callback-claimed-by')).toHaveText(` · перезванивает: ${user}`);
  // The claim also dialled the number through the phone (the lab has no such subscriber: not connected).
  await expect(
    page
      .getByTestId('recent-call')
      .filter({ hasText: formatPhone(caller.dialled) })
      .first(),
  ).toBeVisible();
});

test('two desks of one ring group see one cancelled call as exactly one callback, on both', async ({
  page,
  browser,
  phoneDesk,
  lab,
}) => {
  await configure(phoneDesk, lab);
  const caller = freshCaller(phoneDesk);
  // A browser of its own, as a colleague's computer would be.
  const other = await browser.newContext();
  const second = await other.newPage();
  recordCalls(second);
  await openPhonePane(page, phoneDesk.host.url);
  await openPhonePane(second, phoneDesk.host.url);

  // Each desk's own report of the call, answered by the workstation.
  const reports = [page, second].map((desk) => nextAnswer(desk, (c) => c.method === 'call:record'));
  const sipp = runSipp(lab, {
    scenario: 'ring-group-cancel',
    target: RING_GROUP,
    keys: { caller: caller.dialled },
  });
  sippOk(await sipp);
  // Both desks rang (Kamailio forks the INVITE to every registration of the address) and both saw it missed.
  for (const desk of [page, second]) {
    await expect(desk.getByTestId('recent-call').first()).toHaveAttribute('data-kind', 'missed');
    await expect(rowFor(desk, caller.e164)).toHaveCount(1);
    await expect(rowFor(desk, caller.e164).getByTestId('callback-count')).toHaveAttribute('data-count', '1');
  }
  // Both desks reported it, and the rule took both reports; the SIP Call-ID made them one call, one callback.
  for (const report of await Promise.all(reports)) expect(report).toMatchObject({ ok: true });
  expect(callsOf(phoneDesk, caller.e164)).toBe(1);
  for (const desk of [page, second]) {
    await expect(rowFor(desk, caller.e164).getByTestId('callback-count')).toHaveAttribute('data-count', '1');
  }
  await other.close();
});
