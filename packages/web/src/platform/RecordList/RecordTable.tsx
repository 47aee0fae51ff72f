import { CaretDownOutlined, CaretRightOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { useVirtualizer } from '@tanstack/react-virtual'
import { Spin, Tag } from 'antd'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FieldMeta, ObjectMeta, RecordDto } from '../endpoints.ts'
import { FieldValue, UserName } from '../FieldValue/FieldValue.tsx'
import { columnWindow, type ListColumn } from './columns.ts'
import { type DisplayItem, displayItems, type GroupSummary } from './grouping.ts'
import { SummaryCells } from './SummaryCells.tsx'
import { TableHead } from './TableHead.tsx'
import { TableRow } from './TableRow.tsx'
import { useHorizontalView } from './useHorizontalView.ts'

export const ROW_HEIGHT = 44
const HEAD_HEIGHT = 40
const NONE_COLLAPSED: ReadonlySet<string> = new Set()
/** columns a row renders beyond each side of the view */
const COLUMN_OVERSCAN = 2
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
  // before the row virtualizer: see useHorizontalView
  const view = useHorizontalView(scrollRef)
  const { from, to, gap } = columnWindow(
    shown.map((c) => c.width),
    view.left,
    view.width,
    COLUMN_OVERSCAN,
  )
  // the grouping object is new on every render of the page: its parts are what change the items
  const groupKey = grouping?.key ?? null
  const groupSummaries = grouping?.summaries ?? null
  const collapsed = grouping?.collapsed ?? NONE_COLLAPSED
  const items = useMemo<DisplayItem[]>(
    () => displayItems(rows, groupKey, groupSummaries, collapsed),
    [rows, groupKey, groupSummaries, collapsed],
  )
  // rows and the header are memoised: they get the page's handlers through one object that reads the
  // latest props, so a scroll step renders neither the rows already on screen nor the header
  const latest = useRef(props)
  latest.current = props
  const actions = useMemo(
    () => ({
      open: (row: RecordDto) => latest.current.onOpen(row),
      toggle: (row: RecordDto, on: boolean) => latest.current.onToggle(row, on),
      saved: (row: RecordDto) => latest.current.onSaved(row),
      sort: (column: ListColumn) => latest.current.onSort(column),
      selectPage: (on: boolean) => latest.current.onSelectPage(on),
      resize: (key: string, w: number, done: boolean) => {
        if (done) {
          setLive(null)
          latest.current.onResize(key, w)
        } else setLive({ key, width: w })
      },
    }),
    [],
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

  return (
    <div className="km-table" ref={scrollRef} data-testid="record-table">
      <table style={{ width }} aria-rowcount={rows.length + 1} aria-colcount={shown.length}>
        <TableHead
          columns={shown}
          height={HEAD_HEIGHT}
          sort={props.sort}
          onSort={actions.sort}
          page={props.page}
          onSelectPage={actions.selectPage}
          onResize={actions.resize}
        />
        <tbody style={{ height: virtualizer.getTotalSize() }}>
          {virtual.map((v) => {
            const item = items[v.index]
            const style = { top: v.start - HEAD_HEIGHT, height: ROW_HEIGHT, width }
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
            return (
              <TableRow
                key={row.id}
                object={props.object}
                row={row}
                index={item.index}
                odd={v.index % 2 === 1}
                selected={props.isSelected(row.id)}
                href={props.recordHref(row)}
                top={v.start - HEAD_HEIGHT}
                height={ROW_HEIGHT}
                columns={shown}
                from={from}
                to={to}
                gap={gap}
                width={width}
                timeZone={timeZone}
                t={t}
                locale={locale}
                actions={actions}
              />
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
