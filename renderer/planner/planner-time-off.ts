import type { TimeOffKind } from '../../core/planning/tables';
import { zonedInstant } from '../../core/planning/zone';

/**
 * Every kind of absence the store knows, in the order the editor offers them. A record over the type's keys
 * (rather than a list) makes the compiler name a kind added to the store and missing here.
 */
const KINDS: Readonly<Record<TimeOffKind, true>> = { vacation: true, sick: true, training: true, other: true };
export const TIME_OFF_KINDS = Object.keys(KINDS) as readonly TimeOffKind[];

/** The editor's fields as typed: days as `yyyy-MM-dd`, times as `HH:mm` (blank: the day's start or end). */
export type TimeOffForm = Readonly<{
  kind: TimeOffKind;
  fromDay: string;
  fromTime: string;
  toDay: string;
  toTime: string;
  note: string;
}>;

export type TimeOffSpan = Readonly<{ startAt: number; endAt: number }>;
export type TimeOffFormError = 'day' | 'time' | 'order';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

function minuteOf(time: string, blank: number): number | null {
  if (time === '') return blank;
  const m = TIME.exec(time);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

function dayOf(day: string): [number, number, number] | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const parts: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // A day the calendar does not have (31 April) is an error, not the 1st of May.
  const probe = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
  return probe.getUTCMonth() === parts[1] - 1 && probe.getUTCDate() === parts[2] ? parts : null;
}

/**
 * The absence as instants, read on the engineer's wall clock in their zone: "from the 3rd to the 5th" with no
 * times is the 3rd's midnight to the end of the 5th, so a whole-day absence needs only two dates. An absence
 * that does not end after it starts is refused here rather than sent.
 */
export function timeOffSpan(
  form: TimeOffForm,
  zone: string,
): { ok: true; value: TimeOffSpan } | { ok: false; error: TimeOffFormError } {
  const from = dayOf(form.fromDay);
  const to = dayOf(form.toDay === '' ? form.fromDay : form.toDay);
  if (!from || !to) return { ok: false, error: 'day' };
  const startMinute = minuteOf(form.fromTime, 0);
  const endMinute = minuteOf(form.toTime, 1440);
  if (startMinute === null || endMinute === null) return { ok: false, error: 'time' };
  const startAt = zonedInstant(...from, startMinute, zone);
  const endAt = zonedInstant(...to, endMinute, zone);
  if (endAt <= startAt) return { ok: false, error: 'order' };
  return { ok: true, value: { startAt, endAt } };
}
