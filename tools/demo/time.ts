import type { Rng } from './rng.js';

/**
 * Wall-clock helpers for the demo. Minsk and Moscow are both UTC+3 all year (no DST since 2011/2014), so a
 * fixed offset gives the local working day without a time-zone database, and stays deterministic.
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const LOCAL_OFFSET = 3 * HOUR;

/** Working hours of the office and of the engineers, in local hours. */
export const OPEN_HOUR = 8.5;
export const CLOSE_HOUR = 18;

export function localDay(t: number): number {
  return Math.floor((t + LOCAL_OFFSET) / DAY);
}

/** UTC millis of the local midnight that starts `day`. */
export function dayStart(day: number): number {
  return day * DAY - LOCAL_OFFSET;
}

export function localHour(t: number): number {
  return (t - dayStart(localDay(t))) / HOUR;
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (day + 3) % 7;
}

export function isWorkday(day: number): boolean {
  return weekday(day) < 5;
}

/** The first workday at or after `day`. */
export function nextWorkday(day: number): number {
  let d = day;
  while (!isWorkday(d)) d += 1;
  return d;
}

/**
 * `minutes` after `t`, moved into working hours when it lands outside them: people answer a ticket
 * in the morning, not at 3 a.m., so the status log reads like a real office's.
 */
export function afterWork(rng: Rng, t: number, minutes: number): number {
  const at = Math.round(t + minutes * MINUTE);
  const day = localDay(at);
  const hour = localHour(at);
  if (isWorkday(day) && hour >= OPEN_HOUR && hour < CLOSE_HOUR) return at;
  const target = hour < OPEN_HOUR && isWorkday(day) ? day : nextWorkday(day + 1);
  return dayStart(target) + OPEN_HOUR * HOUR + rng.int(0, 75) * MINUTE + rng.int(0, 59) * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

function localParts(t: number): { y: number; m: number; d: number; hh: number; mm: number } {
  const date = new Date(t + LOCAL_OFFSET);
  return {
    y: date.getUTCFullYear(),
    m: date.getUTCMonth() + 1,
    d: date.getUTCDate(),
    hh: date.getUTCHours(),
    mm: date.getUTCMinutes(),
  };
}

/** `12.03` or `12.03.2025`, as people write dates in a ticket. */
export function formatDate(t: number, withYear = false): string {
  const p = localParts(t);
  return withYear ? `${pad(p.d)}.${pad(p.m)}.${p.y}` : `${pad(p.d)}.${pad(p.m)}`;
}

export function formatTime(t: number): string {
  const p = localParts(t);
  return `${pad(p.hh)}:${pad(p.mm)}`;
}
