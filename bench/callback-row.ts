import { chromium, type Page } from '@playwright/test';
import { createSocket } from 'node:dgram';
import { resolve } from 'node:path';
import { dispatch } from '../core/dispatch.js';
import { contentSecurityPolicy } from '../main/adapter/web-security.js';
import { startHost } from '../main/host/host.js';
import { createMemorySecretStore } from '../main/sync/secret-store.js';
import { deskDatabase } from '../main/workstation-db.js';
import { openWorkstation } from '../main/workstation.js';
import { runSipp, startKamailio, type KamailioLab } from '../test-support/sip-lab/index.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.js';
import { percentile, report, round } from './stats.js';

const RUNS = Math.max(10, Number(process.env.PULT_BENCH_CALLBACK_RUNS ?? 12));
const RING_GROUP = 'bench';

/** Like the caller card's relay, but it notes when each CANCEL passes: the moment the caller gave up. */
async function cancelRelay(lab: KamailioLab) {
  const socket = createSocket('udp4');
  let lastCancelAt: number | null = null;
  socket.on('message', (message) => {
    if (message.subarray(0, 7).toString() === 'CANCEL ') lastCancelAt = Date.now();
    socket.send(message, lab.udpPort, '127.0.0.1');
  });
  await new Promise<void>((done) => socket.bind(0, '127.0.0.1', done));
  return {
    lab: { ...lab, udpPort: socket.address().port },
    takeCancelAt(): number | null {
      const at = lastCancelAt;
      lastCancelAt = null;
      return at;
    },
    close: () => new Promise<void>((done) => socket.close(() => done())),
  };
}

async function openPhonePane(page: Page, url: string) {
  await page.goto(url);
  await page.waitForSelector('[data-testid="phone-registration"][data-state="registered"]', { timeout: 30_000 });
  await page.getByTestId('phone-registration').click();
  await page.waitForSelector('[data-testid="callbacks"]');
}

/**
 * From the caller giving up to the callback on a colleague's screen (issue 7: < 1 s). Two desks (two
 * Chromium contexts on the real browser host) are registered to one ring group; sipp calls it and cancels.
 * The clock starts when sipp's CANCEL passes a relay on its way to Kamailio, and stops at the first animation
 * frame after the second desk's phone pane holds a callback row for that number: the CANCEL reaching both
 * desks' sip.js, their `call:record` reports through the rule, the change event, and the list's refetch and paint.
 * Each run calls from a number with no open callback, so every run is a new row.
 */
export async function benchCallbackRow(dataFile: string): Promise<void> {
  const lab = await startKamailio();
  const relay = await cancelRelay(lab);
  const desk = openWorkstation({
    dataFile,
    phone: { secrets: createMemorySecretStore(), passwordKept: 'memory', pbxWebSocketUrl: lab.wsUrl },
  });
  const host = await startHost({
    workstation: desk,
    staticDir: resolve('out/renderer'),
    contentSecurityPolicy: contentSecurityPolicy({ pbxWebSocketUrl: lab.wsUrl }),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  try {
    const db = deskDatabase(desk);
    const numbers = db
      .prepare(
        `SELECT DISTINCT p.e164 FROM phones p
         WHERE p.e164 LIKE '+375%' AND length(p.e164) = 13
           AND NOT EXISTS (SELECT 1 FROM callbacks cb WHERE cb.number_key = p.e164 AND cb.state = 'open')
         ORDER BY p.e164 LIMIT ${RUNS}`,
      )
      .all()
      .map((r) => (r as { e164: string }).e164);
    if (numbers.length < RUNS) throw new Error(`The store has only ${numbers.length} numbers without a callback`);
    const openBefore = (db.prepare("SELECT count(*) AS n FROM callbacks WHERE state = 'open'").get() as { n: number })
      .n;

    const saved = await dispatch(desk.handlers, 'phone:save-settings', {
      aor: `sip:${RING_GROUP}@${lab.domain}`,
      authorizationUsername: '',
      server: lab.wsUrl,
      iceServers: [],
      ringGroup: '',
      ringTimeoutSeconds: 60,
      password: null,
    });
    if (!saved.ok) throw new Error(saved.error.message);
    const options = { viewport: { width: 1400, height: 900 }, locale: 'ru-RU' } as const;
    const first = await (await browser.newContext(options)).newPage();
    const second = await (await browser.newContext(options)).newPage();
    await openPhonePane(first, host.url);
    await openPhonePane(second, host.url);

    const times: number[] = [];
    // When the desk's own phone has the call as missed (its recent list): splits SIP from the rule and the list.
    const missedShown: number[] = [];
    for (const e164 of numbers) {
      await second.evaluate((number) => {
        const w = window as unknown as { __rowAt: number | null; __missedAt: number | null };
        w.__rowAt = null;
        w.__missedAt = null;
        const selector = `[data-testid="callback-row"][data-number="${number}"]`;
        // No named helper here: the bundler would wrap it in a `__name` call the page does not have.
        const recentBefore = document.querySelectorAll('[data-testid="recent-call"]').length;
        const observer = new MutationObserver(() => {
          if (w.__missedAt === null && document.querySelectorAll('[data-testid="recent-call"]').length > recentBefore)
            w.__missedAt = Date.now();
          if (!document.querySelector(selector)) return;
          observer.disconnect();
          requestAnimationFrame(() => (w.__rowAt = Date.now()));
        });
        observer.observe(document.body, { childList: true, subtree: true, attributes: true });
      }, e164);
      const sipp = runSipp(relay.lab, {
        scenario: 'ring-group-cancel',
        target: RING_GROUP,
        keys: { caller: `80${e164.slice(4)}` },
      });
      const handle = await second.waitForFunction(
        () => (window as unknown as { __rowAt: number | null }).__rowAt,
        null,
        {
          timeout: 15_000,
        },
      );
      const start = relay.takeCancelAt();
      if (start === null) throw new Error('The CANCEL did not pass the relay');
      times.push(((await handle.jsonValue()) as number) - start);
      const missedAt = await second.evaluate(() => (window as unknown as { __missedAt: number | null }).__missedAt);
      if (missedAt !== null) missedShown.push(missedAt - start);
      const result = await sipp;
      if (result.exitCode !== 0) throw new Error(`sipp failed: ${result.output}\n${result.errors}`);
    }
    report({
      metric: 'phone.cancel-to-callback-row.p95',
      value: round(percentile(times, 95), 0),
      unit: 'ms',
      p50: round(percentile(times, 50), 0),
      max: round(Math.max(...times), 0),
      target: '< 1000 ms',
      missedShownP50: missedShown.length > 0 ? round(percentile(missedShown, 50), 0) : null,
      missedShownP95: missedShown.length > 0 ? round(percentile(missedShown, 95), 0) : null,
      runs: times.length,
      openCallbacksBefore: openBefore,
    });
  } finally {
    await browser.close();
    await host.close();
    desk.close();
    await relay.close();
    await lab.stop();
  }
}
