import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HOSTILE } from './hostile.test-data.ts'
import { normaliseNumber } from './number.ts'

describe('normaliseNumber', () => {
  it('reads amounts as written', () => {
    expect(normaliseNumber('1,234.50')).toBe(1234.5)
    expect(normaliseNumber('¥1 234')).toBe(1234)
    expect(normaliseNumber('￥３９９')).toBe(399)
    expect(normaliseNumber('$399.00')).toBe(399)
    expect(normaliseNumber('399元')).toBe(399)
    expect(normaliseNumber('12.5%')).toBe(12.5)
    expect(normaliseNumber('-3e3')).toBe(-3000)
    expect(normaliseNumber(42)).toBe(42)
  })

  it('rejects text, NaN and infinities', () => {
    for (const v of ['abc', '1.2.3', '1e999', 'Infinity', Number.NaN, Number.POSITIVE_INFINITY, '12abc'])
      expect(normaliseNumber(v)).toBeNull()
    for (const v of HOSTILE) expect(() => normaliseNumber(v)).not.toThrow()
  })

  it('reads back what it printed', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(normaliseNumber(String(x))).toBe(x === 0 ? 0 : x)
      }),
    )
  })
})
