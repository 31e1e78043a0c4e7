import { sql } from 'kysely';
import pg from 'pg';
import type { WebSocket } from 'ws';
import { pgClientConfig } from '../db/connect.js';
import type { Db } from '../db/schema.js';

/**
 * Pokes: "version N exists", never data (docs/sync.md, Poke). Each server instance pokes the desks connected
 * to it; on PostgreSQL every instance also LISTENs on `pult_poke`, so a push through one instance wakes the
 * desks of all of them. Pokes are hints: a lost one costs a desk at most its 30-second timer.
 */
export const POKE_CHANNEL = 'pult_poke';
const HEARTBEAT_MS = 30_000;

export type PokeHub = Readonly<{
  /** Keeps a desk's socket until it closes; it first hears the current version. */
  add(socket: WebSocket, current: number): void;
  /** Tells every socket that `version` exists, unless a version at least as new was already told. */
  poke(version: number): void;
  readonly size: number;
  close(): void;
}>;

export function createPokeHub(): PokeHub {
  const sockets = new Set<WebSocket>();
  const alive = new WeakSet<WebSocket>();
  // Several pushes finishing together, and this instance's own NOTIFY coming back, would repeat versions.
  let told = 0;
  const send = (socket: WebSocket, version: number) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ version }));
  };
  // A desk whose network vanished never sends a close; without a ping its socket would be kept forever.
  const heartbeat = setInterval(() => {
    for (const socket of sockets) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    add(socket, current) {
      sockets.add(socket);
      alive.add(socket);
      socket.on('pong', () => alive.add(socket));
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.terminate());
      told = Math.max(told, current);
      send(socket, current);
    },
    poke(version) {
      if (version <= told) return;
      told = version;
      for (const socket of sockets) send(socket, version);
    },
    get size() {
      return sockets.size;
    },
    close() {
      clearInterval(heartbeat);
      for (const socket of sockets) socket.terminate();
      sockets.clear();
    },
  };
}

/** Tells the other instances (and, harmlessly, this one) that `version` exists. */
export async function notifyVersion(db: Db, version: number): Promise<void> {
  await sql`select pg_notify(${POKE_CHANNEL}, ${String(version)})`.execute(db);
}

export type PokeListener = Readonly<{ ready: Promise<void>; close(): Promise<void> }>;

/**
 * A dedicated connection that LISTENs (a pooled one cannot: LISTEN belongs to a session). When it drops it
 * reconnects with backoff, then pokes with the current version, since notifications sent while it was away
 * are gone.
 */
export function listenForPokes(
  connectionString: string,
  onVersion: (version: number) => void,
  log: (message: string) => void,
): PokeListener {
  let client: pg.Client | null = null;
  let closed = false;
  let delay = 250;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const c = new pg.Client(pgClientConfig(connectionString));
    client = c;
    c.on('notification', (message) => {
      const version = Number(message.payload);
      if (message.channel === POKE_CHANNEL && Number.isSafeInteger(version)) onVersion(version);
    });
    c.on('error', (error) => {
      log(`poke listener: ${error.message}`);
      retry(c);
    });
    c.on('end', () => retry(c));
    await c.connect();
    await c.query(`LISTEN ${POKE_CHANNEL}`);
    const { rows } = await c.query<{ version: number }>('select version from server_version where id = 1');
    delay = 250;
    if (rows[0]) onVersion(rows[0].version);
  };

  const retry = (c: pg.Client) => {
    if (closed || client !== c || timer) return;
    client = null;
    c.end().catch(() => undefined);
    timer = setTimeout(() => {
      timer = null;
      connect().catch((error: unknown) => {
        log(`poke listener: ${error instanceof Error ? error.message : String(error)}`);
        if (client) retry(client);
      });
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, 10_000);
  };

  const ready = connect();
  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
