import { describe, expect, it } from 'vitest';
import { parseMoneyInput } from './money-input';

describe('parseMoneyInput: what a dispatcher types becomes exact minor units', () => {
  it('accepts both decimal separators and grouping spaces', () => {
    expect(parseMoneyInput('150')).toBe(15_000);
    expect(parseMoneyInput('150,5')).toBe(15_050);
    expect(parseMoneyInput('150.05')).toBe(15_005);
    expect(parseMoneyInput('1 500,00')).toBe(150_000);
    expect(parseMoneyInput('1\u00a0500')).toBe(150_000);
    expect(parseMoneyInput(' 7, ')).toBe(700);
  });

  it('refuses what is not an amount instead of guessing', () => {
    for (const bad of ['', 'abc', '-5', '1,234,56', '1.234', '12e3', '1,2,3', '0x10', '१२']) {
      expect(parseMoneyInput(bad), bad).toBeNull();
    }
  });

  it('never loses a kopeck to floating point', () => {
    expect(parseMoneyInput('0.29')).toBe(29);
    expect(parseMoneyInput('1.15')).toBe(115);
    expect(parseMoneyInput('999999999999.99')).toBe(99_999_999_999_999);
  });
});
