import { creditCodeCheckChar } from '../platform/dedup/credit-code.ts'
import type { DemoCompany, DemoPerson } from './dataset.ts'
import type { Rng } from './rng.ts'

// The profile fields of the contact objects (docs/contacts.md): credit code, size, source and stage of
// companies; birthday, department, work phone, WeChat, other e-mail, source and stage of people.

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** A well-formed 统一社会信用代码 of a company registered in `division` (6 digits), check character right. */
export function demoCreditCode(rng: Rng, division: string): string {
  let org = ''
  for (let i = 0; i < 9; i++) org += CODE_ALPHABET[rng.int(0, CODE_ALPHABET.length - 1)]
  const first17 = `91${division.padEnd(6, '0').slice(0, 6)}${org}`
  return first17 + creditCodeCheckChar(first17)
}

function sizeOf(employees: unknown): string | null {
  if (typeof employees !== 'number') return null
  const bands: [number, string][] = [
    [10, '1_9'],
    [50, '10_49'],
    [200, '50_199'],
    [500, '200_499'],
    [1000, '500_999'],
    [5000, '1000_4999'],
  ]
  return bands.find(([max]) => employees < max)?.[1] ?? '5000_plus'
}

const SOURCES = [
  ['website', 25],
  ['referral', 20],
  ['trade_show', 15],
  ['cold_call', 10],
  ['advertising', 10],
  ['social', 10],
  ['partner', 8],
  ['other', 2],
] as const
const COMPANY_STAGES = [
  ['lead', 20],
  ['qualified', 15],
  ['opportunity', 25],
  ['customer', 35],
  ['churned', 5],
] as const
const PERSON_STAGES = [
  ['subscriber', 10],
  ['lead', 25],
  ['qualified', 15],
  ['opportunity', 20],
  ['customer', 25],
  ['evangelist', 5],
] as const

// biome-ignore format: word lists
const DEPARTMENTS_ZH = ['总经办', '销售部', '采购部', '技术部', '财务部', '市场部', '信息部', '行政部', '研发中心', '运营部', '人力资源部', '客户服务部'] as const
// biome-ignore format: word lists
const DEPARTMENTS_EN = ['Executive', 'Sales', 'Procurement', 'Engineering', 'Finance', 'Marketing', 'IT', 'Operations', 'Product', 'HR', 'Customer Success'] as const
const FREE_MAIL = ['qq.com', '163.com', '126.com', 'outlook.com', 'gmail.com'] as const

function birthday(rng: Rng): string {
  const y = rng.int(1962, 2000)
  const m = rng.int(1, 12)
  const d = rng.int(1, 28)
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** Adds the profile fields to the drawn companies and people (in place). */
export function addProfiles(rng: Rng, companies: DemoCompany[], people: DemoPerson[]): void {
  for (const c of companies) {
    const d = c.data
    const address = d.address as { district?: string; city?: string } | undefined
    const division = address?.district ?? address?.city
    if (c.lang === 'zh' && division) d.credit_code = demoCreditCode(rng, division)
    const size = sizeOf(d.employees)
    if (size) d.size = size
    d.source = rng.weighted(SOURCES)
    d.lifecycle_stage = rng.weighted(COMPANY_STAGES)
  }
  for (const p of people) {
    const d = p.data
    const zh = p.lang === 'zh'
    const company = p.company === null ? null : companies[p.company]!
    if (rng.chance(0.45)) d.birthday = birthday(rng)
    if (company) d.department = rng.pick(zh ? DEPARTMENTS_ZH : DEPARTMENTS_EN)
    // the office switchboard, as most business cards carry it
    if (company && typeof company.data.phone === 'string' && rng.chance(0.35)) d.phone = company.data.phone
    const local = typeof d.email === 'string' ? d.email.split('@')[0]!.replace(/[^a-z0-9]/gi, '') : 'user'
    if (zh && rng.chance(0.6))
      d.wechat = rng.chance(0.5) ? `${local}_${rng.digits(3)}` : `wxid_${rng.digits(10)}`
    if (company && rng.chance(0.15)) d.other_email = `${local}${rng.int(10, 99)}@${rng.pick(FREE_MAIL)}`
    d.source = company ? (company.data.source as string) : rng.weighted(SOURCES)
    d.lifecycle_stage = rng.weighted(PERSON_STAGES)
  }
}
