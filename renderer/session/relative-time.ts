import { formatDateTime } from '../ui/format';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const cache = new Map<string, Intl.RelativeTimeFormat>();

function relative(locale: string, numeric: 'auto' | 'always'): Intl.RelativeTimeFormat {
  const key = `${locale}|${numeric}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.RelativeTimeFormat(locale, { numeric });
    cache.set(key, f);
  }
  return f;
}

/**
 * "When did this desk last hear from the server", as a person says it: "сейчас", "5 минут назад",
 * "3 часа назад", "2 дня назад"; older than a week, the date and time. Whole units only, counted as a clock
 * counts them (2 min 59 s is "2 минуты назад"): the bar refreshes every 15 s, finer is noise. A time slightly in the future (the renderer's clock ticks every 15 s,
 * the desk's stamp is newer) reads as "now".
 */
export function formatSince(at: number, now: number, locale: string, timeZone?: string): string {
  const delta = Math.max(0, now - at);
  if (delta < 45 * SECOND) return relative(locale, 'auto').format(0, 'second');
  if (delta < HOUR) return relative(locale, 'always').format(-Math.max(1, Math.floor(delta / MINUTE)), 'minute');
  if (delta < DAY) return relative(locale, 'always').format(-Math.floor(delta / HOUR), 'hour');
  // "always", not "auto": 30 hours ago is "1 день назад", while "вчера" would name a calendar day.
  if (delta < WEEK) return relative(locale, 'always').format(-Math.floor(delta / DAY), 'day');
  return formatDateTime(at, locale, timeZone);
}
