import { createRequire } from 'node:module'
import { Jieba } from '@node-rs/jieba'
import { Converter } from 'opencc-js/t2cn'
import { pinyin } from 'pinyin-pro'
import { PINYIN_SYLLABLES } from './pinyin-syllables.ts'

/**
 * Turns a record's searchable values into one search document, and a user's query into the matching
 * tsquery and keys. Both sides run the same normalisation, so they always agree. See docs/search.md.
 *
 * Lexemes are built here, not by a text-search parser: the tsvector is written as a literal
 * (`'张伟':1A 'zw':2C`), which is what `to_tsvector('simple', …)` would give for clean tokens but keeps
 * `138-1234-5678`, CJK and e-mail addresses from being re-split differently by PGlite (C locale) and
 * PostgreSQL (C.UTF-8).
 */

/** Size limits: a 1 MB value costs no more than a long note. */
export const SEARCH_LIMITS = {
  /** characters read from one value */
  valueChars: 2_000,
  /** characters read from all values of one record */
  docChars: 20_000,
  /** stored title/subtitle */
  displayChars: 500,
  /** characters read from a query */
  queryChars: 100,
  /** words (terms) used from a query */
  queryTerms: 8,
  /** stored trigram text */
  trgmChars: 2_000,
  /** longest lexeme kept */
  lexemeChars: 64,
  /** lexemes per document (a tsvector position is at most 16,383) */
  lexemes: 6_000,
  /** Han runs up to this length also get whole-run pinyin and initials lexemes */
  runPinyinChars: 32,
  /** Han runs up to this length (names) get pinyin for every substring: 张伟明 → ~weiming, ~zhangwei */
  substringPinyinChars: 4,
} as const

/**
 * Weight classes inside the tsvector, read back by the ranking only (a GIN index cannot filter on them):
 * A = title characters/words, B = other text, C = title pinyin/initials, D = other pinyin/initials.
 */
export type LexemeWeight = 'A' | 'B' | 'C' | 'D'

/**
 * Pinyin and initials lexemes carry this prefix (`~zhangwei`, `~zw`), so "the text contains zw" and "the
 * pinyin starts with zw" are different lexemes and each is answered by the GIN index alone. (Telling them
 * apart by weight instead means the index returns every pinyin hit and the heap recheck throws them away.)
 */
export const PINYIN_MARK = '~'

export interface SearchDocInput {
  title: string | null | undefined
  subtitle?: string | null | undefined
  /** every other searchable value of the record (names, company, e-mail, phones, address, …) */
  texts?: readonly unknown[] | undefined
  /** values that are person names: their pinyin reads the first character as a surname (单 → shan) */
  personNameTexts?: readonly unknown[] | undefined
}

export interface SearchDocFields {
  title: string
  subtitle: string | null
  /** tsvector literal; cast with `::tsvector` */
  tokens: string
  /** the title's full pinyin, no spaces: 张伟 → zhangwei, 阿里巴巴(中国)有限公司 → alibabazhongguoyouxiangongsi */
  pinyin: string
  /** the title's initials: zw, albbzgyxgs */
  initials: string
  /** normalised text of all values (plus bare phone digits) for trigram "contains" and typo matching */
  trgm: string
}

export interface SearchQuery {
  /** the normalised query: NFKC, simplified, lower case, single spaces */
  text: string
  /** the query as typed (NFKC, clean, single spaces) and its simplified form; compared with lower(title) */
  titleKeys: string[]
  /** every way a document can match: characters, words, latin, digits, pinyin, initials (tsquery text) */
  tsAny: string
  /** the same terms through characters/words/latin/digits only, no pinyin */
  tsText: string
  /** tsText, restricted to the title's own lexemes (weight A); for ranking only */
  tsTitle: string
  /** latin or pinyin key compared with the title's pinyin column (zhangwei, alibaba), or null */
  pinyinKey: string | null
  /** latin key compared with the title's initials column (zw, albb), or null */
  initialsKey: string | null
  /** text for trigram contains/similarity on the trgm column; null for 1–2 CJK characters or < 3 characters */
  fuzzy: string | null
  /** whether word similarity applies too (the query has letters or characters, not only digits) */
  fuzzyWords: boolean
  /** key whose similarity to the title's pinyin orders typo matches; null when too short */
  fuzzyKey: string | null
  /** pinyin corrections of a latin query (zhangwie → ~zhangwei), as a tsquery; null when there are none */
  fuzzyTs: string | null
}

// ---------------------------------------------------------------------------------------------------
// Lazy singletons: the jieba dictionary takes 90–170 ms to load (STACK.md §1), so only the first use pays.

let jiebaInstance: Jieba | undefined
function jieba(): Jieba {
  if (!jiebaInstance) {
    // `@node-rs/jieba/dict.js` reads dict.txt at require time: require it only when first needed.
    const { dict } = createRequire(import.meta.url)('@node-rs/jieba/dict.js') as { dict: Uint8Array }
    jiebaInstance = Jieba.withDict(dict)
  }
  return jiebaInstance
}

let toSimplifiedFn: ((s: string) => string) | undefined
function toSimplified(s: string): string {
  // 'tw' covers Taiwan and Hong Kong variant characters as well as OpenCC's standard traditional set.
  toSimplifiedFn ??= Converter({ from: 'tw', to: 'cn' })
  return toSimplifiedFn(s)
}

// ---------------------------------------------------------------------------------------------------
// Normalisation

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const FORMAT_CHARS = /\p{Cf}/gu // zero-width spaces, BOM, bidi overrides: removed, they split nothing
const CONTROL_CHARS = /[\p{Cc}\p{Zl}\p{Zp}]/gu // NUL, tabs, new lines: become spaces
const SPACES = /\s+/gu
const HAN = /\p{Script=Han}/u
const HAN_RUN = /\p{Script=Han}+/u
// A Han run, or a run of other letters/digits (latin, accented, kana, hangul…) that stops at Han.
const RUNS = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}\p{M}])+)/gu
const DIGITS_ONLY = /^\p{Nd}+$/u
const LETTER_OR_DIGIT_PARTS = /\p{L}+|\p{N}+/gu
// A phone number inside any text: + and digits with spaces, dashes, dots, brackets between them.
const PHONE_IN_TEXT = /\+?\(?\d[\d\s\-().]{5,24}\d/g
const PHONE_QUERY = /^\+?[\d\s\-().]+$/
const LATIN_LETTERS = /^[a-z]+$/

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s
}

/** Display text: bounded, no control characters (PostgreSQL text cannot hold NUL), no lone surrogates. */
export function cleanDisplay(value: unknown, max: number = SEARCH_LIMITS.displayChars): string {
  const s = valueToString(value)
  if (!s) return ''
  return clip(s, max * 2)
    .normalize('NFC')
    .replace(LONE_SURROGATE, '')
    .replace(FORMAT_CHARS, '')
    .replace(CONTROL_CHARS, ' ')
    .replace(SPACES, ' ')
    .trim()
    .slice(0, max)
    .replace(LONE_SURROGATE, '')
}

function valueToString(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  return ''
}

/** NFKC (full-width → half-width), clean, single spaces; case and script kept. */
function cleanText(value: unknown, max: number): string {
  const s = valueToString(value)
  if (!s) return ''
  return clip(clip(s, max).normalize('NFKC'), max)
    .replace(LONE_SURROGATE, '')
    .replace(FORMAT_CHARS, '')
    .replace(CONTROL_CHARS, ' ')
    .replace(SPACES, ' ')
    .trim()
}

/** The one normalisation both sides use: clean, traditional → simplified, lower case. */
export function normalizeText(value: unknown, max: number = SEARCH_LIMITS.valueChars): string {
  const s = cleanText(value, max)
  if (!s) return ''
  return (HAN.test(s) ? toSimplified(s) : s).toLowerCase()
}

function foldAccents(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '')
}

// ---------------------------------------------------------------------------------------------------
// Pinyin

/** Toneless syllables, one per Han character ('' where pinyin-pro has none). */
function syllablesOf(run: string, chars: readonly string[], surname: boolean): string[] {
  const out = pinyin(run, { toneType: 'none', type: 'array', v: true, surname: surname ? 'head' : 'off' })
  const list =
    out.length === chars.length
      ? out
      : chars.map((c) => pinyin(c, { toneType: 'none', type: 'array', v: true })[0] ?? '')
  return list.map((p) => (LATIN_LETTERS.test(p) ? p : ''))
}

function initialsOf(syllables: readonly string[]): string {
  return syllables.map((s) => s[0] ?? '').join('')
}

/** Splits a latin word into pinyin syllables (`weiming` → wei, ming), or null if it is not pinyin. */
export function splitPinyin(word: string): string[] | null {
  if (!LATIN_LETTERS.test(word) || word.length > 48) return null
  const n = word.length
  // best[i] = fewest syllables covering word[i..]; longest syllable first on ties (xian, not xi'an).
  const next: number[] = new Array(n + 1).fill(-1)
  const count: number[] = new Array(n + 1).fill(Number.POSITIVE_INFINITY)
  count[n] = 0
  for (let i = n - 1; i >= 0; i--) {
    for (let len = Math.min(6, n - i); len >= 1; len--) {
      if (!PINYIN_SYLLABLES.has(word.slice(i, i + len))) continue
      const c = (count[i + len] ?? Number.POSITIVE_INFINITY) + 1
      if (c < (count[i] ?? Number.POSITIVE_INFINITY)) {
        count[i] = c
        next[i] = i + len
      }
    }
  }
  if (!Number.isFinite(count[0])) return null
  const parts: string[] = []
  for (let i = 0; i < n; i = next[i] ?? n) parts.push(word.slice(i, next[i]))
  return parts
}

// ---------------------------------------------------------------------------------------------------
// Document side

class LexemeSet {
  readonly weights = new Map<string, string>()

  add(raw: string, weight: LexemeWeight): void {
    const lexeme = clipLexeme(raw)
    if (!lexeme) return
    const had = this.weights.get(lexeme)
    if (had === undefined) {
      if (this.weights.size < SEARCH_LIMITS.lexemes) this.weights.set(lexeme, weight)
    } else if (!had.includes(weight)) {
      this.weights.set(lexeme, had + weight)
    }
  }

  /** `'lexeme':1A,2C …` — one position per weight, so ts_rank and weight filters see every class. */
  toTsvector(): string {
    const parts: string[] = []
    let position = 1
    for (const [lexeme, weights] of this.weights) {
      const positions = [...weights].sort().map((w) => `${position++}${w}`)
      parts.push(`${quoteLexeme(lexeme)}:${positions.join(',')}`)
    }
    return parts.join(' ')
  }
}

/** Long words are kept as their first 64 characters (the query side clips the same way and matches by prefix). */
function clipLexeme(word: string): string {
  if (word.length <= SEARCH_LIMITS.lexemeChars) return word
  return Array.from(word)
    .slice(0, SEARCH_LIMITS.lexemeChars)
    .join('')
    .slice(0, SEARCH_LIMITS.lexemeChars)
    .replace(LONE_SURROGATE, '')
}

/** A lexeme inside a tsvector/tsquery literal: quotes doubled, backslashes escaped. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

interface ValueRole {
  text: LexemeWeight
  pinyin: LexemeWeight
  person: boolean
}

/** Phone lexemes: all digits, national number without +86/0086, trunk 0 variants, last 8 and last 4. */
function phoneForms(raw: string): string[] {
  const digits = raw.replace(/\D/g, '')
  if (digits.length < 7 || digits.length > 16) return []
  const forms = new Set([digits])
  let national = digits
  if (digits.startsWith('0086')) national = digits.slice(4)
  else if (digits.startsWith('86') && (raw.trimStart().startsWith('+') || digits.length === 13)) {
    national = digits.slice(2)
  }
  forms.add(national)
  if (national.startsWith('0') && !national.startsWith('00')) forms.add(national.slice(1))
  else if (!national.startsWith('1') && national.length >= 9 && national.length <= 11)
    forms.add(`0${national}`)
  if (national.length > 8) forms.add(national.slice(-8))
  if (national.length > 4) forms.add(national.slice(-4))
  return [...forms]
}

interface AnalyzedValue {
  /** pinyin syllables and latin words of the value in order (for whole-value pinyin and initials) */
  units: string[]
  phoneDigits: string[]
}

function analyzeValue(value: string, role: ValueRole, out: LexemeSet): AnalyzedValue {
  const units: string[] = []
  const phoneDigits: string[] = []
  for (const m of value.matchAll(PHONE_IN_TEXT)) {
    const forms = phoneForms(m[0])
    for (const f of forms) out.add(f, role.text)
    if (forms[0]) phoneDigits.push(forms[0])
  }
  for (const m of value.matchAll(RUNS)) {
    if (m[1]) units.push(...analyzeHanRun(m[1], role, out))
    else if (m[2]) units.push(...analyzeWord(m[2], role, out))
  }
  return { units, phoneDigits }
}

function analyzeWord(word: string, role: ValueRole, out: LexemeSet): string[] {
  out.add(word, role.text)
  const folded = foldAccents(word)
  if (folded !== word) out.add(folded, role.text)
  if (!DIGITS_ONLY.test(word)) {
    const parts = folded.match(LETTER_OR_DIGIT_PARTS) ?? []
    if (parts.length > 1) for (const p of parts) out.add(p, role.text)
  }
  return [folded]
}

function analyzeHanRun(run: string, role: ValueRole, out: LexemeSet): string[] {
  const chars = Array.from(run)
  for (const c of chars) out.add(c, role.text)
  // Bigrams make any substring findable, whatever jieba decided for this text (王小明 is found by 小明).
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!, role.text)
  const words = chars.length > 1 ? jieba().cutForSearch(run, true) : []
  for (const w of words) out.add(w, role.text)

  const primary = syllablesOf(run, chars, role.person)
  const readings = [primary]
  if (role.person) {
    // A person's name also gets the everyday reading (单 → dan as well as shan): users type both.
    const plain = syllablesOf(run, chars, false)
    if (plain.join(' ') !== primary.join(' ')) readings.push(plain)
  }
  // Which stretches of the run get joined pinyin: every substring of a short run (a name: 伟明 of 张伟明 is
  // found by weiming), jieba's words of a longer one (有限公司 → ~youxiangongsi, ~gongsi).
  const offsets: { at: number; len: number }[] = []
  if (chars.length <= SEARCH_LIMITS.substringPinyinChars) {
    for (let at = 0; at < chars.length; at++)
      for (let len = 2; at + len <= chars.length; len++) offsets.push({ at, len })
  } else {
    for (const w of words) {
      const at = run.indexOf(w)
      if (at >= 0) offsets.push({ at: Array.from(run.slice(0, at)).length, len: Array.from(w).length })
    }
  }
  for (const syl of readings) {
    for (const s of syl) if (s) out.add(PINYIN_MARK + s, role.pinyin)
    for (const { at, len } of offsets) if (len >= 2) addPinyinPair(syl.slice(at, at + len), role.pinyin, out)
    if (chars.length >= 2 && chars.length <= SEARCH_LIMITS.runPinyinChars)
      addPinyinPair(syl, role.pinyin, out)
  }
  return primary.filter((s) => s)
}

function addPinyinPair(syllables: readonly string[], weight: LexemeWeight, out: LexemeSet): void {
  if (syllables.length === 0 || syllables.some((s) => !s)) return
  out.add(PINYIN_MARK + syllables.join(''), weight)
  out.add(PINYIN_MARK + initialsOf(syllables), weight)
}

/** The search document of one record. Pure: no I/O. */
export function buildSearchDoc(input: SearchDocInput): SearchDocFields {
  const title = cleanDisplay(input.title)
  const subtitle = cleanDisplay(input.subtitle) || null
  const persons = new Set((input.personNameTexts ?? []).map((v) => normalizeText(v)).filter((v) => v))
  const lexemes = new LexemeSet()
  const trgm: string[] = []
  let budget: number = SEARCH_LIMITS.docChars
  const seen = new Set<string>()

  const take = (raw: unknown, isTitle: boolean): AnalyzedValue | null => {
    if (budget <= 0) return null
    const value = normalizeText(raw, Math.min(SEARCH_LIMITS.valueChars, budget))
    if (!value) return null
    // A value repeated (the title is usually also a name field) is read once, with its first role.
    if (seen.has(value)) return null
    seen.add(value)
    budget -= value.length
    trgm.push(value)
    const role: ValueRole = {
      text: isTitle ? 'A' : 'B',
      pinyin: isTitle ? 'C' : 'D',
      person: persons.has(value),
    }
    const analyzed = analyzeValue(value, role, lexemes)
    trgm.push(...analyzed.phoneDigits)
    // Whole-value pinyin and initials (阿里巴巴(中国)有限公司 → alibabazhongguo…, albbzgyxgs).
    if (
      HAN_RUN.test(value) &&
      analyzed.units.length >= 2 &&
      analyzed.units.length <= SEARCH_LIMITS.runPinyinChars
    ) {
      lexemes.add(PINYIN_MARK + analyzed.units.join(''), role.pinyin)
      lexemes.add(PINYIN_MARK + initialsOf(analyzed.units), role.pinyin)
    }
    return analyzed
  }

  const titleUnits = take(title, true)?.units ?? []
  take(subtitle, false)
  for (const v of input.personNameTexts ?? []) take(v, false)
  for (const v of input.texts ?? []) take(v, false)

  // English titles get their initials too (John Smith → js), as a title-pinyin lexeme.
  const titleInitials = initialsOf(titleUnits)
  if (titleUnits.length >= 2 && !HAN.test(title)) lexemes.add(PINYIN_MARK + titleInitials, 'C')

  return {
    title,
    subtitle,
    tokens: lexemes.toTsvector(),
    pinyin: clip(titleUnits.join(''), 200),
    initials: clip(titleInitials, 100),
    trgm: clip(trgm.join(' '), SEARCH_LIMITS.trgmChars),
  }
}

// ---------------------------------------------------------------------------------------------------
// Query side

interface TermExpr {
  /** characters, bigrams, latin words, digits */
  text: string
  /** the same lexemes, only where they occur in the title (weight A) */
  title: string
  /** pinyin and initials alternatives (lexemes with PINYIN_MARK) */
  pinyin: string[]
  /** this term's latin letters, when it is one plain latin word */
  latin: string | null
}

const or = (parts: readonly string[]): string => (parts.length === 1 ? parts[0]! : `(${parts.join(' | ')})`)
const and = (parts: readonly string[]): string => (parts.length === 1 ? parts[0]! : `(${parts.join(' & ')})`)
const lex = (l: string, prefix: boolean, weights = ''): string =>
  `${quoteLexeme(l)}${prefix || weights ? ':' : ''}${prefix ? '*' : ''}${weights}`
const pinyinLex = (p: string, prefix = true): string => lex(clipLexeme(PINYIN_MARK + p), prefix)
const termAny = (t: TermExpr): string => or([t.text, ...t.pinyin])

/** The everyday and the surname reading of a Han word (they differ for 单, 曾, 解 …). */
function hanReadings(word: string, chars: readonly string[]): string[] {
  const readings = new Set<string>()
  for (const surname of [false, true]) {
    const syl = syllablesOf(word, chars, surname)
    if (syl.every((s) => s)) readings.add(syl.join(''))
  }
  return [...readings]
}

/** A Han word matches by its bigrams (a single character by itself) or, as a homophone, by its pinyin. */
function hanTerm(word: string): TermExpr {
  const chars = Array.from(word)
  const grams = chars.length === 1 ? chars : [...new Set(chars.slice(1).map((c, i) => chars[i]! + c))]
  return {
    text: and(grams.map((g) => lex(g, false))),
    title: and(grams.map((g) => lex(g, false, 'A'))),
    pinyin: chars.length >= 2 ? hanReadings(word, chars).map((p) => pinyinLex(p)) : [],
    latin: null,
  }
}

function hanRunTerm(run: string): TermExpr {
  const chars = Array.from(run)
  const words = chars.length > 1 ? jieba().cut(run, true) : [run]
  if (words.length < 2) return hanTerm(run)
  const terms = words.map(hanTerm)
  // A homophone typo can span jieba's words (阿里八八 → 阿里 | 八八): the whole run's pinyin is one more way in.
  const pinyin = hanReadings(run, chars).map((p) => pinyinLex(p))
  if (terms.some((t) => t.pinyin.length > 0)) pinyin.unshift(and(terms.map(termAny)))
  return {
    text: and(terms.map((t) => t.text)),
    title: and(terms.map((t) => t.title)),
    pinyin,
    latin: null,
  }
}

function wordTerm(raw: string): TermExpr | null {
  const word = clipLexeme(raw)
  const folded = clipLexeme(foldAccents(raw))
  const forms = [...new Set([word, folded])].filter((f) => f)
  if (forms.length === 0) return null
  // One letter matches whole words only: a prefix of one letter would touch most of the index.
  const prefix = Array.from(folded || word).length >= 2 || word !== raw
  const latin = LATIN_LETTERS.test(folded) ? folded : null
  const pinyin: string[] = []
  // Typed pinyin matches a joined pinyin lexeme by prefix (weiming → ~weiming of 张伟明). Matching it as
  // separate syllables (~wei & ~ming:*) would read the posting lists of every wei… and ming… lexeme.
  if (latin) pinyin.push(pinyinLex(latin, prefix))
  return {
    text: or(forms.map((f) => lex(f, prefix))),
    title: or(forms.map((f) => lex(f, prefix, 'A'))),
    pinyin,
    latin,
  }
}

function phoneTerm(query: string): TermExpr | null {
  // Same bounds as the document side: 7–16 digits, else the digit groups are searched as words.
  const all = phoneForms(query).filter((f) => f.length >= 7)
  if (all.length === 0) return null
  return {
    text: or(all.map((f) => lex(f, true))),
    title: or(all.map((f) => lex(f, true, 'A'))),
    pinyin: [],
    latin: null,
  }
}

// Mix-ups pinyin keyboards forgive (模糊音): flat/retroflex initials, n/l, r/l, f/h, front/back nasals.
const INITIAL_MIXUPS: readonly [string, string][] = [
  ['zh', 'z'],
  ['ch', 'c'],
  ['sh', 's'],
  ['n', 'l'],
  ['r', 'l'],
  ['f', 'h'],
]
const FINAL_MIXUPS: readonly [string, string][] = [
  ['ang', 'an'],
  ['eng', 'en'],
  ['ing', 'in'],
]

function syllableMixups(s: string): string[] {
  const out: string[] = []
  for (const [a, b] of INITIAL_MIXUPS) {
    if (s.startsWith(a)) out.push(b + s.slice(a.length))
    else if (s.startsWith(b)) out.push(a + s.slice(b.length))
  }
  for (const [a, b] of FINAL_MIXUPS) {
    if (s.endsWith(a)) out.push(s.slice(0, -a.length) + b)
    else if (s.endsWith(b)) out.push(s.slice(0, -b.length) + a)
  }
  return out.filter((v) => PINYIN_SYLLABLES.has(v))
}

let syllablePrefixes: Set<string> | undefined
/** Splits into whole syllables, the last of which may still be being typed (`zhangwe`). */
function isPinyinWhileTyping(word: string): boolean {
  if (!syllablePrefixes) {
    syllablePrefixes = new Set()
    for (const s of PINYIN_SYLLABLES) for (let i = 1; i <= s.length; i++) syllablePrefixes.add(s.slice(0, i))
  }
  const prefixes = syllablePrefixes
  const n = word.length
  const ok: boolean[] = new Array(n + 1).fill(false)
  ok[n] = true
  for (let i = n - 1; i >= 0; i--) {
    for (let len = 1; len <= 6 && i + len <= n && !ok[i]; len++) {
      const piece = word.slice(i, i + len)
      if (!prefixes.has(piece)) break // no longer piece can be a syllable either
      if ((ok[i + len] && PINYIN_SYLLABLES.has(piece)) || i + len === n) ok[i] = true
    }
  }
  return ok[0] === true
}

/**
 * Corrections of a typed pinyin key that are themselves pinyin, most plausible first: keyboard mix-ups
 * (zangwei → zhangwei), swapped letters (zhangwie → zhangwei), then one letter dropped, added or replaced.
 * Looked up as pinyin lexemes in the GIN index: cheaper and more precise than trigram similarity on short
 * pinyin, where every zhang* name shares most trigrams with zhangwie.
 */
export function pinyinVariants(key: string, max = 40): string[] {
  if (!LATIN_LETTERS.test(key) || key.length < 3 || key.length > 40) return []
  const out = new Set<string>()
  const consider = (v: string) => {
    if (out.size < max && v !== key && v.length >= 2 && isPinyinWhileTyping(v)) out.add(v)
  }
  const syllables = splitPinyin(key)
  if (syllables) {
    syllables.forEach((s, i) => {
      for (const alt of syllableMixups(s))
        consider([...syllables.slice(0, i), alt, ...syllables.slice(i + 1)].join(''))
    })
  }
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  for (let i = 0; i + 1 < key.length; i++) consider(key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2))
  for (let i = 0; i < key.length; i++) consider(key.slice(0, i) + key.slice(i + 1))
  for (let i = 0; i <= key.length; i++) for (const c of letters) consider(key.slice(0, i) + c + key.slice(i))
  for (let i = 0; i < key.length; i++)
    for (const c of letters) consider(key.slice(0, i) + c + key.slice(i + 1))
  return [...out]
}

/**
 * What the SQL needs for a user's query, or null when nothing searchable is left.
 * Han runs are cut with `jieba.cut` and matched by character bigrams (exact) or by their pinyin (homophone
 * typos); latin words match as prefixes of words, pinyin syllables and initials; phone numbers by digits.
 */
export function buildQuery(input: unknown): SearchQuery | null {
  const cleaned = cleanText(input, SEARCH_LIMITS.queryChars)
  const text = normalizeText(cleaned, SEARCH_LIMITS.queryChars)
  if (!text) return null

  const phone = PHONE_QUERY.test(text) ? phoneTerm(text) : null
  const terms: TermExpr[] = []
  if (phone) terms.push(phone)
  else {
    for (const m of text.matchAll(RUNS)) {
      if (terms.length >= SEARCH_LIMITS.queryTerms) break
      const t = m[1] ? hanRunTerm(m[1]) : m[2] ? wordTerm(m[2]) : null
      if (t) terms.push(t)
    }
  }
  if (terms.length === 0) return null

  const latinWords = terms.map((t) => t.latin)
  const allLatin = latinWords.every((w): w is string => w !== null)
  // Several latin words are either words (john smith) or one name in pinyin (zhang wei → ~zhangwei); the
  // words' separate pinyin alternatives would only add posting lists to read.
  const tsAny =
    allLatin && terms.length >= 2
      ? or([and(terms.map((t) => t.text)), pinyinLex(latinWords.join(''))])
      : and(terms.map(termAny))

  const hanOnly = !allLatin && !phone && /^[\p{Script=Han}\s]+$/u.test(text)
  const hanChars = hanOnly ? Array.from(text.replace(/\s/g, '')) : []
  let pinyinKey: string | null = null
  if (allLatin) pinyinKey = latinWords.join('')
  else if (hanOnly) {
    const syl = syllablesOf(hanChars.join(''), hanChars, false)
    if (syl.every((s) => s)) pinyinKey = syl.join('')
  }
  const compactLength = Array.from(text.replace(/\s/g, '')).length
  const shortHan = hanOnly && hanChars.length <= 2
  const fuzzyAllowed = !shortHan && compactLength >= 3
  const variants = fuzzyAllowed && allLatin && pinyinKey ? pinyinVariants(pinyinKey) : []
  return {
    text,
    titleKeys: [...new Set([cleaned, HAN.test(cleaned) ? toSimplified(cleaned) : cleaned])],
    tsAny,
    tsText: and(terms.map((t) => t.text)),
    tsTitle: and(terms.map((t) => t.title)),
    pinyinKey,
    initialsKey: allLatin ? pinyinKey : null,
    fuzzy: fuzzyAllowed ? text : null,
    // Similar-looking digits are not a typo worth showing: phone numbers and codes are matched as substrings only.
    fuzzyWords: fuzzyAllowed && /[\p{L}]/u.test(text),
    fuzzyKey: fuzzyAllowed && pinyinKey && pinyinKey.length >= 3 ? pinyinKey : null,
    fuzzyTs: variants.length > 0 ? or(variants.map((v) => pinyinLex(v))) : null,
  }
}
