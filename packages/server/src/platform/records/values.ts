import {
  addressValueSchema,
  currencyValueSchema,
  type FieldDef,
  fileRefSchema,
  type TextFormat,
} from '@kemai/shared/fields'
import type { CountryCode } from 'libphonenumber-js'
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { isUuid } from '../db/tx.ts'
import { creditCodeProblem, normaliseCreditCode } from '../dedup/credit-code.ts'
import type { FieldIssue } from '../errors.ts'
import { CURRENCY_SUFFIX } from '../metadata/ddl.ts'

export const MAX_TEXT = 10_000
export const MAX_LONG_TEXT = 1_000_000
const MAX_ARRAY = 500
const MAX_JSON_BYTES = 256 * 1024

type Result = { ok: true; value: unknown } | { ok: false; issue: FieldIssue }
const ok = (value: unknown): Result => ({ ok: true, value })
const bad = (path: string, code: string, params?: Record<string, unknown>): Result => ({
  ok: false,
  issue: { path, code, ...(params ? { params } : {}) },
})

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function cleanText(v: string): string {
  return v.replace(CONTROL, '').trim()
}

function validDate(s: string): boolean {
  const m = DATE.exec(s)
  if (!m) return false
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!))
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!
}

/**
 * Normalises and validates one input value for a field. Returns the value in API shape
 * (what the record will read back), or the issue with the field's path.
 * `null` clears a field; required-ness is checked by the caller on the whole record.
 */
export function normaliseValue(field: FieldDef, raw: unknown, defaultCurrency = 'CNY'): Result {
  const path = field.name
  const o = field.options
  if (raw === null || raw === undefined) return ok(null)
  switch (field.type) {
    case 'text':
    case 'long_text':
    case 'select': {
      if (typeof raw !== 'string') return bad(path, 'invalid_type', { expected: 'string' })
      const v = field.type === 'long_text' ? raw.replace(CONTROL, '') : cleanText(raw)
      if (v === '') return ok(null)
      if (field.type === 'text' && o.format) return checkedFormat(path, o.format, v)
      const max = o.maxLength ?? (field.type === 'long_text' ? MAX_LONG_TEXT : MAX_TEXT)
      if (v.length > max) return bad(path, 'too_long', { max })
      if (field.type === 'select') {
        if (!(o.choices ?? []).some((c) => c.value === v))
          return bad(path, 'invalid_option', { value: v.slice(0, 50) })
        return ok(v)
      }
      if (o.regex && !safeRegexTest(o.regex, v)) return bad(path, 'pattern_mismatch')
      return ok(v)
    }
    case 'email': {
      if (typeof raw !== 'string') return bad(path, 'invalid_type', { expected: 'string' })
      const v = cleanText(raw).toLowerCase()
      if (v === '') return ok(null)
      if (v.length > 254 || !EMAIL.test(v)) return bad(path, 'invalid_email')
      return ok(v)
    }
    case 'phone': {
      if (typeof raw !== 'string') return bad(path, 'invalid_type', { expected: 'string' })
      const v = cleanText(raw)
      if (v === '') return ok(null)
      if (v.length > 40) return bad(path, 'invalid_phone')
      const p = parsePhoneNumberFromString(v, (o.region ?? 'CN') as CountryCode)
      if (!p?.isValid()) return bad(path, 'invalid_phone')
      return ok(p.number)
    }
    case 'url': {
      if (typeof raw !== 'string') return bad(path, 'invalid_type', { expected: 'string' })
      let v = cleanText(raw)
      if (v === '') return ok(null)
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) v = `https://${v}`
      try {
        const u = new URL(v)
        if (u.protocol !== 'http:' && u.protocol !== 'https:') return bad(path, 'invalid_url')
        if (v.length > 2048) return bad(path, 'too_long', { max: 2048 })
        return ok(u.toString())
      } catch {
        return bad(path, 'invalid_url')
      }
    }
    case 'number':
    case 'percent':
    case 'rating': {
      const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw
      if (typeof n !== 'number' || !Number.isFinite(n))
        return bad(path, 'invalid_type', { expected: 'number' })
      if (field.type === 'rating') {
        const scale = o.scale ?? 5
        if (!Number.isInteger(n) || n < 0 || n > scale) return bad(path, 'too_big', { max: scale })
      }
      if (o.min !== undefined && n < o.min) return bad(path, 'too_small', { min: o.min })
      if (o.max !== undefined && n > o.max) return bad(path, 'too_big', { max: o.max })
      if (Math.abs(n) > 1e15) return bad(path, 'too_big', { max: 1e15 })
      return ok(n)
    }
    case 'currency': {
      const input =
        typeof raw === 'number' || typeof raw === 'string'
          ? { amount: raw, currency: o.currency ?? defaultCurrency }
          : raw
      const p = currencyValueSchema.safeParse(input)
      if (!p.success) return bad(path, 'invalid_currency')
      const amount = typeof p.data.amount === 'number' ? p.data.amount.toFixed(2) : p.data.amount
      const n = Number(amount)
      if (!Number.isFinite(n) || Math.abs(n) >= 1e16) return bad(path, 'invalid_currency')
      if (o.min !== undefined && n < o.min) return bad(path, 'too_small', { min: o.min })
      if (o.max !== undefined && n > o.max) return bad(path, 'too_big', { max: o.max })
      return ok({ amount: n.toFixed(2), currency: p.data.currency })
    }
    case 'date': {
      if (typeof raw !== 'string') return bad(path, 'invalid_type', { expected: 'date' })
      const v = raw.trim().slice(0, 10)
      if (!validDate(v) || raw.trim().length > 10) return bad(path, 'invalid_date')
      return ok(v)
    }
    case 'datetime': {
      if (typeof raw !== 'string' || raw.length > 40) return bad(path, 'invalid_date')
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/.test(raw.trim())) {
        return bad(path, 'invalid_date')
      }
      const d = new Date(raw)
      if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1 || d.getUTCFullYear() > 9999)
        return bad(path, 'invalid_date')
      return ok(d.toISOString())
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return ok(raw)
      if (raw === 'true' || raw === 'false') return ok(raw === 'true')
      return bad(path, 'invalid_type', { expected: 'boolean' })
    }
    case 'multi_select':
    case 'tags': {
      if (!Array.isArray(raw)) return bad(path, 'invalid_type', { expected: 'array' })
      if (raw.length > MAX_ARRAY) return bad(path, 'too_large')
      const out: string[] = []
      for (const item of raw) {
        if (typeof item !== 'string') return bad(path, 'invalid_type', { expected: 'string[]' })
        const v = cleanText(item)
        if (v === '' || out.includes(v)) continue
        if (v.length > 100) return bad(path, 'too_long', { max: 100 })
        if (field.type === 'multi_select' && !(o.choices ?? []).some((c) => c.value === v)) {
          return bad(path, 'invalid_option', { value: v.slice(0, 50) })
        }
        out.push(v)
      }
      return ok(out.length ? out : null)
    }
    case 'user':
    case 'relation': {
      if (!isUuid(raw)) return bad(path, 'invalid_type', { expected: 'uuid' })
      return ok(raw.toLowerCase())
    }
    case 'address': {
      const p = addressValueSchema.safeParse(raw)
      if (!p.success) return bad(path, 'invalid_value')
      const v = Object.fromEntries(
        Object.entries(p.data)
          .map(([k, x]) => [k, typeof x === 'string' ? cleanText(x) : x])
          .filter(([, x]) => x),
      )
      for (const k of ['province', 'city', 'district'] as const) {
        if (v[k] && !/^\d{2,12}$/.test(String(v[k]))) return bad(`${path}.${k}`, 'invalid_format')
      }
      return ok(Object.keys(v).length ? v : null)
    }
    case 'file': {
      const list = Array.isArray(raw) ? raw : [raw]
      if (list.length > 100) return bad(path, 'too_large')
      const out = []
      for (const item of list) {
        const p = fileRefSchema.safeParse(item)
        if (!p.success) return bad(path, 'invalid_value')
        out.push(p.data)
      }
      return ok(out.length ? out : null)
    }
    case 'json': {
      let s: string
      try {
        s = JSON.stringify(raw)
      } catch {
        return bad(path, 'invalid_value')
      }
      if (s.length > MAX_JSON_BYTES) return bad(path, 'too_large')
      if (depth(raw) > 20) return bad(path, 'too_deep')
      return ok(raw)
    }
    case 'many_to_many':
      return bad(path, 'read_only')
  }
}

/** A text field's checked format (`options.format`): the canonical value, or why it is not one. */
function checkedFormat(path: string, format: TextFormat, v: string): Result {
  switch (format) {
    case 'credit_code': {
      // spaces and dashes as people write it (9133 0100 …) are fine; a long string is not a code
      const problem = v.length > 64 ? 'length' : creditCodeProblem(v)
      return problem ? bad(path, 'invalid_credit_code', { reason: problem }) : ok(normaliseCreditCode(v))
    }
  }
}

function depth(v: unknown, d = 0): number {
  if (d > 21 || v === null || typeof v !== 'object') return d
  let max = d
  for (const x of Object.values(v as object)) max = Math.max(max, depth(x, d + 1))
  return max
}

const regexCache = new Map<string, RegExp>()
function safeRegexTest(pattern: string, value: string): boolean {
  let re = regexCache.get(pattern)
  if (!re) {
    try {
      re = new RegExp(pattern, 'u')
    } catch {
      return true
    }
    if (regexCache.size > 1000) regexCache.clear()
    regexCache.set(pattern, re)
  }
  // bound the input so a catastrophic pattern cannot stall the server for long
  return re.test(value.slice(0, 2000))
}

/** API value → the column values it is stored in. */
export function toColumns(field: FieldDef, value: unknown): Record<string, unknown> {
  switch (field.type) {
    case 'currency': {
      const v = value as { amount: string; currency: string } | null
      return { [field.name]: v?.amount ?? null, [field.name + CURRENCY_SUFFIX]: v?.currency ?? null }
    }
    case 'address':
    case 'json':
    case 'file':
      return { [field.name]: value === null ? null : JSON.stringify(value) }
    case 'many_to_many':
      return {}
    default:
      return { [field.name]: value }
  }
}

/** A row's columns → the field's API value. */
export function fromRow(field: FieldDef, row: Record<string, unknown>): unknown {
  const v = row[field.name]
  switch (field.type) {
    case 'currency':
      return v === null || v === undefined
        ? null
        : { amount: String(v), currency: row[field.name + CURRENCY_SUFFIX] }
    case 'datetime':
      return v instanceof Date ? v.toISOString() : (v ?? null)
    case 'number':
    case 'percent':
      return v === null || v === undefined ? null : Number(v)
    case 'many_to_many':
      return undefined
    default:
      return v ?? null
  }
}

/** Equality of two API values, for history (only changed fields are recorded). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || a === undefined || b === undefined) return false
  return JSON.stringify(a) === JSON.stringify(b)
}
