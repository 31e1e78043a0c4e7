import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../core/dispatch.js';
import { deskDatabase } from '../main/workstation-db.js';
import { openWorkstation } from '../main/workstation.js';
import { generateDemo } from '../tools/demo/generate.js';
import { percentile, report, round, sample } from './stats.js';

const RUNS = Number(process.env.PULT_BENCH_DIRECTORY_RUNS ?? 40);

/** The grid's store when the grid part ran (PULT_BENCH_GRID_FILE), or 100k demo tickets (seed 1). */
async function directoryStore(): Promise<string> {
  const reuse = process.env.PULT_BENCH_GRID_FILE;
  if (reuse) return reuse;
  const dataFile = join(mkdtempSync(join(tmpdir(), 'pult-bench-directory-')), 'store.sqlite');
  const ws = openWorkstation({ dataFile });
  await generateDemo(deskDatabase(ws), { tickets: Number(process.env.PULT_BENCH_TICKETS ?? 100_000), seed: 1 });
  ws.close();
  return dataFile;
}

/**
 * The directory pane's reads through the contract on the demo store (100k tickets, ~4k clients): the client
 * list as it is typed into (a name fragment, a phone ending, a plate, and the empty list of the first 200),
 * and the client card of the clients with the most tickets (the worst case: every open ticket is listed).
 */
export async function benchDirectory(file?: string): Promise<void> {
  const dataFile = file ?? (await directoryStore());
  const ws = openWorkstation({ dataFile });
  try {
    const db = deskDatabase(ws);
    const call = async (method: string, input: unknown) => {
      const result = await dispatch(ws.handlers, method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value;
    };
    const clients = (db.prepare('SELECT count(*) AS n FROM clients').get() as { n: number }).n;
    const tickets = (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
    const phone = db.prepare('SELECT e164 FROM phones WHERE e164 IS NOT NULL LIMIT 1 OFFSET 500').get() as {
      e164: string;
    };
    const plate = db.prepare('SELECT plate FROM vehicles LIMIT 1 OFFSET 300').get() as { plate: string };
    const searches = ['', 'газ', 'транс', phone.e164.slice(-4), plate.plate.slice(0, 5)];
    let i = 0;
    const list = await sample(
      () => call('directory:clients', { text: searches[i++ % searches.length], limit: 200 }),
      RUNS,
    );
    const busiest = (
      db.prepare('SELECT client_id FROM tickets GROUP BY client_id ORDER BY count(*) DESC LIMIT 10').all() as {
        client_id: string;
      }[]
    ).map((r) => r.client_id);
    let j = 0;
    const card = await sample(() => call('directory:client', { id: busiest[j++ % busiest.length] }), RUNS);
    const dupes = await sample(
      () => call('directory:duplicates', { taxId: '100325912', phones: [phone.e164], plates: [plate.plate] }),
      RUNS,
    );
    for (const [metric, samples] of [
      ['directory.client-search', list],
      ['directory.client-card', card],
      ['directory.duplicates', dupes],
    ] as const) {
      report({
        metric: `${metric}.p95`,
        value: round(percentile(samples, 95), 2),
        unit: 'ms',
        p50: round(percentile(samples, 50), 2),
        runs: samples.length,
        tickets,
        clients,
        target: '< 50 ms',
      });
    }
  } finally {
    ws.close();
  }
}
