import { describe, expect, it } from 'vitest';
import { distributionBars, formatDuration } from './status-times-view';

describe('time in status, shown', () => {
  it('minutes under an hour, hours under two days, days beyond', () => {
    const plain = (s: string) => s.replace(/\s/g, ' ');
    expect(plain(formatDuration(45 * 60_000, 'en'))).toBe('45 min');
    expect(plain(formatDuration(5.5 * 3_600_000, 'en'))).toBe('5.5 hr');
    expect(plain(formatDuration(3.2 * 86_400_000, 'en'))).toBe('3.2 days');
  });

  it('the fullest bucket is full height, an empty one flat, a single ticket among many still shows', () => {
    expect(distributionBars([1000, 1, 0], 24)).toEqual([24, 2, 0]);
    expect(distributionBars([0, 0], 24)).toEqual([0, 0]);
  });
});
