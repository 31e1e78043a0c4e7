import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import type { SourceRecord } from '../../core/import/plan.js';
import { DEFAULT_PHONE_REGIONS } from '../../core/phone.js';
import { SEED_STATUS_MODEL } from '../../core/tickets/status-model.js';
import { openDatabase } from '../../replica/open-store.js';
import { createLocalRunner } from '../mutations/local-runner.js';
import { seedWorld, T0, DAY } from '../test-support/fixtures.js';
import { runImport, type ImportRunResult } from './run-import.js';

/**
 * What this file tries to break: an import run twice must leave the directory as one run did — nothing
 * created twice, changed rows updated, the rest untouched — on the desk's real replica, through the real
 * runner and its outbox. And a row the desk already has from elsewhere (same УНП, phone or plate) is found,
 * not duplicated.
 */
const dir = mkdtempSync(join(tmpdir(), 'pult-import-'));
const opened: Database[] = [];
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function desk() {
  const db = openDatabase(join(dir, `${uuidv7()}.sqlite`));
  opened.push(db);
  const world = seedWorld(db);
  const runner = createLocalRunner(db, {
    now: () => T0,
    userId: () => world.anna.id,
    statusModel: () => SEED_STATUS_MODEL,
    queue: true,
  });
  const codes = new Set(SEED_STATUS_MODEL.statuses.map((s) => s.code));
  const run = (records: readonly SourceRecord[], source = 'okdesk:acme'): Promise<ImportRunResult> =>
    runImport({
      source,
      records,
      db,
      regions: DEFAULT_PHONE_REGIONS,
      statusCodes: () => codes,
      mutateGroups: async (groups) => (await runner.runGroups(groups)).results,
      newId: uuidv7,
      cancelled: () => false,
      onProgress: () => undefined,
      batchSize: 3,
    });
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const counts = () =>
    Object.fromEntries(
      ['clients', 'contacts', 'phones', 'vehicles', 'equipment', 'tickets', 'ticket_status_log', 'import_links'].map(
        (t) => [t, count(t)],
      ),
    );
  return { db, world, run, counts, outbox: () => count('outbox') };
}

const client = (key: string, over: Partial<Extract<SourceRecord, { entity: 'client' }>['row']> = {}): SourceRecord => ({
  entity: 'client',
  line: `company ${key}`,
  row: {
    key,
    name: `ООО «Клиент ${key}»`,
    taxId: null,
    category: null,
    address: null,
    notes: null,
    phones: [],
    ...over,
  },
});

function source(): SourceRecord[] {
  return [
    client('1', { taxId: '100325912', phones: ['+375 29 765-43-21', 'не номер'], address: 'Минск, ул. Ленина 1' }),
    // The desk already has this client (by its phone, typed another way): found, and given the address.
    client('2', { name: 'Газель-Транс', phones: ['+375291234567'], address: 'Гомель' }),
    client('3', { taxId: '100325913' }),
    {
      entity: 'contact',
      line: 'contact 10',
      row: {
        key: '10',
        clientKey: '1',
        name: 'Семён Кузнецов',
        role: 'Механик',
        email: null,
        phones: ['8 044 111-22-33'],
      },
    },
    {
      entity: 'vehicle',
      line: 'maintenance entity 20',
      row: { key: '20', clientKey: '1', plate: 'Е777КХ 99', make: 'МАЗ', model: '5440', vin: null, unitId: null },
    },
    // The truck the desk has as «1234 AB-7», in Cyrillic letters: the same vehicle.
    {
      entity: 'vehicle',
      line: 'maintenance entity 21',
      row: { key: '21', clientKey: '2', plate: '1234 АВ-7', make: 'МАЗ', model: '6430', vin: 'XTA21099', unitId: null },
    },
    {
      entity: 'equipment',
      line: 'equipment 30',
      row: { key: '30', vehicleKey: '20', kind: 'ДУТ', model: 'Omnicomm LLS 5', serial: 'SN-1', installedAt: T0 - DAY },
    },
    {
      entity: 'ticket',
      line: 'issue 153',
      row: {
        key: '153',
        clientKey: '1',
        contactKey: '10',
        vehicleKey: '20',
        title: 'Не передаёт координаты',
        description: '',
        type: 'incident',
        priority: 'high',
        source: 'phone',
        createdAt: T0 - 3 * DAY,
        resolvedAt: T0 - DAY,
        plannedAt: null,
        history: [
          { status: 'new', at: T0 - 3 * DAY },
          { status: 'in_progress', at: T0 - 2 * DAY },
          { status: 'done', at: T0 - DAY },
        ],
      },
    },
  ];
}

describe('import on the desk replica', () => {
  it('a second run of the same source creates nothing and changes nothing', async () => {
    const { run, counts, outbox } = desk();
    const first = await run(source());
    expect(first.counts).toEqual({ created: 5, updated: 2, unchanged: 0, skipped: 1 });
    const after = counts();
    const queued = outbox();
    const second = await run(source());
    expect(second.counts).toEqual({ created: 0, updated: 0, unchanged: 7, skipped: 1 });
    expect(counts()).toEqual(after);
    expect(outbox()).toBe(queued);
  });

  it('what the first run wrote: linked rows, duplicates found by phone and plate, the ticket with its history', async () => {
    const { db, world, run } = desk();
    const result = await run(source());
    const byLine = new Map(result.rows.map((r) => [r.line, r]));
    expect(byLine.get('company 1')).toMatchObject({
      outcome: 'created',
      reasons: ['phone-invalid'],
      detail: 'не номер',
    });
    expect(byLine.get('company 2')).toMatchObject({ outcome: 'updated' });
    expect(byLine.get('company 3')).toMatchObject({ outcome: 'skipped', reasons: ['tax-id-invalid'] });
    expect(byLine.get('maintenance entity 21')).toMatchObject({ outcome: 'updated', reasons: ['vin-invalid'] });
    expect(db.prepare('SELECT address FROM clients WHERE id = ?').get(world.debtor.id)).toEqual({ address: 'Гомель' });
    expect(db.prepare('SELECT plate, model FROM vehicles WHERE id = ?').get(world.truck.id)).toEqual({
      plate: '1234 AB-7',
      model: '6430',
    });
    const ticket = db.prepare("SELECT * FROM tickets WHERE title = 'Не передаёт координаты'").get() as Record<
      string,
      unknown
    >;
    expect(ticket).toMatchObject({
      status: 'done',
      created_at: T0 - 3 * DAY,
      resolved_at: T0 - DAY,
      billing: 'warranty',
    });
    const log = db
      .prepare('SELECT from_status, to_status, at FROM ticket_status_log WHERE ticket_id = ? ORDER BY at')
      .all(ticket.id);
    expect(log).toEqual([
      { from_status: null, to_status: 'new', at: T0 - 3 * DAY },
      { from_status: 'new', to_status: 'in_progress', at: T0 - 2 * DAY },
      { from_status: 'in_progress', to_status: 'done', at: T0 - DAY },
    ]);
    const vehicle = db.prepare("SELECT id, client_id FROM vehicles WHERE plate = 'Е777КХ 99'").get() as {
      id: string;
      client_id: string;
    };
    expect(ticket.vehicle_id).toBe(vehicle.id);
    expect(ticket.client_id).toBe(vehicle.client_id);
  });

  it('a changed source row is updated on the next run, and a status change is logged', async () => {
    const { db, run, counts } = desk();
    await run(source());
    const before = counts();
    const changed = source().map((r) => {
      if (r.entity === 'client' && r.row.key === '1') return { ...r, row: { ...r.row, notes: 'Оплата по факту' } };
      if (r.entity === 'ticket')
        return { ...r, row: { ...r.row, history: [...r.row.history, { status: 'closed', at: T0 }] } };
      return r;
    });
    const result = await run(changed);
    expect(result.counts).toEqual({ created: 0, updated: 2, unchanged: 5, skipped: 1 });
    expect(counts()).toEqual({ ...before, ticket_status_log: before.ticket_status_log! + 1 });
    expect(db.prepare("SELECT notes FROM clients WHERE tax_id = '100325912'").get()).toEqual({
      notes: 'Оплата по факту',
    });
  });

  it('another source (or a lost link) finds the client by its УНП instead of creating it again', async () => {
    const { db, run } = desk();
    await run(source());
    const result = await run([client('other-1', { taxId: '100 325 912', name: 'Клиент один' })], 'file');
    expect(result.counts).toEqual({ created: 0, updated: 1, unchanged: 0, skipped: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM clients WHERE tax_id = '100325912'").get()).toEqual({ n: 1 });
  });

  it('a row whose mutation is refused leaves nothing of itself, and the rows around it are imported', async () => {
    const { db, run, counts } = desk();
    const before = counts();
    const records: SourceRecord[] = [
      client('a'),
      // A status the model does not know is caught by the plan; a ticket for a missing client by the lookup.
      {
        entity: 'ticket',
        line: 'issue 1',
        row: { ...(source()[7] as Extract<SourceRecord, { entity: 'ticket' }>).row, key: '1', clientKey: 'nobody' },
      },
      client('b'),
    ];
    const result = await run(records);
    expect(result.rows.map((r) => r.outcome)).toEqual(['created', 'skipped', 'created']);
    expect(result.rows[1]).toMatchObject({ reasons: ['client-missing'] });
    expect(counts().clients).toBe(before.clients! + 2);
    expect(db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: before.tickets });
  });
});
