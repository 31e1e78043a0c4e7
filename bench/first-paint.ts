import { chromium } from '@playwright/test';
import { resolve } from 'node:path';
import { startHost } from '../main/host/host.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.js';
import { openWorkstation } from '../main/workstation.js';
import { percentile, report, round } from './stats.js';

const RUNS = 7;
const ROW = '[data-testid="ticket-row"]';

type Phases = Readonly<{ code: number; entry: number; render: number; row: number }>;

/**
 * The renderer's first grid paint in Chromium over the 100k-ticket store: from navigation start to the
 * first ticket row in the DOM (a MutationObserver notes the moment), and a re-sort to pixels: from the
 * header click to the first row showing another ticket. Beside the total, where it went (p50 of each, from
 * navigation start): the last script downloaded, the entry running (its reads leave now), React starting.
 */
export async function benchFirstPaint(dataFile: string): Promise<void> {
  const desk = openWorkstation({ dataFile });
  const host = await startHost({ workstation: desk, staticDir: resolve('out/renderer') });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const paints: number[] = [];
  const resorts: number[] = [];
  const phases: Phases[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'ru-RU' });
      await context.addInitScript(() => {
        const w = window as unknown as { __firstRow?: number };
        new MutationObserver((_, observer) => {
          if (document.querySelector('[data-testid="ticket-row"]')) {
            w.__firstRow = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      const page = await context.newPage();
      await page.goto(host.url);
      await page.waitForSelector(ROW);
      // No named functions in here: tsx wraps them in a helper the page does not have.
      const run = await page.evaluate((): Phases => {
        const marks = performance.getEntriesByType('mark');
        const row = (window as unknown as { __firstRow: number }).__firstRow;
        // The scripts the first row waited for: the parts that load after it (toolbar, dialogs) do not count.
        const scripts = performance
          .getEntriesByType('resource')
          .filter((r) => r.name.includes('/assets/') && r.name.endsWith('.js'))
          .map((r) => (r as PerformanceResourceTiming).responseEnd)
          .filter((end) => end <= row);
        return {
          code: Math.max(...scripts),
          entry: marks.find((m) => m.name === 'pult:entry')?.startTime ?? NaN,
          render: marks.find((m) => m.name === 'pult:render')?.startTime ?? NaN,
          row,
        };
      });
      paints.push(run.row);
      phases.push(run);

      const header = page.getByTestId('sort-client');
      if ((await header.count()) > 0) {
        // A re-sort is measured on a pane at rest: the toolbar, the filters and the dialogs load just after the
        // first rows (bench of its own above), and a click in that moment would time their loading too.
        await page.getByTestId('ticket-search').waitFor();
        await page.waitForLoadState('networkidle');
        const before = await page.locator(ROW).first().getAttribute('data-ticket-number');
        const took = await page.evaluate(
          async ([rowSelector, was]) => {
            const start = performance.now();
            (document.querySelector('[data-testid="sort-client"]') as HTMLElement).click();
            for (;;) {
              const now = document.querySelector(rowSelector!)?.getAttribute('data-ticket-number');
              if (now && now !== was) return performance.now() - start;
              await new Promise((r) => requestAnimationFrame(r));
            }
          },
          [ROW, before] as const,
        );
        resorts.push(took);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await host.close();
    desk.close();
  }
  report({
    metric: 'renderer.first-grid-paint.p50',
    value: round(percentile(paints, 50), 1),
    unit: 'ms',
    p95: round(percentile(paints, 95), 1),
    target: 'p95 < 1000 ms',
    runs: RUNS,
  });
  const phase = (key: keyof Phases) =>
    round(
      percentile(
        phases.map((p) => p[key]),
        50,
      ),
      0,
    );
  report({
    metric: 'renderer.first-grid-paint.phases.p50',
    value: phase('row'),
    unit: 'ms',
    scriptsLoaded: phase('code'),
    entryRuns: phase('entry'),
    reactStarts: phase('render'),
  });
  if (resorts.length > 0) {
    report({
      metric: 'renderer.resort-to-pixels.p95',
      value: round(percentile(resorts, 95), 1),
      unit: 'ms',
      target: '< 50 ms',
      p50: round(percentile(resorts, 50), 1),
    });
  }
}
