import { describe, expect, it } from 'vitest'
import { CITIES } from './cities.ts'
import { chineseCompanyName, foreignCompanyName, INDUSTRIES } from './companies.ts'
import { COUNTRIES } from './countries.ts'
import { createRng } from './rng.ts'

describe('company names', () => {
  it('names Chinese companies with the city, an industry word and a legal form', () => {
    const rng = createRng(41)
    for (const industry of INDUSTRIES) {
      const city = CITIES[0]!
      const c = chineseCompanyName(rng, city, industry)
      expect(c.industry).toBe(industry)
      expect(c.name).toContain(city.short)
      expect(c.name).toMatch(/(有限公司|有限责任公司)$/)
      expect(c.domain).toMatch(/^[a-z0-9.-]+\.(com|cn|com\.cn)$/)
    }
    const f = foreignCompanyName(rng, COUNTRIES.find((x) => x.code === 'DE')!, 'software')
    expect(f.name).toMatch(/ (GmbH|AG)$/)
    expect(f.domain).toMatch(/\.de$/)
  })
})
