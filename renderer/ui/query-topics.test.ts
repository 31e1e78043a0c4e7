import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, contract, type MethodName } from '../../core/contract';
import { shows } from './useApiQuery';

/** A change refetches only the queries that show it: a new comment does not reload the client's vehicles. */
describe('a change event refetches only what shows it', () => {
  const changed = (...tables: string[]) => ({ type: 'changed', tables }) as never;

  it('a comment reloads the open ticket and nothing about clients', () => {
    expect(shows('ticket:get', changed('comments'))).toBe(true);
    expect(shows('client:vehicles', changed('comments'))).toBe(false);
    expect(shows('employees:list', changed('comments'))).toBe(false);
    expect(shows('tickets:query', changed('comments'))).toBe(false);
  });

  it('a payment reloads the grid (debtor marks) and the client picker', () => {
    expect(shows('tickets:query', changed('payments'))).toBe(true);
    expect(shows('clients:search', changed('payments'))).toBe(true);
  });

  it('an unknown change ("*", another process wrote the file) reloads every query', () => {
    for (const method of METHOD_NAMES.filter((m) => contract[m].kind === 'query' && contract[m].reads !== 'session')) {
      expect(shows(method, changed('*')), method).toBe(true);
    }
  });

  it('session queries follow sync events, and mutations never refetch', () => {
    expect(shows('session:status', { type: 'sync', status: {} } as never)).toBe(true);
    expect(shows('session:status', changed('tickets'))).toBe(false);
    expect(shows('ticket:set-status' as MethodName, changed('*'))).toBe(false);
  });
});
