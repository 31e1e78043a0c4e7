import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.js';
import { bundledScript } from './bundle.js';
import { atRest } from './first-paint.js';
import { chromiumPss, mib, processTree, pssKiB } from './pss.js';
import { hostUrl } from './phone-lab.js';
import { report } from './stats.js';

/**
 * What the workstation holds in memory at 100k tickets after a dispatcher's first minutes: the browser host in a
 * process of its own (the workstation core with its replica, as the desktop app's main process would be) and
 * Chromium (browser, renderer, GPU and utility processes, as Electron would start them), after opening "Все" and
 * scrolling through it. Measured as PSS (proportional set size: shared pages split between the processes that
 * share them, so the sum is what the machine gives the app), from /proc/<pid>/smaps_rollup. Linux only.
 */
const TARGET_MIB = 400;
const SCROLL_STEPS = Number(process.env.PULT_MEMORY_SCROLLS ?? 25);

export async function benchMemory(dataFile: string): Promise<void> {
  // Bundled JavaScript, as the desktop app runs its main process (not tsx, whose loader alone is ~45 MiB).
  const host = spawn(process.execPath, [bundledScript('main/host/cli.ts'), '--data', dataFile, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const url = await hostUrl(host, 120_000);

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'ru-RU' });
    const page = await context.newPage();
    // The floor: the same Chromium showing a blank page (its browser, GPU, utility and one renderer process).
    await page.goto('about:blank');
    await page.waitForTimeout(1000);
    const blankKiB = chromiumPss().kib;
    await page.goto(url);
    await page.getByTestId('view-all').click();
    await atRest(page);
    // Through all 100k tickets in steps, each drawn, as a dispatcher's scrollbar drag would.
    for (let step = 1; step <= SCROLL_STEPS; step++) {
      await page.evaluate((fraction) => {
        const grid = document.querySelector('[data-testid="ticket-grid"]') as HTMLElement;
        grid.scrollTop = (grid.scrollHeight - grid.clientHeight) * fraction;
      }, step / SCROLL_STEPS);
      await atRest(page);
      await page.waitForTimeout(100);
    }
    await page.getByTestId('ticket-row').first().waitFor();

    const cdp = await context.newCDPSession(page);
    // What the window keeps, not what it has yet to collect: a garbage collection first, as an idle window gets.
    await cdp.send('HeapProfiler.collectGarbage');
    await page.waitForTimeout(500);
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number; jsEventListeners: number };
    const { kib: chromiumKiB, byType } = chromiumPss();
    const coreKiB = processTree(host.pid!).reduce((sum, pid) => sum + pssKiB(pid), 0);
    report({
      metric: 'desk.memory-pss-100k',
      value: mib(chromiumKiB + coreKiB),
      unit: 'MiB',
      target: `< ${TARGET_MIB} MiB`,
      chromium: mib(chromiumKiB),
      chromiumBlankPage: mib(blankKiB),
      core: mib(coreKiB),
      chromiumByType: byType,
      rendererJsHeapUsed: mib(heap.usedSize / 1024),
      rendererJsHeapTotal: mib(heap.totalSize / 1024),
      domNodes: dom.nodes,
      how: `PSS after "Все" and ${SCROLL_STEPS} scroll steps through 100k tickets; browser host in its own process`,
    });
  } finally {
    await browser.close();
    host.kill('SIGTERM');
  }
}
