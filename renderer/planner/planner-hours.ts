/** One weekday of the hours editor, as the time inputs hold it ("08:00"; blank is a day off). */
export type DayHours = Readonly<{ start: string; end: string }>;

export const toTimeInput = (minute: number): string => {
  const m = minute % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

export const fromTimeInput = (value: string): string => value.slice(0, 5);

const minuteOf = (value: string): number | null => {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const h = Number(match[1]);
  const m = Number(match[2]);
  return h < 24 && m < 60 ? h * 60 + m : null;
};

export type WeekRow = Readonly<{ weekday: number; startMinute: number; endMinute: number }>;

/**
 * The form as a week for `engineer:set-hours`: a day with both times is one interval (an end at or before
 * the start runs into the next day: 22:00–06:00 is a night shift), a day with neither is off, and a day
 * with only one of them is an error rather than a guess.
 */
export function weekFromForm(form: Readonly<Record<number, DayHours>>): { ok: true; value: WeekRow[] } | { ok: false } {
  const out: WeekRow[] = [];
  for (const [day, { start, end }] of Object.entries(form)) {
    if (start === '' && end === '') continue;
    const s = minuteOf(start);
    const e = minuteOf(end);
    if (s === null || e === null) return { ok: false };
    out.push({ weekday: Number(day), startMinute: s, endMinute: e > s ? e : e + 1440 });
  }
  return { ok: true, value: out.sort((a, b) => a.weekday - b.weekday) };
}
