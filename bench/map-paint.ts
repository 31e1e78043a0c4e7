import { chromium, type Page } from '@playwright/test';
import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { startHost } from '../main/host/host.js';
import { deskDatabase } from '../main/workstation-db.js';
import { openWorkstation } from '../main/workstation.js';
import { createRowStore } from '../replica/rows.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.js';
import { generateDemo } from '../tools/demo/generate.js';
import { benchClient } from './fixtures.js';
import { percentile, report, round } from './stats.js';

const VEHICLES = Number(process.env.PULT_MAP_VEHICLES ?? 10_000);
const UPDATES_PER_SECOND = Number(process.env.PULT_MAP_UPDATES ?? 1_000);
const PAINT_RUNS = Number(process.env.PULT_MAP_PAINT_RUNS ?? 5);
const PAN_SECONDS = Number(process.env.PULT_MAP_PAN_SECONDS ?? 10);
/** Another build of the renderer (a copy of `out/renderer` from before a change) to compare on one machine. */
const RENDERER = resolve(process.env.PULT_MAP_PAINT_RENDERER ?? 'out/renderer');
const MARKERS = '[data-testid="map-cluster"], path.pult-map-vehicle, path.pult-map-engineer';

/** Vehicles with one open ticket each, so the desk's simulator drives all of them (it drives those only). */
export function fillFleet(db: Database, count: number, firstNumber: number): void {
  const rows = createRowStore(db);
  const client = benchClient('ООО «Автопарк»');
  db.transaction(() => {
    rows.put('clients', client);
    for (let i = 0; i < count; i++) {
      const vehicleId = uuidv7();
      rows.put('vehicles', {
        id: vehicleId,
        clientId: client.id,
        plate: `${String(1000 + (i % 9000)).padStart(4, '0')} AB-${(i % 7) + 1}`,
        make: 'МАЗ',
        model: '5440',
        vin: null,
        unitId: null,
        active: true,
      });
      rows.put('tickets', {
        id: uuidv7(),
        number: firstNumber + i,
        title: `Проверка трекера ${i + 1}`,
        description: '',
        type: 'maintenance',
        status: 'new',
        priority: (['low', 'normal', 'high', 'critical'] as const)[i % 4]!,
        clientId: client.id,
        contactId: null,
        vehicleId,
        assigneeId: null,
        parentId: null,
        source: 'manual',
        billing: 'warranty',
        amount: 0,
        plannedAt: null,
        createdAt: 0,
        updatedAt: 0,
        resolvedAt: null,
        createdBy: null,
      });
    }
  })();
}

/**
 * `map.paint` and `map.pan-fps`: the map pane in headless Chromium (Debian's, software rendering) with the built
 * renderer against the real workstation core, over the demo store plus `VEHICLES` vehicles with open tickets,
 * the desk's own simulator driving them at `UPDATES_PER_SECOND` position updates a second.
 * - first paint: a fresh page, then the click on "Map" (the pane's lazy chunk, Leaflet, the objects and the
 *   positions snapshot) until the first markers are in the page, `PAINT_RUNS` times;
 * - pan fps: `requestAnimationFrame` callbacks counted in the page while Playwright drags the map with the mouse
 *   (press, 40 moves of 10 px 16 ms apart, release; left and right in turn) for `PAN_SECONDS`, with the
 *   updates streaming in; at the start zoom (all of Belarus: clusters) and at zoom 11 (single markers, the
 *   clustering's last level below which everything is a marker of its own).
 */
export async function benchMapPaint(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pult-bench-map-paint-'));
  const dataFile = join(dir, 'desk.sqlite');
  const desk = openWorkstation({ dataFile, map: { tileUrl: null, updatesPerSecond: UPDATES_PER_SECOND } });
  const db = deskDatabase(desk);
  await generateDemo(db, { tickets: 300, seed: 7, now: Date.now() });
  fillFleet(db, VEHICLES, 1_000_000);
  const open = (
    db
      .prepare(
        `SELECT count(DISTINCT v.id) AS n FROM vehicles v JOIN tickets t ON t.vehicle_id = v.id
         WHERE t.status_kind = 'open'`,
      )
      .get() as { n: number }
  ).n;
  // The desk's share of the first paint: the pane's objects query over the same store, timed in this process.
  const objectsQuery = (desk.handlers as unknown as Record<string, (i: unknown) => Promise<unknown>>)['map:objects']!;
  const objectsMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await objectsQuery({ filter: {} });
    objectsMs.push(performance.now() - t0);
  }
  const host = await startHost({ workstation: desk, staticDir: RENDERER });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const paints: number[] = [];
  const pans: Record<string, PanFigures> = {};
  try {
    const context = await browser.newContext({
      viewport: { width: 1600, height: 1000 },
      locale: 'ru-RU',
      timezoneId: 'Europe/Minsk',
    });
    for (let i = 0; i < PAINT_RUNS; i++) {
      const page = await context.newPage();
      await page.goto(host.url);
      await page.getByTestId('nav-map').waitFor();
      paints.push(await timeFirstMarkers(page));
      if (i < PAINT_RUNS - 1) await page.close();
      else {
        // The updates have been streaming for a while: the page holds every object's position.
        await page.waitForTimeout(3_000);
        pans.clustered = await pan(page);
        await zoomTo(page, 11);
        pans.markers = await pan(page);
      }
    }
  } finally {
    await browser.close();
    await host.close();
    desk.close();
    rmSync(dir, { recursive: true, force: true });
  }
  report({
    metric: 'map.first-paint.p50',
    value: round(percentile(paints, 50), 1),
    unit: 'ms',
    max: round(Math.max(...paints), 1),
    runs: paints.length,
    vehicles: open,
    deskObjectsQueryMs: round(percentile(objectsMs, 50), 1),
    from: 'click on Map in a fresh page (lazy chunk, objects, positions) until markers are in the page',
  });
  for (const [view, f] of Object.entries(pans)) {
    report({
      metric: `map.pan-fps.${view}`,
      value: round(f.fps, 1),
      unit: 'frames/s',
      target: '> 30',
      frameP95Ms: round(f.frameP95, 1),
      longestFrameMs: round(f.longest, 1),
      seconds: round(f.seconds, 1),
      zoom: f.zoom,
      markersInView: f.markers,
      updatesTaken: f.updates,
      vehicles: open,
      updatesPerSecond: UPDATES_PER_SECOND,
    });
  }
}

/** Clicks "Map" and counts, frame by frame, until a marker or cluster is in the page. */
async function timeFirstMarkers(page: Page): Promise<number> {
  return page.evaluate(
    async ([markers]) => {
      const start = performance.now();
      (document.querySelector('[data-testid="nav-map"]') as HTMLElement).click();
      for (let frame = 0; frame < 6000; frame++) {
        await new Promise((r) => requestAnimationFrame(r));
        if (document.querySelector(markers!)) return performance.now() - start;
      }
      throw new Error('no marker within 6000 frames');
    },
    [MARKERS] as const,
  );
}

/** Opens the largest cluster in view, again and again, until the map is at `zoom`: where the vehicles are. */
async function zoomTo(page: Page, zoom: number): Promise<void> {
  const canvas = page.getByTestId('map-canvas');
  const clusters = page.getByTestId('map-cluster');
  for (let i = 0; i < 12; i++) {
    if (Number(await canvas.getAttribute('data-zoom')) >= zoom) return;
    const counts = await clusters.evaluateAll((els) => els.map((e) => Number(e.textContent)));
    if (counts.length === 0) break;
    await clusters.nth(counts.indexOf(Math.max(...counts))).click({ force: true });
    await page.waitForTimeout(800);
  }
  const reached = Number(await canvas.getAttribute('data-zoom'));
  if (reached < zoom) {
    await page.locator('.leaflet-control-zoom-in').click();
    await page.waitForTimeout(800);
  }
}

type PanFigures = {
  fps: number;
  frameP95: number;
  longest: number;
  seconds: number;
  zoom: number;
  markers: number;
  updates: number;
};

/** Drags the map left and right for PAN_SECONDS while the page counts its animation frames. */
async function pan(page: Page): Promise<PanFigures> {
  const canvas = page.getByTestId('map-canvas');
  const box = (await canvas.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const updatesBefore = Number(await canvas.getAttribute('data-updates'));
  // A string, not a function: tsx names inner functions with a helper the page does not have.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__counting = true;
    const tick = (t) => {
      window.__frames.push(t);
      if (window.__counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const started = Date.now();
  let direction = 1;
  while (Date.now() - started < PAN_SECONDS * 1000) {
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let step = 1; step <= 40; step++) {
      await page.mouse.move(x + direction * step * 10, y + direction * step * 2);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    direction = -direction;
  }
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __counting: boolean };
    w.__counting = false;
    return w.__frames;
  });
  const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
  const seconds = (frames.at(-1)! - frames[0]!) / 1000;
  return {
    fps: (frames.length - 1) / seconds,
    frameP95: percentile(gaps, 95),
    longest: Math.max(...gaps),
    seconds,
    zoom: Number(await canvas.getAttribute('data-zoom')),
    markers: await page.locator(MARKERS).count(),
    updates: Number(await canvas.getAttribute('data-updates')) - updatesBefore,
  };
}
