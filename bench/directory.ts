import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { dispatch } from '../core/dispatch.js';
import { IMPORT_CHUNK_BYTES } from '../core/import/contract.js';
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
  await benchDirectoryImport();
}

const IMPORT_ROWS = Number(process.env.PULT_BENCH_IMPORT_ROWS ?? 10_000);

/** A believable 10k-line client list: a client per 2 lines, each line a vehicle with its fuel sensor. */
function importCsv(rows: number): string {
  const lines = ['Наименование;УНП;Телефон;Госномер;Марка;Оборудование;Серийный номер;Дата установки'];
  for (let i = 0; i < rows; i += 1) {
    const c = Math.floor(i / 2);
    const phone = `+375 29 ${String(1_000_000 + c).slice(1, 4)}-${String(c % 100).padStart(2, '0')}-${String(i % 2).padStart(2, '0')}`;
    lines.push(
      `ООО «Клиент ${c}»;;${phone};${String(1000 + (i % 9000))} AB-${(i % 7) + 1}${Math.floor(i / 9000)};МАЗ;ДУТ;SN-${i};16.03.2026`,
    );
  }
  return lines.join('\r\n');
}

/**
 * `directory.import`: a 10k-line CSV through the contract as the dialog sends it (upload in pieces, preview,
 * start, status polled) into an empty desk, then the same file again (every line found, nothing written).
 * Rows per second of the file's lines, from start to the report.
 */
export async function benchDirectoryImport(): Promise<void> {
  const dataFile = join(mkdtempSync(join(tmpdir(), 'pult-bench-import-')), 'store.sqlite');
  const ws = openWorkstation({ dataFile });
  try {
    const call = async (method: string, input: unknown) => {
      const result = await dispatch(ws.handlers, method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value as Record<string, unknown>;
    };
    const bytes = Buffer.from(importCsv(IMPORT_ROWS), 'utf8');
    const once = async () => {
      const started = performance.now();
      const uploadId = uuidv7();
      for (let offset = 0; offset < bytes.length; offset += IMPORT_CHUNK_BYTES) {
        const chunk = bytes.subarray(offset, offset + IMPORT_CHUNK_BYTES);
        await call('import:upload', { uploadId, offset, chunkBase64: chunk.toString('base64') });
      }
      const preview = await call('import:preview', { uploadId, fileName: 'clients.csv' });
      const { jobId } = await call('import:start', {
        source: { kind: 'file', uploadId, mapping: preview.guessed },
      });
      for (;;) {
        const status = await call('import:status', { jobId });
        if (status.report !== null) {
          return { ms: performance.now() - started, counts: status.counts as Record<string, number> };
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const first = await once();
    const again = await once();
    for (const [metric, run] of [
      ['directory.import', first],
      ['directory.import-again', again],
    ] as const) {
      report({
        metric: `${metric}.rows-per-s`,
        value: round(IMPORT_ROWS / (run.ms / 1000), 0),
        unit: 'rows/s',
        seconds: round(run.ms / 1000, 2),
        lines: IMPORT_ROWS,
        ...run.counts,
      });
    }
  } finally {
    ws.close();
  }
}
