import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { PositionBatch, ProviderStatus } from '../../core/map/position.js';
import { startFakeTelematics, type FakeTelematics } from './fake-telematics.js';
import { TraccarProvider } from './traccar-provider.js';

/** Recorded answers in the shapes of Traccar's OpenAPI (Device, Position) and its socket's messages. */
const DEVICES = [
  {
    id: 1,
    name: 'MAN 1234 AB-7',
    uniqueId: '356938035643809',
    status: 'online',
    disabled: false,
    lastUpdate: '2026-12-02T08:00:00Z',
    positionId: 11,
    groupId: 0,
    attributes: {},
  },
];
const position = (id: number, deviceId: number, lat: number, knots: number, fixTime: string) => ({
  id,
  deviceId,
  protocol: 'teltonika',
  deviceTime: fixTime,
  fixTime,
  serverTime: fixTime,
  outdated: false,
  valid: true,
  latitude: lat,
  longitude: 27.5618,
  altitude: 220,
  speed: knots,
  course: 90,
  address: null,
  accuracy: 0,
  network: null,
  attributes: { ignition: true, motion: knots > 0 },
});

let fake: FakeTelematics | null = null;
let provider: TraccarProvider | null = null;
afterEach(async () => {
  provider?.stop();
  await fake?.close();
  fake = provider = null;
});

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function collect(p: TraccarProvider) {
  const batches: PositionBatch[] = [];
  const statuses: ProviderStatus[] = [];
  p.onPositions((b) => batches.push(b));
  p.onStatus((s) => statuses.push(s));
  return { batches, statuses };
}

describe('Traccar provider', () => {
  it('reads devices and positions over REST, then follows the socket against the documented Traccar contract (fake server)', async () => {
    let socket: WebSocket | null = null;
    fake = await startFakeTelematics(
      (url, request) => {
        if (request.headers.authorization !== 'Bearer api-token') return { status: 401, json: {} };
        if (url.pathname === '/api/devices') return { json: DEVICES };
        if (url.pathname === '/api/positions') return { json: [position(11, 1, 53.9, 0, '2026-12-02T08:00:00Z')] };
        return { status: 404, json: {} };
      },
      (ws) => (socket = ws),
    );
    provider = new TraccarProvider({ baseUrl: fake.url, token: 'api-token' });
    const seen = collect(provider);
    provider.start();
    await until(() => socket !== null);
    expect(seen.batches[0]!.positions).toEqual([
      {
        objectId: '356938035643809',
        lat: 53.9,
        lon: 27.5618,
        at: Date.parse('2026-12-02T08:00:00Z'),
        speedKmh: 0,
        course: 90,
      },
    ]);
    const s = socket as unknown as WebSocket;
    s.send('{}');
    s.send(JSON.stringify({ devices: [{ ...DEVICES[0], id: 2, uniqueId: '356938035643810' }] }));
    s.send(JSON.stringify({ events: [{ id: 1, type: 'deviceMoving', deviceId: 1 }] }));
    s.send(
      JSON.stringify({
        positions: [position(12, 1, 53.91, 10, '2026-12-02T08:00:30Z'), position(13, 2, 54, 5, '2026-12-02T08:00:31Z')],
      }),
    );
    await until(() => seen.batches.length >= 2);
    expect(seen.batches[1]!.positions.map((p) => [p.objectId, p.speedKmh])).toEqual([
      ['356938035643809', 18.52],
      ['356938035643810', 9.26],
    ]);
    const upgrade = fake.requests.find((r) => r.pathname === '/api/socket')!;
    expect(upgrade.searchParams.get('token')).toBe('api-token');
    expect(seen.statuses.at(-1)).toMatchObject({ state: 'ok' });
  });

  it('a lost socket is "failing since", keeps the last positions, and reconnects through REST', async () => {
    let sockets = 0;
    fake = await startFakeTelematics(
      (url) => {
        if (url.pathname === '/api/devices') return { json: DEVICES };
        return { json: [position(11, 1, 53.9, 0, '2026-12-02T08:00:00Z')] };
      },
      (ws) => {
        sockets += 1;
        if (sockets === 1) setTimeout(() => ws.terminate(), 20);
      },
    );
    provider = new TraccarProvider({ baseUrl: fake.url, token: 't', retryMs: 30 });
    const seen = collect(provider);
    provider.start();
    await until(() => sockets >= 2);
    const failing = seen.statuses.find((s) => s.state === 'failing');
    expect(failing).toMatchObject({ state: 'failing', reason: expect.stringMatching(/socket closed/) });
    await until(() => seen.statuses.at(-1)?.state === 'ok');
    expect(fake.requests.filter((r) => r.pathname === '/api/positions')).toHaveLength(2);
  });

  it('a Traccar that times out or answers garbage is failing with the reason, and nothing is emitted', async () => {
    let round = 0;
    fake = await startFakeTelematics((url) => {
      if (url.pathname === '/api/devices') {
        round += 1;
        if (round === 1) return { json: DEVICES, delayMs: 1_000 };
        return { json: { not: 'a list' } };
      }
      return { json: [] };
    });
    provider = new TraccarProvider({ baseUrl: fake.url, token: 't', timeoutMs: 100, retryMs: 10 });
    const seen = collect(provider);
    provider.start();
    await until(() => seen.statuses.filter((s) => s.state === 'failing').length >= 2);
    const reasons = seen.statuses.flatMap((s) => (s.state === 'failing' ? [s.reason] : []));
    expect(reasons.slice(0, 2)).toEqual(['no answer in 100 ms', '/api/devices did not answer a list']);
    const since = seen.statuses.flatMap((s) => (s.state === 'failing' ? [s.since] : []));
    expect(since[1]).toBe(since[0]);
    expect(seen.batches).toEqual([]);
  });
});
