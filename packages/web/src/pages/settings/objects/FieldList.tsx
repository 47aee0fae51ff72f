import { HolderOutlined, LockOutlined, MoreOutlined, PlusOutlined } from '@ant-design/icons'
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
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Button, Card, Dropdown, Empty, Tag, Tooltip, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FieldMeta, ObjectMeta } from '../../../platform/endpoints.ts'
import { optionsOf } from '../../../platform/endpoints.ts'
import { labelOf } from '../../../platform/label.ts'
import { confirmationCount, metadataAdminApi } from './api.ts'
import { DangerDialog } from './DangerDialog.tsx'
import { FieldEditor } from './FieldEditor.tsx'
import { lockReason } from './fieldTypes.ts'

/**
 * The fields of an object in their order: drag (or keyboard: space, arrows, space) to reorder — one
 * PATCH with the whole order —, add, edit, deactivate and delete. Built-in fields and the title field
 * cannot be deactivated or deleted; the lock says why.
 */
export function FieldList({
  object,
  objects,
  onChanged,
}: {
  object: ObjectMeta
  objects: ObjectMeta[]
  onChanged: () => void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { message } = App.useApp()
  const [order, setOrder] = useState(() => object.fields.map((f) => f.name))
  const [counts, setCounts] = useState<Record<string, number>>()
  const [editing, setEditing] = useState<FieldMeta | 'new' | null>(null)
  const [deleting, setDeleting] = useState<{ field: FieldMeta; records: number | null } | null>(null)
  const signature = object.fields.map((f) => f.name).join(',')

  useEffect(() => {
    setOrder(signature ? signature.split(',') : [])
    const ctl = new AbortController()
    metadataAdminApi
      .objectCounts(object.name, ctl.signal)
      .then((r) => {
        if (!ctl.signal.aborted) setCounts(r.fields)
      })
      .catch(() => {
        // counts are a nicety: the delete dialog asks the server anyway
      })
    return () => ctl.abort()
  }, [object.name, signature])

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  )
  const byName = new Map(object.fields.map((f) => [f.name, f]))
  const fields = order.map((n) => byName.get(n)).filter((f): f is FieldMeta => !!f)

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return
    const before = order
    const next = arrayMove(order, order.indexOf(String(active.id)), order.indexOf(String(over.id)))
    setOrder(next)
    try {
      await metadataAdminApi.updateObject(object.name, { fieldOrder: next })
      onChanged()
    } catch (e) {
      setOrder(before)
      message.error((e as Error).message || t('error.unknown'))
    }
  }

  const setActive = async (f: FieldMeta, isActive: boolean) => {
    try {
      await metadataAdminApi.updateField(object.name, f.name, { isActive })
      message.success(
        t(isActive ? 'settings.objects.fieldReactivated' : 'settings.objects.fieldDeactivated', {
          name: labelOf(f.label, locale),
        }),
      )
      onChanged()
    } catch (e) {
      message.error((e as Error).message || t('error.unknown'))
    }
  }

  const d = deleting
  const dLabel = d ? labelOf(d.field.label, locale) : ''

  return (
    <Card
      size="small"
      title={t('settings.objects.fieldsTitle', { count: fields.length })}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('settings.objects.addField')}
        </Button>
      }
      className="km-field-card"
    >
      <Typography.Paragraph type="secondary" className="km-field-hint">
        {t('settings.objects.reorderHint')}
      </Typography.Paragraph>
      {fields.length === 0 ? (
        <Empty description={t('settings.objects.noFields')} />
      ) : (
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={order} strategy={verticalListSortingStrategy}>
            <ul className="km-field-list" aria-label={t('settings.objects.fieldsTab')}>
              {fields.map((f) => (
                <FieldRow
                  key={f.name}
                  field={f}
                  object={object}
                  count={counts?.[f.name]}
                  onEdit={() => setEditing(f)}
                  onActive={(v) => void setActive(f, v)}
                  onDelete={() => setDeleting({ field: f, records: counts?.[f.name] ?? null })}
                />
              ))}
            </ul>
          </SortableContext>
        </DndContext>
      )}
      <FieldEditor
        open={editing !== null}
        object={object}
        objects={objects}
        field={editing === 'new' || editing === null ? undefined : editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null)
          onChanged()
        }}
      />
      <DangerDialog
        open={d !== null}
        title={t('settings.objects.deleteFieldTitle', { name: dLabel })}
        okText={t('settings.objects.delete')}
        typeToConfirm={d?.records ? d.field.name : null}
        onClose={() => setDeleting(null)}
        onOk={async () => {
          if (!d) return true
          try {
            await metadataAdminApi.deleteField(object.name, d.field.name, !!d.records)
          } catch (e) {
            const n = confirmationCount(e)
            if (n === null) throw e
            setDeleting({ ...d, records: n })
            return false
          }
          message.success(t('settings.objects.fieldDeleted', { name: dLabel }))
          onChanged()
          return true
        }}
      >
        <Typography.Paragraph data-testid="delete-field-count">
          {d?.records
            ? t('settings.objects.deleteFieldBodyCount', { count: d.records })
            : t('settings.objects.deleteFieldBody')}
        </Typography.Paragraph>
      </DangerDialog>
    </Card>
  )
}

function FieldRow({
  field: f,
  object,
  count,
  onEdit,
  onActive,
  onDelete,
}: {
  field: FieldMeta
  object: ObjectMeta
  count: number | undefined
  onEdit: () => void
  onActive: (active: boolean) => void
  onDelete: () => void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: f.name })
  const o = optionsOf(f)
  const lock = lockReason(f, object.titleField)
  const label = labelOf(f.label, locale)
  const reason = lock ? t(`settings.objects.lock.${lock}`) : undefined
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={`km-field-row${isDragging ? ' km-dragging' : ''}${f.isActive ? '' : ' km-inactive'}`}
      data-testid={`field-row-${f.name}`}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        className="km-drag-handle"
        aria-label={t('settings.objects.dragField', { name: label })}
        {...attributes}
        {...listeners}
      >
        <HolderOutlined />
      </button>
      <div className="km-field-main">
        <span className="km-field-label">
          {label}
          {lock ? (
            <Tooltip title={reason}>
              <LockOutlined className="km-lock" aria-label={reason} />
            </Tooltip>
          ) : null}
        </span>
        <span className="km-obj-meta">
          <Typography.Text code>{f.name}</Typography.Text>
          <Tag variant="filled" color="blue">
            {t(`settings.objects.types.${f.type}`)}
          </Tag>
          {f.name === object.titleField ? <Tag>{t('settings.objects.titleField')}</Tag> : null}
          {o.required ? <Tag color="orange">{t('settings.objects.opt.required')}</Tag> : null}
          {o.unique ? <Tag color="purple">{t('settings.objects.opt.unique')}</Tag> : null}
          {f.isSystem ? <Tag>{t('settings.objects.system')}</Tag> : null}
          {f.isActive ? null : <Tag>{t('settings.objects.inactive')}</Tag>}
          {count !== undefined ? (
            <span className="km-field-count">{t('settings.objects.valueCount', { count })}</span>
          ) : null}
        </span>
      </div>
      <div className="km-field-actions">
        <Button size="small" onClick={onEdit}>
          {t('settings.objects.edit')}
        </Button>
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              f.isActive
                ? { key: 'deactivate', label: t('settings.objects.deactivate'), disabled: !!lock }
                : { key: 'reactivate', label: t('settings.objects.reactivate') },
              { key: 'delete', danger: true, label: t('settings.objects.delete'), disabled: !!lock },
              ...(reason
                ? [{ type: 'divider' as const }, { key: 'why', disabled: true, label: reason }]
                : []),
            ],
            onClick: ({ key }) => {
              if (key === 'deactivate') onActive(false)
              else if (key === 'reactivate') onActive(true)
              else if (key === 'delete') onDelete()
            },
          }}
        >
          <Button
            size="small"
            type="text"
            icon={<MoreOutlined />}
            aria-label={t('settings.objects.actionsOf', { name: label })}
          />
        </Dropdown>
      </div>
    </li>
  )
}
