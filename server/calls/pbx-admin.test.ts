import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { PatternResult, PbxTokenResponse, PbxView } from '../../core/calls/pbx-settings.js';
import { BACKENDS, startTestServer, testDatabases, type TestServer } from '../test-support/backends.js';
import { signIn } from '../test-support/client.js';
import { rawRequest } from '../test-support/raw-http.js';
import { createSecretBox, loadServerKey, mailboxPasswordContext } from '../secrets/server-key.js';
import { callBody, mail, PATTERN, TIME_FORMAT } from './test-mails.js';

/**
 * The admin side of PBXs on the real server, on both backends: only admins, the token shown once and stored
 * hashed, mailbox settings checked before they are saved (a bad pattern or zone changes nothing), the IMAP
 * password never returned, and a pattern tried on a sample says what it extracted.
 */
const databases = testDatabases();

type Env = TestServer & Readonly<{ admin: string }>;

async function api<T = unknown>(env: TestServer, method: string, path: string, token: string, body?: unknown) {
  const reply = await rawRequest(env.url, method, path, {
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return reply as { status: number; body: T };
}

const sample = mail({
  messageId: 'sample@pbx',
  subject: 'Пропущенный вызов',
  subjectEncoding: 'Q',
  body: callBody('+375 29 123-45-67', '01.12.2026 23:15:07', 'Сервис'),
  charset: 'koi8-r',
  transfer: 'quoted-printable',
}).toString('latin1');

const mailbox = (over: Record<string, unknown> = {}) => ({
  enabled: true,
  host: 'mail.example.by',
  port: 993,
  security: 'tls',
  user: 'pbx@example.by',
  password: 'imap secret',
  folder: 'INBOX',
  pattern: PATTERN,
  timeFormat: TIME_FORMAT,
  timeZone: 'Europe/Minsk',
  sampleMessage: sample,
  ...over,
});

async function start(backend: (typeof BACKENDS)[number]): Promise<Env> {
  const env = await startTestServer(databases, backend);
  return { ...env, admin: await signIn(env.url, 'admin') };
}

describe.each(BACKENDS)('PBX admin on %s', (backend) => {
  test('only an admin may see or change PBXs', async () => {
    const env = await start(backend);
    const anna = await signIn(env.url, 'anna');
    for (const [method, path, body] of [
      ['GET', '/api/admin/pbx', undefined],
      ['POST', '/api/admin/pbx', { name: 'АТС' }],
      ['PUT', '/api/admin/pbx/office/mailbox', mailbox()],
    ] as const) {
      const reply = await api(env, method, path, anna, body);
      expect(reply.status).toBe(403);
      expect(reply.body).toEqual({ error: { code: 'forbidden', message: 'Only an admin may manage PBXs' } });
    }
    expect((await rawRequest(env.url, 'GET', '/api/admin/pbx')).status).toBe(401);
    expect((await api<PbxView[]>(env, 'GET', '/api/admin/pbx', env.admin)).body).toEqual([]);
  });

  test('a new PBX shows its token once, the server keeps only its SHA-256, and a taken or bad id is refused', async () => {
    const env = await start(backend);
    const created = await api<PbxTokenResponse>(env, 'POST', '/api/admin/pbx', env.admin, {
      id: 'office',
      name: 'Офис',
    });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.body.webhookPath).toBe('/api/pbx/office/cti');
    expect(created.body.pbx).toMatchObject({ id: 'office', name: 'Офис', mailbox: null });
    const stored = await env.server.database.db.selectFrom('pbxes').select('token_hash').executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(createHash('sha256').update(created.body.token).digest('hex'));
    const listed = await api(env, 'GET', '/api/admin/pbx', env.admin);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);

    expect((await api(env, 'POST', '/api/admin/pbx', env.admin, { id: 'office', name: 'Ещё' })).status).toBe(409);
    const bad = await api(env, 'POST', '/api/admin/pbx', env.admin, { id: 'Офис 1', name: 'x' });
    expect(bad.status).toBe(400);
    const generated = await api<PbxTokenResponse>(env, 'POST', '/api/admin/pbx', env.admin, { name: 'Склад' });
    expect(generated.body.pbx.id).toMatch(/^pbx-[0-9a-f]{8}$/);
    expect((await api(env, 'POST', '/api/admin/pbx/nowhere/token', env.admin)).status).toBe(404);
  });

  test('mailbox settings are saved without ever returning the password, sealed at rest, and a save without one keeps it', async () => {
    const env = await start(backend);
    await api(env, 'POST', '/api/admin/pbx', env.admin, { id: 'office', name: 'Офис' });
    const saved = await api<{ pbx: PbxView; sample: PatternResult }>(
      env,
      'PUT',
      '/api/admin/pbx/office/mailbox',
      env.admin,
      mailbox(),
    );
    expect(saved.status).toBe(200);
    expect(saved.body.pbx.mailbox).toMatchObject({
      host: 'mail.example.by',
      passwordSet: true,
      timeZone: 'Europe/Minsk',
    });
    expect(JSON.stringify(saved.body)).not.toContain('imap secret');
    // The saved pattern on the saved sample, at once.
    expect(saved.body.sample).toMatchObject({ ok: true, number: '+375 29 123-45-67', queue: 'Сервис' });

    const { password: _dropped, ...withoutPassword } = mailbox({ folder: 'Missed' });
    expect((await api(env, 'PUT', '/api/admin/pbx/office/mailbox', env.admin, withoutPassword)).status).toBe(200);
    const row = await env.server.database.db.selectFrom('pbxes').select('mailbox').executeTakeFirstOrThrow();
    // A copy of the database holds no usable password: only the server's key (outside it) opens it.
    expect(row.mailbox).not.toContain('imap secret');
    const stored = JSON.parse(row.mailbox ?? '{}') as { folder: string; password: string };
    expect(stored.folder).toBe('Missed');
    const key = createSecretBox(loadServerKey());
    expect(key.open(stored.password, mailboxPasswordContext('office'))).toBe('imap secret');
  });

  test('a bad pattern, an unknown zone or a new mailbox without a password is refused with the reason, and nothing changes', async () => {
    const env = await start(backend);
    await api(env, 'POST', '/api/admin/pbx', env.admin, { id: 'office', name: 'Офис' });
    const { password: _dropped, ...withoutPassword } = mailbox();
    const refusals: ReadonlyArray<readonly [unknown, string]> = [
      [mailbox({ pattern: '(?<number>\\d+' }), 'pattern: The pattern is not a valid regular expression'],
      [mailbox({ pattern: '(?<nubmer>\\d+)' }), 'pattern: The pattern names unknown groups (nubmer)'],
      [mailbox({ pattern: 'Номер: (\\d+)' }), 'pattern: The pattern needs a group (?<number>…)'],
      [mailbox({ timeZone: 'Europe/Minks' }), 'timeZone: Unknown time zone "Europe/Minks"'],
      [mailbox({ security: 'ssl' }), 'security: '],
      [mailbox({ port: 0 }), 'port: '],
      [mailbox({ extra: 1 }), 'Invalid request: '],
      [withoutPassword, 'password: the mailbox has no password yet'],
    ];
    for (const [body, message] of refusals) {
      const reply = await api<{ error: { message: string } }>(
        env,
        'PUT',
        '/api/admin/pbx/office/mailbox',
        env.admin,
        body,
      );
      expect(reply.status, message).toBe(400);
      expect(reply.body.error.message).toContain(message);
    }
    const view = await api<PbxView>(env, 'GET', '/api/admin/pbx/office', env.admin);
    expect(view.body.mailbox).toBeNull();
    expect((await api(env, 'PUT', '/api/admin/pbx/nowhere/mailbox', env.admin, mailbox())).status).toBe(404);
  });

  test('a pattern tried on a sample returns what it extracted and the text it ran on, or why it extracted nothing', async () => {
    const env = await start(backend);
    await api(env, 'POST', '/api/admin/pbx', env.admin, { id: 'office', name: 'Офис' });
    const path = '/api/admin/pbx/office/mailbox/test';
    const tried = await api<PatternResult>(env, 'POST', path, env.admin, {
      pattern: PATTERN,
      timeFormat: TIME_FORMAT,
      sampleMessage: sample,
    });
    expect(tried.body).toEqual({
      ok: true,
      text: 'Пропущенный вызов\nПропущенный вызов\nНомер: +375 29 123-45-67\nВремя: 01.12.2026 23:15:07\nОчередь: Сервис',
      number: '+375 29 123-45-67',
      queue: 'Сервис',
      to: null,
      startedAt: Date.UTC(2026, 11, 1, 20, 15, 7),
      timeFrom: 'pattern',
    });
    const missed = await api<PatternResult>(env, 'POST', path, env.admin, {
      pattern: '^Caller:\\s*(?<number>\\d+)',
      sampleMessage: sample,
    });
    expect(missed.body).toMatchObject({ ok: false, reason: 'The pattern does not match the message' });
    // Nothing given and nothing saved: the reason, not a guess.
    const nothing = await api<{ error: { message: string } }>(env, 'POST', path, env.admin, {});
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.message).toBe('Invalid request: pattern: none given or saved');
    // Saved settings are what a test without fields uses.
    await api(env, 'PUT', '/api/admin/pbx/office/mailbox', env.admin, mailbox());
    expect((await api<PatternResult>(env, 'POST', path, env.admin, {})).body).toMatchObject({
      ok: true,
      queue: 'Сервис',
    });
  });

  test('a mailbox check on a server without a call sink says so instead of reading mail nobody records', async () => {
    const env = await start(backend);
    await api(env, 'POST', '/api/admin/pbx', env.admin, { id: 'office', name: 'Офис' });
    await api(env, 'PUT', '/api/admin/pbx/office/mailbox', env.admin, mailbox());
    const reply = await api<{ error: { code: string; message: string } }>(
      env,
      'POST',
      '/api/admin/pbx/office/mailbox/check',
      env.admin,
    );
    expect(reply.status).toBe(409);
    expect(reply.body.error.message).toMatch(/without a call sink/);
  });
});
