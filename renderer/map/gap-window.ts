/** "HH:MM" on the local day that `day` falls in → an instant (`nextDay`: on the day after it). */
export function dayAt(day: number, hhmm: string, nextDay = false): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const d = new Date(day);
  if (nextDay) d.setDate(d.getDate() + 1);
  d.setHours(h, m, 0, 0);
  return d.getTime();
}

/**
 * The window the gap filler's two time fields name on `day`. An end at or before the start is on the next day:
 * at 21:00 "from now for three hours" reads 21:00–00:00, an evening window across midnight.
 */
export function gapWindow(day: number, from: string, to: string): Readonly<{ windowStart: number; windowEnd: number }> {
  const windowStart = dayAt(day, from);
  const sameDay = dayAt(day, to);
  return { windowStart, windowEnd: sameDay > windowStart ? sameDay : dayAt(day, to, true) };
}
