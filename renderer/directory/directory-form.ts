import { checkTaxId } from '../../core/clients/tax-id';
import { normalizePhone, type PhoneRegions } from '../../core/phone';

/**
 * The directory forms' checks, the same rules the mutators apply, so a mistake is pointed at beside its field
 * before anything is sent. The keys are `directory.error.*` in the language files.
 */
export type FieldError = 'required' | 'taxIdFormat' | 'taxIdChecksum' | 'phone' | 'vin' | 'date';

export function requiredError(text: string): FieldError | null {
  return text.trim() === '' ? 'required' : null;
}

export function taxIdError(text: string): FieldError | null {
  if (text.trim() === '') return null;
  const check = checkTaxId(text.trim());
  if (check.ok) return null;
  return check.problem === 'checksum' ? 'taxIdChecksum' : 'taxIdFormat';
}

export function phoneError(text: string, regions?: PhoneRegions): FieldError | null {
  if (text.trim() === '') return null;
  return normalizePhone(text, regions) ? null : 'phone';
}

export function vinError(text: string): FieldError | null {
  const value = text.trim().toUpperCase();
  return value === '' || /^[A-HJ-NPR-Z0-9]{17}$/.test(value) ? null : 'vin';
}

/**
 * A date typed the Russian way (`01.12.2026`, `1.12.2026`, `01122026`) or a date field's ISO day as midnight UTC of that day, or null
 * when empty; undefined when it is not a real date.
 */
export function parseDay(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  // A date field's own value is ISO (`2026-12-01`); text typed or imported is the Russian way round.
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const match = iso
    ? [trimmed, iso[3], iso[2], iso[1]]
    : (/^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(trimmed) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(trimmed));
  if (!match) return undefined;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  return back.getUTCDate() === day && back.getUTCMonth() === month - 1 ? ms : undefined;
}

export function dateError(text: string): FieldError | null {
  return parseDay(text) === undefined ? 'date' : null;
}

/** The first problem of each field, or an empty record when the form may be sent. */
export function formErrors<K extends string>(
  checks: Readonly<Record<K, readonly (FieldError | null)[]>>,
): Partial<Record<K, FieldError>> {
  const out: Partial<Record<K, FieldError>> = {};
  for (const key of Object.keys(checks) as K[]) {
    const first = checks[key].find((e) => e !== null);
    if (first) out[key] = first;
  }
  return out;
}
