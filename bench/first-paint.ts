import { chromium, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { startHost } from '../main/host/host.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.js';
import { openWorkstation } from '../main/workstation.js';
import { percentile, report, round } from './stats.js';

/** Windows opened per renderer build; each is one first paint. */
const RUNS = Number(process.env.PULT_PAINT_RUNS ?? 7);
/** Re-sorts by client per window, each followed by a jump to row 60,000; half of them land on "client desc". */
const TOGGLES = Number(process.env.PULT_PAINT_TOGGLES ?? 6);
const DEEP_ROW = 60_000;
const ROW = '[data-testid="ticket-row"]';
/** Grid rows are this high (renderer/tickets/grid-styles): row N's offset is N rows down. */
const ROW_HEIGHT = 40;

type Phases = Readonly<{ code: number; entry: number; render: number; row: number }>;
type Variant = Readonly<{ name: string; dir: string }>;
type Figures = { paints: number[]; phases: Phases[]; resorts: number[]; jumps: number[] };

/**
 * PULT_PAINT_AB=name=dir,name=dir compares renderer builds in one process, their windows interleaved so that
 * the machine's load falls on each alike (one figure set per name); by default the one build in out/renderer.
 */
function variants(): readonly Variant[] {
  const ab = process.env.PULT_PAINT_AB;
  if (!ab) return [{ name: '', dir: resolve('out/renderer') }];
  return ab.split(',').map((pair) => {
    const [name, dir] = pair.split('=');
    if (!name || !dir) throw new Error(`PULT_PAINT_AB wants name=dir,name=dir; got "${pair}"`);
    return { name, dir: resolve(dir) };
  });
}

/**
 * The renderer's first grid paint in Chromium over the 100k-ticket store: from navigation start to the
 * first ticket row in the DOM (a MutationObserver notes the moment). Then, on the pane at rest, re-sorts by
 * client (click to the first row showing another ticket) each followed by a jump to row 60,000 (scroll to
 * that row being drawn with its ticket, not a placeholder): the "to pixels" figures. Beside the total, where
 * the first paint went (p50 of each, from navigation start): the last script downloaded, the entry running
 * (its reads leave now), React starting.
 */
export async function benchFirstPaint(dataFile: string): Promise<void> {
  const desk = openWorkstation({ dataFile });
  const list = variants();
  const hosts = await Promise.all(list.map((v) => startHost({ workstation: desk, staticDir: v.dir })));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const figures: Figures[] = list.map(() => ({ paints: [], phases: [], resorts: [], jumps: [] }));
  try {
    for (let i = 0; i < RUNS; i++) {
      for (const [v, host] of hosts.entries()) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'ru-RU' });
        try {
          await measureWindow(await context.newPage(), host.url, figures[v]!);
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await Promise.all(hosts.map((h) => h.close()));
    desk.close();
  }
  for (const [v, variant] of list.entries()) emit(variant.name, figures[v]!);
}

async function measureWindow(page: Page, url: string, out: Figures): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __firstRow?: number };
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid="ticket-row"]')) {
        w.__firstRow = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url);
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
  out.paints.push(run.row);
  out.phases.push(run);

  if ((await page.getByTestId('sort-client').count()) === 0) return;
  // Measured on a pane at rest: the toolbar, the filters and the dialogs load just after the first rows, and a
  // click in that moment would time their loading too.
  await page.getByTestId('ticket-search').waitFor();
  await atRest(page);
  // Row 60,000 exists only among all tickets, not the open ones the window starts on.
  await page.getByTestId('view-all').click();
  await atRest(page);
  for (let k = 0; k < TOGGLES; k++) {
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
    out.resorts.push(took);
    const descending =
      (await page.locator('[role="columnheader"][data-column="client"]').getAttribute('aria-sort')) === 'descending';
    await atRest(page);
    const jump = await page.evaluate(
      async ([rowSelector, row, height]) => {
        const grid = document.querySelector('[data-testid="ticket-grid"]') as HTMLElement;
        const target = `${rowSelector}[aria-rowindex="${row! + 2}"]`;
        const start = performance.now();
        grid.scrollTop = row! * height!;
        for (let frame = 0; frame < 600; frame++) {
          if (document.querySelector(target)) return performance.now() - start;
          await new Promise((r) => requestAnimationFrame(r));
        }
        throw new Error(`row ${row} was not drawn within 600 frames`);
      },
      [ROW, DEEP_ROW, ROW_HEIGHT] as const,
    );
    if (descending) out.jumps.push(jump);
    await page.evaluate(() => {
      (document.querySelector('[data-testid="ticket-grid"]') as HTMLElement).scrollTop = 0;
    });
    await atRest(page);
  }
}

/**
 * The grid at rest: no request under way and every row on screen drawn with its ticket. The page's calls go over
 * the host's socket once it is open, which `networkidle` does not see: the grid's own loading marks say it.
 */
export async function atRest(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.getByTestId('grid-loading').waitFor({ state: 'detached' });
  await page.getByTestId('ticket-row-loading').first().waitFor({ state: 'detached' });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
}

function emit(name: string, f: Figures): void {
  const prefix = name ? `renderer.${name}.` : 'renderer.';
  report({
    metric: `${prefix}first-grid-paint.p50`,
    value: round(percentile(f.paints, 50), 1),
    unit: 'ms',
    p95: round(percentile(f.paints, 95), 1),
    target: 'p95 < 1000 ms',
    runs: f.paints.length,
  });
  const phase = (key: keyof Phases) =>
    round(
      percentile(
        f.phases.map((p) => p[key]),
        50,
      ),
      0,
    );
  report({
    metric: `${prefix}first-grid-paint.phases.p50`,
    value: phase('row'),
    unit: 'ms',
    scriptsLoaded: phase('code'),
    entryRuns: phase('entry'),
    reactStarts: phase('render'),
  });
  if (f.resorts.length > 0) {
    report({
      metric: `${prefix}resort-to-pixels.p95`,
      value: round(percentile(f.resorts, 95), 1),
      unit: 'ms',
      target: '< 50 ms',
      p50: round(percentile(f.resorts, 50), 1),
      runs: f.resorts.length,
    });
  }
  if (f.jumps.length > 0) {
    report({
      metric: `${prefix}deep-jump-60000-client-desc-to-pixels.p95`,
      value: round(percentile(f.jumps, 95), 1),
      unit: 'ms',
      target: '< 50 ms',
      p50: round(percentile(f.jumps, 50), 1),
      runs: f.jumps.length,
    });
  }
}
