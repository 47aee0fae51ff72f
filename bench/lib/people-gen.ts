import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Converter } from 'opencc-js/cn2t'
import { pinyin } from 'pinyin-pro'
import { DATASETS } from './dedup-data.ts'

/**
 * Generated people for the dedup scan: Chinese (surnames weighted by the frequency table in
 * shared/datasets/china-names when present) and English names, mobiles, landlines, e-mails and
 * birthdays, with duplicates injected the way they arrive in a CRM: traditional characters, pinyin
 * spellings in either order, homophone input-method slips, typos, initials, `Family, Given`,
 * reformatted phones, e-mail case, and a missing or changed field. Deterministic for a seed.
 */

export interface GeneratedPerson {
  id: string
  name: string
  mobile: string | null
  email: string | null
  birthday: string | null
}

export interface GeneratedSet {
  people: GeneratedPerson[]
  /** entity of each person (same index) */
  entity: Int32Array
  duplicates: number
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FALLBACK_SURNAMES =
  '王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 欧阳 司马'.split(
    ' ',
  )
const GIVEN_CHARS =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏飞斌宇浩凯辉建国志文俊彬海峰婷雪琳晶欣怡嘉佳颖慧丹波宁龙云帆晨阳瑞鑫磊鸿博皓子轩梓涵雨泽一诺思远天佑若曦可馨语桐书瑶浩然欣妍家豪志强秀英丽娟桂芝淑珍'
const EN_GIVEN =
  'james john robert michael william david richard joseph thomas charles mary patricia jennifer linda elizabeth barbara susan jessica sarah karen emma olivia ava sophia mia amelia harper evelyn oliver liam noah lucas henry alexander daniel matthew anthony mark paul steven andrew kevin brian george edward ronald timothy jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory frank raymond patrick jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle walter ethan jeremy harold keith christian roger noah gerald carl terry sean austin arthur lawrence jesse dylan bryan joe jordan billy bruce albert willie gabriel logan alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip johnny'.split(
    ' ',
  )
const EN_FAMILY =
  'smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez powell jenkins perry russell sullivan bell coleman butler henderson barnes gonzales fisher vasquez simmons romero jordan patterson alexander hamilton graham reynolds griffin wallace moreno west cole hayes bryant herrera gibson ellis tran medina aguilar stevens murray ford castro marshall owens harrison fernandez mcdonald woods washington kennedy wells vargas henry chen freeman webb tucker guzman burns crawford olson simpson porter hunter gordon mendez silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black robertson boyd rose stone salazar fox warren mills meyer rice schmidt garza daniels ferguson nichols stephens soto weaver ryan gardner payne grant dunn kelley spencer hawkins arnold pierce vazquez hansen peters santos hart bradley knight elliott cunningham duncan armstrong hudson carroll lane riley andrews alvarado ray delgado berry perkins hoffman johnston matthews pena richards willis carpenter lawrence sandoval'.split(
    ' ',
  )
const MAIL_DOMAINS = ['163.com', 'qq.com', '126.com', 'gmail.com', 'outlook.com', 'sina.com', 'foxmail.com']
const COMPANY_DOMAINS = [
  'alibaba-inc.com',
  'tencent.com',
  'huawei.com',
  'bytedance.com',
  'example.cn',
  'acme.com',
]

function loadSurnames(): { names: string[]; cum: Float64Array } {
  const file = join(DATASETS, 'china-names', 'Chinese_Family_Name_1k.utf8.tsv')
  const rows: [string, number][] = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .slice(1)
        .map((l) => l.split('\t'))
        .filter((c) => c[0] && Number(c[1]) > 0)
        .map((c) => [c[0]!.trim(), Number(c[1])] as [string, number])
    : FALLBACK_SURNAMES.map((s, i) => [s, 100 - i] as [string, number])
  const cum = new Float64Array(rows.length)
  let total = 0
  rows.forEach(([, w], i) => {
    total += w
    cum[i] = total
  })
  for (let i = 0; i < cum.length; i++) cum[i]! /= total
  return { names: rows.map(([s]) => s), cum }
}

export function generatePeople(count: number, seed = 42): GeneratedSet {
  const rnd = mulberry32(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const chance = (p: number) => rnd() < p
  const digits = (n: number) => {
    let s = ''
    for (let i = 0; i < n; i++) s += Math.floor(rnd() * 10)
    return s
  }
  const surnames = loadSurnames()
  const pickSurname = () => {
    const x = rnd()
    let lo = 0
    let hi = surnames.cum.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (surnames.cum[mid]! < x) lo = mid + 1
      else hi = mid
    }
    return surnames.names[lo]!
  }
  const givenChars = [...GIVEN_CHARS]
  const byPinyin = new Map<string, string[]>()
  for (const c of new Set(givenChars)) {
    const p = pinyin(c, { toneType: 'none' })
    const list = byPinyin.get(p) ?? []
    list.push(c)
    byPinyin.set(p, list)
  }
  const toTraditional = Converter({ from: 'cn', to: 'tw' })
  const py = (s: string, surname: boolean) =>
    pinyin(s, { toneType: 'none', type: 'array', surname: surname ? 'all' : 'off', v: false })
      .join('')
      .replace(/ü/g, 'u')
  const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s)
  const typo = (s: string) => {
    if (s.length < 3) return s
    const i = 1 + Math.floor(rnd() * (s.length - 2))
    const kind = rnd()
    if (kind < 0.33) return s.slice(0, i) + s.slice(i + 1)
    if (kind < 0.66) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2)
    return s.slice(0, i) + String.fromCharCode(97 + Math.floor(rnd() * 26)) + s.slice(i + 1)
  }
  const formatMobile = (m: string) => {
    const k = rnd()
    if (k < 0.25) return `+86 ${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`
    if (k < 0.5) return `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`
    if (k < 0.6) return `0086${m}`
    if (k < 0.7) return `(+86)${m}`
    return m
  }

  const people: GeneratedPerson[] = []
  const entity: number[] = []
  const takenEmails = new Set<string>()
  let duplicates = 0
  let e = 0
  while (people.length < count) {
    const chinese = chance(0.75)
    let family: string
    let given: string
    let name: string
    if (chinese) {
      family = pickSurname()
      given = chance(0.3) ? pick(givenChars) : pick(givenChars) + pick(givenChars)
      name = family + given
    } else {
      family = pick(EN_FAMILY)
      given = pick(EN_GIVEN)
      name = `${cap(given)} ${cap(family)}`
    }
    const mobileDigits = `1${pick(['3', '5', '7', '8', '9'])}${digits(9)}`
    const hasMobile = chance(0.85)
    const local = chinese
      ? `${py(family, true)}${chance(0.5) ? '.' : ''}${py(given, false)}${chance(0.6) ? digits(2 + Math.floor(rnd() * 3)) : ''}`
      : `${given}${chance(0.5) ? '.' : '_'}${family}${chance(0.5) ? digits(2) : ''}`
    // an address belongs to one person: a name already taken gets digits, as mail providers insist
    let email: string | null = null
    if (chance(0.7)) {
      const domain = chance(0.8) ? pick(MAIL_DOMAINS) : pick(COMPANY_DOMAINS)
      // Gmail ignores dots in the local part: zhang.ying@ and zhangying@ are one mailbox
      const mailbox = (e: string) => (domain === 'gmail.com' ? e.replace(/\./g, '') : e)
      email = `${local}@${domain}`
      while (takenEmails.has(mailbox(email))) email = `${local}${digits(3)}@${domain}`
      takenEmails.add(mailbox(email))
    }
    const birthday = chance(0.5)
      ? `${1950 + Math.floor(rnd() * 55)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`
      : null
    const original: GeneratedPerson = {
      id: `g${people.length}`,
      name,
      mobile: hasMobile ? formatMobile(mobileDigits) : null,
      email,
      birthday,
    }
    people.push(original)
    entity.push(e)
    // about 12% of entities come back 1–3 more times
    const copies = chance(0.12) ? 1 + Math.floor(rnd() * rnd() * 3) : 0
    for (let c = 0; c < copies && people.length < count; c++) {
      let dupName: string
      const k = rnd()
      if (chinese) {
        if (k < 0.25) dupName = toTraditional(name)
        else if (k < 0.45) dupName = `${cap(py(family, true))} ${cap(py(given, false))}`
        else if (k < 0.6) dupName = `${cap(py(given, false))} ${py(family, true).toUpperCase()}`
        else if (k < 0.7) {
          // an input-method slip: a homophone for one given-name character
          const chars = [...given]
          const at = Math.floor(rnd() * chars.length)
          const alts = byPinyin.get(pinyin(chars[at]!, { toneType: 'none' })) ?? []
          chars[at] = alts.length > 1 ? pick(alts) : chars[at]!
          dupName = family + chars.join('')
        } else dupName = name
      } else {
        if (k < 0.25) dupName = `${cap(family)}, ${cap(given)}`
        else if (k < 0.4) dupName = `${given[0]!.toUpperCase()}. ${cap(family)}`
        else if (k < 0.6) dupName = `${cap(typo(given))} ${cap(family)}`
        else if (k < 0.7) dupName = `${cap(given)} ${cap(typo(family))}`
        else dupName = name.toUpperCase()
      }
      const keepMobile = hasMobile && chance(0.7)
      const keepEmail = email !== null && chance(0.6)
      people.push({
        id: `g${people.length}`,
        name: dupName,
        mobile: keepMobile
          ? formatMobile(mobileDigits)
          : chance(0.2)
            ? `1${pick(['3', '5', '8'])}${digits(9)}`
            : null,
        email: keepEmail ? (chance(0.3) ? email!.toUpperCase() : email) : null,
        birthday: birthday && chance(0.7) ? birthday : null,
      })
      entity.push(e)
      duplicates++
    }
    e++
  }
  return { people, entity: Int32Array.from(entity), duplicates }
}
