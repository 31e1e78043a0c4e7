import { describe, expect, it } from 'vitest';
import {
  cleanFilter,
  dateInputToMillis,
  DEFAULT_SORT,
  EMPTY_FILTERS,
  hasActiveFilters,
  millisToDateInput,
  nextSort,
  queryKey,
  toTicketFilter,
} from './grid-query';

describe('grid query', () => {
  it('an empty filter bar sends no conditions at all ("nothing chosen" is not "match nothing")', () => {
    expect(toTicketFilter(EMPTY_FILTERS, '   ')).toEqual({});
    expect(hasActiveFilters(EMPTY_FILTERS)).toBe(false);
    expect(cleanFilter({ statuses: [], types: [], assigneeIds: [], text: '' })).toEqual({});
  });

  it('keeps "unassigned" (null) in the assignee list and trims the search text', () => {
    const f = toTicketFilter({ ...EMPTY_FILTERS, assigneeIds: [null, 'x'] }, '  AB 12 ');
    expect(f).toEqual({ assigneeIds: [null, 'x'], text: 'AB 12' });
  });

  it('the created-to date includes that whole day', () => {
    const from = dateInputToMillis('2026-03-05', 'start');
    const to = dateInputToMillis('2026-03-05', 'end');
    expect(from).toBe(new Date(2026, 2, 5).getTime());
    expect(to).toBe(new Date(2026, 2, 6).getTime() - 1);
    expect(millisToDateInput(from)).toBe('2026-03-05');
    expect(dateInputToMillis('', 'start')).toBeUndefined();
    expect(dateInputToMillis('05.03.2026', 'start')).toBeUndefined();
  });

  it('equal queries share a key, any difference changes it', () => {
    const a = { view: 'open' as const, filter: { statuses: ['new'] }, sort: DEFAULT_SORT };
    expect(queryKey(a)).toBe(queryKey({ ...a, filter: { statuses: ['new'] } }));
    expect(queryKey(a)).not.toBe(queryKey({ ...a, view: 'all' }));
    expect(queryKey(a)).not.toBe(queryKey({ ...a, sort: { column: 'number', dir: 'asc' } }));
    expect(queryKey(a)).not.toBe(queryKey({ ...a, filter: { statuses: ['new'], text: 'x' } }));
  });

  it('clicking a header sorts by it, clicking again flips the direction', () => {
    expect(nextSort(DEFAULT_SORT, 'client')).toEqual({ column: 'client', dir: 'asc' });
    expect(nextSort({ column: 'client', dir: 'asc' }, 'client')).toEqual({ column: 'client', dir: 'desc' });
    expect(nextSort({ column: 'client', dir: 'asc' }, 'createdAt')).toEqual({ column: 'createdAt', dir: 'desc' });
  });
});
