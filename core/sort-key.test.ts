import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortKey } from './sort-key.js';

const russian = new Intl.Collator('ru', { sensitivity: 'base' });
const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
const byKey = (a: string, b: string) => {
  const [ka, kb] = [sortKey(a), sortKey(b)];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

// What names are made of: Russian and Belarusian letters in both cases, Latin, digits, the punctuation of
// legal forms and quotes, and a few accented and compatibility characters.
const ALPHABET = [
  ...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯіІўЎ',
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...' -–—.,;:!?"\'«»„“()[]/\\&#%+*@_№½éÉüßæ\u00a0\u00ad',
];
const name = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 12 }).map((cs) => cs.join(''));

describe('the Russian sort key', () => {
  it('orders every pair of strings as Intl.Collator("ru", base) does', () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(byKey(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(sign(russian.compare(a, b)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('puts «ЧУП «Югмолоко»» before «ЧУП «ЮгТрансКарго»» although capitals come first in code points', () => {
    expect(byKey('ЧУП «Югмолоко»', 'ЧУП «ЮгТрансКарго»')).toBe(-1);
    expect('ЧУП «Югмолоко»' < 'ЧУП «ЮгТрансКарго»').toBe(false);
  });

  it('ignores case and ё, and keeps й a letter of its own', () => {
    expect(sortKey('СЕМЁН')).toBe(sortKey('семен'));
    expect(byKey('Майка', 'Маика')).toBe(1);
    expect(byKey('Йошкар', 'Иван')).toBe(1);
  });

  it('sorts Cyrillic before Latin and digits before both, as a Russian reader expects', () => {
    const names = ['Zeta', 'Альфа', '1-й парк', 'Яхонт', 'alpha', '«Ёлка»'];
    expect([...names].sort(byKey)).toEqual(['«Ёлка»', '1-й парк', 'Альфа', 'Яхонт', 'alpha', 'Zeta']);
  });

  it('gives characters outside its table a stable place after every letter it knows', () => {
    expect(byKey('þ', 'Ωmega')).toBe(-1);
    expect(byKey('Ωmega', '中文')).toBe(-1);
    expect(sortKey('中文')).toBe(sortKey('中文'));
  });
});
