/**
 * A typed amount ("1 500,50", "1500.5", "150") as minor units, or null when it is not an amount. Both decimal
 * separators are accepted because dispatchers switch keyboard layouts; grouping spaces are ignored.
 */
export function parseMoneyInput(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  const m = /^(\d{1,12})(?:[.,](\d{0,2}))?$/.exec(compact);
  if (!m) return null;
  const whole = Number(m[1]);
  const fraction = Number((m[2] ?? '').padEnd(2, '0'));
  const minor = whole * 100 + fraction;
  return Number.isSafeInteger(minor) ? minor : null;
}
