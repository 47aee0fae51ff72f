import { HolderOutlined, InsertRowRightOutlined } from '@ant-design/icons'
import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core'
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable'
import { Button, Checkbox, Popover, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { moveColumn } from './columnState.ts'
import type { ListColumn } from './columns.ts'

interface Props {
  /** every column the list can show; the first is the title column */
  available: ListColumn[]
  /** the columns shown now, in order, with their widths */
  shown: ListColumn[]
  onChange(shown: ListColumn[]): void
  onReset(): void
  compact?: boolean
}

/** The columns button: show or hide each column, drag (or keyboard: space, arrows, space) to reorder. */
export function ColumnPicker({ available, shown, onChange, onReset, compact }: Props) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const title = available[0]?.key
  const shownKeys = new Set(shown.map((c) => c.key))
  const ordered = [...shown, ...available.filter((c) => !shownKeys.has(c.key))]
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  )

  const emit = (list: ListColumn[], keys: Set<string>) => onChange(list.filter((c) => keys.has(c.key)))
  const toggle = (key: string, on: boolean) => {
    const keys = new Set(shownKeys)
    if (on) keys.add(key)
    else keys.delete(key)
    emit(ordered, keys)
  }
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over) emit(moveColumn(ordered, String(active.id), String(over.id), title), shownKeys)
  }

  const panel = (
    <div className="km-colpicker" data-testid="column-picker">
      <Typography.Text type="secondary" className="km-colpicker-hint">
        {t('list.columnsHint')}
      </Typography.Text>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={ordered.map((c) => c.key)} strategy={verticalListSortingStrategy}>
          <ul className="km-colpicker-list">
            {ordered.map((c) => (
              <PickerRow
                key={c.key}
                column={c}
                fixed={c.key === title}
                checked={shownKeys.has(c.key)}
                onToggle={(on) => toggle(c.key, on)}
              />
            ))}
          </ul>
        </SortableContext>
      </DndContext>
      <div className="km-colpicker-foot">
        <Button size="small" type="link" onClick={onReset}>
          {t('list.columnsReset')}
        </Button>
      </div>
    </div>
  )
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      title={t('list.columnsTitle')}
      content={panel}
    >
      <Button icon={<InsertRowRightOutlined />} aria-label={t('list.columns')} data-testid="columns-button">
        {compact ? null : t('list.columns')}
      </Button>
    </Popover>
  )
}

function PickerRow({
  column,
  fixed,
  checked,
  onToggle,
}: {
  column: ListColumn
  fixed: boolean
  checked: boolean
  onToggle(on: boolean): void
}) {
  const { t } = useTranslation()
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: column.key,
    disabled: fixed,
  })
  const style = {
    transform: transform ? `translate3d(0, ${Math.round(transform.y)}px, 0)` : undefined,
    transition,
    zIndex: isDragging ? 1 : undefined,
  }
  return (
    <li ref={setNodeRef} style={style} className={`km-colpicker-row${isDragging ? ' km-dragging' : ''}`}>
      <button
        type="button"
        className="km-drag-handle"
        aria-label={t('list.dragColumn', { column: column.title })}
        disabled={fixed}
        {...attributes}
        {...listeners}
      >
        <HolderOutlined aria-hidden />
      </button>
      <Checkbox checked={checked} disabled={fixed} onChange={(e) => onToggle(e.target.checked)}>
        {column.title}
      </Checkbox>
    </li>
  )
}
