import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/**
 * How Pult shows a number it already holds in E.164: in the national form when it belongs to the office's
 * own region (`8 029 123-45-67`, what people there dial and read), else in the international form
 * (`+7 495 123 45 67`). Text that is not E.164 comes back as it is.
 *
 * Formatting needs only libphonenumber's small metadata, about five times faster than the full set that
 * validation needs (`core/phone.ts`): a grid page formats up to a hundred numbers on the hot path.
 */
export function formatE164(e164: string, defaultRegion: CountryCode): string {
  const parsed = e164.startsWith('+') ? parsePhoneNumberFromString(e164) : undefined;
  if (!parsed) return e164;
  return parsed.countryCallingCode === getCountryCallingCode(defaultRegion)
    ? parsed.formatNational()
    : parsed.formatInternational();
}
