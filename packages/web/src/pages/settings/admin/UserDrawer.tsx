import { Button, Drawer, Form, Input, Select, Skeleton, TreeSelect } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useIsMobile } from '../../../app/useIsMobile.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { type Role, type Team, teamsAdminApi, type User, usersAdminApi } from './api.ts'
import { applyFieldErrors } from './formErrors.ts'
import { buildTeamTree } from './teamTree.ts'
import { useLoad } from './useLoad.ts'

interface Values {
  email: string
  name: string
  password?: string
  roleId: string | null
  teamIds: string[]
  locale: 'zh-CN' | 'en'
}

const FIELDS = ['email', 'name', 'password', 'roleId', 'teamIds', 'locale'] as const

/** Teams the user is a member of: the members of every team (there is no per-user call). */
async function teamsOf(userId: string, teams: readonly Team[], signal: AbortSignal): Promise<string[]> {
  const lists = await Promise.all(
    teams
      .filter((t) => t.memberCount > 0)
      .map(async (t) => ({ t, m: await teamsAdminApi.members(t.id, signal) })),
  )
  return lists.filter(({ m }) => m.data.some((x) => x.userId === userId)).map(({ t }) => t.id)
}

/** Create a user (email, name, initial password, role, teams) or change one; server errors under fields. */
export function UserDrawer({
  user,
  roles,
  teams,
  onClose,
  onSaved,
}: {
  user: User | null
  roles: readonly Role[]
  teams: readonly Team[]
  onClose(): void
  onSaved(user: User, created: boolean): void
}) {
  const { t, i18n } = useTranslation()
  const isMobile = useIsMobile()
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [shown, setShown] = useState<(path: string) => boolean>(() => () => false)
  const membership = useLoad((s) => (user ? teamsOf(user.id, teams, s) : Promise.resolve([])), [user?.id])
  const tree = useMemo(() => buildTeamTree(teams, i18n.language), [teams, i18n.language])

  useEffect(() => {
    if (membership.data) form.setFieldValue('teamIds', membership.data)
  }, [membership.data, form])

  const save = async (v: Values) => {
    setSaving(true)
    setError(null)
    try {
      if (!user) {
        const created = await usersAdminApi.create({
          email: v.email.trim(),
          name: v.name.trim(),
          password: v.password ?? '',
          roleId: v.roleId ?? null,
          teamIds: v.teamIds,
          locale: v.locale,
        })
        onSaved(created, true)
        return
      }
      const patch: Parameters<typeof usersAdminApi.update>[1] = {}
      if (v.email.trim() !== user.email) patch.email = v.email.trim()
      if (v.name.trim() !== user.name) patch.name = v.name.trim()
      if ((v.roleId ?? null) !== user.roleId) patch.roleId = v.roleId ?? null
      if (v.locale !== user.locale) patch.locale = v.locale
      const saved = Object.keys(patch).length ? await usersAdminApi.update(user.id, patch) : user
      const before = new Set(membership.data ?? [])
      const after = new Set(v.teamIds)
      for (const id of after) if (!before.has(id)) await teamsAdminApi.setMember(id, user.id, false)
      for (const id of before) if (!after.has(id)) await teamsAdminApi.removeMember(id, user.id)
      onSaved(saved, false)
    } catch (e) {
      setShown(() => applyFieldErrors(form, e, FIELDS))
      setError(e)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Drawer
      open
      onClose={onClose}
      title={user ? t('settings.users.editTitle', { name: user.name }) : t('settings.users.newTitle')}
      size={isMobile ? '92%' : 480}
      placement={isMobile ? 'bottom' : 'right'}
      destroyOnHidden
      footer={
        <div className="km-admin-drawer-footer">
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="user-save">
            {user ? t('action.save') : t('action.create')}
          </Button>
        </div>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={save}
        data-testid="user-form"
        initialValues={{
          email: user?.email ?? '',
          name: user?.name ?? '',
          roleId: user ? user.roleId : (roles.find((r) => !r.isAdmin)?.id ?? null),
          teamIds: [],
          locale: user?.locale ?? (i18n.language === 'en' ? 'en' : 'zh-CN'),
        }}
      >
        <Form.Item
          name="email"
          label={t('settings.users.email')}
          rules={[{ required: true, type: 'email', message: t('settings.users.emailInvalid') }]}
        >
          <Input autoComplete="off" maxLength={254} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('settings.users.name')}
          rules={[{ required: true, whitespace: true, message: t('settings.users.nameRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        {user ? null : (
          <Form.Item
            name="password"
            label={t('settings.users.initialPassword')}
            extra={t('settings.users.passwordHint')}
            rules={[{ required: true, message: t('settings.users.passwordRequired') }]}
          >
            <Input.Password autoComplete="new-password" maxLength={256} />
          </Form.Item>
        )}
        <Form.Item name="roleId" label={t('settings.users.role')}>
          <Select
            allowClear
            placeholder={t('settings.users.noRole')}
            options={roles.map((r) => ({ value: r.id, label: r.name }))}
          />
        </Form.Item>
        <Form.Item name="teamIds" label={t('settings.users.teams')}>
          {user && membership.loading ? (
            <Skeleton.Input active block />
          ) : (
            <TreeSelect
              multiple
              treeData={tree}
              treeDefaultExpandAll
              placeholder={t('settings.users.teamsPlaceholder')}
              showSearch={{ treeNodeFilterProp: 'title' }}
              notFoundContent={t('settings.users.noTeams')}
            />
          )}
        </Form.Item>
        <Form.Item name="locale" label={t('settings.users.locale')}>
          <Select
            options={[
              { value: 'zh-CN', label: '简体中文' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Form.Item>
        {membership.error ? <ProblemAlert error={membership.error} onRetry={membership.reload} /> : null}
        {error ? <ProblemAlert error={error} hidePath={shown} /> : null}
      </Form>
    </Drawer>
  )
}
