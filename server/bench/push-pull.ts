/**
 * `npx tsx server/bench/push-pull.ts`: push throughput and first-sync time on SQLite and on a throwaway
 * PostgreSQL with fsync on (performance is measured by benchmarks, never by timed tests: docs/architecture.md).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from '../app.js';
import { importRows } from '../db/import-rows.js';
import { startTestPostgres } from '../test-support/postgres.js';
import { seedWorld, ticketRow, T0 } from '../test-support/world.js';
import { signIn, TestDesk } from '../test-support/client.js';

async function bench(label: string, dbUrl: string) {
  const server = await createServer({ db: dbUrl });
  const world = await seedWorld(server.database);
  const logins = ['anna', 'ivan', 'pavel', 'olga'];
  const desks = await Promise.all(logins.map(async (l) => new TestDesk(server.url, await signIn(server.url, l))));
  const [first, second] = desks as [TestDesk, TestDesk, ...TestDesk[]];
  const mk = (d: TestDesk, n: number) =>
    Array.from({ length: n }, (_, i) =>
      d.mutation('comment.add', { id: randomUUID(), ticketId: world.ticket.id, body: `b${i}`, public: false }),
    );
  // 1 desk, batches of 100
  const muts = mk(first, 2000);
  let t = performance.now();
  for (let i = 0; i < muts.length; i += 100) await first.push(muts.slice(i, i + 100));
  let ms = performance.now() - t;
  console.log(`${label}: 1 desk, 2000 comment.add in batches of 100: ${((2000 / ms) * 1000).toFixed(0)} mutations/s`);
  // 4 desks concurrently, batches of 10 (desks 1..3 fresh, desk 0 continues)
  const all = desks.map((d) => mk(d, 500));
  t = performance.now();
  await Promise.all(
    desks.map(async (d, k) => {
      const m = all[k] ?? [];
      for (let i = 0; i < m.length; i += 10) await d.push(m.slice(i, i + 10));
    }),
  );
  ms = performance.now() - t;
  console.log(`${label}: 4 desks at once, 500 each in batches of 10: ${((2000 / ms) * 1000).toFixed(0)} mutations/s`);
  // single-mutation pushes (a desk's typical click)
  t = performance.now();
  for (let i = 0; i < 200; i++) await second.push(mk(second, 1));
  ms = performance.now() - t;
  console.log(`${label}: 200 single-mutation pushes in a row: ${(ms / 200).toFixed(2)} ms each`);
  // first sync of 100k tickets (+100k status log rows)
  const rows = [];
  for (let i = 0; i < 100_000; i++) {
    const tk = ticketRow(world.client, 1000 + i, {
      title: `Заявка номер ${i} про датчик топлива`,
      description: 'Не передаёт данные с утра, водитель на линии до 18:00.',
    });
    rows.push(
      { table: 'tickets' as const, row: tk },
      {
        table: 'ticket_status_log' as const,
        row: { id: randomUUID(), ticketId: tk.id, fromStatus: null, toStatus: 'new', at: T0, by: null },
      },
    );
  }
  t = performance.now();
  await importRows(server.database, rows);
  console.log(`${label}: import of 200k rows: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const fresh = new TestDesk(server.url, await signIn(server.url, 'admin'));
  t = performance.now();
  const pages = await fresh.pullAll(0);
  ms = performance.now() - t;
  const n = pages.reduce((s, p) => s + p.changes.length, 0);
  console.log(
    `${label}: first sync over HTTP, ${n} rows in ${pages.length} pages: ${(ms / 1000).toFixed(1)} s (${(ms / pages.length).toFixed(0)} ms/page)`,
  );
  await server.close();
}

await bench('sqlite', `sqlite:/tmp/bench-${Date.now()}.sqlite`);
const pg = await startTestPostgres({ durable: true });
try {
  await bench('postgres (fsync on)', await pg.createDatabase());
} finally {
  await pg.stop();
}
