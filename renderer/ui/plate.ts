/**
 * Licence plates are typed every which way: "АВ 1234-7", "ab12347", in Cyrillic or in Latin letters that look
 * the same. Both sides of a match go through this, so any of those finds the vehicle.
 */
const CYRILLIC_LOOKALIKES: Readonly<Record<string, string>> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  І: 'I',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
};

export function normalizePlate(text: string): string {
  return [...text.toUpperCase()]
    .map((ch) => CYRILLIC_LOOKALIKES[ch] ?? ch)
    .filter((ch) => /[\p{L}\p{N}]/u.test(ch))
    .join('');
}

export function plateMatches(plate: string, query: string): boolean {
  const q = normalizePlate(query);
  return q === '' || normalizePlate(plate).includes(q);
}
