import { DownOutlined, RightOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Button, Card, Skeleton } from 'antd'
import { type ReactNode, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ObjectMeta, RecordDto } from '../endpoints.ts'
import { UserName } from '../FieldValue/FieldValue.tsx'
import { formatDateTime } from '../format.ts'
import { InlineEditField } from '../InlineEdit/InlineEditField.tsx'
import { labelOf } from '../label.ts'
import { type Section, sectionsOf } from './sections.ts'

interface Props {
  object: ObjectMeta
  record: RecordDto | null
  onSaved(record: RecordDto): void
  timeZone: string
  isMobile: boolean
}

/** The record's fields in the sections of the object's layout, each value edited in place. */
export function FieldSections({ object, record, onSaved, timeZone, isMobile }: Props) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const sections = sectionsOf(object)
  return (
    <div className="km-sections" data-testid="record-fields">
      {sections.map((s) => (
        <SectionCard
          key={s.key}
          section={s}
          title={s.label ? labelOf(s.label, locale) : t('record.details')}
          columns={isMobile ? 1 : s.columns}
        >
          {record ? (
            s.fields.map((f) => (
              <div key={f.name} className={`km-field${f.type === 'long_text' ? ' km-field-wide' : ''}`}>
                <div className="km-field-label">{labelOf(f.label, locale)}</div>
                <div className="km-field-value" data-field={f.name}>
                  <InlineEditField object={object} field={f} record={record} onSaved={onSaved} />
                </div>
              </div>
            ))
          ) : (
            <Skeleton active title={false} paragraph={{ rows: Math.min(6, s.fields.length || 3) }} />
          )}
        </SectionCard>
      ))}
      <SectionCard section={null} title={t('record.system')} columns={isMobile ? 1 : 2}>
        {record ? (
          <>
            <div className="km-field">
              <div className="km-field-label">{t('system.owner')}</div>
              <div className="km-field-value">
                <UserName id={record.owner_id} />
              </div>
            </div>
            <div className="km-field">
              <div className="km-field-label">{t('record.createdBy')}</div>
              <div className="km-field-value">
                <UserName id={record.created_by} />
              </div>
            </div>
            <div className="km-field">
              <div className="km-field-label">{t('system.createdAt')}</div>
              <div className="km-field-value km-nowrap">
                {formatDateTime(record.created_at, locale, timeZone)}
              </div>
            </div>
            <div className="km-field">
              <div className="km-field-label">{t('system.updatedAt')}</div>
              <div className="km-field-value km-nowrap">
                {formatDateTime(record.updated_at, locale, timeZone)}
              </div>
            </div>
          </>
        ) : (
          <Skeleton active title={false} paragraph={{ rows: 2 }} />
        )}
      </SectionCard>
    </div>
  )
}

function SectionCard({
  section,
  title,
  columns,
  children,
}: {
  section: Section | null
  title: string
  columns: 1 | 2
  children: ReactNode
}) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(!section?.collapsed)
  return (
    <Card
      size="small"
      className="km-section"
      data-section={section?.key ?? 'system'}
      styles={open ? undefined : { body: { display: 'none' } }}
      title={
        <Button
          type="text"
          size="small"
          className="km-section-toggle"
          icon={open ? <DownOutlined /> : <RightOutlined />}
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          aria-label={
            open ? t('record.collapse', { section: title }) : t('record.expand', { section: title })
          }
        >
          {title}
        </Button>
      }
    >
      {open && <div className={`km-section-grid km-cols-${columns}`}>{children}</div>}
    </Card>
  )
}
