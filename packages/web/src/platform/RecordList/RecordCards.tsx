import type { Locale } from '@kemai/shared/i18n/messages'
import { useVirtualizer } from '@tanstack/react-virtual'
import { Checkbox, Spin } from 'antd'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { ObjectMeta } from '../endpoints.ts'
import { FieldValue } from '../FieldValue/FieldValue.tsx'
import { labelOf } from '../label.ts'
import { cardFields } from './columns.ts'
import { LOAD_AHEAD, type RecordRowsProps } from './RecordTable.tsx'

const CARD_ESTIMATE = 124
const CARD_LINES = 3

function hasValue(v: unknown): boolean {
  return v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)
}

/** The phone list: one card per record (title, then the first few fields that have a value), virtual. */
export function RecordCards({
  object,
  rows,
  hasMore,
  loadingMore,
  onLoadMore,
  onOpen,
  timeZone,
  isSelected,
  onToggle,
}: RecordRowsProps & { object: ObjectMeta }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const scrollRef = useRef<HTMLDivElement>(null)
  const fields = cardFields(object)
  const titleField = object.fields.find((f) => f.name === object.titleField)
  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_ESTIMATE,
    overscan: 6,
    initialRect: { width: 390, height: 700 },
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.length ? items[items.length - 1]!.index : -1
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - LOAD_AHEAD) onLoadMore()
  }, [lastIndex, rows.length, hasMore, loadingMore, onLoadMore])

  return (
    <div className="km-cards" ref={scrollRef} data-testid="record-cards">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = rows[item.index]
          const style = { transform: `translateY(${item.start}px)` }
          if (!row)
            return (
              <div key="more" className="km-card-slot km-row-more" style={style}>
                <Spin size="small" /> <span className="km-muted">{t('list.loadingMore')}</span>
              </div>
            )
          const titleText = titleField ? String(row[titleField.name] ?? '') : ''
          // a field that only repeats part of the title (family name 张 of 张伟) is not worth a line
          const shown = fields
            .filter((f) => {
              const v = row[f.name]
              return hasValue(v) && !(typeof v === 'string' && titleText.includes(v))
            })
            .slice(0, CARD_LINES)
          return (
            <div
              key={row.id}
              className="km-card-slot"
              style={style}
              data-index={item.index}
              ref={virtualizer.measureElement}
            >
              {/* biome-ignore lint/a11y/useSemanticElements: a card holds links (email, phone), so it cannot be a <button> */}
              <div
                role="button"
                tabIndex={0}
                className="km-card"
                onClick={() => onOpen(row)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') onOpen(row)
                }}
              >
                <div className="km-card-title">
                  <span className="km-card-title-text">
                    {titleField ? (
                      <FieldValue
                        field={titleField}
                        value={row[titleField.name]}
                        timeZone={timeZone}
                        compact
                      />
                    ) : (
                      row.id
                    )}
                  </span>
                  {/* biome-ignore lint/a11y/noStaticElementInteractions: only keeps the card from opening when the checkbox is used */}
                  <span
                    className="km-card-check"
                    onClick={(e) => e.stopPropagation()}
                    onKeyDown={(e) => e.stopPropagation()}
                  >
                    <Checkbox
                      checked={isSelected(row.id)}
                      onChange={(e) => onToggle(row, e.target.checked)}
                      aria-label={t('list.selectRow', { title: titleText || row.id })}
                    />
                  </span>
                </div>
                {shown.map((f) => (
                  <div key={f.name} className="km-card-line">
                    <span className="km-card-label">{labelOf(f.label, locale)}</span>
                    <span className="km-card-value">
                      <FieldValue field={f} value={row[f.name]} timeZone={timeZone} compact />
                    </span>
                  </div>
                ))}
              </div>
            </div>
          )
        })}
      </div>
    </div>
  )
}
