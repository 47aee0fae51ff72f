import { CaretDownOutlined, CaretRightOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { useVirtualizer } from '@tanstack/react-virtual'
import { Checkbox, Spin, Tag } from 'antd'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FieldMeta, ObjectMeta, RecordDto } from '../endpoints.ts'
import { FieldValue, UserName } from '../FieldValue/FieldValue.tsx'
import { formatDateTime } from '../format.ts'
import { InlineEditField } from '../InlineEdit/InlineEditField.tsx'
import type { ListColumn } from './columns.ts'
import { type DisplayItem, displayItems, type GroupSummary } from './grouping.ts'
import { SummaryCells } from './SummaryCells.tsx'
import { TableHead } from './TableHead.tsx'

export const ROW_HEIGHT = 44
const HEAD_HEIGHT = 40
/** fetch the next page when the last rendered row is this close to the end of what is loaded */
export const LOAD_AHEAD = 15

export interface RecordRowsProps {
  rows: RecordDto[]
  hasMore: boolean
  loadingMore: boolean
  onLoadMore(): void
  onOpen(row: RecordDto): void
  /** the record page's URL (the title links there: keyboard, middle click, copy link) */
  recordHref(row: RecordDto): string
  timeZone: string
  /** selection (a checkbox per row) */
  isSelected(id: string): boolean
  onToggle(row: RecordDto, on: boolean): void
}

export interface TableGrouping {
  /** a field name or `owner_id` */
  key: string
  field: FieldMeta | undefined
  summaries: GroupSummary[] | null
  collapsed: ReadonlySet<string>
  onToggleGroup(id: string): void
}

interface Props extends RecordRowsProps {
  object: ObjectMeta
  columns: ListColumn[]
  sort: string | null
  onSort(column: ListColumn): void
  onResize(key: string, width: number): void
  page: 'none' | 'some' | 'all'
  onSelectPage(on: boolean): void
  /** a saved inline edit: the row as the server answered */
  onSaved(row: RecordDto): void
  grouping: TableGrouping | null
  /** the totals row (count and sums of the whole list), and the fields summed */
  totals: GroupSummary | null
  summed: FieldMeta[]
}

/**
 * The desktop list: a virtual grid (only the rows in view are in the DOM, so 100k records scroll like
 * 50) with a sticky header whose cells sort on the server and resize, a checkbox column, a sticky title
 * column, cells edited in place, optional group headers and a totals row.
 */
export function RecordTable(props: Props) {
  const { columns, rows, hasMore, loadingMore, onLoadMore, grouping, totals, summed, timeZone } = props
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const scrollRef = useRef<HTMLDivElement>(null)
  const [live, setLive] = useState<{ key: string; width: number } | null>(null)
  const shown = live ? columns.map((c) => (c.key === live.key ? { ...c, width: live.width } : c)) : columns
  const width = shown.reduce((w, c) => w + c.width, 0)
  const items = useMemo<DisplayItem[]>(
    () =>
      displayItems(
        rows,
        grouping?.key ?? null,
        grouping?.summaries ?? null,
        grouping?.collapsed ?? new Set(),
      ),
    [rows, grouping],
  )
  const virtualizer = useVirtualizer({
    count: items.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEAD_HEIGHT,
    initialRect: { width: 1200, height: 800 },
  })
  const virtual = virtualizer.getVirtualItems()
  const lastIndex = virtual.length ? virtual[virtual.length - 1]!.index : -1

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= items.length - LOAD_AHEAD) onLoadMore()
  }, [lastIndex, items.length, hasMore, loadingMore, onLoadMore])

  const cell = (c: ListColumn, row: RecordDto, first: boolean) => {
    if (first)
      return (
        <>
          {/* biome-ignore lint/a11y/noStaticElementInteractions: only keeps the row from opening when the checkbox is used */}
          <span
            className="km-select-box"
            onClick={(e) => e.stopPropagation()}
            onKeyDown={(e) => e.stopPropagation()}
          >
            <Checkbox
              checked={props.isSelected(row.id)}
              onChange={(e) => props.onToggle(row, e.target.checked)}
              aria-label={t('list.selectRow', { title: String(row[props.object.titleField] ?? row.id) })}
            />
          </span>
          <a
            href={props.recordHref(row)}
            className="km-title-link"
            onClick={(e) => {
              e.preventDefault()
              e.stopPropagation()
              props.onOpen(row)
            }}
          >
            {c.field ? <FieldValue field={c.field} value={row[c.key]} timeZone={timeZone} compact /> : row.id}
          </a>
        </>
      )
    if (c.field)
      return (
        <InlineEditField object={props.object} field={c.field} record={row} onSaved={props.onSaved} compact />
      )
    if (c.system === 'owner_id') return <UserName id={row.owner_id} />
    return <span>{formatDateTime(String(row[c.key]), locale, timeZone)}</span>
  }

  return (
    <div className="km-table" ref={scrollRef} data-testid="record-table">
      <table style={{ width }} aria-rowcount={rows.length + 1}>
        <TableHead
          columns={shown}
          height={HEAD_HEIGHT}
          sort={props.sort}
          onSort={props.onSort}
          page={props.page}
          onSelectPage={props.onSelectPage}
          onResize={(key, w, done) => {
            if (done) {
              setLive(null)
              props.onResize(key, w)
            } else setLive({ key, width: w })
          }}
        />
        <tbody style={{ height: virtualizer.getTotalSize() }}>
          {virtual.map((v) => {
            const item = items[v.index]
            const style = { transform: `translateY(${v.start - HEAD_HEIGHT}px)`, height: ROW_HEIGHT, width }
            if (!item)
              return (
                <tr key="more" className="km-row km-row-more" style={style}>
                  <td>
                    <Spin size="small" /> <span className="km-muted">{t('list.loadingMore')}</span>
                  </td>
                </tr>
              )
            if (item.kind === 'group' && grouping)
              return (
                <GroupRow
                  key={`g${item.renderKey}`}
                  item={item}
                  grouping={grouping}
                  columns={shown}
                  summed={summed}
                  style={style}
                  timeZone={timeZone}
                />
              )
            if (item.kind !== 'row') return null
            const row = item.row
            const selected = props.isSelected(row.id)
            return (
              // the title cell's link is the keyboard way in; a click on the row's free space is the mouse one
              <tr
                key={row.id}
                aria-rowindex={rows.indexOf(row) + 2}
                aria-selected={selected}
                className={`km-row${v.index % 2 ? ' km-row-odd' : ''}${selected ? ' km-row-selected' : ''}`}
                style={style}
                onClick={() => props.onOpen(row)}
              >
                {shown.map((c, i) => (
                  <td
                    key={c.key}
                    className={`km-cell${i === 0 ? ' km-sticky km-title-cell' : ''}`}
                    style={{ width: c.width }}
                  >
                    {cell(c, row, i === 0)}
                  </td>
                ))}
              </tr>
            )
          })}
        </tbody>
        {totals && summed.length > 0 && (
          <tfoot className="km-totals" data-testid="totals-row">
            <tr style={{ width }}>
              <td className="km-cell km-sticky km-totals-label" style={{ width: shown[0]?.width }}>
                <span className="km-ellipsis" title={t('list.totalsLabel')}>
                  {t('list.totals')} ·{' '}
                  {t('list.total', { count: totals.count, formatted: totals.count.toLocaleString(locale) })}
                </span>
              </td>
              <SummaryCells columns={shown} sums={totals.sums} summed={summed} />
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  )
}

function GroupRow({
  item,
  grouping,
  columns,
  summed,
  style,
  timeZone,
}: {
  item: Extract<DisplayItem, { kind: 'group' }>
  grouping: TableGrouping
  columns: ListColumn[]
  summed: FieldMeta[]
  style: React.CSSProperties
  timeZone: string
}) {
  const { t, i18n } = useTranslation()
  const label =
    item.key === null ? (
      <span className="km-muted">{t('list.noValue')}</span>
    ) : grouping.key === 'owner_id' ? (
      <UserName id={String(item.key)} />
    ) : grouping.field ? (
      <FieldValue field={grouping.field} value={item.key} timeZone={timeZone} compact />
    ) : (
      String(item.key)
    )
  const name = item.key === null ? t('list.noValue') : String(item.key)
  return (
    <tr className="km-row km-group-row" style={style} data-testid="group-row">
      <td className="km-cell km-sticky km-group-label" style={{ width: columns[0]?.width }}>
        <button
          type="button"
          className="km-group-toggle"
          aria-expanded={!item.collapsed}
          aria-label={t(item.collapsed ? 'list.expandGroup' : 'list.collapseGroup', { group: name })}
          onClick={(e) => {
            e.stopPropagation()
            grouping.onToggleGroup(item.id)
          }}
        >
          {item.collapsed ? <CaretRightOutlined aria-hidden /> : <CaretDownOutlined aria-hidden />}
        </button>
        <span className="km-group-name">{label}</span>
        {item.summary && (
          <Tag className="km-group-count" variant="filled">
            {item.summary.count.toLocaleString(i18n.language)}
          </Tag>
        )}
      </td>
      <SummaryCells columns={columns} sums={item.summary?.sums ?? null} summed={summed} />
    </tr>
  )
}
