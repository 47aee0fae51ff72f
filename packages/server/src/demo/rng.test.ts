import { describe, expect, it } from 'vitest'
import { createRng } from './rng.ts'

describe('rng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createRng(7)
    const b = createRng(7)
    const c = createRng(8)
    const seqA = Array.from({ length: 20 }, () => a.next())
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA)
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA)
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true)
  })

  it('keeps int() within its bounds and reaches both ends', () => {
    const rng = createRng(1)
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(3, 6)))
    expect([...seen].sort()).toEqual([3, 4, 5, 6])
  })
})
