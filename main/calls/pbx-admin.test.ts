import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../core/dispatch.js';
import { createServer, type PultServer } from '../../server/app.js';
import { PASSWORD, seedWorld } from '../../server/test-support/world.js';
import { createMemorySecretStore } from '../sync/secret-store.js';
import { openWorkstation, type Workstation } from '../workstation.js';

/**
 * An admin sets up the company's PBXs from a desk: the desk forwards to its server with the admin's session.
 * What this tries to break: a dispatcher reaching the settings, a broken pattern reaching the server, the
 * IMAP password coming back, and a desk without a server pretending to save.
 */
let dir: string;
let server: PultServer;
const desks: Workstation[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pult-pbx-admin-'));
  server = await createServer({ db: `sqlite:${join(dir, 'server.sqlite')}`, pbx: { mailboxPollMs: false } });
  await seedWorld(server.database);
});

afterEach(async () => {
  for (const desk of desks.splice(0)) desk.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function deskOf(login: string | null): Promise<Workstation> {
  const desk = openWorkstation({
    dataFile: join(dir, `${login ?? 'standalone'}.sqlite`),
    ...(login ? { sync: { serverUrl: server.url, secrets: createMemorySecretStore() } } : {}),
  });
  desks.push(desk);
  if (login) {
    const signed = await dispatch(desk.handlers, 'session:sign-in', { login, password: PASSWORD });
    expect(signed.ok).toBe(true);
  }
  return desk;
}

const MAILBOX = {
  enabled: true,
  host: 'mail.example.by',
  port: 993,
  security: 'tls',
  user: 'pbx@example.by',
  password: 'секрет IMAP',
  folder: 'INBOX',
  pattern: 'Номер:\\s*(?<number>\\S*)',
  timeFormat: null,
  timeZone: 'Europe/Minsk',
  sampleMessage: 'Subject: Missed call\r\nDate: Mon, 02 Nov 2026 12:00:00 +0300\r\n\r\nНомер: +375291234567\r\n',
};

describe('PBX settings from an admin desk', () => {
  it('an admin creates a PBX (token shown once), sets its mailbox and tries the pattern; the password never comes back', async () => {
    const desk = await deskOf('admin');
    expect(await dispatch(desk.handlers, 'pbx:list', {})).toEqual({ ok: true, value: [] });
    const created = await dispatch(desk.handlers, 'pbx:create', { id: 'office', name: 'Офис, Asterisk' });
    expect(created).toMatchObject({
      ok: true,
      value: { pbx: { id: 'office', mailbox: null }, webhookPath: '/api/pbx/office/cti' },
    });
    const token = created.ok ? (created.value as { token: string }).token : '';
    expect(token.length).toBeGreaterThan(20);
    const saved = await dispatch(desk.handlers, 'pbx:set-mailbox', { id: 'office', ...MAILBOX });
    expect(saved).toMatchObject({
      ok: true,
      value: {
        pbx: { mailbox: { host: 'mail.example.by', passwordSet: true } },
        sample: { ok: true, number: '+375291234567', startedAt: Date.UTC(2026, 10, 2, 9, 0, 0) },
      },
    });
    expect(JSON.stringify(saved)).not.toContain('секрет IMAP');
    const tried = await dispatch(desk.handlers, 'pbx:test-pattern', {
      id: 'office',
      pattern: 'Звонок от\\s*(?<number>\\S+)',
    });
    expect(tried).toMatchObject({ ok: true, value: { ok: false } });
    const rotated = await dispatch(desk.handlers, 'pbx:rotate-token', { id: 'office' });
    expect(rotated.ok && (rotated.value as { token: string }).token).not.toBe(token);
    const list = await dispatch(desk.handlers, 'pbx:list', {});
    expect(JSON.stringify(list)).not.toContain('секрет IMAP');
    expect(JSON.stringify(list)).not.toContain(token);
  });

  it('a pattern without a number group, a bad port and an unknown PBX are refused with the reason; nothing is saved', async () => {
    const desk = await deskOf('admin');
    await dispatch(desk.handlers, 'pbx:create', { id: 'office', name: 'Офис' });
    const noNumber = await dispatch(desk.handlers, 'pbx:set-mailbox', {
      id: 'office',
      ...MAILBOX,
      pattern: 'Номер:\\s*(?<nubmer>\\S*)',
    });
    expect(noNumber).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(JSON.stringify(!noNumber.ok && noNumber.error.issues)).toContain('nubmer');
    const badPort = await dispatch(desk.handlers, 'pbx:set-mailbox', { id: 'office', ...MAILBOX, port: 70000 });
    expect(badPort).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const badZone = await dispatch(desk.handlers, 'pbx:set-mailbox', {
      id: 'office',
      ...MAILBOX,
      timeZone: 'Europe/Nowhere',
    });
    expect(badZone).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(!badZone.ok && badZone.error.message).toContain('Europe/Nowhere');
    const unknown = await dispatch(desk.handlers, 'pbx:rotate-token', { id: 'depot' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const list = await dispatch(desk.handlers, 'pbx:list', {});
    expect(list).toMatchObject({ ok: true, value: [{ id: 'office', mailbox: null }] });
  });

  it('a dispatcher is refused by the server, and a desk without a server says where PBXs are set up', async () => {
    const anna = await deskOf('anna');
    expect(await dispatch(anna.handlers, 'pbx:list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const created = await dispatch(anna.handlers, 'pbx:create', { id: 'office', name: 'Офис' });
    expect(created).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const standalone = await deskOf(null);
    const refused = await dispatch(standalone.handlers, 'pbx:list', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(!refused.ok && refused.error.message).toContain('company server');
  });
});
