import type { Locale } from '@kemai/shared/i18n/messages'
import type { TFunction } from 'i18next'
import { memo } from 'react'
import type { ObjectMeta, RecordDto } from '../endpoints.ts'
import { FieldValue, UserName } from '../FieldValue/FieldValue.tsx'
import { formatDateTime } from '../format.ts'
import { InlineEditField } from '../InlineEdit/InlineEditField.tsx'
import type { ListColumn } from './columns.ts'
import { SelectBox } from './SelectBox.tsx'

/** What a row does, through the list's latest handlers: one object for the table's life. */
export interface RowActions {
  open(row: RecordDto): void
  toggle(row: RecordDto, on: boolean): void
  saved(row: RecordDto): void
}

interface Props {
  object: ObjectMeta
  row: RecordDto
  /** the row's place among the loaded rows (aria-rowindex counts the header as row 1) */
  index: number
  odd: boolean
  selected: boolean
  /** the record page's URL (the title links there: keyboard, middle click, copy link) */
  href: string
  /** offset in the virtual grid's body */
  top: number
  height: number
  columns: ListColumn[]
  /** the columns rendered besides the title column (columnWindow) */
  from: number
  to: number
  gap: number
  width: number
  timeZone: string
  t: TFunction
  locale: Locale
  actions: RowActions
}

/**
 * One record in the virtual grid: the title cell and the cells of the columns in view. Memoised, with
 * only plain values and the stable `actions` as props: a scroll step or a page of rows appended renders
 * the rows that come into view, not every row on screen.
 */
export const TableRow = memo(function TableRow({
  object,
  row,
  index,
  odd,
  selected,
  href,
  top,
  height,
  columns,
  from,
  to,
  gap,
  width,
  timeZone,
  t,
  locale,
  actions,
}: Props) {
  const cell = (c: ListColumn, first: boolean) => {
    if (first)
      return (
        <>
          {/* biome-ignore lint/a11y/noStaticElementInteractions: only keeps the row from opening when the checkbox is used */}
          <span
            className="km-select-box"
            onClick={(e) => e.stopPropagation()}
            onKeyDown={(e) => e.stopPropagation()}
          >
            <SelectBox
              checked={selected}
              onChange={(on) => actions.toggle(row, on)}
              label={t('list.selectRow', { title: String(row[object.titleField] ?? row.id) })}
            />
          </span>
          <a
            href={href}
            className="km-title-link"
            onClick={(e) => {
              e.preventDefault()
              e.stopPropagation()
              actions.open(row)
            }}
          >
            {c.field ? <FieldValue field={c.field} value={row[c.key]} timeZone={timeZone} compact /> : row.id}
          </a>
        </>
      )
    if (c.field)
      return <InlineEditField object={object} field={c.field} record={row} onSaved={actions.saved} compact />
    if (c.system === 'owner_id') return <UserName id={row.owner_id} />
    return <span>{formatDateTime(String(row[c.key]), locale, timeZone)}</span>
  }
  return (
    // the title cell's link is the keyboard way in; a click on the row's free space is the mouse one
    <tr
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`km-row${odd ? ' km-row-odd' : ''}${selected ? ' km-row-selected' : ''}`}
      style={{ top, height, width }}
      onClick={() => actions.open(row)}
    >
      {columns.map((c, i) =>
        i === 0 || (i >= from && i <= to) ? (
          <td
            key={c.key}
            aria-colindex={i + 1}
            className={`km-cell${i === 0 ? ' km-sticky km-title-cell' : ''}`}
            style={{ width: c.width, marginInlineStart: i === from && gap ? gap : undefined }}
          >
            {cell(c, i === 0)}
          </td>
        ) : null,
      )}
    </tr>
  )
})
