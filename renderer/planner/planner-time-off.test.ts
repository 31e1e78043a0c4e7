import { describe, expect, it } from 'vitest';
import { timeOffSpan, TIME_OFF_KINDS, type TimeOffForm } from './planner-time-off';

const H = 3_600_000;
/** Monday 2 November 2026, 00:00 in Minsk (UTC+3). */
const MON_MINSK = Date.UTC(2026, 10, 1, 21, 0);
const form = (over: Partial<TimeOffForm>): TimeOffForm => ({
  kind: 'vacation',
  fromDay: '2026-11-02',
  fromTime: '',
  toDay: '',
  toTime: '',
  note: '',
  ...over,
});

describe('the time-off form as an interval', () => {
  it('two dates without times cover both whole days on the engineer’s clock', () => {
    expect(timeOffSpan(form({ toDay: '2026-11-04' }), 'Europe/Minsk')).toEqual({
      ok: true,
      value: { startAt: MON_MINSK, endAt: MON_MINSK + 3 * 24 * H },
    });
  });

  it('one date is that whole day; times narrow it, read in the engineer’s zone, not the window’s', () => {
    expect(timeOffSpan(form({}), 'Europe/Minsk')).toEqual({
      ok: true,
      value: { startAt: MON_MINSK, endAt: MON_MINSK + 24 * H },
    });
    // 09:00–13:00 in Yekaterinburg (UTC+5) is 07:00–11:00 in Minsk.
    expect(timeOffSpan(form({ fromTime: '09:00', toTime: '13:00' }), 'Asia/Yekaterinburg')).toEqual({
      ok: true,
      value: { startAt: MON_MINSK + 7 * H, endAt: MON_MINSK + 11 * H },
    });
  });

  it('an end before the start, an impossible day or a half-typed time is refused with its reason', () => {
    expect(timeOffSpan(form({ toDay: '2026-11-01' }), 'Europe/Minsk')).toEqual({ ok: false, error: 'order' });
    expect(timeOffSpan(form({ fromTime: '12:00', toTime: '12:00' }), 'Europe/Minsk')).toEqual({
      ok: false,
      error: 'order',
    });
    expect(timeOffSpan(form({ fromDay: '2026-04-31' }), 'Europe/Minsk')).toEqual({ ok: false, error: 'day' });
    expect(timeOffSpan(form({ fromDay: '' }), 'Europe/Minsk')).toEqual({ ok: false, error: 'day' });
    expect(timeOffSpan(form({ fromTime: 'invalid' }), 'Europe/Minsk')).toEqual({ ok: false, error: 'time' });
    expect(timeOffSpan(form({ toTime: '24:30' }), 'Europe/Minsk')).toEqual({ ok: false, error: 'time' });
  });

  it('offers every kind the store knows', () => {
    expect([...TIME_OFF_KINDS].sort()).toEqual(['other', 'sick', 'training', 'vacation']);
  });
});
