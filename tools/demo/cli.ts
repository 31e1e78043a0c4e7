import { existsSync, mkdirSync, realpathSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { StoreOpenError, openDatabase } from '../../replica/open-store.js';
import { MAX_DEMO_TICKETS, generateDemo, type DemoSummary } from './generate.js';

/**
 * `npm run demo -- --tickets 100000 [--seed 1] [--out FILE] [--force]`: writes a demo store. It refuses to
 * touch a file that already holds tickets unless --force, and then deletes only that file (with its WAL and
 * shared-memory sidecars, which belong to it) after saying so. A file that is not a Pult store is never
 * deleted, --force or not.
 */
const USAGE = `Usage: npm run demo -- [--tickets N] [--seed N] [--out FILE] [--force | --if-empty]
  --tickets N   how many tickets (default 100000, at most ${MAX_DEMO_TICKETS})
  --seed N      random seed; the same seed gives the same data (default 1)
  --out FILE    the store to write (default ./.pult/demo.sqlite)
  --force       replace FILE if it already holds tickets
  --if-empty    leave FILE alone (and succeed) if it already holds tickets: what \`npm start\` uses`;

const fail = (message: string): number => {
  process.stderr.write(`${message}\n`);
  return 2;
};

function parseInteger(text: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text.replace(/_/g, ''));
  if (!/^\d[\d_]*$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** Tickets in an existing store, read without writing anything (a read-only open never migrates). */
function ticketsIn(path: string): number {
  const db = openDatabase(path, { readonly: true });
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'tickets'").get();
    return hasTable ? (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n : 0;
  } finally {
    db.close();
  }
}

function progressBar(): (done: number, total: number) => void {
  const tty = process.stderr.isTTY === true;
  let shown = -1;
  return (done, total) => {
    const pct = Math.floor((100 * done) / total);
    // A terminal gets a bar redrawn in place; a log file gets a line every 10% instead of a thousand \r's.
    if (pct === shown || (!tty && pct % 10 !== 0)) return;
    shown = pct;
    const width = 30;
    const filled = Math.round((width * done) / total);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}%  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} tickets`;
    process.stderr.write(tty ? `\r${bar}` : `${bar}\n`);
    if (tty && done === total) process.stderr.write('\n');
  };
}

function report(out: string, seed: number, s: DemoSummary, elapsedMs: number): string {
  const rows: [string, number | string][] = [
    ['employees', s.employees],
    ['clients', s.clients],
    ['contacts', s.contacts],
    ['vehicles', s.vehicles],
    ['tickets', s.tickets],
    ['debtors', `${s.debtors} clients with unpaid paid visits`],
  ];
  return [
    `Demo store written: ${out} (seed ${seed})`,
    ...rows.map(([k, v]) => `  ${k.padEnd(10)} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`),
    `Generated in ${(s.ms / 1000).toFixed(1)} s; ${(elapsedMs / 1000).toFixed(1)} s in all`,
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const begun = performance.now();
  let values: { tickets?: string; seed?: string; out?: string; force?: boolean; 'if-empty'?: boolean; help?: boolean };
  let tickets: number;
  let seed: number;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        tickets: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
        'if-empty': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
    tickets = parseInteger(values.tickets, 100_000, 'tickets', 1, MAX_DEMO_TICKETS);
    seed = parseInteger(values.seed, 1, 'seed', 0, 0xffffffff);
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const out = resolve(values.out ?? '.pult/demo.sqlite');

  try {
    if (existsSync(out)) {
      const existing = ticketsIn(out);
      if (existing > 0 && values['if-empty']) {
        process.stderr.write(`${out} already holds ${existing} tickets: kept as it is.\n`);
        return 0;
      }
      if (existing > 0 && !values.force) {
        return fail(`${out} already holds ${existing} tickets; not touching it. Add --force to replace it.`);
      }
      if (existing > 0) {
        process.stderr.write(`--force: deleting ${out} (${existing} tickets) and creating a new store there.\n`);
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${out}${suffix}`, { force: true });
      }
    } else {
      mkdirSync(dirname(out), { recursive: true });
    }
  } catch (error) {
    if (error instanceof StoreOpenError) return fail(error.message);
    throw error;
  }

  process.stderr.write(`Generating ${tickets.toLocaleString('en-US')} tickets (seed ${seed}) into ${out}…\n`);
  const db = openDatabase(out);
  let summary: DemoSummary;
  try {
    summary = await generateDemo(db, { tickets, seed, onProgress: progressBar() });
  } finally {
    db.close();
  }
  process.stdout.write(`${report(out, seed, summary, performance.now() - begun)}\n`);
  return 0;
}

// Run only as a script, so tests can import main() without starting a generation.
const script = process.argv[1];
if (script && import.meta.url === pathToFileURL(realpathSync(script)).href)
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
