import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import type { PbxCallEvent, PbxCallSink } from '../../core/calls/pbx-event.js';
import type { PbxView } from '../../core/calls/pbx-settings.js';
import { createServer } from '../app.js';
import { BACKENDS, startTestServer, testDatabases, type TestServer } from '../test-support/backends.js';
import { signIn } from '../test-support/client.js';
import { startTestDovecot, type TestDovecot } from '../test-support/dovecot.js';
import { rawRequest } from '../test-support/raw-http.js';
import type { MailboxCheck } from './mailbox.js';
import { callBody, mail, PATTERN, TIME_FORMAT } from './test-mails.js';

/**
 * The PBX mailbox against a real Dovecot (started once for this file, unprivileged, on loopback) and the real
 * server on both backends. Messages go in with IMAP APPEND, as a mail server would deliver them. The sink
 * stands in for the callback rule and is the seam under test: each test says what it must have heard. Tries
 * to break: encodings, a message the pattern does not match, a reader stopped between the sink and the \Seen
 * flag, a sink that fails, a wrong password.
 */
const databases = testDatabases();
let dovecot: TestDovecot;

beforeAll(async () => {
  dovecot = await startTestDovecot();
}, 60_000);
afterAll(async () => {
  await dovecot?.stop();
});

async function imap<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}

/** A folder of its own for each test, so tests never see each other's messages. */
async function newFolder(): Promise<string> {
  const folder = `pbx-${randomBytes(4).toString('hex')}`;
  await imap((c) => c.mailboxCreate(folder));
  return folder;
}

const append = (folder: string, ...messages: Buffer[]) =>
  imap(async (c) => {
    for (const m of messages) await c.append(folder, m);
  });

/** Message-ID → whether the message is \Seen. */
const seenByMessageId = (folder: string) =>
  imap(async (c) => {
    const seen = new Map<string, boolean>();
    const lock = await c.getMailboxLock(folder);
    try {
      for await (const m of c.fetch('1:*', { flags: true, envelope: true })) {
        seen.set(m.envelope?.messageId?.replace(/^<|>$/g, '') ?? '', m.flags?.has('\\Seen') ?? false);
      }
    } finally {
      lock.release();
    }
    return Object.fromEntries(seen);
  });

async function api<T = unknown>(env: TestServer, method: string, path: string, token: string, body?: unknown) {
  const reply = await rawRequest(env.url, method, path, {
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return reply as { status: number; headers: Record<string, string | undefined>; body: T };
}

const utf8 = mail({
  messageId: 'utf8@pbx.example.by',
  subject: 'Пропущенный вызов',
  body: callBody('+375 29 111-11-11', '01.12.2026 23:15:07', 'Сервис'),
  charset: 'utf-8',
  transfer: '8bit',
});
const koi8 = mail({
  messageId: 'koi8@pbx.example.by',
  subject: 'Пропущенный вызов',
  body: callBody('8 029 222-22-22', '01.12.2026 23:16:00', 'Бухгалтерия'),
  charset: 'koi8-r',
  transfer: '8bit',
});
const base64 = mail({
  messageId: 'base64@pbx.example.by',
  subject: 'Пропущенный вызов',
  body: callBody('+7 495 333-33-33', '01.12.2026 23:17:00', 'Продажи'),
  charset: 'utf-8',
  transfer: 'base64',
});
const qp = mail({
  messageId: 'qp@pbx.example.by',
  subject: 'Пропущенный вызов',
  subjectEncoding: 'Q',
  body: callBody('80294444444', '01.12.2026 23:18:00', 'Сервис'),
  charset: 'koi8-r',
  transfer: 'quoted-printable',
});
const voicemail = mail({
  messageId: 'voicemail@pbx.example.by',
  subject: 'Голосовое сообщение',
  body: 'Новое голосовое сообщение от +375 29 555-55-55\n',
  charset: 'koi8-r',
  transfer: 'base64',
});

const minsk = (hh: number, mm: number, ss = 0) => Date.UTC(2026, 11, 1, hh - 3, mm, ss);

type Env = TestServer & Readonly<{ heard: PbxCallEvent[]; admin: string; folder: string }>;

function recorder(): { heard: PbxCallEvent[]; sink: PbxCallSink } {
  const heard: PbxCallEvent[] = [];
  return {
    heard,
    sink: async (event) => {
      heard.push(event);
    },
  };
}

async function start(backend: (typeof BACKENDS)[number], sink?: PbxCallSink): Promise<Env> {
  const rec = recorder();
  const env = await startTestServer(databases, backend, { pbx: { sink: sink ?? rec.sink, mailboxPollMs: false } });
  const admin = await signIn(env.url, 'admin');
  expect((await api(env, 'POST', '/api/admin/pbx', admin, { id: 'office', name: 'Офис' })).status).toBe(201);
  const folder = await newFolder();
  const saved = await api(env, 'PUT', '/api/admin/pbx/office/mailbox', admin, settings(folder));
  expect(saved.status).toBe(200);
  return { ...env, heard: rec.heard, admin, folder };
}

const settings = (folder: string, pattern = PATTERN, password = dovecot.password) => ({
  enabled: true,
  host: dovecot.host,
  port: dovecot.port,
  security: 'none',
  user: dovecot.user,
  password,
  folder,
  pattern,
  timeFormat: TIME_FORMAT,
  timeZone: 'Europe/Minsk',
  sampleMessage: koi8.toString('latin1'),
});

const check = async (env: Env) => {
  const reply = await api<MailboxCheck>(env, 'POST', '/api/admin/pbx/office/mailbox/check', env.admin);
  expect(reply.status).toBe(200);
  return reply.body;
};

describe.each(BACKENDS)('PBX mailbox on %s', (backend) => {
  test('UTF-8, KOI8-R, base64 and quoted-printable messages each reach the sink once as a missed call, then are \\Seen; a message the pattern does not match stays unseen and is reported once', async () => {
    const env = await start(backend);
    await append(env.folder, utf8, koi8, voicemail, base64, qp);

    expect(await check(env)).toEqual({ pbxId: 'office', delivered: 4, unmatched: 1, error: null });
    expect(env.heard.map((e) => [e.callId, e.from, e.queue, e.startedAt])).toEqual([
      ['mail:utf8@pbx.example.by', '+375 29 111-11-11', 'Сервис', minsk(23, 15, 7)],
      ['mail:koi8@pbx.example.by', '8 029 222-22-22', 'Бухгалтерия', minsk(23, 16)],
      ['mail:base64@pbx.example.by', '+7 495 333-33-33', 'Продажи', minsk(23, 17)],
      ['mail:qp@pbx.example.by', '80294444444', 'Сервис', minsk(23, 18)],
    ]);
    for (const event of env.heard) {
      expect(event).toMatchObject({ pbxId: 'office', direction: 'in', state: 'missed', answeredAt: null, to: null });
    }
    expect(await seenByMessageId(env.folder)).toEqual({
      'utf8@pbx.example.by': true,
      'koi8@pbx.example.by': true,
      'voicemail@pbx.example.by': false,
      'base64@pbx.example.by': true,
      'qp@pbx.example.by': true,
    });

    // Checked again: nothing new for the sink, the unmatched message still unseen and still counted once.
    expect(await check(env)).toEqual({ pbxId: 'office', delivered: 0, unmatched: 1, error: null });
    expect(env.heard).toHaveLength(4);
    const view = (await api<PbxView>(env, 'GET', '/api/admin/pbx/office', env.admin)).body;
    expect(view.mailboxStatus).toMatchObject({ error: null, unmatched: 1 });
    expect(view.mailboxStatus.checkedAt).toEqual(expect.any(Number));
    expect(view.mailboxStatus.recentUnmatched).toEqual([
      expect.objectContaining({ subject: 'Голосовое сообщение', reason: 'The pattern does not match the message' }),
    ]);
  });

  test('a pattern the admin fixes reads the message it had left unseen, and the unmatched count drops to zero', async () => {
    const env = await start(backend);
    await append(env.folder, voicemail);
    expect(await check(env)).toMatchObject({ delivered: 0, unmatched: 1 });
    const wider = '(?:^Номер:|голосовое сообщение от)[ \\t]*(?<number>\\+?[\\d][\\d \\t-]*\\d)';
    expect(
      (await api(env, 'PUT', '/api/admin/pbx/office/mailbox', env.admin, settings(env.folder, wider))).status,
    ).toBe(200);
    expect(await check(env)).toMatchObject({ delivered: 1, unmatched: 0 });
    expect(env.heard.map((e) => [e.callId, e.from, e.startedAt])).toEqual([
      ['mail:voicemail@pbx.example.by', '+375 29 555-55-55', Date.UTC(2026, 11, 1, 20, 20)],
    ]);
    expect((await api<PbxView>(env, 'GET', '/api/admin/pbx/office', env.admin)).body.mailboxStatus.unmatched).toBe(0);
    expect(await seenByMessageId(env.folder)).toEqual({ 'voicemail@pbx.example.by': true });
  });

  test('a server stopped between the sink and the \\Seen flag re-reads that message after its restart, with the same call id', async () => {
    let reached: () => void = () => undefined;
    const atSecond = new Promise<void>((resolve) => (reached = resolve));
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const first: PbxCallEvent[] = [];
    const env = await start(backend, async (event) => {
      first.push(event);
      if (first.length === 2) {
        reached();
        await released; // the sink has the call; the server dies before it marks the message
      }
    });
    await append(env.folder, utf8, koi8, base64);
    const interrupted = env.server.mailboxReader?.checkNow('office');
    await atSecond;
    const closing = env.server.close();
    release();
    await closing;
    expect(await interrupted).toEqual([{ pbxId: 'office', delivered: 1, unmatched: 0, error: 'stopped' }]);
    expect(await seenByMessageId(env.folder)).toEqual({
      'utf8@pbx.example.by': true,
      'koi8@pbx.example.by': false,
      'base64@pbx.example.by': false,
    });

    const second = recorder();
    const restarted = await createServer({ db: env.dbUrl, pbx: { sink: second.sink, mailboxPollMs: false } });
    onTestFinished(() => restarted.close());
    expect(await restarted.mailboxReader?.checkNow('office')).toEqual([
      { pbxId: 'office', delivered: 2, unmatched: 0, error: null },
    ]);
    expect(first.map((e) => e.callId)).toEqual(['mail:utf8@pbx.example.by', 'mail:koi8@pbx.example.by']);
    expect(second.heard.map((e) => e.callId)).toEqual(['mail:koi8@pbx.example.by', 'mail:base64@pbx.example.by']);
    // The message heard twice is the same call both times: the rule behind the sink records it once.
    expect(second.heard[0]).toEqual(first[1]);
    expect(new Set([...first, ...second.heard].map((e) => e.callId)).size).toBe(3);
    expect(Object.values(await seenByMessageId(env.folder))).toEqual([true, true, true]);
  });

  test('a sink that fails leaves its message unseen, the check says why, and the next check delivers it', async () => {
    let failing = true;
    const heard: PbxCallEvent[] = [];
    const env = await start(backend, async (event) => {
      if (failing) throw new Error('the rule database is down');
      heard.push(event);
    });
    await append(env.folder, utf8, qp);
    const failed = await check(env);
    expect(failed).toMatchObject({ delivered: 0, unmatched: 0 });
    expect(failed.error).toMatch(/The call sink failed on UID 1: the rule database is down/);
    expect((await api<PbxView>(env, 'GET', '/api/admin/pbx/office', env.admin)).body.mailboxStatus.error).toMatch(
      /the rule database is down/,
    );
    expect(Object.values(await seenByMessageId(env.folder))).toEqual([false, false]);
    failing = false;
    expect(await check(env)).toEqual({ pbxId: 'office', delivered: 2, unmatched: 0, error: null });
    expect(heard.map((e) => e.callId)).toEqual(['mail:utf8@pbx.example.by', 'mail:qp@pbx.example.by']);
    expect((await api<PbxView>(env, 'GET', '/api/admin/pbx/office', env.admin)).body.mailboxStatus.error).toBeNull();
  });

  test('a wrong IMAP password is the mailbox error the admin sees, and nothing is read', async () => {
    const env = await start(backend);
    await append(env.folder, utf8);
    const wrong = await api(
      env,
      'PUT',
      '/api/admin/pbx/office/mailbox',
      env.admin,
      settings(env.folder, PATTERN, 'wrong'),
    );
    expect(wrong.status).toBe(200);
    const failed = await check(env);
    expect(failed.delivered).toBe(0);
    expect(failed.error).toMatch(/auth/i);
    expect(env.heard).toEqual([]);
    expect(await seenByMessageId(env.folder)).toEqual({ 'utf8@pbx.example.by': false });
  });
});

test('a mailbox set to STARTTLS is never read in clear text when the mail server offers no STARTTLS', async () => {
  const rec = recorder();
  const env = await startTestServer(databases, 'sqlite', { pbx: { sink: rec.sink, mailboxPollMs: false } });
  const admin = await signIn(env.url, 'admin');
  await api(env, 'POST', '/api/admin/pbx', admin, { id: 'office', name: 'Офис' });
  const folder = await newFolder();
  await append(folder, utf8);
  const expected = { starttls: /does not support STARTTLS/, tls: /SSL|TLS|wrong version/i };
  for (const [security, error] of Object.entries(expected)) {
    await api(env, 'PUT', '/api/admin/pbx/office/mailbox', admin, { ...settings(folder), security });
    const reply = await api<MailboxCheck>(env, 'POST', '/api/admin/pbx/office/mailbox/check', admin);
    expect(reply.body.delivered, security).toBe(0);
    expect(reply.body.error, security).toMatch(error);
  }
  expect(rec.heard).toEqual([]);
  expect(await seenByMessageId(folder)).toEqual({ 'utf8@pbx.example.by': false });
});

test('the server polls enabled mailboxes by itself', async () => {
  const rec = recorder();
  const env = await startTestServer(databases, 'sqlite', { pbx: { sink: rec.sink, mailboxPollMs: 200 } });
  const admin = await signIn(env.url, 'admin');
  await api(env, 'POST', '/api/admin/pbx', admin, { id: 'office', name: 'Офис' });
  const folder = await newFolder();
  await api(env, 'PUT', '/api/admin/pbx/office/mailbox', admin, settings(folder));
  await append(folder, base64);
  const deadline = Date.now() + 10_000;
  while (rec.heard.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(rec.heard.map((e) => e.callId)).toEqual(['mail:base64@pbx.example.by']);
});
