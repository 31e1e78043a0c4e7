import { describe, expect, it } from 'vitest';
import { toTimeInput, weekFromForm } from './planner-hours';

describe('the hours editor’s form', () => {
  it('a day with both times is one interval, a blank day is off, and an end before the start runs past midnight', () => {
    expect(
      weekFromForm({
        1: { start: '08:00', end: '17:00' },
        2: { start: '', end: '' },
        5: { start: '22:00', end: '06:00' },
      }),
    ).toEqual({
      ok: true,
      value: [
        { weekday: 1, startMinute: 480, endMinute: 1020 },
        { weekday: 5, startMinute: 1320, endMinute: 1800 },
      ],
    });
  });

  it('a day with only one time, or a time that is not one, is refused instead of guessed', () => {
    expect(weekFromForm({ 1: { start: '08:00', end: '' } })).toEqual({ ok: false });
    expect(weekFromForm({ 1: { start: '25:00', end: '26:00' } })).toEqual({ ok: false });
  });

  it('a stored night shift’s end shows as the next morning’s time', () => {
    expect(toTimeInput(1800)).toBe('06:00');
    expect(toTimeInput(540)).toBe('09:00');
  });
});
