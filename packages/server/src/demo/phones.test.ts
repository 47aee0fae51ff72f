import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { describe, expect, it } from 'vitest'
import { CITIES } from './cities.ts'
import { COUNTRIES } from './countries.ts'
import { chineseLandline, chineseMobile, foreignPhone } from './phones.ts'
import { createRng } from './rng.ts'

const N = 2000

describe('phones', () => {
  it('makes mobiles that libphonenumber accepts as Chinese mobiles with 11 digits', () => {
    const rng = createRng(11)
    for (let i = 0; i < N; i++) {
      const n = chineseMobile(rng)
      const p = parsePhoneNumberFromString(n, 'CN')
      expect(p?.isValid(), n).toBe(true)
      expect(p?.getType(), n).toBe('MOBILE')
      expect(p?.nationalNumber, n).toMatch(/^1[3589]\d{9}$/)
    }
  })

  it('makes valid fixed lines in every demo city, with its area code', () => {
    const rng = createRng(12)
    for (const city of CITIES) {
      for (let i = 0; i < 50; i++) {
        const n = chineseLandline(rng, city)
        expect(n.startsWith(`${city.areaCode}-`), n).toBe(true)
        const p = parsePhoneNumberFromString(n, 'CN')
        expect(p?.isValid(), `${city.short} ${n}`).toBe(true)
        expect(p?.getType(), n).toBe('FIXED_LINE')
      }
    }
  })

  it('makes valid numbers abroad', () => {
    const rng = createRng(13)
    for (const country of COUNTRIES) {
      for (const city of country.cities) {
        for (let i = 0; i < 50; i++) {
          const n = foreignPhone(rng, city)
          const p = parsePhoneNumberFromString(n)
          expect(p?.isValid(), n).toBe(true)
          expect(p?.country, n).toBe(country.code)
        }
      }
    }
  })
})
