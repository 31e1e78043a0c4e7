/** One benchmark figure, printed as one JSON object per line (`npm run bench`). */
export type Metric = Readonly<{
  metric: string;
  value: number;
  unit: string;
  target?: string;
  [extra: string]: unknown;
}>;

export function report(metric: Metric): void {
  console.log(JSON.stringify(metric));
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

export const round = (n: number, digits = 3) => Number(n.toFixed(digits));

/** Runs `fn` `warmup` times unmeasured, then `runs` times; returns each run's milliseconds. */
export async function sample(fn: () => unknown, runs: number, warmup = 3): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    out.push(performance.now() - start);
  }
  return out;
}
