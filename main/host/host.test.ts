import { deskDatabase } from '../workstation-db.js';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { PultEvent } from '../../core/contract.js';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy } from '../adapter/web-security.js';
import { seedWorld } from '../test-support/fixtures.js';
import { openWorkstation, type Workstation } from '../workstation.js';
import { startHost, type Host } from './host.js';

/**
 * The browser host is a door into a desk's data on a shared machine. These tests knock on it the way another
 * local user, a malicious web page (CSRF, DNS rebinding, cross-site WebSocket) or a careless client would,
 * against a real server on 127.0.0.1 and a real workstation on a real SQLite file.
 */

const SECRET = 'TOP-SECRET-OUTSIDE-THE-ROOT';

type Reply = Readonly<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>;

let dir: string;
let staticDir: string;
let workstation: Workstation;
let world: ReturnType<typeof seedWorld>;
let host: Host;

/** node:http rather than fetch: fetch refuses to set Host or send raw, unnormalised paths. */
function send(options: {
  method?: string;
  path: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  port?: number;
}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port ?? host.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { Host: `127.0.0.1:${host.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    // The server may hang up mid-upload (413); the answer it sent first is what counts.
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function call(body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send({
    method: 'POST',
    path: '/api/call',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const commentCount = () =>
  (deskDatabase(workstation).prepare('SELECT count(*) AS n FROM comments').get() as { n: number }).n;

/** Resolves with the HTTP status the upgrade was refused with, or 101 when it was accepted. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', reject);
  });
}

const origin = () => `http://127.0.0.1:${host.port}`;
const eventsUrl = (token = host.token) => `ws://127.0.0.1:${host.port}/api/events?token=${encodeURIComponent(token)}`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pult-host-'));
  staticDir = join(dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Pult</title>');
  writeFileSync(join(staticDir, 'assets', 'index-abc.js'), 'console.log("pult")');
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  writeFileSync(join(staticDir, '.env'), SECRET);
  symlinkSync(join(dir, 'secret.txt'), join(staticDir, 'link-out.txt'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(async () => {
  workstation = openWorkstation({ dataFile: join(dir, `desk-${uuidv7()}.sqlite`) });
  world = seedWorld(deskDatabase(workstation));
  host = await startHost({ workstation, staticDir, port: 0 });
});

afterEach(async () => {
  await host.close();
  workstation.close();
});

describe('where it listens', () => {
  it('listens on 127.0.0.1 only, never on a wildcard address', () => {
    // The bound address is the proof; tests send no traffic to any non-loopback address.
    expect(host.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4', port: host.port });
    expect(host.address().address).not.toMatch(/^(0\.0\.0\.0|::)$/);
  });

  it('prints a loopback URL that carries a fresh 256-bit token in the fragment', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await startHost({ workstation, staticDir });
    try {
      expect(other.token).not.toBe(host.token);
      expect(other.port).not.toBe(host.port);
    } finally {
      await other.close();
    }
  });

  it('refuses to start with a weak token', async () => {
    for (const token of ['', 'short', 'x'.repeat(31), `${'x'.repeat(40)} space`]) {
      await expect(startHost({ workstation, staticDir, token }), token).rejects.toThrow(/token/);
    }
  });
});

describe('POST /api/call', () => {
  it('answers a valid call with the Result as JSON', async () => {
    const reply = await call({ method: 'app:info', input: {} });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { user: { id: world.anna.id } } });
  });

  it('refuses a call without a token, with a wrong token, or with another scheme (401), and runs nothing', async () => {
    const before = commentCount();
    const input = { method: 'ticket:add-comment', input: { id: uuidv7(), ticketId: world.open.id, body: 'x' } };
    const wrong = host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A');
    for (const authorization of [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      `Bearer ${wrong}`,
      `Bearer ${host.token.toLowerCase()}`,
      `Bearer ${host.token}x`,
      `bearer${host.token}`,
      `Basic ${Buffer.from(`pult:${host.token}`).toString('base64')}`,
      `Bearer ${host.token} ${host.token}`,
    ]) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (authorization !== undefined) headers.Authorization = authorization;
      const reply = await send({ method: 'POST', path: '/api/call', headers, body: JSON.stringify(input) });
      expect(reply.status, String(authorization)).toBe(401);
      expect(reply.headers['www-authenticate']).toBe('Bearer');
    }
    expect(commentCount()).toBe(before);
  });

  it('answers an unknown method as data: { ok: false, code: unknown-method }', async () => {
    for (const method of ['tickets:drop', '__proto__', 'constructor', 42, null]) {
      const reply = await call({ method, input: {} });
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
  });

  it('refuses invalid input with invalid-input and writes nothing', async () => {
    const before = commentCount();
    const changes = deskDatabase(workstation).prepare('SELECT total_changes() AS n').get() as { n: number };
    for (const input of [
      { id: uuidv7(), ticketId: world.open.id, body: '   ' },
      { id: 'not-a-uuid', ticketId: world.open.id, body: 'hello' },
      { id: uuidv7(), ticketId: world.open.id, body: 'hello', extra: 'field' },
      { id: uuidv7(), ticketId: world.open.id, body: 'x'.repeat(20_001) },
      { id: uuidv7(), ticketId: world.open.id, body: 'hello', public: 'yes' },
      null,
      'ticket',
    ]) {
      const reply = await call({ method: 'ticket:add-comment', input });
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(commentCount()).toBe(before);
    expect(deskDatabase(workstation).prepare('SELECT total_changes() AS n').get()).toEqual(changes);
  });

  it('refuses a payload that is not { method, input } as invalid-input', async () => {
    for (const payload of ['[]', '"ticket:get"', '42', 'null']) {
      const reply = await call(payload);
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
  });

  it('refuses malformed JSON with 400', async () => {
    for (const body of ['{', '', '{"method": "app:info",}', '\u0000']) {
      expect((await call(body)).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('refuses a body over 1 MiB with 413, declared or streamed, and writes nothing', async () => {
    const before = commentCount();
    const big = JSON.stringify({
      method: 'ticket:add-comment',
      input: { id: uuidv7(), ticketId: world.open.id, body: 'x'.repeat(1024 * 1024) },
    });
    expect((await call(big)).status).toBe(413);
    const chunked = await send({
      method: 'POST',
      path: '/api/call',
      headers: {
        Authorization: `Bearer ${host.token}`,
        'Content-Type': 'application/json',
        'Transfer-Encoding': 'chunked',
      },
      body: big,
    });
    expect(chunked.status).toBe(413);
    expect(commentCount()).toBe(before);
    // Exactly 1 MiB is still fine (and then only fails the contract's own limits).
    const edge = `{"method":"app:info","input":{}}${' '.repeat(1024 * 1024 - 32)}`;
    expect(Buffer.byteLength(edge)).toBe(1024 * 1024);
    expect((await call(edge)).status).toBe(200);
  });

  it('refuses other verbs with 405 and other content types with 415', async () => {
    const get = await send({ path: '/api/call', headers: { Authorization: `Bearer ${host.token}` } });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const text = await call('{"method":"app:info","input":{}}', { 'Content-Type': 'text/plain' });
    expect(text.status).toBe(415);
  });

  it('refuses a cross-origin call even with the right token (403)', async () => {
    const reply = await call({ method: 'app:info', input: {} }, { Origin: 'https://evil.example' });
    expect(reply.status).toBe(403);
    const own = await call({ method: 'app:info', input: {} }, { Origin: origin() });
    expect(own.status).toBe(200);
  });

  it('does not know other /api routes', async () => {
    expect((await send({ path: '/api/nothing' })).status).toBe(404);
  });
});

describe('the Host header (DNS rebinding)', () => {
  it('serves only 127.0.0.1:port and localhost:port', async () => {
    expect((await send({ path: '/', headers: { Host: `localhost:${host.port}` } })).status).toBe(200);
    expect((await send({ path: '/', headers: { Host: `LOCALHOST:${host.port}` } })).status).toBe(200);
    for (const name of [
      `evil.example:${host.port}`,
      'evil.example',
      '127.0.0.1',
      `127.0.0.1:${host.port + 1}`,
      `0.0.0.0:${host.port}`,
      `127.0.0.2:${host.port}`,
      `[::1]:${host.port}`,
      `127.0.0.1:${host.port}.evil.example`,
    ]) {
      expect((await send({ path: '/', headers: { Host: name } })).status, name).toBe(421);
      const api = await call({ method: 'app:info', input: {} }, { Host: name });
      expect(api.status, name).toBe(421);
      expect(api.body).not.toContain(world.anna.id);
    }
  });

  it('refuses a request without a Host header', async () => {
    // HTTP/1.0 allows leaving Host out; node:http would add one, so this one goes over a raw socket.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: host.port }, () => socket.end('GET / HTTP/1.0\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += String(chunk)));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.[01] 421 /);
  });
});

describe('static files', () => {
  it('serves the renderer with the CSP, nosniff and no-referrer', async () => {
    const index = await send({ path: '/' });
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Pult</title>');
    expect(index.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    const script = await send({ path: '/assets/index-abc.js' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('sends the CSP it was given (the PBX and tile origins) on files, API answers and refusals alike', async () => {
    const csp = contentSecurityPolicy({
      pbxWebSocketUrl: 'wss://pbx.example.by:8089/ws',
      tileUrlTemplate: 'https://tiles.example.by/{z}/{x}/{y}.png',
    });
    const other = await startHost({ workstation, staticDir, contentSecurityPolicy: csp });
    try {
      const to = (options: Parameters<typeof send>[0]) =>
        send({ ...options, port: other.port, headers: { Host: `127.0.0.1:${other.port}`, ...options.headers } });
      const answers = [
        await to({ path: '/' }),
        await to({ path: '/missing.js' }),
        await to({ path: '/api/call', method: 'POST', body: '{}' }),
      ];
      expect(answers.map((a) => a.status)).toEqual([200, 404, 401]);
      for (const answer of answers) {
        expect(answer.headers['content-security-policy']).toBe(csp);
        expect(answer.headers['x-content-type-options']).toBe('nosniff');
      }
      expect(csp).toContain("connect-src 'self' wss://pbx.example.by:8089;");
    } finally {
      await other.close();
    }
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/..%2fsecret.txt',
    '/..%2Fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/.%2e/secret.txt',
    '/%252e%252e/secret.txt',
    '/..\\secret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/index.html%00.js',
    `/${'../'.repeat(12)}etc/passwd`,
    '//etc/passwd',
    '/%2fetc/passwd',
    '/C:/Windows/win.ini',
    '/.env',
    '/link-out.txt',
    '/%c0%ae%c0%ae/secret.txt',
    'secret.txt',
    `http://127.0.0.1/../secret.txt`,
  ])('refuses the traversal %s', async (path) => {
    const reply = await send({ path });
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.body).not.toContain(SECRET);
    expect(reply.body).not.toContain('root:');
  });

  it('answers 404 for missing files and 405 for writes', async () => {
    expect((await send({ path: '/nope.js' })).status).toBe(404);
    const put = await send({ method: 'PUT', path: '/index.html', body: 'x' });
    expect(put.status).toBe(405);
  });
});

describe('the /api/events WebSocket', () => {
  it('pushes a changed event after a mutation', async () => {
    const ws = new WebSocket(eventsUrl(), { headers: { Origin: origin() } });
    const received = new Promise<PultEvent>((resolve, reject) => {
      ws.on('message', (data) => resolve(JSON.parse(String(data)) as PultEvent));
      ws.on('error', reject);
    });
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    const reply = await call({
      method: 'ticket:add-comment',
      input: { id: uuidv7(), ticketId: world.open.id, body: 'Клиент перезвонит после обеда' },
    });
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { ok: true } });
    expect(await received).toMatchObject({ type: 'changed', tables: expect.arrayContaining(['comments']) });
    ws.close();
  });

  /** An open socket of our own page, and what it is sent back, parsed. */
  const openSocket = async () => {
    const ws = new WebSocket(eventsUrl(), { headers: { Origin: origin() } });
    const received: unknown[] = [];
    ws.on('message', (data) => received.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    const replyTo = async (n: number) => {
      await expect.poll(() => received.find((m) => (m as { reply?: number }).reply === n)).toBeDefined();
      return (received.find((m) => (m as { reply?: number }).reply === n) as { result: unknown }).result;
    };
    return { ws, received, closed, replyTo };
  };

  it('answers a call over the socket as over POST: the change is written, its event comes, then the answer', async () => {
    const { ws, received, replyTo } = await openSocket();
    const id = uuidv7();
    const body = 'Перезвонить после 14:00';
    ws.send(JSON.stringify({ call: 7, method: 'ticket:add-comment', input: { id, ticketId: world.open.id, body } }));
    expect(await replyTo(7)).toEqual({ ok: true, value: { ok: true } });
    expect(received[0]).toMatchObject({ type: 'changed', tables: expect.arrayContaining(['comments']) });
    const row = deskDatabase(workstation).prepare('SELECT body FROM comments WHERE id = ?').get(id);
    expect(row).toEqual({ body });
    ws.close();
  });

  it('answers bad input over the socket with the same errors as over POST, and writes nothing', async () => {
    const { ws, replyTo } = await openSocket();
    const before = commentCount();
    ws.send(JSON.stringify({ call: 1, method: 'tickets:drop', input: {} }));
    ws.send(JSON.stringify({ call: 2, method: 'ticket:add-comment', input: { id: 'x', ticketId: world.open.id } }));
    ws.send(
      JSON.stringify({
        call: 3,
        method: 'ticket:add-comment',
        input: { id: uuidv7(), ticketId: world.open.id, body: 'a\u0000b' },
      }),
    );
    expect(await replyTo(1)).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await replyTo(2)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await replyTo(3)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(commentCount()).toBe(before);
    ws.close();
  });

  it.each([
    ['malformed JSON', '{"call": 1,'],
    ['no call number', JSON.stringify({ method: 'app:info', input: {} })],
    ['a call number that is not a positive integer', JSON.stringify({ call: -1, method: 'app:info', input: {} })],
    ['an array', JSON.stringify([1, 'app:info', {}])],
  ])('closes the socket on %s (1008), answering nothing', async (_what, text) => {
    const { ws, received, closed } = await openSocket();
    ws.send(text);
    expect(await closed).toBe(1008);
    expect(received).toEqual([]);
  });

  it('closes the socket on a message over 1 MiB (1009) and writes nothing', async () => {
    const { ws, closed } = await openSocket();
    const before = commentCount();
    const body = 'x'.repeat(1024 * 1024 + 100);
    ws.send(
      JSON.stringify({ call: 1, method: 'ticket:add-comment', input: { id: uuidv7(), ticketId: world.open.id, body } }),
    );
    expect(await closed).toBe(1009);
    expect(commentCount()).toBe(before);
  });

  it('refuses a missing or wrong token (401)', async () => {
    const headers = { Origin: origin() };
    expect(await upgradeStatus(`ws://127.0.0.1:${host.port}/api/events`, headers)).toBe(401);
    expect(await upgradeStatus(eventsUrl('nope'), headers)).toBe(401);
    expect(await upgradeStatus(eventsUrl(`${host.token}x`), headers)).toBe(401);
  });

  it('refuses another page’s origin, or none at all (403), even with the right token', async () => {
    expect(await upgradeStatus(eventsUrl(), { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(eventsUrl(), { Origin: 'null' })).toBe(403);
    expect(await upgradeStatus(eventsUrl(), { Origin: `http://127.0.0.1:${host.port + 1}` })).toBe(403);
    expect(await upgradeStatus(eventsUrl())).toBe(403);
    expect(await upgradeStatus(eventsUrl(), { Origin: `http://localhost:${host.port}` })).toBe(101);
  });

  it('refuses a rebinding Host (421) and other paths (404)', async () => {
    expect(await upgradeStatus(eventsUrl(), { Origin: origin(), Host: `evil.example:${host.port}` })).toBe(421);
    const other = `ws://127.0.0.1:${host.port}/api/call?token=${host.token}`;
    expect(await upgradeStatus(other, { Origin: origin() })).toBe(404);
  });

  it('stops pushing and lets go of its subscription when the host closes', async () => {
    const ws = new WebSocket(eventsUrl(), { headers: { Origin: origin() } });
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    const closed = new Promise((resolve) => ws.on('close', resolve));
    await host.close();
    await closed;
    await expect(send({ path: '/' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    host = await startHost({ workstation, staticDir });
  });
});
