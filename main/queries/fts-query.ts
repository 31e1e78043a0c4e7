import { e164Digits, normalizePhone, type PhoneRegions } from '../../core/phone.js';
import { plateKey } from '../../core/clients/plate.js';

/**
 * Turns what a dispatcher types into an FTS5 MATCH expression, or null when there is nothing to search.
 * - A whole query that is a phone number in any format becomes its E.164 digits (the index holds those),
 *   so `8 029 123-45-67` finds a client stored as `+375291234567`.
 * - Otherwise every word must match as a prefix; a word that could be a plate also matches its compact,
 *   Latin-letter form, so `а123вс77` finds «А123ВС 77».
 */
export function buildFtsQuery(text: string, regions: PhoneRegions): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (/^[+\d\s()\-.]+$/.test(trimmed) && trimmed.replace(/\D/g, '').length >= 7) {
    const e164 = normalizePhone(trimmed, regions);
    if (e164) return quote(e164Digits(e164));
  }
  const words = trimmed
    .replace(/[ёЁ]/g, (c) => (c === 'ё' ? 'е' : 'Е'))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 12);
  if (words.length === 0) return null;
  const terms = words.map((w) => {
    const compact = plateKey(w);
    // A one-letter prefix ("1*") expands to a large part of the index; one letter is matched as a word.
    const alternatives = new Set([w.length > 1 ? `${quote(w)}*` : quote(w)]);
    if (/\d/.test(w) && compact.toLowerCase() !== w.toLowerCase()) alternatives.add(`${quote(compact)}*`);
    return alternatives.size === 1 ? [...alternatives][0] : `(${[...alternatives].join(' OR ')})`;
  });
  // A plate typed without spaces ("1234AB7") is also tried as one compact token.
  const joined = plateKey(trimmed);
  if (words.length > 1 && /\d/.test(trimmed) && joined.length >= 4 && joined.length <= 12) {
    return `(${terms.join(' AND ')}) OR ${quote(joined)}*`;
  }
  return terms.join(' AND ');
}

function quote(token: string): string {
  return `"${token.replace(/"/g, '""')}"`;
}
