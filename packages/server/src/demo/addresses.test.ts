import { describe, expect, it } from 'vitest'
import { chineseAddress, foreignAddress } from './addresses.ts'
import { CITIES } from './cities.ts'
import { COUNTRIES } from './countries.ts'
import { createRng } from './rng.ts'

const N = 2000

describe('addresses', () => {
  it('has real-looking, consistent GB/T 2260 codes in the city table', () => {
    const provinces = new Set<string>()
    for (const c of CITIES) {
      provinces.add(c.province.code)
      expect(c.province.code).toMatch(/^\d{2}0000$/)
      expect(c.city.code).toMatch(/^\d{4}00$/)
      expect(c.city.code.slice(0, 2)).toBe(c.province.code.slice(0, 2))
      expect(c.districts.length).toBeGreaterThan(0)
      for (const d of c.districts) {
        expect(d.code).toMatch(/^\d{6}$/)
        expect(d.code.slice(0, 4)).toBe(c.city.code.slice(0, 4))
        expect(d.code.endsWith('00')).toBe(false)
      }
    }
    expect(provinces.size).toBeGreaterThanOrEqual(20)
    expect(new Set(CITIES.map((c) => c.city.code)).size).toBe(CITIES.length)
    expect(new Set(CITIES.flatMap((c) => c.districts.map((d) => d.code))).size).toBe(
      CITIES.reduce((n, c) => n + c.districts.length, 0),
    )
  })

  it('makes addresses whose code triple is consistent and whose text names the district', () => {
    const rng = createRng(21)
    const provinces = new Set<string>()
    for (let i = 0; i < N; i++) {
      const a = chineseAddress(rng)
      expect(a.country).toBe('CN')
      const { province, city, district, text } = a as Required<typeof a>
      provinces.add(province)
      expect(city.startsWith(province.slice(0, 2)), `${province} ${city}`).toBe(true)
      expect(district.startsWith(city.slice(0, 4)), `${city} ${district}`).toBe(true)
      const entry = CITIES.find((c) => c.city.code === city)!
      const d = entry.districts.find((x) => x.code === district)!
      expect(text.startsWith(entry.province.name), text).toBe(true)
      expect(text).toContain(d.name)
    }
    expect(provinces.size).toBeGreaterThanOrEqual(20)
  })

  it('writes addresses abroad with the ISO country and no Chinese codes', () => {
    const rng = createRng(22)
    for (const country of COUNTRIES) {
      const a = foreignAddress(rng, country)
      expect(a).toEqual({ country: country.code, text: expect.any(String) })
      expect(a.text).not.toMatch(/\{/)
    }
  })
})
