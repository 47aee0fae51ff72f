import { audit, auditActor } from '../audit/audit.ts'
import { newId } from '../db/ids.ts'
import { type Db, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import { invalidateActors } from './actor.service.ts'
import type { Actor } from './actor.ts'
import type { RequestMeta } from './auth.service.ts'
import { assertCanAdmin } from './permissions.ts'
import {
  countChildren,
  deleteMember,
  deleteTeam,
  getTeam,
  insertTeam,
  listMembers,
  listTeams,
  lockTeamTree,
  type MemberRow,
  moveSubtree,
  renameTeam,
  type TeamRow,
  upsertMember,
} from './teams.repo.ts'
import { getUser } from './users.repo.ts'

/** Deepest team tree allowed (a path grows by 37 characters per level). */
export const MAX_TEAM_DEPTH = 20

export type TeamsService = ReturnType<typeof createTeamsService>
type TeamWithCount = TeamRow & { member_count: number }

const depthOf = (path: string) => path.split('/').length - 2

/**
 * The team tree: create, rename, move (no cycles), delete when empty, and members. Every change drops
 * the workspace's cached actors, because team and subtree user ids depend on the whole tree.
 */
export function createTeamsService({ db }: { db: Db }) {
  function write<T>(actor: Actor, fn: (trx: Db, ws: string) => Promise<T>): Promise<T> {
    assertCanAdmin(actor, 'teams', 'write')
    const ws = actor.workspaceId
    return withWorkspace(db, ws, async (trx) => {
      await lockTeamTree(trx, ws)
      return fn(trx, ws)
    }).finally(() => invalidateActors(ws))
  }

  async function list(actor: Actor): Promise<TeamWithCount[]> {
    assertCanAdmin(actor, 'teams', 'read')
    return withWorkspace(db, actor.workspaceId, (trx) => listTeams(trx, actor.workspaceId))
  }

  async function get(actor: Actor, id: string): Promise<TeamWithCount> {
    const t = (await list(actor)).find((x) => x.id === id)
    if (!t) throw errors.notFound()
    return t
  }

  async function create(
    actor: Actor,
    input: { name: string; parentId: string | null },
    meta: RequestMeta = {},
  ): Promise<TeamWithCount> {
    return write(actor, async (trx, ws) => {
      const id = newId()
      let path = `/${id}/`
      if (input.parentId) {
        const parent = await getTeam(trx, ws, input.parentId)
        if (!parent) throw errors.validation([{ path: 'parentId', code: 'not_found' }])
        path = `${parent.path}${id}/`
        if (depthOf(path) > MAX_TEAM_DEPTH) throw errors.validation([{ path: 'parentId', code: 'too_deep' }])
      }
      const row = await insertTeam(trx, {
        workspace_id: ws,
        id,
        name: input.name.trim(),
        parent_id: input.parentId,
        path,
      })
      await audit(trx, {
        ...auditActor(actor, meta.ip),
        action: 'team.created',
        targetType: 'team',
        targetId: id,
        detail: { name: row.name, parentId: row.parent_id },
      })
      return { ...row, member_count: 0 }
    })
  }

  /** Renames and/or moves a team; a move carries the whole subtree and refuses to go under itself. */
  async function update(
    actor: Actor,
    id: string,
    input: { name?: string | undefined; parentId?: string | null | undefined },
    meta: RequestMeta = {},
  ): Promise<void> {
    await write(actor, async (trx, ws) => {
      const team = await getTeam(trx, ws, id)
      if (!team) throw errors.notFound()
      const detail: Record<string, unknown> = {}
      if (input.name !== undefined && input.name.trim() !== team.name) {
        await renameTeam(trx, ws, id, input.name.trim())
        detail.name = { from: team.name, to: input.name.trim() }
      }
      if (input.parentId !== undefined && input.parentId !== team.parent_id) {
        let newPath = `/${id}/`
        if (input.parentId) {
          const parent = await getTeam(trx, ws, input.parentId)
          if (!parent) throw errors.validation([{ path: 'parentId', code: 'not_found' }])
          // the new parent is the team itself or below it: the tree would become a cycle
          if (parent.path.startsWith(team.path))
            throw errors.validation([{ path: 'parentId', code: 'invalid_value' }])
          newPath = `${parent.path}${id}/`
        }
        const deepest = await deepestBelow(trx, ws, team.path)
        if (depthOf(newPath) + deepest > MAX_TEAM_DEPTH) {
          throw errors.validation([{ path: 'parentId', code: 'too_deep' }])
        }
        await moveSubtree(trx, ws, id, input.parentId, team.path, newPath)
        detail.parentId = { from: team.parent_id, to: input.parentId }
      }
      if (Object.keys(detail).length > 0) {
        await audit(trx, {
          ...auditActor(actor, meta.ip),
          action: 'team.updated',
          targetType: 'team',
          targetId: id,
          detail,
        })
      }
    })
  }

  async function deepestBelow(trx: Db, ws: string, path: string): Promise<number> {
    const all = await listTeams(trx, ws)
    const base = depthOf(path)
    return Math.max(0, ...all.filter((t) => t.path.startsWith(path)).map((t) => depthOf(t.path) - base))
  }

  /** Deletes a team that has no sub-teams and no members (409 otherwise). */
  async function remove(actor: Actor, id: string, meta: RequestMeta = {}): Promise<void> {
    await write(actor, async (trx, ws) => {
      const team = await getTeam(trx, ws, id)
      if (!team) throw errors.notFound()
      if ((await countChildren(trx, ws, id)) > 0)
        throw errors.conflict([{ path: 'children', code: 'invalid_value' }])
      if ((await listMembers(trx, ws, id)).length > 0)
        throw errors.conflict([{ path: 'members', code: 'invalid_value' }])
      await deleteTeam(trx, ws, id)
      await audit(trx, {
        ...auditActor(actor, meta.ip),
        action: 'team.deleted',
        targetType: 'team',
        targetId: id,
        detail: { name: team.name },
      })
    })
  }

  async function members(actor: Actor, teamId: string): Promise<MemberRow[]> {
    assertCanAdmin(actor, 'teams', 'read')
    const ws = actor.workspaceId
    return withWorkspace(db, ws, async (trx) => {
      if (!(await getTeam(trx, ws, teamId))) throw errors.notFound()
      return listMembers(trx, ws, teamId)
    })
  }

  /** Adds a user to a team, or changes whether they manage it. */
  async function setMember(
    actor: Actor,
    teamId: string,
    userId: string,
    input: { isManager: boolean },
    meta: RequestMeta = {},
  ): Promise<void> {
    await write(actor, async (trx, ws) => {
      if (!(await getTeam(trx, ws, teamId))) throw errors.notFound()
      if (!(await getUser(trx, ws, userId))) throw errors.validation([{ path: 'userId', code: 'not_found' }])
      await upsertMember(trx, ws, { team_id: teamId, user_id: userId, is_manager: input.isManager })
      await audit(trx, {
        ...auditActor(actor, meta.ip),
        action: 'team.member_set',
        targetType: 'team',
        targetId: teamId,
        detail: { userId, isManager: input.isManager },
      })
    })
  }

  async function removeMember(
    actor: Actor,
    teamId: string,
    userId: string,
    meta: RequestMeta = {},
  ): Promise<void> {
    await write(actor, async (trx, ws) => {
      if (!(await deleteMember(trx, ws, teamId, userId))) throw errors.notFound()
      await audit(trx, {
        ...auditActor(actor, meta.ip),
        action: 'team.member_removed',
        targetType: 'team',
        targetId: teamId,
        detail: { userId },
      })
    })
  }

  return { list, get, create, update, remove, members, setMember, removeMember }
}
