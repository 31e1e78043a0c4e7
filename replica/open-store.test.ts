import { deskDatabase } from '../main/workstation-db.js';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS, migrate } from './migrations/index.js';
import { openDatabase, PULT_APPLICATION_ID, StoreOpenError } from './open-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pult-store-'));
});
afterEach(() => {
  /* temp dirs are left to the OS: a failing test's file is worth looking at */
});

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function expectRefusedUntouched(path: string, problem: string) {
  const before = sha(path);
  let error: unknown;
  try {
    openDatabase(path).close();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(StoreOpenError);
  expect((error as StoreOpenError).problem).toBe(problem);
  expect((error as StoreOpenError).message).toMatch(/not changed/);
  expect(sha(path)).toBe(before);
}

describe('opening a data file', () => {
  it('creates a new store with WAL, synchronous=FULL, the Pult id and the latest schema', () => {
    const db = openDatabase(join(dir, 'new.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('application_id', { simple: true })).toBe(PULT_APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it('opens its own file again without migrating twice', () => {
    const path = join(dir, 'again.sqlite');
    openDatabase(path).close();
    const db = openDatabase(path);
    expect((db.prepare('SELECT count(*) AS n FROM statuses').get() as { n: number }).n).toBe(9);
    expect(migrate(db)).toBe(0);
    db.close();
  });

  it('refuses a file that is not SQLite and leaves it byte for byte', () => {
    const path = join(dir, 'notes.sqlite');
    writeFileSync(path, 'Список заявок на завтра: позвонить в Автопарк №5\n'.repeat(20));
    expectRefusedUntouched(path, 'not-sqlite');
  });

  it("refuses another application's SQLite database untouched", () => {
    const path = join(dir, 'foreign.sqlite');
    const other = new Database(path);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 99.5);');
    other.close();
    expectRefusedUntouched(path, 'foreign');
  });

  it('refuses a store written by a newer Pult untouched', () => {
    const path = join(dir, 'newer.sqlite');
    const db = openDatabase(path);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    expectRefusedUntouched(path, 'newer-schema');
  });

  it('refuses a damaged store untouched instead of "repairing" it', () => {
    const path = join(dir, 'damaged.sqlite');
    const db = openDatabase(path);
    db.exec("INSERT INTO settings (key, value) VALUES ('x', '" + 'y'.repeat(50_000) + "')");
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(path);
    // Overwrite the middle pages (b-tree pages of the schema's tables) with garbage, keep the header.
    bytes.fill(0xa5, 4096 * 2, bytes.length - 4096);
    writeFileSync(path, bytes);
    expectRefusedUntouched(path, 'corrupt');
  });
});

describe('migrations', () => {
  it('0001 creates every table STRICT, with the named indexes the grid relies on', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    const tables = db
      .prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'ticket_fts%' AND name NOT LIKE 'sqlite_%'",
      )
      .all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toContain('tickets');
    for (const t of tables) expect(t.sql, t.name).toMatch(/STRICT/);
    const indexes = (
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%'").all() as {
        name: string;
      }[]
    ).map((i) => i.name);
    for (const index of indexes) expect(index).toMatch(/^[a-z_]+_by_[a-z0-9_]+$/);
    expect(indexes).toContain('tickets_unpaid_by_client_id');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect((db.prepare('SELECT count(*) AS n FROM statuses').get() as { n: number }).n).toBe(0);
  });

  it('0002 seeds the status model of core/tickets/status-model.ts', () => {
    const db = new Database(':memory:');
    migrate(db, 2);
    const statuses = (db.prepare('SELECT code FROM statuses ORDER BY position').all() as { code: string }[]).map(
      (s) => s.code,
    );
    expect(statuses).toEqual([
      'new',
      'in_progress',
      'needs_visit',
      'visit_planned',
      'paid_visit',
      'waiting_payment',
      'done',
      'closed',
      'cancelled',
    ]);
    expect(
      (db.prepare("SELECT count(*) AS n FROM status_transitions WHERE from_status = 'closed'").get() as { n: number })
        .n,
    ).toBe(0);
  });

  it('are numbered upward from 1, each once', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions[0]).toBe(1);
    expect(versions.every((v, i) => i === 0 || v > versions[i - 1]!)).toBe(true);
  });

  it('a failing migration leaves the schema version where it was', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    db.exec('CREATE TABLE statuses_blocker (x INTEGER) STRICT; DROP TABLE status_transitions;');
    expect(() => migrate(db)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });
});

describe('the page check of a large store', () => {
  it('runs after start, finds damage, and stops the desk from writing to the file', async () => {
    const { checkStoreInBackground, SYNC_CHECK_MAX_BYTES } = await import('./open-store.js');
    const { openWorkstation } = await import('../main/workstation.js');
    const { seedWorld } = await import('../main/test-support/fixtures.js');
    const path = join(dir, 'large.sqlite');
    const setup = openWorkstation({ dataFile: path });
    const world = seedWorld(deskDatabase(setup));
    expect(await (await import('../core/dispatch.js')).dispatch(setup.handlers, 'store:status', {})).toEqual({
      ok: true,
      value: { damaged: null },
    });
    const insert = deskDatabase(setup).prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    const blob = 'x'.repeat(1_000_000);
    for (let i = 0; i * 1_000_000 < SYNC_CHECK_MAX_BYTES + 4_000_000; i++) insert.run(`blob${i}`, blob);
    setup.close();
    expect(await checkStoreInBackground(path)).toBeNull();

    // Damage the overflow pages of one large value: opening never reads them, only the page check does.
    const db = new Database(path, { readonly: true });
    const page = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const bytes = readFileSync(path);
    const at = Math.floor(bytes.length / page / 2) * page;
    for (let p = at; p < at + 32 * page; p += page) bytes.fill(0xa5, p, p + 4);
    writeFileSync(path, bytes);
    expect(await checkStoreInBackground(path)).not.toBeNull();

    const desk = openWorkstation({ dataFile: path });
    try {
      const damaged = await new Promise<unknown>((resolve) =>
        desk.subscribe((e) => e.type === 'damaged' && resolve(e)),
      );
      expect(damaged).toMatchObject({ type: 'damaged', message: expect.stringMatching(/damaged/) });
      const { dispatch } = await import('../core/dispatch.js');
      // A window opened after the event (or the browser page reloaded) still learns it.
      expect(await dispatch(desk.handlers, 'store:status', {})).toEqual({
        ok: true,
        value: { damaged: (damaged as { message: string }).message },
      });
      const result = await dispatch(desk.handlers, 'ticket:add-comment', {
        id: crypto.randomUUID(),
        ticketId: world.open.id,
        body: 'x',
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'store-unavailable' } });
    } finally {
      desk.close();
    }
  });
});
