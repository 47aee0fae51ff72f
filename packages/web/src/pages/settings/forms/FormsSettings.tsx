import { MoreOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Button, Card, Dropdown, Empty, Skeleton, Switch, Table, Tag, Tooltip, Typography } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { useMetadata } from '../../../app/metadata.tsx'
import { labelOf } from '../../../platform/label.ts'
import { ProblemAlert, problemText } from '../../../platform/ProblemAlert.tsx'
import { useLoad } from '../admin/useLoad.ts'
import { type Form, formsApi, publicUrl } from './api.ts'
import { FormEditor } from './FormEditor.tsx'
import './forms.css'

/**
 * `/settings/forms` (the list), `/settings/forms/new` and `/settings/forms/{id}` (the editor with its
 * share and submissions tabs). Admins only (docs/forms.md).
 */
export function FormsSettings() {
  const rest = useParams()['*'] ?? ''
  const id = rest.split('/')[0] || null
  if (id) return <FormEditor key={id} id={id === 'new' ? null : id} />
  return <FormList />
}

function FormList() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const meta = useMetadata()
  const navigate = useNavigate()
  const { message, modal } = App.useApp()
  const forms = useLoad((s) => formsApi.list(s), [])
  const [actionError, setActionError] = useState<unknown>(null)
  const list = forms.data?.data ?? []

  const replace = (f: Form) =>
    forms.setData((old) => ({ data: (old?.data ?? []).map((x) => (x.id === f.id ? f : x)) }))
  const act = async (fn: () => Promise<void>) => {
    setActionError(null)
    try {
      await fn()
    } catch (e) {
      setActionError(e)
      message.error(problemText(e, t).title)
    }
  }
  const copy = (f: Form) =>
    act(async () => {
      await navigator.clipboard.writeText(publicUrl(f.publicKey))
      message.success(t('forms.linkCopied'))
    })
  const objectLabel = (o: string) => labelOf(meta.byName.get(o)?.pluralLabel, locale) || o

  return (
    <div className="km-forms" data-testid="settings-forms">
      <Card
        title={t('forms.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('/settings/forms/new')}
            data-testid="form-new"
          >
            {t('forms.new')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('forms.intro')}</Typography.Paragraph>
        {forms.error ? <ProblemAlert error={forms.error} onRetry={forms.reload} /> : null}
        {actionError ? <ProblemAlert error={actionError} /> : null}
        {forms.loading && !forms.data ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : forms.data ? (
          <Table<Form>
            rowKey="id"
            size="middle"
            dataSource={list}
            pagination={false}
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('forms.empty')} />,
            }}
            columns={[
              {
                key: 'name',
                title: t('forms.name'),
                render: (_, f) => (
                  <div className="km-forms-name" data-testid="form-row" data-name={f.name}>
                    <Link to={`/settings/forms/${f.id}`}>{f.name}</Link>
                    {f.problems.length > 0 ? (
                      <Tooltip title={f.problems.map((p) => p.message).join('\n')}>
                        <Tag color="warning" icon={<WarningOutlined />}>
                          {t('forms.problems')}
                        </Tag>
                      </Tooltip>
                    ) : null}
                    <Typography.Text type="secondary" className="km-forms-sub">
                      {objectLabel(f.objectName)}
                    </Typography.Text>
                  </div>
                ),
              },
              {
                key: 'enabled',
                title: t('forms.enabled'),
                width: 76,
                render: (_, f) => (
                  <Switch
                    size="small"
                    checked={f.enabled}
                    aria-label={t('forms.enabled')}
                    data-testid="form-enabled"
                    onChange={(enabled) => act(async () => replace(await formsApi.update(f.id, { enabled })))}
                  />
                ),
              },
              {
                key: 'count',
                title: t('forms.submissions'),
                width: 84,
                align: 'end',
                render: (_, f) => (
                  <Link to={`/settings/forms/${f.id}?tab=submissions`} data-testid="form-count">
                    {f.submissionCount}
                  </Link>
                ),
              },
              {
                key: 'last',
                title: t('forms.lastSubmission'),
                width: 170,
                responsive: ['md'],
                render: (_, f) =>
                  f.lastSubmittedAt ? (
                    dayjs(f.lastSubmittedAt).format('YYYY-MM-DD HH:mm')
                  ) : (
                    <Typography.Text type="secondary">{t('forms.never')}</Typography.Text>
                  ),
              },
              {
                key: 'actions',
                align: 'end',
                width: 48,
                render: (_, f) => (
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: [
                        { key: 'edit', label: t('forms.edit') },
                        { key: 'copy', label: t('forms.copyLink') },
                        { key: 'delete', label: t('forms.delete'), danger: true },
                      ],
                      onClick: ({ key }) => {
                        if (key === 'edit') navigate(`/settings/forms/${f.id}`)
                        else if (key === 'copy') void copy(f)
                        else
                          modal.confirm({
                            title: t('forms.deleteConfirm', { name: f.name }),
                            content: t('forms.deleteHint'),
                            okText: t('forms.delete'),
                            okButtonProps: { danger: true },
                            cancelText: t('action.cancel'),
                            onOk: () =>
                              act(async () => {
                                await formsApi.remove(f.id)
                                forms.setData((old) => ({
                                  data: (old?.data ?? []).filter((x) => x.id !== f.id),
                                }))
                                message.success(t('forms.deleted'))
                              }),
                          })
                      },
                    }}
                  >
                    <Button
                      type="text"
                      icon={<MoreOutlined />}
                      aria-label={t('forms.more')}
                      data-testid="form-more"
                    />
                  </Dropdown>
                ),
              },
            ]}
          />
        ) : null}
      </Card>
    </div>
  )
}
