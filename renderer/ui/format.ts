/**
 * Locale-aware formatting of what the grid and the drawer show. Pure (Intl only), so the rules are unit-tested
 * without a DOM. Formatters are cached: a grid renders hundreds of cells per scroll frame.
 */
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!(f instanceof Intl.NumberFormat)) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!(f instanceof Intl.DateTimeFormat)) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

export function formatInteger(value: number, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** Amounts travel in minor units (kopecks) so that sums are exact; only the display divides by 100. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  return numberFormat(locale, { style: 'currency', currency }).format(minor / 100);
}

export function formatDateTime(ms: number, locale: string, timeZone?: string): string {
  return dateFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone }).format(ms);
}

export function formatDate(ms: number, locale: string, timeZone?: string): string {
  return dateFormat(locale, { dateStyle: 'short', timeZone }).format(ms);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function unit(value: number, u: 'day' | 'hour' | 'minute' | 'second', locale: string): string {
  return numberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
}

/**
 * A duration as a person says it: the two largest units, rounded down ("2 ч 15 мин", "3 дн. 4 ч"), seconds only
 * below a minute. Time in a status is read at a glance, so precision beyond two units is noise.
 */
export function formatDuration(ms: number, locale: string): string {
  const total = Math.max(0, Math.floor(ms));
  if (total < MINUTE) return unit(Math.floor(total / 1000), 'second', locale);
  const days = Math.floor(total / DAY);
  const hours = Math.floor((total % DAY) / HOUR);
  const minutes = Math.floor((total % HOUR) / MINUTE);
  const parts: string[] = [];
  if (days > 0) {
    parts.push(unit(days, 'day', locale));
    if (hours > 0) parts.push(unit(hours, 'hour', locale));
  } else if (hours > 0) {
    parts.push(unit(hours, 'hour', locale));
    if (minutes > 0) parts.push(unit(minutes, 'minute', locale));
  } else {
    parts.push(unit(minutes, 'minute', locale));
  }
  return parts.join(' ');
}
