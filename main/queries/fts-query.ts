import { e164Digits, normalizePhone, type PhoneRegions } from '../../core/phone.js';
import { plateKey } from '../../core/clients/plate.js';
import { SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS, type SearchIgnored } from '../../core/tickets/contract.js';
import { PHONE_ENDING_DIGITS, PHONE_ENDING_TOKEN } from '../../replica/migrations/0006-search-and-order.js';

/** What a search text became: the MATCH expression, and what the dispatcher must be told about it. */
export type FtsSearch = Readonly<{
  /** The FTS5 MATCH expression, or null when nothing is searched. */
  match: string | null;
  /** A MATCH expression for the tickets that rank first (clients whose phone ends in the digits typed). */
  rankFirst: string | null;
  /** The digits of `rankFirst`, to tell the dispatcher what came first. */
  phoneEnding: string | null;
  /** The text was not empty but had nothing to search for. */
  ignored: SearchIgnored | null;
  /** Part of the text was left out: it was longer than SEARCH_MAX_LENGTH or had more than SEARCH_MAX_WORDS words. */
  truncated: boolean;
}>;

const NOTHING: FtsSearch = { match: null, rankFirst: null, phoneEnding: null, ignored: null, truncated: false };

const [FEWEST_ENDING_DIGITS, MOST_ENDING_DIGITS] = [PHONE_ENDING_DIGITS[0], PHONE_ENDING_DIGITS.at(-1) ?? 0];

/**
 * Turns what a dispatcher types into an FTS5 MATCH expression.
 * - A whole query that is a phone number in any format becomes its E.164 digits (the index holds those),
 *   so `8 029 123-45-67` finds a client stored as `+375291234567`.
 * - A whole query of 3 to 6 digits (`4567`, `45-67`) is also a phone ending: clients whose number ends so
 *   match, and rank first; the digits still match as the start of any word (ticket numbers, titles).
 * - Otherwise every word must match as a prefix; a word that could be a plate also matches its compact,
 *   Latin-letter form, so `а123вс77` finds «А123ВС 77».
 * - Text made only of symbols searches nothing and says so; the caller then shows every ticket.
 */
export function buildFtsQuery(text: string, regions: PhoneRegions): FtsSearch {
  const characters = [...text.trim()];
  const truncated = characters.length > SEARCH_MAX_LENGTH;
  const trimmed = characters.slice(0, SEARCH_MAX_LENGTH).join('').trim();
  if (!trimmed) return NOTHING;
  if (/^[+\d\s()\-.]+$/.test(trimmed) && trimmed.replace(/\D/g, '').length >= 7) {
    const e164 = normalizePhone(trimmed, regions);
    if (e164) return { ...NOTHING, match: quote(e164Digits(e164)), truncated };
  }
  const allWords = trimmed
    .replace(/[ёЁ]/g, (c) => (c === 'ё' ? 'е' : 'Е'))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (allWords.length === 0) return { ...NOTHING, ignored: 'only-symbols', truncated };
  const words = allWords.slice(0, SEARCH_MAX_WORDS);
  const cut = truncated || allWords.length > words.length;
  const terms = words.map((w) => {
    const compact = plateKey(w);
    // A one-letter prefix ("1*") expands to a large part of the index; one letter is matched as a word.
    const alternatives = new Set([w.length > 1 ? `${quote(w)}*` : quote(w)]);
    if (/\d/.test(w) && compact.toLowerCase() !== w.toLowerCase()) alternatives.add(`${quote(compact)}*`);
    return alternatives.size === 1 ? [...alternatives][0] : `(${[...alternatives].join(' OR ')})`;
  });
  let match = terms.join(' AND ');
  // A plate typed without spaces ("1234AB7") is also tried as one compact token.
  const joined = plateKey(trimmed);
  if (words.length > 1 && /\d/.test(trimmed) && joined.length >= 4 && joined.length <= 12) {
    match = `(${match}) OR ${quote(joined)}*`;
  }
  const digits = trimmed.replace(/\D/g, '');
  if (/^[\d\s()\-.]+$/.test(trimmed) && digits.length >= FEWEST_ENDING_DIGITS && digits.length <= MOST_ENDING_DIGITS) {
    const rankFirst = `phones : ${quote(PHONE_ENDING_TOKEN + digits)}`;
    // The pieces of "45-67" match as whole words: as prefixes, two digits each would expand to much of the
    // index (every number starting so) for matches that rank last anyway. The joined digits stay a prefix.
    const pieces = words.length > 1 ? [`(${words.map(quote).join(' AND ')})`] : [];
    const incidental = [...pieces, `${quote(digits)}*`].join(' OR ');
    return { match: `${rankFirst} OR ${incidental}`, rankFirst, phoneEnding: digits, ignored: null, truncated: cut };
  }
  return { ...NOTHING, match, truncated: cut };
}

function quote(token: string): string {
  return `"${token.replace(/"/g, '""')}"`;
}
