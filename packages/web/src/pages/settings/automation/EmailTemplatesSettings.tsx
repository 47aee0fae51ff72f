import { DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Button, type ButtonProps, Card, Empty, Skeleton, Table, Tooltip, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../../app/session.tsx'
import { useIsMobile } from '../../../app/useIsMobile.ts'
import { type EmailTemplate, emailTemplatesApi } from '../../../platform/Automation/automation-api.ts'
import { refusalText } from '../../../platform/Automation/refusal.ts'
import { formatDateTime } from '../../../platform/format.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { canAutomation } from '../../../platform/permissions.ts'
import { useLoad } from '../admin/useLoad.ts'
import '../admin/admin.css'
import './automation.css'
import { EmailTemplateDrawer } from './EmailTemplateDrawer.tsx'

/** Written out for the intro: i18next would read braces in the message itself as a variable. */
const EXAMPLE = '{{trigger.record.name}}'

/**
 * `/settings/email-templates`: the e-mail templates of `send_email` steps with name, subject and when
 * they changed; create, edit (a drawer) and delete with the `_automation` update right, view with read.
 */
export function EmailTemplatesSettings() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const me = useMe()
  const canWrite = canAutomation(me, 'write')
  const isMobile = useIsMobile()
  const { message, modal } = App.useApp()
  const list = useLoad((s) => emailTemplatesApi.list(s), [])
  const [open, setOpen] = useState<EmailTemplate | 'new' | null>(null)
  const [actionError, setActionError] = useState<unknown>(null)
  const templates = list.data?.data
  const updated = (x: EmailTemplate) => formatDateTime(x.updatedAt, locale, me.workspace.timeZone)

  const confirmDelete = (x: EmailTemplate) =>
    modal.confirm({
      title: t('automation.emailTemplates.deleteConfirm', { name: x.name }),
      content: t('automation.emailTemplates.deleteHint'),
      okText: t('automation.emailTemplates.delete'),
      okButtonProps: { danger: true, ...({ 'data-testid': 'email-template-delete-ok' } as ButtonProps) },
      cancelText: t('action.cancel'),
      onOk: async () => {
        setActionError(null)
        try {
          await emailTemplatesApi.remove(x.id)
        } catch (e) {
          setActionError(e)
          message.error(refusalText(e, t))
          return
        }
        list.setData((old) => ({ data: (old?.data ?? []).filter((y) => y.id !== x.id) }))
        message.success(t('automation.emailTemplates.deleted', { name: x.name }))
      },
    })

  return (
    <div className="km-admin km-auto" data-testid="settings-email-templates">
      <Card
        title={t('automation.emailTemplates.title')}
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setOpen('new')}
              data-testid="email-template-new"
            >
              {t(isMobile ? 'automation.emailTemplates.newShort' : 'automation.emailTemplates.new')}
            </Button>
          ) : null
        }
      >
        <Typography.Paragraph type="secondary" className="km-admin-hint">
          {t('automation.emailTemplates.intro', { example: EXAMPLE })}
        </Typography.Paragraph>
        {canWrite ? null : (
          <Typography.Paragraph
            type="secondary"
            className="km-admin-hint"
            data-testid="email-templates-read-only"
          >
            {t('automation.emailTemplates.readOnly')}
          </Typography.Paragraph>
        )}
        {list.error ? <ProblemAlert error={list.error} onRetry={list.reload} /> : null}
        {actionError ? <ProblemAlert error={actionError} /> : null}
        {list.loading && !templates ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : templates ? (
          <Table<EmailTemplate>
            rowKey="id"
            size="middle"
            dataSource={templates}
            pagination={false}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={t('automation.emailTemplates.empty')}
                />
              ),
            }}
            columns={[
              {
                key: 'name',
                title: t('automation.emailTemplates.name'),
                render: (_, x) => (
                  <div className="km-admin-cell-main" data-testid="email-template-row" data-name={x.name}>
                    <button type="button" className="km-auto-linkish" onClick={() => setOpen(x)}>
                      {x.name}
                    </button>
                    {isMobile ? (
                      <>
                        <Typography.Text type="secondary" className="km-admin-sub km-mail-subject">
                          {x.subject}
                        </Typography.Text>
                        <span className="km-auto-sub">{updated(x)}</span>
                      </>
                    ) : null}
                  </div>
                ),
              },
              ...(isMobile
                ? []
                : [
                    {
                      key: 'subject',
                      title: t('automation.emailTemplates.subject'),
                      render: (_: unknown, x: EmailTemplate) => (
                        <span className="km-mail-subject" data-testid="email-template-subject-cell">
                          {x.subject}
                        </span>
                      ),
                    },
                    {
                      key: 'updated',
                      title: t('automation.emailTemplates.updated'),
                      width: 170,
                      render: (_: unknown, x: EmailTemplate) => (
                        <span className="km-auto-sub">{updated(x)}</span>
                      ),
                    },
                  ]),
              {
                key: 'actions',
                align: 'end' as const,
                width: canWrite ? 96 : 56,
                render: (_, x) => (
                  <span className="km-admin-actions">
                    <Tooltip
                      title={
                        canWrite ? t('automation.emailTemplates.edit') : t('automation.emailTemplates.view')
                      }
                    >
                      <Button
                        type="text"
                        icon={canWrite ? <EditOutlined /> : <EyeOutlined />}
                        onClick={() => setOpen(x)}
                        aria-label={t(
                          canWrite ? 'automation.emailTemplates.editOf' : 'automation.emailTemplates.view',
                          {
                            name: x.name,
                          },
                        )}
                        data-testid="email-template-edit"
                      />
                    </Tooltip>
                    {canWrite ? (
                      <Tooltip title={t('automation.emailTemplates.delete')}>
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          onClick={() => confirmDelete(x)}
                          aria-label={t('automation.emailTemplates.deleteConfirm', { name: x.name })}
                          data-testid="email-template-delete"
                        />
                      </Tooltip>
                    ) : null}
                  </span>
                ),
              },
            ]}
          />
        ) : null}
      </Card>
      {open !== null ? (
        <EmailTemplateDrawer
          template={open === 'new' ? null : open}
          readOnly={!canWrite}
          onClose={() => setOpen(null)}
          onSaved={(x, created) => {
            setOpen(null)
            list.setData((old) => {
              const l = old?.data ?? []
              const next = l.some((y) => y.id === x.id) ? l.map((y) => (y.id === x.id ? x : y)) : [...l, x]
              return { data: next.sort((a, b) => a.name.localeCompare(b.name, locale)) }
            })
            message.success(
              t(created ? 'automation.emailTemplates.created' : 'automation.emailTemplates.saved', {
                name: x.name,
              }),
            )
          }}
        />
      ) : null}
    </div>
  )
}
