/** Order statistics over samples (milliseconds, bytes...): nearest-rank percentiles. */

export type Summary = { count: number; p50: number; p99: number; max: number };

/** The p-th percentile (0-100) of already sorted samples, nearest-rank; NaN when there are none. */
function rank(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, index)) - 1]!;
}

const ascending = (samples: readonly number[]) => Float64Array.from(samples).sort();

export function percentile(samples: readonly number[], p: number): number {
  return rank(ascending(samples), p);
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = ascending(samples);
  return { count: sorted.length, p50: rank(sorted, 50), p99: rank(sorted, 99), max: rank(sorted, 100) };
}
