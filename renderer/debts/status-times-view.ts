/** How long a status lasted, in the largest unit that keeps it readable: "45 мин", "5,5 ч", "3,2 дн.". */
export function formatDuration(ms: number, locale: string): string {
  const minutes = ms / 60_000;
  const unit = (value: number, u: 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: 1 }).format(
      value,
    );
  if (minutes < 60) return unit(Math.round(minutes), 'minute');
  if (minutes < 48 * 60) return unit(minutes / 60, 'hour');
  return unit(minutes / 1440, 'day');
}

/** Bar heights for a distribution: the fullest bucket full height, an empty one flat, a small one still seen. */
export function distributionBars(counts: readonly number[], height: number): readonly number[] {
  const max = Math.max(0, ...counts);
  return counts.map((n) => (max === 0 || n === 0 ? 0 : Math.max(2, Math.round((n / max) * height))));
}
