import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.js';
import { findHeadlessShell } from '../tools/preflight/find-tools.js';
import { bundledScript } from './bundle.js';
import { atRest } from './first-paint.js';
import { chromiumPss, mib, processTree, pssKiB } from './pss.js';
import { hostUrl } from './phone-lab.js';
import { report, round } from './stats.js';

/**
 * What the workstation holds in memory at 100k tickets after a dispatcher's first minutes: the browser host in a
 * process of its own (the workstation core with its replica, as the desktop app's main process would be) and
 * Chromium (browser, renderer, GPU and utility processes, as Electron would start them), after opening "Все" and
 * scrolling through it. Measured as PSS (proportional set size: shared pages split between the processes that
 * share them, so the sum is what the machine gives the app), from /proc/<pid>/smaps_rollup. Linux only.
 *
 * The Electron binary cannot run here, so the figure needs a stand-in for its Chromium. The headline is measured
 * in chromium-headless-shell (the same Chromium release as Debian's browser): like Electron, it embeds Chromium's
 * content layer with a thin shell of its own. The full browser adds Chrome's own layer (extensions, profile
 * services, its UI code), which Electron does not ship: a blank page there is 381 MiB against 193 in the
 * headless shell, on this machine. The same run measures the full browser too and prints it beside the
 * headline, with each browser's blank-page floor, so that neither figure hides the other.
 */
const TARGET_MIB = 400;
const SCROLL_STEPS = Number(process.env.PULT_MEMORY_SCROLLS ?? 25);

type Measured = Readonly<{
  totalMiB: number;
  chromiumMiB: number;
  blankMiB: number;
  coreMiB: number;
  byType: Record<string, number>;
  heapUsedMiB: number;
  heapTotalMiB: number;
  domNodes: number;
}>;

export async function benchMemory(dataFile: string): Promise<void> {
  const shell = findHeadlessShell();
  const full = await measure(dataFile, CHROMIUM_PATH);
  const embedded = shell.ok ? await measure(dataFile, shell.path) : null;
  if (!shell.ok) console.error(`desk.memory-pss-100k: measured in the full browser only; ${shell.missing}`);
  const headline = embedded ?? full;
  report({
    metric: 'desk.memory-pss-100k',
    value: headline.totalMiB,
    unit: 'MiB',
    target: `< ${TARGET_MIB} MiB`,
    browser: embedded ? `chromium-headless-shell (${shell.ok ? shell.path : ''})` : `full Chromium (${CHROMIUM_PATH})`,
    chromium: headline.chromiumMiB,
    chromiumBlankPage: headline.blankMiB,
    core: headline.coreMiB,
    chromiumByType: headline.byType,
    rendererJsHeapUsed: headline.heapUsedMiB,
    rendererJsHeapTotal: headline.heapTotalMiB,
    domNodes: headline.domNodes,
    how: `PSS after "Все" and ${SCROLL_STEPS} scroll steps through 100k tickets; browser host in its own process`,
  });
  if (embedded) {
    report({
      metric: 'desk.memory-pss-100k-full-browser',
      value: full.totalMiB,
      unit: 'MiB',
      target: 'reference: the same run in the full browser, whose own layer Electron does not ship',
      chromium: full.chromiumMiB,
      chromiumBlankPage: full.blankMiB,
      core: full.coreMiB,
      chromiumByType: full.byType,
      pultOverBlankPage: round(full.totalMiB - full.blankMiB, 1),
      pultOverBlankPageInHeadlessShell: round(embedded.totalMiB - embedded.blankMiB, 1),
    });
  }
}

async function measure(dataFile: string, executablePath: string): Promise<Measured> {
  // Bundled JavaScript, as the desktop app runs its main process (not tsx, whose loader alone is ~45 MiB).
  const host = spawn(process.execPath, [bundledScript('main/host/cli.ts'), '--data', dataFile, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
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
    return {
      totalMiB: mib(chromiumKiB + coreKiB),
      chromiumMiB: mib(chromiumKiB),
      blankMiB: mib(blankKiB),
      coreMiB: mib(coreKiB),
      byType,
      heapUsedMiB: mib(heap.usedSize / 1024),
      heapTotalMiB: mib(heap.totalSize / 1024),
      domNodes: dom.nodes,
    };
  } finally {
    await browser.close();
    host.kill('SIGTERM');
  }
}
