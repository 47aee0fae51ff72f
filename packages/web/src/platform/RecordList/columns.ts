import type { FieldType } from '@kemai/shared/fields'
import type { Locale } from '@kemai/shared/i18n/messages'
import { isSortableType } from '@kemai/shared/query/sort'
import type { TFunction } from 'i18next'
import type { FieldMeta, ObjectMeta } from '../endpoints.ts'
import { labelOf } from '../label.ts'

/** A list column: a field of the object, or one of the system columns every record has. */
export interface ListColumn {
  key: string
  title: string
  width: number
  sortable: boolean
  field?: FieldMeta
  system?: 'owner_id' | 'created_at' | 'updated_at'
}

const WIDTH: Record<FieldType, number> = {
  text: 160,
  long_text: 240,
  number: 110,
  currency: 190,
  percent: 90,
  date: 120,
  datetime: 150,
  boolean: 90,
  select: 130,
  multi_select: 180,
  email: 230,
  phone: 170,
  url: 200,
  address: 280,
  rating: 110,
  user: 110,
  relation: 220,
  many_to_many: 0,
  tags: 180,
  json: 160,
  file: 160,
}

/** Types a list shows no column for (no column to show: the related list is on the record page). */
const HIDDEN: ReadonlySet<FieldType> = new Set(['many_to_many'])

export function listColumns(object: ObjectMeta, locale: Locale, t: TFunction): ListColumn[] {
  return columnsOf(object, locale, t).filter((c) => !c.field?.options.hideInList)
}

/** Every column the picker offers: the default ones, then the columns shown only on request. */
export function availableColumns(object: ObjectMeta, locale: Locale, t: TFunction): ListColumn[] {
  return [
    ...columnsOf(object, locale, t),
    { key: 'updated_at', title: t('system.updatedAt'), width: 150, sortable: true, system: 'updated_at' },
  ]
}

function columnsOf(object: ObjectMeta, locale: Locale, t: TFunction): ListColumn[] {
  const fields = object.fields.filter((f) => f.isActive && !HIDDEN.has(f.type))
  const title = fields.find((f) => f.name === object.titleField)
  const ordered = title ? [title, ...fields.filter((f) => f !== title)] : fields
  const cols: ListColumn[] = ordered.map((f) => ({
    key: f.name,
    title: labelOf(f.label, locale),
    width: f === title ? 200 : WIDTH[f.type],
    sortable: isSortableType(f.type),
    field: f,
  }))
  cols.push(
    { key: 'owner_id', title: t('system.owner'), width: 110, sortable: true, system: 'owner_id' },
    { key: 'created_at', title: t('system.createdAt'), width: 150, sortable: true, system: 'created_at' },
  )
  return cols
}

/** Fields a phone card shows under the title: the first few that have a value. */
export function cardFields(object: ObjectMeta, max = 4): FieldMeta[] {
  return object.fields
    .filter((f) => f.isActive && f.name !== object.titleField && !HIDDEN.has(f.type) && !f.options.hideInList)
    .slice(0, max + 4)
}

/** The columns a table row renders: the title column (sticky, always) and those from `from` to `to`. */
export interface ColumnWindow {
  from: number
  to: number
  /** the width of the columns skipped between the title column and `from` */
  gap: number
}

/**
 * The columns that cross the view `[left, left + width)` of the scrolled table, with `overscan` more on
 * each side (Tab moves into them, a short scroll finds them drawn). A person has 20 columns and about 8
 * fit 1280 px: the cells of the other 12 were most of the work of each row scrolled into view.
 */
export function columnWindow(
  widths: readonly number[],
  left: number,
  width: number,
  overscan: number,
): ColumnWindow {
  let first = widths.length
  let last = widths.length - 1
  let x = 0
  for (let i = 0; i < widths.length; i++) {
    if (x >= left + width) {
      last = i - 1
      break
    }
    x += widths[i]!
    if (first === widths.length && x > left) first = i
  }
  const from = Math.max(1, first - overscan)
  const to = Math.min(widths.length - 1, last + overscan)
  let gap = 0
  for (let i = 1; i < from; i++) gap += widths[i]!
  return { from, to, gap }
}
