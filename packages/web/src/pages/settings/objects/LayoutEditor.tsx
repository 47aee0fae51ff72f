import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EditOutlined,
  HolderOutlined,
  MoreOutlined,
  PlusOutlined,
} from '@ant-design/icons'
import {
  type CollisionDetection,
  closestCenter,
  DndContext,
  type DragEndEvent,
  type DragOverEvent,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core'
import {
  rectSortingStrategy,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
} from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import type { Label } from '@kemai/shared/fields'
import type { Locale } from '@kemai/shared/i18n/messages'
import {
  App,
  Button,
  Card,
  Checkbox,
  Dropdown,
  Empty,
  type MenuProps,
  Popconfirm,
  Segmented,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import { type ReactNode, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ObjectMeta } from '../../../platform/endpoints.ts'
import { labelOf } from '../../../platform/label.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { metadataAdminApi } from './api.ts'
import { LayoutPreview } from './LayoutPreview.tsx'
import {
  addSection,
  type Draft,
  draftOf,
  MAX_SECTIONS,
  moveField,
  moveSection,
  poolOf,
  removeSection,
  sameDraft,
  sectionOf,
  updateSection,
} from './layoutModel.ts'
import { SectionLabelModal } from './SectionLabelModal.tsx'

const POOL = 'pool:'
const container = (key: string | null) => (key === null ? POOL : `sec:${key}`)

/**
 * Under the pointer, a field beats the section around it (so an empty section takes a drop and a full
 * one inserts at the field); without a pointer (keyboard) the closest centre.
 */
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args)
  if (!hits.length) return closestCenter(args)
  const field = hits.find((h) => !String(h.id).startsWith('sec:') && h.id !== POOL)
  return field ? [field] : hits
}

/**
 * `/settings/objects/{object}/layout`: the record page's sections (add, rename in both languages,
 * one or two columns, reorder, remove) and the fields in each — drag between sections, or "Move to" —
 * with a preview; saved to the object's `layout`.
 */
export function LayoutEditor({ object, onSaved }: { object: ObjectMeta; onSaved: () => void }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { message } = App.useApp()
  const defaultLabel = useMemo<Label>(
    () => ({
      'zh-CN': t('settings.layout.defaultSection', { lng: 'zh-CN' }),
      en: t('settings.layout.defaultSection', { lng: 'en' }),
    }),
    [t],
  )
  const stored = JSON.stringify(object.layout)
  const fieldsKey = object.fields.map((f) => `${f.name}:${f.isActive}`).join(',')
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read when the stored layout or the fields change
  const initial = useMemo(() => draftOf(object, defaultLabel), [stored, fieldsKey, defaultLabel])
  const [draft, setDraft] = useState<Draft>(initial)
  const [mode, setMode] = useState<'edit' | 'preview'>('edit')
  const [naming, setNaming] = useState<{ key: string | null; label?: Label } | null>(null)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => setDraft(initial), [initial])

  const dirty = !sameDraft(draft, initial)
  const pool = poolOf(draft, object)
  const byName = new Map(object.fields.map((f) => [f.name, f]))
  const fieldLabel = (name: string) => labelOf(byName.get(name)?.label, locale) || name

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  )
  /** the container (section or pool) of a draggable or droppable id */
  const whereIs = (id: string): string => {
    if (id.startsWith('sec:') || id === POOL) return id
    return container(sectionOf(draft, id))
  }
  const listOf = (c: string): string[] =>
    c === POOL ? pool : (draft.sections.find((s) => container(s.key) === c)?.fields ?? [])
  const sectionKey = (c: string) => (c === POOL ? null : c.slice(4))

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return
    const from = whereIs(String(active.id))
    const to = whereIs(String(over.id))
    if (from === to) return
    const list = listOf(to)
    const at = list.indexOf(String(over.id))
    setDraft((d) => moveField(d, String(active.id), sectionKey(to), at < 0 ? undefined : at))
  }
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return
    const to = whereIs(String(over.id))
    if (to === POOL || to !== whereIs(String(active.id))) return
    const at = listOf(to).indexOf(String(over.id))
    setDraft((d) => moveField(d, String(active.id), sectionKey(to), at < 0 ? undefined : at))
  }

  const save = async (layout: Draft | null) => {
    setSaving(true)
    setError(null)
    try {
      await metadataAdminApi.updateObject(object.name, { layout })
      message.success(t('settings.layout.saved'))
      onSaved()
    } catch (e) {
      setError(e)
    } finally {
      setSaving(false)
    }
  }

  const moveMenu = (field: string): MenuProps => ({
    items: [
      ...draft.sections.map((s) => ({ key: s.key, label: labelOf(s.label, locale) })),
      { type: 'divider' as const },
      { key: POOL, label: t('settings.layout.unplace') },
    ],
    onClick: ({ key }: { key: string }) => setDraft((d) => moveField(d, field, key === POOL ? null : key)),
  })

  const chip = (name: string) => (
    <FieldChip
      key={name}
      id={name}
      label={fieldLabel(name)}
      inactive={byName.get(name)?.isActive === false}
      moveMenu={moveMenu(name)}
      moveLabel={t('settings.layout.moveTo', { name: fieldLabel(name) })}
      dragLabel={t('settings.objects.dragField', { name: fieldLabel(name) })}
      inactiveLabel={t('settings.objects.inactive')}
    />
  )

  return (
    <div className="km-layout" data-testid="layout-editor">
      <div className="km-layout-bar">
        <Segmented
          value={mode}
          onChange={(v) => setMode(v as 'edit' | 'preview')}
          options={[
            { value: 'edit', label: t('settings.layout.edit') },
            { value: 'preview', label: t('settings.layout.preview') },
          ]}
        />
        <Space wrap>
          <Popconfirm
            title={t('settings.layout.resetConfirm')}
            okText={t('settings.layout.reset')}
            cancelText={t('action.cancel')}
            onConfirm={() => void save(null)}
            disabled={object.layout === null}
          >
            <Button disabled={object.layout === null || saving}>{t('settings.layout.reset')}</Button>
          </Popconfirm>
          <Button disabled={!dirty || saving} onClick={() => setDraft(initial)}>
            {t('settings.layout.discard')}
          </Button>
          <Button type="primary" disabled={!dirty} loading={saving} onClick={() => void save(draft)}>
            {t('action.save')}
          </Button>
        </Space>
      </div>
      {error ? <ProblemAlert error={error} /> : null}
      {mode === 'preview' ? (
        <LayoutPreview draft={draft} pool={pool} object={object} />
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={collision}
          onDragOver={onDragOver}
          onDragEnd={onDragEnd}
        >
          <Typography.Paragraph type="secondary">{t('settings.layout.hint')}</Typography.Paragraph>
          {draft.sections.length === 0 ? <Empty description={t('settings.layout.noSections')} /> : null}
          {draft.sections.map((s, i) => (
            <Card
              key={s.key}
              size="small"
              className="km-layout-section"
              data-testid={`layout-section-${s.key}`}
              title={
                <span className="km-layout-title">
                  {labelOf(s.label, locale)}
                  <Typography.Text type="secondary" className="km-layout-other">
                    {labelOf(s.label, locale === 'en' ? 'zh-CN' : 'en')}
                  </Typography.Text>
                </span>
              }
              extra={
                <Space size={2} wrap className="km-layout-tools">
                  <Checkbox
                    checked={s.collapsed}
                    onChange={(e) =>
                      setDraft((d) => updateSection(d, s.key, { collapsed: e.target.checked }))
                    }
                  >
                    {t('settings.layout.collapsed')}
                  </Checkbox>
                  <Segmented
                    size="small"
                    value={s.columns}
                    onChange={(v) => setDraft((d) => updateSection(d, s.key, { columns: v as 1 | 2 }))}
                    options={[
                      { value: 1, label: t('settings.layout.oneColumn') },
                      { value: 2, label: t('settings.layout.twoColumns') },
                    ]}
                  />
                  <IconButton
                    title={t('settings.layout.up')}
                    disabled={i === 0}
                    onClick={() => setDraft((d) => moveSection(d, s.key, -1))}
                  >
                    <ArrowUpOutlined />
                  </IconButton>
                  <IconButton
                    title={t('settings.layout.down')}
                    disabled={i === draft.sections.length - 1}
                    onClick={() => setDraft((d) => moveSection(d, s.key, 1))}
                  >
                    <ArrowDownOutlined />
                  </IconButton>
                  <IconButton
                    title={t('settings.layout.rename')}
                    onClick={() => setNaming({ key: s.key, label: s.label })}
                  >
                    <EditOutlined />
                  </IconButton>
                  <IconButton
                    title={t('settings.layout.remove')}
                    onClick={() => setDraft((d) => removeSection(d, s.key))}
                  >
                    <DeleteOutlined />
                  </IconButton>
                </Space>
              }
            >
              <Drop id={container(s.key)} empty={t('settings.layout.emptySection')}>
                <SortableContext items={s.fields} strategy={rectSortingStrategy}>
                  {s.fields.map(chip)}
                </SortableContext>
              </Drop>
            </Card>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            block
            disabled={draft.sections.length >= MAX_SECTIONS}
            onClick={() => setNaming({ key: null })}
          >
            {t('settings.layout.addSection')}
          </Button>
          <Card
            size="small"
            className="km-layout-pool"
            title={t('settings.layout.pool')}
            data-testid="layout-pool"
          >
            <Typography.Paragraph type="secondary">{t('settings.layout.poolHint')}</Typography.Paragraph>
            <Drop id={POOL} empty={t('settings.layout.poolEmpty')}>
              <SortableContext items={pool} strategy={rectSortingStrategy}>
                {pool.map(chip)}
              </SortableContext>
            </Drop>
          </Card>
        </DndContext>
      )}
      <SectionLabelModal
        open={naming !== null}
        initial={naming?.label}
        title={naming?.key ? t('settings.layout.rename') : t('settings.layout.addSection')}
        onClose={() => setNaming(null)}
        onOk={(label) => {
          setDraft((d) => (naming?.key ? updateSection(d, naming.key, { label }) : addSection(d, label)))
          setNaming(null)
        }}
      />
    </div>
  )
}

function IconButton({
  title,
  disabled,
  onClick,
  children,
}: {
  title: string
  disabled?: boolean
  onClick: () => void
  children: ReactNode
}) {
  return (
    <Tooltip title={title}>
      <Button
        size="small"
        type="text"
        aria-label={title}
        disabled={disabled}
        onClick={onClick}
        icon={children}
      />
    </Tooltip>
  )
}

function Drop({ id, empty, children }: { id: string; empty: string; children: ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id })
  return (
    <div ref={setNodeRef} className={`km-layout-drop${isOver ? ' km-over' : ''}`}>
      {children}
      <span className="km-layout-drop-hint">{empty}</span>
    </div>
  )
}

function FieldChip({
  id,
  label,
  inactive,
  moveMenu,
  moveLabel,
  dragLabel,
  inactiveLabel,
}: {
  id: string
  label: string
  inactive: boolean
  moveMenu: MenuProps
  moveLabel: string
  dragLabel: string
  inactiveLabel: string
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id })
  return (
    <div
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={`km-layout-chip${isDragging ? ' km-dragging' : ''}`}
      data-testid={`layout-field-${id}`}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        className="km-drag-handle"
        aria-label={dragLabel}
        {...attributes}
        {...listeners}
      >
        <HolderOutlined />
      </button>
      <span className="km-layout-chip-label">{label}</span>
      {inactive ? <Tag>{inactiveLabel}</Tag> : null}
      <Dropdown trigger={['click']} menu={moveMenu}>
        <Button
          size="small"
          type="text"
          aria-label={moveLabel}
          className="km-layout-move"
          icon={<MoreOutlined />}
        />
      </Dropdown>
    </div>
  )
}
