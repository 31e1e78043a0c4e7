import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTaxId } from './tax-id.js';

describe('tax ids are accepted only with a valid check digit', () => {
  it.each([
    ['100325912', 'unp'],
    ['800013732', 'unp'],
    ['190000005', 'unp'],
    ['100 325 912', 'unp'],
    ['7707083893', 'inn'],
    ['7736207543', 'inn'],
    ['500100732259', 'inn'],
    ['7707-083-893', 'inn'],
  ])('%s is a valid %s', (text, kind) => {
    expect(checkTaxId(text)).toMatchObject({ ok: true, kind });
  });

  it.each(['100325913', '800013731', '7707083894', '500100732258', '500100732269'])('%s fails its checksum', (text) => {
    expect(checkTaxId(text)).toEqual({ ok: false, problem: 'checksum' });
  });

  it.each(['', '12345678', '12345678901', '1234567890123', 'AB1234567', '19000000x', '+7707083893'])(
    '%j is not a tax id at all',
    (text) => {
      expect(checkTaxId(text)).toEqual({ ok: false, problem: 'format' });
    },
  );

  it('an УНП whose first eight digits weigh 10 (mod 11) has no valid ninth digit', () => {
    const weights = [29, 23, 19, 17, 13, 7, 5, 3];
    let eight = '';
    for (let n = 10_000_000; eight === ''; n++) {
      const s = String(n);
      if ([...s].reduce((sum, c, i) => sum + Number(c) * weights[i]!, 0) % 11 === 10) eight = s;
    }
    for (let last = 0; last <= 9; last++)
      expect(checkTaxId(`${eight}${last}`)).toEqual({ ok: false, problem: 'checksum' });
  });

  it('changing any one digit of a valid ИНН or УНП makes it invalid', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('100325912', '800013732', '7707083893', '500100732259'),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (valid, at, delta) => {
          const i = at % valid.length;
          const changed = valid.slice(0, i) + String((Number(valid[i]) + delta) % 10) + valid.slice(i + 1);
          expect(checkTaxId(changed).ok).toBe(false);
        },
      ),
    );
  });
});
