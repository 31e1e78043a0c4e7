import { benchGrid } from './grid.js';
import { benchFirstPaint } from './first-paint.js';

/**
 * `npm run bench`: every figure the issues name, one JSON object per line. Select parts with
 * PULT_BENCH=grid,paint,memory,sync,push,phone,directory,planner,debts,kpi,map (default: all; `callbacks` is the phone's second
 * figure alone). `phone` needs the SIP lab's apt packages (Kamailio, sipp).
 */
const parts = new Set(
  (process.env.PULT_BENCH ?? 'grid,paint,sync,push,phone,directory,planner,debts,kpi,map').split(','),
);

// The paint part drives the built renderer in Chromium: both are checked before minutes of grid work.
if (parts.has('paint')) {
  const { ensurePaintTools } = await import('./paint-tools.js');
  ensurePaintTools();
}

let gridFile: string | null = null;
if (parts.has('grid')) gridFile = await benchGrid();
// The paint part alone over a store made earlier skips the grid queries (minutes) it does not need.
else if (parts.has('paint')) gridFile = process.env.PULT_BENCH_GRID_FILE ?? (await benchGrid());
if (parts.has('paint') && gridFile) await benchFirstPaint(gridFile);
if (parts.has('memory') || parts.has('paint')) {
  // The workstation's memory at 100k tickets: the grid's store, the browser host and Chromium each their own.
  const { benchMemory } = await import('./memory.js');
  await benchMemory(gridFile ?? process.env.PULT_BENCH_GRID_FILE ?? (await benchGrid()));
}
if (parts.has('phone')) {
  const { benchCallerCard, phoneBenchStore } = await import('./caller-card.js');
  const { benchCallbackRow } = await import('./callback-row.js');
  const phoneFile = gridFile ?? (await phoneBenchStore());
  await benchCallerCard(phoneFile);
  await benchCallbackRow();
} else if (parts.has('callbacks')) {
  // The callback-row figure alone (it needs no 100k store: its server fills itself).
  const { benchCallbackRow } = await import('./callback-row.js');
  await benchCallbackRow();
}
if (parts.has('directory')) {
  const { benchDirectory } = await import('./directory.js');
  await benchDirectory(gridFile ?? undefined);
}
if (parts.has('debts')) {
  const { benchDebts } = await import('./debts.js');
  await benchDebts(gridFile);
}
if (parts.has('kpi')) {
  const { benchKpi } = await import('./kpi.js');
  await benchKpi(gridFile);
}
if (parts.has('sync')) {
  const { benchSync } = await import('./sync.js');
  await benchSync();
}
if (parts.has('push')) {
  const { benchPush } = await import('../server/bench/push-pull.js');
  await benchPush({ pushOnly: true });
}
if (parts.has('planner')) {
  const { benchPlanner } = await import('./planner.js');
  await benchPlanner();
  // The pane in Chromium: the built renderer is needed, as for the paint part.
  const { ensurePaintTools } = await import('./paint-tools.js');
  if (!parts.has('paint')) ensurePaintTools();
  const { benchPlannerPaint } = await import('./planner-paint.js');
  await benchPlannerPaint();
}
if (parts.has('map')) {
  const { benchMap } = await import('./map.js');
  await benchMap();
  // The pane in Chromium: the built renderer is needed, as for the paint part.
  const { ensurePaintTools } = await import('./paint-tools.js');
  if (!parts.has('paint') && !parts.has('planner')) ensurePaintTools();
  const { benchMapPaint } = await import('./map-paint.js');
  await benchMapPaint();
}
