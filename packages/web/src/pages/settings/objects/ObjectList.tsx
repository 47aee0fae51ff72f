import { MoreOutlined, PlusOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Button, Card, Dropdown, Empty, Skeleton, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { ObjectMeta } from '../../../platform/endpoints.ts'
import { labelOf } from '../../../platform/label.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { confirmationCount, metadataAdminApi } from './api.ts'
import { DangerDialog } from './DangerDialog.tsx'
import { ObjectIcon } from './icons.tsx'
import { ObjectFormModal } from './ObjectFormModal.tsx'
import type { AdminObjects } from './useObjects.ts'

type Pending =
  | { kind: 'deactivate'; object: ObjectMeta }
  | { kind: 'delete'; object: ObjectMeta; records: number | null }

/** `/settings/objects`: custom objects first (create, rename, deactivate, delete), then the standard ones. */
export function ObjectList({ data }: { data: AdminObjects }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { message } = App.useApp()
  const [editing, setEditing] = useState<ObjectMeta | 'new' | null>(null)
  const [pending, setPending] = useState<Pending | null>(null)
  const { objects, counts } = data
  const taken = useMemo(() => new Set((objects ?? []).map((o) => o.name)), [objects])
  const custom = (objects ?? []).filter((o) => !o.isSystem)
  const standard = (objects ?? []).filter((o) => o.isSystem)

  const reactivate = async (o: ObjectMeta) => {
    try {
      await metadataAdminApi.updateObject(o.name, { isActive: true })
      message.success(t('settings.objects.reactivated', { name: labelOf(o.label, locale) }))
      data.changed()
    } catch (e) {
      message.error((e as Error).message || t('error.unknown'))
    }
  }

  const row = (o: ObjectMeta) => {
    const n = counts?.[o.name]
    const label = labelOf(o.label, locale)
    const menu = [
      { key: 'edit', label: t('settings.objects.editObject') },
      o.isActive
        ? {
            key: 'deactivate',
            label: t('settings.objects.deactivate'),
            disabled: o.isSystem,
            title: o.isSystem ? t('settings.objects.systemObjectLocked') : undefined,
          }
        : { key: 'reactivate', label: t('settings.objects.reactivate') },
      {
        key: 'delete',
        danger: true,
        label: t('settings.objects.delete'),
        disabled: o.isSystem,
        title: o.isSystem ? t('settings.objects.systemObjectLocked') : undefined,
      },
    ]
    return (
      <li
        key={o.name}
        className={`km-obj-row${o.isActive ? '' : ' km-inactive'}`}
        data-testid={`object-row-${o.name}`}
      >
        <ObjectIcon name={o.icon} />
        <div className="km-obj-main">
          <span className="km-obj-title">
            <Link to={`/settings/objects/${o.name}`}>{label}</Link>
            {o.isActive ? null : <Tag>{t('settings.objects.inactive')}</Tag>}
          </span>
          <span className="km-obj-meta">
            <Typography.Text code>{o.name}</Typography.Text>
            <span>
              {o.module ? t(`module.${o.module}`, { defaultValue: o.module }) : t('settings.objects.custom')}
            </span>
            <span>{t('settings.objects.fieldCount', { count: o.fields.length })}</span>
            <span>{n === undefined ? '—' : t('settings.objects.recordCount', { count: n })}</span>
          </span>
        </div>
        <Dropdown
          trigger={['click']}
          menu={{
            items: menu,
            onClick: ({ key }) => {
              if (key === 'edit') setEditing(o)
              else if (key === 'deactivate') setPending({ kind: 'deactivate', object: o })
              else if (key === 'reactivate') void reactivate(o)
              else if (key === 'delete') setPending({ kind: 'delete', object: o, records: n ?? null })
            },
          }}
        >
          <Button
            type="text"
            icon={<MoreOutlined />}
            aria-label={t('settings.objects.actionsOf', { name: label })}
          />
        </Dropdown>
      </li>
    )
  }

  if (data.error && !objects) return <ProblemAlert error={data.error} onRetry={data.reload} />

  const p = pending
  const pLabel = p ? labelOf(p.object.label, locale) : ''
  const deleteCount = p?.kind === 'delete' ? p.records : null
  const deactivateCount = p ? counts?.[p.object.name] : undefined

  return (
    <div className="km-settings-stack km-objects" data-testid="settings-objects">
      <div className="km-obj-head">
        <div>
          <Typography.Title level={4}>{t('settings.objects.title')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('settings.objects.intro')}</Typography.Paragraph>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('settings.objects.newObject')}
        </Button>
      </div>
      {!objects ? (
        <Card>
          <Skeleton active avatar paragraph={{ rows: 6 }} />
        </Card>
      ) : (
        <>
          <Card title={t('settings.objects.customObjects')} size="small">
            {custom.length ? (
              <ul className="km-obj-list">{custom.map(row)}</ul>
            ) : (
              <Empty description={t('settings.objects.noCustom')}>
                <Button type="primary" onClick={() => setEditing('new')}>
                  {t('settings.objects.newObject')}
                </Button>
              </Empty>
            )}
          </Card>
          <Card title={t('settings.objects.standardObjects')} size="small">
            <ul className="km-obj-list">{standard.map(row)}</ul>
          </Card>
        </>
      )}

      <ObjectFormModal
        open={editing !== null}
        object={editing === 'new' || editing === null ? undefined : editing}
        taken={taken}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null)
          data.changed()
        }}
      />

      <DangerDialog
        open={p?.kind === 'deactivate'}
        title={t('settings.objects.deactivateTitle', { name: pLabel })}
        okText={t('settings.objects.deactivate')}
        onClose={() => setPending(null)}
        onOk={async () => {
          if (!p) return true
          await metadataAdminApi.updateObject(p.object.name, { isActive: false })
          message.success(t('settings.objects.deactivated', { name: pLabel }))
          data.changed()
          return true
        }}
      >
        <Typography.Paragraph>
          {deactivateCount === undefined
            ? t('settings.objects.deactivateBody')
            : t('settings.objects.deactivateBodyCount', { count: deactivateCount })}
        </Typography.Paragraph>
      </DangerDialog>

      <DangerDialog
        open={p?.kind === 'delete'}
        title={t('settings.objects.deleteTitle', { name: pLabel })}
        okText={t('settings.objects.delete')}
        typeToConfirm={deleteCount ? p?.object.name : null}
        onClose={() => setPending(null)}
        onOk={async () => {
          if (p?.kind !== 'delete') return true
          try {
            await metadataAdminApi.deleteObject(p.object.name, !!p.records)
          } catch (e) {
            const n = confirmationCount(e)
            if (n === null) throw e
            // records the count did not include (the recycle bin, or new ones): say so and ask for the name
            setPending({ ...p, records: n })
            return false
          }
          message.success(t('settings.objects.deleted', { name: pLabel }))
          data.changed()
          return true
        }}
      >
        <Typography.Paragraph data-testid="delete-object-count">
          {deleteCount
            ? t('settings.objects.deleteBodyCount', { count: deleteCount })
            : t('settings.objects.deleteBody')}
        </Typography.Paragraph>
      </DangerDialog>
    </div>
  )
}
