/** Latency statistics for the benchmarks. All inputs and outputs are in milliseconds. */

/**
 * The p-th percentile (0–100) of `values`, with linear interpolation between the closest ranks
 * (the "R-7" definition used by NumPy, Excel PERCENTILE.INC and most dashboards).
 * Returns NaN for an empty list. The input is not modified.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!Number.isFinite(p) || p < 0 || p > 100)
    throw new RangeError(`percentile: p must be within 0..100, got ${p}`)
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (p / 100) * (sorted.length - 1)
  const lo = Math.floor(rank)
  const hi = Math.ceil(rank)
  const a = sorted[lo]!
  const b = sorted[hi]!
  return a + (b - a) * (rank - lo)
}

export interface Summary {
  n: number
  min: number
  mean: number
  p50: number
  p95: number
  p99: number
  max: number
}

export function summarize(values: readonly number[]): Summary {
  const n = values.length
  if (n === 0)
    return {
      n: 0,
      min: Number.NaN,
      mean: Number.NaN,
      p50: Number.NaN,
      p95: Number.NaN,
      p99: Number.NaN,
      max: Number.NaN,
    }
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  let sum = 0
  for (const v of values) {
    if (v < min) min = v
    if (v > max) max = v
    sum += v
  }
  return {
    n,
    min,
    mean: sum / n,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max,
  }
}

/** Rounds for reports: 3 significant decimals below 10, 2 below 100, 1 above. */
export function round(v: number): number {
  if (!Number.isFinite(v)) return v
  const a = Math.abs(v)
  const digits = a < 10 ? 3 : a < 100 ? 2 : 1
  const f = 10 ** digits
  return Math.round(v * f) / f
}

/** A ratio a ÷ b rounded to 2 decimals (NaN when b is 0 or not finite). */
export function ratio(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return Number.NaN
  return Math.round((a / b) * 100) / 100
}
