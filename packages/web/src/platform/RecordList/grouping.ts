import type { FieldType } from '@kemai/shared/fields'
import type { FieldMeta, ObjectMeta, RecordDto } from '../endpoints.ts'

/** One group of `/records/{object}/groups` (or the `total` of the whole list). */
export interface GroupSummary {
  key: unknown
  count: number
  /** number fields: the sum; currency fields: amount text per currency code */
  sums: Record<string, unknown>
}

export type DisplayItem =
  | {
      kind: 'group'
      id: string
      /** unique among the headers (a value may head two runs: a row edited into another group stays put) */
      renderKey: string
      key: unknown
      summary: GroupSummary | null
      collapsed: boolean
    }
  /** `index`: the row's place among the loaded rows */
  | { kind: 'row'; row: RecordDto; index: number }

/** Field types a list groups by (a handful of values each); `owner_id` is offered too. */
const GROUPABLE: ReadonlySet<FieldType> = new Set<FieldType>([
  'select',
  'user',
  'boolean',
  'rating',
  'relation',
])
/** Field types the totals row and group headers sum (the server takes at most 5). */
const SUMMED: ReadonlySet<FieldType> = new Set<FieldType>(['number', 'currency'])
export const MAX_SUMS = 5

export function groupableFields(object: ObjectMeta): FieldMeta[] {
  return object.fields.filter((f) => f.isActive && GROUPABLE.has(f.type))
}

/** The shown columns that get a sum, in column order (at most MAX_SUMS). */
export function summedFields(columns: { field?: FieldMeta }[]): FieldMeta[] {
  return columns
    .map((c) => c.field)
    .filter((f): f is FieldMeta => f !== undefined && SUMMED.has(f.type))
    .slice(0, MAX_SUMS)
}

export function groupId(key: unknown): string {
  return JSON.stringify(key ?? null)
}

/**
 * The sort a grouped list asks the server for: the group field first (so each group's rows come together,
 * page after page), then the user's sort. A user sort on the group field itself is kept as it is.
 */
export function groupedSort(group: string | null, sort: string | null): string | null {
  if (!group) return sort
  const keys = (sort ?? '').split(',').filter(Boolean)
  if (keys[0] === group || keys[0] === `-${group}`) return sort
  const rest = keys.filter((k) => k !== group && k !== `-${group}`)
  // within a group, the list's default order (newest first)
  return [group, ...(rest.length ? rest : ['-created_at'])].join(',')
}

/**
 * Rows → what the virtual table renders: a header before each run of rows with the same group value
 * (its count and sums from the server, for the whole group, not only the rows loaded), and no rows under a
 * collapsed header. Without a group field the rows are returned as they are.
 */
export function displayItems(
  rows: RecordDto[],
  group: string | null,
  summaries: GroupSummary[] | null,
  collapsed: ReadonlySet<string>,
): DisplayItem[] {
  if (!group) return rows.map((row, index) => ({ kind: 'row', row, index }))
  const byId = new Map((summaries ?? []).map((s) => [groupId(s.key), s]))
  const out: DisplayItem[] = []
  const runs = new Map<string, number>()
  let current: string | null = null
  for (const [index, row] of rows.entries()) {
    const key = row[group] ?? null
    const id = groupId(key)
    if (id !== current) {
      current = id
      const n = runs.get(id) ?? 0
      runs.set(id, n + 1)
      out.push({
        kind: 'group',
        id,
        renderKey: n ? `${id}~${n}` : id,
        key,
        summary: byId.get(id) ?? null,
        collapsed: collapsed.has(id),
      })
    }
    if (!collapsed.has(id)) out.push({ kind: 'row', row, index })
  }
  return out
}
