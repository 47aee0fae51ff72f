import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { describe, expect, it } from 'vitest'
import { CITIES } from './cities.ts'
import { buildDemoDataset } from './dataset.ts'
import { DEMO_USERS } from './team.ts'

const now = new Date('2026-06-01T02:00:00Z')
const data = buildDemoDataset({ now })

describe('buildDemoDataset', () => {
  it('is the same for the same seed and different for another seed', () => {
    expect(buildDemoDataset({ now })).toEqual(data)
    const other = buildDemoDataset({ now, seed: 1 })
    expect(other.people.map((p) => p.data.name)).not.toEqual(data.people.map((p) => p.data.name))
  })

  it('has the sizes the demo promises', () => {
    expect(data.companies.length).toBeGreaterThanOrEqual(220)
    expect(data.people.length).toBeGreaterThanOrEqual(1100)
    expect(data.activities.length).toBeGreaterThanOrEqual(1500)
  })

  it('starts with the fixed accounts and 张伟', () => {
    expect(data.companies.slice(0, 3).map((c) => c.data.name)).toEqual([
      '阿里巴巴(中国)有限公司',
      'Northwind Traders Ltd.',
      'Contoso GmbH',
    ])
    expect(data.people[0]).toMatchObject({
      company: 0,
      data: { name: '张伟', family_name: '张', given_name: '伟', email: 'zhangwei@alibabagroup.com' },
    })
  })

  it('mixes Chinese and international: ~20% companies abroad, ~25% English names', () => {
    const abroad = data.companies.filter(
      (c) => (c.data.address as { country: string }).country !== 'CN',
    ).length
    expect(abroad / data.companies.length).toBeGreaterThan(0.12)
    expect(abroad / data.companies.length).toBeLessThan(0.3)
    const english = data.people.filter((p) => p.lang === 'en').length
    expect(english / data.people.length).toBeGreaterThan(0.18)
    expect(english / data.people.length).toBeLessThan(0.32)
  })

  it('puts a company in every demo city, so all 31 provinces appear', () => {
    const cities = new Set(
      data.companies.map((c) => (c.data.address as { city?: string }).city).filter(Boolean),
    )
    expect(cities).toEqual(new Set(CITIES.map((c) => c.city.code)))
    const provinces = new Set(
      data.companies.map((c) => (c.data.address as { province?: string }).province).filter(Boolean),
    )
    expect(provinces.size).toBe(31)
  })

  it('has unique company names and domains, and e-mail addresses unique per person', () => {
    const names = data.companies.map((c) => c.data.name)
    expect(new Set(names).size).toBe(names.length)
    const sites = data.companies.map((c) => c.data.website)
    expect(new Set(sites).size).toBe(sites.length)
    const emails = data.people.map((p) => p.data.email)
    expect(new Set(emails).size).toBe(emails.length)
    for (const e of emails) expect(e).toMatch(/^[a-z0-9.]+@[a-z0-9.-]+\.[a-z]+$/)
  })

  it('has only valid phones and consistent addresses on every record', () => {
    const addresses = [...data.companies, ...data.people].map((r) => r.data.address).filter(Boolean)
    for (const a of addresses as { country: string; province?: string; city?: string; district?: string }[]) {
      if (a.country !== 'CN') continue
      expect(a.city!.slice(0, 2)).toBe(a.province!.slice(0, 2))
      expect(a.district!.slice(0, 4)).toBe(a.city!.slice(0, 4))
    }
    const phones = [
      ...data.companies.map((c) => c.data.phone),
      ...data.people.map((p) => p.data.mobile),
    ].filter(Boolean)
    for (const n of phones as string[]) expect(parsePhoneNumberFromString(n, 'CN')?.isValid(), n).toBe(true)
  })

  it('spreads accounts over every demo user, and people follow their company owner', () => {
    const owners = new Set(data.companies.map((c) => c.owner))
    expect([...owners].sort()).toEqual(DEMO_USERS.map((u) => u.key).sort())
    for (const p of data.people)
      if (p.company !== null) expect(p.owner).toBe(data.companies[p.company]!.owner)
  })

  it('has every kind of activity, with open tasks ahead', () => {
    const types = new Set(data.activities.map((a) => a.draft.type))
    expect([...types].sort()).toEqual(['call', 'email', 'meeting', 'note', 'task'])
    const upcoming = data.activities.filter(
      (a) => a.draft.type === 'task' && !a.draft.done && a.draft.due_at! > now.toISOString(),
    )
    expect(upcoming.length).toBeGreaterThan(50)
    expect(data.activities.some((a) => /[\u4e00-\u9fff]/.test(a.draft.body))).toBe(true)
    expect(data.activities.some((a) => /^[\x20-\x7e\n]+$/.test(a.draft.body))).toBe(true)
  })
})
