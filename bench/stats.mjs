// Summaries of repeated measurements: median, quartiles and range, and the ratio of two medians.

/** The `q` quantile (0–1) of sorted numbers, interpolated linearly. */
function quantile(sorted, q) {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

/** `{ n, median, p25, p75, min, max }` of the numbers in `values` (nulls left out), or null if none. */
export function summary(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0],
    max: sorted.at(-1),
  };
}

/** `a.key / b.key` of two summaries, or null when either is missing or `b`'s is zero. */
export function ratio(a, b, key = 'median') {
  if (!a || !b || !b[key]) return null;
  return a[key] / b[key];
}
