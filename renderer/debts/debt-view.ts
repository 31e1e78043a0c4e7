import type { AgingBucket } from '../../core/money/debt';

/**
 * The debts pane's decisions, pure so they are tested without a DOM: when a follow-up is due, how the aging
 * chart scales its bars, and how a file the desk made becomes a download.
 */

export type FollowUp = 'overdue' | 'today' | 'later';

/** A follow-up date against the user's own calendar day: before today is overdue, within today is due today. */
export function followUpState(followUpAt: number, now: number): FollowUp {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  if (followUpAt < start.getTime()) return 'overdue';
  if (followUpAt < end.getTime()) return 'today';
  return 'later';
}

export type Bar = Readonly<{ bucket: AgingBucket; owed: number; visits: number; height: number }>;

/** Bars of the aging chart for one currency: heights in [0, maxHeight], the largest sum full height. */
export function agingBars(
  buckets: readonly Readonly<{ bucket: AgingBucket; owed: number; visits: number }>[],
  order: readonly AgingBucket[],
  maxHeight: number,
): Bar[] {
  const top = Math.max(0, ...buckets.map((b) => b.owed));
  return order.map((bucket) => {
    const found = buckets.find((b) => b.bucket === bucket);
    const owed = found?.owed ?? 0;
    return {
      bucket,
      owed,
      visits: found?.visits ?? 0,
      height: top === 0 ? 0 : Math.max(owed > 0 ? 2 : 0, Math.round((owed / top) * maxHeight)),
    };
  });
}

/** The bytes of a file the desk made (base64 in the contract's JSON). */
export function fileBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A date input's value (YYYY-MM-DD, the user's day) as the moment that day starts, or null when empty/invalid. */
export function dayInputToMillis(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) || d.getDate() !== Number(m[3]) ? null : d.getTime();
}

export function millisToDayInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
