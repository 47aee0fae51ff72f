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
import { Timeline as AntTimeline, Checkbox, Empty, Typography } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useMetadata } from '../../app/metadata.tsx'
import type { ObjectMeta } from '../endpoints.ts'
import { FieldValue, UserName } from '../FieldValue/FieldValue.tsx'
import { formatDateTime } from '../format.ts'
import { inSentence, labelOf } from '../label.ts'
import { ActivityMenu } from './ActivityMenu.tsx'
import { RichText } from './RichText.tsx'

const ACTIVITY_ICON: Record<string, ReactNode> = {
  note: <FileTextOutlined />,
  task: <CheckCircleOutlined />,
  call: <PhoneOutlined />,
  meeting: <CalendarOutlined />,
  email: <MailOutlined />,
  system: <SettingOutlined />,
}

/** What the panel lets a user do to activities (TimelinePanel); without it the timeline only shows. */
export interface ActivityActions {
  /** may the signed-in user edit, delete and tick this one off (its author or an admin) */
  canChange(item: TimelineItem): boolean
  /** items with a request in flight (their checkbox waits) */
  pending: ReadonlySet<string>
  toggleDone(item: TimelineItem, done: boolean): void
  edit(item: TimelineItem): void
  remove(item: TimelineItem): void
  /** the item being edited, shown as its editor */
  editing: { id: string; editor: ReactNode } | null
}

interface Props {
  object: ObjectMeta
  items: TimelineItem[]
  timeZone: string
  /** what to say when there is nothing (a filter that matches nothing says so) */
  emptyText?: string
  actions?: ActivityActions
}

/** Activities, field changes (old → new) and the creation of a record, newest first. */
export function Timeline({ object, items, timeZone, emptyText, actions }: Props) {
  const { t, i18n } = useTranslation()
  const { userNames } = useMetadata()
  const locale = i18n.language as Locale
  if (items.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? t('timeline.empty')} />

  const when = (item: TimelineItem) => (
    <Typography.Text type="secondary" className="km-timeline-meta">
      {formatDateTime(item.at, locale, timeZone)} ·{' '}
      {item.change?.workflow ? (
        <Link
          to={`/settings/workflow-runs?workflowId=${item.change.workflow.id}`}
          data-testid="change-workflow"
        >
          {t('timeline.byWorkflow', { name: item.change.workflow.name })}
        </Link>
      ) : (
        <UserName id={item.actor_id} />
      )}
      {item.activity?.edited_at && (
        <span title={formatDateTime(item.activity.edited_at, locale, timeZone)}>
          {' · '}
          {t('timeline.edited')}
        </span>
      )}
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
        const isTask = a?.type === 'task'
        const done = isTask && Boolean(a?.done_at)
        const can = Boolean(actions && a && actions.canChange(item))
        const editing = actions?.editing?.id === item.id ? actions.editing.editor : null
        return {
          key: item.id,
          color: isTask && !done ? 'blue' : 'gray',
          icon: a ? ACTIVITY_ICON[a.type] : undefined,
          content: editing ?? (
            <div className="km-activity" data-testid="activity" data-activity-id={item.id}>
              <div className="km-activity-head">
                <span className="km-activity-type">{t(`activity.${a?.type ?? 'system'}`)}</span>
                {isTask && actions && (
                  <Checkbox
                    checked={done}
                    disabled={!can || actions.pending.has(item.id)}
                    onChange={(e) => actions.toggleDone(item, e.target.checked)}
                    aria-label={t(done ? 'timeline.markOpen' : 'timeline.markDone', {
                      subject: a?.subject ?? '',
                    })}
                    data-testid="task-done"
                  />
                )}
                {a?.subject && (
                  <strong className={done ? 'km-task-subject-done' : undefined}>{a.subject}</strong>
                )}
                {isTask && (
                  <span className={done ? 'km-task-done' : 'km-task-open'}>
                    {done ? t('timeline.done') : t('timeline.open')}
                  </span>
                )}
                {can && actions && (
                  <ActivityMenu onEdit={() => actions.edit(item)} onDelete={() => actions.remove(item)} />
                )}
              </div>
              {a?.body && (
                <div className={done ? 'km-activity-body km-task-body-done' : 'km-activity-body'}>
                  <RichText
                    text={a.body}
                    mentionNames={(a.mentions ?? []).flatMap((m) => userNames.get(m) ?? [])}
                  />
                </div>
              )}
              {a?.due_at && !done && (
                <Typography.Text type="secondary" className="km-timeline-meta">
                  {t('timeline.due', { at: formatDateTime(a.due_at, locale, timeZone) })}
                </Typography.Text>
              )}
              {done && a?.done_at && (
                <Typography.Text type="secondary" className="km-timeline-meta" data-testid="task-done-at">
                  {t('timeline.doneAt', { at: formatDateTime(a.done_at, locale, timeZone) })}
                  {a.done_by && (
                    <>
                      {' · '}
                      <UserName id={a.done_by} />
                    </>
                  )}
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
