import type { AddressValue } from '@kemai/shared/fields'
import { chineseAddress, foreignAddress, randomCity, randomCountry } from './addresses.ts'
import { cityByShort, type DemoCity } from './cities.ts'
import { type CompanyName, chineseCompanyName, foreignCompanyName } from './companies.ts'
import { countryByCode, type ForeignCity, type ForeignCountry } from './countries.ts'
import type { DemoCompany } from './dataset.ts'
import { chineseLandline, foreignPhone } from './phones.ts'
import type { Rng } from './rng.ts'
import type { UserKey } from './team.ts'

// How the demo's accounts (companies) are drawn: place, size, figures, tags and owner.

export type Size = 'small' | 'medium' | 'large'
const SIZES: readonly (readonly [Size, number])[] = [
  ['small', 50],
  ['medium', 35],
  ['large', 15],
]
const EMPLOYEES: Record<Size, [number, number]> = {
  small: [8, 99],
  medium: [100, 999],
  large: [1000, 20_000],
}
/** how many more contacts a bigger company has */
export const CONTACT_WEIGHT: Record<Size, number> = { small: 1, medium: 2.5, large: 4 }
/** CNY → local currency, rounded; the demo needs plausible magnitudes, not today's rates */
const FX: Record<string, number> = { CNY: 1, USD: 0.14, EUR: 0.13, GBP: 0.11, JPY: 21, SGD: 0.19, AUD: 0.21 }

const COMPANY_TAGS_ZH: readonly (readonly [string, number])[] = [
  ['重点客户', 15],
  ['新客户', 15],
  ['潜在客户', 10],
  ['渠道', 10],
  ['VIP', 8],
  ['战略合作', 5],
  ['partner', 4],
]
const COMPANY_TAGS_EN: readonly (readonly [string, number])[] = [
  ['partner', 15],
  ['VIP', 8],
  ['重点客户', 8],
  ['enterprise', 10],
  ['渠道', 4],
]

export interface Place {
  kind: 'cn' | 'abroad'
  city?: DemoCity
  country?: ForeignCountry
  foreignCity?: ForeignCity
}

export interface CompanyDraft {
  company: DemoCompany
  size: Size
  place: Place
  domain: string
  emails: Set<string>
}

type Split = readonly (readonly [UserKey, number])[]

// Who owns an account, by region, mirroring the team tree: 上海组, 杭州组, the rest of 华东, 华南, abroad;
// other regions go to the owner, the director and the two managers.
// biome-ignore format: a table
const OWNERS: readonly { regions: readonly string[]; split: Split }[] = [
  { regions: ['abroad'], split: [['intlRep', 70], ['director', 30]] },
  { regions: ['310000'], split: [['shanghaiRep', 70], ['eastManager', 30]] },
  { regions: ['330000'], split: [['hangzhouRep', 70], ['eastManager', 30]] },
  { regions: ['320000', '340000', '360000', '370000'], split: [['eastManager', 40], ['shanghaiRep', 30], ['hangzhouRep', 30]] },
  { regions: ['440000', '450000', '460000', '350000'], split: [['southRep', 70], ['southManager', 30]] },
]
// biome-ignore format: a table
const OTHER_OWNERS: Split = [['owner', 40], ['director', 30], ['eastManager', 15], ['southManager', 15]]

function ownerFor(rng: Rng, place: Place): UserKey {
  const region = place.kind === 'abroad' ? 'abroad' : place.city!.province.code
  return rng.weighted(OWNERS.find((o) => o.regions.includes(region))?.split ?? OTHER_OWNERS)
}

function revenue(rng: Rng, employees: number, currency: string): { amount: string; currency: string } {
  const cny = employees * rng.int(20, 200) * 10_000
  const unit = currency === 'JPY' ? 1_000_000 : 10_000
  const amount = Math.max(unit, Math.round((cny * (FX[currency] ?? 1)) / unit) * unit)
  return { amount: amount.toFixed(2), currency }
}

function tagsFrom(rng: Rng, pool: readonly (readonly [string, number])[], max: number): string[] | undefined {
  const n = rng.weighted([
    [0, 45],
    [1, 40],
    [2, 15],
  ] as const)
  const out = new Set<string>()
  for (let i = 0; i < Math.min(n, max); i++) out.add(rng.weighted(pool))
  return out.size ? [...out] : undefined
}

function companyFrom(
  rng: Rng,
  place: Place,
  names: CompanyName,
  size: Size,
  extra: Record<string, unknown> = {},
): CompanyDraft {
  const [lo, hi] = EMPLOYEES[size]
  const drawn = size === 'large' ? Math.round(rng.int(lo, hi) / 100) * 100 : rng.int(lo, hi)
  const employees = typeof extra.employees === 'number' ? extra.employees : drawn
  const abroad = place.kind === 'abroad'
  const currency = abroad ? place.country!.currency : 'CNY'
  const data: Record<string, unknown> = {
    name: names.name,
    industry: names.industry,
    website: `https://www.${names.domain}`,
    phone: abroad ? foreignPhone(rng, place.foreignCity!) : chineseLandline(rng, place.city!),
    address: abroad
      ? foreignAddress(rng, place.country!, place.foreignCity!)
      : chineseAddress(rng, place.city!),
    employees,
    annual_revenue: revenue(rng, employees, currency),
  }
  const tags = tagsFrom(rng, abroad ? COMPANY_TAGS_EN : COMPANY_TAGS_ZH, 2)
  if (tags) data.tags = tags
  Object.assign(data, extra)
  return {
    company: { data, owner: ownerFor(rng, place), lang: abroad ? 'en' : 'zh' },
    size,
    place,
    domain: names.domain,
    emails: new Set(),
  }
}

/** Fixed accounts every demo has, so guides and tests can name them. */
export function anchorCompanies(rng: Rng): CompanyDraft[] {
  const hangzhou = cityByShort('杭州')
  const alibaba = companyFrom(
    rng,
    { kind: 'cn', city: hangzhou },
    { name: '阿里巴巴(中国)有限公司', domain: 'alibabagroup.com', industry: 'software' },
    'large',
    {
      address: {
        country: 'CN',
        province: '330000',
        city: '330100',
        district: '330110',
        text: '浙江省杭州市余杭区文一西路969号',
      } satisfies AddressValue,
      employees: 20_000,
      tags: ['重点客户', 'VIP'],
    },
  )
  alibaba.company.owner = 'hangzhouRep'
  const gb = countryByCode('GB')
  const de = countryByCode('DE')
  const northwind = companyFrom(
    rng,
    { kind: 'abroad', country: gb, foreignCity: gb.cities[0]! },
    { name: 'Northwind Traders Ltd.', domain: 'northwindtraders.co.uk', industry: 'retail' },
    'medium',
    { tags: ['partner'] },
  )
  const contoso = companyFrom(
    rng,
    { kind: 'abroad', country: de, foreignCity: de.cities[0]! },
    { name: 'Contoso GmbH', domain: 'contoso.de', industry: 'software' },
    'large',
  )
  return [alibaba, northwind, contoso]
}

/** `unvisited`: cities without a company yet; each gets one before the weights decide (a map shows all provinces) */
export function randomCompany(
  rng: Rng,
  abroad: boolean,
  taken: Set<string>,
  domains: Set<string>,
  unvisited: DemoCity[],
): CompanyDraft {
  for (;;) {
    const size = rng.weighted(SIZES)
    let place: Place
    let names: CompanyName
    if (abroad) {
      const country = randomCountry(rng)
      const foreignCity = rng.pick(country.cities)
      place = { kind: 'abroad', country, foreignCity }
      names = foreignCompanyName(rng, country)
    } else {
      const city = unvisited[0] ?? randomCity(rng)
      place = { kind: 'cn', city }
      names = chineseCompanyName(rng, city)
      if (domains.has(names.domain)) names = { ...names, domain: `${city.pinyin}-${names.domain}` }
    }
    if (taken.has(names.name) || domains.has(names.domain)) continue
    if (place.kind === 'cn' && unvisited[0] === place.city) unvisited.shift()
    taken.add(names.name)
    domains.add(names.domain)
    return companyFrom(rng, place, names, size)
  }
}
