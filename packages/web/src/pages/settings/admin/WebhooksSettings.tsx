import { MoreOutlined, PlusOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Button, Card, Dropdown, Empty, Modal, Skeleton, Switch, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { useMetadata } from '../../../app/metadata.tsx'
import { labelOf } from '../../../platform/label.ts'
import { ProblemAlert, problemText } from '../../../platform/ProblemAlert.tsx'
import { type Webhook, type WebhookWithSecret, webhooksApi } from './api.ts'
import './admin.css'
import { SecretOnce } from './SecretOnce.tsx'
import { useLoad } from './useLoad.ts'
import { WebhookDeliveries } from './WebhookDeliveries.tsx'
import { WebhookDrawer } from './WebhookDrawer.tsx'

/** `/settings/webhooks` (subscriptions) and `/settings/webhooks/{id}` (one webhook's delivery log). */
export function WebhooksSettings() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const meta = useMetadata()
  const navigate = useNavigate()
  const { message, modal } = App.useApp()
  const hooks = useLoad((s) => webhooksApi.list(s), [])
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null)
  const [secret, setSecret] = useState<WebhookWithSecret | null>(null)
  const [actionError, setActionError] = useState<unknown>(null)
  const selectedId = useParams()['*']?.split('/')[0] || null
  const list = hooks.data?.data ?? []

  const replace = (w: Webhook) =>
    hooks.setData((old) => {
      const l = old?.data ?? []
      return { data: l.some((x) => x.id === w.id) ? l.map((x) => (x.id === w.id ? w : x)) : [...l, w] }
    })
  const act = async (fn: () => Promise<void>) => {
    setActionError(null)
    try {
      await fn()
    } catch (e) {
      setActionError(e)
      message.error(problemText(e, t).title)
    }
  }
  const withoutSecret = (w: WebhookWithSecret | Webhook): Webhook => {
    const { secret: _s, ...rest } = w as WebhookWithSecret
    return rest
  }

  if (selectedId) {
    const hook = list.find((w) => w.id === selectedId)
    if (hooks.loading && !hooks.data) return <Skeleton active paragraph={{ rows: 8 }} />
    if (!hook)
      return (
        <Card>
          {hooks.error ? <ProblemAlert error={hooks.error} onRetry={hooks.reload} /> : null}
          <Empty description={t('settings.webhooks.notFound')}>
            <Link to="/settings/webhooks">{t('settings.webhooks.back')}</Link>
          </Empty>
        </Card>
      )
    return <WebhookDeliveries webhook={hook} />
  }

  const objectLabel = (o: string) => labelOf(meta.byName.get(o)?.label, locale) || o

  return (
    <div className="km-admin" data-testid="settings-webhooks">
      <Card
        title={t('settings.webhooks.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="webhook-new"
          >
            {t('settings.webhooks.new')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" className="km-admin-hint">
          {t('settings.webhooks.intro')}
        </Typography.Paragraph>
        {hooks.error ? <ProblemAlert error={hooks.error} onRetry={hooks.reload} /> : null}
        {actionError ? <ProblemAlert error={actionError} /> : null}
        {hooks.loading && !hooks.data ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : hooks.data ? (
          <Table<Webhook>
            rowKey="id"
            size="middle"
            dataSource={list}
            pagination={false}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('settings.webhooks.empty')} />
              ),
            }}
            columns={[
              {
                key: 'url',
                title: t('settings.webhooks.url'),
                render: (_, w) => (
                  <div className="km-admin-cell-main" data-testid="webhook-row">
                    <Link to={`/settings/webhooks/${w.id}`} className="km-admin-url">
                      {w.url}
                    </Link>
                    {w.description ? (
                      <Typography.Text type="secondary" className="km-admin-sub">
                        {w.description}
                      </Typography.Text>
                    ) : null}
                    <span className="km-admin-tags">
                      {w.eventTypes.map((e) => (
                        <Tag key={e}>{e}</Tag>
                      ))}
                      {(w.objectNames ?? []).map((o) => (
                        <Tag key={o} color="blue">
                          {objectLabel(o)}
                        </Tag>
                      ))}
                      {w.objectNames ? null : <Tag color="blue">{t('settings.webhooks.allObjects')}</Tag>}
                    </span>
                  </div>
                ),
              },
              {
                key: 'active',
                title: t('settings.webhooks.active'),
                width: 80,
                render: (_, w) => (
                  <Switch
                    size="small"
                    checked={w.isActive}
                    aria-label={t('settings.webhooks.active')}
                    onChange={(on) =>
                      act(async () =>
                        replace(withoutSecret(await webhooksApi.update(w.id, { isActive: on }))),
                      )
                    }
                  />
                ),
              },
              {
                key: 'actions',
                align: 'end',
                width: 64,
                render: (_, w) => (
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: [
                        { key: 'deliveries', label: t('settings.webhooks.deliveries') },
                        { key: 'edit', label: t('settings.webhooks.edit') },
                        { key: 'rotate', label: t('settings.webhooks.rotate') },
                        { key: 'delete', label: t('settings.webhooks.delete'), danger: true },
                      ],
                      onClick: ({ key }) => {
                        if (key === 'deliveries') navigate(`/settings/webhooks/${w.id}`)
                        else if (key === 'edit') setEditing(w)
                        else if (key === 'rotate')
                          modal.confirm({
                            title: t('settings.webhooks.rotateConfirm'),
                            content: t('settings.webhooks.rotateHint'),
                            okText: t('settings.webhooks.rotate'),
                            cancelText: t('action.cancel'),
                            onOk: () =>
                              act(async () => {
                                const r = await webhooksApi.update(w.id, { rotateSecret: true })
                                replace(withoutSecret(r))
                                if ('secret' in r) setSecret(r)
                              }),
                          })
                        else
                          modal.confirm({
                            title: t('settings.webhooks.deleteConfirm', { url: w.url }),
                            content: t('settings.webhooks.deleteHint'),
                            okText: t('settings.webhooks.delete'),
                            okButtonProps: { danger: true },
                            cancelText: t('action.cancel'),
                            onOk: () =>
                              act(async () => {
                                await webhooksApi.remove(w.id)
                                hooks.setData((old) => ({
                                  data: (old?.data ?? []).filter((x) => x.id !== w.id),
                                }))
                                message.success(t('settings.webhooks.deleted'))
                              }),
                          })
                      },
                    }}
                  >
                    <Button
                      type="text"
                      icon={<MoreOutlined />}
                      aria-label={t('settings.webhooks.more')}
                      data-testid="webhook-more"
                    />
                  </Dropdown>
                ),
              },
            ]}
          />
        ) : null}
      </Card>
      {editing !== null ? (
        <WebhookDrawer
          webhook={editing === 'new' ? null : editing}
          objects={meta.objects}
          onClose={() => setEditing(null)}
          onSaved={(w) => {
            setEditing(null)
            replace(withoutSecret(w))
            if ('secret' in w) setSecret(w as WebhookWithSecret)
            else message.success(t('settings.saved'))
          }}
        />
      ) : null}
      {secret ? (
        <Modal
          open
          title={t('settings.webhooks.secretTitle')}
          onCancel={() => setSecret(null)}
          mask={{ closable: false }}
          footer={
            <Button type="primary" onClick={() => setSecret(null)} data-testid="secret-done">
              {t('settings.apiKeys.done')}
            </Button>
          }
        >
          <SecretOnce value={secret.secret} warning={t('settings.webhooks.secretOnce')} />
          <Typography.Paragraph type="secondary" className="km-admin-hint">
            {t('settings.webhooks.secretUsage')}
          </Typography.Paragraph>
        </Modal>
      ) : null}
    </div>
  )
}
