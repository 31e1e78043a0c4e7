/** "3:05": minutes as hours and minutes. */
export function formatHours(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function timeIn(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('ru-RU', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(zone, f);
  }
  return f;
}

/** A short name of a zone for a label: its city ("Europe/Minsk" → "Minsk"). */
export const zoneCity = (zone: string) => (zone.split('/').at(-1) ?? zone).replaceAll('_', ' ');

/**
 * A span's times in one zone, and in the other too when the two differ (an engineer in Yekaterinburg
 * planned from Minsk sees both): "11:00–13:30 (Yekaterinburg) · 09:00–11:30 (Minsk)".
 */
export function twoZoneTime(startAt: number, endAt: number, zone: string, otherZone: string): string {
  const span = (z: string) => `${timeIn(z).format(startAt)}–${timeIn(z).format(endAt)}`;
  const own = span(zone);
  const other = span(otherZone);
  if (zone === otherZone || own === other) return own;
  return `${own} (${zoneCity(zone)}) · ${other} (${zoneCity(otherZone)})`;
}
