import type { MeResponse } from '@kemai/shared/api/access.api'
import type { AddressValue, FieldType } from '@kemai/shared/fields'
import { type Locale, translate } from '@kemai/shared/i18n/messages'
import dayjs, { type Dayjs } from 'dayjs'
import { cleanAddress, toAddress } from '../Address/address.ts'
import { type FieldMeta, optionsOf } from '../endpoints.ts'
import { canObject, fieldRule } from '../permissions.ts'
import { EDITABLE } from '../RecordForm/formValues.ts'
import { isoToWallTime, wallTimeToIso } from '../time-zone.ts'

/**
 * Record value (API shape, docs/api.md "Values") ⇄ what an antd input of RecordForm/FieldInput holds, a
 * client-side check that mirrors the server's per-type rules (platform/records/values.ts) with the server's
 * own message catalogue (`field.<code>` in shared/i18n/messages.ts, so the words are the API's), and who
 * may edit a field (the `me.grants` the server enforces).
 */

/** Types edited in place: every type the form has an input for (files, JSON and many-to-many have none yet). */
const INLINE_TYPES: ReadonlySet<FieldType> = EDITABLE

export type EditorValue =
  | string
  | number
  | boolean
  | string[]
  | Dayjs
  | { amount?: number | null; currency?: string }
  | AddressValue
  | null
  | undefined

export function isInlineType(type: FieldType): boolean {
  return INLINE_TYPES.has(type)
}

/**
 * May the signed-in user change this field? Admins may; others need the `update` right of the object's
 * grant (its own, else the `*` default) with a write scope, and no rule on the field; an API-key session
 * needs a `write` scope. The server checks again (403).
 */
export function canEditField(me: MeResponse, objectName: string, field: FieldMeta): boolean {
  if (!field.isActive || !isInlineType(field.type)) return false
  return canObject(me, objectName, 'update') && fieldRule(me, objectName, field.name) === undefined
}

/** The API value → the input's value. */
export function toEditorValue(field: FieldMeta, value: unknown, timeZone: string): EditorValue {
  if (value === null || value === undefined) return field.type === 'boolean' ? false : undefined
  switch (field.type) {
    case 'date':
      return dayjs(String(value))
    case 'datetime':
      return dayjs(isoToWallTime(String(value), timeZone))
    case 'currency': {
      const m = value as { amount: string; currency: string }
      return { amount: Number(m.amount), currency: m.currency }
    }
    case 'number':
    case 'percent':
    case 'rating':
      return Number(value)
    case 'boolean':
      return Boolean(value)
    case 'multi_select':
    case 'tags':
      return Array.isArray(value) ? value.map(String) : []
    case 'address':
      return toAddress(value) ?? undefined
    default:
      return String(value)
  }
}

/** The input's value → what PATCH sends (`null` clears the field). */
export function fromEditorValue(field: FieldMeta, v: EditorValue, timeZone: string): unknown {
  if (v === undefined || v === null) return field.type === 'boolean' ? false : null
  switch (field.type) {
    case 'number':
    case 'percent':
    case 'rating':
      return typeof v === 'number' && Number.isFinite(v) ? v : null
    case 'currency': {
      const m = v as { amount?: number | string | null; currency?: string }
      if (m.amount === undefined || m.amount === null || m.amount === '') return null
      return {
        amount: Number(m.amount).toFixed(2),
        currency: m.currency || optionsOf(field).currency || 'CNY',
      }
    }
    case 'date':
      return (v as Dayjs).format('YYYY-MM-DD')
    case 'datetime':
      return wallTimeToIso((v as Dayjs).format('YYYY-MM-DDTHH:mm:ss'), timeZone)
    case 'boolean':
      return Boolean(v)
    case 'multi_select':
    case 'tags': {
      const list = (v as string[]).map((s) => s.trim()).filter(Boolean)
      return list.length ? [...new Set(list)] : null
    }
    case 'address':
      return cleanAddress(v)
    default: {
      const s = String(v).trim()
      return s === '' ? null : s
    }
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * The first problem with a value about to be sent, in the server's words, or null. It covers what can be
 * known without the server (required, lengths, ranges, formats, choices); the server stays the judge
 * (uniqueness, references, phone numbers by region) and its answer is shown the same way.
 */
export function validateValue(field: FieldMeta, value: unknown, locale: Locale): string | null {
  const o = optionsOf(field)
  const msg = (code: string, params?: Record<string, unknown>) => translate(locale, `field.${code}`, params)
  const empty = value === null || (Array.isArray(value) && value.length === 0)
  if (empty) return o.required ? msg('required') : null
  switch (field.type) {
    case 'text':
    case 'long_text': {
      const s = String(value)
      const max = o.maxLength ?? (field.type === 'long_text' ? 1_000_000 : 10_000)
      if (s.length > max) return msg('too_long', { max })
      if (o.regex && field.type === 'text') {
        try {
          if (!new RegExp(o.regex, 'u').test(s.slice(0, 2000))) return msg('pattern_mismatch')
        } catch {
          // an invalid pattern is the server's to report
        }
      }
      return null
    }
    case 'email': {
      const s = String(value)
      return s.length > 254 || !EMAIL.test(s) ? msg('invalid_email') : null
    }
    case 'url': {
      const s = /^[a-z][a-z0-9+.-]*:\/\//i.test(String(value)) ? String(value) : `https://${value}`
      try {
        const u = new URL(s)
        return u.protocol === 'http:' || u.protocol === 'https:' ? null : msg('invalid_url')
      } catch {
        return msg('invalid_url')
      }
    }
    case 'number':
    case 'percent':
    case 'rating':
    case 'currency': {
      const n = field.type === 'currency' ? Number((value as { amount: string }).amount) : Number(value)
      if (!Number.isFinite(n)) return msg(field.type === 'currency' ? 'invalid_currency' : 'invalid_type')
      if (field.type === 'rating' && (n < 0 || n > (o.scale ?? 5)))
        return msg('too_big', { max: o.scale ?? 5 })
      if (o.min !== undefined && n < o.min) return msg('too_small', { min: o.min })
      if (o.max !== undefined && n > o.max) return msg('too_big', { max: o.max })
      return null
    }
    case 'select':
    case 'multi_select': {
      const values = Array.isArray(value) ? value.map(String) : [String(value)]
      const bad = values.find((x) => !(o.choices ?? []).some((c) => c.value === x))
      return bad === undefined ? null : msg('invalid_option', { value: bad.slice(0, 50) })
    }
    case 'tags':
      return (value as string[]).some((x) => x.length > 100) ? msg('too_long', { max: 100 }) : null
    case 'address':
      return ((value as AddressValue).text ?? '').length > 500 ? msg('too_long', { max: 500 }) : null
    default:
      return null
  }
}

/** Two API values are the same (nothing to save); object keys in any order (an address read back from jsonb). */
export function sameValue(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true
  return JSON.stringify(sortedKeys(a)) === JSON.stringify(sortedKeys(b))
}

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys)
  if (!v || typeof v !== 'object' || (v as object).constructor !== Object) return v
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortedKeys((v as Record<string, unknown>)[k])]),
  )
}

/**
 * The value/onChange pair an antd input of FieldInput takes outside a Form.Item (which passes them
 * itself): inputs with an event (`e.target.value`) and inputs with a value both end up as an EditorValue.
 */
export function controlProps(
  field: FieldMeta,
  value: EditorValue,
  label: string,
  onChange: (v: EditorValue) => void,
): Record<string, never> {
  return {
    value,
    checked: field.type === 'boolean' ? Boolean(value) : undefined,
    'aria-label': label,
    onChange: (v: unknown) => {
      const raw =
        v && typeof v === 'object' && 'target' in v ? (v as { target: { value: string } }).target.value : v
      onChange(raw as EditorValue)
    },
  } as unknown as Record<string, never>
}
