import { distanceKm } from '../planning/rules.js';

export type Point = Readonly<{ lat: number; lon: number }>;

/**
 * How long a drive takes. The first estimator is a straight line stretched by a road factor at an average
 * speed; a routing engine (OSRM, Valhalla) can implement the same interface later. `maxStraightLineKm` is what
 * the gap filler prefilters with, so an implementation must never return less than the true reach: a real
 * road is never shorter than the straight line, so the straight line at the fastest plausible speed is safe.
 */
export interface TravelTimeEstimator {
  minutes(from: Point, to: Point): number;
  maxStraightLineKm(minutes: number): number;
}

export type StraightLineSettings = Readonly<{ roadFactor: number; averageSpeedKmh: number }>;

export const DEFAULT_STRAIGHT_LINE: StraightLineSettings = { roadFactor: 1.3, averageSpeedKmh: 60 };

/** The planner's haversine (it works in micro-degrees), so the map and the planner's warnings agree. */
export function haversineKm(a: Point, b: Point): number {
  return distanceKm(a.lat * 1e6, a.lon * 1e6, b.lat * 1e6, b.lon * 1e6);
}

export class StraightLineEstimator implements TravelTimeEstimator {
  readonly settings: StraightLineSettings;

  constructor(settings: Partial<StraightLineSettings> = {}) {
    const merged = { ...DEFAULT_STRAIGHT_LINE, ...settings };
    if (!(merged.roadFactor >= 1 && merged.roadFactor <= 5)) {
      throw new RangeError(`The road factor must be between 1 and 5, not ${merged.roadFactor}`);
    }
    if (!(merged.averageSpeedKmh >= 5 && merged.averageSpeedKmh <= 200)) {
      throw new RangeError(`The average speed must be between 5 and 200 km/h, not ${merged.averageSpeedKmh}`);
    }
    this.settings = merged;
  }

  minutes(from: Point, to: Point): number {
    return ((haversineKm(from, to) * this.settings.roadFactor) / this.settings.averageSpeedKmh) * 60;
  }

  maxStraightLineKm(minutes: number): number {
    if (minutes <= 0) return 0;
    return ((minutes / 60) * this.settings.averageSpeedKmh) / this.settings.roadFactor;
  }
}
