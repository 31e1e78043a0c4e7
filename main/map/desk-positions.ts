import type { Database } from 'better-sqlite3';
import WebSocket from 'ws';
import type { PultEvent } from '../../core/contract.js';
import { PositionStore, type Position, type ProviderStatus } from '../../core/map/position.js';
import { PositionSimulator, SimulatorProvider, type SimulatedObject } from '../../core/map/simulator.js';
import { assertNever } from '../../core/result.js';
import { POSITIONS_SOCKET_PATH, PositionStreamMessage } from '../../core/map/stream.js';

/**
 * Where a desk's live positions come from. A desk with a server listens to the server's position socket
 * (the credentials of Wialon or Traccar stay on the server); a desk without one (the demo, a standalone
 * office) runs the simulator itself over its vehicles with open tickets and its engineers. Either way the
 * window hears `positions` events, gathered every `flushMs` (each object once, with its newest fix).
 */
export type DeskPositions = Readonly<{
  snapshot(): Readonly<{ provider: string; positions: readonly Position[]; status: ProviderStatus }>;
  get(objectId: string): Position | undefined;
  /** Messages from the server's socket that were not a position message and were dropped (never fatal). */
  droppedMessages(): number;
  close(): void;
}>;

export type DeskPositionsOptions = Readonly<{
  db: Database;
  broadcast(event: PultEvent): void;
  /** A desk that syncs: its server and the session token to open the socket with. */
  server: Readonly<{ url: string; token(): string | null }> | null;
  seed?: number;
  /** The simulator's updates per second (the benchmark asks for 1,000). */
  updatesPerSecond?: number;
  flushMs?: number;
  retryMs?: number;
}>;

/** The objects the desk's own simulator drives: vehicles with open tickets, and active engineers. */
export function deskFleet(db: Database): readonly SimulatedObject[] {
  const vehicles = db
    .prepare(
      `SELECT DISTINCT v.id FROM vehicles v JOIN tickets t ON t.vehicle_id = v.id
       WHERE t.status_kind = 'open' ORDER BY v.id`,
    )
    .all() as { id: string }[];
  const engineers = db
    .prepare(`SELECT id FROM employees WHERE active = 1 AND roles LIKE '%"engineer"%' ORDER BY id`)
    .all() as { id: string }[];
  return [
    ...vehicles.map((v) => ({ objectId: v.id, kind: 'vehicle' as const })),
    ...engineers.map((e) => ({ objectId: e.id, kind: 'engineer' as const })),
  ];
}

export function createDeskPositions(options: DeskPositionsOptions): DeskPositions {
  const store = new PositionStore();
  let status: ProviderStatus = { state: 'starting' };
  let provider = options.server ? 'server' : 'simulator';
  let pending = new Map<string, Position>();
  let statusChanged = false;
  let closed = false;
  let dropped = 0;
  const take = (positions: readonly Position[]) => {
    for (const p of store.apply({ positions, dropped: {} })) pending.set(p.objectId, p);
  };
  const setStatus = (next: ProviderStatus) => {
    status = next;
    statusChanged = true;
  };

  // Nothing runs until the window first asks for positions (the map pane opens): a desk whose user never looks
  // at the map spends no timer, no socket and no simulator on it.
  let flush: NodeJS.Timeout | null = null;
  let stop: () => void = () => undefined;
  const start = () => {
    flush = setInterval(() => {
      if (pending.size === 0 && !statusChanged) return;
      const positions = [...pending.values()];
      pending = new Map();
      statusChanged = false;
      options.broadcast({ type: 'positions', positions, status });
    }, options.flushMs ?? 500);
    flush.unref();

    if (!options.server) {
      const simulator = new PositionSimulator(options.seed ?? 1, deskFleet(options.db), Date.now());
      const sim = new SimulatorProvider(
        simulator,
        {
          now: Date.now,
          every(ms, run) {
            const timer = setInterval(run, ms);
            timer.unref();
            return () => clearInterval(timer);
          },
        },
        { updatesPerSecond: options.updatesPerSecond ?? 200, tickMs: 250 },
      );
      sim.onPositions((batch) => take(batch.positions));
      sim.onStatus(setStatus);
      sim.start();
      stop = () => sim.stop();
    } else {
      const server = options.server;
      let socket: WebSocket | null = null;
      let retry: NodeJS.Timeout | null = null;
      let lastOkAt: number | null = null;
      const failing = (reason: string) => {
        const since = status.state === 'failing' ? status.since : Date.now();
        setStatus({ state: 'failing', reason, since, lastOkAt });
      };
      const again = () => {
        if (closed) return;
        retry = setTimeout(connect, options.retryMs ?? 5_000);
        retry.unref();
      };
      const connect = () => {
        const token = server.token();
        if (!token) {
          failing('not signed in to the server');
          again();
          return;
        }
        const url = new URL(POSITIONS_SOCKET_PATH, server.url);
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
        url.searchParams.set('token', token);
        const ws = new WebSocket(url);
        socket = ws;
        ws.on('unexpected-response', (_req, res) => {
          failing(
            res.statusCode === 404 ? 'the server follows no telematics' : `the server answered ${res.statusCode}`,
          );
          ws.terminate();
        });
        ws.on('error', () => undefined);
        ws.on('message', (data: Buffer) => {
          let message: PositionStreamMessage;
          try {
            message = PositionStreamMessage.parse(JSON.parse(data.toString())) as PositionStreamMessage;
          } catch {
            dropped += 1;
            return;
          }
          switch (message.kind) {
            case 'snapshot':
              provider = message.provider;
              take(message.positions);
              setStatus(message.status);
              break;
            case 'positions':
              take(message.positions);
              break;
            case 'status':
              setStatus(message.status);
              break;
            default:
              assertNever(message, 'position message');
          }
          if (status.state === 'ok') lastOkAt = status.lastOkAt;
        });
        ws.on('close', () => {
          if (socket !== ws) return;
          socket = null;
          if (status.state !== 'failing') failing('the position stream from the server was cut');
          again();
        });
      };
      connect();
      stop = () => {
        if (retry) clearTimeout(retry);
        socket?.terminate();
        socket = null;
      };
    }
  };
  let started = false;
  const ensureStarted = () => {
    if (started || closed) return;
    started = true;
    start();
  };

  return {
    snapshot: () => {
      ensureStarted();
      return { provider, positions: store.all(), status };
    },
    get: (objectId) => {
      ensureStarted();
      return store.get(objectId);
    },
    droppedMessages: () => dropped,
    close() {
      closed = true;
      if (flush) clearInterval(flush);
      stop();
    },
  };
}
