import { benchGrid } from './grid.js';
import { benchFirstPaint } from './first-paint.js';

/**
 * `npm run bench`: every figure the issues name, one JSON object per line. Select parts with
 * PULT_BENCH=grid,paint,sync (default: all).
 */
const parts = new Set((process.env.PULT_BENCH ?? 'grid,paint,sync').split(','));

let gridFile: string | null = null;
if (parts.has('grid') || parts.has('paint')) gridFile = await benchGrid();
if (parts.has('paint') && gridFile) await benchFirstPaint(gridFile);
if (parts.has('sync')) {
  const { benchSync } = await import('./sync.js');
  await benchSync();
}
