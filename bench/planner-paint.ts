import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_BOARD_ENGINEERS } from '../core/planning/contract.js';
import { localParts, zonedInstant } from '../core/planning/zone.js';
import { startHost } from '../main/host/host.js';
import { createPlannerQueries } from '../main/planning/handlers.js';
import { deskDatabase } from '../main/workstation-db.js';
import { openWorkstation, type Workstation } from '../main/workstation.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.js';
import { generateDemo } from '../tools/demo/generate.js';
import { fillPlannerWeek } from './planner.js';
import { chromiumPss } from './pss.js';
import { percentile, report, round } from './stats.js';

const ZONE = 'Europe/Minsk';
const DAY = 86_400_000;
const RUNS = Number(process.env.PULT_PLANNER_PAINT_RUNS ?? 8);
const DROPS = Number(process.env.PULT_PLANNER_DROPS ?? 12);
/** Another build of the renderer (a copy of `out/renderer` from before a change) to compare on one machine. */
const RENDERER = resolve(process.env.PULT_PLANNER_PAINT_RENDERER ?? 'out/renderer');

/** 00:00 in Minsk of this week's Monday: the calendar opens on today, so the week filled is this one. */
function thisMonday(now: number): number {
  const p = localParts(now, ZONE);
  return zonedInstant(p.year, p.month, p.day - (p.weekday - 1), 0, ZONE);
}

export type PlannerPage = Readonly<{
  desk: Workstation;
  page: Page;
  context: BrowserContext;
  now: number;
  monday: number;
  close(): Promise<void>;
}>;

/**
 * The bench's planner in Chromium: a new desk with the demo store plus 300 engineers × 20 visits a day this
 * week, the built renderer (`PULT_PLANNER_PAINT_RENDERER`) served by the browser host, and a page on the
 * planner with its first visits drawn. `close` takes all of it down. Also bench/planner-profile.ts's page.
 */
export async function openPlannerPage(tempPrefix: string): Promise<PlannerPage> {
  const dir = mkdtempSync(join(tmpdir(), tempPrefix));
  const desk = openWorkstation({ dataFile: join(dir, 'desk.sqlite') });
  const now = Date.now();
  const monday = thisMonday(now);
  await generateDemo(deskDatabase(desk), { tickets: 300, seed: 7, now });
  fillPlannerWeek(deskDatabase(desk), monday, 1_000_000);
  const host = await startHost({ workstation: desk, staticDir: RENDERER });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const close = async () => {
    await browser.close();
    await host.close();
    desk.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const context = await browser.newContext({
      viewport: { width: 1600, height: 1000 },
      locale: 'ru-RU',
      timezoneId: ZONE,
    });
    const page = await context.newPage();
    await page.goto(host.url);
    await page.getByTestId('nav-calendar').click();
    await page.locator('.fc-timeline-event.visit').first().waitFor();
    return { desk, page, context, now, monday, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * `planner.paint-*`: the planner pane in Chromium over the demo store plus 300 engineers × 20 visits a day
 * this week (42,000 visits), the built renderer against the real workstation core. Figures:
 * - week view: the click on "week" until the page's week (15 engineers, 2,100 visits as 105 day blocks) is drawn;
 * - day view: the click on "day" until every visit of today on the page (300) is drawn;
 * - drop → drawn: the mouse released over another engineer's lane until the visit is drawn there;
 * - drop → settled: until the desk's answer after the move has been compared and drawn (the reconcile);
 * - the renderer's memory with the week drawn, after all of the above (PSS, JS heap, DOM nodes).
 */
export async function benchPlannerPaint(): Promise<void> {
  const { desk, page, context, now, monday, close } = await openPlannerPage('pult-bench-planner-paint-');
  const weeks: number[] = [];
  const days: number[] = [];
  let dayVisits = 0;
  const drawn: number[] = [];
  const settled: number[] = [];
  let expected = 0;
  let memory: RendererMemory | null = null;
  try {
    const first = createPlannerQueries(deskDatabase(desk)).board({
      from: monday,
      to: monday + 7 * DAY,
      group: null,
      offset: 0,
      limit: DEFAULT_BOARD_ENGINEERS,
    });
    // The week view draws one block per engineer and day; the day view draws every visit of today.
    expected = new Set(first.visits.map((v) => `${v.engineerId}|${Math.floor((v.startAt - monday) / DAY)}`)).size;
    const today = first.visits.filter((v) => v.startAt >= todayStart(now) && v.startAt < todayStart(now) + DAY);
    dayVisits = today.length;
    for (let i = 0; i < RUNS; i++) {
      weeks.push(await switchView(page, 'resourceTimelineWeek', '.fc-timeline-event.visit-day', expected));
      days.push(await switchView(page, 'resourceTimelineDay', '.fc-timeline-event.visit', dayVisits));
    }
    const ids = first.engineers.map((e) => e.id);
    for (let k = 0; k < Math.min(DROPS, ids.length - 1); k++) {
      const figures = await dropOnNext(page, ids[k]!, ids[k + 1]!, todayStart(now));
      if (process.env.PULT_PLANNER_DEBUG) {
        console.error(JSON.stringify(figures));
        await page.screenshot({ path: `/tmp/plan2/drop-${k}.png` });
      }
      drawn.push(figures.drawn);
      settled.push(figures.settled);
    }
    // The view for memory: the week drawn, after the switches and the drops.
    await switchView(page, 'resourceTimelineWeek', '.fc-timeline-event.visit-day', expected);
    memory = await rendererMemory(context, page);
  } finally {
    await close();
  }
  report({
    metric: 'planner.paint-week.p95',
    value: round(percentile(weeks, 95), 1),
    unit: 'ms',
    target: '< 100 ms',
    p50: round(percentile(weeks, 50), 1),
    visits: expected,
    engineers: DEFAULT_BOARD_ENGINEERS,
  });
  report({
    metric: 'planner.paint-day.p95',
    value: round(percentile(days, 95), 1),
    unit: 'ms',
    target: '< 100 ms',
    p50: round(percentile(days, 50), 1),
    visits: dayVisits,
    engineers: DEFAULT_BOARD_ENGINEERS,
  });
  report({
    metric: 'planner.drop-to-drawn.p95',
    value: round(percentile(drawn, 95), 1),
    unit: 'ms',
    target: '< 100 ms',
    p50: round(percentile(drawn, 50), 1),
  });
  report({
    metric: 'planner.drop-to-settled.p95',
    value: round(percentile(settled, 95), 1),
    unit: 'ms',
    p50: round(percentile(settled, 50), 1),
  });
  if (memory) {
    report({
      metric: 'planner.renderer-memory',
      value: memory.rendererMiB,
      unit: 'MiB',
      target: 'the whole desktop app < 400 MiB',
      jsHeapUsedMiB: memory.jsHeapUsedMiB,
      domNodes: memory.domNodes,
      how: "PSS of Chromium's renderer processes after a garbage collection, the week drawn (15 engineers, 2,100 visits as day blocks) after the view switches and drops",
    });
  }
}

type RendererMemory = Readonly<{ rendererMiB: number; jsHeapUsedMiB: number; domNodes: number }>;

/** What the planner's window holds once idle: a garbage collection first, then its heap, DOM and renderer PSS. */
async function rendererMemory(context: BrowserContext, page: Page): Promise<RendererMemory> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await page.waitForTimeout(500);
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number };
  await cdp.detach();
  return {
    rendererMiB: chromiumPss().byType.renderer ?? 0,
    jsHeapUsedMiB: round(heap.usedSize / 1024 / 1024, 1),
    domNodes: dom.nodes,
  };
}

export function todayStart(now: number): number {
  const p = localParts(now, ZONE);
  return zonedInstant(p.year, p.month, p.day, 0, ZONE);
}

/** Clicks a view's button and times it until `count` elements match `selector` (the view's events drawn). */
async function switchView(page: Page, view: string, selector: string, count: number): Promise<number> {
  return page.evaluate(
    async ([view, selector, count]) => {
      const start = performance.now();
      (document.querySelector(`.fc-${view}-button`) as HTMLElement).click();
      for (let frame = 0; frame < 3000; frame++) {
        await new Promise((r) => requestAnimationFrame(r));
        if (document.querySelectorAll(selector!).length >= count!) return performance.now() - start;
      }
      throw new Error(`${view} was not drawn within 3000 frames`);
    },
    [view, selector, count] as const,
  );
}

/** Drags engineer A's last visit of today to 20:00 on engineer B's lane (free then) and times what follows. */
async function dropOnNext(page: Page, a: string, b: string, today: number) {
  const visit = page.locator(`td.fc-timeline-lane[data-resource-id="${a}"] [data-visit-id]`).last();
  await visit.scrollIntoViewIfNeeded();
  const id = (await visit.getAttribute('data-visit-id'))!;
  const date = new Date(today + 20 * 3_600_000).toLocaleDateString('sv', { timeZone: ZONE });
  const slot = page.locator(`td.fc-timeline-slot-lane[data-date="${date}T20:00:00"]`).first();
  const lane = page.locator(`td.fc-timeline-lane[data-resource-id="${b}"]`);
  const from = (await visit.boundingBox())!;
  const slotBox = (await slot.boundingBox())!;
  const laneBox = (await lane.boundingBox())!;
  const answers = await page.getByTestId('planner-calendar').getAttribute('data-board-answers');
  await page.evaluate(() => {
    window.addEventListener('pointerup', () => ((window as unknown as { __up: number }).__up = performance.now()), {
      capture: true,
      once: true,
    });
  });
  const x = from.x + from.width / 2;
  const y = from.y + from.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 5, y + 5, { steps: 3 });
  await page.mouse.move(slotBox.x + 6, laneBox.y + laneBox.height / 2, { steps: 15 });
  await page.mouse.up();
  return page.evaluate(
    async ([id, b, before]) => {
      const up = (window as unknown as { __up: number }).__up;
      let drawnAt = NaN;
      for (let frame = 0; frame < 3000; frame++) {
        if (
          Number.isNaN(drawnAt) &&
          document.querySelector(
            `td.fc-timeline-lane[data-resource-id="${b}"] [data-visit-id="${id}"]:not(.fc-event-mirror)`,
          )
        ) {
          drawnAt = performance.now();
        }
        const now = document.querySelector('[data-testid="planner-calendar"]')?.getAttribute('data-board-answers');
        if (!Number.isNaN(drawnAt) && now !== before) return { drawn: drawnAt - up, settled: performance.now() - up };
        await new Promise((r) => requestAnimationFrame(r));
      }
      return { drawn: drawnAt - up, settled: NaN };
    },
    [id, b, answers] as const,
  );
}
