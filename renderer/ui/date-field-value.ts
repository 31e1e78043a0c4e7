import { DateTime } from 'luxon';

/** What a date field holds while its text is not a whole, real date (`31.02.2026`, `01.1`). */
export const INVALID_DAY = 'invalid';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The picker's value for a `yyyy-MM-dd` day; null for `''` and for anything that is not a real day. */
export function pickerFromDay(day: string): DateTime | null {
  if (!DAY.test(day)) return null;
  const date = DateTime.fromISO(day);
  return date.isValid ? date : null;
}

/** The day a picker's value stands for: `yyyy-MM-dd`, `''` when cleared, {@link INVALID_DAY} when half-typed. */
export function dayFromPicker(date: DateTime | null): string {
  if (date === null) return '';
  return date.isValid ? date.toISODate()! : INVALID_DAY;
}

/**
 * The locale the picker formats with: Russian writes `дд.мм.гггг`; English gets the British order (`dd/mm/yyyy`,
 * Monday first), which is how an English speaker in Belarus or Russia reads a date, rather than the US order.
 */
export function pickerLocale(language: 'ru' | 'en'): string {
  return language === 'en' ? 'en-GB' : 'ru';
}
