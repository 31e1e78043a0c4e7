import { describe, expect, it } from 'vitest';
import { plateKey as normalizePlate, plateMatches } from './plate.js';

describe('plates match however they are typed', () => {
  it('ignores case, spaces and dashes', () => {
    expect(normalizePlate('ab 1234-7')).toBe('AB12347');
  });

  it('treats Cyrillic letters that look Latin as the Latin ones', () => {
    expect(normalizePlate('АВ 1234-7')).toBe(normalizePlate('AB 1234-7'));
    expect(plateMatches('AB 1234-7', 'ав12')).toBe(true);
    expect(plateMatches('А123ВС 77', 'a123bc')).toBe(true);
  });

  it('does not match a different plate, and an empty query matches all', () => {
    expect(plateMatches('AB 1234-7', '4321')).toBe(false);
    expect(plateMatches('AB 1234-7', '  ')).toBe(true);
  });
});
