import { anchorCompanies, CONTACT_WEIGHT, randomCompany } from './accounts.ts'
import { type ActivityDraft, demoActivity } from './activities.ts'
import { CITIES, cityByShort } from './cities.ts'
import { personFrom } from './contacts.ts'
import { chineseName, englishName, ZHANG_WEI } from './names.ts'
import { addProfiles } from './profiles.ts'
import { createRng } from './rng.ts'
import type { UserKey } from './team.ts'

export interface DemoCompany {
  /** field values of the `company` object */
  data: Record<string, unknown>
  owner: UserKey
  lang: 'zh' | 'en'
}

export interface DemoPerson {
  /** field values of the `person` object, without `company` (an id known only once companies exist) */
  data: Record<string, unknown>
  /** index into `companies`, or null for a contact without a company */
  company: number | null
  owner: UserKey
  lang: 'zh' | 'en'
}

export interface DemoActivity {
  /** index into `people` (the activity is also linked to the person's company), or null: company only */
  person: number | null
  company: number | null
  owner: UserKey
  draft: ActivityDraft
}

export interface DemoDataset {
  companies: DemoCompany[]
  people: DemoPerson[]
  activities: DemoActivity[]
}

export interface DatasetOptions {
  seed?: number
  /** activities fall in the twelve months before this moment */
  now: Date
  companies?: number
  people?: number
}

export const DEFAULT_SEED = 20_260_101
export const DEFAULT_COMPANIES = 224
export const DEFAULT_PEOPLE = 1_120
const ANCHOR_EMAIL = 'zhangwei@alibabagroup.com'

/**
 * The whole demo as plain data, the same for the same seed and `now`: companies (three fixed ones first:
 * 阿里巴巴(中国)有限公司, Northwind Traders Ltd., Contoso GmbH), their people (the first is 张伟 at Alibaba)
 * and timeline activities. Pure: nothing here touches a database.
 */
export function buildDemoDataset(opts: DatasetOptions): DemoDataset {
  const rng = createRng(opts.seed ?? DEFAULT_SEED)
  const companyCount = opts.companies ?? DEFAULT_COMPANIES
  const peopleCount = opts.people ?? DEFAULT_PEOPLE

  const drafts = anchorCompanies(rng)
  const taken = new Set(drafts.map((d) => String(d.company.data.name)))
  const domains = new Set(drafts.map((d) => d.domain))
  const unvisited = CITIES.filter((c) => c !== cityByShort('杭州'))
  // every fifth company is abroad (the two fixed ones count)
  while (drafts.length < companyCount) {
    drafts.push(randomCompany(rng, drafts.length % 5 === 4, taken, domains, unvisited))
  }

  // every company gets one contact, ~3% of contacts have no company, the rest go by company size
  const perCompany = drafts.map(() => 1)
  perCompany[0] = 8
  const loose = Math.round(peopleCount * 0.03)
  let assigned = perCompany.reduce((a, b) => a + b, 0)
  const weights = drafts.map((d, i) => [i, CONTACT_WEIGHT[d.size]] as const)
  while (assigned < peopleCount - loose) {
    perCompany[rng.weighted(weights)]! += 1
    assigned++
  }

  const people: DemoPerson[] = []
  const freeMail = new Set<string>()
  drafts.forEach((draft, ci) => {
    for (let k = 0; k < perCompany[ci]!; k++) {
      const abroad = draft.place.kind === 'abroad'
      const english = abroad ? rng.chance(0.85) : rng.chance(0.08)
      if (ci === 0 && k === 0) {
        // the fixed contact keeps a fixed e-mail address; reserved first so no generated one takes it
        draft.emails.add(ANCHOR_EMAIL)
        const zw = personFrom(rng, draft, ci, ZHANG_WEI, freeMail)
        draft.emails.delete(String(zw.data.email))
        people.push({ ...zw, data: { ...zw.data, email: ANCHOR_EMAIL } })
        continue
      }
      people.push(personFrom(rng, draft, ci, english ? englishName(rng) : chineseName(rng), freeMail))
    }
  })
  while (people.length < peopleCount) {
    people.push(personFrom(rng, null, null, rng.chance(0.85) ? chineseName(rng) : englishName(rng), freeMail))
  }

  const companies = drafts.map((d) => d.company)
  // its own random stream, so adding profile fields leaves every name, number and address as it was
  addProfiles(createRng((opts.seed ?? DEFAULT_SEED) + 7), companies, people)
  const activities: DemoActivity[] = []
  const counts = [
    [0, 20],
    [1, 35],
    [2, 25],
    [3, 12],
    [4, 8],
  ] as const
  people.forEach((p, pi) => {
    const n = pi === 0 ? 6 : rng.weighted(counts)
    const company = p.company === null ? null : companies[p.company]!
    for (let k = 0; k < n; k++) {
      const draft = demoActivity(rng, {
        lang: p.lang,
        person: String(p.data.name),
        company: company ? String(company.data.name) : null,
        now: opts.now,
      })
      activities.push({ person: pi, company: p.company, owner: p.owner, draft })
    }
  })
  companies.forEach((c, ci) => {
    if (ci > 2 && !rng.chance(0.3)) return
    const draft = demoActivity(
      rng,
      { lang: c.lang, person: null, company: String(c.data.name), now: opts.now },
      'note',
    )
    activities.push({ person: null, company: ci, owner: c.owner, draft })
  })
  return { companies, people, activities }
}
