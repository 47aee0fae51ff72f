import { sql } from 'kysely'
import type { Db } from '../db/tx.ts'

/** `path` is the materialised chain of ids from the root: `/<root id>/<child id>/…/<own id>/`. */
export interface TeamRow {
  workspace_id: string
  id: string
  name: string
  parent_id: string | null
  path: string
  created_at: Date
}

export interface MemberRow {
  team_id: string
  user_id: string
  is_manager: boolean
}

const COLUMNS = ['workspace_id', 'id', 'name', 'parent_id', 'path', 'created_at'] as const

export async function getTeam(q: Db, workspaceId: string, id: string): Promise<TeamRow | undefined> {
  return q
    .selectFrom('team')
    .select(COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function listTeams(q: Db, workspaceId: string): Promise<(TeamRow & { member_count: number })[]> {
  return q
    .selectFrom('team as t')
    .select(COLUMNS.map((c) => `t.${c}` as const))
    .select((eb) =>
      eb
        .selectFrom('team_member as m')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('m.workspace_id', '=', 't.workspace_id')
        .whereRef('m.team_id', '=', 't.id')
        .as('member_count'),
    )
    .where('t.workspace_id', '=', workspaceId)
    .orderBy('t.path')
    .$castTo<TeamRow & { member_count: number }>()
    .execute()
}

export async function insertTeam(q: Db, row: Omit<TeamRow, 'created_at'>): Promise<TeamRow> {
  return q.insertInto('team').values(row).returning(COLUMNS).executeTakeFirstOrThrow()
}

export async function renameTeam(q: Db, workspaceId: string, id: string, name: string): Promise<void> {
  await q
    .updateTable('team')
    .set({ name })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute()
}

/** Moves a team and its whole subtree: every path starting with `oldPath` gets `newPath` instead. */
export async function moveSubtree(
  q: Db,
  workspaceId: string,
  id: string,
  parentId: string | null,
  oldPath: string,
  newPath: string,
): Promise<void> {
  await q
    .updateTable('team')
    .set({ parent_id: parentId })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute()
  await q
    .updateTable('team')
    .set({ path: sql`${newPath} || substr(path, ${oldPath.length + 1})` })
    .where('workspace_id', '=', workspaceId)
    .where('path', 'like', `${oldPath}%`)
    .execute()
}

export async function deleteTeam(q: Db, workspaceId: string, id: string): Promise<void> {
  await q.deleteFrom('team').where('workspace_id', '=', workspaceId).where('id', '=', id).execute()
}

export async function countChildren(q: Db, workspaceId: string, id: string): Promise<number> {
  const r = await q
    .selectFrom('team')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('parent_id', '=', id)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function listMembers(q: Db, workspaceId: string, teamId: string): Promise<MemberRow[]> {
  return q
    .selectFrom('team_member')
    .select(['team_id', 'user_id', 'is_manager'])
    .where('workspace_id', '=', workspaceId)
    .where('team_id', '=', teamId)
    .orderBy('user_id')
    .execute()
}

export async function upsertMember(q: Db, workspaceId: string, m: MemberRow): Promise<void> {
  await q
    .insertInto('team_member')
    .values({ workspace_id: workspaceId, ...m })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'team_id', 'user_id']).doUpdateSet({ is_manager: m.is_manager }),
    )
    .execute()
}

export async function deleteMember(
  q: Db,
  workspaceId: string,
  teamId: string,
  userId: string,
): Promise<boolean> {
  const r = await q
    .deleteFrom('team_member')
    .where('workspace_id', '=', workspaceId)
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

export async function deleteMembershipsOfUser(q: Db, workspaceId: string, userId: string): Promise<void> {
  await q
    .deleteFrom('team_member')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .execute()
}

/** The teams a user belongs to (id and path). */
export async function teamsOfUser(
  q: Db,
  workspaceId: string,
  userId: string,
): Promise<{ id: string; path: string }[]> {
  return q
    .selectFrom('team_member as m')
    .innerJoin('team as t', (j) =>
      j.onRef('t.workspace_id', '=', 'm.workspace_id').onRef('t.id', '=', 'm.team_id'),
    )
    .select(['t.id', 't.path'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.user_id', '=', userId)
    .execute()
}

/** Distinct members of the given teams. */
export async function memberIdsOfTeams(q: Db, workspaceId: string, teamIds: string[]): Promise<string[]> {
  if (teamIds.length === 0) return []
  const rows = await q
    .selectFrom('team_member')
    .select('user_id')
    .distinct()
    .where('workspace_id', '=', workspaceId)
    .where('team_id', 'in', teamIds)
    .execute()
  return rows.map((r) => r.user_id as string)
}

/** Distinct members of every team whose path starts with one of `paths` (the teams and all below them). */
export async function memberIdsOfSubtrees(q: Db, workspaceId: string, paths: string[]): Promise<string[]> {
  if (paths.length === 0) return []
  const rows = await q
    .selectFrom('team_member as m')
    .innerJoin('team as t', (j) =>
      j.onRef('t.workspace_id', '=', 'm.workspace_id').onRef('t.id', '=', 'm.team_id'),
    )
    .select('m.user_id')
    .distinct()
    .where('m.workspace_id', '=', workspaceId)
    .where((eb) => eb.or(paths.map((p) => eb('t.path', 'like', `${p}%`))))
    .execute()
  return rows.map((r) => r.user_id as string)
}

/** Serialises changes to one workspace's team tree (two concurrent moves could otherwise make a cycle). */
export async function lockTeamTree(q: Db, workspaceId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`kemai.team:${workspaceId}`}))`.execute(q)
}
