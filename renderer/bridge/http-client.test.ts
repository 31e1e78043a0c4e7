import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PultEvent } from '../../core/contract.js';
import { createHttpApi, type WebSocketLike } from './http-client.js';
import { takeToken } from './index.js';

/**
 * The browser's PultApi must behave like window.pult: every failure is a Result, never a rejection, and
 * change events keep flowing across a restarting host. Fakes stand in for fetch and WebSocket here;
 * main/host/bridge.test.ts runs the same client against the real host.
 */

const BASE = 'http://127.0.0.1:5180';
const TOKEN = 'tok_en-123';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  readonly sent: string[] = [];
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  open() {
    this.onopen?.({});
  }
  message(data: unknown) {
    this.onmessage?.({ data });
  }
  drop() {
    this.closed = true;
    this.onclose?.({});
  }
  close() {
    this.closed = true;
    this.onclose?.({});
  }
  send(data: string) {
    this.sent.push(data);
  }
  /** The calls sent on this socket, parsed. */
  get calls(): { call: number; method: string; input: unknown }[] {
    return this.sent.map((text) => JSON.parse(text) as { call: number; method: string; input: unknown });
  }
  static get last(): FakeSocket {
    const socket = FakeSocket.all.at(-1);
    if (!socket) throw new Error('no socket opened');
    return socket;
  }
}

beforeEach(() => {
  FakeSocket.all = [];
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('call', () => {
  it('POSTs { method, input } to /api/call with the bearer token and returns the Result', async () => {
    const fetch = vi.fn(async () => jsonResponse({ ok: true, value: { total: 0, rows: [] } }));
    const api = createHttpApi(BASE, TOKEN, { fetch, WebSocket: FakeSocket });
    await expect(api.call('tickets:query', { limit: 10 })).resolves.toEqual({
      ok: true,
      value: { total: 0, rows: [] },
    });
    expect(fetch).toHaveBeenCalledOnce();
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(`${BASE}/api/call`);
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({ Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' });
    expect(JSON.parse(String(init.body))).toEqual({ method: 'tickets:query', input: { limit: 10 } });
  });

  it('answers an unknown method locally, without a request', async () => {
    const fetch = vi.fn(async () => jsonResponse({ ok: true, value: null }));
    const api = createHttpApi(BASE, TOKEN, { fetch, WebSocket: FakeSocket });
    // @ts-expect-error: a method the contract does not have
    await expect(api.call('tickets:drop', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    ['a 401', async () => new Response('Missing or wrong token', { status: 401 }), 'unauthorized'],
    ['a 413', async () => new Response('Body over 1 MiB', { status: 413 }), 'invalid-input'],
    ['a 500', async () => new Response('boom', { status: 500 }), 'internal'],
    ['an unreachable host', () => Promise.reject(new TypeError('Failed to fetch')), 'workstation-unreachable'],
    ['malformed JSON', async () => new Response('{', { status: 200 }), 'internal'],
    ['JSON that is not a Result', async () => jsonResponse({ rows: [] }), 'internal'],
  ])('turns %s into a Result with code %s, never a rejection', async (_what, answer, code) => {
    const api = createHttpApi(BASE, TOKEN, { fetch: answer as typeof fetch, WebSocket: FakeSocket });
    await expect(api.call('app:info', {})).resolves.toMatchObject({ ok: false, error: { code } });
  });

  it('says a refused token means a restarted host or a cut link, which a retry cannot mend', async () => {
    const answer = async () => new Response('Missing or wrong token', { status: 401 });
    const api = createHttpApi(BASE, TOKEN, { fetch: answer as typeof fetch, WebSocket: FakeSocket });
    await expect(api.call('app:info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unauthorized', reason: { key: 'host-link-stale' } },
    });
  });

  it('passes domain errors through unchanged', async () => {
    const error = { code: 'not-found', message: 'Ticket x does not exist' };
    const api = createHttpApi(BASE, TOKEN, {
      fetch: async () => jsonResponse({ ok: false, error }),
      WebSocket: FakeSocket,
    });
    await expect(api.call('ticket:get', { id: 'x' })).resolves.toEqual({ ok: false, error });
  });
});

describe('calls over the open socket', () => {
  const openApi = () => {
    const fetch = vi.fn(async () => jsonResponse({ ok: true, value: 'by POST' }));
    const api = createHttpApi(BASE, TOKEN, { fetch, WebSocket: FakeSocket });
    api.subscribe(() => undefined);
    return { api, fetch, socket: FakeSocket.last };
  };

  it('go by POST until the socket opens, then over it, each answer to its own call in any order', async () => {
    const { api, fetch, socket } = openApi();
    await expect(api.call('app:info', {})).resolves.toEqual({ ok: true, value: 'by POST' });
    socket.open();
    const first = api.call('ticket:get', { id: 'a' });
    const second = api.call('ticket:get', { id: 'b' });
    expect(socket.calls.map((c) => [c.method, c.input])).toEqual([
      ['ticket:get', { id: 'a' }],
      ['ticket:get', { id: 'b' }],
    ]);
    const [a, b] = socket.calls;
    socket.message(JSON.stringify({ reply: b!.call, result: { ok: true, value: 'B' } }));
    socket.message(JSON.stringify({ reply: a!.call, result: { ok: true, value: 'A' } }));
    await expect(first).resolves.toEqual({ ok: true, value: 'A' });
    await expect(second).resolves.toEqual({ ok: true, value: 'B' });
    expect(fetch).toHaveBeenCalledOnce();
  });

  it('fail as unreachable when the socket closes before the answer, and are not sent again', async () => {
    const { api, fetch, socket } = openApi();
    socket.open();
    const call = api.call('ticket:add-comment', { id: 'c', ticketId: 't', body: 'x' });
    socket.drop();
    await expect(call).resolves.toMatchObject({ ok: false, error: { code: 'workstation-unreachable' } });
    // A mutation may have run before the socket closed: sending it again could run it twice.
    expect(fetch).not.toHaveBeenCalled();
    expect(socket.sent).toHaveLength(1);
    // The next call, with no open socket, goes by POST.
    await expect(api.call('app:info', {})).resolves.toEqual({ ok: true, value: 'by POST' });
  });

  it('turn an answer that is not a Result into internal, and ignore answers to no call', async () => {
    const { api, socket } = openApi();
    socket.open();
    const call = api.call('app:info', {});
    socket.message(JSON.stringify({ reply: 999, result: { ok: true, value: 'stray' } }));
    socket.message(JSON.stringify({ reply: socket.calls[0]!.call, result: { rows: [] } }));
    await expect(call).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('send a call too long for a socket message by POST', async () => {
    const { api, fetch, socket } = openApi();
    socket.open();
    await expect(
      api.call('ticket:add-comment', { id: 'c', ticketId: 't', body: 'я'.repeat(300_000) }),
    ).resolves.toEqual({ ok: true, value: 'by POST' });
    expect(socket.sent).toHaveLength(0);
    expect(fetch).toHaveBeenCalledOnce();
  });

  it('keep the socket until the last answer when the last listener leaves meanwhile', async () => {
    const fetch = vi.fn(async () => jsonResponse({ ok: true, value: null }));
    const api = createHttpApi(BASE, TOKEN, { fetch, WebSocket: FakeSocket });
    const unsubscribe = api.subscribe(() => undefined);
    const socket = FakeSocket.last;
    socket.open();
    const call = api.call('app:info', {});
    unsubscribe();
    expect(socket.closed).toBe(false);
    socket.message(JSON.stringify({ reply: socket.calls[0]!.call, result: { ok: true, value: 'late' } }));
    await expect(call).resolves.toEqual({ ok: true, value: 'late' });
    expect(socket.closed).toBe(true);
  });
});

describe('subscribe', () => {
  const never = (() => new Promise(() => undefined)) as typeof fetch;

  it('opens one WebSocket to /api/events with the token, shared by all listeners', () => {
    const api = createHttpApi(BASE, TOKEN, { fetch: never, WebSocket: FakeSocket });
    const a = vi.fn();
    const b = vi.fn();
    api.subscribe(a);
    api.subscribe(b);
    expect(FakeSocket.all).toHaveLength(1);
    expect(FakeSocket.last.url).toBe(`ws://127.0.0.1:5180/api/events?token=${TOKEN}`);
    FakeSocket.last.open();
    FakeSocket.last.message(JSON.stringify({ type: 'changed', tables: ['tickets'] }));
    expect(a).toHaveBeenCalledWith({ type: 'changed', tables: ['tickets'] });
    expect(b).toHaveBeenCalledWith({ type: 'changed', tables: ['tickets'] });
  });

  it('ignores messages that are not events at all', () => {
    const api = createHttpApi(BASE, TOKEN, { fetch: never, WebSocket: FakeSocket });
    const listener = vi.fn();
    api.subscribe(listener);
    FakeSocket.last.open();
    for (const junk of ['{', '"changed"', '42', '[]', '{}', '{"type":1}', 'null', new Uint8Array(2)])
      FakeSocket.last.message(junk);
    expect(listener).not.toHaveBeenCalled();
  });

  it('reconnects with growing, capped delays, and says "anything may have changed" once back', () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // no jitter
    const api = createHttpApi(BASE, TOKEN, {
      fetch: never,
      WebSocket: FakeSocket,
      minBackoffMs: 100,
      maxBackoffMs: 500,
    });
    const events: PultEvent[] = [];
    api.subscribe((event) => events.push(event));
    FakeSocket.last.open();
    const delays: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const count = FakeSocket.all.length;
      FakeSocket.last.drop();
      let waited = 0;
      while (FakeSocket.all.length === count) {
        vi.advanceTimersByTime(10);
        waited += 10;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([100, 200, 400, 500, 500]);
    expect(events).toEqual([]);
    FakeSocket.last.open();
    expect(events).toEqual([{ type: 'changed', tables: ['*'] }]);
    // A successful connection resets the backoff.
    FakeSocket.last.drop();
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(7);
  });

  it('closes the socket and stops reconnecting when the last listener leaves', () => {
    vi.useFakeTimers();
    const api = createHttpApi(BASE, TOKEN, { fetch: never, WebSocket: FakeSocket, minBackoffMs: 100 });
    const off = api.subscribe(() => undefined);
    const first = FakeSocket.last;
    first.open();
    off();
    off();
    expect(first.closed).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    // A pending retry is cancelled too.
    const again = api.subscribe(() => undefined);
    FakeSocket.last.drop();
    again();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('passes every kind of event through, not only data changes', () => {
    const api = createHttpApi(BASE, TOKEN, { fetch: never, WebSocket: FakeSocket });
    const listener = vi.fn();
    api.subscribe(listener);
    FakeSocket.last.open();
    const rejected = { type: 'rejected', mutation: 'ticket.setStatus', code: 'conflict', message: 'Already closed' };
    FakeSocket.last.message(JSON.stringify(rejected));
    expect(listener).toHaveBeenCalledWith(rejected);
  });

  it('keeps delivering to the other listeners when one throws', () => {
    const api = createHttpApi(BASE, TOKEN, { fetch: never, WebSocket: FakeSocket });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const good = vi.fn();
    api.subscribe(() => {
      throw new Error('broken pane');
    });
    api.subscribe(good);
    FakeSocket.last.open();
    FakeSocket.last.message('{"type":"changed","tables":["comments"]}');
    expect(good).toHaveBeenCalledOnce();
  });
});

describe('the token in the URL fragment', () => {
  function browser(hash: string, stored: string | null = null) {
    const storage = new Map<string, string>(stored ? [['pult.token', stored]] : []);
    const replaced: string[] = [];
    return {
      location: { hash, pathname: '/', search: '?lang=ru', origin: BASE },
      history: {
        state: null,
        replaceState: (_s: unknown, _t: string, url?: string | URL | null) => replaced.push(String(url)),
      },
      storage: {
        getItem: (k: string) => storage.get(k) ?? null,
        setItem: (k: string, v: string) => void storage.set(k, v),
      },
      stored: () => storage.get('pult.token'),
      replaced,
    };
  }

  it('is taken from #token=, kept for the tab, and wiped from the address bar', () => {
    const b = browser(`#token=${TOKEN}`);
    expect(takeToken(b.location, b.history, b.storage)).toBe(TOKEN);
    expect(b.stored()).toBe(TOKEN);
    expect(b.replaced).toEqual(['/?lang=ru']);
  });

  it('survives a reload from sessionStorage, and a new link replaces the old token', () => {
    const reload = browser('', 'old');
    expect(takeToken(reload.location, reload.history, reload.storage)).toBe('old');
    expect(reload.replaced).toEqual([]);
    const relaunch = browser('#token=new', 'old');
    expect(takeToken(relaunch.location, relaunch.history, relaunch.storage)).toBe('new');
    expect(relaunch.stored()).toBe('new');
  });

  it('is null when there is none', () => {
    const b = browser('#other=1');
    expect(takeToken(b.location, b.history, b.storage)).toBeNull();
  });
});
