import { PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, Empty, Select, Skeleton, Tag } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { type Role, rolesAdminApi } from './api.ts'
import './admin.css'
import { RoleDetail } from './RoleDetail.tsx'
import { RoleModal } from './RoleModal.tsx'
import { useLoad } from './useLoad.ts'

/** `/settings/roles/{roleId}`: the roles, and one role's permission matrix. */
export function RolesSettings() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const roles = useLoad((s) => rolesAdminApi.list(s), [])
  const [creating, setCreating] = useState(false)
  const list = roles.data?.data ?? []
  const param = useParams()['*']?.split('/')[0] || null
  const selected =
    list.find((r) => r.id === param) ?? (param ? undefined : (list.find((r) => !r.isAdmin) ?? list[0]))
  const open = (id: string) => navigate(`/settings/roles/${id}`)

  const replace = (role: Role) =>
    roles.setData((old) => ({
      data: (old?.data ?? []).some((r) => r.id === role.id)
        ? (old?.data ?? []).map((r) => (r.id === role.id ? role : r))
        : [...(old?.data ?? []), role],
    }))

  const label = (r: Role) => (
    <span className="km-admin-role-label">
      <span className="km-admin-ellipsis">{r.name}</span>
      {r.isAdmin ? <Tag color="gold">{t('settings.roles.admin')}</Tag> : null}
      <span className="km-admin-count">{r.userCount}</span>
    </span>
  )

  return (
    <div className="km-admin" data-testid="settings-roles">
      <div className="km-admin-toolbar km-admin-role-bar">
        {roles.loading && !roles.data ? (
          <Skeleton.Input active className="km-admin-role-picker" />
        ) : (
          <Select
            className="km-admin-role-picker"
            value={selected?.id}
            onChange={open}
            aria-label={t('settings.roles.title')}
            placeholder={t('settings.roles.title')}
            options={list.map((r) => ({ value: r.id, label: label(r) }))}
            notFoundContent={t('settings.roles.empty')}
            data-testid="role-picker"
          />
        )}
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="role-new"
        >
          {t('settings.roles.new')}
        </Button>
      </div>
      {roles.error ? <ProblemAlert error={roles.error} onRetry={roles.reload} /> : null}
      {roles.data && list.length === 0 ? (
        <Card>
          <Empty description={t('settings.roles.empty')} />
        </Card>
      ) : null}
      <div>
        {selected ? (
          <RoleDetail
            key={selected.id}
            role={selected}
            onChanged={replace}
            onDeleted={() => {
              roles.setData((old) => ({ data: (old?.data ?? []).filter((r) => r.id !== selected.id) }))
              navigate('/settings/roles')
            }}
          />
        ) : roles.data && list.length > 0 ? (
          <Card>
            <Empty description={t('settings.roles.notFound')} />
          </Card>
        ) : null}
      </div>
      {creating ? (
        <RoleModal
          current={null}
          roles={list}
          onClose={() => setCreating(false)}
          onSaved={(role) => {
            setCreating(false)
            replace(role)
            message.success(t('settings.roles.created', { name: role.name }))
            open(role.id)
          }}
        />
      ) : null}
    </div>
  )
}
