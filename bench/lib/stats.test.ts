import { describe, expect, it } from 'vitest'
import { percentile, ratio, summarize } from './stats.ts'

describe('percentile', () => {
  it('interpolates linearly between the closest ranks', () => {
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    expect(percentile(v, 50)).toBeCloseTo(5.5)
    expect(percentile(v, 95)).toBeCloseTo(9.55)
    expect(percentile(v, 0)).toBe(1)
    expect(percentile(v, 100)).toBe(10)
  })

  it('does not depend on input order and does not sort the input', () => {
    const v = [9, 1, 5, 3, 7]
    expect(percentile(v, 50)).toBe(5)
    expect(percentile(v, 25)).toBe(3)
    expect(v).toEqual([9, 1, 5, 3, 7])
  })

  it('handles one value, no value and a bad p', () => {
    expect(percentile([42], 95)).toBe(42)
    expect(percentile([], 50)).toBeNaN()
    expect(() => percentile([1], 101)).toThrow(RangeError)
  })

  it('p95 of 1..100 lies between the 95th and 96th values', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(v, 95)).toBeCloseTo(95.05)
  })
})

describe('summarize and ratio', () => {
  it('summarises', () => {
    const s = summarize([4, 1, 3, 2])
    expect(s).toMatchObject({ n: 4, min: 1, max: 4, mean: 2.5, p50: 2.5 })
    expect(summarize([]).n).toBe(0)
  })

  it('divides and rounds to two decimals', () => {
    expect(ratio(3, 2)).toBe(1.5)
    expect(ratio(1, 3)).toBe(0.33)
    expect(ratio(1, 0)).toBeNaN()
  })
})
