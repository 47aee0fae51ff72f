/** A seeded pseudo-random source: the same seed gives the same demo on every machine. */
export interface Rng {
  /** uniform in [0, 1) */
  next(): number
  /** integer in [min, max], both included */
  int(min: number, max: number): number
  pick<T>(list: readonly T[]): T
  /** picks by weight: `[[value, weight], …]` */
  weighted<T>(list: readonly (readonly [T, number])[]): T
  chance(p: number): boolean
  /** `n` digits as a string (leading zeros kept) */
  digits(n: number): string
}

/**
 * mulberry32: tiny, fast and good enough for fake data (not for anything secret).
 * @example createRng(42).int(1, 6)
 */
export function createRng(seed: number): Rng {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    pick: (list) => {
      if (list.length === 0) throw new RangeError('pick from an empty list')
      return list[Math.floor(next() * list.length)]!
    },
    weighted: (list) => {
      const total = list.reduce((n, [, w]) => n + w, 0)
      let r = next() * total
      for (const [value, w] of list) {
        r -= w
        if (r < 0) return value
      }
      return list[list.length - 1]![0]
    },
    chance: (p) => next() < p,
    digits: (n) => Array.from({ length: n }, () => String(int(0, 9))).join(''),
  }
}
