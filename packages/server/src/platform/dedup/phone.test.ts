import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HOSTILE } from './hostile.test-data.ts'
import { normalisePhone } from './phone.ts'

describe('normalisePhone', () => {
  it('gives one E.164 value for the ways a Hangzhou landline is written', () => {
    for (const v of [
      '0571-88888888',
      '+86 571 8888 8888',
      '(0571) 8888 8888',
      '0086 571 88888888',
      '＋８６ ５７１ ８８８８８８８８',
    ])
      expect(normalisePhone(v)).toBe('+8657188888888')
  })

  it('gives one value for a mainland mobile in any common format (fast path)', () => {
    for (const v of [
      '13812345678',
      '138-1234-5678',
      '+86 138 1234 5678',
      '(+86)13812345678',
      '0086 13812345678',
      '86 138 1234 5678',
    ])
      expect(normalisePhone(v)).toBe('+8613812345678')
  })

  it('agrees with libphonenumber on the fast path', async () => {
    const { parsePhoneNumberFromString } = await import('libphonenumber-js/min')
    fc.assert(
      fc.property(fc.constantFrom('3', '5', '7', '8', '9'), fc.stringMatching(/^\d{9}$/), (second, rest) => {
        const n = `1${second}${rest}`
        const lib = parsePhoneNumberFromString(n, 'CN')
        if (lib?.isValid()) expect(normalisePhone(n)).toBe(lib.number)
      }),
    )
  })

  it('keeps other countries and the default region apart', () => {
    expect(normalisePhone('+1 415 555 2671')).toBe('+14155552671')
    expect(normalisePhone('+852 2345 6789')).toBe('+85223456789')
    expect(normalisePhone('2345 6789', 'HK')).toBe('+85223456789')
  })

  it('keeps hotlines as digits that can only match each other', () => {
    expect(normalisePhone('95555')).toBe('#95555')
    expect(normalisePhone('400-820-8888')).toBe('+864008208888')
  })

  it('drops an extension and rejects what is not a phone number', () => {
    expect(normalisePhone('138 1234 5678 ext 12')).toBe('+8613812345678')
    for (const v of ['abc', '12', '1'.repeat(70), '😀', '+86']) expect(normalisePhone(v)).toBeNull()
  })

  it('never throws, and its output is stable when normalised again', () => {
    for (const v of HOSTILE) expect(() => normalisePhone(v)).not.toThrow()
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const once = normalisePhone(s)
        if (once !== null && !once.startsWith('#')) expect(normalisePhone(once)).toBe(once)
      }),
    )
  })
})
