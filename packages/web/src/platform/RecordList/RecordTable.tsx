import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { useVirtualizer } from '@tanstack/react-virtual'
import { Spin } from 'antd'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { RecordDto } from '../endpoints.ts'
import { FieldValue, UserName } from '../FieldValue/FieldValue.tsx'
import { formatDateTime } from '../format.ts'
import type { ListColumn } from './columns.ts'

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
}

interface Props extends RecordRowsProps {
  columns: ListColumn[]
  sort: string | null
  onSort(column: ListColumn): void
}

/**
 * The desktop list: a virtual grid (only the rows in view are in the DOM, so 100k records scroll like
 * 50) with a sticky header whose cells sort on the server, and a sticky first column.
 */
export function RecordTable({
  columns,
  rows,
  hasMore,
  loadingMore,
  onLoadMore,
  onOpen,
  recordHref,
  sort,
  onSort,
  timeZone,
}: Props) {
  const { t, i18n } = useTranslation()
  const scrollRef = useRef<HTMLDivElement>(null)
  const width = columns.reduce((w, c) => w + c.width, 0)
  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEAD_HEIGHT,
    initialRect: { width: 1200, height: 800 },
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.length ? items[items.length - 1]!.index : -1
  const cell = (c: ListColumn, row: RecordDto) =>
    c.field ? (
      <FieldValue field={c.field} value={row[c.key]} timeZone={timeZone} compact />
    ) : c.system === 'owner_id' ? (
      <UserName id={row.owner_id} />
    ) : (
      <span>{formatDateTime(String(row[c.key]), i18n.language as Locale, timeZone)}</span>
    )

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - LOAD_AHEAD) onLoadMore()
  }, [lastIndex, rows.length, hasMore, loadingMore, onLoadMore])

  return (
    <div className="km-table" ref={scrollRef} data-testid="record-table">
      <table style={{ width }} aria-rowcount={rows.length + 1}>
        <thead className="km-table-head" style={{ height: HEAD_HEIGHT }}>
          <tr>
            {columns.map((c, i) => {
              const dir = sort === c.key ? 'asc' : sort === `-${c.key}` ? 'desc' : null
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}
                  className={`km-cell km-head-cell${i === 0 ? ' km-sticky' : ''}`}
                  style={{ width: c.width }}
                >
                  {c.sortable ? (
                    <button
                      type="button"
                      className="km-sort"
                      onClick={() => onSort(c)}
                      title={t(
                        dir === 'asc' ? 'list.sortDesc' : dir === 'desc' ? 'list.sortNone' : 'list.sortAsc',
                      )}
                    >
                      <span className="km-ellipsis">{c.title}</span>
                      {dir === 'asc' && <ArrowUpOutlined aria-hidden />}
                      {dir === 'desc' && <ArrowDownOutlined aria-hidden />}
                    </button>
                  ) : (
                    <span className="km-ellipsis">{c.title}</span>
                  )}
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index]
            const style = {
              transform: `translateY(${item.start - HEAD_HEIGHT}px)`,
              height: ROW_HEIGHT,
              width,
            }
            if (!row)
              return (
                <tr key="more" className="km-row km-row-more" style={style}>
                  <td>
                    <Spin size="small" /> <span className="km-muted">{t('list.loadingMore')}</span>
                  </td>
                </tr>
              )
            return (
              // the title cell's link is the keyboard way in; a click anywhere on the row is the mouse one
              <tr
                key={row.id}
                aria-rowindex={item.index + 2}
                className={`km-row${item.index % 2 ? ' km-row-odd' : ''}`}
                style={style}
                onClick={() => onOpen(row)}
              >
                {columns.map((c, i) => (
                  <td
                    key={c.key}
                    className={`km-cell${i === 0 ? ' km-sticky km-title-cell' : ''}`}
                    style={{ width: c.width }}
                  >
                    {i === 0 ? (
                      <a
                        href={recordHref(row)}
                        className="km-title-link"
                        onClick={(e) => {
                          e.preventDefault()
                          e.stopPropagation()
                          onOpen(row)
                        }}
                      >
                        {cell(c, row)}
                      </a>
                    ) : (
                      cell(c, row)
                    )}
                  </td>
                ))}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
