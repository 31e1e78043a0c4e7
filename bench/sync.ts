import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestPostgres } from '../server/test-support/postgres.js';
import { percentile, report, round } from './stats.js';

/**
 * Sync (issue 3): desks are separate Node processes running the real workstation core (sync client + its
 * own SQLite replica) against one server process over loopback. Latency is from the moment desk A's user
 * acts to the change being in desk B's replica (B's change event), in wall-clock time across processes.
 */
const TSX = resolve('node_modules/tsx/dist/cli.mjs');
const ADMIN_PASSWORD = 'bench-admin-password';
const USER_PASSWORD = 'bench-password';
const FIRST_SYNC_TICKETS = Number(process.env.PULT_BENCH_SYNC_TICKETS ?? 100_000);

const dir = mkdtempSync(join(tmpdir(), 'pult-bench-sync-'));

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

type ServerProcess = Readonly<{ url: string; stop(): Promise<void> }>;

async function startServer(db: string, demoTickets: number): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [TSX, 'server/cli.ts', '--db', db, '--port', String(port), '--demo', '--tickets', String(demoTickets)],
    {
      env: { ...process.env, PULT_ADMIN_PASSWORD: ADMIN_PASSWORD },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise((r) => {
        child.once('exit', () => r());
        child.kill('SIGTERM');
      }),
  };
}

async function createUsers(url: string, count: number): Promise<string[]> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password: ADMIN_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const logins: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `bench${i}-${Date.now()}`;
    const r = await fetch(`${url}/api/admin/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ login: name, name: `Bench ${i}`, password: USER_PASSWORD, roles: ['dispatcher'] }),
    });
    if (!r.ok) throw new Error(`creating a user: ${r.status} ${await r.text()}`);
    logins.push(name);
  }
  return logins;
}

type Desk = Readonly<{
  child: ChildProcess;
  ready: Promise<{ firstSyncMs: number; rowsAppliedMs: number | null }>;
  index: number;
}>;

function startDesk(
  url: string,
  login: string,
  index: number,
  onMessage: (desk: number, m: Record<string, unknown>) => void,
  paged = false,
): Desk {
  const config = {
    serverUrl: url,
    login,
    password: USER_PASSWORD,
    dataFile: join(dir, `desk-${login}.sqlite`),
    paged,
  };
  const child = fork(resolve('bench/desk-process.ts'), [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = new Promise<{ firstSyncMs: number; rowsAppliedMs: number | null }>((resolveReady, reject) => {
    child.on('message', (m: Record<string, unknown>) => {
      if (m.type === 'ready') resolveReady(m as never);
      else if (m.type === 'error') reject(new Error(String(m.message)));
      else onMessage(index, m);
    });
    child.once('exit', (code) => reject(new Error(`desk ${index} exited with ${code}`)));
  });
  return { child, ready, index };
}

function ask<T>(desk: Desk, message: object, answer: string): Promise<T> {
  return new Promise((r) => {
    const listener = (m: Record<string, unknown>) => {
      if (m.type === answer) {
        desk.child.off('message', listener);
        r(m as T);
      }
    };
    desk.child.on('message', listener);
    desk.child.send(message);
  });
}

async function stopDesks(desks: readonly Desk[]): Promise<number[]> {
  return Promise.all(
    desks.map((d) => ask<{ maxRssMiB: number }>(d, { type: 'stop' }, 'stopped').then((m) => m.maxRssMiB)),
  );
}

/** `writes` changes, each at a random desk, one every `intervalMs`; latency to every other desk. */
async function latency(url: string, deskCount: number, writes: number, intervalMs: number): Promise<number[]> {
  const logins = await createUsers(url, deskCount);
  const written = new Map<string, number>();
  const seen: number[] = [];
  const pending = new Map<string, number>();
  const desks = logins.map((login, i) =>
    startDesk(url, login, i, (_desk, m) => {
      if (m.type === 'wrote') written.set(String(m.body), Number(m.at));
      if (m.type === 'seen') {
        for (const body of m.bodies as string[]) {
          const at = written.get(body);
          if (at !== undefined) seen.push(Number(m.at) - at);
          pending.set(body, (pending.get(body) ?? 1) - 1);
        }
      }
    }),
  );
  await Promise.all(desks.map((d) => d.ready));
  await new Promise((r) => setTimeout(r, 500)); // let every poke socket settle
  for (let i = 0; i < writes; i++) {
    const writer = desks[i % deskCount]!;
    const body = `bench:${deskCount}:${i}`;
    pending.set(body, deskCount - 1);
    writer.child.send({ type: 'write', body });
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const deadline = Date.now() + 30_000;
  while ([...pending.values()].some((n) => n > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await stopDesks(desks);
  return seen;
}

async function flood(url: string, deskCount: number, perDesk: number): Promise<number> {
  const logins = await createUsers(url, deskCount);
  const desks = logins.map((login, i) => startDesk(url, login, i, () => undefined));
  await Promise.all(desks.map((d) => d.ready));
  const t0 = performance.now();
  await Promise.all(desks.map((d) => ask(d, { type: 'flood', count: perDesk }, 'flooded')));
  const seconds = (performance.now() - t0) / 1000;
  await stopDesks(desks);
  return (deskCount * perDesk) / seconds;
}

/** The floor: the same change through a plain HTTP POST, then read back with a GET. */
async function plainHttpRoundTrip(runs: number): Promise<number[]> {
  let value = '';
  const server = createHttpServer((req, res) => {
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        value = body;
        res.end('{}');
      });
    } else res.end(JSON.stringify({ value }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v`;
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fetch(url, { method: 'POST', body: JSON.stringify({ body: `bench:${i}` }) }).then((r) => r.text());
    await fetch(url).then((r) => r.json());
    out.push(performance.now() - t0);
  }
  server.close();
  return out;
}

function reportLatency(metric: string, samples: number[], target: string): void {
  report({
    metric: `${metric}.p95`,
    value: round(percentile(samples, 95), 1),
    unit: 'ms',
    target,
    p50: round(percentile(samples, 50), 1),
    samples: samples.length,
  });
}

/** Polls the server's health until its snapshot for empty desks is ready; how long that took, in ms. */
async function waitForSnapshot(url: string, since: number): Promise<number> {
  for (;;) {
    const health = (await (await fetch(`${url}/api/health`)).json()) as { snapshotVersion?: number | null };
    if (health.snapshotVersion !== null && health.snapshotVersion !== undefined) return performance.now() - since;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function firstSync(url: string, paged: boolean): Promise<{ ms: number; appliedMs: number | null; rss: number }> {
  const [login] = await createUsers(url, 1);
  const desk = startDesk(url, login!, 0, () => undefined, paged);
  const ready = await desk.ready;
  const [rss] = await stopDesks([desk]);
  return { ms: ready.firstSyncMs, appliedMs: ready.rowsAppliedMs, rss: rss ?? 0 };
}

/** Sustained pushes from 4 desks, 250 changes each, against the server at `url`. */
async function reportFlood(backend: string, url: string): Promise<void> {
  const desks = 4;
  report({
    metric: `sync.pushes-per-second.${backend}`,
    value: round(await flood(url, desks, 250), 0),
    unit: 'mutations/s',
    desks,
  });
}

/** Parts of this benchmark: PULT_BENCH_SYNC=latency,flood,first (default: all). */
const PARTS = new Set((process.env.PULT_BENCH_SYNC ?? 'latency,flood,first').split(','));

export async function benchSync(): Promise<void> {
  const floor = await plainHttpRoundTrip(200);
  reportLatency('sync.floor.plain-http-post-get', floor, 'the floor');

  const small = await startServer(`sqlite:${join(dir, 'server.sqlite')}`, 300);
  try {
    if (PARTS.has('latency')) {
      reportLatency('sync.latency.2-desks', await latency(small.url, 2, 150, 40), '< 20 ms');
      reportLatency('sync.latency.20-desks', await latency(small.url, 20, 100, 100), '< 150 ms');
    }
    if (PARTS.has('flood')) await reportFlood('sqlite', small.url);
  } finally {
    await small.stop();
  }

  if (PARTS.has('flood')) {
    const postgres = await startTestPostgres({ durable: true });
    try {
      const pgServer = await startServer(await postgres.createDatabase(), 300);
      try {
        await reportFlood('postgres', pgServer.url);
      } finally {
        await pgServer.stop();
      }
    } finally {
      await postgres.stop();
    }
  }

  if (!PARTS.has('first')) return;
  const big = await startServer(`sqlite:${join(dir, 'server-100k.sqlite')}`, FIRST_SYNC_TICKETS);
  try {
    // The server builds its snapshot in the background once it is up; a desk that signs in before that
    // pulls page by page. Measured apart: how long the build takes, then a desk's first sync from it.
    const buildMs = await waitForSnapshot(big.url, performance.now());
    report({ metric: `sync.snapshot-build.${FIRST_SYNC_TICKETS}-tickets`, value: round(buildMs, 0), unit: 'ms' });
    const fromSnapshot = await firstSync(big.url, false);
    report({
      metric: `sync.first-sync.${FIRST_SYNC_TICKETS}-tickets`,
      value: round(fromSnapshot.ms, 0),
      unit: 'ms',
      target: '< 6000 ms',
      from: 'snapshot',
      client_peak_rss_mib: round(fromSnapshot.rss, 0),
      rss_target: '< 200 MiB',
    });
    const paged = await firstSync(big.url, true);
    report({
      metric: `sync.first-sync.${FIRST_SYNC_TICKETS}-tickets.paged`,
      value: round(paged.ms, 0),
      unit: 'ms',
      from: 'pages (the baseline: a server without a snapshot)',
      rows_applied_ms: paged.appliedMs === null ? null : round(paged.appliedMs, 0),
      client_peak_rss_mib: round(paged.rss, 0),
      ratio: round(paged.ms / fromSnapshot.ms, 1),
    });
  } finally {
    await big.stop();
  }
}
