import type { Page } from '@playwright/test';
import { formatPhone } from '../../core/phone.js';
import { deskDatabase } from '../../main/workstation-db.js';
import {
  freeUdpPort,
  registerContact,
  runSipp,
  startKamailio,
  startRtpengine,
  type KamailioLab,
  type RtpengineLab,
} from '../../test-support/sip-lab/index.js';
import {
  CALL_CHROMIUM,
  configure,
  demoCaller,
  expect,
  expectRegistered,
  RING_GROUP,
  sippOk,
  test as phoneTest,
} from './phone-fixtures.js';
import { openDesk } from './support.js';

/**
 * A call answered in the pane, and a call the operator dials, carry sound both ways. SIP saying "answered" proves nothing about media
 * (Chromium answers happily and then sends nothing when ICE or DTLS fails), so the promise is read from the
 * call's RTCPeerConnection with `getStats()`: packets arrive from the caller and leave for it, and what
 * arrives decodes to sound. The caller is sipp playing a G.711 recording over plain RTP; rtpengine, driven by
 * Kamailio, bridges it to the desk's ICE + DTLS-SRTP, as a PBX's media relay does in production.
 */

const test = phoneTest.extend<object, { rtpengine: RtpengineLab }>({
  rtpengine: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: none.
    async ({}, use) => {
      const rtpengine = await startRtpengine();
      await use(rtpengine);
      await rtpengine.stop();
    },
    { scope: 'worker' },
  ],
  // The phone fixtures' lab, with media through rtpengine.
  lab: [
    async ({ rtpengine }, use) => {
      const lab: KamailioLab = await startKamailio({ rtpengine: rtpengine.controlSocket });
      await use(lab);
      await lab.stop();
    },
    { scope: 'worker' },
  ],
});

test.use({ launchOptions: CALL_CHROMIUM });

type AudioStats = Readonly<{
  connectionState: string;
  packetsReceived: number;
  packetsSent: number;
  totalAudioEnergy: number;
}>;

/**
 * Remembers every RTCPeerConnection the page makes, from outside the app: the test reaches the call's media
 * without the app exporting anything, and the page keeps Chromium's own RTCPeerConnection underneath.
 */
async function watchPeerConnections(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const made: RTCPeerConnection[] = [];
    class Watched extends Native {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        made.push(this);
      }
    }
    window.RTCPeerConnection = Watched;
    Object.defineProperty(window, '__testPeerConnections', { value: made });
  });
}

/** The audio figures of the page's one live call (its RTCPeerConnection with a remote description). */
async function audioStats(page: Page): Promise<AudioStats> {
  return page.evaluate(async () => {
    const made = (window as unknown as { __testPeerConnections: RTCPeerConnection[] }).__testPeerConnections;
    const calls = made.filter((pc) => pc.remoteDescription !== null && pc.connectionState !== 'closed');
    if (calls.length !== 1) throw new Error(`expected one call's RTCPeerConnection, found ${calls.length}`);
    const pc = calls[0]!;
    let packetsReceived = 0;
    let packetsSent = 0;
    let totalAudioEnergy = 0;
    (await pc.getStats()).forEach((report: Record<string, unknown>) => {
      if (report['kind'] !== 'audio') return;
      if (report['type'] === 'inbound-rtp') {
        packetsReceived += Number(report['packetsReceived'] ?? 0);
        totalAudioEnergy += Number(report['totalAudioEnergy'] ?? 0);
      }
      if (report['type'] === 'outbound-rtp') packetsSent += Number(report['packetsSent'] ?? 0);
    });
    return { connectionState: pc.connectionState, packetsReceived, packetsSent, totalAudioEnergy };
  });
}

/** Whether the live call sends the microphone: every audio track it sends is enabled. */
async function microphoneOn(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const made = (window as unknown as { __testPeerConnections: RTCPeerConnection[] }).__testPeerConnections;
    const call = made.find((pc) => pc.remoteDescription !== null && pc.connectionState !== 'closed');
    const tracks = (call?.getSenders() ?? []).flatMap((s) => (s.track?.kind === 'audio' ? [s.track] : []));
    if (tracks.length === 0) throw new Error('the call sends no audio track');
    return tracks.every((track) => track.enabled);
  });
}

test('a call answered in the pane carries the caller’s audio in and the microphone out (getStats), mute switches the microphone off and on, until hung up', async ({
  page,
  phoneDesk,
  lab,
  rtpengine,
}) => {
  await configure(phoneDesk, lab);
  const caller = demoCaller(phoneDesk);
  await watchPeerConnections(page);
  await openDesk(page, phoneDesk.host.url, deskDatabase(phoneDesk.workstation));
  await expectRegistered(page);

  const sipp = runSipp(lab, {
    scenario: 'browser-audio-call',
    target: RING_GROUP,
    keys: { caller: caller.dialled },
    timeoutSeconds: 50,
  });
  await expect(page.getByTestId('bar-ringing-number')).toHaveText(formatPhone(caller.dialled));
  await page.getByTestId('bar-answer').click();
  await expect(page.getByTestId('bar-timer')).toBeVisible();

  const why = (): string => `rtpengine:\n${rtpengine.log().slice(-3000)}`;
  // ICE and DTLS with rtpengine first; then the counters must move, not merely be non-zero once.
  await expect.poll(async () => (await audioStats(page)).connectionState, { message: why() }).toBe('connected');
  await expect.poll(async () => (await audioStats(page)).packetsReceived, { message: why() }).toBeGreaterThan(10);
  const first = await audioStats(page);
  expect(first.packetsSent, why()).toBeGreaterThan(0);
  await expect
    .poll(async () => (await audioStats(page)).packetsReceived, { message: why() })
    .toBeGreaterThan(first.packetsReceived + 20);
  await expect
    .poll(async () => (await audioStats(page)).packetsSent, { message: why() })
    .toBeGreaterThan(first.packetsSent + 20);
  // The recording is speech: what arrived decodes to sound, not to silence or garbage the decoder dropped.
  await expect.poll(async () => (await audioStats(page)).totalAudioEnergy, { message: why() }).toBeGreaterThan(0);

  // Mute in the phone pane switches the microphone's track off (the caller hears nothing); unmute, on again.
  await page.getByTestId('nav-calls').click();
  await page.getByTestId('call-mute').click();
  await expect.poll(() => microphoneOn(page)).toBe(false);
  await page.getByTestId('call-mute').click();
  await expect.poll(() => microphoneOn(page)).toBe(true);

  // The operator hangs up: sipp gets the BYE (its scenario fails without one) and the call is answered.
  await page.getByTestId('bar-hang-up').click();
  sippOk(await sipp);
  await expect(page.getByTestId('bar-in-call')).toHaveCount(0);
  await page.getByTestId('phone-registration').click();
  const recent = page.getByTestId('recent-call');
  await expect(recent).toHaveCount(1);
  await expect(recent.first()).toHaveAttribute('data-kind', 'answered');
});

test('a call the operator dials carries the callee’s audio in and the microphone out (getStats), until hung up', async ({
  page,
  phoneDesk,
  lab,
  rtpengine,
}) => {
  await configure(phoneDesk, lab);
  await watchPeerConnections(page);
  await openDesk(page, phoneDesk.host.url, deskDatabase(phoneDesk.workstation));
  await expectRegistered(page);

  // A line behind the PBX: sipp answers on its own port, registered at the lab as the number dialled.
  const number = '+375297654321';
  const port = await freeUdpPort();
  const callee = runSipp(lab, { scenario: 'audio-callee', target: number, localPort: port, timeoutSeconds: 50 });
  await registerContact(lab, number, port);
  await page.getByTestId('phone-registration').click();
  await page.getByTestId('dial-input').fill(number);
  await page.getByTestId('dial-call').click();
  await expect(page.getByTestId('bar-timer')).toBeVisible();

  const why = (): string => `rtpengine:\n${rtpengine.log().slice(-3000)}\nkamailio:\n${lab.log().slice(-2000)}`;
  await expect.poll(async () => (await audioStats(page)).connectionState, { message: why() }).toBe('connected');
  await expect.poll(async () => (await audioStats(page)).packetsReceived, { message: why() }).toBeGreaterThan(10);
  const first = await audioStats(page);
  expect(first.packetsSent, why()).toBeGreaterThan(0);
  await expect
    .poll(async () => (await audioStats(page)).packetsReceived, { message: why() })
    .toBeGreaterThan(first.packetsReceived + 20);
  await expect
    .poll(async () => (await audioStats(page)).packetsSent, { message: why() })
    .toBeGreaterThan(first.packetsSent + 20);
  await expect.poll(async () => (await audioStats(page)).totalAudioEnergy, { message: why() }).toBeGreaterThan(0);

  // The operator hangs up: the callee gets the BYE (its scenario fails without one); the call was placed.
  await page.getByTestId('bar-hang-up').click();
  sippOk(await callee);
  await expect(page.getByTestId('bar-in-call')).toHaveCount(0);
  const recent = page.getByTestId('recent-call');
  await expect(recent).toHaveCount(1);
  await expect(recent.first()).toHaveAttribute('data-kind', 'outgoing');
});
