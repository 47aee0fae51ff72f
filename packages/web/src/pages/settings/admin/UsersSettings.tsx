import { EditOutlined, MoreOutlined, PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, Dropdown, Empty, Input, Segmented, Skeleton, Table, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { useMe } from '../../../app/session.tsx'
import { ProblemAlert, problemText } from '../../../platform/ProblemAlert.tsx'
import { rolesAdminApi, teamsAdminApi, type User, usersAdminApi } from './api.ts'
import './admin.css'
import { PasswordModal } from './PasswordModal.tsx'
import { UserDrawer } from './UserDrawer.tsx'
import { useLoad } from './useLoad.ts'

type Status = 'active' | 'inactive' | 'all'
const STATUSES: readonly Status[] = ['active', 'inactive', 'all']

/** `/settings/users?q=&status=`: every user of the workspace, search, create, edit, (de)activate. */
export function UsersSettings() {
  const { t } = useTranslation()
  const me = useMe()
  const { message, modal } = App.useApp()
  const [params, setParams] = useSearchParams()
  const q = params.get('q') ?? ''
  const statusParam = params.get('status')
  const status: Status = STATUSES.includes(statusParam as Status) ? (statusParam as Status) : 'active'
  const users = useLoad((s) => usersAdminApi.list(true, s), [])
  const roles = useLoad((s) => rolesAdminApi.list(s), [])
  const teams = useLoad((s) => teamsAdminApi.list(s), [])
  const [editing, setEditing] = useState<User | 'new' | null>(null)
  const [resetting, setResetting] = useState<User | null>(null)
  const [actionError, setActionError] = useState<unknown>(null)

  const setParam = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p)
        if (value) next.set(key, value)
        else next.delete(key)
        return next
      },
      { replace: true },
    )

  const roleNames = useMemo(() => new Map((roles.data?.data ?? []).map((r) => [r.id, r.name])), [roles.data])
  const rows = useMemo(() => {
    const needle = q.trim().toLocaleLowerCase()
    return (users.data?.data ?? []).filter(
      (u) =>
        (status === 'all' || u.isActive === (status === 'active')) &&
        (!needle || u.name.toLocaleLowerCase().includes(needle) || u.email.toLowerCase().includes(needle)),
    )
  }, [users.data, q, status])

  const replaceUser = (u: User) =>
    users.setData((old) => {
      const list = old?.data ?? []
      return {
        data: list.some((x) => x.id === u.id) ? list.map((x) => (x.id === u.id ? u : x)) : [...list, u],
      }
    })

  const setActive = (u: User, active: boolean) => {
    modal.confirm({
      title: t(active ? 'settings.users.reactivateConfirm' : 'settings.users.deactivateConfirm', {
        name: u.name,
      }),
      content: t(active ? 'settings.users.reactivateHint' : 'settings.users.deactivateHint'),
      okText: t(active ? 'settings.users.reactivate' : 'settings.users.deactivate'),
      okButtonProps: { danger: !active },
      cancelText: t('action.cancel'),
      onOk: async () => {
        setActionError(null)
        try {
          if (active) replaceUser(await usersAdminApi.update(u.id, { isActive: true }))
          else {
            await usersAdminApi.deactivate(u.id)
            replaceUser({ ...u, isActive: false })
          }
          message.success(
            t(active ? 'settings.users.reactivated' : 'settings.users.deactivated', { name: u.name }),
          )
        } catch (e) {
          setActionError(e)
          message.error(problemText(e, t).title)
        }
      },
    })
  }

  const whyLocked = (u: User): string | null =>
    u.isOwner ? t('settings.users.ownerLocked') : u.id === me.user.id ? t('settings.users.selfLocked') : null

  const loading = users.loading && !users.data
  const error = users.error ?? roles.error ?? teams.error

  return (
    <div className="km-admin" data-testid="settings-users">
      <Card
        title={t('settings.users.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            disabled={!roles.data || !teams.data}
            data-testid="user-new"
          >
            {t('settings.users.new')}
          </Button>
        }
      >
        <div className="km-admin-toolbar">
          <Input.Search
            allowClear
            defaultValue={q}
            placeholder={t('settings.users.search')}
            aria-label={t('settings.users.search')}
            onSearch={(v) => setParam('q', v.trim() || null)}
            onChange={(e) => {
              if (!e.target.value) setParam('q', null)
            }}
            className="km-admin-search"
          />
          <Segmented<Status>
            value={status}
            onChange={(v) => setParam('status', v === 'active' ? null : v)}
            options={STATUSES.map((s) => ({ value: s, label: t(`settings.users.status.${s}`) }))}
          />
        </div>
        {error && !loading ? (
          <ProblemAlert
            error={error}
            onRetry={() => {
              users.reload()
              roles.reload()
              teams.reload()
            }}
          />
        ) : null}
        {actionError ? <ProblemAlert error={actionError} /> : null}
        {loading ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : users.data ? (
          <Table<User>
            rowKey="id"
            size="middle"
            dataSource={rows}
            pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={q ? t('settings.users.noMatch') : t('settings.users.empty')}
                />
              ),
            }}
            columns={[
              {
                key: 'user',
                title: t('settings.users.name'),
                render: (_, u) => (
                  <div className="km-admin-cell-main" data-testid="user-row">
                    <span className="km-admin-strong">{u.name}</span>
                    {u.isOwner ? <Tag color="gold">{t('settings.users.owner')}</Tag> : null}
                    {u.id === me.user.id ? <Tag>{t('settings.users.you')}</Tag> : null}
                    {!u.isActive ? <Tag color="default">{t('settings.users.inactive')}</Tag> : null}
                    <Typography.Text type="secondary" className="km-admin-sub">
                      {u.email}
                    </Typography.Text>
                  </div>
                ),
              },
              {
                key: 'role',
                title: t('settings.users.role'),
                responsive: ['md'],
                render: (_, u) =>
                  u.roleId ? (
                    (roleNames.get(u.roleId) ?? '—')
                  ) : (
                    <Typography.Text type="secondary">{t('settings.users.noRole')}</Typography.Text>
                  ),
              },
              {
                key: 'actions',
                title: <span className="km-sr-only">{t('settings.users.actions')}</span>,
                align: 'end',
                width: 112,
                render: (_, u) => {
                  const locked = whyLocked(u)
                  return (
                    <span className="km-admin-actions">
                      <Button
                        type="text"
                        icon={<EditOutlined />}
                        aria-label={t('settings.users.edit', { name: u.name })}
                        title={t('settings.users.edit', { name: u.name })}
                        onClick={() => setEditing(u)}
                        disabled={!roles.data || !teams.data}
                      />
                      <Dropdown
                        trigger={['click']}
                        menu={{
                          items: [
                            { key: 'password', label: t('settings.users.resetPassword') },
                            u.isActive
                              ? {
                                  key: 'deactivate',
                                  danger: true,
                                  disabled: locked !== null,
                                  label: locked
                                    ? `${t('settings.users.deactivate')} · ${locked}`
                                    : t('settings.users.deactivate'),
                                }
                              : { key: 'reactivate', label: t('settings.users.reactivate') },
                          ],
                          onClick: ({ key }) => {
                            if (key === 'password') setResetting(u)
                            else setActive(u, key === 'reactivate')
                          },
                        }}
                      >
                        <Button
                          type="text"
                          icon={<MoreOutlined />}
                          aria-label={t('settings.users.more', { name: u.name })}
                          data-testid="user-more"
                        />
                      </Dropdown>
                    </span>
                  )
                },
              },
            ]}
          />
        ) : null}
      </Card>
      {editing !== null && roles.data && teams.data ? (
        <UserDrawer
          user={editing === 'new' ? null : editing}
          roles={roles.data.data}
          teams={teams.data.data}
          onClose={() => setEditing(null)}
          onSaved={(u, created) => {
            replaceUser(u)
            teams.reload()
            setEditing(null)
            message.success(t(created ? 'settings.users.created' : 'settings.saved', { name: u.name }))
          }}
        />
      ) : null}
      {resetting ? (
        <PasswordModal
          user={resetting}
          onClose={() => setResetting(null)}
          onDone={() => {
            message.success(t('settings.users.passwordReset', { name: resetting.name }))
            setResetting(null)
          }}
        />
      ) : null}
    </div>
  )
}
