import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findChromium } from '../tools/preflight/find-tools.js';

/** What the first-paint bench serves: the renderer as `electron-vite build` writes it. */
export const RENDERER_ENTRY = resolve('out/renderer/index.html');

/**
 * A clone without a renderer build gets one (a few seconds), instead of a first-paint bench that waits for
 * rows that never come; a machine without Chromium stops here with one line, before the grid part runs.
 */
export function ensurePaintTools(
  build: () => void = () => execFileSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] }),
  entry: string = RENDERER_ENTRY,
  chromium = findChromium(),
): void {
  if (!chromium.ok) {
    console.error(
      `npm run bench cannot run its paint part: ${chromium.missing} (or run only PULT_BENCH=grid,sync,push)`,
    );
    process.exit(1);
  }
  if (existsSync(entry)) return;
  console.error('bench: no renderer build in out/renderer; building it (electron-vite build)…');
  build();
  if (!existsSync(entry)) {
    console.error(`npm run bench cannot run its paint part: electron-vite build wrote no ${entry}`);
    process.exit(1);
  }
}
