import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import type { RowAccess } from '../../core/mutation.js';
import { DEFAULT_PHONE_REGIONS } from '../../core/phone.js';
import { seedDirectoryWorld, T0 } from '../../core/test-support/directory-suite.js';
import { SEED_STATUS_MODEL } from '../../core/tickets/status-model.js';
import { openDatabase } from '../../replica/open-store.js';
import { createRowStore } from '../../replica/rows.js';
import { createLocalRunner } from '../mutations/local-runner.js';
import { foldText } from '../queries/details.js';
import { createDirectoryQueries } from './directory-queries.js';

/** The directory pane's reads over rows the real mutators wrote on the desk's replica. */
const dir = mkdtempSync(join(tmpdir(), 'pult-directory-reads-'));
const opened: Database[] = [];
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function desk() {
  const db = openDatabase(join(dir, `${uuidv7()}.sqlite`));
  opened.push(db);
  db.function('pult_fold', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? foldText(v) : v));
  const rows = createRowStore(db);
  const world = seedDirectoryWorld({ access: null as unknown as RowAccess, put: (t, r) => void rows.put(t, r) });
  const runner = createLocalRunner(db, {
    now: () => T0,
    userId: () => world.anna.id,
    statusModel: () => SEED_STATUS_MODEL,
    queue: false,
  });
  const queries = createDirectoryQueries(db, () => DEFAULT_PHONE_REGIONS);
  const vehicleId = uuidv7();
  await runner.run('client:update', { id: world.gazel.id, taxId: '100325912' });
  await runner.run('phone:add', { id: uuidv7(), clientId: world.gazel.id, raw: '8 029 123-45-67' });
  await runner.run('vehicle:create', { id: vehicleId, clientId: world.gazel.id, plate: 'АВ 1234-7', make: 'МАЗ' });
  await runner.run('equipment:install', { id: uuidv7(), vehicleId, kind: 'Трекер' });
  return { db, world, runner, queries, vehicleId };
}

describe('duplicate warnings', () => {
  it('the same phone in another format, the same УНП with spaces and the same plate in lookalike letters are found', async () => {
    const { world, queries, vehicleId } = await desk();
    const found = queries.duplicates({
      excludeClientId: null,
      taxId: '100 325 912',
      phones: ['+375 (29) 123 45 67'],
      plates: ['ab12347'],
    });
    expect(found).toEqual([
      {
        kind: 'tax-id',
        value: '100325912',
        clientId: world.gazel.id,
        clientName: world.gazel.name,
        active: true,
        vehicleId: null,
      },
      {
        kind: 'phone',
        value: '8 029 123-45-67',
        clientId: world.gazel.id,
        clientName: world.gazel.name,
        active: true,
        vehicleId: null,
      },
      {
        kind: 'plate',
        value: 'АВ 1234-7',
        clientId: world.gazel.id,
        clientName: world.gazel.name,
        active: true,
        vehicleId,
      },
    ]);
  });

  it('the client being edited is not its own duplicate, and different values find nothing', async () => {
    const { world, queries } = await desk();
    expect(
      queries.duplicates({
        excludeClientId: world.gazel.id,
        taxId: '100325912',
        phones: ['80291234567'],
        plates: ['AB1234-7'],
      }),
    ).toEqual([]);
    expect(
      queries.duplicates({
        excludeClientId: null,
        taxId: '7707083893',
        phones: ['80297654321', 'не номер'],
        plates: ['AB1234-8'],
      }),
    ).toEqual([]);
  });
});

describe('the client list and cards', () => {
  it('finds a client by name in any case, by phone ending, by tax id prefix and by plate; hides the deactivated', async () => {
    const { world, runner, queries } = await desk();
    const names = (text: string, inactive = false) => queries.clients(text, inactive, 50).map((c) => c.name);
    expect(names('ГАЗЕЛЬ-ТРАНС')).toEqual([world.gazel.name]);
    expect(names('45-67')).toEqual([world.gazel.name]);
    expect(names('1003')).toEqual([world.gazel.name]);
    expect(names('ab 1234')).toEqual([world.gazel.name]);
    expect(names('')).toHaveLength(3);
    await runner.run('client:deactivate', { id: world.gazelTwin.id });
    expect(names('')).not.toContain(world.gazelTwin.name);
    expect(names('', true)).toContain(world.gazelTwin.name);
    const [row] = queries.clients('газель-транс', false, 5);
    expect(row).toMatchObject({ phones: ['8 029 123-45-67'], vehicles: 1, openTickets: 0, active: true });
  });

  it('the client card lists open and past tickets, vehicles with equipment, and the merges it absorbed', async () => {
    const { db, world, runner, queries, vehicleId } = await desk();
    world.ticket(world.gazelTwin.id, 1);
    const done = world.ticket(world.gazel.id, 2);
    db.prepare("UPDATE tickets SET status = 'done', status_kind = 'completed' WHERE id = ?").run(done.id);
    await runner.run('client:merge', { id: uuidv7(), keptId: world.gazel.id, mergedId: world.gazelTwin.id });
    const card = queries.client(world.gazel.id);
    expect(card.openTickets.map((t) => t.number)).toEqual([1]);
    expect(card.pastTickets.map((t) => t.number)).toEqual([2]);
    expect(card.vehicles).toEqual([
      expect.objectContaining({ id: vehicleId, equipment: [expect.objectContaining({ kind: 'Трекер' })] }),
    ]);
    expect(card.merges).toEqual([
      expect.objectContaining({ mergedId: world.gazelTwin.id, mergedName: world.gazelTwin.name }),
    ]);
    expect(queries.client(world.gazelTwin.id).client.mergedInto).toEqual({
      id: world.gazel.id,
      name: world.gazel.name,
    });
    expect(queries.vehicle(vehicleId)).toMatchObject({
      client: { id: world.gazel.id },
      vehicle: { plate: 'АВ 1234-7' },
    });
  });
});
