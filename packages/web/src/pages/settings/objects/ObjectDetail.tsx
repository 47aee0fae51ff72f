import { ArrowLeftOutlined, EditOutlined, UnorderedListOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Button, Card, Result, Skeleton, Tabs, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { labelOf } from '../../../platform/label.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { FieldList } from './FieldList.tsx'
import { ObjectIcon } from './icons.tsx'
import { LayoutEditor } from './LayoutEditor.tsx'
import { ObjectFormModal } from './ObjectFormModal.tsx'
import type { AdminObjects } from './useObjects.ts'

/** `/settings/objects/{object}[/layout]`: the object's fields, or its record page layout. */
export function ObjectDetail({
  data,
  name,
  tab,
}: {
  data: AdminObjects
  name: string
  tab: 'fields' | 'layout'
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const navigate = useNavigate()
  const [editing, setEditing] = useState(false)
  const object = data.objects?.find((o) => o.name === name)
  const taken = useMemo(() => new Set((data.objects ?? []).map((o) => o.name)), [data.objects])

  const back = (
    <Link to="/settings/objects" className="km-obj-back">
      <ArrowLeftOutlined /> {t('settings.objects.title')}
    </Link>
  )
  if (!data.objects) {
    if (data.error) return <ProblemAlert error={data.error} onRetry={data.reload} />
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    )
  }
  if (!object)
    return (
      <Result
        status="404"
        title={t('settings.objects.noSuchObject')}
        subTitle={t('settings.objects.noSuchObjectHint')}
        extra={back}
      />
    )

  return (
    <div className="km-settings-stack km-objects" data-testid="settings-object">
      {back}
      <div className="km-obj-head">
        <div className="km-obj-heading">
          <ObjectIcon name={object.icon} />
          <div>
            <Typography.Title level={4}>
              {labelOf(object.label, locale)}{' '}
              {object.isActive ? null : <Tag>{t('settings.objects.inactive')}</Tag>}
            </Typography.Title>
            <span className="km-obj-meta">
              <Typography.Text code>{object.name}</Typography.Text>
              <span>
                {object.module
                  ? t(`module.${object.module}`, { defaultValue: object.module })
                  : t('settings.objects.custom')}
              </span>
              {data.counts?.[object.name] !== undefined ? (
                <span>{t('settings.objects.recordCount', { count: data.counts[object.name] })}</span>
              ) : null}
            </span>
          </div>
        </div>
        <div className="km-obj-actions">
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('settings.objects.editObject')}
          </Button>
          {object.isActive ? (
            <Link to={`/o/${object.name}`}>
              <Button icon={<UnorderedListOutlined />}>{t('settings.objects.openList')}</Button>
            </Link>
          ) : null}
        </div>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) =>
          navigate(k === 'layout' ? `/settings/objects/${name}/layout` : `/settings/objects/${name}`)
        }
        items={[
          { key: 'fields', label: t('settings.objects.fieldsTab') },
          { key: 'layout', label: t('settings.layout.tab') },
        ]}
      />
      {tab === 'fields' ? (
        <FieldList object={object} objects={data.objects} onChanged={data.changed} />
      ) : (
        <LayoutEditor key={object.name} object={object} onSaved={data.changed} />
      )}
      <ObjectFormModal
        open={editing}
        object={object}
        taken={taken}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false)
          data.changed()
        }}
      />
    </div>
  )
}
