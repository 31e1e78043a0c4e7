import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.js';
import { bundledScript } from './bundle.js';
import { hostUrl } from './phone-lab.js';
import { report, round } from './stats.js';

/**
 * What the workstation holds in memory at 100k tickets after a dispatcher's first minutes: the browser host in a
 * process of its own (the workstation core with its replica, as the desktop app's main process would be) and
 * Chromium (browser, renderer, GPU and utility processes, as Electron would start them), after opening "Все" and
 * scrolling through it. Measured as PSS (proportional set size: shared pages split between the processes that
 * share them, so the sum is what the machine gives the app), from /proc/<pid>/smaps_rollup. Linux only.
 */
const TARGET_MIB = 400;
const SCROLL_STEPS = Number(process.env.PULT_MEMORY_SCROLLS ?? 25);

/** Every process below `root` (itself included), from /proc's parent links. */
function processTree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the fields after its closing parenthesis are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(entry), ppid);
    } catch {
      /* gone meanwhile */
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parent) if (ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
  }
  return tree;
}

function pssKiB(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+) kB$/m.exec(rollup)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};

const mib = (kib: number) => round(kib / 1024, 1);

/** Chromium's processes (this process's children: Playwright starts them), in all and by process type. */
function chromiumPss(): Readonly<{ kib: number; byType: Record<string, number> }> {
  const pids = processTree(process.pid).filter((pid) => pid !== process.pid && /chrom/i.test(commandOf(pid)));
  const byType: Record<string, number> = {};
  let kib = 0;
  for (const pid of pids) {
    const own = pssKiB(pid);
    kib += own;
    // The browser process has no --type.
    const type = /--type=([\w-]+)/.exec(commandOf(pid))?.[1] ?? 'browser';
    byType[type] = round((byType[type] ?? 0) + own / 1024, 1);
  }
  return { kib, byType };
}

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
    await page.waitForLoadState('networkidle');
    // Through all 100k tickets in steps, each drawn, as a dispatcher's scrollbar drag would.
    for (let step = 1; step <= SCROLL_STEPS; step++) {
      await page.evaluate((fraction) => {
        const grid = document.querySelector('[data-testid="ticket-grid"]') as HTMLElement;
        grid.scrollTop = (grid.scrollHeight - grid.clientHeight) * fraction;
      }, step / SCROLL_STEPS);
      await page.waitForLoadState('networkidle');
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
