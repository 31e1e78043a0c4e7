import { describe, expect, it } from 'vitest';
import { factorText, parseTravelSettings } from './travel-settings';

describe('the travel settings fields', () => {
  it('take a whole speed and a factor with a point or a comma, as hundredths', () => {
    expect(parseTravelSettings(' 75 ', '1,45')).toEqual({
      ok: true,
      value: { averageSpeedKmh: 75, roadFactorPercent: 145 },
    });
    expect(parseTravelSettings('60', '2')).toEqual({
      ok: true,
      value: { averageSpeedKmh: 60, roadFactorPercent: 200 },
    });
    expect(parseTravelSettings('60', '1.3')).toEqual({
      ok: true,
      value: { averageSpeedKmh: 60, roadFactorPercent: 130 },
    });
  });

  it('name the field that is not a number: a fraction of a km/h, letters, three decimals, nothing', () => {
    expect(parseTravelSettings('55.5', '1.3')).toEqual({ ok: false, field: 'speed' });
    expect(parseTravelSettings('', '1.3')).toEqual({ ok: false, field: 'speed' });
    expect(parseTravelSettings('60', 'abc')).toEqual({ ok: false, field: 'factor' });
    expect(parseTravelSettings('60', '1.305')).toEqual({ ok: false, field: 'factor' });
    expect(parseTravelSettings('60', '')).toEqual({ ok: false, field: 'factor' });
  });

  it('leave a number out of range to the mutation, which words the refusal', () => {
    expect(parseTravelSettings('500', '9')).toEqual({
      ok: true,
      value: { averageSpeedKmh: 500, roadFactorPercent: 900 },
    });
  });

  it('show the factor with two decimals in the user’s own mark', () => {
    expect(factorText(1.3, 'en')).toBe('1.30');
    expect(factorText(1.3, 'ru')).toBe('1,30');
  });
});
