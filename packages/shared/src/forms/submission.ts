import { z } from 'zod'
import { HONEYPOT_FIELD, type PublicFormField } from '../api/forms.api.ts'
import { addressValueSchema } from '../fields.ts'

/**
 * The checks of a form submission, shared by the public form page (before sending) and the server (before
 * the records service, which checks again with the field's full rules: phone numbers, patterns, uniqueness).
 * Each field's rule is a zod schema whose issues carry a field error code (`field.<code>` in
 * i18n/messages.ts) and its params, so both sides show the same message in the same words.
 */

export interface SubmissionIssue {
  path: string
  code: string
  params?: Record<string, unknown>
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/
const PHONE = /^\+?[\d\s().-]{3,40}$/
const AMOUNT = /^-?\d{1,16}(\.\d{1,2})?$/
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g
/** What the records service takes for a text field without its own maximum. */
export const FORM_MAX_TEXT = 10_000
export const FORM_MAX_LONG_TEXT = 100_000

type Check = { ok: true; value: unknown } | { ok: false; code: string; params?: Record<string, unknown> }
const ok = (value: unknown): Check => ({ ok: true, value })
const bad = (code: string, params?: Record<string, unknown>): Check =>
  params ? { ok: false, code, params } : { ok: false, code }

function validDate(s: string): boolean {
  const m = DATE.exec(s)
  if (!m) return false
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!))
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!
}

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0)

function asNumber(v: unknown): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v
  return typeof n === 'number' && Number.isFinite(n) ? n : null
}

function range(f: PublicFormField, n: number): Check | null {
  if (f.min !== null && n < f.min) return bad('too_small', { min: f.min })
  if (f.max !== null && n > f.max) return bad('too_big', { max: f.max })
  return null
}

/** One present (non-empty) value: its clean form, or the issue. */
function checkValue(f: PublicFormField, v: unknown): Check {
  switch (f.type) {
    case 'text':
    case 'long_text': {
      if (typeof v !== 'string') return bad('invalid_type', { expected: 'string' })
      const s = f.type === 'text' ? v.replace(CONTROL, '').trim() : v.replace(CONTROL, '')
      const max = f.maxLength ?? (f.type === 'text' ? FORM_MAX_TEXT : FORM_MAX_LONG_TEXT)
      return s.length > max ? bad('too_long', { max }) : ok(s)
    }
    case 'email': {
      if (typeof v !== 'string') return bad('invalid_type', { expected: 'string' })
      const s = v.trim().toLowerCase()
      return s.length > 254 || !EMAIL.test(s) ? bad('invalid_email') : ok(s)
    }
    case 'phone': {
      if (typeof v !== 'string') return bad('invalid_type', { expected: 'string' })
      const s = v.trim()
      return PHONE.test(s) && /\d{3}/.test(s.replace(/\D/g, '')) ? ok(s) : bad('invalid_phone')
    }
    case 'url': {
      if (typeof v !== 'string') return bad('invalid_type', { expected: 'string' })
      const s = v.trim()
      if (s.length > 2048) return bad('too_long', { max: 2048 })
      const full = /^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`
      try {
        const u = new URL(full)
        if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname.includes('.'))
          return bad('invalid_url')
        return ok(s)
      } catch {
        return bad('invalid_url')
      }
    }
    case 'number':
    case 'percent': {
      const n = asNumber(v)
      if (n === null) return bad('invalid_type', { expected: 'number' })
      if (Math.abs(n) > 1e15) return bad('too_big', { max: 1e15 })
      return range(f, n) ?? ok(n)
    }
    case 'currency': {
      const raw = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : null
      if (raw === null || !AMOUNT.test(raw)) return bad('invalid_currency')
      return range(f, Number(raw)) ?? ok(raw)
    }
    case 'rating': {
      const n = asNumber(v)
      const scale = f.scale ?? 5
      if (n === null) return bad('invalid_type', { expected: 'number' })
      if (!Number.isInteger(n) || n < 1 || n > scale) return bad('too_big', { max: scale })
      return ok(n)
    }
    case 'date': {
      if (typeof v !== 'string') return bad('invalid_type', { expected: 'date' })
      const s = v.trim()
      return validDate(s) ? ok(s) : bad('invalid_date')
    }
    case 'datetime': {
      if (typeof v !== 'string' || v.length > 40 || !DATETIME.test(v.trim())) return bad('invalid_date')
      return Number.isNaN(new Date(v.trim()).getTime()) ? bad('invalid_date') : ok(v.trim())
    }
    case 'boolean': {
      if (typeof v === 'boolean') return ok(v)
      if (v === 'true' || v === 'on' || v === '1') return ok(true)
      if (v === 'false' || v === '0') return ok(false)
      return bad('invalid_type', { expected: 'boolean' })
    }
    case 'select': {
      if (typeof v !== 'string') return bad('invalid_type', { expected: 'string' })
      const s = v.trim()
      return f.choices.some((c) => c.value === s) ? ok(s) : bad('invalid_option', { value: s.slice(0, 50) })
    }
    case 'multi_select': {
      const list = typeof v === 'string' ? [v] : v
      if (!Array.isArray(list) || !list.every((x) => typeof x === 'string'))
        return bad('invalid_type', { expected: 'string[]' })
      if (list.length > 100) return bad('too_large')
      const out: string[] = []
      for (const x of list as string[]) {
        const s = x.trim()
        if (s === '' || out.includes(s)) continue
        if (!f.choices.some((c) => c.value === s)) return bad('invalid_option', { value: s.slice(0, 50) })
        out.push(s)
      }
      return ok(out)
    }
    case 'address': {
      const a = typeof v === 'string' ? { text: v.trim() } : v
      const p = addressValueSchema.safeParse(a)
      if (!p.success) return bad('invalid_value')
      for (const k of ['province', 'city', 'district'] as const)
        if (p.data[k] && !/^\d{2,12}$/.test(p.data[k]!)) return bad('invalid_format')
      return ok(p.data)
    }
  }
}

/** Is the value empty for this field (a required boolean is a box to tick: unticked is empty)? */
function missing(f: PublicFormField, v: unknown): boolean {
  if (isEmpty(v)) return true
  if (f.type === 'address' && typeof v === 'object' && v !== null)
    return Object.values(v).every((x) => isEmpty(x))
  return false
}

/** The zod rule of one field: a clean value (undefined when left empty), or an issue with its code. */
export function formFieldRule(f: PublicFormField) {
  return z.unknown().transform((v, ctx) => {
    let value: unknown
    if (!missing(f, v)) {
      const r = checkValue(f, v)
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.code, params: r.params ?? {} })
        return z.NEVER
      }
      value = r.value
    }
    const none = value === undefined || (Array.isArray(value) && value.length === 0)
    // a required box (consent) must be ticked
    if (f.required && (none || value === false)) {
      ctx.addIssue({ code: 'custom', message: 'required', params: {} })
      return z.NEVER
    }
    return none ? undefined : value
  })
}

/**
 * The rule of a whole submission: the form's fields, nothing else (`_`-prefixed keys such as the honeypot
 * and `_locale` are the form's own and left out of the values).
 */
export function submissionSchema(fields: readonly PublicFormField[]) {
  const shape: Record<string, ReturnType<typeof formFieldRule>> = {}
  for (const f of fields) shape[f.name] = formFieldRule(f)
  return z.record(z.string(), z.unknown()).transform((input, ctx) => {
    const values: Record<string, unknown> = {}
    for (const key of Object.keys(input)) {
      if (key.startsWith('_') || key in shape) continue
      ctx.addIssue({ code: 'custom', message: 'unknown_field', params: {}, path: [key] })
    }
    for (const [name, rule] of Object.entries(shape)) {
      const r = rule.safeParse(input[name])
      if (r.success) {
        if (r.data !== undefined) values[name] = r.data
        continue
      }
      for (const i of r.error.issues)
        ctx.addIssue({
          code: 'custom',
          message: i.message,
          params: (i as { params?: Record<string, unknown> }).params ?? {},
          path: [name],
        })
    }
    return values
  })
}

/** Checks a submission: its clean values, or every issue with the field's name as its path. */
export function checkSubmission(
  fields: readonly PublicFormField[],
  input: unknown,
): { ok: true; values: Record<string, unknown> } | { ok: false; issues: SubmissionIssue[] } {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    return { ok: false, issues: [{ path: 'body', code: 'invalid_type', params: { expected: 'object' } }] }
  const r = submissionSchema(fields).safeParse(input)
  if (r.success) return { ok: true, values: r.data }
  return {
    ok: false,
    issues: r.error.issues.map((i) => {
      const params = (i as { params?: Record<string, unknown> }).params
      const issue: SubmissionIssue = { path: i.path.map(String).join('.') || 'body', code: i.message }
      if (params && Object.keys(params).length > 0) issue.params = params
      return issue
    }),
  }
}

/** Was the honeypot filled? */
export function isSpam(input: Record<string, unknown>): boolean {
  const v = input[HONEYPOT_FIELD]
  return typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null && v !== false
}

/**
 * An urlencoded or multipart body (a plain HTML form post) as a submission: a key given twice is a list
 * (checkboxes of a multi-select; a multi-select given once is taken as a list of one by its rule).
 */
export function fromFormData(entries: Iterable<[string, string]>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of entries) {
    const prev = out[k]
    if (prev === undefined) out[k] = v
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return out
}
