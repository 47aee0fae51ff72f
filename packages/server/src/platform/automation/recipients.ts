import type { Recipient } from '@kemai/shared/automation/definition'
import { sql } from 'kysely'
import { isUuid, type Tx } from '../db/tx.ts'

/**
 * The users a recipient stands for (active users of the workspace only), in a stable order:
 * a user, a role's users, a team's members, the record's owner, the owner's managers (the managers of the
 * owner's teams, or of the parent team where the owner manages the team) or a user field of the record.
 */
export async function resolveRecipients(
  trx: Tx,
  workspaceId: string,
  recipients: readonly Recipient[],
  record: Readonly<Record<string, unknown>> | null,
): Promise<string[]> {
  const ids = new Set<string>()
  const uuidOf = (v: unknown) => (typeof v === 'string' && isUuid(v) ? v.toLowerCase() : null)
  for (const r of recipients) {
    let found: string[] = []
    switch (r.kind) {
      case 'user':
        found = [r.userId.toLowerCase()]
        break
      case 'role':
        found = await column(
          trx,
          sql`select id from app_user where workspace_id = ${workspaceId}
          and role_id = ${r.roleId} and is_active order by id`,
        )
        break
      case 'team':
        found = await column(
          trx,
          sql`select user_id as id from team_member where workspace_id = ${workspaceId}
          and team_id = ${r.teamId} order by user_id`,
        )
        break
      case 'owner': {
        const o = uuidOf(record?.owner_id)
        found = o ? [o] : []
        break
      }
      case 'owner_manager': {
        const o = uuidOf(record?.owner_id)
        found = o ? await managersOf(trx, workspaceId, o) : []
        break
      }
      case 'field': {
        const v = uuidOf(record?.[r.field])
        found = v ? [v] : []
        break
      }
    }
    for (const id of found) ids.add(id)
  }
  if (ids.size === 0) return []
  // only active users of this workspace receive anything
  return activeUsers(trx, workspaceId, [...ids])
}

/**
 * Whether users are active, known per transaction: the runs of a listener batch that give tasks to the same
 * few owners read each of them once (a user is not deactivated by a workflow's own transaction). Promises,
 * so runs going side by side (lockstep) share the one read in flight.
 */
const activeIn = new WeakMap<Tx, Map<string, Promise<boolean>>>()

async function activeUsers(trx: Tx, workspaceId: string, ids: string[]): Promise<string[]> {
  const known = activeIn.get(trx) ?? new Map<string, Promise<boolean>>()
  activeIn.set(trx, known)
  const key = (id: string) => `${workspaceId}:${id}`
  const unknown = ids.filter((id) => !known.has(key(id)))
  if (unknown.length > 0) {
    const active = column(
      trx,
      sql`select id from app_user where workspace_id = ${workspaceId}
        and id = any(${unknown}::uuid[]) and is_active`,
    ).then((rows) => new Set(rows))
    for (const id of unknown)
      known.set(
        key(id),
        active.then((a) => a.has(id)),
      )
    // a failed read is not remembered
    active.catch(() => {
      for (const id of unknown) known.delete(key(id))
    })
  }
  const flags = await Promise.all(ids.map((id) => known.get(key(id))!))
  // ids are lower case: text order is the uuid order
  return ids.filter((_, i) => flags[i]).sort()
}

/** The managers of a user: of each team the user is in, or of its parent team where the user manages it. */
export async function managersOf(trx: Tx, workspaceId: string, userId: string): Promise<string[]> {
  return column(
    trx,
    sql`select distinct m.user_id as id
      from team_member tm
      join team t on t.workspace_id = tm.workspace_id and t.id = tm.team_id
      join team_member m on m.workspace_id = tm.workspace_id and m.is_manager and m.user_id <> ${userId}
        and m.team_id = case when tm.is_manager then t.parent_id else tm.team_id end
      where tm.workspace_id = ${workspaceId} and tm.user_id = ${userId}
      order by 1`,
  )
}

async function column(trx: Tx, q: ReturnType<typeof sql>): Promise<string[]> {
  const r = await (q as ReturnType<typeof sql<{ id: string }>>).execute(trx)
  return r.rows.map((x) => x.id)
}
