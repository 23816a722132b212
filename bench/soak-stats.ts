// The soak's figures: percentiles of press-to-link and the heap trend.

/** The p-th percentile (nearest rank) of `values`, or undefined when there are none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank] as number);
}

/**
 * The heap trend: a least-squares slope (KB per press) over the samples after the warm-up (the
 * first `warmUpFraction` of them: JIT, inline caches, pools and the simulator's own maps filling).
 * Flat is ~0; a leak of a few hundred bytes a press shows over thousands of presses.
 */
export function slopeKbPerPress(
  samplesMb: readonly number[],
  every: number,
  warmUpFraction = 0.2,
): number | undefined {
  const from = Math.floor(samplesMb.length * warmUpFraction);
  const points = samplesMb.slice(from).map((mb, index) => ({ x: (from + index + 1) * every, y: mb * 1024 }));
  if (points.length < 3) return undefined;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / points.length;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / points.length;
  const covariance = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  const variance = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  return Math.round((covariance / variance) * 1000) / 1000;
}
