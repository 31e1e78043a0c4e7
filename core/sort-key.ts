/**
 * Russian alphabetical order as a plain string key, so that SQLite's byte-wise comparison of the key (and an
 * ordinary index on it) sorts names the way `Intl.Collator('ru', { sensitivity: 'base' })` does: case and
 * accents (ё = е) ignored, й a letter of its own, punctuation before digits before Cyrillic before Latin.
 *
 * Why a key and not a collation: better-sqlite3 cannot register a collation, and a key computed once when a
 * row is written costs nothing at query time. The key must be the same on every desk and every release, so it
 * comes from the table below rather than from the runtime's ICU, whose version varies; `sort-key.test.ts`
 * checks the table against `Intl.Collator` so that a disagreement is a failing test, not a wrong sort.
 * A change to this function needs a desk migration that recomputes the stored keys.
 */

/**
 * Primary-strength classes in ICU's Russian order, lowest first; characters in one string are equal. Spacing
 * accents and typographic punctuation are listed because decomposing them would give a different order.
 */
const ORDER: readonly string[] = [
  '\t',
  '\n',
  '\r',
  ' ',
  '_',
  '-',
  '–',
  '—',
  '―',
  ',',
  ';',
  ':',
  '!',
  '¡',
  '?',
  '¿',
  '.',
  '…',
  '·',
  "'‘’‚",
  '‹',
  '›',
  '"„“”',
  '«',
  '»',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '§',
  '¶',
  '@',
  '*',
  '/',
  '\\',
  '&',
  '#',
  '%',
  '•',
  '`',
  '´',
  '^',
  '¯',
  '¨',
  '¸',
  '°',
  '©',
  '®',
  '+',
  '±',
  '÷',
  '×',
  '<',
  '=',
  '>',
  '¬',
  '|',
  '¦',
  '~',
  '⁄',
  '¤',
  '¢',
  '$',
  '£',
  '¥',
  '€',
  '₽',
  ...'0123456789',
  ...'абвгдђеєжзѕиійјклљмнњопрстћуфхцчџшщъыьэюя',
  'a',
  'b',
  'c',
  'dđð',
  'e',
  'f',
  'g',
  'h',
  'i',
  'ı',
  'j',
  'k',
  'lł',
  'm',
  'n',
  'oø',
  'p',
  'q',
  'r',
  's',
  't',
  'u',
  'v',
  'w',
  'x',
  'y',
  'z',
  'þ',
];

/** Letters that ICU sorts as two (German ß as "ss", the ligatures as their letters). */
const EXPANSIONS: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe' };

const RANK: ReadonlyMap<string, number> = new Map(ORDER.flatMap((group, rank) => [...group].map((c) => [c, rank])));

/** Known classes are encoded below U+0100; everything else after them, in code-point order. */
const KNOWN_BASE = 0x21;
const UNKNOWN_BASE = 0x100;
const IGNORED = /[\p{M}\p{Cf}\p{Cc}]/u;

function encode(c: string): string {
  const rank = RANK.get(c);
  if (rank !== undefined) return String.fromCharCode(KNOWN_BASE + rank);
  if (IGNORED.test(c)) return '';
  const cp = c.codePointAt(0) ?? 0;
  // Above the surrogate range a shifted code point would not be a character: such rare scripts keep their own.
  return String.fromCodePoint(cp + UNKNOWN_BASE < 0xd800 ? cp + UNKNOWN_BASE : Math.max(cp, 0xe000));
}

/** The key of `text` in Russian alphabetical order (compare keys with `<`, or let SQLite's index do it). */
export function sortKey(text: string): string {
  let key = '';
  for (const c of text.normalize('NFC').toLowerCase()) {
    if (RANK.has(c)) {
      key += encode(c);
      continue;
    }
    // Accented and compatibility forms sort as their base letters: ё as е, ѓ as г, ½ as 1⁄2, № as "no".
    for (const part of (EXPANSIONS[c] ?? c.normalize('NFKD')).toLowerCase()) key += encode(part);
  }
  return key;
}
