import { asText, cleanText, foldAccents, toHalfWidth, toSimplified } from './text.ts'

/**
 * Free text → comparable text and tokens: HTML character references decoded (`lud &#228; scher`),
 * full-width folded, traditional → simplified, lower-case, accents folded, white space collapsed.
 */
export function normaliseText(value: unknown): string | null {
  const raw = asText(value)
  if (raw === '') return null
  const s = foldAccents(toSimplified(cleanText(toHalfWidth(decodeEntities(raw))))).toLowerCase()
  return s === '' ? null : s
}

const ENTITY = /&(#\d{1,7}|#x[0-9a-f]{1,6}|amp|lt|gt|quot|apos|nbsp);/gi
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s
  return s.replace(ENTITY, (m, e: string) => {
    const lower = e.toLowerCase()
    if (lower[0] !== '#') return NAMED[lower] ?? m
    const code = lower[1] === 'x' ? Number.parseInt(lower.slice(2), 16) : Number.parseInt(lower.slice(1), 10)
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : m
  })
}

const WORD = /[\p{L}\p{N}]+/gu
const HAN_RUN = /^\p{Script=Han}+$/u

/**
 * Distinct tokens, sorted: words of letters and digits; a run of Han characters gives its character
 * bigrams (阿里巴巴 → 阿里 里巴 巴巴), or the character itself when alone, since Chinese has no spaces.
 */
export function textTokens(value: unknown): string[] | null {
  const s = normaliseText(value)
  if (s === null) return null
  const out = new Set<string>()
  for (const m of s.matchAll(WORD)) {
    const w = m[0]
    if (!HAN_RUN.test(w)) {
      // mixed runs (`iphone手机`) split into their Latin and Han parts
      for (const part of w.split(/(\p{Script=Han}+)/u)) {
        if (part === '') continue
        if (HAN_RUN.test(part)) addHan(part, out)
        else out.add(part)
      }
    } else addHan(w, out)
  }
  return out.size === 0 ? null : [...out].sort()
}

function addHan(run: string, out: Set<string>): void {
  const chars = [...run]
  if (chars.length === 1) out.add(run)
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!)
}

/**
 * Model and part numbers found in text: words that mix letters and digits, at least 4 characters
 * once `-`, `/` and `.` inside them are dropped (`kdl-40v3000` → `kdl40v3000`, `ps-lx350h` →
 * `pslx350h`). Sorted, distinct; null when there is none.
 */
export function codeTokens(value: unknown): string[] | null {
  const s = normaliseText(value)
  if (s === null) return null
  const out = new Set<string>()
  for (const raw of s.split(/[\s,;:()[\]{}"'!?|+*&]+/)) {
    const w = raw.replace(/[-/.\\_#]/g, '')
    if (w.length >= 4 && w.length <= 40 && /\d/.test(w) && /[a-z]/.test(w) && /^[a-z0-9]+$/.test(w))
      out.add(w)
  }
  return out.size === 0 ? null : [...out].sort()
}
