// A mailbox pattern's rules, without zod: the window checks a pattern as it is typed (renderer/phone/pbx-form.ts)
// without bundling the schema library.

/**
 * The named groups a mailbox pattern may have: `number` (required: the caller; it may match nothing for a
 * withheld number), `time` (read with `timeFormat` in `timeZone`; without it the message's Date is the time),
 * `queue` and `to`. Any other name is refused, so that a typo (`nubmer`) is caught when the pattern is saved
 * rather than by a callback with no number.
 */
export const PATTERN_GROUPS = ['number', 'time', 'queue', 'to'] as const;
export type PatternGroup = (typeof PATTERN_GROUPS)[number];

/**
 * Patterns are JavaScript regular expressions run with the flags `imu`: case does not matter (`Номер:` and
 * `номер:`), `^` and `$` match at line ends (an e-mail body is lines), and Cyrillic letters are single
 * characters. A pattern is refused unless it compiles and names exactly known groups, `number` among them.
 */
export const PATTERN_FLAGS = 'imu';

export function compilePattern(source: string): RegExp {
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, PATTERN_FLAGS);
  } catch (error) {
    throw new Error(`The pattern is not a valid regular expression: ${(error as Error).message}`);
  }
  const names = [...source.matchAll(/\(\?<([^>=!]+)>/g)].map((m) => m[1] ?? '');
  const unknown = names.filter((n) => !(PATTERN_GROUPS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new Error(`The pattern names unknown groups (${unknown.join(', ')}); use ${PATTERN_GROUPS.join(', ')}`);
  }
  if (!names.includes('number')) throw new Error('The pattern needs a group (?<number>…) for the caller');
  return pattern;
}
