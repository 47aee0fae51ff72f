import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons'
import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import { clampWidth } from './columnState.ts'
import type { ListColumn } from './columns.ts'
import { SelectBox } from './SelectBox.tsx'

const KEY_STEP = 16

interface Props {
  columns: ListColumn[]
  height: number
  sort: string | null
  onSort(column: ListColumn): void
  /** while dragging: the width shown; at the end, `done` */
  onResize(key: string, width: number, done: boolean): void
  page: 'none' | 'some' | 'all'
  onSelectPage(on: boolean): void
}

/**
 * The sticky header: select-all checkbox, sort buttons, and a resize handle at each column's edge.
 * Memoised: the table renders on every scroll step, the header only when its columns, sort or page
 * selection change (its handlers must be stable).
 */
export const TableHead = memo(function TableHead({
  columns,
  height,
  sort,
  onSort,
  onResize,
  page,
  onSelectPage,
}: Props) {
  const { t } = useTranslation()
  return (
    <thead className="km-table-head" style={{ height }}>
      <tr>
        {columns.map((c, i) => {
          const dir = sort === c.key ? 'asc' : sort === `-${c.key}` ? 'desc' : null
          return (
            <th
              key={c.key}
              scope="col"
              // the resize handle's label would otherwise become part of the header's name
              aria-label={c.title}
              aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}
              className={`km-cell km-head-cell${i === 0 ? ' km-sticky' : ''}`}
              style={{ width: c.width }}
            >
              {i === 0 && (
                <span className="km-select-box">
                  <SelectBox
                    checked={page === 'all'}
                    indeterminate={page === 'some'}
                    onChange={onSelectPage}
                    label={t('list.selectPage')}
                    testId="select-page"
                  />
                </span>
              )}
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
              <ResizeHandle column={c} onResize={onResize} />
            </th>
          )
        })}
      </tr>
    </thead>
  )
})

function ResizeHandle({
  column,
  onResize,
}: {
  column: ListColumn
  onResize(key: string, width: number, done: boolean): void
}) {
  const { t } = useTranslation()
  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable separator is the ARIA pattern for a splitter (an <hr> cannot take focus or keys)
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={t('list.resizeColumn', { column: column.title })}
      aria-valuenow={column.width}
      aria-valuemin={60}
      aria-valuemax={2000}
      tabIndex={0}
      className="km-resize"
      data-testid={`resize-${column.key}`}
      onClick={(e) => e.stopPropagation()}
      onPointerDown={(e) => {
        e.preventDefault()
        e.stopPropagation()
        const startX = e.clientX
        const start = column.width
        let width = start
        const move = (ev: PointerEvent) => {
          width = clampWidth(start + ev.clientX - startX)
          onResize(column.key, width, false)
        }
        const up = () => {
          window.removeEventListener('pointermove', move)
          window.removeEventListener('pointerup', up)
          onResize(column.key, width, true)
        }
        window.addEventListener('pointermove', move)
        window.addEventListener('pointerup', up)
      }}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return
        e.preventDefault()
        onResize(column.key, clampWidth(column.width + (e.key === 'ArrowRight' ? KEY_STEP : -KEY_STEP)), true)
      }}
    />
  )
}
