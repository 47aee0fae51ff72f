import { PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, Empty, Skeleton, Tree, type TreeProps, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import { ProblemAlert, problemText } from '../../../platform/ProblemAlert.tsx'
import { type Team, teamsAdminApi, usersAdminApi } from './api.ts'
import './admin.css'
import { TeamCreateModal } from './TeamCreateModal.tsx'
import { TeamDetail } from './TeamDetail.tsx'
import { buildTeamTree, subtreeIds } from './teamTree.ts'
import { useLoad } from './useLoad.ts'

/** `/settings/teams/{teamId}`: the team tree (drag a team onto another to move it) and one team's details. */
export function TeamsSettings() {
  const { t, i18n } = useTranslation()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const selectedId = useParams()['*']?.split('/')[0] || null
  const teams = useLoad((s) => teamsAdminApi.list(s), [])
  const users = useLoad((s) => usersAdminApi.list(true, s), [])
  const [creating, setCreating] = useState<{ parentId: string | null } | null>(null)
  const [moveError, setMoveError] = useState<unknown>(null)

  const list = teams.data?.data ?? []
  const byId = useMemo(() => new Map(list.map((x) => [x.id, x])), [list])
  const tree = useMemo(() => buildTeamTree(list, i18n.language), [list, i18n.language])
  const selected = selectedId ? byId.get(selectedId) : undefined
  const open = (id: string | null) => navigate(id ? `/settings/teams/${id}` : '/settings/teams')

  const move = async (team: Team, parentId: string | null) => {
    setMoveError(null)
    try {
      await teamsAdminApi.update(team.id, { parentId })
      message.success(t('settings.teams.moved', { name: team.name }))
      teams.reload()
    } catch (e) {
      setMoveError(e)
      message.error(problemText(e, t).title)
    }
  }

  const onDrop: TreeProps['onDrop'] = (info) => {
    const dragged = byId.get(String(info.dragNode.key))
    const target = byId.get(String(info.node.key))
    if (!dragged || !target) return
    // dropped on a node: under it; dropped between nodes: beside it (siblings are ordered by name)
    const parentId = info.dropToGap ? target.parentId : target.id
    if (parentId === dragged.parentId) return
    void move(dragged, parentId)
  }

  const loading = teams.loading && !teams.data
  return (
    <div className="km-admin km-admin-split" data-testid="settings-teams">
      <Card
        className="km-admin-side"
        title={t('settings.teams.title')}
        extra={
          <Button
            icon={<PlusOutlined />}
            type="primary"
            onClick={() => setCreating({ parentId: selected?.id ?? tree[0]?.key ?? null })}
            disabled={!teams.data}
            data-testid="team-new"
          >
            {t('settings.teams.new')}
          </Button>
        }
      >
        {teams.error ? <ProblemAlert error={teams.error} onRetry={teams.reload} /> : null}
        {moveError ? <ProblemAlert error={moveError} /> : null}
        {loading ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : list.length === 0 && teams.data ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('settings.teams.empty')} />
        ) : (
          <>
            <Typography.Paragraph type="secondary" className="km-admin-hint">
              {t('settings.teams.dragHint')}
            </Typography.Paragraph>
            <Tree
              className="km-admin-tree"
              data-testid="team-tree"
              treeData={tree}
              defaultExpandAll
              blockNode
              draggable={{ icon: false }}
              allowDrop={({ dragNode, dropNode, dropPosition }) => {
                const dragged = byId.get(String(dragNode.key))
                const target = byId.get(String(dropNode.key))
                if (!dragged || !target) return false
                const parentId = dropPosition === 0 ? target.id : target.parentId
                return parentId === null || !subtreeIds(list, dragged).has(parentId)
              }}
              onDrop={onDrop}
              selectedKeys={selected ? [selected.id] : []}
              onSelect={(keys) => open(keys[0] ? String(keys[0]) : null)}
              titleRender={(n) => (
                <span className="km-admin-tree-node">
                  {n.title}
                  <Typography.Text type="secondary" className="km-admin-count">
                    {byId.get(n.key)?.memberCount ?? 0}
                  </Typography.Text>
                </span>
              )}
            />
          </>
        )}
      </Card>
      <div className="km-admin-main">
        {selected ? (
          <TeamDetail
            key={selected.id}
            team={selected}
            teams={list}
            users={users.data?.data ?? []}
            usersError={users.error}
            onChanged={teams.reload}
            onDeleted={() => {
              open(null)
              teams.reload()
            }}
            onAddChild={() => setCreating({ parentId: selected.id })}
          />
        ) : teams.data ? (
          <Card>
            <Empty description={selectedId ? t('settings.teams.notFound') : t('settings.teams.pick')} />
          </Card>
        ) : null}
      </div>
      {creating ? (
        <TeamCreateModal
          teams={list}
          parentId={creating.parentId}
          onClose={() => setCreating(null)}
          onCreated={(team) => {
            setCreating(null)
            message.success(t('settings.teams.created', { name: team.name }))
            teams.reload()
            open(team.id)
          }}
        />
      ) : null}
    </div>
  )
}
