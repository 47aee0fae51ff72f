import {
  CalendarOutlined,
  CheckCircleOutlined,
  EditOutlined,
  FileTextOutlined,
  MailOutlined,
  PhoneOutlined,
  PlusCircleOutlined,
  SettingOutlined,
} from '@ant-design/icons'
import type { TimelineItem } from '@kemai/shared/api/records.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Timeline as AntTimeline, Empty, Typography } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../app/metadata.tsx'
import type { ObjectMeta } from '../endpoints.ts'
import { FieldValue, UserName } from '../FieldValue/FieldValue.tsx'
import { formatDateTime } from '../format.ts'
import { inSentence, labelOf } from '../label.ts'
import { RichText } from './RichText.tsx'

const ACTIVITY_ICON: Record<string, ReactNode> = {
  note: <FileTextOutlined />,
  task: <CheckCircleOutlined />,
  call: <PhoneOutlined />,
  meeting: <CalendarOutlined />,
  email: <MailOutlined />,
  system: <SettingOutlined />,
}

interface Props {
  object: ObjectMeta
  items: TimelineItem[]
  timeZone: string
  /** what to say when there is nothing (a filter that matches nothing says so) */
  emptyText?: string
}

/** Activities, field changes (old → new) and the creation of a record, newest first. */
export function Timeline({ object, items, timeZone, emptyText }: Props) {
  const { t, i18n } = useTranslation()
  const { userNames } = useMetadata()
  const locale = i18n.language as Locale
  if (items.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? t('timeline.empty')} />

  const when = (item: TimelineItem) => (
    <Typography.Text type="secondary" className="km-timeline-meta">
      {formatDateTime(item.at, locale, timeZone)} · <UserName id={item.actor_id} />
    </Typography.Text>
  )

  return (
    <AntTimeline
      className="km-timeline"
      data-testid="timeline"
      items={items.map((item) => {
        if (item.kind === 'created')
          return {
            key: item.id,
            color: 'green',
            icon: <PlusCircleOutlined />,
            content: (
              <div>
                <div>
                  {t('timeline.created', { object: inSentence(labelOf(object.label, locale), locale) })}
                </div>
                {when(item)}
              </div>
            ),
          }
        if (item.kind === 'change' && item.change) {
          const field = object.fields.find((f) => f.name === item.change?.field)
          return {
            key: item.id,
            color: 'gray',
            icon: <EditOutlined />,
            content: (
              <div>
                <div className="km-change">
                  <span className="km-change-field">
                    {field ? labelOf(field.label, locale) : item.change.field}
                  </span>
                  {field ? (
                    <>
                      <span className="km-change-old">
                        <FieldValue field={field} value={item.change.old} timeZone={timeZone} compact />
                      </span>
                      <span aria-hidden>→</span>
                      <span className="km-sr-only">{t('timeline.changedTo')}</span>
                      <FieldValue field={field} value={item.change.new} timeZone={timeZone} compact />
                    </>
                  ) : (
                    <span>
                      {JSON.stringify(item.change.old)} → {JSON.stringify(item.change.new)}
                    </span>
                  )}
                </div>
                {when(item)}
              </div>
            ),
          }
        }
        const a = item.activity
        return {
          key: item.id,
          color: a?.type === 'task' && !a.done_at ? 'blue' : 'gray',
          icon: a ? ACTIVITY_ICON[a.type] : undefined,
          content: (
            <div>
              <div className="km-activity-head">
                <span className="km-activity-type">{t(`activity.${a?.type ?? 'system'}`)}</span>
                {a?.subject && <strong>{a.subject}</strong>}
                {a?.type === 'task' && (
                  <span className={a.done_at ? 'km-task-done' : 'km-task-open'}>
                    {a.done_at ? t('timeline.done') : t('timeline.open')}
                  </span>
                )}
              </div>
              {a?.body && (
                <div className="km-activity-body">
                  <RichText
                    text={a.body}
                    mentionNames={(a.mentions ?? []).flatMap((m) => userNames.get(m) ?? [])}
                  />
                </div>
              )}
              {a?.due_at && (
                <Typography.Text type="secondary" className="km-timeline-meta">
                  {t('timeline.due', { at: formatDateTime(a.due_at, locale, timeZone) })}
                </Typography.Text>
              )}
              {when(item)}
            </div>
          ),
        }
      })}
    />
  )
}
