import { deskDatabase } from '../../main/workstation-db.js';
import { runSipp } from '../../test-support/sip-lab/index.js';
import {
  CALL_CHROMIUM,
  configure,
  demoCaller,
  expect,
  expectRegistered,
  RING_GROUP,
  sippOk,
  test,
} from './phone-fixtures.js';
import { openDesk } from './support.js';

/**
 * The call controls of the phone pane, clicked in Chromium, checked at the other end of the line. The caller
 * is sipp behind Kamailio: it fails the call unless each request arrives as a PBX needs it, in order — hold is
 * a re-INVITE that stops sending (sendonly/inactive), resume offers sendrecv again, each keypad press is one
 * DTMF digit (SIP INFO: the offer has no telephone-event, so Chromium cannot send RFC 4733), and a blind
 * transfer is a REFER whose Refer-To names the number typed. The pane must show each state only once the far
 * end agreed, and end the call when the PBX ends the transferred leg.
 */

test.use({ launchOptions: CALL_CHROMIUM });

test('hold, resume, keypad digits and a blind transfer clicked in the pane reach the caller as the PBX needs them', async ({
  page,
  phoneDesk,
  lab,
}) => {
  await configure(phoneDesk, lab);
  const caller = demoCaller(phoneDesk);
  await openDesk(page, phoneDesk.host.url, deskDatabase(phoneDesk.workstation));
  await page.getByTestId('phone-registration').click();
  await expectRegistered(page);

  const sipp = runSipp(lab, {
    scenario: 'browser-call-controls',
    target: RING_GROUP,
    keys: { caller: caller.dialled },
    timeoutSeconds: 60,
  });
  const call = page.getByTestId('current-call');
  await expect(call).toHaveAttribute('data-phase', 'ringing');
  await call.getByTestId('call-answer').click();
  await expect(call).toHaveAttribute('data-phase', 'in-call');
  const hold = call.getByTestId('call-hold');
  const timer = call.getByTestId('current-call-timer');

  // Held only once the caller answered the re-INVITE; then the button offers to resume.
  await hold.click();
  await expect(hold).toHaveText('Вернуть');
  await expect(timer).toContainText('на удержании');
  await hold.click();
  await expect(hold).toHaveText('Удержать');
  await expect(timer).not.toContainText('на удержании');

  // In a call the keypad sends tones and types nothing into the number field.
  await page.getByTestId('key-5').click();
  await page.getByTestId('key-#').click();
  await expect(page.getByTestId('dial-input')).toHaveValue('');

  // The transfer button waits for a number; the REFER names it.
  const transfer = call.getByTestId('call-transfer');
  await expect(transfer).toBeDisabled();
  await call.getByTestId('transfer-target').fill('105');
  await transfer.click();

  // The PBX took the transfer and hung up the desk's leg: the pane is free, the call was answered here.
  sippOk(await sipp);
  await expect(call).toHaveCount(0);
  const recent = page.getByTestId('recent-call');
  await expect(recent).toHaveCount(1);
  await expect(recent.first()).toHaveAttribute('data-kind', 'answered');
  await expect(page.getByTestId('phone-problem')).toHaveCount(0);
});
