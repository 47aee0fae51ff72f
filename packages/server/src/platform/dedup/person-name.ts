import { pinyin } from 'pinyin-pro'
import { PINYIN_SYLLABLES } from '../search/pinyin-syllables.ts'
import { jaroWinkler } from './similarity.ts'
import { SURNAME_VARIANTS, type SurnameVariants } from './surname-variants.ts'
import { asText, cleanText, foldAccents, Memo, toHalfWidth, toSimplified } from './text.ts'

/**
 * Person names → a structure that compares `张伟`, `張偉`, `Zhang Wei`, `Wei Zhang`, `ZHANG, Wei`,
 * `Zhangwei` and `Cheung Wai`, and Western names with initials and swapped order (`J. A. Smith`,
 * `Smith, John`).
 *
 * A name has one or two **readings** (family name + given names, romanised, lower-case ASCII): a Han
 * name has exactly one (surname first, compound surnames such as 欧阳 known, the surname read with
 * pinyin-pro's surname mode so 单 is `shan` and 曾 is `zeng`); a Latin name written `Family, Given` or
 * with the family name in capitals has one; otherwise both orders are kept, because `Zhang Wei` and
 * `Wei Zhang` are both common. Each family name also carries the mainland pinyin surnames its
 * spelling can stand for (`wong` → wang, huang; see surname-variants.ts).
 */
export interface NameReading {
  family: string
  /** mainland pinyin surnames this family name can stand for (itself included) */
  familyCanon: readonly string[]
  /** given-name tokens; a Han given name is one token (`xiaoming`) */
  given: readonly string[]
}

export interface PersonNameKey {
  /** the name in simplified Han characters, when written in Han */
  han: string | null
  readings: readonly NameReading[]
  /** order-free blocking key: the canonical family pinyin and the given-name tokens, sorted */
  key: string
  /** initials of the first reading, sorted so the order of the name does not matter: `wz` */
  initials: string
}

const LATIN_TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'sir',
  'madam',
  'jr',
  'sr',
  'ii',
  'iii',
  'iv',
  'phd',
  'md',
  'esq',
])
const HAN_TITLES =
  /(先生|女士|小姐|太太|夫人|老师|教授|博士|医生|律师|总经理|副总经理|经理|总监|主任|主管|老板|董事长|总裁|部长|处长|科长|局长|院长|校长|同学|总|工)$/
const COMPOUND_SURNAMES = new Set(
  '欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 夏侯 令狐 长孙 宇文 司徒 轩辕 端木 独孤 南宫 西门 万俟 闻人 澹台 呼延 百里 东郭 申屠 太史 公冶 赫连 钟离 宗政 濮阳 淳于 单于 拓跋 完颜 司空 呼延 左丘 第五'.split(
    ' ',
  ),
)
const HAN_ONLY = /[^\p{Script=Han}·•・]/gu

const surnameMemo = new Memo<string>(20_000)
const givenMemo = new Memo<string>(200_000)

function surnamePinyin(s: string): string {
  return surnameMemo.get(s, (k) =>
    pinyin(k, { toneType: 'none', type: 'array', v: true, surname: 'all' })
      .join('')
      .replace(/[^a-z]/g, ''),
  )
}

function givenPinyin(s: string): string {
  return givenMemo.get(s, (k) =>
    pinyin(k, { toneType: 'none', type: 'array', v: true })
      .join('')
      .replace(/[^a-z]/g, ''),
  )
}

function canon(family: string, variants: SurnameVariants): readonly string[] {
  const alts = variants.get(family)
  if (!alts) return [family]
  return alts.includes(family) ? alts : [family, ...alts]
}

function reading(family: string, given: string[], variants: SurnameVariants): NameReading {
  return { family, familyCanon: canon(family, variants), given }
}

/** `zhangwei` → ['zhang', 'wei'] when the whole token splits into pinyin syllables, else null */
function splitPinyin(token: string): string[] | null {
  const n = token.length
  if (n > 24) return null
  // fewest syllables wins (dynamic programming over prefixes)
  const best: (string[] | null)[] = new Array(n + 1).fill(null)
  best[0] = []
  for (let i = 1; i <= n; i++) {
    for (let j = Math.max(0, i - 6); j < i; j++) {
      const prev = best[j]
      if (!prev) continue
      const syl = token.slice(j, i)
      if (!PINYIN_SYLLABLES.has(syl)) continue
      if (!best[i] || best[i]!.length > prev.length + 1) best[i] = [...prev, syl]
    }
  }
  return best[n] ?? null
}

export interface PersonNameOptions {
  surnameVariants?: SurnameVariants
}

const memo = new Memo<PersonNameKey | null>(200_000)

/** The structure above, or null when nothing name-like is left (empty, digits, emoji only). */
export function normalisePersonName(value: unknown, opts: PersonNameOptions = {}): PersonNameKey | null {
  const raw = asText(value)
  if (raw === '') return null
  if (opts.surnameVariants) return compute(raw, opts.surnameVariants)
  return memo.get(raw, (k) => compute(k, SURNAME_VARIANTS))
}

function compute(raw: string, variants: SurnameVariants): PersonNameKey | null {
  const s = toSimplified(cleanText(toHalfWidth(raw)))
  if (s === '') return null
  const hanPart = s.replace(HAN_ONLY, '')
  if (hanPart.replace(/[·•・]/g, '') !== '') return hanName(hanPart, variants)
  return latinName(s, variants)
}

function hanName(s: string, variants: SurnameVariants): PersonNameKey | null {
  // minority and foreign names written with a middle dot (阿卜杜拉·买买提): the parts as given names
  if (/[·•・]/.test(s)) {
    const parts = s.split(/[·•・]+/).filter((p) => p !== '')
    if (parts.length === 0) return null
    const given = parts.map(givenPinyin).filter((p) => p !== '')
    const han = parts.join('·')
    const r = reading(given.at(-1) ?? '', given.slice(0, -1), variants)
    return finish(han, [r])
  }
  let name = s
  const titled = name.replace(HAN_TITLES, '')
  if (titled !== '') name = titled
  const surnameLen = name.length > 2 && COMPOUND_SURNAMES.has(name.slice(0, 2)) ? 2 : 1
  const surname = name.slice(0, surnameLen)
  const family = surnamePinyin(surname)
  const givenHan = name.slice(surnameLen)
  const given = givenHan === '' ? [] : [givenPinyin(givenHan)].filter((g) => g !== '')
  return finish(name, [reading(family, given, variants)])
}

function latinName(s: string, variants: SurnameVariants): PersonNameKey | null {
  const comma = s.indexOf(',')
  const capsHint = s
    .split(/\s+/)
    .map((t) => t.replace(/[^\p{L}]/gu, ''))
    .filter((t) => t.length > 1 && t === t.toUpperCase() && t !== t.toLowerCase())
  const words = (text: string) =>
    foldAccents(text.replace(/([a-z])([A-Z])/g, '$1 $2'))
      .toLowerCase()
      .replace(/(\p{L})[-'’](?=\p{L})/gu, '$1')
      .split(/[^a-z]+/)
      .filter((t) => t !== '' && !LATIN_TITLES.has(t))
  if (comma > 0) {
    const family = words(s.slice(0, comma)).join('')
    const given = words(s.slice(comma + 1))
    if (family !== '') return finish(null, [reading(family, given, variants)])
  }
  const tokens = words(s)
  if (tokens.length === 0) return null
  if (tokens.length === 1) {
    const only = tokens[0]!
    const readings = [reading(only, [], variants)]
    // `zhangwei`: a known surname spelling followed by pinyin syllables
    for (let cut = Math.min(only.length - 2, 9); cut >= 1; cut--) {
      const fam = only.slice(0, cut)
      const rest = only.slice(cut)
      if (variants.has(fam) && splitPinyin(rest)) {
        readings.unshift(reading(fam, [rest], variants))
        break
      }
    }
    return finish(null, readings)
  }
  // one word in capitals among mixed case ones: the family name (`Wei ZHANG`)
  if (capsHint.length === 1 && tokens.length > 1) {
    const fam = words(capsHint[0]!)[0]
    const at = fam === undefined ? -1 : tokens.indexOf(fam)
    if (at >= 0 && capsHint[0] !== s.replace(/[^\p{L}]/gu, '')) {
      return finish(null, [
        reading(
          fam!,
          tokens.filter((_, i) => i !== at),
          variants,
        ),
      ])
    }
  }
  const western = reading(tokens.at(-1)!, tokens.slice(0, -1), variants)
  const eastern = reading(tokens[0]!, tokens.slice(1), variants)
  // a Chinese given name written in two syllables (`Zhang Xiao Ming`) compares as one token
  const join = (r: NameReading): NameReading =>
    r.given.length > 1 && r.given.every((g) => PINYIN_SYLLABLES.has(g))
      ? { ...r, given: [r.given.join('')] }
      : r
  // the reading whose family name is a known Chinese surname spelling goes first (it gives the keys)
  const readings = [join(western), join(eastern)]
  if (!variants.has(western.family) && variants.has(eastern.family)) readings.reverse()
  return finish(null, readings)
}

function finish(han: string | null, readings: NameReading[]): PersonNameKey | null {
  const first = readings[0]
  if (!first || (first.family === '' && first.given.length === 0)) return null
  // order-free, so `Zhang Wei`, `Wei Zhang` and 张伟 share their keys
  const parts = [first.familyCanon[0] ?? first.family, ...first.given].filter((p) => p !== '').sort()
  const key = parts.join(' ')
  const initials = parts
    .map((p) => p[0])
    .sort()
    .join('')
  return { han, readings, key, initials }
}

/**
 * Similarity of two normalised names, 0..1: the best pair of readings, where the family names agree
 * when their spellings can stand for the same surname (`Wong` ~ 王) and otherwise by Jaro–Winkler, the
 * given names by Jaro–Winkler with an initial agreeing with a full name (`J.` ~ `John`) at 0.85, and a
 * missing given name on one side (`Lombardi` / `Rosa Lombardi`) or a Han surname alone (`张先生`)
 * capping the result at 0.8. Two Han names also compare by characters: one character replaced by a
 * homophone (张伟 / 张玮, a common input-method slip) scores 0.9, more than one (陆静 / 卢晶) 0.8.
 */
export function comparePersonNames(a: PersonNameKey, b: PersonNameKey): number {
  if (a.han !== null && b.han !== null) {
    const ra = a.readings[0]!
    const rb = b.readings[0]!
    // 张先生 / 张女士: a surname alone says little when it agrees, and two Han surnames either are
    // the same or are not (their pinyin spellings being alike means nothing)
    if (ra.given.length === 0 || rb.given.length === 0)
      return ra.family === rb.family || sharesCanon(ra.familyCanon, rb.familyCanon) ? 0.8 : 0
    if (a.han === b.han) return 1
  } else if (a.key === b.key) return 1
  let best = 0
  for (const ra of a.readings) {
    for (const rb of b.readings) {
      const s = compareReadings(ra, rb)
      if (s > best) best = s
    }
  }
  if (a.han !== null && b.han !== null) {
    // one character slipped to a homophone: 0.9; more, or another length (陆静 / 卢晶): 0.8
    const slip = a.han.length === b.han.length && hanDifferences(a.han, b.han) <= 1 ? 0.9 : 0.8
    return Math.max(jaroWinkler(a.han, b.han), best * slip)
  }
  return best
}

function hanDifferences(a: string, b: string): number {
  let d = 0
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) d++
  return d
}

function familySimilarity(a: NameReading, b: NameReading): number {
  return a.family === b.family || sharesCanon(a.familyCanon, b.familyCanon)
    ? 1
    : jaroWinkler(a.family, b.family)
}

function sharesCanon(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (b.includes(x)) return true
  return false
}

function compareReadings(a: NameReading, b: NameReading): number {
  const fam = familySimilarity(a, b)
  // one word on each side (`Trevorrow`): compare it as it is; one side without a given name is
  // consistent with the other but incomplete
  if (a.given.length === 0 && b.given.length === 0) return fam
  if (a.given.length === 0 || b.given.length === 0) return fam * 0.8
  const ga = a.given.join('')
  const gb = b.given.join('')
  let given = jaroWinkler(ga, gb)
  const fa = a.given[0]!
  const fb = b.given[0]!
  if (fa.length === 1 || fb.length === 1) {
    if (fa[0] === fb[0]) given = Math.max(given, 0.85)
  } else if (a.given.length > 1 || b.given.length > 1) {
    given = Math.max(given, jaroWinkler(fa, fb) * 0.95)
  }
  return (fam + given) / 2
}
