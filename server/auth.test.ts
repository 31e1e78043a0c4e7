import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { SYNC_SCHEMA_VERSION } from '../core/sync-protocol.js';
import { BACKENDS, startTestServer, testDatabases } from './test-support/backends.js';
import { call, pokeStatus, signIn, TestDesk, type ErrorBody } from './test-support/client.js';
import { PASSWORD } from './test-support/world.js';

/**
 * Who may talk to the server: every route but login and health needs a live session, a desk belongs to
 * the user who first used it, and only an admin manages users. Each test tries to get in without the right.
 */
const databases = testDatabases();

describe.each(BACKENDS)('auth on %s', (backend) => {
  test('the right password opens a session that names the user and their employee', async () => {
    const { url, world } = await startTestServer(databases, backend);
    const reply = await call<{ token: string; user: Record<string, unknown> }>(url, 'POST', '/api/auth/login', {
      body: { login: ' Anna ', password: PASSWORD },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(reply.body.user).toEqual({
      id: world.anna.user.id,
      login: 'anna',
      name: 'Анна Ковалёва',
      roles: ['dispatcher'],
      employeeId: world.anna.employee.id,
    });
  });

  test('a wrong password or an unknown login gets the same 401 and no session', async () => {
    const { url } = await startTestServer(databases, backend);
    const wrong = await call<ErrorBody>(url, 'POST', '/api/auth/login', { body: { login: 'anna', password: 'nope' } });
    const nobody = await call<ErrorBody>(url, 'POST', '/api/auth/login', { body: { login: 'zed', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(nobody.status).toBe(401);
    expect(wrong.body).toEqual(nobody.body);
    expect(wrong.body.error.code).toBe('unauthorized');
  });

  test('guessing a password: after a few wrong tries one login is paused for a while, even with the right password; others are not', async () => {
    const { url } = await startTestServer(databases, backend, { signInAttempts: 3 });
    const attempt = (login: string, password: string) =>
      call<ErrorBody>(url, 'POST', '/api/auth/login', { body: { login, password } });
    for (let i = 0; i < 3; i++) expect((await attempt('anna', `guess-${i}`)).status).toBe(401);
    const paused = await attempt('Anna', PASSWORD);
    expect(paused.status).toBe(429);
    expect(paused.body.error.code).toBe('too-many-attempts');
    expect(paused.body.error.message).toMatch(/try again in \d+ s/);
    expect((await attempt('ivan', PASSWORD)).status).toBe(200);
    // Only failures count, and a success forgets them: a user who mistypes now and then is never paused.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) expect((await attempt('ivan', 'typo')).status).toBe(401);
      expect((await attempt('ivan', PASSWORD)).status).toBe(200);
    }
  });

  test('every route but login and health refuses a request without a token or with a bad one', async () => {
    const { url } = await startTestServer(databases, backend);
    const routes: ['GET' | 'POST', string][] = [
      ['POST', '/api/auth/logout'],
      ['POST', '/api/sync/push'],
      ['POST', '/api/sync/pull'],
      ['GET', `/api/sync/snapshot?deskId=${randomUUID()}&schemaVersion=1&storeSchema=1`],
      ['GET', '/api/admin/users'],
      ['POST', '/api/admin/users'],
      ['POST', '/api/admin/users/x/password'],
    ];
    for (const [method, path] of routes) {
      for (const token of [undefined, 'not-a-token', 'A'.repeat(43)]) {
        const reply = await call<ErrorBody>(url, method, path, { token, body: method === 'POST' ? {} : undefined });
        expect(reply.status, `${method} ${path} with ${token}`).toBe(401);
        expect(reply.body.error.code).toBe('unauthorized');
      }
    }
    const health = await call<Record<string, unknown>>(url, 'GET', '/api/health');
    expect(health).toEqual({
      status: 200,
      body: { ok: true, version: 1, schemaVersion: SYNC_SCHEMA_VERSION, snapshotVersion: null },
    });
  });

  test('the poke socket refuses a connection without a valid token before upgrading', async () => {
    const { url } = await startTestServer(databases, backend);
    for (const token of [undefined, '', 'A'.repeat(43)]) expect(await pokeStatus(url, token)).toBe(401);
    expect(await pokeStatus(url, await signIn(url, 'anna'))).toBe(101);
  });

  test('logout ends the session: the same token is refused afterwards', async () => {
    const { url } = await startTestServer(databases, backend);
    const token = await signIn(url, 'anna');
    expect((await call(url, 'POST', '/api/auth/logout', { token })).status).toBe(200);
    const after = await call<ErrorBody>(url, 'POST', '/api/sync/pull', { token, body: {} });
    expect(after.status).toBe(401);
  });

  test("a token of another user pushing or pulling with someone else's desk gets 403 and writes nothing", async () => {
    const { url, world } = await startTestServer(databases, backend);
    const anna = new TestDesk(url, await signIn(url, 'anna'));
    expect((await anna.pullPage(0)).status).toBe(200);
    const ivan = new TestDesk(url, await signIn(url, 'ivan'));
    Object.assign(ivan, { deskId: anna.deskId });
    const comment = { id: crypto.randomUUID(), ticketId: world.ticket.id, body: 'hijack', public: false };
    const pushed = await ivan.push([ivan.mutation('comment.add', comment)]);
    expect(pushed.status).toBe(403);
    expect(pushed.body.error.code).toBe('forbidden');
    expect((await ivan.pullPage(0)).status).toBe(403);
    const pages = await anna.pullAll(0);
    expect(pages.flatMap((p) => p.changes).filter((c) => c.table === 'comments')).toEqual([]);
    expect(pages.at(-1)?.lastMutationId).toBe(0);
  });

  test('only an admin lists and creates users; a new user can sign in with the password given', async () => {
    const { url, world } = await startTestServer(databases, backend);
    const anna = await signIn(url, 'anna');
    expect((await call<ErrorBody>(url, 'GET', '/api/admin/users', { token: anna })).status).toBe(403);
    const admin = await signIn(url, 'admin');
    const list = await call<{ login: string }[]>(url, 'GET', '/api/admin/users', { token: admin });
    expect(list.body.map((u) => u.login)).toEqual(['admin', 'anna', 'ivan', 'olga', 'pavel']);

    const newUser = { login: 'Marina', name: 'Марина Котова', password: 'long enough', roles: ['first_line'] };
    expect((await call(url, 'POST', '/api/admin/users', { token: anna, body: newUser })).status).toBe(403);
    const created = await call<Record<string, unknown>>(url, 'POST', '/api/admin/users', {
      token: admin,
      body: { ...newUser, employeeId: world.anna.employee.id },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ login: 'marina', roles: ['first_line'], active: true });
    await signIn(url, 'marina', 'long enough');

    const again = await call<ErrorBody>(url, 'POST', '/api/admin/users', { token: admin, body: newUser });
    expect(again.status).toBe(409);
    const short = await call<ErrorBody>(url, 'POST', '/api/admin/users', {
      token: admin,
      body: { ...newUser, login: 'x', password: 'short' },
    });
    expect(short.status).toBe(400);
    const ghost = await call<ErrorBody>(url, 'POST', '/api/admin/users', {
      token: admin,
      body: { ...newUser, login: 'ghost', employeeId: crypto.randomUUID() },
    });
    expect(ghost.status).toBe(404);
  });

  test("an admin's password reset ends the user's sessions and only the new password works", async () => {
    const { url, world } = await startTestServer(databases, backend);
    const admin = await signIn(url, 'admin');
    const anna = await signIn(url, 'anna');
    const path = `/api/admin/users/${world.anna.user.id}/password`;
    expect((await call(url, 'POST', path, { token: anna, body: { password: 'a new secret' } })).status).toBe(403);
    expect((await call(url, 'POST', path, { token: admin, body: { password: 'a new secret' } })).status).toBe(200);
    expect((await call(url, 'POST', '/api/sync/pull', { token: anna, body: {} })).status).toBe(401);
    await expect(signIn(url, 'anna')).rejects.toThrow(/401/);
    await signIn(url, 'anna', 'a new secret');
    // The admin's own session survives the change it made.
    expect((await call(url, 'GET', '/api/admin/users', { token: admin })).status).toBe(200);
    const missing = `/api/admin/users/${crypto.randomUUID()}/password`;
    expect((await call(url, 'POST', missing, { token: admin, body: { password: 'a new secret' } })).status).toBe(404);
  });
});
