// The distribution's buckets for time in status, without zod, so the window can label them (StatusTimesPanel).

/** Edges of the distribution's buckets, in hours: < 1 h, 1–8 h, 8–24 h, 1–3 days, 3–7 days, > 7 days. */
export const DURATION_BUCKET_HOURS = [1, 8, 24, 72, 168] as const;
export const DURATION_BUCKETS = ['<1h', '1-8h', '8-24h', '1-3d', '3-7d', '>7d'] as const;
export type DurationBucket = (typeof DURATION_BUCKETS)[number];

const HOUR = 3_600_000;

export function durationBucket(ms: number): DurationBucket {
  const i = DURATION_BUCKET_HOURS.findIndex((edge) => ms < edge * HOUR);
  return DURATION_BUCKETS[i === -1 ? DURATION_BUCKETS.length - 1 : i]!;
}
