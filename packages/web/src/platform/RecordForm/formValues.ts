import type { AddressValue, FieldType } from '@kemai/shared/fields'
import type { Dayjs } from 'dayjs'
import { cleanAddress } from '../Address/address.ts'
import type { FieldMeta, ObjectMeta } from '../endpoints.ts'
import { optionsOf } from '../endpoints.ts'
import { wallTimeToIso } from '../time-zone.ts'

/** Types the create form has an input for (many-to-many links, files and raw JSON come later). */
export const EDITABLE: ReadonlySet<FieldType> = new Set<FieldType>([
  'text',
  'long_text',
  'number',
  'currency',
  'percent',
  'date',
  'datetime',
  'boolean',
  'select',
  'multi_select',
  'email',
  'phone',
  'url',
  'address',
  'rating',
  'user',
  'relation',
  'tags',
])

/** The fields of the create form, title field first, in metadata order. */
export function formFields(object: ObjectMeta): FieldMeta[] {
  const fields = object.fields.filter((f) => f.isActive && EDITABLE.has(f.type))
  const title = fields.find((f) => f.name === object.titleField)
  return title ? [title, ...fields.filter((f) => f !== title)] : fields
}

/** What an antd input holds for a field. */
export type FormValue =
  | string
  | number
  | boolean
  | string[]
  | Dayjs
  | { amount?: number | null; currency?: string }
  | AddressValue
  | null

/**
 * Form values → the records API's value shapes (docs/api.md "Values"): empty inputs are left out
 * (the server applies defaults and `required`), money as `{amount:"12.50",currency}`, dates as
 * `YYYY-MM-DD`, date-times as ISO with the workspace zone's offset, addresses as their trimmed parts.
 */
export function toRecordInput(
  fields: FieldMeta[],
  values: Record<string, FormValue | undefined>,
  timeZone: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of fields) {
    const v = values[f.name]
    if (v === undefined || v === null) continue
    switch (f.type) {
      case 'text':
      case 'long_text':
      case 'email':
      case 'phone':
      case 'url': {
        const s = String(v).trim()
        if (s) out[f.name] = s
        break
      }
      case 'number':
      case 'percent':
      case 'rating':
        if (typeof v === 'number' && Number.isFinite(v)) out[f.name] = v
        break
      case 'currency': {
        const m = v as { amount?: number | string | null; currency?: string }
        if (m.amount !== undefined && m.amount !== null && m.amount !== '') {
          const currency = m.currency || optionsOf(f).currency || 'CNY'
          out[f.name] = { amount: Number(m.amount).toFixed(2), currency }
        }
        break
      }
      case 'date':
        out[f.name] = (v as Dayjs).format('YYYY-MM-DD')
        break
      case 'datetime':
        out[f.name] = wallTimeToIso((v as Dayjs).format('YYYY-MM-DDTHH:mm:ss'), timeZone)
        break
      case 'boolean':
        out[f.name] = Boolean(v)
        break
      case 'multi_select':
      case 'tags': {
        const list = (v as string[]).map((s) => s.trim()).filter(Boolean)
        if (list.length) out[f.name] = list
        break
      }
      case 'address': {
        const a = cleanAddress(v)
        if (a) out[f.name] = a
        break
      }
      default: {
        const s = String(v)
        if (s) out[f.name] = s
      }
    }
  }
  return out
}

/** A server error path (`annual_revenue.amount`, `tags[1]`) → the form field it belongs to. */
export function fieldOfPath(path: string, fields: FieldMeta[]): string | null {
  const head = path.split(/[.[]/)[0] ?? ''
  return fields.some((f) => f.name === head) ? head : null
}
