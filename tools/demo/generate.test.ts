import type { Database } from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate, version } from 'uuid';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { TABLES, type TableName } from '../../core/entities.js';
import { normalizePhone } from '../../core/phone.js';
import { SEED_STATUS_MODEL, isTransitionAllowed, statusKind } from '../../core/tickets/status-model.js';
import { openDatabase } from '../../replica/open-store.js';
import { createRowStore, fromDb } from '../../replica/rows.js';
import { BulkWriter } from '../../replica/bulk-writer.js';
import { main } from './cli.js';
import { UNKNOWN_CALLER_CLIENT_ID } from '../../core/calls/mutators.js';
import { generateDemo, type DemoSummary } from './generate.js';
import { pbxNumber } from './plan.js';
import { Rng } from './rng.js';
import { HOUR, LOCAL_OFFSET } from './time.js';

/** A Wednesday, 13:30 in Minsk: some visits are under way, some planned, most long done. */
const NOW = Date.UTC(2025, 2, 12, 10, 30);
const SYNCED = Object.keys(TABLES) as TableName[];

type Rec = Record<string, unknown>;

function dump(db: Database): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of [...SYNCED, 'settings'] as const) {
    out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY ${t === 'settings' ? 'key' : 'id'}`).all();
  }
  return out;
}

async function demo(tickets: number, seed = 1): Promise<{ db: Database; summary: DemoSummary }> {
  const db = openDatabase(':memory:');
  return { db, summary: await generateDemo(db, { tickets, seed, now: NOW }) };
}

describe('a demo of 1 500 tickets', () => {
  let db: Database;
  let summary: DemoSummary;
  const all = (sql: string, ...args: unknown[]) => db.prepare(sql).all(...args) as Rec[];
  const one = (sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as Rec;

  beforeAll(async () => {
    ({ db, summary } = await demo(1500));
  });
  afterAll(() => db.close());

  test('has the promised counts, and ticket numbers 1..N in creation order', () => {
    const count = (t: string) => one(`SELECT count(*) AS n FROM ${t}`).n;
    expect(summary.tickets).toBe(1500);
    expect(count('tickets')).toBe(1500);
    expect(summary.clients).toBe(60);
    // And the unknown caller, whom withheld numbers' callbacks belong to.
    expect(count('clients')).toBe(summary.clients + 1);
    expect(count('contacts')).toBe(summary.contacts);
    expect(count('vehicles')).toBe(summary.vehicles);
    expect(count('employees')).toBe(summary.employees);
    expect(summary.employees).toBeGreaterThanOrEqual(15);
    expect(summary.employees).toBeLessThanOrEqual(40);
    const perClient = all(
      `SELECT (SELECT count(*) FROM contacts WHERE client_id = c.id) AS contacts,
                                  (SELECT count(*) FROM vehicles WHERE client_id = c.id) AS vehicles FROM clients c
                                  WHERE c.id != ?`,
      UNKNOWN_CALLER_CLIENT_ID,
    );
    for (const c of perClient) {
      expect(c.contacts).toBeGreaterThanOrEqual(1);
      expect(c.contacts).toBeLessThanOrEqual(4);
      expect(c.vehicles).toBeGreaterThanOrEqual(1);
      expect(c.vehicles).toBeLessThanOrEqual(30);
    }
    const numbers = all('SELECT number FROM tickets ORDER BY created_at, seq').map((r) => r.number);
    expect(numbers).toEqual(Array.from({ length: 1500 }, (_, i) => i + 1));
    const oldest = one('SELECT min(created_at) AS t FROM tickets').t as number;
    expect(NOW - oldest).toBeGreaterThan(400 * 24 * HOUR);
    expect(one('SELECT max(created_at) AS t FROM tickets').t).toBeLessThan(NOW);
  });

  test('every row is valid for its schema in core/entities.ts', () => {
    for (const table of SYNCED) {
      for (const record of all(`SELECT * FROM ${table}`)) {
        const parsed = TABLES[table].safeParse(fromDb(table, record));
        if (!parsed.success) throw new Error(`${table}: ${parsed.error.message}\n${JSON.stringify(record)}`);
      }
    }
  });

  test('phones are typed in mixed formats and each e164 is what normalizePhone makes of the raw text', () => {
    const phones = all('SELECT raw, e164 FROM phones');
    for (const p of phones) expect(normalizePhone(String(p.raw))).toBe(p.e164);
    const raws = phones.map((p) => String(p.raw));
    for (const shape of [
      /^\+375\d{9}$/,
      /^8 0\d\d /,
      /^80\d{9}$/,
      /^\(0\d+\) /,
      /^\+375 \(\d+\) /,
      /^\+7 /,
      /^8 \(\d{3,5}\) /,
    ]) {
      expect(raws.some((r) => shape.test(r))).toBe(true);
    }
    // Nobody shares a number: caller identification depends on it.
    expect(one('SELECT count(e164) - count(DISTINCT e164) AS dup FROM phones').dup).toBe(0);
    for (const c of all('SELECT number_raw, number_e164 FROM calls')) {
      expect(c.number_raw === 'anonymous' ? null : normalizePhone(String(c.number_raw))).toBe(c.number_e164);
    }
  });

  test('clients look like Belarusian and Russian companies, with matching tax ids, currency and plates', () => {
    for (const c of all('SELECT * FROM clients WHERE id != ?', UNKNOWN_CALLER_CLIENT_ID)) {
      expect(String(c.name)).toMatch(/^(ООО|ОАО|ЗАО|АО|ПАО|ЧТУП|ЧУП|УП|ОДО|СООО|СПК|КСУП|ИП) /);
      const by = c.currency === 'BYN';
      if (c.tax_id !== null) expect(String(c.tax_id)).toMatch(by ? /^\d{9}$/ : /^(\d{10}|\d{12})$/);
      const plates = all('SELECT plate, vin FROM vehicles WHERE client_id = ?', c.id);
      for (const v of plates) {
        expect(String(v.plate)).toMatch(
          by ? /^\d{4} [ABEIKMHOPCTX]{2}-[1-7]$/ : /^[АВЕКМНОРСТУХ]\d{3}[АВЕКМНОРСТУХ]{2} \d{2,3}$/,
        );
        if (v.vin !== null) expect(String(v.vin)).toMatch(/^[A-HJ-NPR-Z0-9]{17}$/);
      }
    }
    expect(all("SELECT 1 FROM clients WHERE currency = 'RUB'").length).toBeGreaterThan(0);
    expect(one('SELECT count(plate_key) - count(DISTINCT plate_key) AS dup FROM vehicles').dup).toBe(0);
  });

  test('status logs follow the seeded transitions and end in the ticket status, with resolvedAt to match', () => {
    const logs = new Map<string, Rec[]>();
    for (const r of all('SELECT * FROM ticket_status_log ORDER BY ticket_id, at')) {
      const list = logs.get(String(r.ticket_id)) ?? [];
      list.push(r);
      logs.set(String(r.ticket_id), list);
    }
    for (const t of all('SELECT * FROM tickets')) {
      const log = logs.get(String(t.id)) ?? [];
      expect(log[0]).toMatchObject({ from_status: null, to_status: 'new', at: t.created_at });
      let resolvedAt: number | null = null;
      log.forEach((step, i) => {
        if (i > 0) {
          const prev = log[i - 1] as Rec;
          expect(step.from_status).toBe(prev.to_status);
          expect(isTransitionAllowed(SEED_STATUS_MODEL, String(prev.to_status), String(step.to_status))).toBe(true);
          expect(step.at as number).toBeGreaterThan(prev.at as number);
        }
        const kind = statusKind(SEED_STATUS_MODEL, String(step.to_status));
        resolvedAt = kind === 'open' ? null : (resolvedAt ?? (step.at as number));
      });
      expect(log.at(-1)?.to_status).toBe(t.status);
      expect(t.resolved_at).toBe(resolvedAt);
      expect(t.updated_at as number).toBeGreaterThanOrEqual(log.at(-1)?.at as number);
      expect(t.updated_at as number).toBeLessThan(NOW);
    }
  });

  test('old tickets are finished and recent ones are open', () => {
    const openShare = (from: number, to: number) =>
      one(
        `SELECT avg(status_kind = 'open') AS s FROM tickets WHERE created_at >= ? AND created_at < ?`,
        NOW - to * 24 * HOUR,
        NOW - from * 24 * HOUR,
      ).s as number;
    expect(openShare(0, 3)).toBeGreaterThan(0.3);
    expect(openShare(180, 600)).toBe(0);
  });

  test('debtors: some clients keep unpaid completed paid visits, some of them old; everyone else has paid', () => {
    const debtors = all(`SELECT client_id, min(resolved_at) AS oldest FROM tickets
                         WHERE billing = 'paid' AND status_kind = 'completed' AND paid_total < amount
                         GROUP BY client_id`);
    expect(debtors.length).toBe(summary.debtors);
    expect(debtors.length).toBeGreaterThanOrEqual(3);
    expect(debtors.some((d) => (d.oldest as number) < NOW - 60 * 24 * HOUR)).toBe(true);
    // paid_total is the sum of the payments (the trigger's work), never more than the amount.
    expect(
      all(`SELECT t.id FROM tickets t WHERE t.paid_total != coalesce((SELECT sum(amount) FROM payments p
           WHERE p.ticket_id = t.id), 0) OR t.paid_total > t.amount`),
    ).toEqual([]);
    expect(
      one(`SELECT count(*) AS n FROM payments p JOIN tickets t ON t.id = p.ticket_id WHERE t.billing != 'paid'`).n,
    ).toBe(0);
    const paid = one("SELECT avg(billing = 'paid') AS s FROM tickets").s as number;
    expect(paid).toBeGreaterThan(0.14);
    expect(paid).toBeLessThan(0.26);
    for (const t of all(
      "SELECT amount, client_id, (SELECT currency FROM clients WHERE id = client_id) AS cur FROM tickets WHERE billing = 'paid'",
    )) {
      const [lo, hi] = t.cur === 'BYN' ? [40_00, 400_00] : [3_000_00, 30_000_00];
      expect(t.amount as number).toBeGreaterThanOrEqual(lo);
      expect(t.amount as number).toBeLessThanOrEqual(hi);
    }
    expect(one("SELECT count(*) AS n FROM tickets WHERE billing = 'warranty' AND amount != 0").n).toBe(0);
  });

  test('visits: one place at a time per engineer, in working hours, and only engineers go', () => {
    const overlaps = all(`SELECT a.id FROM visits a JOIN visits b ON a.engineer_id = b.engineer_id AND a.id < b.id
                          AND a.start_at < b.end_at AND b.start_at < a.end_at`);
    expect(overlaps).toEqual([]);
    const visits = all(
      'SELECT v.*, e.roles FROM visits v JOIN employees e ON e.id = v.engineer_id JOIN tickets t ON t.id = v.ticket_id',
    );
    expect(visits.length).toBeGreaterThan(100);
    for (const v of visits) {
      expect(JSON.parse(String(v.roles))).toContain('engineer');
      const hour = (((v.start_at as number) + LOCAL_OFFSET) % (24 * HOUR)) / HOUR;
      expect(hour).toBeGreaterThanOrEqual(8.5);
      expect(hour).toBeLessThan(19);
      expect(v.end_at as number).toBeGreaterThan(v.start_at as number);
    }
    expect(all("SELECT 1 FROM visits WHERE state = 'planned' AND start_at > ?", NOW).length).toBeGreaterThan(0);
  });

  test('the planner has its data: every active engineer a team and region, work types with checklists, visits typed by their ticket', () => {
    const engineers = all(`SELECT e.id, p.team, p.region FROM employees e LEFT JOIN engineer_profiles p ON p.id = e.id
                           WHERE e.roles LIKE '%"engineer"%'`);
    expect(engineers.length).toBeGreaterThan(0);
    for (const e of engineers) expect(e.team, String(e.id)).toBeTruthy();
    expect(new Set(engineers.map((e) => e.team)).size).toBeGreaterThan(1);
    const install = all(`SELECT checklist FROM work_types WHERE code = 'fuel-sensor-install'`);
    expect(JSON.parse(String(install[0]?.checklist)).some((i: { required: boolean }) => i.required)).toBe(true);
    const mismatched = all(`SELECT v.id FROM visits v JOIN tickets t ON t.id = v.ticket_id
                            LEFT JOIN work_types w ON w.id = v.work_type_id
                            WHERE t.type = 'installation' AND (w.code IS NULL OR w.code != 'fuel-sensor-install')`);
    expect(mismatched).toEqual([]);
    expect(all('SELECT time_zone FROM planning_settings')).toEqual([{ time_zone: 'Europe/Minsk' }]);
  });

  test('a ticket that needed a visit has the planning ticket the automatic rule creates', () => {
    const parents = all(`SELECT DISTINCT ticket_id FROM ticket_status_log WHERE to_status = 'needs_visit'`);
    expect(parents.length).toBeGreaterThan(0);
    for (const p of parents) {
      const children = all('SELECT title, type, client_id FROM tickets WHERE parent_id = ?', p.ticket_id);
      expect(children).toHaveLength(1);
      expect(String(children[0]?.title)).toMatch(/^Выезд: /);
    }
  });

  test('callbacks: at most one open callback per number, each with its missed calls', () => {
    const open = all(`SELECT t.id, c.number_e164 FROM tickets t JOIN calls c ON c.callback_ticket_id = t.id
                      WHERE t.type = 'callback' AND t.status_kind = 'open' AND c.outcome = 'missed'`);
    const perNumber = new Map<string, Set<string>>();
    for (const r of open)
      perNumber.set(String(r.number_e164), (perNumber.get(String(r.number_e164)) ?? new Set()).add(String(r.id)));
    for (const ids of perNumber.values()) expect(ids.size).toBe(1);
    const withoutCalls = all(`SELECT id FROM tickets t WHERE type = 'callback' AND NOT EXISTS
                              (SELECT 1 FROM calls WHERE callback_ticket_id = t.id AND outcome = 'missed')`);
    expect(withoutCalls).toEqual([]);
  });

  test('callbacks are what the callback rule made: one row per callback ticket, counting its missed calls', () => {
    const callbacks = all('SELECT * FROM callbacks');
    const tickets = all("SELECT id, status, assignee_id, client_id FROM tickets WHERE type = 'callback'");
    expect(callbacks.map((c) => c.id).sort()).toEqual(tickets.map((t) => t.id).sort());
    const ticketOf = new Map(tickets.map((t) => [t.id, t]));
    const states = new Set<unknown>();
    for (const c of callbacks) {
      const missed = one("SELECT count(*) AS n FROM calls WHERE callback_ticket_id = ? AND outcome = 'missed'", c.id).n;
      expect(c.missed_count).toBe(missed);
      const ticket = ticketOf.get(c.id)!;
      expect(ticket.status).toBe(c.state === 'resolved' ? 'done' : ticket.status === 'new' ? 'new' : 'in_progress');
      if (c.claimed_by !== null) expect(ticket.assignee_id).toBe(c.claimed_by);
      if (c.number_key === null) expect(ticket.client_id).toBe(UNKNOWN_CALLER_CLIENT_ID);
      states.add(`${c.state}/${c.resolution}`);
    }
    // Every ending the rule knows appears.
    expect([...states]).toEqual(
      expect.arrayContaining(['resolved/answered', 'resolved/called-back', 'resolved/manual']),
    );
    expect(callbacks.some((c) => c.number_key === null)).toBe(true);
    expect(callbacks.some((c) => Number(c.missed_count) > 1)).toBe(true);
  });

  test("a call from a listed number names that number's client, as the call rule records it", () => {
    // The rule (core/calls/mutators.ts, findClient): the phone of that e164 with the lowest id.
    const owner = all(`SELECT c.id, c.client_id AS recorded,
                         (SELECT p.client_id FROM phones p WHERE p.e164 = c.number_e164 ORDER BY p.id LIMIT 1) AS listed
                       FROM calls c WHERE c.number_e164 IS NOT NULL`);
    const listed = owner.filter((c) => c.listed !== null);
    expect(listed.length).toBeGreaterThan(100);
    expect(listed.filter((c) => c.recorded !== c.listed)).toEqual([]);
    // A withheld number has no client, as the rule leaves it.
    expect(all("SELECT id FROM calls WHERE number_raw = 'anonymous' AND client_id IS NOT NULL")).toEqual([]);
  });

  test('derived columns and the full-text index are filled by the triggers', () => {
    expect(
      one(`SELECT count(*) AS n FROM tickets t WHERE client_name != (SELECT name FROM clients WHERE id = t.client_id)
                OR status_kind != (SELECT kind FROM statuses WHERE code = t.status)`).n,
    ).toBe(0);
    const sample = all(
      'SELECT t.seq, v.plate_key, t.number FROM tickets t JOIN vehicles v ON v.id = t.vehicle_id LIMIT 25',
    );
    for (const s of sample) {
      const hits = all('SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?', `plate:"${String(s.plate_key)}"`);
      expect(hits.map((h) => h.rowid)).toContain(s.seq);
    }
    const withPhone = one(`SELECT t.seq, p.e164 FROM tickets t JOIN phones p ON p.client_id = t.client_id
                           WHERE p.e164 IS NOT NULL LIMIT 1`);
    const digits = String(withPhone.e164).slice(1);
    expect(
      all('SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?', `phones:"${digits}"`).map((h) => h.rowid),
    ).toContain(withPhone.seq);
  });

  test('the first dispatcher is the desk user', () => {
    const id = one("SELECT value FROM settings WHERE key = 'desk.user_id'").value;
    const first = one(`SELECT id FROM employees WHERE roles LIKE '%"dispatcher"%' ORDER BY sip_extension LIMIT 1`);
    expect(id).toBe(first.id);
  });

  test('a store that already has tickets is refused, unchanged', async () => {
    await expect(generateDemo(db, { tickets: 10, now: NOW })).rejects.toThrow(/already has 1500 tickets/);
    expect(one('SELECT count(*) AS n FROM tickets').n).toBe(1500);
  });
});

describe('determinism and size', () => {
  // Not a benchmark (speed is measured by `npm run bench`): the timeout only catches a generator that has become pathologically slow.
  test(
    'the same seed writes the same rows, ids included; another seed writes others',
    { timeout: 20_000 },
    async () => {
      const a = await demo(300, 42);
      const b = await demo(300, 42);
      const c = await demo(300, 43);
      try {
        expect(a.summary.tickets).toBe(300);
        expect(a.summary.clients).toBe(40);
        expect(dump(a.db)).toEqual(dump(b.db));
        expect(dump(a.db).tickets).not.toEqual(dump(c.db).tickets);
      } finally {
        for (const x of [a, b, c]) x.db.close();
      }
    },
  );

  test('a ticket count that is not a positive integer is refused', async () => {
    const db = openDatabase(':memory:');
    try {
      await expect(generateDemo(db, { tickets: 0 })).rejects.toThrow(RangeError);
      await expect(generateDemo(db, { tickets: 2.5 })).rejects.toThrow(RangeError);
    } finally {
      db.close();
    }
  });

  test('uuid7 ids are v7-shaped and carry their time', () => {
    const id = new Rng(1).uuid7(NOW);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(NOW);
    expect(validate(id) && version(id)).toBe(7);
    const rng = new Rng(2);
    const many = Array.from({ length: 10_000 }, () => rng.uuid7(NOW));
    expect(new Set(many).size).toBe(many.length);
  });
});

describe('the bulk writer', () => {
  test('writes exactly what createRowStore().put writes, derived columns included', async () => {
    const src = (await demo(200, 5)).db;
    const viaPut = openDatabase(':memory:');
    const viaBulk = openDatabase(':memory:');
    try {
      const store = createRowStore(viaPut);
      const bulk = new BulkWriter(viaBulk);
      // Parents before children: phones re-index tickets, payments update them.
      const order: TableName[] = ['employees', 'clients', 'contacts', 'vehicles', 'phones', 'tickets'];
      const rest = SYNCED.filter((t) => !order.includes(t));
      for (const table of [...order, ...rest]) {
        for (const record of src
          .prepare(`SELECT * FROM ${table} ORDER BY ${table === 'tickets' ? 'seq' : 'id'}`)
          .all()) {
          const row = fromDb(table, record as Rec);
          store.put(table, row);
          bulk.add(table, row);
        }
        bulk.flush(table);
      }
      expect(dump(viaBulk)).toEqual(dump(viaPut));
      const fts = (db: Database) =>
        db.prepare("SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH 'координаты' ORDER BY rowid").all();
      expect(fts(viaBulk)).toEqual(fts(viaPut));
      expect(fts(viaBulk).length).toBeGreaterThan(0);
    } finally {
      for (const d of [src, viaPut, viaBulk]) d.close();
    }
  });
});

describe('npm run demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pult-demo-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const quiet = () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    return vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  };

  test('writes a new store, refuses to overwrite it without --force, and replaces it with --force', async () => {
    const out = join(dir, 'nested', 'demo.sqlite');
    const stderr = quiet();
    try {
      expect(await main(['--tickets', '60', '--out', out])).toBe(0);
      expect(await main(['--tickets', '60', '--out', out, '--seed', '2'])).toBe(2);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toMatch(/already holds 60 tickets/);
      // What `npm start` runs on every launch: a desk with data is left as it is.
      expect(await main(['--tickets', '80', '--out', out, '--if-empty'])).toBe(0);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toMatch(/already holds 60 tickets: kept/);
      expect(await main(['--tickets', '70', '--out', out, '--force'])).toBe(0);
      expect(stderr.mock.calls.some((c) => /deleting .* \(60 tickets\)/.test(String(c[0])))).toBe(true);
    } finally {
      vi.restoreAllMocks();
    }
    const db = openDatabase(out, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 70 });
    } finally {
      db.close();
    }
  });

  test('never deletes a file that is not a Pult store, even with --force', async () => {
    const out = join(dir, 'notes.txt');
    writeFileSync(out, 'not a database');
    quiet();
    try {
      expect(await main(['--tickets', '10', '--out', out, '--force'])).toBe(2);
      expect(await main(['--tickets', 'many'])).toBe(2);
    } finally {
      vi.restoreAllMocks();
    }
    expect(existsSync(out)).toBe(true);
  });
});

describe("the PBX's spelling of a caller's number", () => {
  test.each(['+375291234567', '+79161234567', '+29066834', '+4915112345678'])(
    'names the same number as %s, however it is spelled',
    (e164) => {
      const rng = new Rng(3);
      for (let i = 0; i < 40; i++) expect(normalizePhone(pbxNumber(rng, e164))).toBe(e164);
    },
  );
});
