import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  damerauDistance,
  damerauSimilarity,
  dateSimilarity,
  indelRatio,
  jaccard,
  jaroWinkler,
  levenshteinDistance,
  levenshteinSimilarity,
  MAX_MEASURED,
  numericSimilarity,
  overlap,
  tokenSet,
  tokenSetRatio,
} from './similarity.ts'

const text = fc.string({ unit: fc.constantFrom(...'abcdeｆ张张偉伟 😀'.split('')), maxLength: 12 })
const anyText = fc.oneof(text, fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 10 }))
const tokens = fc
  .array(fc.constantFrom('acme', 'corp', 'ltd', '阿里', 'sony', 'tv', '40', 'x'), { maxLength: 6 })
  .map(tokenSet)

const STRING_MEASURES = { jaroWinkler, levenshteinSimilarity, damerauSimilarity, indelRatio }
const TOKEN_MEASURES = { jaccard, overlap, tokenSetRatio }

function naiveLevenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
  return d[a.length]![b.length]!
}

describe('string measures', () => {
  for (const [name, f] of Object.entries(STRING_MEASURES)) {
    it(`${name}: symmetric, 1 on identity, within 0..1`, () => {
      fc.assert(
        fc.property(anyText, anyText, (a, b) => {
          const x = f(a, b)
          expect(x).toBeGreaterThanOrEqual(0)
          expect(x).toBeLessThanOrEqual(1)
          expect(x).toBeCloseTo(f(b, a), 12)
          expect(f(a, a)).toBe(1)
        }),
      )
    })
  }

  it('known values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4)
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4)
    expect(jaroWinkler('', 'abc')).toBe(0)
    expect(levenshteinDistance('kitten', 'sitting')).toBe(3)
    expect(damerauDistance('ca', 'ac')).toBe(1)
    expect(levenshteinDistance('ca', 'ac')).toBe(2)
    expect(levenshteinDistance('阿里巴巴', '阿里爸爸')).toBe(2)
    expect(indelRatio('abc', 'abd')).toBeCloseTo(2 / 3, 10)
  })

  it('Levenshtein agrees with the textbook recurrence; Damerau is never more, and differs by at most transpositions', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const l = levenshteinDistance(a, b)
        expect(l).toBe(naiveLevenshtein(a, b))
        expect(damerauDistance(a, b)).toBeLessThanOrEqual(l)
        expect(l).toBeLessThanOrEqual(Math.max(a.length, b.length))
      }),
    )
  })

  it('triangle inequality for Levenshtein', () => {
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        expect(levenshteinDistance(a, c)).toBeLessThanOrEqual(
          levenshteinDistance(a, b) + levenshteinDistance(b, c),
        )
      }),
    )
  })

  it('costs no more than MAX_MEASURED characters on huge input', () => {
    const big = 'a'.repeat(1_000_000)
    const t = performance.now()
    expect(levenshteinSimilarity(big, `${big}b`)).toBe(1)
    expect(jaroWinkler(big, `b${big}`)).toBeGreaterThan(0.9)
    expect(performance.now() - t).toBeLessThan(1000)
    expect(MAX_MEASURED).toBeLessThan(1000)
  })
})

describe('token measures', () => {
  for (const [name, f] of Object.entries(TOKEN_MEASURES)) {
    it(`${name}: symmetric, 1 on identity, within 0..1`, () => {
      fc.assert(
        fc.property(tokens, tokens, (a, b) => {
          const x = f(a, b)
          expect(x).toBeGreaterThanOrEqual(0)
          expect(x).toBeLessThanOrEqual(1)
          expect(x).toBeCloseTo(f(b, a), 12)
          expect(f(a, a)).toBe(1)
        }),
      )
    })
  }

  it('known values', () => {
    expect(tokenSetRatio(tokenSet(['acme', 'corp']), tokenSet(['acme', 'corp', 'shanghai']))).toBe(1)
    expect(jaccard(['a', 'b'], ['b', 'c'])).toBeCloseTo(1 / 3, 10)
    expect(overlap(['a', 'b'], ['a', 'b', 'c', 'd'])).toBe(1)
    expect(tokenSetRatio([], ['a'])).toBe(0)
  })
})

describe('numeric and date closeness', () => {
  it('numbers: symmetric, identity, range', () => {
    const num = fc.double({ noNaN: true, min: -1e9, max: 1e9 })
    fc.assert(
      fc.property(
        num,
        num,
        fc.option(fc.double({ min: 0.001, max: 1e6, noNaN: true }), { nil: undefined }),
        (a, b, s) => {
          const x = numericSimilarity(a, b, s)
          expect(x).toBeGreaterThanOrEqual(0)
          expect(x).toBeLessThanOrEqual(1)
          expect(x).toBe(numericSimilarity(b, a, s))
          expect(numericSimilarity(a, a, s)).toBe(1)
        },
      ),
    )
    expect(numericSimilarity(100, 90)).toBeCloseTo(0.9, 10)
    expect(numericSimilarity(1999, 2000, 2)).toBe(0.5)
    expect(numericSimilarity(0, 5)).toBe(0)
  })

  it('dates: typos and swapped day/month score high, far dates low; symmetric', () => {
    expect(dateSimilarity('1985-03-12', '1985-03-12')).toBe(1)
    expect(dateSimilarity('1985-03-12', '1985-12-03')).toBe(0.8)
    expect(dateSimilarity('1985-03-12', '1985-03-13')).toBe(0.7)
    expect(dateSimilarity('1985-03-12', '1958-03-12')).toBe(0.7)
    expect(dateSimilarity('1985-03-12', '1985-04-22')).toBeCloseTo(0.6, 1)
    expect(dateSimilarity('1985-03-12', '2005-07-01')).toBe(0)
    expect(dateSimilarity('1985-03-12', 'garbage!!!')).toBe(0)
    const date = fc
      .date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10))
    fc.assert(
      fc.property(date, date, (a, b) => {
        const x = dateSimilarity(a, b)
        expect(x).toBe(dateSimilarity(b, a))
        expect(x).toBeGreaterThanOrEqual(0)
        expect(x).toBeLessThanOrEqual(1)
        expect(dateSimilarity(a, a)).toBe(1)
      }),
    )
  })
})
