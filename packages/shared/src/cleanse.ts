import { parseAddressText } from './divisions.ts'
import type { FieldDef } from './fields.ts'

/**
 * Data cleansing rules: pure functions from a stored value to a suggested one. Phones (E.164) and
 * emails (lower case) are already normalised by every write, so these rules cover what a write keeps
 * as typed: full-width letters and digits, stray whitespace, spaces inside Chinese names, address text
 * without division codes, and tag lists with variants of one tag.
 */

export const CLEANSE_RULES = ['fullwidth', 'whitespace', 'cjk_name_spaces', 'address_codes', 'tags'] as const
export type CleanseRule = (typeof CLEANSE_RULES)[number]

export interface CleanseFix {
  field: string
  rules: CleanseRule[]
  old: unknown
  new: unknown
}

/**
 * Full-width forms → ASCII for letters, digits, the ideographic space and the symbols of addresses,
 * emails and codes. Chinese punctuation (，。（）：；！？、) is left as written: it belongs in Chinese text.
 */
const KEEP_FULLWIDTH = new Set('，。（）：；！？、〔〕【】《》「」『』“”‘’'.split(''))

export function toHalfWidth(s: string): string {
  let out = ''
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (c === 0x3000) out += ' '
    else if (c >= 0xff01 && c <= 0xff5e && !KEEP_FULLWIDTH.has(ch)) out += String.fromCodePoint(c - 0xfee0)
    else out += ch
  }
  return out
}

/** Runs of any whitespace (tabs, no-break and ideographic spaces, newlines in one-line text) → one space, trimmed. */
export function collapseWhitespace(s: string, keepNewlines = false): string {
  if (keepNewlines)
    return s
      .split('\n')
      .map((l) => l.replace(/[^\S\n]+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  return s.replace(/\s+/g, ' ').trim()
}

const CJK = '\\p{Script=Han}'
const CJK_SPACE = new RegExp(`(?<=${CJK})\\s+(?=${CJK})`, 'gu')

/** "张 伟" → "张伟"; "Zhang Wei" and "Anna Müller" keep their spaces. */
export function removeCjkSpaces(s: string): string {
  return s.replace(CJK_SPACE, '')
}

interface TextResult {
  value: string
  rules: CleanseRule[]
}

function cleanText(value: string, opts: { multiline: boolean; name: boolean }): TextResult {
  const rules: CleanseRule[] = []
  let v = value
  const half = toHalfWidth(v)
  if (half !== v) rules.push('fullwidth')
  v = half
  const ws = collapseWhitespace(v, opts.multiline)
  if (ws !== v) rules.push('whitespace')
  v = ws
  if (opts.name) {
    const joined = removeCjkSpaces(v)
    if (joined !== v) rules.push('cjk_name_spaces')
    v = joined
  }
  return { value: v, rules }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** The fix for one field's value, or null when it is clean (or of a type these rules leave alone). */
export function cleanseValue(
  field: Pick<FieldDef, 'name' | 'type' | 'options'>,
  value: unknown,
): CleanseFix | null {
  if (value === null || value === undefined) return null
  const name = field.options?.personName === true
  switch (field.type) {
    case 'text':
    case 'long_text': {
      if (typeof value !== 'string') return null
      if (field.options?.format) return null // checked formats are canonicalised by the write itself
      const r = cleanText(value, { multiline: field.type === 'long_text', name })
      return r.rules.length && r.value !== value
        ? { field: field.name, rules: r.rules, old: value, new: r.value }
        : null
    }
    case 'address': {
      if (!isRecord(value)) return null
      const next: Record<string, unknown> = { ...value }
      const rules = new Set<CleanseRule>()
      if (typeof value.text === 'string') {
        const r = cleanText(value.text, { multiline: false, name: false })
        for (const x of r.rules) rules.add(x)
        next.text = r.value
        const chinese = !value.country || value.country === 'CN'
        if (chinese && !value.province && r.value) {
          const p = parseAddressText(r.value)
          if (p.province) {
            next.province = p.province
            if (p.city) next.city = p.city
            if (p.district) next.district = p.district
            if (!value.country) next.country = 'CN'
            rules.add('address_codes')
          }
        }
      }
      return rules.size && !sameJson(next, value)
        ? { field: field.name, rules: [...rules], old: value, new: next }
        : null
    }
    case 'tags': {
      if (!Array.isArray(value)) return null
      const seen = new Set<string>()
      const out: string[] = []
      const rules = new Set<CleanseRule>()
      for (const t of value) {
        if (typeof t !== 'string') continue
        const r = cleanText(t, { multiline: false, name: false })
        const key = r.value.toLowerCase()
        if (!r.value || seen.has(key)) {
          rules.add('tags')
          continue
        }
        if (r.rules.length) rules.add('tags')
        seen.add(key)
        out.push(r.value)
      }
      return rules.size && !sameJson(out, value)
        ? { field: field.name, rules: [...rules], old: value, new: out }
        : null
    }
    default:
      return null
  }
}

/** Every fix for one record, in field order, limited to the given rules (all when omitted). */
export function cleanseRecord(
  fields: readonly Pick<FieldDef, 'name' | 'type' | 'options'>[],
  record: Record<string, unknown>,
  only?: ReadonlySet<CleanseRule>,
): CleanseFix[] {
  const out: CleanseFix[] = []
  for (const f of fields) {
    if (!(f.name in record)) continue
    const fix = cleanseValue(f, record[f.name])
    if (fix && (!only || fix.rules.some((r) => only.has(r)))) out.push(fix)
  }
  return out
}
