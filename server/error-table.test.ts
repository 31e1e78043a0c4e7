import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { MAX_PUSH_BYTES, SYNC_SCHEMA_VERSION } from '../core/sync-protocol.js';
import { BACKENDS, startTestServer, testDatabases, type TestServer } from './test-support/backends.js';
import { signIn } from './test-support/client.js';
import { loginFrom, rawRequest, type RawReply } from './test-support/raw-http.js';
import { PASSWORD } from './test-support/world.js';

/**
 * The error table in docs/server.md is the server's promise about refusals. This test reads it and, for
 * every row, makes the server produce that refusal: the status and code must be the row's and the body the
 * one error shape, whoever refuses (a route, Fastify, Node's HTTP parser). A row nobody can produce, or a
 * refusal the table does not list, fails here.
 */
const databases = testDatabases();
const docs = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'server.md'), 'utf8');

type Row = Readonly<{ status: number; code: string; when: string }>;

function tableRows(): Row[] {
  const start = docs.indexOf('<!-- error-table -->');
  const end = docs.indexOf('<!-- /error-table -->');
  if (start < 0 || end < start) throw new Error('docs/server.md has no <!-- error-table --> section');
  return docs
    .slice(start, end)
    .split('\n')
    .map((line) => /^\| (\d{3}) \| `([a-z-]+)` \| (.+) \|$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ status: Number(m[1]), code: m[2] ?? '', when: m[3] ?? '' }));
}

type Env = TestServer & Readonly<{ anna: string; admin: string; deskId: string }>;

const json = (body: unknown) => JSON.stringify(body);
const post = (env: Env, path: string, body: string, token?: string, contentType = 'application/json') =>
  rawRequest(env.url, 'POST', path, {
    body,
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
const get = (env: Env, path: string, token?: string, headers: Record<string, string> = {}) =>
  rawRequest(env.url, 'GET', path, { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
const pushBody = (env: Env, mutations: unknown[], schemaVersion = SYNC_SCHEMA_VERSION) =>
  json({ deskId: env.deskId, schemaVersion, mutations });
const mutation = (env: Env, id: number, body = 'текст', name = 'comment.add') => ({
  id,
  name,
  args: { id: randomUUID(), ticketId: env.world.ticket.id, body, public: false },
  createdAt: Date.now(),
});
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** For each row, the requests that must produce it (in order; the last row breaks the database). */
const PRODUCERS: Readonly<Record<string, (env: Env) => Promise<RawReply[]>>> = {
  '400 invalid-input': async (env) => [
    await post(env, '/api/auth/login', '{"login": "anna", "password":'),
    await post(env, '/api/auth/login', json({ login: 'anna' })),
    await post(env, '/api/auth/login', json({ login: 'anna', password: PASSWORD, extra: 1 })),
    await post(env, '/api/sync/push', `{"deskId": ${nested(40)}}`, env.anna),
    await post(env, '/api/auth/login', '{"login": "anna", "password": "x", "__proto__": {"admin": true}}'),
    await post(env, '/api/auth/login', json({ login: 'an\u0000na', password: PASSWORD })),
    await post(env, '/api/auth/login', json({ login: 'anna', password: 'pass\ud800word' })),
    await post(
      env,
      '/api/admin/users',
      json({ login: 'marina', name: 'Мари\u0000на', password: 'long enough', roles: ['first_line'] }),
      env.admin,
    ),
    await post(env, '/api/sync/push', pushBody(env, [mutation(env, 1, 'x', 'ticket.delete')]), env.anna),
    await get(env, `/api/sync/snapshot?deskId=${env.deskId}&schemaVersion=x&storeSchema=1`, env.anna),
  ],
  '401 unauthorized': async (env) => [
    await post(env, '/api/sync/pull', json({}), undefined),
    await post(env, '/api/sync/pull', json({}), 'A'.repeat(43)),
    await loginFrom(env.url, 'anna', 'wrong password'),
    await loginFrom(env.url, 'no-such-login', 'wrong password'),
  ],
  '403 forbidden': async (env) => [await get(env, '/api/admin/users', env.anna)],
  '404 not-found': async (env) => [
    await get(env, '/api/nothing'),
    await get(env, '/'),
    await post(env, '/api/sync/nothing', json({}), env.anna),
    await post(env, `/api/admin/users/${randomUUID()}/password`, json({ password: 'long enough' }), env.admin),
  ],
  '404 no-snapshot': async (env) => [
    await get(env, `/api/sync/snapshot?deskId=${env.deskId}&schemaVersion=1&storeSchema=1`, env.anna),
  ],
  '409 conflict': async (env) => [
    await post(
      env,
      '/api/admin/users',
      json({ login: 'anna', name: 'Анна', password: 'long enough', roles: ['dispatcher'] }),
      env.admin,
    ),
  ],
  '409 mutation-gap': async (env) => [await post(env, '/api/sync/push', pushBody(env, [mutation(env, 5)]), env.anna)],
  '409 server-too-old': async (env) => [
    await post(env, '/api/sync/push', pushBody(env, [], SYNC_SCHEMA_VERSION + 1), env.anna),
  ],
  '409 cursor-ahead': async (env) => [
    await post(
      env,
      '/api/sync/pull',
      json({ deskId: env.deskId, schemaVersion: SYNC_SCHEMA_VERSION, cursor: 1_000_000 }),
      env.anna,
    ),
  ],
  '413 too-large': async (env) => [
    await post(env, '/api/sync/push', pushBody(env, [mutation(env, 1, 'я'.repeat(MAX_PUSH_BYTES / 2 + 10))]), env.anna),
  ],
  '414 too-large': async (env) => [
    await post(env, `/api/admin/users/${'x'.repeat(150)}/password`, json({ password: 'long enough' }), env.admin),
  ],
  '415 unsupported-media-type': async (env) => [
    await post(env, '/api/auth/login', json({ login: 'anna', password: PASSWORD }), undefined, 'text/plain'),
    await post(env, '/api/sync/push', pushBody(env, []), env.anna, 'text/html'),
    await post(env, '/api/sync/push', pushBody(env, []), env.anna, 'application/x-www-form-urlencoded'),
  ],
  '429 too-many-attempts': async (env) => {
    // signInAttempts is 2 on this server: the third try for one login is refused, the right password too.
    for (let i = 0; i < 2; i++) expect((await loginFrom(env.url, 'olga', `guess-${i}`)).status).toBe(401);
    return [await loginFrom(env.url, 'olga', 'guess-3'), await loginFrom(env.url, 'olga', PASSWORD)];
  },
  '431 too-large': async (env) => [await get(env, '/api/health', undefined, { 'x-padding': 'a'.repeat(20_000) })],
  '503 busy': async (env) => {
    // One check at a time and no place to wait on this server: of two at once, the second is refused.
    const replies = await Promise.all([loginFrom(env.url, 'pavel', PASSWORD), loginFrom(env.url, 'ivan', PASSWORD)]);
    return replies.filter((r) => r.status !== 200);
  },
  '500 internal': async (env) => {
    await sql`drop table rejections`.execute(env.server.database.db);
    return [
      await post(
        env,
        '/api/sync/pull',
        json({ deskId: env.deskId, schemaVersion: SYNC_SCHEMA_VERSION, cursor: 0 }),
        env.anna,
      ),
    ];
  },
};

describe.each(BACKENDS)('refusals on %s', (backend) => {
  test('every row of the error table in docs/server.md is what the server answers: that status, that code, one body shape', async () => {
    const rows = tableRows();
    const keys = rows.map((r) => `${r.status} ${r.code}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(Object.keys(PRODUCERS).sort());

    const server = await startTestServer(databases, backend, {
      signInAttempts: 2,
      passwordChecks: { concurrency: 1, waiting: 0, waitingPerAddress: 1 },
    });
    const env: Env = {
      ...server,
      anna: await signIn(server.url, 'anna'),
      admin: await signIn(server.url, 'admin'),
      deskId: randomUUID(),
    };
    // The database goes last: the 500 row breaks it on purpose.
    const ordered = [...rows].sort((a, b) => Number(a.status === 500) - Number(b.status === 500));
    for (const row of ordered) {
      const key = `${row.status} ${row.code}`;
      const replies = await PRODUCERS[key]!(env);
      expect(replies.length, key).toBeGreaterThan(0);
      for (const [i, reply] of replies.entries()) {
        expect(reply.status, `${key} (request ${i + 1}): ${JSON.stringify(reply.body)}`).toBe(row.status);
        expect(reply.body, `${key} (request ${i + 1})`).toEqual({
          error: { code: row.code, message: expect.stringMatching(/\S/) },
        });
        expect(reply.headers['content-type'], key).toMatch(/^application\/json/);
        if (row.status === 429 || row.status === 503) expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
  });

  test('a 4 MB push nested two million levels deep is refused with 400 in milliseconds, and the server goes on', async () => {
    const { url, world } = await startTestServer(databases, backend);
    const token = await signIn(url, 'anna');
    const depth = 2_000_000;
    const args = `{"id": "${randomUUID()}", "ticketId": "${world.ticket.id}", "body": ${nested(depth)}, "public": false}`;
    const body = `{"deskId": "${randomUUID()}", "schemaVersion": 1, "mutations": [{"id": 1, "name": "comment.add", "args": ${args}, "createdAt": 1}]}`;
    expect(Buffer.byteLength(body)).toBeGreaterThan(3_900_000);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const t = performance.now();
    const reply = await rawRequest(url, 'POST', '/api/sync/push', { body, headers });
    const ms = performance.now() - t;
    console.log(
      `${(Buffer.byteLength(body) / 1e6).toFixed(1)} MB push nested ${depth} deep: ${reply.status} in ${ms.toFixed(0)} ms`,
    );
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: { code: 'invalid-input', message: expect.stringContaining('nested deeper') } });
    expect(ms).toBeLessThan(1_000);
    // The same with every bracket inside a string is no nesting at all: it parses, and fails its schema.
    const flat = await rawRequest(url, 'POST', '/api/sync/push', {
      body: json({ deskId: 'x', schemaVersion: 1, mutations: [], note: nested(1000) }),
      headers,
    });
    expect(flat.status).toBe(400);
    expect(flat.body).toEqual({ error: { code: 'invalid-input', message: expect.stringMatching(/deskId|note/) } });
    expect((await rawRequest(url, 'GET', '/api/health')).status).toBe(200);
  });
});
