import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import {
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Input,
  Select,
  Skeleton,
  Space,
  Tag,
  TreeSelect,
  Typography,
} from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemAlert, problemText } from '../../../platform/ProblemAlert.tsx'
import { type Team, teamsAdminApi, type User } from './api.ts'
import { applyFieldErrors } from './formErrors.ts'
import { buildTeamTree, parentPickerTree, subtreeIds, teamPathLabel } from './teamTree.ts'
import { useLoad } from './useLoad.ts'

interface Props {
  team: Team
  teams: readonly Team[]
  users: readonly User[]
  usersError: unknown
  onChanged(): void
  onDeleted(): void
  onAddChild(): void
}

/** One team: rename, move under another parent, delete (only when empty), and its members. */
export function TeamDetail({ team, teams, users, usersError, onChanged, onDeleted, onAddChild }: Props) {
  const { t, i18n } = useTranslation()
  const { message, modal } = App.useApp()
  const [form] = Form.useForm<{ name: string; parentId: string | null }>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [shown, setShown] = useState<(path: string) => boolean>(() => () => false)
  const members = useLoad((s) => teamsAdminApi.members(team.id, s), [team.id])
  const [adding, setAdding] = useState<string | null>(null)
  const [memberError, setMemberError] = useState<unknown>(null)

  const byId = useMemo(() => new Map(teams.map((x) => [x.id, x])), [teams])
  const picker = useMemo(
    () => parentPickerTree(buildTeamTree(teams, i18n.language), subtreeIds(teams, team)),
    [teams, team, i18n.language],
  )
  const userById = useMemo(() => new Map(users.map((u) => [u.id, u])), [users])
  const memberIds = new Set((members.data?.data ?? []).map((m) => m.userId))
  const hasChildren = teams.some((x) => x.parentId === team.id)

  const save = async (v: { name: string; parentId?: string | null }) => {
    setSaving(true)
    setError(null)
    try {
      const patch: { name?: string; parentId?: string | null } = {}
      if (v.name.trim() !== team.name) patch.name = v.name.trim()
      if ((v.parentId ?? null) !== team.parentId) patch.parentId = v.parentId ?? null
      if (Object.keys(patch).length) {
        await teamsAdminApi.update(team.id, patch)
        message.success(t('settings.saved'))
        onChanged()
      }
    } catch (e) {
      setShown(() => applyFieldErrors(form, e, ['name', 'parentId']))
      setError(e)
    } finally {
      setSaving(false)
    }
  }

  const remove = () =>
    modal.confirm({
      title: t('settings.teams.deleteConfirm', { name: team.name }),
      content: t('settings.teams.deleteHint'),
      okText: t('settings.teams.delete'),
      okButtonProps: { danger: true },
      cancelText: t('action.cancel'),
      onOk: async () => {
        try {
          await teamsAdminApi.remove(team.id)
          message.success(t('settings.teams.deleted', { name: team.name }))
          onDeleted()
        } catch (e) {
          setError(e)
          message.error(problemText(e, t).title)
        }
      },
    })

  const memberChange = async (fn: () => Promise<void>) => {
    setMemberError(null)
    try {
      await fn()
      members.reload()
      onChanged()
    } catch (e) {
      setMemberError(e)
    }
  }

  const candidates = users.filter((u) => u.isActive && !memberIds.has(u.id))

  return (
    <div className="km-admin-stack">
      <Card
        title={teamPathLabel(byId, team)}
        extra={
          <Space wrap>
            <Button icon={<PlusOutlined />} onClick={onAddChild}>
              {t('settings.teams.addChild')}
            </Button>
            <Button
              danger
              icon={<DeleteOutlined />}
              onClick={remove}
              title={hasChildren || team.memberCount > 0 ? t('settings.teams.deleteHint') : undefined}
              data-testid="team-delete"
            >
              {t('settings.teams.delete')}
            </Button>
          </Space>
        }
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={save}
          initialValues={{ name: team.name, parentId: team.parentId }}
          className="km-admin-form"
          data-testid="team-edit"
        >
          <Form.Item
            name="name"
            label={t('settings.teams.name')}
            rules={[{ required: true, whitespace: true, message: t('settings.teams.nameRequired') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="parentId" label={t('settings.teams.parent')} extra={t('settings.teams.moveHint')}>
            <TreeSelect
              allowClear
              treeData={picker}
              treeDefaultExpandAll
              placeholder={t('settings.teams.topLevel')}
              showSearch={{ treeNodeFilterProp: 'title' }}
            />
          </Form.Item>
          {error ? <ProblemAlert error={error} hidePath={shown} /> : null}
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('action.save')}
          </Button>
        </Form>
      </Card>
      <Card title={t('settings.teams.members', { count: members.data?.data.length ?? team.memberCount })}>
        <div className="km-admin-toolbar">
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            className="km-admin-grow"
            placeholder={t('settings.teams.addMember')}
            aria-label={t('settings.teams.addMember')}
            value={adding}
            onChange={setAdding}
            options={candidates.map((u) => ({ value: u.id, label: `${u.name} · ${u.email}` }))}
            notFoundContent={t('settings.teams.noCandidates')}
            data-testid="member-pick"
          />
          <Button
            type="primary"
            disabled={!adding}
            onClick={() =>
              adding &&
              memberChange(async () => {
                await teamsAdminApi.setMember(team.id, adding, false)
                setAdding(null)
              })
            }
            data-testid="member-add"
          >
            {t('settings.teams.add')}
          </Button>
        </div>
        {usersError ? <ProblemAlert error={usersError} /> : null}
        {memberError ? <ProblemAlert error={memberError} /> : null}
        {members.error ? <ProblemAlert error={members.error} onRetry={members.reload} /> : null}
        {members.loading && !members.data ? (
          <Skeleton active paragraph={{ rows: 3 }} />
        ) : (members.data?.data.length ?? 0) === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('settings.teams.noMembers')} />
        ) : (
          <ul className="km-admin-list" data-testid="team-members">
            {(members.data?.data ?? []).map((m) => {
              const u = userById.get(m.userId)
              const name = u?.name ?? t('settings.teams.unknownUser')
              return (
                <li key={m.userId} className="km-admin-list-item">
                  <div className="km-admin-cell-main">
                    <span className="km-admin-strong">{name}</span>
                    {u && !u.isActive ? <Tag>{t('settings.users.inactive')}</Tag> : null}
                    <Typography.Text type="secondary" className="km-admin-sub">
                      {u?.email}
                    </Typography.Text>
                  </div>
                  <Checkbox
                    checked={m.isManager}
                    onChange={(e) =>
                      memberChange(() => teamsAdminApi.setMember(team.id, m.userId, e.target.checked))
                    }
                  >
                    {t('settings.teams.manager')}
                  </Checkbox>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('settings.teams.removeMember', { name })}
                    title={t('settings.teams.removeMember', { name })}
                    onClick={() => memberChange(() => teamsAdminApi.removeMember(team.id, m.userId))}
                  />
                </li>
              )
            })}
          </ul>
        )}
      </Card>
    </div>
  )
}
