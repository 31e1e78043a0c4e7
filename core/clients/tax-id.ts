/**
 * Tax ids as the directory accepts them: a Belarusian УНП (9 digits) or a Russian ИНН (10 digits for an
 * organisation, 12 for a person or sole trader), each with its check digit(s). A typo in a tax id is the
 * usual reason two rows of one client go unnoticed, so a number whose check digit fails is refused.
 *
 * УНП: the ninth digit is Σ(dᵢ·wᵢ) mod 11 over the first eight with weights 29, 23, 19, 17, 13, 7, 5, 3; a
 * remainder of 10 means no valid УНП has these eight digits. ИНН: each check digit is Σ(dᵢ·wᵢ) mod 11 mod 10.
 * Only all-digit УНП are accepted: those of organisations and sole traders, the directory's clients.
 */
export type TaxIdKind = 'unp' | 'inn';

export type TaxIdCheck =
  Readonly<{ ok: true; kind: TaxIdKind; value: string }> | Readonly<{ ok: false; problem: 'format' | 'checksum' }>;

const UNP_WEIGHTS = [29, 23, 19, 17, 13, 7, 5, 3] as const;
const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
const INN12_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
const INN12_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;

const weighted = (digits: readonly number[], weights: readonly number[]) =>
  weights.reduce((sum, w, i) => sum + w * digits[i]!, 0);

/** The digits people type with spaces or dashes between groups, without them. */
export function compactTaxId(text: string): string {
  return text.replace(/[\s-]/g, '');
}

export function checkTaxId(text: string): TaxIdCheck {
  const value = compactTaxId(text);
  if (!/^\d+$/.test(value)) return { ok: false, problem: 'format' };
  const d = [...value].map(Number);
  switch (value.length) {
    case 9: {
      const check = weighted(d, UNP_WEIGHTS) % 11;
      return check !== 10 && check === d[8] ? { ok: true, kind: 'unp', value } : { ok: false, problem: 'checksum' };
    }
    case 10:
      return (weighted(d, INN10_WEIGHTS) % 11) % 10 === d[9]
        ? { ok: true, kind: 'inn', value }
        : { ok: false, problem: 'checksum' };
    case 12:
      return (weighted(d, INN12_WEIGHTS_11) % 11) % 10 === d[10] && (weighted(d, INN12_WEIGHTS_12) % 11) % 10 === d[11]
        ? { ok: true, kind: 'inn', value }
        : { ok: false, problem: 'checksum' };
    default:
      return { ok: false, problem: 'format' };
  }
}
