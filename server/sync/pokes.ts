import { sql } from 'kysely';
import pg from 'pg';
import type { WebSocket } from 'ws';
import { pgClientConfig } from '../db/connect.js';
import type { Db } from '../db/schema.js';
import type { LivePoke } from '../../core/sync-protocol.js';
import type { LiveRead } from './pull.js';

/**
 * Pokes (docs/sync.md, Poke). Each server instance pokes the desks connected to it; on PostgreSQL every instance
 * also LISTENs on `pult_poke`, so a push through one instance wakes the desks of all of them. Pokes are hints: a
 * lost one costs a desk at most its 30-second timer.
 *
 * A poke for a push this instance committed is live: it carries the push's rows, read once for all desks, so a
 * desk at the version before applies them without a pull (twenty desks otherwise ask the same question twenty
 * times). Rows go only to sockets whose session is still valid at that moment; a socket whose session ended
 * (signed out, password changed, user deactivated) is closed instead.
 */
export const POKE_CHANNEL = 'pult_poke';
const HEARTBEAT_MS = 30_000;

/** What changed in (from, upTo] (null: too much for a poke), and which of the given sessions are still valid. */
export type LiveReader = (from: number, upTo: number, sessions: readonly string[]) => Promise<LiveRead>;

export type PokeHub = Readonly<{
  /** Keeps a desk's socket (signed in with the session `tokenHash`) until it closes; it first hears `current`. */
  add(socket: WebSocket, current: number, tokenHash: string): void;
  /**
   * Tells every socket that `version` exists, unless a version at least as new was already told; with `from`
   * (the version before this instance's own push), also what changed: `read` when the push read it before its
   * commit, else read here. Pokes go out in the order they were given. The sockets of session `skip` (the
   * pushing desk: its push's answer carries the same rows, and a poke would only keep the server's thread
   * and that desk busy while the others wait for theirs) are not told.
   */
  poke(version: number, from?: number, read?: LiveRead | null, skip?: string): void;
  /** The sessions (token hashes) of the sockets connected now: whose validity a push reads with its rows. */
  sessions(): readonly string[];
  /** Resolves when every poke given so far has gone out (tests). */
  settled(): Promise<void>;
  readonly size: number;
  close(): void;
}>;

export function createPokeHub(readLive?: LiveReader, log: (message: string) => void = () => undefined): PokeHub {
  const sockets = new Map<WebSocket, string>();
  const alive = new WeakSet<WebSocket>();
  // Several pushes finishing together, and this instance's own NOTIFY coming back, would repeat versions.
  let told = 0;
  let queue: Promise<void> = Promise.resolve();
  const send = (socket: WebSocket, text: string) => {
    if (socket.readyState === socket.OPEN) socket.send(text);
  };

  async function deliver(
    version: number,
    from: number | undefined,
    read: LiveRead | null | undefined,
    skip: string | undefined,
  ): Promise<void> {
    if (version <= told) return;
    let live: LiveRead | null = read ?? null;
    if (!live && readLive && from !== undefined && from < version && sockets.size > 0) {
      try {
        live = await readLive(from, version, [...new Set(sockets.values())]);
      } catch (error) {
        // The plain poke still goes out: every desk pulls, as before live pokes.
        log(`live poke: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (version <= told) return;
    told = version;
    const plain = JSON.stringify({ version });
    const full =
      live?.delta && from !== undefined ? JSON.stringify({ version, from, ...live.delta } satisfies LivePoke) : plain;
    for (const [socket, tokenHash] of sockets) {
      if (tokenHash === skip) continue;
      // A socket that came after the sessions were read was not checked: it hears the version, not the rows.
      if (live && !live.checked.has(tokenHash)) send(socket, plain);
      else if (live && !live.live.has(tokenHash)) socket.close(1008, 'The session has ended');
      else send(socket, full);
    }
  }

  // A desk whose network vanished never sends a close; without a ping its socket would be kept forever.
  const heartbeat = setInterval(() => {
    for (const socket of sockets.keys()) {
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
    add(socket, current, tokenHash) {
      sockets.set(socket, tokenHash);
      alive.add(socket);
      socket.on('pong', () => alive.add(socket));
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.terminate());
      // The greeting does not count as told: a push committed just before it may still be on its way to the
      // other sockets.
      send(socket, JSON.stringify({ version: current }));
    },
    poke(version, from, read, skip) {
      queue = queue.then(() => deliver(version, from, read, skip));
    },
    sessions: () => [...new Set(sockets.values())],
    settled: () => queue,
    get size() {
      return sockets.size;
    },
    close() {
      clearInterval(heartbeat);
      for (const socket of sockets.keys()) socket.terminate();
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
