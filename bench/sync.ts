import Database from 'better-sqlite3';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { bundledScript } from './bundle.js';
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SYNC_SCHEMA_VERSION } from '../core/sync-protocol.js';
import { buildSnapshotFile } from '../replica/snapshot.js';
import { createServer } from '../server/app.js';
import { rowsUpTo } from '../server/sync/snapshots.js';
import { startTestPostgres } from '../server/test-support/postgres.js';
import { createLatencyMeter } from './latency-meter.js';
import { relayFloor } from './relay-floor.js';
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
/** The same measurement with the build on the server's thread (build-before), on the shared 2-core machine. */
const PREVIOUS_LOOP_P99 = 198;
const PREVIOUS_ROUND_TRIP_P99 = 550;

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
  // execArgv empty: fork would otherwise hand the desk this process's own tsx loader flags.
  const child = fork(bundledScript('bench/desk-process.ts'), [JSON.stringify(config)], {
    execArgv: [],
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

/**
 * Desks sign in a few at a time: the server lets only a handful of password checks wait per address
 * (server/auth/kdf-gate.ts), and every bench desk comes from 127.0.0.1.
 */
async function startInTurn(logins: readonly string[], start: (login: string, index: number) => Desk): Promise<Desk[]> {
  const desks: Desk[] = [];
  for (let i = 0; i < logins.length; i += 4) {
    const batch = logins.slice(i, i + 4).map((login, k) => start(login, i + k));
    await Promise.all(batch.map((d) => d.ready));
    desks.push(...batch);
  }
  return desks;
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

/** `writes` changes, taking turns at the desks, one every `intervalMs`; latency to every other desk. */
async function latency(url: string, deskCount: number, writes: number, intervalMs: number): Promise<number[]> {
  const logins = await createUsers(url, deskCount);
  const meter = createLatencyMeter('sync');
  const desks = await startInTurn(logins, (login, i) => startDesk(url, login, i, (_desk, m) => meter.hear(m)));
  const seen = await meter.drive(
    desks.map((d) => ({ send: (m: object) => d.child.send(m) })),
    writes,
    intervalMs,
  );
  await stopDesks(desks);
  return seen;
}

async function flood(url: string, deskCount: number, perDesk: number): Promise<number> {
  const logins = await createUsers(url, deskCount);
  const desks = await startInTurn(logins, (login, i) => startDesk(url, login, i, () => undefined));
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

function reportLatency(
  metric: string,
  samples: number[],
  target: string,
  previous?: number,
  beside: Record<string, number> = {},
): void {
  report({
    metric: `${metric}.p95`,
    value: round(percentile(samples, 95), 1),
    unit: 'ms',
    target,
    ...(previous === undefined ? {} : { previous }),
    p50: round(percentile(samples, 50), 1),
    samples: samples.length,
    ...beside,
  });
}

/** The snapshot the server keeps in `snapshotDir` (its .json description). */
function snapshotOnDisk(snapshotDir: string): { bytes: number; brotliBytes: number } {
  const names = readdirSync(snapshotDir).filter((f) => /^snapshot-\d+\.json$/.test(f));
  if (names.length !== 1) throw new Error(`expected one snapshot in ${snapshotDir}, found ${names.length}`);
  return JSON.parse(readFileSync(join(snapshotDir, names[0]!), 'utf8')) as { bytes: number; brotliBytes: number };
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

/** One desk's push of a comment and the pull that follows it, over HTTP, as a desk makes them. */
async function roundTripper(url: string, ticketId: string): Promise<() => Promise<number>> {
  const [login] = await createUsers(url, 1);
  const signIn = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: USER_PASSWORD }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const deskId = randomUUID();
  let mutationId = 0;
  let cursor = 0;
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as Record<string, unknown>;
  };
  const health = (await (await fetch(`${url}/api/health`)).json()) as { version: number };
  cursor = health.version;
  return async () => {
    const t0 = performance.now();
    mutationId += 1;
    await post('/api/sync/push', {
      deskId,
      schemaVersion: SYNC_SCHEMA_VERSION,
      mutations: [
        {
          id: mutationId,
          name: 'ticket:add-comment',
          args: { id: randomUUID(), ticketId, body: `build ${mutationId}` },
          createdAt: Date.now(),
        },
      ],
    });
    for (let page: unknown = null; ;) {
      const pulled = await post('/api/sync/pull', { deskId, schemaVersion: SYNC_SCHEMA_VERSION, cursor, page });
      page = pulled.page;
      if (page === null) {
        cursor = Number(pulled.cursor);
        break;
      }
    }
    return performance.now() - t0;
  };
}

type BuildUnderLoad = Readonly<{ buildMs: number; loopP99: number; loopMax: number; roundTrips: number[] }>;

/**
 * A snapshot build of the server database at `file`, run by a server in this process while a desk pushes
 * and pulls every 100 ms: how long the build takes, how late the server's event loop ran meanwhile
 * (monitorEventLoopDelay) and how long the desk's round trips took. `where`: 'worker' is the server's own
 * build (snapshot-builder.ts); 'thread' is how it was built before, on the server's thread between requests.
 */
export async function buildUnderLoad(file: string, where: 'worker' | 'thread'): Promise<BuildUnderLoad> {
  const snapshotDir = join(dir, `snapshots-${where}`);
  rmSync(snapshotDir, { recursive: true, force: true });
  mkdirSync(snapshotDir, { recursive: true });
  const reader = new Database(file, { readonly: true });
  const ticketId = (reader.prepare('SELECT id FROM tickets LIMIT 1').get() as { id: string }).id;
  reader.close();
  // The build starts when the server does; the desk signs in meanwhile (a second or so of the build).
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t0 = performance.now();
  const server = await createServer({
    db: `sqlite:${file}`,
    snapshots: where === 'worker' ? { dir: snapshotDir, minRows: 0 } : false,
  });
  const built =
    where === 'worker'
      ? (server.snapshots?.ready() ?? Promise.resolve())
      : (async () => {
          const { version } = (await (await fetch(`${server.url}/api/health`)).json()) as { version: number };
          const path = join(snapshotDir, 'snapshot.sqlite');
          await buildSnapshotFile(path, rowsUpTo(server.database, version), undefined, 500);
          const hash = createHash('sha256');
          for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
          hash.digest('hex');
        })();
  let done = false;
  const finished = built.then(() => {
    done = true;
    return performance.now() - t0;
  });
  const roundTrips: number[] = [];
  try {
    const roundTrip = await roundTripper(server.url, ticketId);
    while (!done) {
      roundTrips.push(await roundTrip());
      await new Promise((r) => setTimeout(r, 100));
    }
    const buildMs = await finished;
    loop.disable();
    return { buildMs, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6, roundTrips };
  } finally {
    await finished.catch(() => undefined);
    await server.close();
    rmSync(snapshotDir, { recursive: true, force: true });
  }
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
      // Beside the goal, floors with the same three processes and hops as two desks and their server: what the
      // machine costs, and with the commits a change cannot go without (bench/relay-floor.ts).
      const relay = await relayFloor(false, 150, 40);
      reportLatency('sync.floor.relay-3-processes', relay, 'beside the goal: the same hops, none of Pult');
      const durable = await relayFloor(true, 150, 40);
      reportLatency('sync.floor.relay-3-processes-durable', durable, 'beside the goal: the same hops and commits');
      // The goals: two desks within 3× the plain-HTTP floor of this run; twenty under 50 ms at 20 writes/s
      // (reported at 10 writes/s too, the earlier load, for comparison).
      const within = round(3 * percentile(floor, 95), 1);
      const twoDesks = await latency(small.url, 2, 150, 40);
      // `previous`: p95 on a quiet machine, desks run through tsx (before the bundled desk process).
      reportLatency('sync.latency.2-desks', twoDesks, `< ${within} ms (3× floor p95)`, 15.3, {
        x_floor: round(percentile(twoDesks, 95) / percentile(floor, 95), 1),
        x_relay_durable: round(percentile(twoDesks, 95) / percentile(durable, 95), 1),
      });
      reportLatency('sync.latency.20-desks-10wps', await latency(small.url, 20, 100, 100), 'earlier load', 62.8);
      reportLatency('sync.latency.20-desks-20wps', await latency(small.url, 20, 200, 50), '< 50 ms', 61.9);
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
  const bigFile = join(dir, 'server-100k.sqlite');
  const big = await startServer(`sqlite:${bigFile}`, FIRST_SYNC_TICKETS);
  const n = FIRST_SYNC_TICKETS;
  try {
    // The server builds its snapshot in the background once it is up; a desk that signs in before that
    // pulls page by page. Measured apart: how long the build takes, then a desk's first sync from it.
    const buildMs = await waitForSnapshot(big.url, performance.now());
    report({
      metric: `sync.snapshot-build.${n}-tickets`,
      value: round(buildMs, 0),
      unit: 'ms',
      where: 'worker thread, brotli copy included',
      previous: '34000–43000 (on the server thread)',
    });
    const kept = snapshotOnDisk(`${bigFile}.snapshots`);
    const wireMB = kept.brotliBytes / 1e6;
    // What a desk on an office line waits for the download alone (payload only, no protocol overhead).
    const seconds = (mbit: number) => round((kept.brotliBytes * 8) / (mbit * 1e6), 0);
    report({
      metric: 'sync.snapshot-bytes-wire',
      value: round(wireMB, 1),
      unit: 'MB',
      target: '< 125 MB (at most a third of the file)',
      previous: 368,
      file_mb: round(kept.bytes / 1e6, 1),
      encoding: 'br',
      tickets: n,
      seconds_at_10_mbit: seconds(10),
      seconds_at_50_mbit: seconds(50),
    });
    const fromSnapshot = await firstSync(big.url, false);
    report({
      metric: `sync.first-sync.${n}-tickets`,
      value: round(fromSnapshot.ms, 0),
      unit: 'ms',
      target: '< 10000 ms',
      previous: 2800,
      from: 'snapshot (loopback)',
    });
    report({
      metric: `sync.first-sync.${n}-tickets.peak-rss`,
      value: round(fromSnapshot.rss, 0),
      unit: 'MiB',
      target: '< 200 MiB',
      previous: 224,
      from: 'snapshot, the desk in a process of its own (bundled JavaScript, as the app runs it)',
    });
    const paged = await firstSync(big.url, true);
    report({
      metric: `sync.first-sync.${n}-tickets.paged`,
      value: round(paged.ms, 0),
      unit: 'ms',
      from: 'pages (the baseline: a server without a snapshot)',
      rows_applied_ms: paged.appliedMs === null ? null : round(paged.appliedMs, 0),
      ratio: round(paged.ms / fromSnapshot.ms, 1),
    });
    report({
      metric: `sync.first-sync.${n}-tickets.paged.peak-rss`,
      value: round(paged.rss, 0),
      unit: 'MiB',
      previous: 356,
      from: 'pages, the desk in a process of its own',
    });
  } finally {
    await big.stop();
  }

  // The server's responsiveness while it builds: the same database, a server in this process, a desk
  // pushing and pulling every 100 ms. PULT_BENCH_SYNC=…,build-before also measures the old in-thread build.
  const wheres = PARTS.has('build-before') ? (['thread', 'worker'] as const) : (['worker'] as const);
  for (const where of wheres) {
    const load = await buildUnderLoad(bigFile, where);
    report({
      metric: `sync.snapshot-build.event-loop-p99${where === 'thread' ? '.before' : ''}`,
      value: round(load.loopP99, 1),
      unit: 'ms',
      target: '< 50 ms',
      previous: PREVIOUS_LOOP_P99,
      max_ms: round(load.loopMax, 1),
      build_ms: round(load.buildMs, 0),
      where,
    });
    report({
      metric: `sync.snapshot-build.round-trip-p99${where === 'thread' ? '.before' : ''}`,
      value: round(percentile(load.roundTrips, 99), 1),
      unit: 'ms',
      target: '< 100 ms',
      previous: PREVIOUS_ROUND_TRIP_P99,
      p50: round(percentile(load.roundTrips, 50), 1),
      samples: load.roundTrips.length,
      what: 'push of one change + pull, during the build',
      where,
    });
  }
}
