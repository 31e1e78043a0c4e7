import { describe, expect, test } from 'vitest';
import type { PbxCallEvent } from '../../core/calls/pbx-event.js';
import type { PbxOptions } from '../app.js';
import { BACKENDS, startTestServer, testDatabases, type TestServer } from '../test-support/backends.js';
import { signIn } from '../test-support/client.js';
import { rawRequest } from '../test-support/raw-http.js';
import { webhookLogSerializers } from './webhook-routes.js';

/**
 * The CTI webhook on the real server, on both backends. The sink stands in for the callback rule (it is the
 * seam under test: every test names what the sink must have heard); the server, its database and the HTTP
 * path are real. Tries to break: one event per call outcome, replays, wrong and missing tokens, bodies that
 * are not CTI, a sink that fails, a PBX that floods.
 */
const databases = testDatabases();

type Env = TestServer & Readonly<{ heard: PbxCallEvent[]; admin: string; pbxId: string; token: string }>;

async function start(backend: (typeof BACKENDS)[number], pbx: PbxOptions = {}): Promise<Env> {
  const heard: PbxCallEvent[] = [];
  const env = await startTestServer(databases, backend, {
    pbx: {
      sink: async (event) => {
        heard.push(event);
      },
      mailboxPollMs: false,
      ...pbx,
    },
  });
  const admin = await signIn(env.url, 'admin');
  const created = await api(env.url, 'POST', '/api/admin/pbx', { token: admin, body: { id: 'office', name: 'Офис' } });
  expect(created.status).toBe(201);
  const { token } = created.body as { token: string };
  return { ...env, heard, admin, pbxId: 'office', token };
}

async function api(
  baseUrl: string,
  method: string,
  path: string,
  options: Readonly<{ token?: string; body?: unknown; form?: Record<string, string>; rawBody?: string }> = {},
) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['content-type'] = 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  return rawRequest(baseUrl, method, path, { headers, ...(body !== undefined ? { body } : {}) });
}

const cti = (env: Env, form: Record<string, string>, token = env.token) =>
  api(env.url, 'POST', `/api/pbx/${env.pbxId}/cti`, { token, form });

const incoming = { from: '+375 29 123-45-67', to: '+375172000000', direction: 'in' };

async function storedCalls(env: Env): Promise<number> {
  const r = await env.server.database.db
    .selectFrom('pbx_calls')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe.each(BACKENDS)('PBX webhook on %s', (backend) => {
  test('newCall then hangup(cancel), form-encoded with a Bearer token, gives the sink one missed event', async () => {
    const env = await start(backend);
    const before = Date.now();
    expect((await cti(env, { event: 'newCall', callId: 'a1', ...incoming })).body).toEqual({
      ok: true,
      recorded: true,
    });
    expect(env.heard).toEqual([]);
    const hangup = await cti(env, { event: 'hangup', callId: 'a1', cause: 'cancel', ...incoming });
    expect(hangup.status).toBe(200);
    expect(env.heard).toHaveLength(1);
    const [missed] = env.heard;
    expect(missed).toMatchObject({
      pbxId: 'office',
      callId: 'a1',
      direction: 'in',
      from: '+375 29 123-45-67',
      to: '+375172000000',
      state: 'missed',
      answeredAt: null,
      answeredBy: null,
    });
    expect(missed?.startedAt).toBeGreaterThanOrEqual(before);
    expect(missed?.endedAt).toBeGreaterThanOrEqual(missed?.startedAt ?? 0);
  });

  test('newCall, answer, hangup as JSON with the token in the path give the sink answered then ended, one call id', async () => {
    const env = await start(backend);
    const path = `/api/pbx/office/cti/${env.token}`;
    for (const body of [
      { event: 'newCall', callId: 'b1', ...incoming },
      { event: 'answer', callId: 'b1', ...incoming, user: 'Анна Ковалёва', answeringNumber: '101' },
      { event: 'hangup', callId: 'b1', ...incoming, cause: 'normalClearing', xcid: 'sipgate-extra' },
    ]) {
      expect((await api(env.url, 'POST', path, { body })).status).toBe(200);
    }
    expect(env.heard.map((e) => [e.state, e.callId, e.answeredBy])).toEqual([
      ['answered', 'b1', 'Анна Ковалёва'],
      ['ended', 'b1', 'Анна Ковалёва'],
    ]);
    expect(env.heard[1]?.endedAt).not.toBeNull();
  });

  test("Zammad's user[] array names who answered", async () => {
    const env = await start(backend);
    const form =
      'event=answer&callId=u1&direction=in&from=%2B375291234567&user%5B%5D=%D0%90%D0%BD%D0%BD%D0%B0&user%5B%5D=Ivan';
    const reply = await rawRequest(env.url, 'POST', '/api/pbx/office/cti', {
      body: form,
      headers: { authorization: `Bearer ${env.token}`, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(reply.status).toBe(200);
    expect(env.heard.map((e) => [e.state, e.answeredBy, e.from])).toEqual([['answered', 'Анна', '+375291234567']]);
  });

  test('a replay of the same events records nothing new and the sink hears nothing more', async () => {
    const env = await start(backend);
    const events = [
      { event: 'newCall', callId: 'r1', ...incoming },
      { event: 'hangup', callId: 'r1', cause: 'noAnswer', ...incoming },
    ];
    for (const form of events) await cti(env, form);
    expect(env.heard.map((e) => e.state)).toEqual(['missed']);
    for (const form of [...events, ...events]) {
      const reply = await cti(env, form);
      expect(reply.body).toEqual({ ok: true, recorded: false });
    }
    expect(env.heard).toHaveLength(1);
    expect(await storedCalls(env)).toBe(1);
  });

  test('wrong or missing token 401, unknown PBX 404, malformed body 400: nothing recorded, the sink hears nothing', async () => {
    const env = await start(backend);
    const event = { event: 'hangup', callId: 'x1', cause: 'cancel', ...incoming };
    const wrong = await cti(env, event, 'A'.repeat(43));
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: 'unauthorized', message: 'Wrong token for this PBX' } });
    expect((await api(env.url, 'POST', '/api/pbx/office/cti', { form: event })).body).toEqual({
      error: { code: 'unauthorized', message: 'The PBX token is missing' },
    });
    expect((await api(env.url, 'POST', `/api/pbx/office/cti/${'B'.repeat(43)}`, { form: event })).status).toBe(401);
    const unknown = await api(env.url, 'POST', '/api/pbx/nowhere/cti', { token: env.token, form: event });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'not-found', message: 'No PBX nowhere' } });
    const odd = await api(env.url, 'POST', '/api/pbx/of%00fice/cti', { token: env.token, form: event });
    expect(odd.body).toEqual({ error: { code: 'not-found', message: 'No such PBX' } });

    const malformed: ReadonlyArray<readonly [Record<string, string> | string, string]> = [
      [{ callId: 'x2', ...incoming }, 'Invalid request: event: '],
      [{ event: 'ringing', callId: 'x2', ...incoming }, 'Invalid request: event: '],
      [{ event: 'newCall', ...incoming }, 'Invalid request: callId: '],
      [{ event: 'newCall', callId: 'x2', ...incoming, direction: 'sideways' }, 'Invalid request: direction: '],
      [
        { event: 'hangup', callId: 'x2', cause: 'cancel' },
        'Invalid request: a hangup for a call not seen before needs',
      ],
      ['event=newCall&callId=x2&from=1&from=2&direction=in', 'Invalid request: from: '],
      [`event=newCall&callId=${'x'.repeat(201)}&from=1&direction=in`, 'Invalid request: callId: '],
    ];
    for (const [body, message] of malformed) {
      const reply =
        typeof body === 'string'
          ? await rawRequest(env.url, 'POST', '/api/pbx/office/cti', {
              body,
              headers: { authorization: `Bearer ${env.token}`, 'content-type': 'application/x-www-form-urlencoded' },
            })
          : await cti(env, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect((reply.body as { error: { message: string } }).error.message).toContain(message);
    }
    const json = await api(env.url, 'POST', '/api/pbx/office/cti', { token: env.token, rawBody: '[1, 2]' });
    expect(json.status).toBe(400);
    expect(env.heard).toEqual([]);
    expect(await storedCalls(env)).toBe(0);
  });

  test('a rotated token works at once and the old one no longer does', async () => {
    const env = await start(backend);
    const rotated = await api(env.url, 'POST', '/api/admin/pbx/office/token', { token: env.admin });
    const { token } = rotated.body as { token: string };
    expect(token).not.toBe(env.token);
    expect((await cti(env, { event: 'newCall', callId: 't1', ...incoming })).status).toBe(401);
    expect((await cti(env, { event: 'newCall', callId: 't1', ...incoming }, token)).status).toBe(200);
  });

  test('a sink that fails answers 503 and keeps the call as it was, so the PBX retry reaches the sink', async () => {
    let failing = true;
    const heard: PbxCallEvent[] = [];
    const env = await start(backend, {
      sink: async (event) => {
        if (failing) throw new Error('the rule database is down');
        heard.push(event);
      },
    });
    await cti(env, { event: 'newCall', callId: 'f1', ...incoming });
    const refused = await cti(env, { event: 'hangup', callId: 'f1', cause: 'cancel', ...incoming });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body).toEqual({
      error: { code: 'busy', message: 'The call could not be recorded now: send it again' },
    });
    failing = false;
    expect((await cti(env, { event: 'hangup', callId: 'f1', cause: 'cancel', ...incoming })).body).toEqual({
      ok: true,
      recorded: true,
    });
    expect(heard.map((e) => [e.callId, e.state])).toEqual([['f1', 'missed']]);
  });

  test('a server without a call sink refuses call events with 503 rather than drop them', async () => {
    const env = await startTestServer(databases, backend);
    const admin = await signIn(env.url, 'admin');
    const created = await api(env.url, 'POST', '/api/admin/pbx', {
      token: admin,
      body: { id: 'office', name: 'Офис' },
    });
    const { token } = created.body as { token: string };
    const form = { event: 'hangup', callId: 'n1', cause: 'cancel', ...incoming };
    const reply = await api(env.url, 'POST', '/api/pbx/office/cti', { token, form });
    expect(reply.status).toBe(503);
  });

  test('a PBX over its rate gets 429 with Retry-After; a guesser of tokens is cut off by address', async () => {
    const env = await start(backend, { webhookLimits: { perPbx: 3, failuresPerAddress: 2 } });
    for (let i = 0; i < 3; i++)
      expect((await cti(env, { event: 'newCall', callId: `l${i}`, ...incoming })).status).toBe(200);
    const over = await cti(env, { event: 'newCall', callId: 'l3', ...incoming });
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(await storedCalls(env)).toBe(3);

    for (let i = 0; i < 2; i++)
      expect((await cti(env, { event: 'newCall', callId: 'g', ...incoming }, 'C'.repeat(43))).status).toBe(401);
    const cut = await cti(env, { event: 'newCall', callId: 'g', ...incoming }, 'C'.repeat(43));
    expect(cut.status).toBe(429);
    expect((cut.body as { error: { code: string } }).error.code).toBe('too-many-attempts');
  });

  test('only the webhook reads form bodies: every other route still refuses them with 415', async () => {
    const env = await start(backend);
    const reply = await api(env.url, 'POST', '/api/auth/login', { form: { login: 'admin', password: 'x' } });
    expect(reply.status).toBe(415);
  });
});

test('the request log never holds a PBX token that came in the path', () => {
  const logged = webhookLogSerializers.req({
    method: 'POST',
    url: '/api/pbx/office/cti/s3cr3t-token_x?x=1',
    ip: '10.0.0.5',
  });
  expect(logged).toBe('POST /api/pbx/office/cti/***?x=1 from 10.0.0.5');
  expect(webhookLogSerializers.req({ method: 'POST', url: '/api/pbx/office/cti', ip: '10.0.0.5' })).toBe(
    'POST /api/pbx/office/cti from 10.0.0.5',
  );
});
