import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPlannerPage, todayStart } from './planner-paint.js';

/**
 * Where the planner's drawing time goes: the paint bench's store and page (bench/planner-paint.ts), with a
 * Chrome trace (`*.trace.json`, open in the browser's Performance panel) and a CPU profile (`*.cpuprofile`) of a
 * switch to the week, a switch to the day and one drop on another engineer. Not part of `npm run bench`:
 * `npx tsx bench/planner-profile.ts`, with PULT_PLANNER_PROFILE_DIR (default: a new temporary folder) and
 * PULT_PLANNER_PAINT_RENDERER as for the bench. A renderer built without minifying names the functions.
 */
const ZONE = 'Europe/Minsk';
const OUT = process.env.PULT_PLANNER_PROFILE_DIR ?? mkdtempSync(join(tmpdir(), 'pult-planner-profile-'));

const { page, context, now, close } = await openPlannerPage('pult-prof-');
const today = todayStart(now);
try {
  await page.waitForTimeout(1500);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const prof = async (name: string, fn: () => Promise<unknown>) => {
    await cdp.send('Profiler.start');
    const t0 = Date.now();
    await fn();
    const ms = Date.now() - t0;
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(`${OUT}/${name}.cpuprofile`, JSON.stringify(profile));
    console.log(name, ms, 'ms');
  };
  const switchTo = (view: string, sel: string) =>
    page.evaluate(
      async ([view, sel]) => {
        (document.querySelector(`.fc-${view}-button`) as HTMLElement).click();
        for (let i = 0; i < 3000; i++) {
          await new Promise((r) => requestAnimationFrame(r));
          if (document.querySelectorAll(sel!).length > 0) return;
        }
      },
      [view, sel] as const,
    );
  const trace = async (name: string, fn: () => Promise<unknown>) => {
    const events: unknown[] = [];
    const collect = (d: { value: unknown[] }) => events.push(...d.value);
    cdp.on('Tracing.dataCollected', collect);
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink',
      transferMode: 'ReportEvents',
    });
    await fn();
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    cdp.off('Tracing.dataCollected', collect);
    writeFileSync(`${OUT}/${name}.trace.json`, JSON.stringify({ traceEvents: events }));
  };
  await trace('week-trace', () => switchTo('resourceTimelineWeek', '.fc-timeline-event.visit-day'));
  await page.waitForTimeout(500);
  await trace('day-trace', () => switchTo('resourceTimelineDay', '.fc-timeline-event.visit'));
  await page.waitForTimeout(500);
  await prof('week', () => switchTo('resourceTimelineWeek', '.fc-timeline-event.visit-day'));
  await page.waitForTimeout(500);
  await prof('day', () => switchTo('resourceTimelineDay', '.fc-timeline-event.visit'));
  await page.waitForTimeout(1500);
  // One drop of engineer A's last visit of today at 20:00 on engineer B's lane, as the bench does.
  const ids = await page.$$eval('td.fc-timeline-lane[data-resource-id]', (els) =>
    els.map((e) => e.getAttribute('data-resource-id')!),
  );
  const [a, b] = [ids[0]!, ids[1]!];
  const visit = page.locator(`td.fc-timeline-lane[data-resource-id="${a}"] [data-visit-id]`).last();
  await visit.scrollIntoViewIfNeeded();
  const id = (await visit.getAttribute('data-visit-id'))!;
  const date = new Date(today + 20 * 3_600_000).toLocaleDateString('sv', { timeZone: ZONE });
  const slot = page.locator(`td.fc-timeline-slot-lane[data-date="${date}T20:00:00"]`).first();
  const lane = page.locator(`td.fc-timeline-lane[data-resource-id="${b}"]`);
  const from = (await visit.boundingBox())!;
  const slotBox = (await slot.boundingBox())!;
  const laneBox = (await lane.boundingBox())!;
  const x = from.x + from.width / 2;
  const y = from.y + from.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 5, y + 5, { steps: 3 });
  await page.mouse.move(slotBox.x + 6, laneBox.y + laneBox.height / 2, { steps: 15 });
  await prof('drop', async () => {
    await page.mouse.up();
    await page.waitForFunction(
      ([id, b]) =>
        !!document.querySelector(
          `td.fc-timeline-lane[data-resource-id="${b}"] [data-visit-id="${id}"]:not(.fc-event-mirror)`,
        ),
      [id, b] as const,
      { polling: 'raf' },
    );
    await page.waitForTimeout(1500);
  });
  console.log(`profiles in ${OUT}`);
} finally {
  await close();
}
