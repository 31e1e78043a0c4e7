import { readdirSync, readFileSync } from 'node:fs';
import { round } from './stats.js';

// Proportional set size (shared pages split between the processes sharing them, so a sum is what the machine
// gives) of processes, from /proc/<pid>/smaps_rollup. Linux only; the memory and planner benches use it.

/** Every process below `root` (itself included), from /proc's parent links. */
export function processTree(root: number): number[] {
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

export function pssKiB(pid: number): number {
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

export const mib = (kib: number) => round(kib / 1024, 1);

/** Chromium's processes (this process's children: Playwright starts them), in all and by process type. */
export function chromiumPss(): Readonly<{ kib: number; byType: Record<string, number> }> {
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
