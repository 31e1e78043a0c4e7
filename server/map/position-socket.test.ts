import { describe, expect, onTestFinished, test } from 'vitest';
import WebSocket from 'ws';
import type { PositionBatch, PositionProvider, ProviderStatus } from '../../core/map/position.js';
import { PositionStreamMessage, POSITIONS_SOCKET_PATH } from '../../core/map/stream.js';
import { startTestServer, testDatabases } from '../test-support/backends.js';
import { openPoke, signIn } from '../test-support/client.js';

/**
 * The server streams positions on a socket of their own, signed in like the poke socket, and they never
 * become synced data: the poke socket hears nothing when a vehicle moves.
 */
const databases = testDatabases();

class HandProvider implements PositionProvider {
  positions = new Set<(b: PositionBatch) => void>();
  statuses = new Set<(s: ProviderStatus) => void>();
  started = false;
  start() {
    this.started = true;
  }
  stop() {
    this.started = false;
  }
  onPositions(l: (b: PositionBatch) => void) {
    this.positions.add(l);
    return () => this.positions.delete(l);
  }
  onStatus(l: (s: ProviderStatus) => void) {
    this.statuses.add(l);
    return () => this.statuses.delete(l);
  }
  emit(b: PositionBatch) {
    for (const l of this.positions) l(b);
  }
  status(s: ProviderStatus) {
    for (const l of this.statuses) l(s);
  }
}

function openPositions(url: string, token: string | undefined) {
  const socket = new WebSocket(
    `${url.replace(/^http/, 'ws')}${POSITIONS_SOCKET_PATH}${token === undefined ? '' : `?token=${token}`}`,
  );
  const messages: PositionStreamMessage[] = [];
  socket.on('message', (data: Buffer) => messages.push(PositionStreamMessage.parse(JSON.parse(data.toString()))));
  onTestFinished(() => socket.close());
  return { socket, messages };
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const at = (objectId: string, t: number) => ({ objectId, lat: 53.9, lon: 27.56, at: t, speedKmh: 10, course: 5 });

describe('position socket', () => {
  test('a signed-in desk gets a snapshot, then changes and status, on its own channel apart from the pokes', async () => {
    const provider = new HandProvider();
    const { url } = await startTestServer(databases, 'sqlite', {
      positions: async () => ({ name: 'test', provider }),
    });
    expect(provider.started).toBe(true);
    provider.emit({ positions: [at('v1', 1000)], dropped: {} });
    const token = await signIn(url, 'anna');
    const poke = await openPoke(url, token);
    onTestFinished(() => poke.close());
    const desk = openPositions(url, token);
    await until(() => desk.messages.length >= 1);
    expect(desk.messages[0]).toEqual({
      kind: 'snapshot',
      provider: 'test',
      positions: [at('v1', 1000)],
      status: { state: 'starting' },
    });
    provider.emit({ positions: [at('v1', 2000), at('v2', 2000)], dropped: {} });
    provider.status({ state: 'failing', reason: 'HTTP 502', since: 3000, lastOkAt: 2000 });
    await until(() => desk.messages.length >= 3);
    expect(desk.messages.slice(1)).toEqual(
      expect.arrayContaining([
        { kind: 'positions', positions: [at('v1', 2000), at('v2', 2000)] },
        { kind: 'status', status: { state: 'failing', reason: 'HTTP 502', since: 3000, lastOkAt: 2000 } },
      ]),
    );
    await new Promise((r) => setTimeout(r, 300));
    // Positions are not synced rows: the poke socket heard only its greeting.
    expect(poke.messages).toHaveLength(1);
  });

  test('a desk without a session is refused before the upgrade', async () => {
    const { url } = await startTestServer(databases, 'sqlite', {
      positions: async () => ({ name: 'test', provider: new HandProvider() }),
    });
    for (const token of [undefined, 'not-a-token']) {
      const status = await new Promise<number>((resolve, reject) => {
        const { socket } = openPositions(url, token);
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => resolve(101));
        socket.on('error', reject);
      });
      expect(status).toBe(401);
    }
  });
});
