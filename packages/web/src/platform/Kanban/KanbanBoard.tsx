import { ClockCircleOutlined } from '@ant-design/icons'
import {
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core'
import type { Locale } from '@kemai/shared/i18n/messages'
import type { Filter } from '@kemai/shared/query/ast'
import { App, Empty, Skeleton, Tag, Tooltip } from 'antd'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/session.tsx'
import { type FieldMeta, type ObjectMeta, optionsOf, type RecordDto, recordsApi } from '../endpoints.ts'
import { FieldValue, tagColor } from '../FieldValue/FieldValue.tsx'
import { formatMoney, formatNumber } from '../format.ts'
import { canEditField } from '../InlineEdit/editValue.ts'
import { labelOf } from '../label.ts'
import { ProblemAlert, problemText } from '../ProblemAlert.tsx'
import { cardFields } from '../RecordList/columns.ts'
import { rememberTitle } from '../record-titles.ts'
import { type Board, type ColumnKey, commitMove, isStale, NO_VALUE } from './kanbanModel.ts'

const CARDS_PER_COLUMN = 30
export const STALE_DAYS = 7

interface Props {
  object: ObjectMeta
  field: FieldMeta
  /** the list's filter (URL), AND-ed with each column's value */
  filter: Filter | null
  onOpen(rec: RecordDto): void
  staleDays?: number
}

/** `/o/:object?mode=kanban&groupBy=<select>`: a column per option, counts and sums, drag to change the value. */
export function KanbanBoard({ object, field, filter, onOpen, staleDays = STALE_DAYS }: Props) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { message } = App.useApp()
  const me = useMe()
  const [board, setBoard] = useState<Board | null>(null)
  const [error, setError] = useState<unknown>(null)
  const boardRef = useRef<Board | null>(null)
  boardRef.current = board
  const choices = useMemo(() => optionsOf(field).choices ?? [], [field])
  const sumFields = useMemo(
    () =>
      object.fields.filter((f) => f.isActive && (f.type === 'currency' || f.type === 'number')).slice(0, 2),
    [object],
  )
  const filterKey = JSON.stringify(filter)

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setError(null)
      const base = filterKey === 'null' ? null : (JSON.parse(filterKey) as Filter)
      const keys: ColumnKey[] = [...choices.map((c) => c.value), NO_VALUE]
      const colFilter = (k: ColumnKey): Filter => {
        const own: Filter =
          k === NO_VALUE ? { field: field.name, op: 'is_empty' } : { field: field.name, op: 'eq', value: k }
        return base ? { and: [base, own] } : own
      }
      try {
        const [groups, ...lists] = await Promise.all([
          recordsApi.groups(
            object.name,
            { groupBy: field.name, sum: sumFields.map((f) => f.name), filter: base },
            signal,
          ),
          ...keys.map((k) =>
            recordsApi.list(
              object.name,
              { filter: colFilter(k), sort: '-updated_at', limit: CARDS_PER_COLUMN },
              signal,
            ),
          ),
        ])
        const byKey = new Map(
          groups.data.map((g) => [g.key === null || g.key === undefined ? NO_VALUE : String(g.key), g]),
        )
        setBoard(
          keys
            .map((k, i) => ({
              key: k,
              cards: lists[i]?.data ?? [],
              count: byKey.get(k)?.count ?? 0,
              sums: byKey.get(k)?.sums ?? {},
            }))
            // the "no value" column only when it has records
            .filter((c) => c.key !== NO_VALUE || c.count > 0),
        )
      } catch (e) {
        if (e instanceof DOMException && e.name === 'AbortError') return
        setError(e)
      }
    },
    [object.name, field.name, choices, sumFields, filterKey],
  )

  useEffect(() => {
    const ac = new AbortController()
    void load(ac.signal)
    return () => ac.abort()
  }, [load])

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor),
  )

  const onDragEnd = async (e: DragEndEvent) => {
    const before = boardRef.current
    if (!before || !e.over) return
    const id = String(e.active.id)
    const to = String(e.over.id).replace(/^col:/, '')
    const result = await commitMove(
      before,
      id,
      to,
      field.name,
      (next) => setBoard((b) => (typeof next === 'function' ? (b ? next(b) : b) : next)),
      (card, value) => recordsApi.update(object.name, id, { [field.name]: value }, card.version),
    )
    // rolled back, with the server's own message (409 stale version, 403, 400)
    if (result && !result.ok)
      message.error({ content: problemText(result.error, t).title, key: `move-${id}` })
  }

  if (error !== null) return <ProblemAlert error={error} onRetry={() => void load()} />
  if (!board) return <Skeleton active paragraph={{ rows: 8 }} />

  const now = new Date()
  const colLabel = (k: ColumnKey) => {
    if (k === NO_VALUE) return t('kanban.noValue')
    const c = choices.find((x) => x.value === k)
    return c ? labelOf(c.label, locale) || c.value : k
  }
  const colColor = (k: ColumnKey) => tagColor(choices.find((x) => x.value === k)?.color)
  const fields = cardFields(object, 3)
    .filter((f) => f.name !== field.name)
    .slice(0, 3)
  const titleField = object.fields.find((f) => f.name === object.titleField)
  // a card moves by changing the grouped field: not offered to a role that may not change it
  const movable = canEditField(me, object.name, field)

  return (
    <DndContext sensors={sensors} onDragEnd={onDragEnd}>
      <div className="km-kanban" data-testid="kanban">
        {board.map((col) => (
          <KanbanColumn key={col.key || '∅'} id={col.key}>
            <div className="km-kanban-head">
              <Tag color={colColor(col.key)} variant="filled" className="km-kanban-label">
                {colLabel(col.key)}
              </Tag>
              <span className="km-kanban-count" data-testid="kanban-count">
                {col.count.toLocaleString(locale)}
              </span>
            </div>
            {sumFields.map((f) => {
              const v = col.sums[f.name]
              if (v === null || v === undefined) return null
              return (
                <div key={f.name} className="km-kanban-sum">
                  {labelOf(f.label, locale)} {formatSum(v, locale)}
                </div>
              )
            })}
            <div className="km-kanban-cards">
              {col.cards.length === 0 && (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('kanban.empty')} />
              )}
              {col.cards.map((rec) => (
                <KanbanCard key={rec.id} id={rec.id} disabled={!movable}>
                  <button
                    type="button"
                    className="km-kanban-title"
                    onClick={() => {
                      const title = rec[object.titleField]
                      if (typeof title === 'string') rememberTitle(object.name, rec.id, title)
                      onOpen(rec)
                    }}
                  >
                    {titleField ? String(rec[titleField.name] ?? t('record.untitled')) : rec.id}
                  </button>
                  {isStale(rec, now, staleDays) && (
                    <Tooltip title={t('kanban.staleHint', { count: staleDays })}>
                      <Tag
                        icon={<ClockCircleOutlined />}
                        color="warning"
                        className="km-kanban-stale"
                        data-testid="kanban-stale"
                      >
                        {t('kanban.stale')}
                      </Tag>
                    </Tooltip>
                  )}
                  {fields.map((f) =>
                    rec[f.name] === null || rec[f.name] === undefined || rec[f.name] === '' ? null : (
                      <div key={f.name} className="km-kanban-field">
                        <span className="km-kanban-field-label">{labelOf(f.label, locale)}</span>
                        <FieldValue field={f} value={rec[f.name]} timeZone={me.workspace.timeZone} compact />
                      </div>
                    ),
                  )}
                </KanbanCard>
              ))}
              {col.count > col.cards.length && (
                <div className="km-kanban-more">
                  {t('kanban.more', { count: col.count - col.cards.length })}
                </div>
              )}
            </div>
          </KanbanColumn>
        ))}
      </div>
    </DndContext>
  )
}

function formatSum(v: unknown, locale: Locale): string {
  if (typeof v === 'number') return formatNumber(v, locale)
  if (typeof v === 'string' && Number.isFinite(Number(v))) return formatNumber(Number(v), locale)
  if (v && typeof v === 'object' && 'amount' in v && 'currency' in v) {
    const m = v as { amount: string | number; currency: string }
    return formatMoney(m.amount, m.currency, locale)
  }
  if (v && typeof v === 'object') {
    // money sums come per currency: { CNY: '965…', USD: '129…' }; the two largest, then how many more
    const parts = Object.entries(v as Record<string, string | number>).sort(
      ([, a], [, b]) => Number(b) - Number(a),
    )
    const shown = parts.slice(0, 2).map(([cur, amount]) => formatMoney(amount, cur, locale))
    return parts.length > 2 ? `${shown.join(' · ')} +${parts.length - 2}` : shown.join(' · ')
  }
  return String(v)
}

function KanbanColumn({ id, children }: { id: ColumnKey; children: React.ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: `col:${id}` })
  return (
    <section
      ref={setNodeRef}
      className={`km-kanban-col${isOver ? ' km-kanban-over' : ''}`}
      data-testid="kanban-column"
      data-column={id}
    >
      {children}
    </section>
  )
}

function KanbanCard({
  id,
  disabled,
  children,
}: {
  id: string
  disabled: boolean
  children: React.ReactNode
}) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id, disabled })
  return (
    <article
      ref={setNodeRef}
      className={`km-kanban-card${isDragging ? ' km-kanban-dragging' : ''}`}
      style={transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` } : undefined}
      data-testid="kanban-card"
      data-id={id}
      {...listeners}
      {...attributes}
    >
      {children}
    </article>
  )
}
