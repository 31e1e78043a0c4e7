import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dispatch } from '../core/dispatch.js';
import { contentSecurityPolicy } from '../main/adapter/web-security.js';
import { startHost } from '../main/host/host.js';
import { createMemorySecretStore } from '../main/sync/secret-store.js';
import { deskDatabase } from '../main/workstation-db.js';
import { openWorkstation } from '../main/workstation.js';
import { runSipp, startKamailio } from '../test-support/sip-lab/index.js';
import { generateDemo } from '../tools/demo/generate.js';
import { launchPhoneBrowser, RING_GROUP, ringGroupSettings, sipRelay } from './phone-lab.js';
import { percentile, report, round, sample } from './stats.js';

const RUNS = Number(process.env.PULT_BENCH_PHONE_RUNS ?? 9);

/** The grid's store when the grid part did not run: PULT_BENCH_GRID_FILE, or 100k demo tickets (seed 1). */
export async function phoneBenchStore(): Promise<string> {
  const reuse = process.env.PULT_BENCH_GRID_FILE;
  if (reuse) return reuse;
  const dataFile = join(mkdtempSync(join(tmpdir(), 'pult-bench-phone-')), 'store.sqlite');
  const ws = openWorkstation({ dataFile });
  await generateDemo(deskDatabase(ws), { tickets: Number(process.env.PULT_BENCH_TICKETS ?? 100_000), seed: 1 });
  ws.close();
  return dataFile;
}

/**
 * From a call leaving the caller to its caller card on screen, on the 100k-ticket store (issue 7: < 300 ms).
 * Real parts end to end: sipp calls over UDP through Kamailio (WebSocket) to the renderer's sip.js in Chromium,
 * which asks the real workstation core (browser host) for `calls:caller-card`. The clock starts when the INVITE leaves
 * sipp (a relay on its way notes it) and stops at the first animation frame after the
 * card's client name is in the DOM (the frame that paints it). Beside it, the query alone through the contract.
 */
export async function benchCallerCard(dataFile: string): Promise<void> {
  const lab = await startKamailio();
  const relay = await sipRelay(lab, 'INVITE');
  const desk = openWorkstation({
    dataFile,
    phone: { secrets: createMemorySecretStore(), passwordKept: 'memory', pbxWebSocketUrl: lab.wsUrl },
  });
  const host = await startHost({
    workstation: desk,
    staticDir: resolve('out/renderer'),
    contentSecurityPolicy: contentSecurityPolicy({ pbxWebSocketUrl: lab.wsUrl }),
  });
  const browser = await launchPhoneBrowser();
  try {
    const db = deskDatabase(desk);
    const callers = db
      .prepare(
        `SELECT e164 FROM phones WHERE contact_id IS NULL AND e164 LIKE '+375%'
         ORDER BY id LIMIT ${RUNS * 20}`,
      )
      .all()
      .map((r) => `80${(r as { e164: string }).e164.slice(4)}`)
      .filter((_, i) => i % 20 === 0);
    const clients = (db.prepare('SELECT count(*) AS n FROM clients').get() as { n: number }).n;
    const tickets = (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;

    // The query alone, through the contract (validation in and out), over many different numbers.
    let i = 0;
    const all = callers.length > 0 ? callers : ['80291234567'];
    const query = await sample(
      () => dispatch(desk.handlers, 'calls:caller-card', { number: all[i++ % all.length]! }),
      200,
    );
    report({
      metric: 'phone.caller-card-query.p95',
      value: round(percentile(query, 95), 2),
      unit: 'ms',
      p50: round(percentile(query, 50), 2),
      tickets,
      clients,
    });

    const saved = await dispatch(desk.handlers, 'phone:save-settings', ringGroupSettings(lab));
    if (!saved.ok) throw new Error(saved.error.message);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'ru-RU' });
    await page.goto(host.url);
    await page.waitForSelector('[data-testid="phone-registration"][data-state="registered"]', { timeout: 30_000 });

    const times: number[] = [];
    // When the ringing call itself is on screen (the card's frame, before its data): splits SIP from the query.
    const rings: number[] = [];
    for (const caller of callers.slice(0, RUNS)) {
      await page.evaluate(() => {
        const w = window as unknown as { __cardAt: number | null; __ringAt: number | null };
        w.__cardAt = null;
        w.__ringAt = null;
        const observer = new MutationObserver(() => {
          if (w.__ringAt === null && document.querySelector('[data-testid="caller-card"]')) w.__ringAt = Date.now();
          if (!document.querySelector('[data-testid="caller-card-client"]')) return;
          observer.disconnect();
          requestAnimationFrame(() => (w.__cardAt = Date.now()));
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
      const sipp = runSipp(relay.lab, { scenario: 'cancel-without-reason', target: RING_GROUP, keys: { caller } });
      const handle = await page.waitForFunction(
        () => (window as unknown as { __cardAt: number | null }).__cardAt,
        null,
        {
          timeout: 15_000,
        },
      );
      const start = relay.take();
      if (start === null) throw new Error('The INVITE did not pass the relay');
      times.push(((await handle.jsonValue()) as number) - start);
      rings.push(((await page.evaluate(() => (window as unknown as { __ringAt: number }).__ringAt)) as number) - start);
      await sipp;
      await page.getByTestId('caller-card-close').click();
      await page.waitForSelector('[data-testid="caller-card"]', { state: 'detached' });
    }
    report({
      metric: 'phone.invite-to-caller-card.p50',
      value: round(percentile(times, 50), 0),
      unit: 'ms',
      p95: round(percentile(times, 95), 0),
      max: round(Math.max(...times), 0),
      target: '< 300 ms',
      ringingShownP50: round(percentile(rings, 50), 0),
      runs: times.length,
      tickets,
      clients,
    });
  } finally {
    await browser.close();
    await host.close();
    desk.close();
    await relay.close();
    await lab.stop();
  }
}
