import type WebSocket from 'ws';
import { PositionStore, type Position, type PositionProvider, type ProviderStatus } from '../../core/map/position.js';
import type { PositionStreamMessage } from '../../core/map/stream.js';

export type PositionHub = Readonly<{
  add(socket: WebSocket): void;
  readonly size: number;
  close(): void;
}>;

/**
 * Runs the company's position provider on the server and streams what it reports to the desks on their own
 * socket. Changes are gathered and sent every `flushMs` (one message per socket, each object once with its
 * newest fix), so 1,000 updates a second cost a desk a few messages, not a thousand. A socket that cannot
 * keep up (too much unsent) is closed; the desk reconnects and starts from a snapshot.
 */
export function createPositionHub(
  provider: PositionProvider,
  providerName: string,
  options: Readonly<{ flushMs?: number; maxBufferedBytes?: number }> = {},
): PositionHub {
  const store = new PositionStore();
  const sockets = new Set<WebSocket>();
  let status: ProviderStatus = { state: 'starting' };
  // Each fix the store takes is numbered, so a socket that joined between two flushes (its snapshot already
  // holds what was pending then) is sent only the fixes that came after its snapshot.
  let taken = 0;
  let pending = new Map<string, Readonly<{ position: Position; n: number }>>();
  const joinedAt = new WeakMap<WebSocket, number>();
  const maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;

  const send = (socket: WebSocket, message: PositionStreamMessage) => {
    if (socket.bufferedAmount > maxBuffered) {
      socket.close(1013, 'Too slow for the position stream');
      return;
    }
    socket.send(JSON.stringify(message));
  };

  const offPositions = provider.onPositions((batch) => {
    for (const p of store.apply(batch)) pending.set(p.objectId, { position: p, n: ++taken });
  });
  const offStatus = provider.onStatus((next) => {
    status = next;
    for (const socket of sockets) send(socket, { kind: 'status', status });
  });
  const timer = setInterval(() => {
    if (pending.size === 0) return;
    const fixes = [...pending.values()];
    pending = new Map();
    const all = fixes.map((f) => f.position);
    for (const socket of sockets) {
      const since = joinedAt.get(socket);
      joinedAt.delete(socket);
      const positions = since === undefined ? all : fixes.filter((f) => f.n > since).map((f) => f.position);
      if (positions.length > 0) send(socket, { kind: 'positions', positions });
    }
  }, options.flushMs ?? 250);
  provider.start();

  return {
    add(socket) {
      sockets.add(socket);
      joinedAt.set(socket, taken);
      socket.on('close', () => sockets.delete(socket));
      send(socket, { kind: 'snapshot', provider: providerName, positions: store.all(), status });
    },
    get size() {
      return sockets.size;
    },
    close() {
      clearInterval(timer);
      offPositions();
      offStatus();
      provider.stop();
      for (const socket of sockets) socket.close(1001, 'The server is stopping');
      sockets.clear();
    },
  };
}
