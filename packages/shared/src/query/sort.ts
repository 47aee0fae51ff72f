import type { FieldType } from '../fields.ts'

/**
 * Field types a list cannot be sorted by (no total order on their column). The server's `parseSort`
 * answers 400 for them; the web app shows no sort control on their columns.
 */
export const UNSORTABLE_FIELD_TYPES: ReadonlySet<FieldType> = new Set<FieldType>([
  'json',
  'address',
  'file',
  'multi_select',
  'tags',
  'many_to_many',
  'long_text',
])

/** System columns a list can be sorted by, besides fields. */
export const SORTABLE_SYSTEM_COLUMNS = ['id', 'owner_id', 'created_at', 'updated_at', 'version'] as const

export function isSortableType(type: FieldType): boolean {
  return !UNSORTABLE_FIELD_TYPES.has(type)
}

/** `sort=a,-b` → `[{field:'a',desc:false},{field:'b',desc:true}]` (empty parts dropped). */
export function parseSortParam(raw: string | null | undefined): { field: string; desc: boolean }[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s.startsWith('-') ? { field: s.slice(1), desc: true } : { field: s, desc: false }))
}
