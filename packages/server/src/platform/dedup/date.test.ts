import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normaliseDate } from './date.ts'
import { HOSTILE } from './hostile.test-data.ts'

describe('normaliseDate', () => {
  it('reads the usual ways of writing a date', () => {
    for (const v of [
      '1985-03-12',
      '19850312',
      19850312,
      '1985/3/12',
      '1985.03.12',
      '1985年3月12日',
      '1985-03-12T08:00:00Z',
      '１９８５－０３－１２',
    ])
      expect(normaliseDate(v)).toBe('1985-03-12')
    expect(normaliseDate(new Date(Date.UTC(1985, 2, 12)))).toBe('1985-03-12')
  })

  it('keeps a typo of a real date but rejects impossible parts', () => {
    expect(normaliseDate('1956-09-31')).toBe('1956-09-31')
    for (const v of [
      '1985-13-01',
      '1985-00-10',
      '1985-01-32',
      '0999-01-01',
      '1985',
      '85-03-12',
      'March 12',
      new Date(Number.NaN),
    ])
      expect(normaliseDate(v)).toBeNull()
    for (const v of HOSTILE) expect(() => normaliseDate(v)).not.toThrow()
  })

  it('is stable when normalised again', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (d) => {
          const once = normaliseDate(d)!
          expect(normaliseDate(once)).toBe(once)
          expect(normaliseDate(once.replace(/-/g, ''))).toBe(once)
        },
      ),
    )
  })
})
