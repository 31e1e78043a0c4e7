import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RowOf, TableName } from './entities.js';
import { createMutationTx, defineMutator, ref, rule, type Mutator, type Writes } from './mutation.js';
import { PultError } from './result.js';
import { createMemoryStore, type MemoryStore } from './test-support/memory-store.js';
import { PLANNER_VISIT_FIELDS } from './test-support/visit-fields.js';

/**
 * What this file tries to break: `tx.delete`. Ids come from the desk, so a signed-in user can name any row; a
 * delete must remove only a row the mutation's `writes(args).deletes` names, and only one that exists. No
 * product mutator deletes yet, so the framework is driven by a mutator record that lives in this file only.
 */

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

function visit(over: Partial<RowOf<'visits'>> = {}): RowOf<'visits'> {
  return {
    id: uuidv7(),
    ticketId: uuidv7(),
    engineerId: uuidv7(),
    startAt: T0,
    endAt: T0 + 3_600_000,
    state: 'planned',
    place: null,
    ...PLANNER_VISIT_FIELDS,
    ...over,
  };
}

function phone(over: Partial<RowOf<'phones'>> = {}): RowOf<'phones'> {
  return { id: uuidv7(), clientId: uuidv7(), contactId: null, raw: '8 029 123-45-67', e164: '+375291234567', ...over };
}

/** "Unplan a visit": deletes the visit its arguments name, and whatever `target` the caller forges. */
const unplan = defineMutator({
  args: z.object({ id: z.string(), target: z.object({ table: z.string(), id: z.string() }) }).strict(),
  roles: ['planner'],
  writes: (args) => ({ creates: [], updates: [], deletes: [ref('visits', args.id)] }),
  async run(tx, args) {
    await tx.delete(args.target.table as TableName, args.target.id);
  },
});

async function run(store: MemoryStore, mutator: Mutator, args: unknown): Promise<PultError | null> {
  const parsed = mutator.args.parse(args);
  const tx = createMutationTx(store, { now: T0, userId: null, location: 'server' }, mutator.writes(parsed));
  try {
    await mutator.run(tx, parsed);
    return null;
  } catch (error) {
    if (error instanceof PultError) return error;
    throw error;
  }
}

function world() {
  const store = createMemoryStore();
  const rows = { visit: visit(), other: visit(), phone: phone() };
  store.put('visits', rows.visit);
  store.put('visits', rows.other);
  store.put('phones', rows.phone);
  return { store, ...rows };
}

describe('tx.delete removes only the rows the mutation names', () => {
  it('a named row that exists is deleted, and nothing else changes', async () => {
    const w = world();
    const before = w.store.snapshot();
    expect(await run(w.store, unplan, { id: w.visit.id, target: { table: 'visits', id: w.visit.id } })).toBeNull();
    const after = w.store.snapshot();
    expect(after.has(`visits/${w.visit.id}`)).toBe(false);
    before.delete(`visits/${w.visit.id}`);
    expect(after).toEqual(before);
  });

  it('whatever existing row is forged as the target, only the named one can go; any other is refused as forbidden', async () => {
    const w = world();
    const keys = [...w.store.snapshot().keys()].map((k) => {
      const [table, id] = k.split('/') as [TableName, string];
      return { table, id };
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...keys, { table: 'visits' as TableName, id: uuidv7() }),
        fc.constantFrom(w.visit.id, w.other.id, w.phone.id, uuidv7()),
        async (target, named) => {
          const store = w.store.fork();
          const before = store.snapshot();
          const error = await run(store, unplan, { id: named, target });
          const after = store.snapshot();
          const isNamed = target.table === 'visits' && target.id === named;
          if (!isNamed) {
            expect(error?.code).toBe('forbidden');
            expect(error?.message).toContain('may not delete');
            expect(after).toEqual(before);
          } else if (!before.has(`visits/${named}`)) {
            expect(error?.code).toBe('not-found');
            expect(after).toEqual(before);
          } else {
            expect(error).toBeNull();
            const gone = new Map(before);
            gone.delete(`visits/${named}`);
            expect(after).toEqual(gone);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a row that does not exist is refused as not-found, also when it is named', async () => {
    const w = world();
    const missing = uuidv7();
    const error = await run(w.store, unplan, { id: missing, target: { table: 'visits', id: missing } });
    expect(error?.code).toBe('not-found');
  });

  it('a mutator whose writes name no deletes (every product mutator today) may delete nothing', async () => {
    const w = world();
    const writes: Writes = { creates: [], updates: [ref('visits', w.visit.id)] };
    const tx = createMutationTx(w.store, { now: T0, userId: null, location: 'desk' }, writes);
    await expect(tx.delete('visits', w.visit.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await w.store.get('visits', w.visit.id)).toEqual(w.visit);
  });

  it('a row deleted by a run is gone for the rest of it: changing it afterwards is not-found, creating it anew needs its id named as a create', async () => {
    const w = world();
    const writes: Writes = {
      creates: [ref('visits', w.visit.id)],
      updates: [ref('visits', w.visit.id)],
      deletes: [ref('visits', w.visit.id)],
    };
    const tx = createMutationTx(w.store, { now: T0, userId: null, location: 'desk' }, writes);
    await tx.delete('visits', w.visit.id);
    await expect(tx.update('visits', { ...w.visit, state: 'done' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(tx.delete('visits', w.visit.id)).rejects.toMatchObject({ code: 'not-found' });
    expect(await w.store.get('visits', w.visit.id)).toBeUndefined();
  });

  it('a row created by the same run may be deleted by it when named, and then cannot be changed', async () => {
    const w = world();
    const fresh = visit();
    const writes: Writes = { creates: [ref('visits', fresh.id)], updates: [], deletes: [ref('visits', fresh.id)] };
    const tx = createMutationTx(w.store, { now: T0, userId: null, location: 'desk' }, writes);
    await tx.insert('visits', fresh);
    await tx.delete('visits', fresh.id);
    // Not named as an update, and no longer this run's own creation.
    await expect(tx.update('visits', { ...fresh, state: 'done' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await w.store.get('visits', fresh.id)).toBeUndefined();
  });
});

describe('rows named by a rule (updatesWhere)', () => {
  /** Moves the visit `target` names to a new start, allowed by the rule "visits of this engineer, planned". */
  const move = defineMutator({
    args: z.object({ engineerId: z.string(), target: z.string(), twice: z.boolean().default(false) }).strict(),
    roles: ['planner'],
    writes: (args) => ({
      creates: [],
      updates: [],
      updatesWhere: [rule('visits', { engineerId: args.engineerId, state: 'planned' })],
    }),
    async run(tx, args) {
      const row = await tx.get('visits', args.target);
      if (!row) throw new PultError('not-found', 'no visit');
      await tx.update('visits', { ...row, state: 'en_route' });
      // The first change took it out of the rule; the same run may still change it again.
      if (args.twice) await tx.update('visits', { ...row, state: 'on_site' });
    },
  });

  it('a row that matches the rule before the run may change, also twice in one run', async () => {
    const store = createMemoryStore();
    const engineerId = uuidv7();
    const mine = visit({ engineerId });
    store.put('visits', mine);
    expect(await run(store, move as unknown as Mutator, { engineerId, target: mine.id, twice: true })).toBeNull();
    expect((await store.get('visits', mine.id))?.state).toBe('on_site');
  });

  it('a row of another engineer, or one the rule no longer matches, is refused and stays as it was', async () => {
    const store = createMemoryStore();
    const engineerId = uuidv7();
    const others = visit();
    const started = visit({ engineerId, state: 'en_route' });
    store.put('visits', others);
    store.put('visits', started);
    const before = store.snapshot();
    for (const target of [others.id, started.id]) {
      const error = await run(store, move as unknown as Mutator, { engineerId, target });
      expect(error?.code).toBe('forbidden');
    }
    expect(store.snapshot()).toEqual(before);
  });

  it('a rule admits updates only: it never lets a run create or delete a row', async () => {
    const store = createMemoryStore();
    const engineerId = uuidv7();
    const mine = visit({ engineerId });
    store.put('visits', mine);
    const writes: Writes = { creates: [], updates: [], updatesWhere: [rule('visits', { engineerId })] };
    const tx = createMutationTx(store, { now: T0, userId: null, location: 'server' }, writes);
    await expect(tx.insert('visits', visit({ engineerId }))).rejects.toMatchObject({ code: 'forbidden' });
    await expect(tx.delete('visits', mine.id)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a rule that compares no field is a programming error, not "any row"', () => {
    const store = createMemoryStore();
    const writes: Writes = { creates: [], updates: [], updatesWhere: [rule('visits', { engineerId: undefined })] };
    expect(() => createMutationTx(store, { now: T0, userId: null, location: 'server' }, writes)).toThrow(
      /at least one field/,
    );
  });

  it('any row of any table that is not admitted by id or by a matching rule is refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('planned', 'en_route', 'done'), fc.boolean(), async (state, sameEngineer) => {
        const store = createMemoryStore();
        const engineerId = uuidv7();
        const row = visit({ engineerId: sameEngineer ? engineerId : uuidv7(), state });
        store.put('visits', row);
        const error = await run(store, move as unknown as Mutator, { engineerId, target: row.id });
        const admitted = sameEngineer && state === 'planned';
        expect(error === null).toBe(admitted);
        expect((await store.get('visits', row.id))?.state).toBe(admitted ? 'en_route' : state);
      }),
    );
  });
});
