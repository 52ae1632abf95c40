/** Percentile by nearest rank over unsorted samples (copied and sorted once). */
export function percentiles(samples: ArrayLike<number>, ...ranks: number[]): number[] {
  const sorted = Float64Array.from(samples).sort();
  if (sorted.length === 0) return ranks.map(() => NaN);
  return ranks.map((rank) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1))]);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
