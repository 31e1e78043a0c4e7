import { runSipp } from '../../test-support/sip-lab/index.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.js';
import { configure, demoCaller, expect, expectRegistered, RING_GROUP, sippOk, test } from './phone-fixtures.js';

/**
 * A desk whose user said no to the microphone (Chromium's fake device, but no fake consent: the permission
 * is refused). The operator must be told why a call cannot be taken, and the call must not be half-answered.
 */

test.use({
  launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream'] },
});

test('a refused microphone is explained, and a call answered without it is not taken', async ({
  page,
  phoneDesk,
  lab,
}) => {
  await configure(phoneDesk, lab);
  const caller = demoCaller(phoneDesk);
  await page.goto(phoneDesk.host.url);
  await page.getByTestId('phone-registration').click();
  await expectRegistered(page);
  await expect(page.getByTestId('mic-ask')).toBeVisible();
  await page.getByTestId('mic-allow').click();
  await expect(page.getByTestId('mic-denied')).toContainText('Доступ к микрофону запрещён');

  const sipp = runSipp(lab, {
    scenario: 'cancel-without-reason',
    target: RING_GROUP,
    keys: { caller: caller.dialled },
    ringMs: 5000,
  });
  await page.getByTestId('call-answer').click();
  await expect(page.getByText('Нет доступа к микрофону')).toBeVisible();
  sippOk(await sipp);
  // Still ringing when the caller gave up: missed, not answered.
  await expect(page.getByTestId('recent-call').first()).toHaveAttribute('data-kind', 'missed');
});
