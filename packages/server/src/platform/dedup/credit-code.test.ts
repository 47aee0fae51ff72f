import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { creditCodeCheckChar, creditCodeProblem, normaliseCreditCode } from './credit-code.ts'
import { HOSTILE } from './hostile.test-data.ts'

// published codes of well-known companies (national enterprise credit information publicity system)
const REAL = ['91330100799655058B', '91440300708461136T', '914403001922038216', '91110108551385082Q']
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts real codes, in any case, with spaces, dashes or full-width characters', () => {
    for (const c of REAL) expect(normaliseCreditCode(c)).toBe(c)
    expect(normaliseCreditCode('91330100799655058b')).toBe('91330100799655058B')
    expect(normaliseCreditCode(' 9133 0100 7996-5505 8B ')).toBe('91330100799655058B')
    expect(normaliseCreditCode('９１３３０１００７９９６５５０５８Ｂ')).toBe('91330100799655058B')
  })

  it('says why a code is invalid', () => {
    expect(creditCodeProblem('')).toBe('empty')
    expect(creditCodeProblem('91330100799655058')).toBe('length')
    expect(creditCodeProblem('91330100799655058BB')).toBe('length')
    expect(creditCodeProblem('9133010079965505IB')).toBe('characters') // I is not in the alphabet
    expect(creditCodeProblem('91330100799655O58B')).toBe('characters') // O neither
    expect(creditCodeProblem('91AB0100799655058B')).toBe('characters') // division code must be digits
    expect(creditCodeProblem('91330100799655058C')).toBe('checksum')
    expect(normaliseCreditCode('91330100799655058C')).toBeNull()
  })

  it('detects every single-character change of a valid code', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REAL), fc.nat(17), fc.nat(30), (code, at, k) => {
        const ch = ALPHABET[k]!
        fc.pre(ch !== code[at])
        const changed = code.slice(0, at) + ch + code.slice(at + 1)
        expect(normaliseCreditCode(changed)).toBeNull()
      }),
    )
  })

  it('computes a check character that validates any well-shaped body', () => {
    const part = (n: number, chars: string) =>
      fc.array(fc.constantFrom(...chars), { minLength: n, maxLength: n })
    fc.assert(
      fc.property(part(2, ALPHABET), part(6, '0123456789'), part(9, ALPHABET), (a, b, c) => {
        const body = a.join('') + b.join('') + c.join('')
        expect(creditCodeProblem(body + creditCodeCheckChar(body))).toBeNull()
      }),
    )
  })

  it('never throws', () => {
    for (const v of HOSTILE) expect(() => normaliseCreditCode(v)).not.toThrow()
    for (const v of HOSTILE) expect(normaliseCreditCode(v)).toBeNull()
  })
})
