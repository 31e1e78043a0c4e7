/**
 * Push throughput (and, run as a script, paged first-sync time) on SQLite and on a throwaway PostgreSQL with
 * fsync on, one JSON object per figure. `npm run bench` runs the push part (PULT_BENCH=push);
 * `npx tsx server/bench/push-pull.ts [--push-only] [--backend=sqlite|postgres]` runs it alone.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../app.js';
import { hashPassword } from '../auth/passwords.js';
import { createUser } from '../auth/users.js';
import { importRows } from '../db/import-rows.js';
import { startTestPostgres } from '../test-support/postgres.js';
import { PASSWORD, seedWorld, ticketRow, T0 } from '../test-support/world.js';
import { signIn, TestDesk } from '../test-support/client.js';
import { report, round } from '../../bench/stats.js';
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';

/** Figures measured before a push became one transaction per request (4 desks, batches of 10). */
const PREVIOUS_4_DESKS: Readonly<Record<string, number>> = { sqlite: 478, postgres: 162 };

async function bench(label: string, dbUrl: string, pushOnly: boolean) {
  const backend = label.startsWith('postgres') ? 'postgres' : 'sqlite';
  const server = await createServer({ db: dbUrl, signInAttempts: 1000 });
  const world = await seedWorld(server.database);
  const passwordHash = await hashPassword(PASSWORD);
  const logins = ['anna', 'ivan', 'pavel', 'olga'];
  for (let i = logins.length; i < 20; i++) {
    const login = `desk${i}`;
    await createUser(server.database.db, {
      login,
      name: login,
      password: PASSWORD,
      passwordHash,
      roles: ['dispatcher'],
    });
    logins.push(login);
  }
  const desks: TestDesk[] = [];
  for (const l of logins) desks.push(new TestDesk(server.url, await signIn(server.url, l)));
  const [first, second] = desks as [TestDesk, TestDesk, ...TestDesk[]];
  const mk = (d: TestDesk, n: number) =>
    Array.from({ length: n }, (_, i) =>
      d.mutation('ticket:add-comment', { id: randomUUID(), ticketId: world.ticket.id, body: `b${i}`, public: false }),
    );
  const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
  // 1 desk, batches of 100
  const muts = mk(first, 2000);
  let t = performance.now();
  for (let i = 0; i < muts.length; i += 100) await first.push(muts.slice(i, i + 100));
  let ms = performance.now() - t;
  report({ metric: `sync.push.${backend}.1-desk-batch-100`, value: rate(2000, ms), unit: 'mutations/s' });
  // Several desks at once, batches of 10, 2000 mutations in all.
  for (const count of [4, 20]) {
    const group = desks.slice(0, count);
    const all = group.map((d) => mk(d, 2000 / count));
    t = performance.now();
    await Promise.all(
      group.map(async (d, k) => {
        const m = all[k] ?? [];
        for (let i = 0; i < m.length; i += 10) {
          const reply = await d.push(m.slice(i, i + 10));
          if (reply.status !== 200) throw new Error(`push: ${reply.status} ${JSON.stringify(reply.body)}`);
        }
      }),
    );
    ms = performance.now() - t;
    report({
      metric: `sync.push.${backend}.${count}-desks-batch-10`,
      value: rate(2000, ms),
      unit: 'mutations/s',
      ...(count === 4 ? { previous: PREVIOUS_4_DESKS[backend], target: `>= ${3 * PREVIOUS_4_DESKS[backend]!}` } : {}),
    });
  }
  // single-mutation pushes (a desk's typical click)
  t = performance.now();
  for (let i = 0; i < 200; i++) await second.push(mk(second, 1));
  ms = performance.now() - t;
  report({ metric: `sync.push.${backend}.single-mutation`, value: round(ms / 200, 2), unit: 'ms' });
  if (!pushOnly) await firstSync(label, server, world);
  await server.close();
}

async function firstSync(
  label: string,
  server: Awaited<ReturnType<typeof createServer>>,
  world: Awaited<ReturnType<typeof seedWorld>>,
) {
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
  let t = performance.now();
  await importRows(server.database, rows);
  report({
    metric: `sync.import-200k-rows.${label.split(' ')[0]}`,
    value: round((performance.now() - t) / 1000, 1),
    unit: 's',
  });
  const fresh = new TestDesk(server.url, await signIn(server.url, 'admin'));
  t = performance.now();
  const pages = await fresh.pullAll(0);
  const ms = performance.now() - t;
  const n = pages.reduce((s, p) => s + p.changes.length, 0);
  report({
    metric: `sync.first-sync-paged.${label.split(' ')[0]}`,
    value: round(ms / 1000, 1),
    unit: 's',
    rows: n,
    pages: pages.length,
  });
}

/** Push throughput on both backends (and the paged first sync unless `pushOnly`). */
export async function benchPush(options: Readonly<{ pushOnly: boolean; only?: string }>): Promise<void> {
  if (options.only !== 'postgres') {
    const file = join(tmpdir(), `pult-bench-${Date.now()}.sqlite`);
    try {
      await bench('sqlite', `sqlite:${file}`, options.pushOnly);
    } finally {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      rmSync(`${file}.snapshots`, { recursive: true, force: true });
    }
  }
  if (options.only !== 'sqlite') {
    const pg = await startTestPostgres({ durable: true });
    try {
      await bench('postgres (fsync on)', await pg.createDatabase(), options.pushOnly);
    } finally {
      await pg.stop();
    }
  }
}

const script = process.argv[1];
if (script && import.meta.url === pathToFileURL(realpathSync(script)).href) {
  await benchPush({
    pushOnly: process.argv.includes('--push-only'),
    only: process.argv.find((a) => a.startsWith('--backend='))?.slice('--backend='.length),
  });
}
