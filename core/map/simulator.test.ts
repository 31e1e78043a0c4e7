import { describe, expect, it } from 'vitest';
import { PositionSimulator, SimulatorProvider, type SimulatedObject } from './simulator.js';
import { REGION_BOUNDS } from './towns.js';
import { haversineKm } from './travel-time.js';
import type { PositionBatch } from './position.js';

const T0 = Date.UTC(2026, 11, 2, 6, 0);
const MIN = 60_000;
const fleet = (n: number): SimulatedObject[] =>
  Array.from({ length: n }, (_, i) => ({ objectId: `v${i}`, kind: i % 10 === 0 ? 'engineer' : 'vehicle' }));

describe('position simulator', () => {
  it('is deterministic under a seed: two simulators agree at every instant, another seed differs', () => {
    const a = new PositionSimulator(7, fleet(50), T0);
    const b = new PositionSimulator(7, fleet(50), T0);
    const c = new PositionSimulator(8, fleet(50), T0);
    for (let m = 0; m <= 600; m += 37) {
      expect(a.positionsAt(T0 + m * MIN)).toEqual(b.positionsAt(T0 + m * MIN));
    }
    expect(c.positionsAt(T0 + 600 * MIN)).not.toEqual(a.positionsAt(T0 + 600 * MIN));
  });

  it('adding a vehicle does not change how the others drive', () => {
    const small = new PositionSimulator(7, fleet(20), T0);
    const large = new PositionSimulator(7, [...fleet(20), { objectId: 'new', kind: 'vehicle' }], T0);
    expect(large.positionsAt(T0 + 300 * MIN).slice(0, 20)).toEqual(small.positionsAt(T0 + 300 * MIN));
  });

  it('drives at believable speeds, stays in the region and does move (eight hours, minute by minute)', () => {
    const sim = new PositionSimulator(3, fleet(40), T0);
    let previous = sim.positionsAt(T0);
    const start = previous;
    let fastest = 0;
    let topSpeed = 0;
    let outside = 0;
    for (let m = 1; m <= 480; m += 1) {
      const now = sim.positionsAt(T0 + m * MIN);
      now.forEach((p, i) => {
        fastest = Math.max(fastest, haversineKm(previous[i]!, p) * 60);
        topSpeed = Math.max(topSpeed, p.speedKmh);
        const inside =
          p.lat > REGION_BOUNDS.south &&
          p.lat < REGION_BOUNDS.north &&
          p.lon > REGION_BOUNDS.west &&
          p.lon < REGION_BOUNDS.east;
        if (!inside) outside += 1;
      });
      previous = now;
    }
    expect(outside).toBe(0);
    expect(topSpeed).toBeLessThanOrEqual(85);
    expect(fastest).toBeLessThanOrEqual(86);
    expect(fastest).toBeGreaterThan(40);
    const moved = start.filter((p, i) => haversineKm(p, previous[i]!) > 20).length;
    expect(moved).toBeGreaterThan(20);
  });

  it('as a provider it reports the whole fleet first, then its share of updates per tick, until stopped', () => {
    let now = T0;
    let tick: (() => void) | null = null;
    const sim = new PositionSimulator(1, fleet(100), T0);
    const provider = new SimulatorProvider(
      sim,
      { now: () => now, every: (_ms, run) => ((tick = run), () => (tick = null)) },
      { updatesPerSecond: 40, tickMs: 250 },
    );
    const batches: PositionBatch[] = [];
    provider.onPositions((b) => batches.push(b));
    provider.start();
    now += 250;
    tick!();
    expect(batches.map((b) => b.positions.length)).toEqual([100, 10]);
    expect(batches[1]!.positions.every((p) => p.at === T0 + 250)).toBe(true);
    provider.stop();
    expect(tick).toBeNull();
  });
});
