import { afterEach, describe, expect, it } from 'vitest';
import type { PositionBatch, ProviderStatus } from '../../core/map/position.js';
import { startFakeTelematics, type FakeTelematics } from './fake-telematics.js';
import { WialonProvider } from './wialon-provider.js';

/** Recorded answers in the Wialon Remote API's documented shapes. */
const LOGIN = { eid: 'b6e5c2f0a1', user: { nm: 'pult', id: 1 }, tm: 1764662400 };
const UNITS = {
  searchSpec: { itemsType: 'avl_unit', propName: 'sys_name', propValueMask: '*', sortType: 'sys_name' },
  dataFlags: 1025,
  totalItemsCount: 3,
  indexFrom: 0,
  indexTo: 0,
  items: [
    {
      nm: 'MAN 1234 AB-7',
      cls: 2,
      id: 101,
      mu: 0,
      pos: { t: 1764662400, y: 53.9023, x: 27.5618, z: 220, s: 0, c: 0, sc: 9 },
      lmsg: null,
    },
    {
      nm: 'Volvo 5678 KX-5',
      cls: 2,
      id: 102,
      mu: 0,
      pos: { t: 1764662380, y: 52.4345, x: 30.9754, z: 140, s: 72, c: 15, sc: 11 },
      lmsg: null,
    },
    { nm: 'broken', cls: 2, id: 'x' },
  ],
};
const EVENTS = {
  tm: 1764662460,
  events: [
    {
      i: 101,
      t: 'm',
      d: { t: 1764662455, f: 1, tp: 'ud', pos: { y: 53.95, x: 27.6, c: 45, z: 221, s: 40, sc: 10 }, i: 0, o: 0, p: {} },
    },
  ],
};

let fake: FakeTelematics | null = null;
let provider: WialonProvider | null = null;
afterEach(async () => {
  provider?.stop();
  await fake?.close();
  fake = provider = null;
});

function collect(p: WialonProvider) {
  const batches: PositionBatch[] = [];
  const statuses: ProviderStatus[] = [];
  p.onPositions((b) => batches.push(b));
  p.onStatus((s) => statuses.push(s));
  return { batches, statuses };
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Wialon provider', () => {
  it('logs in, reads units and polls avl_evts against the documented Wialon contract (fake server)', async () => {
    let evts = 0;
    fake = await startFakeTelematics((url) => {
      const svc = url.searchParams.get('svc');
      if (url.pathname === '/wialon/ajax.html' && svc === 'token/login') return { json: LOGIN };
      if (svc === 'core/search_items') return { json: UNITS };
      if (svc === 'core/update_data_flags') return { json: [{ i: 101, d: {}, f: 1025 }] };
      if (url.pathname === '/avl_evts') return { json: evts++ === 0 ? EVENTS : { tm: 1764662470, events: [] } };
      return { status: 404, json: { error: 5 } };
    });
    provider = new WialonProvider({ baseUrl: fake.url, token: 'secret-token', pollMs: 20 });
    const seen = collect(provider);
    provider.start();
    await until(() => seen.batches.length >= 2);

    expect(seen.batches[0]!.positions).toEqual([
      { objectId: '101', lat: 53.9023, lon: 27.5618, at: 1764662400_000, speedKmh: 0, course: 0 },
      { objectId: '102', lat: 52.4345, lon: 30.9754, at: 1764662380_000, speedKmh: 72, course: 15 },
    ]);
    expect(seen.batches[0]!.dropped).toEqual({ malformed: 1 });
    expect(seen.batches[1]!.positions).toEqual([
      { objectId: '101', lat: 53.95, lon: 27.6, at: 1764662455_000, speedKmh: 40, course: 45 },
    ]);
    expect(seen.statuses.at(-1)).toMatchObject({ state: 'ok' });
    const login = fake.requests.find((r) => r.searchParams.get('svc') === 'token/login')!;
    expect(JSON.parse(login.searchParams.get('params')!)).toEqual({ token: 'secret-token' });
    const search = fake.requests.find((r) => r.searchParams.get('svc') === 'core/search_items')!;
    expect(JSON.parse(search.searchParams.get('params')!)).toMatchObject({ flags: 1025 });
    expect(search.searchParams.get('sid')).toBe('b6e5c2f0a1');
    expect(fake.requests.find((r) => r.pathname === '/avl_evts')!.searchParams.get('sid')).toBe('b6e5c2f0a1');
  });

  it('a Wialon that stops answering in time is "failing since" and the positions it gave are not taken back', async () => {
    let slow = false;
    fake = await startFakeTelematics((url) => {
      const svc = url.searchParams.get('svc');
      if (svc === 'token/login') return { json: LOGIN };
      if (svc === 'core/search_items') return { json: UNITS };
      if (svc === 'core/update_data_flags') return { json: [] };
      if (slow) return { json: EVENTS, delayMs: 2_000 };
      slow = true;
      return { json: { tm: 1, events: [] } };
    });
    provider = new WialonProvider({ baseUrl: fake.url, token: 't', pollMs: 20, timeoutMs: 150 });
    const seen = collect(provider);
    provider.start();
    await until(() => seen.statuses.some((s) => s.state === 'failing'));
    const failing = seen.statuses.find((s) => s.state === 'failing')!;
    expect(failing).toMatchObject({ state: 'failing', reason: 'no answer in 150 ms' });
    expect(failing.state === 'failing' && failing.lastOkAt).toBeGreaterThan(0);
    // Nothing was emitted to take the first answer's positions away.
    expect(seen.batches).toHaveLength(1);
  });

  it('a malformed answer or an HTTP error is a failure with its reason; an invalid session logs in again', async () => {
    let round = 0;
    fake = await startFakeTelematics((url) => {
      const svc = url.searchParams.get('svc');
      if (svc === 'token/login') return { json: { ...LOGIN, eid: `sid-${round}` } };
      if (svc === 'core/search_items') return { json: UNITS };
      if (svc === 'core/update_data_flags') return { json: [] };
      round += 1;
      if (round === 1) return { body: '<html>Bad gateway</html>' };
      if (round === 2) return { status: 502, body: 'no' };
      if (round === 3) return { json: { error: 1 } };
      return { json: EVENTS };
    });
    provider = new WialonProvider({ baseUrl: fake.url, token: 't', pollMs: 5 });
    const seen = collect(provider);
    provider.start();
    await until(() => seen.batches.length >= 3, 8_000);
    const reasons = seen.statuses.flatMap((s) => (s.state === 'failing' ? [s.reason] : []));
    expect(reasons).toEqual(['the answer is not JSON', 'HTTP 502', 'Wialon error 1']);
    const logins = fake.requests.filter((r) => r.searchParams.get('svc') === 'token/login');
    expect(logins).toHaveLength(2);
    expect(seen.statuses.at(-1)).toMatchObject({ state: 'ok' });
  });
});
