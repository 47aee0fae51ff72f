import type { Label } from '@kemai/shared/fields'
import type { FieldMeta, ObjectMeta } from '../endpoints.ts'

export interface Section {
  key: string
  /** null: the default section (labelled by the page, "详细信息") */
  label: Label | null
  columns: 1 | 2
  collapsed: boolean
  fields: FieldMeta[]
}

/** Field types the record page does not show as a value (links of a junction object). */
const HIDDEN = new Set<FieldMeta['type']>(['many_to_many'])

const shown = (object: ObjectMeta) => object.fields.filter((f) => f.isActive && !HIDDEN.has(f.type))

/**
 * The record page's sections from the object's `layout` (settings › page layout). A field named by no
 * section, deactivated or unknown is left out; a field named twice shows once (the first time). With
 * no layout — or a layout whose sections name no field that still exists — every active field is in
 * one section, in field order.
 */
export function sectionsOf(object: ObjectMeta): Section[] {
  const byName = new Map(shown(object).map((f) => [f.name, f]))
  const used = new Set<string>()
  const sections: Section[] = []
  for (const s of object.layout?.sections ?? []) {
    const fields: FieldMeta[] = []
    for (const name of s.fields) {
      const f = byName.get(name)
      if (!f || used.has(name)) continue
      used.add(name)
      fields.push(f)
    }
    if (fields.length)
      sections.push({ key: s.key, label: s.label, columns: s.columns, collapsed: s.collapsed, fields })
  }
  if (sections.length) return sections
  return [{ key: 'details', label: null, columns: 2, collapsed: false, fields: [...byName.values()] }]
}

/** Types that make a good one-line summary in the header (not long text, addresses or JSON). */
const SUMMARY = new Set<FieldMeta['type']>([
  'text',
  'number',
  'currency',
  'percent',
  'date',
  'datetime',
  'select',
  'email',
  'phone',
  'url',
  'relation',
  'user',
  'rating',
  'boolean',
])

/** Without a layout, the types that usually say most about a record (its company, stage, phone…). */
const IMPORTANT = new Set<FieldMeta['type']>(['relation', 'select', 'currency', 'phone', 'email', 'user'])

/**
 * The header's key fields, title excluded: the first summary-friendly fields of the layout; without
 * a layout, the first fields of the important types (a person: company, email, mobile).
 */
export function keyFieldsOf(object: ObjectMeta, max = 4): FieldMeta[] {
  const fields = sectionsOf(object)
    .flatMap((s) => s.fields)
    .filter((f) => f.name !== object.titleField && SUMMARY.has(f.type))
  if (object.layout?.sections.length) return fields.slice(0, max)
  const important = fields.filter((f) => IMPORTANT.has(f.type))
  return (important.length ? important : fields).slice(0, Math.min(max, 3))
}
