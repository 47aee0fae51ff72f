import { PlusOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Button, Card, Empty, Skeleton, Table, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../../app/metadata.tsx'
import { useMe } from '../../../app/session.tsx'
import { formatDateTime } from '../../../platform/format.ts'
import { labelOf } from '../../../platform/label.ts'
import { ProblemAlert, problemText } from '../../../platform/ProblemAlert.tsx'
import { type ApiKey, apiKeysApi, usersAdminApi } from './api.ts'
import './admin.css'
import { ApiKeyCreateModal } from './ApiKeyCreateModal.tsx'
import { useLoad } from './useLoad.ts'

/** `/settings/api-keys`: keys of the workspace (admins see every user's), create (shown once), revoke. */
export function ApiKeysSettings() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const me = useMe()
  const meta = useMetadata()
  const { message, modal } = App.useApp()
  const keys = useLoad((s) => apiKeysApi.list(s), [])
  const users = useLoad((s) => usersAdminApi.list(true, s), [])
  const [creating, setCreating] = useState(false)
  const [actionError, setActionError] = useState<unknown>(null)
  const userName = useMemo(() => new Map((users.data?.data ?? []).map((u) => [u.id, u.name])), [users.data])
  const tz = me.workspace.timeZone

  const objectLabel = (o: string) =>
    o === '*' ? t('settings.apiKeys.allObjects') : labelOf(meta.byName.get(o)?.label, locale) || o

  const replace = (k: ApiKey) =>
    keys.setData((old) => {
      const list = old?.data ?? []
      return {
        data: list.some((x) => x.id === k.id) ? list.map((x) => (x.id === k.id ? k : x)) : [k, ...list],
      }
    })

  const revoke = (k: ApiKey) =>
    modal.confirm({
      title: t('settings.apiKeys.revokeConfirm', { name: k.name }),
      content: t('settings.apiKeys.revokeHint'),
      okText: t('settings.apiKeys.revoke'),
      okButtonProps: { danger: true },
      cancelText: t('action.cancel'),
      onOk: async () => {
        setActionError(null)
        try {
          replace(await apiKeysApi.revoke(k.id))
          message.success(t('settings.apiKeys.revoked', { name: k.name }))
        } catch (e) {
          setActionError(e)
          message.error(problemText(e, t).title)
        }
      },
    })

  const list = keys.data?.data ?? []
  return (
    <div className="km-admin" data-testid="settings-api-keys">
      <Card
        title={t('settings.apiKeys.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="api-key-new"
          >
            {t('settings.apiKeys.new')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" className="km-admin-hint">
          {t('settings.apiKeys.intro')}
        </Typography.Paragraph>
        {keys.error ? <ProblemAlert error={keys.error} onRetry={keys.reload} /> : null}
        {actionError ? <ProblemAlert error={actionError} /> : null}
        {keys.loading && !keys.data ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : keys.data ? (
          <Table<ApiKey>
            rowKey="id"
            size="middle"
            dataSource={list}
            pagination={list.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('settings.apiKeys.empty')} />
              ),
            }}
            rowClassName={(k) => (k.revokedAt ? 'km-admin-inherited' : '')}
            columns={[
              {
                key: 'name',
                title: t('settings.apiKeys.name'),
                render: (_, k) => (
                  <div className="km-admin-cell-main" data-testid="api-key-row">
                    <span className="km-admin-strong">{k.name}</span>
                    {k.revokedAt ? <Tag>{t('settings.apiKeys.revokedTag')}</Tag> : null}
                    <Typography.Text type="secondary" code className="km-admin-sub km-admin-nowrap">
                      {`kemai_${k.prefix}_…`}
                    </Typography.Text>
                  </div>
                ),
              },
              {
                key: 'scopes',
                title: t('settings.apiKeys.scopes'),
                render: (_, k) => (
                  <span className="km-admin-tags">
                    {Object.entries(k.scopes).map(([o, a]) => (
                      <Tag key={o} color={a === 'write' ? 'blue' : undefined}>
                        {`${objectLabel(o)} · ${t(`settings.apiKeys.access.${a}`)}`}
                      </Tag>
                    ))}
                  </span>
                ),
              },
              {
                key: 'user',
                title: t('settings.apiKeys.user'),
                responsive: ['lg'],
                render: (_, k) => userName.get(k.userId) ?? '—',
              },
              {
                key: 'used',
                title: t('settings.apiKeys.lastUsed'),
                responsive: ['md'],
                render: (_, k) =>
                  k.lastUsedAt ? (
                    formatDateTime(k.lastUsedAt, locale, tz)
                  ) : (
                    <Typography.Text type="secondary">{t('settings.apiKeys.never')}</Typography.Text>
                  ),
              },
              {
                key: 'created',
                title: t('settings.apiKeys.created'),
                responsive: ['xl'],
                render: (_, k) => formatDateTime(k.createdAt, locale, tz),
              },
              {
                key: 'actions',
                align: 'end',
                render: (_, k) =>
                  k.revokedAt ? null : (
                    <Button size="small" danger onClick={() => revoke(k)} data-testid="api-key-revoke">
                      {t('settings.apiKeys.revoke')}
                    </Button>
                  ),
              },
            ]}
          />
        ) : null}
      </Card>
      {creating ? (
        <ApiKeyCreateModal
          objects={meta.objects}
          onCreated={(k) => {
            const { key: _secret, ...rest } = k
            replace(rest)
          }}
          onClose={() => setCreating(false)}
        />
      ) : null}
    </div>
  )
}
