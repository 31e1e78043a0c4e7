/** What the travel settings dialog sends: the speed in whole km/h, the road factor in hundredths (1,3 → 130). */
export type TravelSettingsInput = Readonly<{ averageSpeedKmh: number; roadFactorPercent: number }>;

/**
 * The dialog's two fields as the mutation's arguments, or which field is not a number. The ranges are the
 * mutation's to judge (it words the refusal), so a number out of range passes here unchanged.
 */
export function parseTravelSettings(
  speed: string,
  factor: string,
): Readonly<{ ok: true; value: TravelSettingsInput }> | Readonly<{ ok: false; field: 'speed' | 'factor' }> {
  const s = speed.trim();
  if (!/^\d{1,4}$/.test(s)) return { ok: false, field: 'speed' };
  const f = factor.trim().replace(',', '.');
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(f)) return { ok: false, field: 'factor' };
  return { ok: true, value: { averageSpeedKmh: Number(s), roadFactorPercent: Math.round(Number(f) * 100) } };
}

/** A factor as the dialog shows it: two decimals, the user's decimal mark. */
export const factorText = (roadFactor: number, locale: string) =>
  new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(roadFactor);
