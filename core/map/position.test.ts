import { describe, expect, it } from 'vitest';
import { PositionStore, ProviderHealth, positionAge } from './position.js';

const at = (objectId: string, t: number, lat = 53.9) => ({ objectId, lat, lon: 27.5, at: t, speedKmh: 0, course: 0 });

describe('positions', () => {
  it('keeps the last position of every object; an older fix never replaces a newer one', () => {
    const store = new PositionStore();
    store.apply({ positions: [at('a', 2000, 54), at('b', 1000)], dropped: {} });
    const changed = store.apply({ positions: [at('a', 1000, 50)], dropped: {} });
    expect(changed).toEqual([]);
    expect(store.get('a')?.lat).toBe(54);
    store.apply({ positions: [], dropped: { malformed: 3 } });
    expect(store.size).toBe(2);
  });

  it('a failing provider says since when, keeps that start over repeated failures, and clears on success', () => {
    const health = new ProviderHealth();
    health.ok(1000);
    expect(health.failed(2000, 'timeout')).toEqual({
      state: 'failing',
      reason: 'timeout',
      since: 2000,
      lastOkAt: 1000,
    });
    expect(health.failed(3000, 'HTTP 502')).toEqual({
      state: 'failing',
      reason: 'HTTP 502',
      since: 2000,
      lastOkAt: 1000,
    });
    expect(health.ok(4000)).toEqual({ state: 'ok', lastOkAt: 4000 });
    expect(new ProviderHealth().failed(5, 'refused')).toEqual({
      state: 'failing',
      reason: 'refused',
      since: 5,
      lastOkAt: null,
    });
  });

  it('a position is stale after ten minutes and says its age in minutes', () => {
    expect(positionAge({ at: 0 }, 9 * 60_000 + 59_000)).toEqual({ ageMinutes: 9, stale: false });
    expect(positionAge({ at: 0 }, 10 * 60_000)).toEqual({ ageMinutes: 10, stale: true });
  });
});
