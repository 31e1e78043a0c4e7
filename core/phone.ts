import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { formatE164 } from './phone-display.js';

/**
 * Phone numbers are stored as typed and normalised to E.164. The default region is a setting (BY at first);
 * a number that is not valid there is tried in the fallback regions, because a Belarusian office also gets
 * Russian clients who type `8 (495) …`.
 */
export type PhoneRegions = Readonly<{ defaultRegion: CountryCode; fallbackRegions: readonly CountryCode[] }>;

export const DEFAULT_PHONE_REGIONS: PhoneRegions = { defaultRegion: 'BY', fallbackRegions: ['RU'] };

function tryParse(text: string, region?: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(text, region);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** E.164 (`+375291234567`) or null when the text is not a valid number in any of the regions. */
export function normalizePhone(raw: string, regions: PhoneRegions = DEFAULT_PHONE_REGIONS): string | null {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 5 || digits.length > 17) return null;
  // "00" is the international prefix people carry over from most of Europe; libphonenumber reads it only
  // where the region really uses it (Belarus dials 810).
  const text = trimmed.startsWith('00') ? `+${digits.slice(2)}` : trimmed;
  if (text.startsWith('+')) return tryParse(text);
  for (const region of [regions.defaultRegion, ...regions.fallbackRegions]) {
    const e164 = tryParse(text, region);
    if (e164) return e164;
  }
  // Digits typed without a "+" or a trunk prefix may still be a full international number (`4915112345678`),
  // but only the digits before an extension or a note are: `290-66-83, доб. 4` is a local number and
  // extension 4, not +290 66834 on Saint Helena.
  const numberPart = trimmed.split(/[,;(]|\p{L}/u, 1)[0]!;
  return tryParse(`+${numberPart.replace(/\D/g, '')}`);
}

/** The digits of an E.164 number, the form the full-text index stores (FTS tokens cannot hold a "+"). */
export function e164Digits(e164: string): string {
  return e164.replace(/\D/g, '');
}

/**
 * How Pult shows a phone number, whatever way it was typed (see `formatE164`): `8 029 123-45-67` for a number
 * of the office's region, `+7 495 123 45 67` for any other. Text that is not a valid number (an extension, a
 * note typed into the field) is shown as typed, trimmed: it is still what the user entered.
 */
export function formatPhone(raw: string, regions: PhoneRegions = DEFAULT_PHONE_REGIONS): string {
  const e164 = normalizePhone(raw, regions);
  return e164 === null ? raw.trim() : formatE164(e164, regions.defaultRegion);
}

/** How many numbers a `phoneFormatter` remembers before it starts over: a large directory's phones, twice. */
const FORMATTER_MEMORY = 100_000;

/**
 * `formatE164` that remembers what it formatted, for the grid's pages: the same clients' numbers come back
 * again and again. It takes a number the store already normalised (E.164) or, when the store has none, the
 * text as typed, which is shown as it is. A change of the office's region (a setting) forgets everything.
 */
export function phoneFormatter(): (stored: string, regions: PhoneRegions) => string {
  const memory = new Map<string, string>();
  let memoryRegion = '';
  return (stored, regions) => {
    if (regions.defaultRegion !== memoryRegion) {
      memory.clear();
      memoryRegion = regions.defaultRegion;
    }
    let shown = memory.get(stored);
    if (shown === undefined) {
      if (memory.size >= FORMATTER_MEMORY) memory.clear();
      shown = formatE164(stored.trim(), regions.defaultRegion);
      memory.set(stored, shown);
    }
    return shown;
  };
}
