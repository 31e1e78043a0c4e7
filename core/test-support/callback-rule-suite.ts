import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { CALLBACK_LATER_MS, UNKNOWN_CALLER_CLIENT_ID, type CallRecordInput } from '../calls/mutators.js';
import type { RowOf, TableName } from '../entities.js';
import type { RowAccess } from '../mutation.js';
import { runMutation, type MutationContext } from '../mutations.js';
import { PultError } from '../result.js';

/**
 * The callback rule, written once and run against every store a mutator meets: the memory store here, the
 * desk's SQLite replica in main/. What it tries to break: one open callback per number, one call per SIP
 * Call-ID whatever order and however many times it is reported, an answer that beats a miss, and a claim
 * that names its owner.
 */
export type CallbackRuleStore = Readonly<{
  access: RowAccess;
  put<T extends TableName>(table: T, row: RowOf<T>): void;
}>;

export const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const MINUTE = 60_000;

export function seedCallbackWorld(store: CallbackRuleStore) {
  const employee = (name: string, sipExtension: string): RowOf<'employees'> => {
    const e: RowOf<'employees'> = {
      id: uuidv7(),
      name,
      roles: ['first_line'],
      sipExtension,
      color: '#336699',
      active: true,
    };
    store.put('employees', e);
    return e;
  };
  const anna = employee('Анна Ковалёва', '101');
  const boris = employee('Борис Лукин', '102');
  const client: RowOf<'clients'> = {
    id: uuidv7(),
    name: 'ООО «Газель-Транс»',
    taxId: null,
    category: null,
    address: null,
    notes: null,
    currency: 'BYN',
    createdAt: T0,
    active: true,
    mergedInto: null,
  };
  store.put('clients', client);
  const contact: RowOf<'contacts'> = {
    id: uuidv7(),
    clientId: client.id,
    name: 'Пётр',
    role: null,
    email: null,
    active: true,
  };
  store.put('contacts', contact);
  // Stored as a dispatcher typed it; callers arrive as +375…, 8029…, sip: URIs.
  store.put('phones', {
    id: uuidv7(),
    clientId: client.id,
    contactId: contact.id,
    raw: '8 029 123-45-67',
    e164: '+375291234567',
  });
  return { anna, boris, client, contact };
}

export type CallbackWorld = ReturnType<typeof seedCallbackWorld>;

export function callbackRuleSuite(
  storeName: string,
  openStore: () => CallbackRuleStore,
  options: Readonly<{ numRuns?: number }> = {},
): void {
  const setup = () => {
    const store = openStore();
    const world = seedCallbackWorld(store);
    const run = (name: string, args: unknown, context: Partial<MutationContext> = {}) =>
      runMutation(store.access, { now: T0, userId: world.anna.id, location: 'desk', ...context }, name, args);
    const record = (args: Partial<CallRecordInput>, context: Partial<MutationContext> = {}) =>
      run(
        'call:record',
        {
          id: uuidv7(),
          sipCallId: `${uuidv7()}@pbx`,
          direction: 'in',
          number: '+375291234567',
          startedAt: T0,
          outcome: 'missed',
          ...args,
        },
        context,
      );
    const callbacks = () => store.access.find('callbacks', {}, { orderBy: [['firstMissedAt', 'asc']] });
    const open = () => store.access.find('callbacks', { state: 'open' });
    const calls = () => store.access.find('calls', {}, { orderBy: [['startedAt', 'asc']] });
    return { store, world, run, record, callbacks, open, calls };
  };

  describe(`the callback rule on ${storeName}`, () => {
    it('a missed call opens one callback ticket, linked to the client whose number is stored in another format', async () => {
      const { store, world, record, callbacks, calls } = setup();
      await record({ number: 'sip:80291234567@pbx.example.by' });
      const [callback] = await callbacks();
      expect(callback).toMatchObject({
        numberKey: '+375291234567',
        clientId: world.client.id,
        missedCount: 1,
        state: 'open',
        dueAt: T0 + 30 * MINUTE,
      });
      const ticket = await store.access.get('tickets', callback!.id);
      expect(ticket).toMatchObject({
        type: 'callback',
        status: 'new',
        source: 'missed_call',
        clientId: world.client.id,
        contactId: world.contact.id,
        plannedAt: T0 + 30 * MINUTE,
      });
      expect(await calls()).toEqual([
        expect.objectContaining({ outcome: 'missed', callbackTicketId: callback!.id, clientId: world.client.id }),
      ]);
    });

    it('a repeated missed call from the same number adds to the open callback instead of creating a second one', async () => {
      const { store, record, callbacks } = setup();
      await record({ number: '+375291234567', startedAt: T0 });
      await record({ number: '8 (029) 123-45-67', startedAt: T0 + 5 * MINUTE });
      await record({ number: '<tel:+375-29-123-45-67>', startedAt: T0 + 9 * MINUTE });
      const all = await callbacks();
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ missedCount: 3, firstMissedAt: T0, lastMissedAt: T0 + 9 * MINUTE });
      expect(await store.access.find('tickets', { type: 'callback' })).toHaveLength(1);
      expect(await store.access.find('calls', { callbackTicketId: all[0]!.id })).toHaveLength(3);
    });

    it('one call reported by two desks of a ring group and by the PBX is recorded once, with one callback', async () => {
      const { world, record, callbacks, calls } = setup();
      const report = { sipCallId: 'a84b4c76e66710@pbx', number: '+375291234567' };
      await record({ ...report, id: uuidv7() }, { userId: world.anna.id });
      await record({ ...report, id: uuidv7() }, { userId: world.boris.id });
      await record(
        { ...report, id: uuidv7(), source: 'pbx', pbxId: 'office', number: '80291234567' },
        { userId: null, system: true, location: 'server' },
      );
      expect(await calls()).toHaveLength(1);
      expect(await callbacks()).toEqual([expect.objectContaining({ missedCount: 1, state: 'open' })]);
    });

    it.each([
      ['missed first, answered second', ['missed', 'answered'] as const],
      ['answered first, missed second', ['answered', 'missed'] as const],
    ])('an answered report beats a missed one (%s): no open callback is left', async (_label, order) => {
      const { world, record, open, calls } = setup();
      for (const outcome of order) {
        const answered = outcome === 'answered';
        await record(
          { sipCallId: 'same@pbx', outcome, answeredAt: answered ? T0 + 5_000 : null },
          { userId: answered ? world.boris.id : world.anna.id },
        );
      }
      const [call] = await calls();
      expect(call).toMatchObject({ outcome: 'answered', agentId: world.boris.id, answeredAt: T0 + 5_000 });
      expect(await open()).toEqual([]);
    });

    it.each([
      ['SIP;cause=200;text="Call completed elsewhere"'],
      ['Q.850;cause=16, sip ; CAUSE = 200'],
      ['"SIP";cause="200"'],
    ])('a CANCEL with Reason %s is answered elsewhere, never a callback', async (reason) => {
      const { record, callbacks, calls } = setup();
      await record({ outcome: 'missed', cancelReason: ['Q.850;cause=16', reason] });
      await record({ outcome: 'ring-timeout', cancelReason: [reason] });
      expect((await calls()).map((c) => c.outcome)).toEqual(['answered_elsewhere', 'answered_elsewhere']);
      expect(await callbacks()).toEqual([]);
    });

    it('withheld and anonymous callers each get a callback marked "no number to dial", under the unknown caller', async () => {
      const { store, record, callbacks } = setup();
      await record({ number: 'anonymous' });
      await record({ number: '', startedAt: T0 + MINUTE });
      await record({ number: '"Anonymous" <sip:anonymous@anonymous.invalid>', startedAt: T0 + 2 * MINUTE });
      const all = await callbacks();
      expect(all).toHaveLength(3);
      for (const callback of all) {
        expect(callback).toMatchObject({ numberKey: null, clientId: null, state: 'open' });
        expect(await store.access.get('tickets', callback.id)).toMatchObject({
          clientId: UNKNOWN_CALLER_CLIENT_ID,
          title: 'Пропущенный звонок: номер скрыт',
        });
      }
      expect(await store.access.get('clients', UNKNOWN_CALLER_CLIENT_ID)).toMatchObject({
        name: 'Неизвестный абонент',
      });
    });

    it('a caller not in the directory gets a callback with the number and no client', async () => {
      const { store, record, callbacks } = setup();
      await record({ number: '+7 916 123-45-67' });
      const [callback] = await callbacks();
      expect(callback).toMatchObject({ numberKey: '+79161234567', clientId: null, numberRaw: '+7 916 123-45-67' });
      expect(await store.access.get('tickets', callback!.id)).toMatchObject({
        clientId: UNKNOWN_CALLER_CLIENT_ID,
        title: 'Перезвонить: +7 916 123 45 67',
      });
    });

    it('a client created later with the number takes its open callback, the ticket and the calls of that callback', async () => {
      const { store, run, record, callbacks, calls } = setup();
      await record({ number: '+7 916 123-45-67', startedAt: T0 });
      await record({ number: '8 916 123 45 67', startedAt: T0 + MINUTE });
      const [callback] = await callbacks();
      const clientId = uuidv7();
      await run(
        'client:create',
        { id: clientId, name: 'ООО «Новый перевозчик»', phones: [{ id: uuidv7(), raw: '+7 (916) 123-45-67' }] },
        { now: T0 + 10 * MINUTE },
      );
      expect(await store.access.get('callbacks', callback!.id)).toMatchObject({
        clientId,
        state: 'open',
        missedCount: 2,
      });
      expect(await store.access.get('tickets', callback!.id)).toMatchObject({
        clientId,
        contactId: null,
        updatedAt: T0 + 10 * MINUTE,
      });
      expect((await calls()).map((c) => c.clientId)).toEqual([clientId, clientId]);
      // The next miss from the number now opens nothing new and already knows the client.
      await record({ number: '+79161234567', startedAt: T0 + 20 * MINUTE });
      expect(await callbacks()).toEqual([expect.objectContaining({ id: callback!.id, missedCount: 3, clientId })]);
    });

    it("a contact's phone or a phone added later links the open callback to the client and the contact", async () => {
      const { store, world, run, record, callbacks } = setup();
      await record({ number: '+375 44 765-43-21', startedAt: T0 });
      await record({ number: '+375 33 111-22-33', startedAt: T0 });
      const [byContact, byPhone] = await callbacks();
      const contactId = uuidv7();
      await run('contact:create', {
        id: contactId,
        clientId: world.client.id,
        name: 'Ольга, диспетчер гаража',
        phones: [{ id: uuidv7(), raw: '8 044 765 43 21' }],
      });
      await run('phone:add', { id: uuidv7(), clientId: world.client.id, raw: '80331112233' });
      expect(await store.access.get('tickets', byContact!.id)).toMatchObject({ clientId: world.client.id, contactId });
      expect(await store.access.get('callbacks', byContact!.id)).toMatchObject({ clientId: world.client.id });
      expect(await store.access.get('tickets', byPhone!.id)).toMatchObject({
        clientId: world.client.id,
        contactId: null,
      });
      expect(await store.access.get('callbacks', byPhone!.id)).toMatchObject({ clientId: world.client.id });
    });

    it("a number already another client's, a resolved callback and a withheld caller keep what they had", async () => {
      const { store, world, run, record, callbacks } = setup();
      await record({ number: '+375291234567', startedAt: T0 });
      await record({ number: '+79161234567', startedAt: T0 });
      await record({ number: 'anonymous', startedAt: T0 });
      const all = await callbacks();
      const unlisted = all.find((c) => c.numberKey === '+79161234567')!;
      await run('callback:resolve', { id: unlisted.id, logId: uuidv7() });
      const before = await callbacks();
      const ticketsBefore = await store.access.find('tickets', { type: 'callback' }, { orderBy: [['id', 'asc']] });
      const other = uuidv7();
      await run('client:create', {
        id: other,
        name: 'ИП Совладелец номера',
        phones: [
          { id: uuidv7(), raw: '+375291234567' },
          { id: uuidv7(), raw: '+79161234567' },
        ],
      });
      expect(await callbacks()).toEqual(before);
      expect(await store.access.find('tickets', { type: 'callback' }, { orderBy: [['id', 'asc']] })).toEqual(
        ticketsBefore,
      );
      expect(before.find((c) => c.numberKey === '+375291234567')?.clientId).toBe(world.client.id);
    });

    it('a phone that is not a number is refused and links nothing', async () => {
      const { store, run, record, callbacks } = setup();
      await record({ number: '+79161234567' });
      const before = await callbacks();
      const clientId = uuidv7();
      const refused = await run('client:create', {
        id: clientId,
        name: 'ООО «Опечатка»',
        phones: [
          { id: uuidv7(), raw: '+79161234567' },
          { id: uuidv7(), raw: '12' },
        ],
      }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'invalid-input', reason: { key: 'phone-invalid' } });
      expect(await callbacks()).toEqual(before);
      expect(await store.access.get('clients', clientId)).toBeUndefined();
    });

    it('a callback ticket closed from the grid closes its callback, and the next missed call opens a new one', async () => {
      const { run, record, callbacks, open } = setup();
      await record({ startedAt: T0 });
      const [first] = await callbacks();
      await run('ticket:set-status', { id: first!.id, status: 'done', logId: uuidv7() });
      expect(await open()).toEqual([]);
      expect((await callbacks())[0]).toMatchObject({ state: 'resolved', resolution: 'manual', resolvedAt: T0 });
      await record({ startedAt: T0 + 60 * MINUTE });
      const now = await open();
      expect(now).toHaveLength(1);
      expect(now[0]!.id).not.toBe(first!.id);
    });

    it("a claim fails with the owner's name when someone else holds the callback; the owner may claim again", async () => {
      const { store, world, run, record, callbacks } = setup();
      await record({});
      const [callback] = await callbacks();
      await run('callback:claim', { id: callback!.id }, { userId: world.anna.id, now: T0 + MINUTE });
      const lost = await run('callback:claim', { id: callback!.id }, { userId: world.boris.id }).catch((e) => e);
      expect(lost).toBeInstanceOf(PultError);
      expect(lost).toMatchObject({
        code: 'conflict',
        reason: { key: 'already-taken', params: { name: 'Анна Ковалёва' } },
      });
      await run('callback:claim', { id: callback!.id }, { userId: world.anna.id, now: T0 + 2 * MINUTE });
      expect(await store.access.get('callbacks', callback!.id)).toMatchObject({
        claimedBy: world.anna.id,
        claimedAt: T0 + MINUTE,
      });
      expect(await store.access.get('tickets', callback!.id)).toMatchObject({
        assigneeId: world.anna.id,
        status: 'in_progress',
      });
      const later = await run('callback:later', { id: callback!.id }, { userId: world.boris.id }).catch((e) => e);
      expect(later).toMatchObject({ reason: { key: 'already-taken' } });
    });

    it('"later" moves the planned time 30 minutes on from the plan, or from now when the plan is overdue', async () => {
      const { store, run, record, callbacks } = setup();
      await record({});
      const [callback] = await callbacks();
      const due = callback!.dueAt;
      await run('callback:later', { id: callback!.id }, { now: T0 + MINUTE });
      expect((await store.access.get('callbacks', callback!.id))?.dueAt).toBe(due + CALLBACK_LATER_MS);
      const overdue = due + CALLBACK_LATER_MS + 3 * 60 * MINUTE;
      await run('callback:later', { id: callback!.id }, { now: overdue });
      expect((await store.access.get('callbacks', callback!.id))?.dueAt).toBe(overdue + CALLBACK_LATER_MS);
      expect((await store.access.get('tickets', callback!.id))?.plannedAt).toBe(overdue + CALLBACK_LATER_MS);
    });

    it('an outgoing call that connects resolves the open callback; one that is not answered does not', async () => {
      const { store, world, record, callbacks } = setup();
      await record({});
      const [callback] = await callbacks();
      await record({ direction: 'out', number: '80291234567', startedAt: T0 + MINUTE, outcome: 'missed' });
      expect((await store.access.get('callbacks', callback!.id))?.state).toBe('open');
      await record(
        {
          direction: 'out',
          number: '+375 29 123 45 67',
          startedAt: T0 + 2 * MINUTE,
          answeredAt: T0 + 2 * MINUTE + 9_000,
          outcome: 'answered',
        },
        { now: T0 + 3 * MINUTE },
      );
      expect(await store.access.get('callbacks', callback!.id)).toMatchObject({
        state: 'resolved',
        resolution: 'called-back',
        resolvedAt: T0 + 2 * MINUTE + 9_000,
      });
      expect(await store.access.get('tickets', callback!.id)).toMatchObject({
        status: 'done',
        assigneeId: world.anna.id,
      });
      const log = await store.access.find(
        'ticket_status_log',
        { ticketId: callback!.id },
        { orderBy: [['at', 'asc']] },
      );
      expect(log.map((l) => l.toStatus)).toEqual(['new', 'done']);
    });

    it('the client calling again and being answered resolves the callback; a call answered before the miss does not', async () => {
      const { store, record, callbacks } = setup();
      await record({ startedAt: T0 + 10 * MINUTE });
      const [callback] = await callbacks();
      await record({ startedAt: T0, answeredAt: T0 + 5_000, outcome: 'answered' });
      expect((await store.access.get('callbacks', callback!.id))?.state).toBe('open');
      await record({ startedAt: T0 + 20 * MINUTE, answeredAt: T0 + 20 * MINUTE, outcome: 'answered-elsewhere' });
      expect(await store.access.get('callbacks', callback!.id)).toMatchObject({
        state: 'resolved',
        resolution: 'answered',
      });
      // After it was resolved, a new miss opens a new callback.
      await record({ startedAt: T0 + 60 * MINUTE });
      expect((await callbacks()).map((c) => c.state)).toEqual(['resolved', 'open']);
    });

    it('a miss reported late, from before the callback was resolved, counts towards that callback and opens none', async () => {
      const { record, callbacks } = setup();
      await record({ startedAt: T0 });
      await record({
        direction: 'out',
        startedAt: T0 + 10 * MINUTE,
        answeredAt: T0 + 10 * MINUTE,
        outcome: 'answered',
      });
      await record({ startedAt: T0 + 5 * MINUTE, source: 'mail', pbxId: 'office' }, { userId: null, system: true });
      expect(await callbacks()).toEqual([expect.objectContaining({ state: 'resolved', missedCount: 2 })]);
    });

    it('a desk cannot report a call as the PBX, and a call cannot end before it started', async () => {
      const { record, calls } = setup();
      await expect(record({ source: 'pbx' })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(record({ endedAt: T0 - 1 })).rejects.toMatchObject({ code: 'invalid-input' });
      expect(await calls()).toEqual([]);
    });

    it('the PBX names who answered by extension, and the call is theirs', async () => {
      const { world, record, calls } = setup();
      await record(
        { source: 'pbx', pbxId: 'office', outcome: 'answered', answeredAt: T0 + 3_000, answeredBy: '102' },
        { userId: null, system: true, location: 'server' },
      );
      expect(await calls()).toEqual([
        expect.objectContaining({ agentId: world.boris.id, source: 'pbx', pbxId: 'office' }),
      ]);
    });

    it('whatever the order and repetition of reports, each Call-ID is one row with its best outcome and each number has at most one open callback', async () => {
      const outcome = fc.constantFrom('answered', 'answered-elsewhere', 'missed', 'rejected', 'ring-timeout' as const);
      const report = fc.record({
        call: fc.integer({ min: 0, max: 5 }),
        outcome,
        desk: fc.constantFrom('anna', 'boris', 'pbx' as const),
      });
      const NUMBERS = ['+375291234567', '80291234567', '+375447654321', 'anonymous'];
      const RANK = { rejected: 0, missed: 1, 'ring-timeout': 1, 'answered-elsewhere': 2, answered: 3 } as const;
      const STORED = {
        rejected: 'rejected',
        missed: 'missed',
        'ring-timeout': 'missed',
        'answered-elsewhere': 'answered_elsewhere',
        answered: 'answered',
      } as const;
      await fc.assert(
        fc.asyncProperty(fc.array(report, { minLength: 1, maxLength: 14 }), async (reports) => {
          const { world, record, calls, open } = setup();
          for (const [i, r] of reports.entries()) {
            const system = r.desk === 'pbx';
            await record(
              {
                sipCallId: `call-${r.call}@pbx`,
                number: NUMBERS[r.call % NUMBERS.length],
                startedAt: T0 + r.call * MINUTE,
                answeredAt: r.outcome === 'answered' ? T0 + r.call * MINUTE + 1_000 : null,
                outcome: r.outcome,
                source: system ? 'pbx' : 'desk',
              },
              {
                now: T0 + i * 1_000,
                userId: system ? null : world[r.desk as 'anna' | 'boris'].id,
                system,
                location: system ? 'server' : 'desk',
              },
            );
          }
          const rows = await calls();
          const ids = [...new Set(reports.map((r) => r.call))];
          expect(rows).toHaveLength(ids.length);
          for (const id of ids) {
            const best = reports
              .filter((r) => r.call === id)
              .reduce((a, b) => (RANK[b.outcome] > RANK[a.outcome] ? b : a)).outcome;
            const row = rows.find((c) => c.sipCallId === `call-${id}@pbx`)!;
            expect(row.outcome).toBe(STORED[best]);
            if (row.outcome === 'missed') expect(row.callbackTicketId).not.toBeNull();
          }
          const openKeys = (await open()).map((c) => c.numberKey).filter((k) => k !== null);
          expect(new Set(openKeys).size).toBe(openKeys.length);
        }),
        { numRuns: options.numRuns ?? 60 },
      );
    });
  });
}
