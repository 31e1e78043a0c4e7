/**
 * Licence plates are typed every which way: «А123ВС 77», "a123bc77", "1234 AB-7", in Cyrillic or in the Latin
 * letters that look the same. The store indexes this key and the pickers compare with it, so any of those
 * finds the vehicle.
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

export function plateKey(plate: string): string {
  return [...plate.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '')].map((c) => CYRILLIC_LOOKALIKES[c] ?? c).join('');
}

export function plateMatches(plate: string, query: string): boolean {
  const q = plateKey(query);
  return q === '' || plateKey(plate).includes(q);
}
