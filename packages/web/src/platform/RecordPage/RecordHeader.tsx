import {
  ArrowLeftOutlined,
  DeleteOutlined,
  EditOutlined,
  LeftOutlined,
  MoreOutlined,
  RightOutlined,
} from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Button, type ButtonProps, Dropdown, Skeleton, Tag, Tooltip, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { useMe } from '../../app/session.tsx'
import { runWorkflowItems } from '../Automation/runWorkflowItems.tsx'
import { useManualWorkflows } from '../Automation/useManualWorkflows.ts'
import { useRunWorkflow } from '../Automation/useRunWorkflow.ts'
import type { ObjectMeta, RecordDto } from '../endpoints.ts'
import { FieldValue, UserName } from '../FieldValue/FieldValue.tsx'
import { FollowButton } from '../FollowButton.tsx'
import { canEditField } from '../InlineEdit/editValue.ts'
import { inSentence, labelOf } from '../label.ts'
import { problemText } from '../ProblemAlert.tsx'
import { canObject } from '../permissions.ts'
import type { Neighbours } from './list-context.ts'
import { recordPageApi } from './record-page-api.ts'
import { keyFieldsOf } from './sections.ts'

interface Props {
  object: ObjectMeta
  id: string
  record: RecordDto | null
  /** the list the page was opened from (the back link, and where a deleted record leaves to) */
  from: string
  /** prev / next in that list, when the list said which ids it had loaded */
  neighbours: Neighbours | null
  onEdit(): void
  timeZone: string
}

/** Title, key fields, actions (edit, delete, follow) and prev / next through the list. */
export function RecordHeader({ object, id, record, from, neighbours, onEdit, timeZone }: Props) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const navigate = useNavigate()
  const { modal, message, notification } = App.useApp()
  const singular = labelOf(object.label, locale)
  const title = record ? String(record[object.titleField] ?? '') || t('record.untitled') : null
  const keyFields = keyFieldsOf(object)
  // only what the role allows (docs/access.md); the server refuses the rest anyway
  const me = useMe()
  const canEdit = object.fields.some((f) => canEditField(me, object.name, f))
  const canDelete = canObject(me, object.name, 'delete')
  // enabled manual workflows of this object, for anyone who may read it (docs/automation.md)
  const workflows = useManualWorkflows(object.name)
  const runWorkflow = useRunWorkflow()

  const go = (to: string | null) => {
    if (to) navigate(`/o/${object.name}/${to}`, { state: { from } })
  }

  const restore = async (key: string) => {
    notification.destroy(key)
    try {
      await recordPageApi.restore(object.name, id)
      navigate(`/o/${object.name}/${id}`, { state: { from } })
    } catch (e) {
      message.error(problemText(e, t).title)
    }
  }

  const confirmDelete = () =>
    modal.confirm({
      title: t('record.deleteTitle', { object: inSentence(singular, locale), title: title ?? '' }),
      content: t('record.deleteBody'),
      okText: t('record.delete'),
      okButtonProps: { danger: true, ...({ 'data-testid': 'delete-ok' } as ButtonProps) },
      cancelText: t('action.cancel'),
      onOk: async () => {
        try {
          await recordPageApi.remove(object.name, id, record?.version)
        } catch (e) {
          message.error(problemText(e, t).title)
          throw e
        }
        const key = `deleted-${id}`
        navigate(from)
        notification.success({
          key,
          title: t('record.deleted', { title: title ?? '' }),
          description: t('record.deletedHint'),
          actions: (
            <Button size="small" onClick={() => restore(key)} data-testid="undo-delete">
              {t('record.undo')}
            </Button>
          ),
        })
      },
    })

  const position = neighbours ? `${neighbours.index + 1} / ${neighbours.loaded}` : null

  return (
    <header className="km-record-header">
      <div className="km-record-topline">
        <Link to={from} className="km-back">
          <ArrowLeftOutlined /> {labelOf(object.pluralLabel, locale)}
        </Link>
        {neighbours && (
          <span className="km-record-pager" data-testid="record-pager">
            <Tooltip title={t('record.prev')}>
              <Button
                size="small"
                type="text"
                icon={<LeftOutlined />}
                disabled={!neighbours.prev}
                onClick={() => go(neighbours.prev)}
                aria-label={t('record.prev')}
                data-testid="record-prev"
              />
            </Tooltip>
            <span className="km-record-position">{position}</span>
            <Tooltip title={t('record.next')}>
              <Button
                size="small"
                type="text"
                icon={<RightOutlined />}
                disabled={!neighbours.next}
                onClick={() => go(neighbours.next)}
                aria-label={t('record.next')}
                data-testid="record-next"
              />
            </Tooltip>
          </span>
        )}
      </div>
      <div className="km-record-head">
        <div className="km-record-title">
          {title === null ? (
            <Skeleton.Input active size="large" style={{ width: 240 }} />
          ) : (
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="record-title">
              {title}
            </Typography.Title>
          )}
          <Tag>{singular}</Tag>
        </div>
        <div className="km-record-actions">
          <FollowButton object={object.name} id={id} />
          {canEdit && (
            <Button icon={<EditOutlined />} onClick={onEdit} disabled={!record} data-testid="record-edit">
              {t('record.edit')}
            </Button>
          )}
          {(canDelete || workflows.length > 0) && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  ...runWorkflowItems(workflows, t, (w) => runWorkflow(w, [id]), !record),
                  ...(canDelete
                    ? [
                        {
                          key: 'delete',
                          danger: true,
                          icon: <DeleteOutlined />,
                          label: t('record.delete'),
                          disabled: !record,
                          onClick: confirmDelete,
                        },
                      ]
                    : []),
                ],
              }}
            >
              <Button icon={<MoreOutlined />} aria-label={t('record.more')} data-testid="record-more" />
            </Dropdown>
          )}
        </div>
      </div>
      <dl className="km-key-fields" data-testid="key-fields">
        {keyFields.map((f) => (
          <div key={f.name} className="km-key-field">
            <dt>{labelOf(f.label, locale)}</dt>
            <dd>
              {record ? (
                <FieldValue field={f} value={record[f.name]} timeZone={timeZone} compact />
              ) : (
                <Skeleton.Button active size="small" />
              )}
            </dd>
          </div>
        ))}
        <div className="km-key-field">
          <dt>{t('system.owner')}</dt>
          <dd>{record ? <UserName id={record.owner_id} /> : <Skeleton.Button active size="small" />}</dd>
        </div>
      </dl>
    </header>
  )
}
