/**
 * A small seeded PRNG (mulberry32) with the helpers the generator needs. The demo database must be the same
 * for the same seed on every machine and Node version, so nothing here may touch Math.random or the clock.
 */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** An independent stream for one part of the generator, so changing one part does not reshuffle the rest. */
  fork(label: string): Rng {
    let h = this.state ^ 0x9e3779b9;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return new Rng(h ^ (h >>> 16));
  }

  u32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One of the items, with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    const last = items.at(-1);
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** Skewed towards small values: most waits are short, a few are long (a rough log-normal). */
  skewed(min: number, max: number, power = 2.5): number {
    return min + (max - min) * Math.pow(this.next(), power);
  }

  digits(count: number): string {
    let s = '';
    for (let i = 0; i < count; i++) s += String(this.int(0, 9));
    return s;
  }

  /**
   * A UUID v7 (RFC 9562) whose time is the moment the row was made and whose random bits come from this
   * stream: ids sort by time like the ones desks make, and the same seed gives the same ids.
   */
  uuid7(msecs: number): string {
    const ms = Math.max(0, Math.floor(msecs));
    const hi = Math.floor(ms / 0x1000000); // top 24 of the 48 time bits
    const lo = ms % 0x1000000;
    const a = this.u32();
    const b = this.u32();
    const c = this.u32();
    // Byte-wise hex from a table: ids are made ~600 000 times for a 100k demo.
    const h = (n: number, bytes: number) => {
      let s = '';
      for (let i = bytes - 1; i >= 0; i--) s += HEX[(n >>> (8 * i)) & 0xff];
      return s;
    };
    const time = h(hi, 3) + h(lo, 3);
    const randA = h(0x7000 | (a & 0xfff), 2);
    const randB = h(0x8000 | ((a >>> 12) & 0x3fff), 2);
    return `${time.slice(0, 8)}-${time.slice(8)}-${randA}-${randB}-${h(b, 4)}${h(c & 0xffff, 2)}`;
  }
}
