import { describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from './dispatch.js';

const calls: unknown[] = [];
const handlers = new Proxy({} as Handlers, {
  get: (_target, method) => (input: unknown) => {
    calls.push([method, input]);
    return { id: '01a21d46-3e17-702b-bbd1-25abf2657dbe', number: 1, provisional: false };
  },
});

describe('every call goes through the contract', () => {
  it('refuses an unknown method without running anything', async () => {
    calls.length = 0;
    const result = await dispatch(handlers, 'tickets:drop-all', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(calls).toEqual([]);
  });

  it('refuses wrong types and oversized strings with a typed error, before any handler runs', async () => {
    calls.length = 0;
    const wrongType = await dispatch(handlers, 'ticket:get', { id: 42 });
    const oversized = await dispatch(handlers, 'ticket:add-comment', {
      id: '01a21d46-3e17-702b-bbd1-25abf2657dbe',
      ticketId: '01a21d46-3e17-702b-bbd1-25abf2657dbe',
      body: 'x'.repeat(20_001),
    });
    const extraField = await dispatch(handlers, 'ticket:get', { id: '01a21d46-3e17-702b-bbd1-25abf2657dbe', sql: 'x' });
    for (const r of [wrongType, oversized, extraField])
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(calls).toEqual([]);
  });

  it('refuses prototype keys as method names', async () => {
    expect(await dispatch(handlers, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await dispatch(handlers, 'constructor', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('a handler whose output breaks the contract fails instead of leaking it', async () => {
    const result = await dispatch(handlers, 'ticket:create', {
      id: '01a21d46-3e17-702b-bbd1-25abf2657dbe',
      logId: '01a21d46-3e17-702b-bbd1-25abf2657dbf',
      ackId: '01a21d46-3e17-702b-bbd1-25abf2657dc0',
      clientId: '01a21d46-3e17-702b-bbd1-25abf2657dbe',
      type: 'incident',
      billing: 'warranty',
      title: 'Нет связи',
    });
    expect(result.ok).toBe(true);
    const bad = await dispatch(handlers, 'employees:list', {});
    expect(bad).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
