/**
 * Wall-clock time in a named zone, from the runtime's own time-zone data (ECMAScript's Intl, present in
 * Node, Electron and every browser), so the desk, the server and the window agree on what "Monday 08:00 in
 * Minsk" is without a second copy of the zone database.
 */

export type LocalParts = Readonly<{
  year: number;
  month: number;
  day: number;
  /** ISO weekday: 1 is Monday, 7 is Sunday. */
  weekday: number;
  /** Minutes since the local midnight. */
  minute: number;
}>;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formats.set(zone, format);
  }
  return format;
}

/** Whether the runtime knows this IANA zone name. */
export function isKnownZone(zone: string): boolean {
  try {
    formatFor(zone);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function rawParts(at: number, zone: string) {
  const parts: Record<string, string> = {};
  for (const p of formatFor(zone).formatToParts(new Date(at))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
  };
}

export function localParts(at: number, zone: string): LocalParts {
  const p = rawParts(at, zone);
  return { year: p.year, month: p.month, day: p.day, weekday: p.weekday, minute: p.hour * 60 + p.minute };
}

/** The zone's offset from UTC at this instant, in minutes (Minsk: +180). */
export function zoneOffsetMinutes(at: number, zone: string): number {
  const p = rawParts(at, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

/**
 * The instant at which the zone's wall clock shows `minute` minutes after midnight of the given local date
 * (a minute past 1440 is on the next day). A wall-clock time skipped by a spring-forward change maps to the
 * instant an hour later, as clocks do.
 */
export function zonedInstant(year: number, month: number, day: number, minute: number, zone: string): number {
  const wall = Date.UTC(year, month - 1, day, 0, minute);
  // Two rounds settle the offset on either side of a change of the zone's rules.
  let at = wall - zoneOffsetMinutes(wall, zone) * 60_000;
  at = wall - zoneOffsetMinutes(at, zone) * 60_000;
  return at;
}

/** The local date of an instant as YYYY-MM-DD. */
export function localDate(at: number, zone: string): string {
  const p = localParts(at, zone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The local dates (YYYY-MM-DD) an interval touches, in order. */
export function localDatesOf(startAt: number, endAt: number, zone: string): readonly string[] {
  const out: string[] = [];
  const last = localDate(Math.max(startAt, endAt - 1), zone);
  let p = localParts(startAt, zone);
  for (let guard = 0; guard < 400; guard += 1) {
    const date = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
    out.push(date);
    if (date >= last) break;
    // Noon of the next calendar day is on that day in every zone, whatever its offset changes.
    p = localParts(zonedInstant(p.year, p.month, p.day, 1440 + 720, zone), zone);
  }
  return out;
}

/**
 * An instant's local date without a call into Intl for each one: the local midnights of the range (plus a
 * margin) are found once, and an instant's date is a binary search among them. Instants outside the range
 * fall back to `localDate`. The board reads thousands of dates per answer; each Intl call costs microseconds.
 */
export function localDateLookup(from: number, to: number, zone: string): (at: number) => string {
  const margin = 2 * 86_400_000;
  const dates = localDatesOf(from - margin, to + margin, zone);
  const starts = dates.map((date) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return zonedInstant(y, m, d, 0, zone);
  });
  const first = starts[1] ?? Infinity;
  const last = starts.at(-1) ?? -Infinity;
  return (at) => {
    // The first date's midnight lies before the range's margin; only whole days between known midnights count.
    if (at < first || at >= last) return localDate(at, zone);
    let lo = 1;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return dates[lo]!;
  };
}
