import type { CompanyDraft } from './accounts.ts'
import { chineseAddress } from './addresses.ts'
import type { DemoPerson } from './dataset.ts'
import type { PersonName } from './names.ts'
import { chineseMobile, foreignPhone } from './phones.ts'
import type { Rng } from './rng.ts'
import type { UserKey } from './team.ts'

// How a contact (person) is filled in: title, e-mail at the company's domain, phone, address, tags.

const PERSON_TAGS_ZH = ['决策人', '关键联系人', '技术对接', 'VIP', '采购负责人'] as const
const PERSON_TAGS_EN = ['decision-maker', 'champion', 'technical', 'VIP'] as const

// biome-ignore format: a word list
const TITLES_ZH = [
  '总经理', '副总经理', '董事长', '销售总监', '采购经理', '采购专员', '技术总监', 'CTO', '财务总监', '市场经理',
  'IT经理', '行政主管', '项目经理', '运营总监', '产品经理', '人力资源经理', '客服主管', '研发工程师', '总裁助理',
] as const
// biome-ignore format: a word list
const TITLES_EN = [
  'CEO', 'Managing Director', 'CTO', 'CFO', 'VP Sales', 'Head of Procurement', 'Procurement Manager',
  'Head of IT', 'IT Manager', 'Marketing Director', 'Operations Manager', 'Project Manager', 'Product Manager',
  'Country Manager China', 'Office Manager', 'Solutions Architect',
] as const

const FREE_MAIL = ['qq.com', '163.com', '126.com', 'sina.com', 'outlook.com', 'gmail.com'] as const

function uniqueEmail(local: string, domain: string, used: Set<string>, rng: Rng): string {
  let candidate = `${local}@${domain}`
  while (used.has(candidate)) candidate = `${local}${rng.int(2, 99)}@${domain}`
  used.add(candidate)
  return candidate
}

function emailLocal(rng: Rng, n: PersonName): string {
  const { family, given } = n.latin
  if (n.script === 'en') return rng.chance(0.8) ? `${given}.${family}` : `${given[0]}${family}`
  return rng.weighted([
    [`${given}.${family}`, 40],
    [`${family}${given}`, 30],
    [`${family}.${given}`, 20],
    [`${given[0]}${family}`, 10],
  ] as const)
}

export function personFrom(
  rng: Rng,
  draft: CompanyDraft | null,
  companyIndex: number | null,
  name: PersonName,
  freeMail: Set<string>,
): DemoPerson {
  const zh = name.script === 'zh'
  const data: Record<string, unknown> = {
    name: name.name,
    family_name: name.family_name,
    given_name: name.given_name,
    title: rng.pick(zh ? TITLES_ZH : TITLES_EN),
    gender: name.gender,
  }
  if (draft) {
    data.email = uniqueEmail(emailLocal(rng, name), draft.domain, draft.emails, rng)
  } else {
    data.email = uniqueEmail(
      `${name.latin.family}${name.latin.given}${rng.int(70, 99)}`,
      rng.pick(FREE_MAIL),
      freeMail,
      rng,
    )
  }
  // staff of a foreign company abroad mostly have a local number; everyone in China a Chinese mobile
  const abroad = draft?.place.kind === 'abroad' && !zh
  if (rng.chance(0.93))
    data.mobile =
      abroad && rng.chance(0.6) ? foreignPhone(rng, draft!.place.foreignCity!) : chineseMobile(rng)
  if (draft?.place.kind === 'cn' && rng.chance(0.35)) data.address = chineseAddress(rng, draft.place.city!)
  else if (!draft && rng.chance(0.5)) data.address = chineseAddress(rng)
  if (rng.chance(0.2)) data.tags = [rng.pick(zh ? PERSON_TAGS_ZH : PERSON_TAGS_EN)]
  const owner: UserKey =
    draft?.company.owner ?? rng.pick(['owner', 'director', 'shanghaiRep', 'southRep'] as const)
  return { data, company: companyIndex, owner, lang: zh ? 'zh' : 'en' }
}
