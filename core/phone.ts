import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

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
  return tryParse(`+${digits}`);
}

/** The digits of an E.164 number, the form the full-text index stores (FTS tokens cannot hold a "+"). */
export function e164Digits(e164: string): string {
  return e164.replace(/\D/g, '');
}
