import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { RowOf, TableName } from '../entities.js';
import type { RowAccess } from '../mutation.js';
import { runMutation, type MutationContext } from '../mutations.js';
import { PultError } from '../result.js';

/**
 * The directory's mutators, written once and run against every store a mutator meets: the memory store in
 * core/, the desk's SQLite replica in main/ (the server's backends run the push path in server/). What it
 * tries to break: a number or tax id that fails its check writes nothing; a deactivated row takes no new
 * work and nothing a ticket points to is deleted; a merge leaves no row of the merged client behind and
 * logs what it moved.
 */
export type DirectoryStore = Readonly<{
  access: RowAccess;
  put<T extends TableName>(table: T, row: RowOf<T>): void;
}>;

export const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

export function seedDirectoryWorld(store: DirectoryStore) {
  const anna: RowOf<'employees'> = {
    id: uuidv7(),
    name: 'Анна Ковалёва',
    roles: ['dispatcher'],
    sipExtension: '101',
    color: '#336699',
    active: true,
  };
  store.put('employees', anna);
  const client = (name: string, currency: 'BYN' | 'RUB' = 'BYN'): RowOf<'clients'> => {
    const row: RowOf<'clients'> = {
      id: uuidv7(),
      name,
      taxId: null,
      category: null,
      address: null,
      notes: null,
      currency,
      createdAt: T0,
      active: true,
      mergedInto: null,
    };
    store.put('clients', row);
    return row;
  };
  const gazel = client('ООО «Газель-Транс»');
  const gazelTwin = client('Газель Транс ООО');
  const moscow = client('АО «Мосгрузавто»', 'RUB');
  const ticket = (clientId: string, number: number): RowOf<'tickets'> => {
    const row: RowOf<'tickets'> = {
      id: uuidv7(),
      number,
      title: `Заявка ${number}`,
      description: '',
      type: 'incident',
      status: 'new',
      priority: 'normal',
      clientId,
      contactId: null,
      vehicleId: null,
      assigneeId: null,
      parentId: null,
      source: 'phone',
      billing: 'warranty',
      amount: 0,
      plannedAt: null,
      createdAt: T0,
      updatedAt: T0,
      resolvedAt: null,
      createdBy: null,
    };
    store.put('tickets', row);
    return row;
  };
  return { anna, gazel, gazelTwin, moscow, ticket };
}

export function directorySuite(storeName: string, openStore: () => DirectoryStore): void {
  const setup = () => {
    const store = openStore();
    const world = seedDirectoryWorld(store);
    const run = (name: string, args: unknown, context: Partial<MutationContext> = {}) =>
      runMutation(store.access, { now: T0 + 1000, userId: world.anna.id, location: 'desk', ...context }, name, args);
    const refusal = async (name: string, args: unknown) => {
      try {
        await run(name, args);
      } catch (error) {
        if (error instanceof PultError) return error;
        throw error;
      }
      throw new Error(`${name} was not refused`);
    };
    return { store, world, run, refusal, get: store.access.get, find: store.access.find };
  };

  describe(`the directory on ${storeName}`, () => {
    it('a new client keeps its phones as typed and in E.164 (BY first, RU as fallback) and its УНП compact', async () => {
      const { run, get, find } = setup();
      const id = uuidv7();
      await run('client:create', {
        id,
        name: '  ЧУП «Югмолоко» ',
        taxId: '100 325 912',
        address: '',
        phones: [
          { id: uuidv7(), raw: '8 029 123-45-67' },
          { id: uuidv7(), raw: '8 (916) 123-45-67' },
        ],
      });
      expect(await get('clients', id)).toMatchObject({
        name: 'ЧУП «Югмолоко»',
        taxId: '100325912',
        address: null,
        currency: 'BYN',
        active: true,
        mergedInto: null,
        createdAt: T0 + 1000,
      });
      const phones = await find('phones', { clientId: id }, { orderBy: [['raw', 'asc']] });
      expect(phones.map((p) => [p.raw, p.e164, p.contactId])).toEqual([
        ['8 (916) 123-45-67', '+79161234567', null],
        ['8 029 123-45-67', '+375291234567', null],
      ]);
    });

    it('a tax id or a phone that fails its check is refused with its reason, and nothing is written', async () => {
      const { refusal, find } = setup();
      const before = (await find('clients', {})).length;
      const badTaxId = await refusal('client:create', { id: uuidv7(), name: 'X', taxId: '100325913' });
      expect(badTaxId).toMatchObject({ code: 'invalid-input', reason: { key: 'tax-id-invalid' } });
      const badPhone = await refusal('client:create', {
        id: uuidv7(),
        name: 'Y',
        phones: [
          { id: uuidv7(), raw: '+375291234567' },
          { id: uuidv7(), raw: '12-34' },
        ],
      });
      expect(badPhone).toMatchObject({
        code: 'invalid-input',
        reason: { key: 'phone-invalid', params: { raw: '12-34' } },
      });
      expect(await find('clients', {})).toHaveLength(before);
      expect(await find('phones', {})).toHaveLength(0);
    });

    it('an edit changes only the fields it sends; clearing a field stores null', async () => {
      const { world, run, get } = setup();
      await run('client:update', { id: world.gazel.id, address: 'Минск, ул. Тимирязева, 67', notes: 'Пропуск' });
      await run('client:update', { id: world.gazel.id, taxId: '7707083893', notes: '' });
      expect(await get('clients', world.gazel.id)).toMatchObject({
        name: world.gazel.name,
        address: 'Минск, ул. Тимирязева, 67',
        taxId: '7707083893',
        notes: null,
      });
    });

    it('a deactivated client keeps its tickets, takes no edits, contacts, vehicles or new tickets', async () => {
      const { world, run, refusal, get } = setup();
      const old = world.ticket(world.gazel.id, 1);
      await run('client:deactivate', { id: world.gazel.id });
      expect(await get('clients', world.gazel.id)).toMatchObject({ active: false });
      expect(await get('tickets', old.id)).toEqual(old);
      for (const [name, args] of [
        ['client:update', { id: world.gazel.id, name: 'Новое имя' }],
        ['contact:create', { id: uuidv7(), clientId: world.gazel.id, name: 'Пётр' }],
        ['vehicle:create', { id: uuidv7(), clientId: world.gazel.id, plate: '1234 AB-7' }],
        ['phone:add', { id: uuidv7(), clientId: world.gazel.id, raw: '+375291234567' }],
        [
          'ticket:create',
          { id: uuidv7(), clientId: world.gazel.id, type: 'incident', billing: 'warranty', title: 'Не едет' },
        ],
      ] as const) {
        expect(await refusal(name, args), name).toMatchObject({ reason: { key: 'directory-inactive' } });
      }
    });

    it('contacts, phones, vehicles and equipment: created, edited, deactivated or removed, never deleted but the phone', async () => {
      const { world, run, refusal, get, find } = setup();
      const contactId = uuidv7();
      const phoneId = uuidv7();
      await run('contact:create', {
        id: contactId,
        clientId: world.gazel.id,
        name: 'Семён Кузнецов',
        role: 'механик',
        phones: [{ id: phoneId, raw: '+375 44 555-66-77' }],
      });
      expect(await get('phones', phoneId)).toMatchObject({
        contactId,
        clientId: world.gazel.id,
        e164: '+375445556677',
      });
      // A contact of another client cannot own a new number of this one.
      expect(
        await refusal('phone:add', { id: uuidv7(), clientId: world.gazelTwin.id, contactId, raw: '+375291112233' }),
      ).toMatchObject({ code: 'invalid-input' });
      await run('contact:update', { id: contactId, role: 'главный механик' });
      await run('contact:deactivate', { id: contactId });
      expect(await get('contacts', contactId)).toMatchObject({ role: 'главный механик', active: false });
      await run('phone:remove', { id: phoneId });
      expect(await get('phones', phoneId)).toBeUndefined();

      const vehicleId = uuidv7();
      await run('vehicle:create', {
        id: vehicleId,
        clientId: world.gazel.id,
        plate: 'А123ВС 77',
        make: 'ГАЗ',
        vin: 'xta21099043512345',
        unitId: '865209040000001',
      });
      expect(await get('vehicles', vehicleId)).toMatchObject({ vin: 'XTA21099043512345', active: true });
      expect(await refusal('vehicle:update', { id: vehicleId, vin: 'XTA2109904351234O' })).toMatchObject({
        code: 'invalid-input',
      });
      const trackerId = uuidv7();
      await run('equipment:install', { id: trackerId, vehicleId, kind: 'Трекер', model: 'FMB920', installedAt: T0 });
      await run('equipment:update', { id: trackerId, serial: 'SN-1' });
      expect(await refusal('equipment:remove', { id: trackerId, removedAt: T0 - 1 })).toMatchObject({
        code: 'invalid-input',
      });
      await run('equipment:remove', { id: trackerId });
      expect(await get('equipment', trackerId)).toMatchObject({ serial: 'SN-1', removedAt: T0 + 1000 });
      await run('vehicle:deactivate', { id: vehicleId });
      expect(await refusal('equipment:install', { id: uuidv7(), vehicleId, kind: 'ДУТ' })).toMatchObject({
        reason: { key: 'directory-inactive' },
      });
      expect(await find('equipment', { vehicleId })).toHaveLength(1);
    });

    it('a merge moves tickets, contacts, phones, vehicles, calls and callbacks to the kept client and logs it', async () => {
      const { store, world, run, get, find } = setup();
      const kept = world.gazel;
      const merged = world.gazelTwin;
      const keptTicket = world.ticket(kept.id, 1);
      const tickets = [world.ticket(merged.id, 2), world.ticket(merged.id, 3)];
      await run('client:update', { id: merged.id, taxId: '100325912', address: 'Гомель' });
      await run('contact:create', {
        id: uuidv7(),
        clientId: merged.id,
        name: 'Пётр',
        phones: [{ id: uuidv7(), raw: '+375291234567' }],
      });
      await run('vehicle:create', { id: uuidv7(), clientId: merged.id, plate: '1234 AB-7' });
      store.put('calls', {
        id: uuidv7(),
        sipCallId: 'c1@pbx',
        direction: 'in',
        numberRaw: '+375291234567',
        numberE164: '+375291234567',
        startedAt: T0,
        answeredAt: null,
        endedAt: T0,
        outcome: 'missed',
        agentId: null,
        callbackTicketId: tickets[0]!.id,
        source: 'desk',
        pbxId: null,
        clientId: merged.id,
      });
      store.put('callbacks', {
        id: tickets[0]!.id,
        numberKey: '+375291234567',
        numberRaw: '+375291234567',
        clientId: merged.id,
        missedCount: 1,
        firstMissedAt: T0,
        lastMissedAt: T0,
        dueAt: T0,
        claimedBy: null,
        claimedAt: null,
        state: 'open',
        resolvedAt: null,
        resolution: null,
      });
      // A client merged into the twin earlier follows it to the kept one.
      const earlier: RowOf<'clients'> = {
        ...merged,
        id: uuidv7(),
        name: 'Газель',
        active: false,
        mergedInto: merged.id,
      };
      store.put('clients', earlier);

      const logId = uuidv7();
      await run('client:merge', { id: logId, keptId: kept.id, mergedId: merged.id });

      for (const table of ['tickets', 'contacts', 'phones', 'vehicles', 'calls', 'callbacks'] as const) {
        expect(await find(table, { clientId: merged.id }), table).toEqual([]);
      }
      expect((await find('tickets', { clientId: kept.id })).map((t) => t.number).sort()).toEqual([1, 2, 3]);
      expect(await get('tickets', keptTicket.id)).toEqual(keptTicket);
      expect(await get('clients', merged.id)).toMatchObject({ active: false, mergedInto: kept.id });
      expect(await get('clients', earlier.id)).toMatchObject({ mergedInto: kept.id });
      // The kept client takes what it lacked.
      expect(await get('clients', kept.id)).toMatchObject({ active: true, taxId: '100325912', address: 'Гомель' });
      expect(await get('client_merges', logId)).toEqual({
        id: logId,
        keptId: kept.id,
        mergedId: merged.id,
        mergedName: merged.name,
        at: T0 + 1000,
        by: world.anna.id,
        moved: { tickets: 2, contacts: 1, phones: 1, vehicles: 1, calls: 1, callbacks: 1, debtAcknowledgements: 0 },
      });
    });

    it('a merge into itself, into an inactive client, across currencies or a second time is refused', async () => {
      const { world, run, refusal } = setup();
      const merge = (keptId: string, mergedId: string) => refusal('client:merge', { id: uuidv7(), keptId, mergedId });
      expect(await merge(world.gazel.id, world.gazel.id)).toMatchObject({ code: 'invalid-input' });
      expect(await merge(world.gazel.id, world.moscow.id)).toMatchObject({ reason: { key: 'merge-currency' } });
      await run('client:merge', { id: uuidv7(), keptId: world.gazel.id, mergedId: world.gazelTwin.id });
      expect(await merge(world.gazel.id, world.gazelTwin.id)).toMatchObject({ code: 'conflict' });
      expect(await merge(world.gazelTwin.id, world.gazel.id)).toMatchObject({
        reason: { key: 'directory-inactive' },
      });
    });
  });
}
