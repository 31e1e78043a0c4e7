import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../dispatch.js';
import { runMutation } from '../mutations.js';
import { LoginRequest, PushRequest } from '../sync-protocol.js';
import { createMemoryStore } from '../test-support/memory-store.js';
import { isWellFormedText, MAX_MILLIS, Millis, str } from './text.js';

/**
 * A NUL byte or a lone surrogate is refused at the schema, on the desk and the server alike: PostgreSQL cannot
 * store NUL in text, and a lone surrogate has no UTF-8 form, so either one would be accepted by a desk and
 * then fail on the server for good.
 */
const BAD = ['a\u0000b', '\u0000', 'x\uD800', '\uDC00y', 'ab\uDBFFcd'];

describe('text is well formed or refused', () => {
  it.each(BAD)('refuses %j', (value) => {
    expect(str().safeParse(value).success).toBe(false);
    expect(isWellFormedText(value)).toBe(false);
  });

  it('accepts any well-formed text, Cyrillic and astral characters included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        fc.pre(!value.includes('\u0000'));
        expect(str().safeParse(value).success).toBe(true);
      }),
    );
    expect(str().safeParse('Семён 🚚 «Газель»').success).toBe(true);
  });

  it('a contract call with NUL in a comment is refused before any handler runs', async () => {
    let ran = false;
    const handlers = new Proxy({}, { get: () => () => ((ran = true), { ok: true }) }) as never;
    const result = await dispatch(handlers, 'ticket:add-comment', {
      id: '01a21d46-3e17-702b-bbd1-25abf2657dbe',
      ticketId: '01a21d46-3e17-702b-bbd1-25abf2657dbf',
      body: 'plain\u0000text',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(ran).toBe(false);
  });

  it('a mutation with NUL in its arguments is refused by the mutator schema, and writes nothing', async () => {
    const store = createMemoryStore();
    const before = store.snapshot();
    await expect(
      runMutation(store, { now: 1, userId: null, location: 'server' }, 'ticket:add-comment', {
        id: '01a21d46-3e17-702b-bbd1-25abf2657dbe',
        ticketId: '01a21d46-3e17-702b-bbd1-25abf2657dbf',
        body: 'x\u0000',
        public: false,
      }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    expect(store.snapshot()).toEqual(before);
  });

  it('a login or a pushed mutation name with NUL is a schema violation', () => {
    expect(LoginRequest.safeParse({ login: 'an\u0000na', password: 'secret' }).success).toBe(false);
    expect(
      PushRequest.safeParse({
        deskId: '01a21d46-3e17-702b-bbd1-25abf2657dbe',
        schemaVersion: 1,
        mutations: [{ id: 1, name: 'ticket:claim\u0000', args: {}, createdAt: 1 }],
      }).success,
    ).toBe(false);
  });

  it('millisecond fields stop at year 9999, not at MAX_SAFE_INTEGER', () => {
    expect(Millis.safeParse(MAX_MILLIS).success).toBe(true);
    expect(Millis.safeParse(MAX_MILLIS + 1).success).toBe(false);
    expect(Millis.safeParse(Number.MAX_SAFE_INTEGER).success).toBe(false);
    expect(new Date(MAX_MILLIS).getUTCFullYear()).toBe(9999);
  });
});
