import { ArrowLeftOutlined } from '@ant-design/icons'
import type { TimelineItem } from '@kemai/shared/api/records.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Card, Descriptions, Skeleton, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useParams } from 'react-router'
import { useMetadata } from '../app/metadata.tsx'
import { useMe } from '../app/session.tsx'
import { useIsMobile } from '../app/useIsMobile.ts'
import { type ObjectMeta, type RecordDto, recordsApi } from '../platform/endpoints.ts'
import { FieldValue, UserName } from '../platform/FieldValue/FieldValue.tsx'
import { FollowButton } from '../platform/FollowButton.tsx'
import { formatDateTime } from '../platform/format.ts'
import { labelOf } from '../platform/label.ts'
import { ProblemAlert } from '../platform/ProblemAlert.tsx'
import { rememberTitle } from '../platform/record-titles.ts'
import { Timeline } from '../platform/Timeline/Timeline.tsx'
import { NotFoundPage } from './NotFoundPage.tsx'

/**
 * `/o/:object/:id`: the record's fields and its timeline. The first slice of the record page
 * (issue 4); sections, inline edit, related lists and actions come next.
 */
export function RecordPage() {
  const { object: name = '', id = '' } = useParams()
  const { byName } = useMetadata()
  const object = byName.get(name)
  if (!object) return <NotFoundPage />
  return <RecordView key={`${name}/${id}`} object={object} id={id} />
}

function RecordView({ object, id }: { object: ObjectMeta; id: string }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const me = useMe()
  const isMobile = useIsMobile()
  const location = useLocation()
  const from = (location.state as { from?: string } | null)?.from ?? `/o/${object.name}`
  const [record, setRecord] = useState<RecordDto | null>(null)
  const [timeline, setTimeline] = useState<TimelineItem[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [timelineError, setTimelineError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)
  const tz = me.workspace.timeZone

  useEffect(() => {
    const ctl = new AbortController()
    void attempt
    setError(null)
    setTimelineError(null)
    recordsApi
      .get(object.name, id, ctl.signal)
      .then((r) => {
        setRecord(r)
        const title = r[object.titleField]
        if (typeof title === 'string') rememberTitle(object.name, r.id, title)
      })
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError(e)
      })
    recordsApi
      .timeline(object.name, id, ctl.signal)
      .then((r) => setTimeline(r.data))
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setTimelineError(e)
      })
    return () => ctl.abort()
  }, [object, id, attempt])

  const singular = labelOf(object.label, locale)
  const back = (
    <Link to={from} className="km-back">
      <ArrowLeftOutlined /> {labelOf(object.pluralLabel, locale)}
    </Link>
  )

  if (error)
    return (
      <div className="km-page km-record-page">
        {back}
        <ProblemAlert error={error} onRetry={() => setAttempt((n) => n + 1)} />
      </div>
    )

  const title = record ? String(record[object.titleField] ?? '') || t('record.untitled') : null
  const fields = object.fields.filter((f) => f.isActive && f.type !== 'many_to_many')

  return (
    <div className="km-page km-record-page">
      {back}
      <div className="km-record-head">
        {title === null ? (
          <Skeleton.Input active size="large" style={{ width: 260 }} />
        ) : (
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="record-title">
            {title}
          </Typography.Title>
        )}
        <Tag>{singular}</Tag>
        <span className="km-grow" />
        <FollowButton object={object.name} id={id} />
      </div>
      <div className="km-record-grid">
        <Card title={t('record.details')} size="small" className="km-record-card">
          {record ? (
            <Descriptions
              column={isMobile ? 1 : 2}
              size="small"
              bordered
              styles={isMobile ? { label: { width: 96 } } : undefined}
              data-testid="record-fields"
              items={[
                ...fields.map((f) => ({
                  key: f.name,
                  label: labelOf(f.label, locale),
                  children: <FieldValue field={f} value={record[f.name]} timeZone={tz} />,
                })),
                { key: 'owner_id', label: t('system.owner'), children: <UserName id={record.owner_id} /> },
                {
                  key: 'created_at',
                  label: t('system.createdAt'),
                  children: (
                    <span className="km-nowrap">{formatDateTime(record.created_at, locale, tz)}</span>
                  ),
                },
                {
                  key: 'updated_at',
                  label: t('system.updatedAt'),
                  children: (
                    <span className="km-nowrap">{formatDateTime(record.updated_at, locale, tz)}</span>
                  ),
                },
              ]}
            />
          ) : (
            <Skeleton active paragraph={{ rows: 8 }} />
          )}
        </Card>
        <Card title={t('record.timeline')} size="small" className="km-record-card">
          {timelineError ? (
            <ProblemAlert error={timelineError} />
          ) : timeline ? (
            <Timeline object={object} items={timeline} timeZone={tz} />
          ) : (
            <Skeleton active paragraph={{ rows: 6 }} />
          )}
        </Card>
      </div>
    </div>
  )
}
